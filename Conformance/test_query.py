"""Query: key conditions on S, N and B range keys, ordering, paging, Select COUNT, errors, the 1 MB page."""
import base64

import pytest
from boto3.dynamodb.conditions import Key

from conftest import TARGET, call, unique_name
from ops_helpers import (DATA_NOT_FOUND, NOT_FOUND, VALIDATION, batch_put, raw_error, raw_ok, temp_table)

QUERY_SRC = "dynalite test/query.js, actions/query.js"


def b64(raw):
    return base64.b64encode(raw).decode()


def q(table, kce, values, **kw):
    return raw_ok("Query", dict(TableName=table, KeyConditionExpression=kce, ExpressionAttributeValues=values, **kw))


def q_err(table, message, **kw):
    raw_error("Query", dict(TableName=table, **kw), VALIDATION, message)


def sks(resp, attr="sk"):
    return [next(iter(it[attr].values())) for it in resp["Items"]]


# ---------------------------------------------------------------- fixtures

S_KEYS = ["a", "ab", "abc", "b", "ba", "c"]
N_KEYS = ["-10", "-1.5", "0", "2", "10", "100"]  # numeric order
B_KEYS = [b"\x00", b"\x00\x01", b"\x01", b"\x7f", b"\x80", b"\xff"]  # unsigned byte order


@pytest.fixture(scope="module")
def s_table(ddb):
    with temp_table(ddb, ("pk", "S"), ("sk", "S"), prefix="qs") as t:
        batch_put(ddb, t, [{"pk": {"S": "p"}, "sk": {"S": k}, "v": {"N": str(i)}} for i, k in enumerate(S_KEYS)]
                  + [{"pk": {"S": "other"}, "sk": {"S": "a"}}])
        yield t


@pytest.fixture(scope="module")
def n_table(ddb):
    with temp_table(ddb, ("pk", "S"), ("sk", "N"), prefix="qn") as t:
        batch_put(ddb, t, [{"pk": {"S": "p"}, "sk": {"N": k}} for k in reversed(N_KEYS)])
        yield t


@pytest.fixture(scope="module")
def b_table(ddb):
    with temp_table(ddb, ("pk", "B"), ("sk", "B"), prefix="qb") as t:
        batch_put(ddb, t, [{"pk": {"B": b"p"}, "sk": {"B": k}} for k in B_KEYS])  # boto3 encodes bytes
        yield t


# ---------------------------------------------------------------- string range key

@pytest.mark.parametrize("cond,values,expected", [
    ("pk = :p", {}, S_KEYS),
    ("pk = :p AND sk = :a", {":a": "ab"}, ["ab"]),
    ("pk = :p AND sk < :a", {":a": "b"}, ["a", "ab", "abc"]),
    ("pk = :p AND sk <= :a", {":a": "b"}, ["a", "ab", "abc", "b"]),
    ("pk = :p AND sk > :a", {":a": "b"}, ["ba", "c"]),
    ("pk = :p AND sk >= :a", {":a": "b"}, ["b", "ba", "c"]),
    ("pk = :p AND sk BETWEEN :a AND :b", {":a": "ab", ":b": "b"}, ["ab", "abc", "b"]),
    ("pk = :p AND sk BETWEEN :a AND :a", {":a": "b"}, ["b"]),
    ("pk = :p AND begins_with(sk, :a)", {":a": "ab"}, ["ab", "abc"]),
    ("pk = :p AND begins_with(sk, :a)", {":a": "z"}, []),
    ("sk > :a AND pk = :p", {":a": "b"}, ["ba", "c"]),
    (":a < sk AND :p = pk", {":a": "b"}, ["ba", "c"]),
    ("(pk = :p) AND (sk < :a)", {":a": "ab"}, ["a"]),
])
def test_string_range_conditions(s_table, cond, values, expected):
    vals = {":p": {"S": "p"}, **{k: {"S": v} for k, v in values.items()}}
    resp = q(s_table, cond, vals)
    assert sks(resp) == expected
    assert resp["Count"] == resp["ScannedCount"] == len(expected)
    assert "LastEvaluatedKey" not in resp


def test_scan_index_forward_false(s_table):
    resp = q(s_table, "pk = :p AND sk >= :a", {":p": {"S": "p"}, ":a": {"S": "ab"}}, ScanIndexForward=False)
    assert sks(resp) == ["c", "ba", "b", "abc", "ab"]


