"""DescribeLimits, DescribeEndpoints, DescribeContinuousBackups and UpdateContinuousBackups."""
import pytest

from conftest import ENDPOINT, aws_cli, call, unique_name
from ops_helpers import VALIDATION, constraint, raw_error, raw_multi_error, raw_ok

LIMITS = {"AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
          "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000}
NO_ENDPOINTS = "DynamoDB Local 1.13.5 does not serve DescribeEndpoints (UnknownOperationException)"
NO_BACKUPS = "DynamoDB Local 1.13.5 does not serve the continuous-backup operations (UnknownOperationException)"
TABLE_NOT_FOUND = "com.amazonaws.dynamodb.v20120810#TableNotFoundException"


def test_describe_limits_raw_boto3_cli(ddb):
    assert raw_ok("DescribeLimits", {}) == LIMITS
    out = ddb.describe_limits()
    assert {k: out[k] for k in LIMITS} == LIMITS
    assert aws_cli("dynamodb", "describe-limits") == LIMITS


@pytest.mark.ddblocal_differs(NO_ENDPOINTS)
def test_describe_endpoints(ddb):
    endpoints = ddb.describe_endpoints()["Endpoints"]
    assert len(endpoints) == 1
    assert endpoints[0]["CachePeriodInMinutes"] == 1440
    assert endpoints[0]["Address"].startswith("localhost")


@pytest.mark.ddblocal_differs(NO_ENDPOINTS)
def test_describe_endpoints_cli():
    out = aws_cli("dynamodb", "describe-endpoints")
    assert out["Endpoints"][0]["CachePeriodInMinutes"] == 1440


# ---------------------------------------------------------------- continuous backups

@pytest.mark.ddblocal_differs(NO_BACKUPS)
def test_point_in_time_recovery_boto3(ddb, hash_table):
    desc = ddb.describe_continuous_backups(TableName=hash_table)["ContinuousBackupsDescription"]
    assert desc == {"ContinuousBackupsStatus": "ENABLED",
                    "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    out = ddb.update_continuous_backups(TableName=hash_table, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7})["ContinuousBackupsDescription"]
    pitr = out["PointInTimeRecoveryDescription"]
    assert (pitr["PointInTimeRecoveryStatus"], pitr["RecoveryPeriodInDays"]) == ("ENABLED", 7)
    assert pitr["EarliestRestorableDateTime"] <= pitr["LatestRestorableDateTime"]
    desc = ddb.describe_continuous_backups(TableName=hash_table)["ContinuousBackupsDescription"]
    assert desc["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    ddb.update_continuous_backups(TableName=hash_table,
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    desc = ddb.describe_continuous_backups(TableName=hash_table)["ContinuousBackupsDescription"]
    assert desc["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}


@pytest.mark.ddblocal_differs(NO_BACKUPS)
def test_point_in_time_recovery_default_period_cli(hash_table):
    out = aws_cli("dynamodb", "update-continuous-backups", "--table-name", hash_table,
                  "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
    assert out["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 35
    out = aws_cli("dynamodb", "describe-continuous-backups", "--table-name", hash_table)
    assert out["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


@pytest.mark.ddblocal_differs(NO_BACKUPS)
@pytest.mark.parametrize("op,extra", [
    ("DescribeContinuousBackups", {}),
    ("UpdateContinuousBackups", {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}),
])
def test_missing_table_is_table_not_found(op, extra):
    name = unique_name("missing")
    raw_error(op, {"TableName": name, **extra}, TABLE_NOT_FOUND, f"Table not found: {name}")


@pytest.mark.ddblocal_differs(NO_BACKUPS)
@pytest.mark.parametrize("specification,parts", [
    (None, [constraint(None, "pointInTimeRecoverySpecification", "Member must not be null")]),
    ({}, [constraint(None, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled", "Member must not be null")]),
    ({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 0},
     [constraint("0", "pointInTimeRecoverySpecification.recoveryPeriodInDays", "Member must have value greater than or equal to 1")]),
    ({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 36},
     [constraint("36", "pointInTimeRecoverySpecification.recoveryPeriodInDays", "Member must have value less than or equal to 35")]),
])
def test_update_continuous_backups_constraints(hash_table, specification, parts):
    body = {"TableName": hash_table}
    if specification is not None:
        body["PointInTimeRecoverySpecification"] = specification
    raw_multi_error("UpdateContinuousBackups", body, parts)


@pytest.mark.ddblocal_differs(NO_BACKUPS)
def test_recovery_period_when_disabling(hash_table):
    raw_error("UpdateContinuousBackups", {"TableName": hash_table, "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 3}}, VALIDATION,
        "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
