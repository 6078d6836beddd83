"""DescribeTable, DeleteTable and ListTables."""
import pytest

from conftest import call, unique_name
from ops_helpers import (NOT_FOUND, VALIDATION, constraint, raw_error, raw_multi_error, raw_ok, table_not_found,
                         temp_table)

DDBLOCAL_NOT_FOUND = "Cannot do operations on a non-existent table"
NOT_FOUND_SRC = ("service: 'Requested resource not found: Table: <name> not found'; DynamoDB Local: 'Cannot do "
                 "operations on a non-existent table'. dynalite test/describeTable.js, test/deleteTable.js; "
                 "localstack PR #9038 quoting the service")
NAME_MSG = ("Invalid table/index name.  Table/index names must be between 3 and 255 characters long, "
            "and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")


# ---------------------------------------------------------------- DescribeTable

def test_describe_table_shape(ddb, range_table):
    t = ddb.describe_table(TableName=range_table)["Table"]
    assert t["TableName"] == range_table
    assert t["TableStatus"] == "ACTIVE"
    assert t["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0
    assert (t["ItemCount"], t["TableSizeBytes"]) == (0, 0)
    assert t["TableArn"].endswith(":table/" + range_table)


@pytest.mark.parametrize("op", ["DescribeTable", "DeleteTable"])
@pytest.mark.ddblocal_differs(NOT_FOUND_SRC)
def test_missing_table_service_message(op):
    name = unique_name("missing")
    raw_error(op, {"TableName": name}, NOT_FOUND, table_not_found(name))


@pytest.mark.parametrize("op", ["DescribeTable", "DeleteTable"])
def test_missing_table_is_not_found(op):
    r = call(op, {"TableName": unique_name("missing")})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r


def test_missing_table_boto3_exception(ddb):
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.describe_table(TableName=unique_name("missing"))


@pytest.mark.parametrize("op", ["DescribeTable", "DeleteTable"])
@pytest.mark.parametrize("name", ["ab", "a" * 256, "a b"])
def test_bad_table_name(op, name):
    raw_error(op, {"TableName": name}, VALIDATION, NAME_MSG)


# ---------------------------------------------------------------- DeleteTable

def test_delete_table_returns_description_then_gone(ddb):
    name = unique_name("del")
    created = ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                               AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                               BillingMode="PAY_PER_REQUEST")["TableDescription"]
    ddb.put_item(TableName=name, Item={"pk": {"S": "x"}})
    d = raw_ok("DeleteTable", {"TableName": name})["TableDescription"]
    assert d["TableName"] == name
    assert d["TableArn"] == created["TableArn"]
    assert d["KeySchema"] == created["KeySchema"]
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert d["ItemCount"] == 1
    # DynamoDB Local (no -delayTransientStatuses) shows the table as it was: ACTIVE. The service says DELETING.
    assert d["TableStatus"] == "ACTIVE"
    r = call("DescribeTable", {"TableName": name})
    assert (r.status, r.error_type) == (400, NOT_FOUND)
    r = call("DeleteTable", {"TableName": name})
    assert (r.status, r.error_type) == (400, NOT_FOUND)
    # the name can be reused at once
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "x"}})
    ddb.delete_table(TableName=name)


# ---------------------------------------------------------------- ListTables