def test_expression_attribute_names(s_table):
    resp = q(s_table, "#h = :p AND begins_with(#r, :a)", {":p": {"S": "p"}, ":a": {"S": "b"}},
             ExpressionAttributeNames={"#h": "pk", "#r": "sk"})
    assert sks(resp) == ["b", "ba"]


def test_query_missing_partition_returns_empty(s_table):
    assert q(s_table, "pk = :p", {":p": {"S": "nobody"}}) == {"Items": [], "Count": 0, "ScannedCount": 0}


# ---------------------------------------------------------------- number and binary range keys

@pytest.mark.parametrize("cond,values,expected", [
    ("pk = :p", {}, N_KEYS),
    ("pk = :p AND sk < :a", {":a": "2"}, ["-10", "-1.5", "0"]),
    ("pk = :p AND sk >= :a", {":a": "2.0"}, ["2", "10", "100"]),
    ("pk = :p AND sk > :a", {":a": "9"}, ["10", "100"]),
    ("pk = :p AND sk <= :a", {":a": "-1.5"}, ["-10", "-1.5"]),
    ("pk = :p AND sk = :a", {":a": "1E+1"}, ["10"]),
    ("pk = :p AND sk BETWEEN :a AND :b", {":a": "-2", ":b": "10"}, ["-1.5", "0", "2", "10"]),
])
def test_number_range_conditions(n_table, cond, values, expected):
    vals = {":p": {"S": "p"}, **{k: {"N": v} for k, v in values.items()}}
    assert sks(q(n_table, cond, vals)) == expected


def test_number_range_descending(n_table):
    assert sks(q(n_table, "pk = :p", {":p": {"S": "p"}}, ScanIndexForward=False)) == list(reversed(N_KEYS))


def test_begins_with_on_number_key_is_rejected(n_table):
    q_err(n_table, "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                   "operator or function: begins_with, operand type: N",
          KeyConditionExpression="pk = :p AND begins_with(sk, :a)",
          ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "1"}})


@pytest.mark.parametrize("cond,values,expected", [
    ("pk = :p", {}, B_KEYS),
    ("pk = :p AND sk < :a", {":a": b"\x7f"}, [b"\x00", b"\x00\x01", b"\x01"]),
    ("pk = :p AND sk > :a", {":a": b"\x7f"}, [b"\x80", b"\xff"]),
    ("pk = :p AND sk BETWEEN :a AND :b", {":a": b"\x00\x01", ":b": b"\x80"}, [b"\x00\x01", b"\x01", b"\x7f", b"\x80"]),
    ("pk = :p AND begins_with(sk, :a)", {":a": b"\x00"}, [b"\x00", b"\x00\x01"]),
])
def test_binary_range_conditions(b_table, cond, values, expected):
    vals = {":p": {"B": b64(b"p")}, **{k: {"B": b64(v)} for k, v in values.items()}}
    assert sks(q(b_table, cond, vals)) == [b64(k) for k in expected]


def test_binary_via_boto3_client(ddb, b_table):
    resp = ddb.query(TableName=b_table, KeyConditionExpression="pk = :p AND sk >= :a",
                     ExpressionAttributeValues={":p": {"B": b"p"}, ":a": {"B": b"\x80"}})
    assert [it["sk"]["B"] for it in resp["Items"]] == [b"\x80", b"\xff"]


# ---------------------------------------------------------------- Limit, paging, Select

def test_limit_and_paging(s_table):
    vals = {":p": {"S": "p"}}
    seen, start, pages = [], None, 0
    while True:
        kw = {"Limit": 2}
        if start:
            kw["ExclusiveStartKey"] = start
        resp = q(s_table, "pk = :p", vals, **kw)
        pages += 1
        seen += sks(resp)
        assert resp["Count"] == resp["ScannedCount"] == len(resp["Items"])
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
        assert start == {"pk": {"S": "p"}, "sk": resp["Items"][-1]["sk"]}
    assert seen == S_KEYS
    # 6 items, Limit 2: the third page is full, so it still carries LastEvaluatedKey; the fourth is empty.
    assert pages == 4


def test_limit_reached_exactly_keeps_last_key(s_table):
    resp = q(s_table, "pk = :p AND sk >= :a", {":p": {"S": "p"}, ":a": {"S": "ba"}}, Limit=2)
    assert sks(resp) == ["ba", "c"]
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "c"}}
    rest = q(s_table, "pk = :p AND sk >= :a", {":p": {"S": "p"}, ":a": {"S": "ba"}}, Limit=2,
             ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert rest == {"Items": [], "Count": 0, "ScannedCount": 0}


def test_paging_descending(s_table):
    vals = {":p": {"S": "p"}}
    first = q(s_table, "pk = :p", vals, Limit=4, ScanIndexForward=False)
    assert sks(first) == ["c", "ba", "b", "abc"]
    second = q(s_table, "pk = :p", vals, Limit=4, ScanIndexForward=False, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert sks(second) == ["ab", "a"]
    assert "LastEvaluatedKey" not in second


def test_exclusive_start_key_need_not_exist(s_table):
    resp = q(s_table, "pk = :p", {":p": {"S": "p"}}, ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"S": "abd"}})
    assert sks(resp) == ["b", "ba", "c"]


