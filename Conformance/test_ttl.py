"""UpdateTimeToLive and DescribeTimeToLive (the setting only; expiry is a later issue)."""
import pytest

from conftest import aws_cli, call, unique_name
from ops_helpers import NOT_FOUND, VALIDATION, client_error, constraint, raw_error, raw_multi_error, raw_ok

NOT_FOUND_SRC = ("service: 'Requested resource not found: Table: <name> not found' (recorded for DescribeTimeToLive "
                 "and UpdateTimeToLive); DynamoDB Local: 'Cannot do operations on a non-existent table'")
SHAPE_SRC = ("the service checks TimeToLiveSpecification's required members and lengths as constraints; DynamoDB "
             "Local says 'TimeToLiveSpecification cannot be null', 'AttributeName cannot be null when time to live "
             "is being enabled', 'Names of key attributes ... between 1 and 255 characters'")


def spec(enabled, name="ttl"):
    return {"Enabled": enabled, "AttributeName": name}


def test_enable_describe_disable_boto3(ddb, hash_table):
    assert ddb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    out = ddb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=spec(True))
    assert out["TimeToLiveSpecification"] == spec(True)
    assert ddb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}
    out = ddb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=spec(False))
    assert out["TimeToLiveSpecification"] == spec(False)
    assert ddb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    # Enabling again, under another name, is allowed at once (the service waits about an hour).
    ddb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=spec(True, "expires"))
    assert ddb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"]["AttributeName"] == "expires"


def test_no_change_errors(ddb, hash_table):
    client_error(ddb.update_time_to_live, "ValidationException", "TimeToLive is already disabled",
                 TableName=hash_table, TimeToLiveSpecification=spec(False))
    ddb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=spec(True))
    client_error(ddb.update_time_to_live, "ValidationException", "TimeToLive is already enabled",
                 TableName=hash_table, TimeToLiveSpecification=spec(True))


@pytest.mark.parametrize("enabled", [True, False])
def test_other_attribute_while_enabled(hash_table, enabled):
    raw_ok("UpdateTimeToLive", {"TableName": hash_table, "TimeToLiveSpecification": spec(True)})
    r = call("UpdateTimeToLive", {"TableName": hash_table, "TimeToLiveSpecification": spec(enabled, "other")})
    assert (r.status, r.error_type) == (400, VALIDATION), r
    assert r.message.startswith("TimeToLive is active on a different AttributeName"), r


@pytest.mark.ddblocal_differs("the service adds ': current AttributeName is <name>'")
def test_other_attribute_names_the_current_one(hash_table):
    raw_ok("UpdateTimeToLive", {"TableName": hash_table, "TimeToLiveSpecification": spec(True)})
    raw_error("UpdateTimeToLive", {"TableName": hash_table, "TimeToLiveSpecification": spec(True, "other")}, VALIDATION,
              "TimeToLive is active on a different AttributeName: current AttributeName is ttl")


def test_aws_cli(hash_table):
    out = aws_cli("dynamodb", "update-time-to-live", "--table-name", hash_table,
                  "--time-to-live-specification", "Enabled=true,AttributeName=expiresAt")
    assert out["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expiresAt"}
    out = aws_cli("dynamodb", "describe-time-to-live", "--table-name", hash_table)
    assert out["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"}


@pytest.mark.parametrize("op,extra", [("DescribeTimeToLive", {}), ("UpdateTimeToLive", {"TimeToLiveSpecification": spec(True)})])
def test_missing_table_is_not_found(op, extra):
    r = call(op, {"TableName": unique_name("missing"), **extra})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r


@pytest.mark.ddblocal_differs(NOT_FOUND_SRC)
@pytest.mark.parametrize("op,extra", [("DescribeTimeToLive", {}), ("UpdateTimeToLive", {"TimeToLiveSpecification": spec(True)})])
def test_missing_table_service_message(op, extra):
    name = unique_name("missing")
    raw_error(op, {"TableName": name, **extra}, NOT_FOUND, f"Requested resource not found: Table: {name} not found")


@pytest.mark.ddblocal_differs(SHAPE_SRC)
@pytest.mark.parametrize("specification,parts", [
    (None, [constraint(None, "timeToLiveSpecification", "Member must not be null")]),
    ({}, [constraint(None, "timeToLiveSpecification.attributeName", "Member must not be null"),
          constraint(None, "timeToLiveSpecification.enabled", "Member must not be null")]),
    ({"Enabled": True}, [constraint(None, "timeToLiveSpecification.attributeName", "Member must not be null")]),
    ({"AttributeName": "ttl"}, [constraint(None, "timeToLiveSpecification.enabled", "Member must not be null")]),
    ({"Enabled": True, "AttributeName": ""},
     [constraint("", "timeToLiveSpecification.attributeName", "Member must have length greater than or equal to 1")]),
    ({"Enabled": True, "AttributeName": "a" * 256},
     [constraint("a" * 256, "timeToLiveSpecification.attributeName", "Member must have length less than or equal to 255")]),
])
def test_specification_constraints(hash_table, specification, parts):
    body = {"TableName": hash_table}
    if specification is not None:
        body["TimeToLiveSpecification"] = specification
    raw_multi_error("UpdateTimeToLive", body, parts)