@pytest.fixture
def three_tables(ddb):
    # A run of 'z' (the highest name character) so that no other test's table sorts after these three.
    prefix = "z" * 60 + unique_name("-lt")
    names = [prefix + "-a", prefix + "-b", prefix + "-c"]
    for n in reversed(names):
        ddb.create_table(TableName=n, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    yield prefix, names
    for n in names:
        try:
            ddb.delete_table(TableName=n)
        except Exception:
            pass


def test_list_tables_contains_new_tables_sorted(ddb, three_tables):
    _, names = three_tables
    listed = raw_ok("ListTables", {})["TableNames"]
    for n in names:
        assert n in listed
    assert listed == sorted(listed)


def test_list_tables_paging(three_tables):
    prefix, names = three_tables
    page = raw_ok("ListTables", {"ExclusiveStartTableName": prefix + "-", "Limit": 2})
    assert page == {"TableNames": names[:2], "LastEvaluatedTableName": names[1]}
    # A full page with nothing after it has no LastEvaluatedTableName (checked against DynamoDB Local 1.13.5;
    # API reference: "If you do not receive a LastEvaluatedTableName value ... there are no more table names").
    page = raw_ok("ListTables", {"ExclusiveStartTableName": page["LastEvaluatedTableName"], "Limit": 1})
    assert page == {"TableNames": [names[2]]}


def test_list_tables_exclusive_start_need_not_exist(three_tables):
    prefix, names = three_tables
    page = raw_ok("ListTables", {"ExclusiveStartTableName": names[0] + "x", "Limit": 1})
    assert page == {"TableNames": [names[1]], "LastEvaluatedTableName": names[1]}


def test_list_tables_no_last_key_when_nothing_follows(ddb):
    # 'z' is the highest character a table name can start with; nothing sorts after these two.
    base = "z" * 40 + "-" + unique_name("")
    with temp_table(ddb, name=base + "1"), temp_table(ddb, name=base + "2"):
        assert raw_ok("ListTables", {"ExclusiveStartTableName": base + "1", "Limit": 1}) == {"TableNames": [base + "2"]}
        assert raw_ok("ListTables", {"ExclusiveStartTableName": base + "1", "Limit": 5}) == {"TableNames": [base + "2"]}
        assert raw_ok("ListTables", {"ExclusiveStartTableName": base + "2"}) == {"TableNames": []}


def test_list_tables_boto3_paginator(ddb, three_tables):
    _, names = three_tables
    seen = []
    for page in ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}):
        assert len(page["TableNames"]) <= 2
        seen.extend(page["TableNames"])
    assert [n for n in seen if n in names] == names
    assert len(seen) == len(set(seen))


def test_list_tables_limit_bounds_ok():
    assert len(raw_ok("ListTables", {"Limit": 100})["TableNames"]) <= 100
    assert len(raw_ok("ListTables", {"Limit": 1})["TableNames"]) <= 1


@pytest.mark.ddblocal_differs("service: 'Value '0' at 'limit' failed to satisfy constraint: Member must have "
                              "value greater than or equal to 1'. dynalite test/listTables.js; botocore model "
                              "ListTablesInputLimit min 1 max 100")
@pytest.mark.parametrize("limit,rule", [(0, "Member must have value greater than or equal to 1"),
                                        (101, "Member must have value less than or equal to 100")])
def test_list_tables_limit_out_of_range(limit, rule):
    raw_error("ListTables", {"Limit": limit}, VALIDATION,
              "1 validation error detected: " + constraint(limit, "limit", rule))


@pytest.mark.parametrize("limit,message", [(0, "Limit must be greater than or equal to 1"),
                                           (-5, "Limit must be greater than or equal to 1"),
                                           (101, "Limit in ListTables must be <= 100")])
def test_list_tables_limit_ddblocal_text(limit, message):
    from conftest import TARGET
    if TARGET != "ddblocal":
        pytest.skip("records DynamoDB Local's text only")
    raw_error("ListTables", {"Limit": limit}, VALIDATION, message)


@pytest.mark.ddblocal_differs("service aggregates: pattern, length and limit constraints. "
                              "dynalite test/listTables.js")
def test_list_tables_three_errors():
    raw_multi_error("ListTables", {"ExclusiveStartTableName": "a;", "Limit": 500}, [
        constraint("a;", "exclusiveStartTableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        constraint("a;", "exclusiveStartTableName", "Member must have length greater than or equal to 3"),
        constraint(500, "limit", "Member must have value less than or equal to 100"),
    ])


@pytest.mark.ddblocal_differs("service: length constraint on exclusiveStartTableName. dynalite "
                              "test/listTables.js; botocore model TableName min 3 max 255")
def test_list_tables_long_exclusive_start_name():
    name = "a" * 256
    raw_error("ListTables", {"ExclusiveStartTableName": name}, VALIDATION, "1 validation error detected: "
              + constraint(name, "exclusiveStartTableName", "Member must have length less than or equal to 255"))


@pytest.mark.parametrize("name", ["ab", "a" * 256])
def test_list_tables_bad_exclusive_start_name_ddblocal_text(name):
    from conftest import TARGET
    if TARGET != "ddblocal":
        pytest.skip("records DynamoDB Local's text only")
    raw_error("ListTables", {"ExclusiveStartTableName": name}, VALIDATION, NAME_MSG)