def test_select_count(s_table):
    resp = q(s_table, "pk = :p AND sk > :a", {":p": {"S": "p"}, ":a": {"S": "a"}}, Select="COUNT")
    assert resp == {"Count": 5, "ScannedCount": 5}
    resp = q(s_table, "pk = :p", {":p": {"S": "p"}}, Select="COUNT", Limit=2)
    assert resp == {"Count": 2, "ScannedCount": 2, "LastEvaluatedKey": {"pk": {"S": "p"}, "sk": {"S": "ab"}}}


def test_filter_counts(s_table):
    resp = q(s_table, "pk = :p", {":p": {"S": "p"}, ":v": {"N": "3"}}, FilterExpression="v >= :v")
    assert (resp["Count"], resp["ScannedCount"]) == (3, 6)
    assert sks(resp) == ["b", "ba", "c"]


def test_resource_query_with_conditions(ddb_resource, s_table):
    table = ddb_resource.Table(s_table)
    resp = table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between("ab", "b"))
    assert [it["sk"] for it in resp["Items"]] == ["ab", "abc", "b"]
    resp = table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").begins_with("a"), ScanIndexForward=False,
                       Limit=2)
    assert [it["sk"] for it in resp["Items"]] == ["abc", "ab"]
    assert resp["LastEvaluatedKey"] == {"pk": "p", "sk": "ab"}


def test_legacy_key_conditions(s_table):
    eq = {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}
    resp = raw_ok("Query", {"TableName": s_table, "KeyConditions": {"pk": eq}})
    assert sks(resp) == S_KEYS
    resp = raw_ok("Query", {"TableName": s_table, "KeyConditions": {
        "pk": eq, "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "b"}]}}})
    assert sks(resp) == ["b", "ba"]
    resp = raw_ok("Query", {"TableName": s_table, "KeyConditions": {
        "pk": eq, "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "ab"}, {"S": "b"}]}}})
    assert sks(resp) == ["ab", "abc", "b"]
    resp = raw_ok("Query", {"TableName": s_table, "ScanIndexForward": False, "KeyConditions": {
        "pk": eq, "sk": {"ComparisonOperator": "LT", "AttributeValueList": [{"S": "b"}]}}})
    assert sks(resp) == ["abc", "ab", "a"]


# ---------------------------------------------------------------- errors

P = {":p": {"S": "p"}}


@pytest.mark.ddblocal_differs("service names the element: 'Query condition missed key schema element: pk'. "
                              + QUERY_SRC)
def test_missing_hash_condition(s_table):
    q_err(s_table, "Query condition missed key schema element: pk", KeyConditionExpression="sk = :p",
          ExpressionAttributeValues=P)


@pytest.mark.ddblocal_differs("service: 'Query condition missed key schema element: sk' for a condition on a "
                              "non-key attribute of a hash+range table. " + QUERY_SRC)
def test_condition_on_non_key_attribute_range_table(s_table):
    q_err(s_table, "Query condition missed key schema element: sk", KeyConditionExpression="pk = :p AND v = :p",
          ExpressionAttributeValues=P)


def test_missing_hash_condition_ddblocal_text(s_table):
    if TARGET != "ddblocal":
        pytest.skip("records DynamoDB Local's text only")
    for kce in ("sk = :p", "pk = :p AND v = :p", "v = :p"):
        q_err(s_table, "Query condition missed key schema element", KeyConditionExpression=kce,
              ExpressionAttributeValues=P)


def test_condition_on_non_key_attribute_hash_table(hash_table):
    q_err(hash_table, "Query key condition not supported", KeyConditionExpression="pk = :p AND v = :p",
          ExpressionAttributeValues=P)


@pytest.mark.parametrize("kce", ["pk < :p", "pk <= :p", "pk > :p", "pk >= :p", "begins_with(pk, :p)",
                                 "pk BETWEEN :p AND :p"])
def test_wrong_operator_on_hash_key(s_table, kce):
    q_err(s_table, "Query key condition not supported", KeyConditionExpression=kce, ExpressionAttributeValues=P)


@pytest.mark.parametrize("kce,op", [("pk = :p OR sk = :p", "OR"), ("pk = :p AND sk <> :p", "<>"),
                                    ("pk = :p AND contains(sk, :p)", "contains"),
                                    ("pk = :p AND attribute_exists(sk)", "attribute_exists"),
                                    ("pk = :p AND sk IN (:p)", "IN"), ("NOT pk = :p", "NOT")])
def test_invalid_operators(s_table, kce, op):
    vals = P if ":p" in kce else None
    kw = {"ExpressionAttributeValues": vals} if vals else {}
    q_err(s_table, f"Invalid operator used in KeyConditionExpression: {op}", KeyConditionExpression=kce, **kw)


def test_two_conditions_on_one_key(s_table):
    q_err(s_table, "KeyConditionExpressions must only contain one condition per key",
          KeyConditionExpression="pk = :p AND sk > :p AND sk < :p", ExpressionAttributeValues=P)


def test_missing_expression_attribute_values(s_table):
    q_err(s_table, "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
                   "defined; attribute value: :p", KeyConditionExpression="pk = :p")


def test_missing_expression_attribute_name(s_table):
    q_err(s_table, "Invalid KeyConditionExpression: An expression attribute name used in the document path is not "
                   "defined; attribute name: #k", KeyConditionExpression="#k = :p", ExpressionAttributeValues=P)


def test_unused_expression_attribute_values(s_table):
    q_err(s_table, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}",
          KeyConditionExpression="pk = :p", ExpressionAttributeValues={**P, ":q": {"S": "x"}})


def test_unused_expression_attribute_names(s_table):
    q_err(s_table, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
          KeyConditionExpression="pk = :p", ExpressionAttributeValues=P, ExpressionAttributeNames={"#n": "v"})


def test_empty_expression_maps(s_table):
    q_err(s_table, "ExpressionAttributeValues must not be empty", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues={})
    q_err(s_table, "ExpressionAttributeNames must not be empty", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues=P, ExpressionAttributeNames={})


def test_bad_expression_attribute_value_key(s_table):
    q_err(s_table, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "p"',
          KeyConditionExpression="pk = :p", ExpressionAttributeValues={"p": {"S": "x"}})


@pytest.mark.parametrize("kce,message", [
    ("pk = = :p", 'Invalid KeyConditionExpression: Syntax error; token: "=", near: "= = :p"'),
    ("pk = :p AND", 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "AND"'),
    ("", "Invalid KeyConditionExpression: The expression can not be empty;"),
])
def test_syntax_errors(s_table, kce, message):
    kw = {"ExpressionAttributeValues": P} if ":p" in kce else {}
    q_err(s_table, message, KeyConditionExpression=kce, **kw)


def test_no_key_condition_at_all(s_table):
    q_err(s_table, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")


def test_between_bounds_reversed(s_table):
    q_err(s_table, "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
                   "equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: "
                   "AttributeValue: {S:a}",
          KeyConditionExpression="pk = :p AND sk BETWEEN :b AND :a",
          ExpressionAttributeValues={**P, ":a": {"S": "a"}, ":b": {"S": "b"}})


def test_between_mixed_types(s_table):
    q_err(s_table, "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper "
                   "bounds; lower bound operand: AttributeValue: {S:a}, upper bound operand: AttributeValue: {N:1}",
          KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
          ExpressionAttributeValues={**P, ":a": {"S": "a"}, ":b": {"N": "1"}})


def test_key_value_of_wrong_type(s_table):
    q_err(s_table, "One or more parameter values were invalid: Condition parameter type does not match schema type",
          KeyConditionExpression="pk = :n", ExpressionAttributeValues={":n": {"N": "1"}})


def test_expression_and_legacy_together(s_table):
    q_err(s_table, "Can not use both expression and non-expression parameters in the same request: "
                   "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}",
          KeyConditionExpression="pk = :p", ExpressionAttributeValues=P,
          KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}})


def test_legacy_wrong_argument_count(s_table):
    q_err(s_table, "One or more parameter values were invalid: Invalid number of argument(s) for the GT "
                   "ComparisonOperator",
          KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
                         "sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "a"}, {"S": "b"}]}})


def test_legacy_missing_hash(s_table):
    if TARGET != "ddblocal":
        pytest.skip("records DynamoDB Local's text only")
    q_err(s_table, "Query condition missed key schema element",
          KeyConditions={"sk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}})


@pytest.mark.ddblocal_differs("service: 'Attempted conditional constraint is not an indexable operation'; "
                              "DynamoDB Local: 500 InternalFailure. " + QUERY_SRC)
def test_legacy_non_indexable_operator(s_table):
    q_err(s_table, "Attempted conditional constraint is not an indexable operation",
          KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
                         "sk": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "a"}]}})


@pytest.mark.ddblocal_differs("service: 'Value '0' at 'limit' failed to satisfy constraint: Member must have "
                              "value greater than or equal to 1'. dynalite test/query.js; botocore model "
                              "PositiveIntegerObject min 1")
def test_limit_zero(s_table):
    q_err(s_table, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1",
          KeyConditionExpression="pk = :p", ExpressionAttributeValues=P, Limit=0)


def test_limit_zero_ddblocal_text(s_table):
    if TARGET != "ddblocal":
        pytest.skip("records DynamoDB Local's text only")
    q_err(s_table, "Limit must be greater than or equal to 1", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues=P, Limit=0)


def test_filter_on_key_attribute(s_table):
    q_err(s_table, "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
          KeyConditionExpression="pk = :p", FilterExpression="sk = :p", ExpressionAttributeValues=P)


def test_exclusive_start_key_outside_hash(s_table):
    # DynamoDB Local's text; the service says 'The provided starting key is outside query boundaries based on
    # provided conditions' (dynalite), so only the type is pinned here.
    r = call("Query", {"TableName": s_table, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": P,
                       "ExclusiveStartKey": {"pk": {"S": "other"}, "sk": {"S": "a"}}})
    assert (r.status, r.error_type) == (400, VALIDATION), r


@pytest.mark.ddblocal_differs("service: 'Requested resource not found'. " + QUERY_SRC)
def test_missing_table():
    raw_error("Query", {"TableName": unique_name("missing"), "KeyConditionExpression": "pk = :p",
                        "ExpressionAttributeValues": P}, NOT_FOUND, DATA_NOT_FOUND)


# ---------------------------------------------------------------- the 1 MB page

ITEM_BYTES = 10010  # len("pk")+len("p") + len("sk")+4 + len("b")+10000
BIG_ITEMS = 300  # ~3 MB in one partition
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def big_partition(ddb):
    with temp_table(ddb, ("pk", "S"), ("sk", "S"), prefix="qbig") as t:
        batch_put(ddb, t, [{"pk": {"S": "p"}, "sk": {"S": "%04d" % i}, "b": {"S": "x" * 10000}}
                           for i in range(BIG_ITEMS)])
        yield t


def test_one_megabyte_page(big_partition):
    resp = q(big_partition, "pk = :p", P, ReturnConsumedCapacity="TOTAL")
    # Items are taken until their total size reaches 1 MiB; the item that reaches it is included.
    n = -(-MIB // ITEM_BYTES)  # 105
    assert resp["Count"] == resp["ScannedCount"] == n
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "%04d" % (n - 1)}}
    # capacity: sum of item sizes, rounded up to 4 KB, halved for eventual consistency
    assert resp["ConsumedCapacity"] == {"TableName": big_partition, "CapacityUnits": -(-n * ITEM_BYTES // 4096) / 2}


def test_one_megabyte_paging_returns_everything_once(big_partition):
    seen, start, counts = [], None, []
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        resp = q(big_partition, "pk = :p", P, ProjectionExpression="sk", **kw)
        counts.append(resp["Count"])
        seen += sks(resp)
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == ["%04d" % i for i in range(BIG_ITEMS)]
    assert counts == [105, 105, 90]  # the projection does not change what counts towards 1 MB


def test_one_megabyte_applies_to_select_count(big_partition):
    resp = q(big_partition, "pk = :p", P, Select="COUNT", ScanIndexForward=False)
    assert resp == {"Count": 105, "ScannedCount": 105,
                    "LastEvaluatedKey": {"pk": {"S": "p"}, "sk": {"S": "%04d" % (BIG_ITEMS - 105)}}}


@pytest.mark.ddblocal_differs("service: the 1 MB limit applies before the filter expression is evaluated; "
                              "DynamoDB Local reads all 300 items when the filter drops them. AWS developer guide "
                              "'Filter expressions for the Query operation'")
def test_one_megabyte_applies_before_filter(big_partition):
    resp = q(big_partition, "pk = :p", {**P, ":z": {"S": "no"}}, FilterExpression="b = :z")
    assert resp["Count"] == 0
    assert 0 < resp["ScannedCount"] < BIG_ITEMS
    assert "LastEvaluatedKey" in resp
