"""UpdateTable: billing mode, provisioned throughput, streams, table class, deletion protection.
GlobalSecondaryIndexUpdates are covered with the secondary indexes."""
import re

import pytest

from conftest import aws_cli, call, unique_name
from ops_helpers import NOT_FOUND, VALIDATION, constraint, key_schema, raw_error, raw_multi_error, raw_ok

NOTHING = ("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
           "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
           "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")
PPR_WITH_THROUGHPUT = ("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can "
                       "be specified when BillingMode is PAY_PER_REQUEST")
NOT_IN_DDBLOCAL = "DynamoDB Local 1.13.5 predates {} (UpdateTable answers 'Nothing to update')"


def update(name, **members):
    return raw_ok("UpdateTable", {"TableName": name, **members})["TableDescription"]


def test_nothing_to_update_is_a_validation_error(hash_table):
    r = call("UpdateTable", {"TableName": hash_table})
    assert (r.status, r.error_type) == (400, VALIDATION), r


@pytest.mark.ddblocal_differs("the service lists the members it accepts; DynamoDB Local says 'Nothing to update'")
def test_nothing_to_update_service_message(hash_table):
    raw_error("UpdateTable", {"TableName": hash_table}, VALIDATION, NOTHING)


def test_missing_table_is_not_found():
    r = call("UpdateTable", {"TableName": unique_name("missing"), "BillingMode": "PAY_PER_REQUEST"})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r


@pytest.mark.ddblocal_differs("service: 'Requested resource not found: Table: <name> not found'; DynamoDB Local: "
                              "'Cannot do operations on a non-existent table'")
def test_missing_table_service_message():
    name = unique_name("missing")
    raw_error("UpdateTable", {"TableName": name, "BillingMode": "PAY_PER_REQUEST"}, NOT_FOUND,
              f"Requested resource not found: Table: {name} not found")


# ---------------------------------------------------------------- throughput and billing mode

def test_throughput_change_boto3(ddb, range_table):
    out = ddb.update_table(TableName=range_table, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 5})
    pt = out["TableDescription"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (10, 5)
    assert out["TableDescription"]["TableStatus"] == "ACTIVE"
    pt = ddb.describe_table(TableName=range_table)["Table"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (10, 5)


@pytest.mark.ddblocal_differs("DynamoDB Local shows LastIncreaseDateTime/LastDecreaseDateTime 0 and never counts decreases")
def test_throughput_change_bookkeeping(ddb, range_table):
    ddb.update_table(TableName=range_table, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 5})
    pt = ddb.describe_table(TableName=range_table)["Table"]["ProvisionedThroughput"]
    assert pt["LastIncreaseDateTime"].year >= 2024 and "LastDecreaseDateTime" not in pt
    ddb.update_table(TableName=range_table, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 5})
    pt = ddb.describe_table(TableName=range_table)["Table"]["ProvisionedThroughput"]
    assert pt["LastDecreaseDateTime"].year >= 2024 and pt["NumberOfDecreasesToday"] == 1


@pytest.mark.ddblocal_differs("DynamoDB Local: 'The requested throughput value equals the current value'")
def test_unchanged_throughput(range_table):
    raw_error("UpdateTable", {"TableName": range_table, "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}},
              VALIDATION,
              "The provisioned throughput for the table will not change. The requested value equals the current value. "
              "Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current "
              "WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon "
              "DynamoDB Developer Guide for current limits and how to request higher limits.")


@pytest.mark.ddblocal_differs("DynamoDB Local: 'Table read and write throughput must be at least 1, and cannot be null'")
@pytest.mark.parametrize("throughput,parts", [
    ({"ReadCapacityUnits": 0, "WriteCapacityUnits": 5},
     [constraint("0", "provisionedThroughput.readCapacityUnits", "Member must have value greater than or equal to 1")]),
    ({"ReadCapacityUnits": 3},
     [constraint(None, "provisionedThroughput.writeCapacityUnits", "Member must not be null")]),
])
def test_throughput_constraints(range_table, throughput, parts):
    raw_multi_error("UpdateTable", {"TableName": range_table, "ProvisionedThroughput": throughput}, parts)


def test_switch_billing_mode_both_ways(ddb, range_table):
    t = update(range_table, BillingMode="PAY_PER_REQUEST")
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert "LastUpdateToPayPerRequestDateTime" in t["BillingModeSummary"]
    assert (t["ProvisionedThroughput"]["ReadCapacityUnits"], t["ProvisionedThroughput"]["WriteCapacityUnits"]) == (0, 0)
    t = update(range_table, BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert (t["ProvisionedThroughput"]["ReadCapacityUnits"], t["ProvisionedThroughput"]["WriteCapacityUnits"]) == (3, 4)
    summary = ddb.describe_table(TableName=range_table)["Table"]["BillingModeSummary"]
    assert summary["BillingMode"] == "PROVISIONED" and "LastUpdateToPayPerRequestDateTime" in summary


def test_switch_billing_mode_aws_cli(hash_table):
    out = aws_cli("dynamodb", "update-table", "--table-name", hash_table, "--billing-mode", "PROVISIONED",
                  "--provisioned-throughput", "ReadCapacityUnits=2,WriteCapacityUnits=2")
    assert out["TableDescription"]["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert out["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 2


@pytest.mark.ddblocal_differs("DynamoDB Local: 'No provisioned throughput specified for the table'")
def test_provisioned_needs_throughput(hash_table):
    raw_error("UpdateTable", {"TableName": hash_table, "BillingMode": "PROVISIONED"}, VALIDATION,
              "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED")


@pytest.mark.ddblocal_differs("DynamoDB Local ignores ProvisionedThroughput on an on-demand table")
def test_throughput_on_pay_per_request_table(hash_table):
    raw_error("UpdateTable", {"TableName": hash_table, "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 5}},
              VALIDATION, PPR_WITH_THROUGHPUT)


@pytest.mark.ddblocal_differs("DynamoDB Local checks the throughput against the table instead")
def test_pay_per_request_with_throughput(range_table):
    raw_error("UpdateTable", {"TableName": range_table, "BillingMode": "PAY_PER_REQUEST",
                              "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 5}},
              VALIDATION, PPR_WITH_THROUGHPUT)


# ---------------------------------------------------------------- streams

STREAM_LABEL = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}"


def test_enable_and_disable_stream(ddb, hash_table):
    t = update(hash_table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    assert t["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert re.fullmatch(STREAM_LABEL, t["LatestStreamLabel"]), t
    assert t["LatestStreamArn"] == t["TableArn"] + "/stream/" + t["LatestStreamLabel"]
    described = ddb.describe_table(TableName=hash_table)["Table"]
    assert described["LatestStreamArn"] == t["LatestStreamArn"]
    t2 = update(hash_table, StreamSpecification={"StreamEnabled": False})
    # The last stream's label and ARN stay after disabling (as DynamoDB Local shows them).
    assert "StreamSpecification" not in t2
    assert t2["LatestStreamArn"] == t["LatestStreamArn"]


def test_create_table_with_stream(ddb):
    ks, ad = key_schema()
    name = unique_name("stream")
    t = ddb.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    try:
        assert t["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
        assert t["LatestStreamArn"].startswith(t["TableArn"] + "/stream/")
    finally:
        ddb.delete_table(TableName=name)


def test_stream_no_change_is_an_error(hash_table):
    r = call("UpdateTable", {"TableName": hash_table, "StreamSpecification": {"StreamEnabled": False}})
    assert (r.status, r.error_type) == (400, VALIDATION) and r.message.startswith("Table has no stream to disable"), r
    update(hash_table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    r = call("UpdateTable", {"TableName": hash_table, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"}})
    assert (r.status, r.error_type) == (400, VALIDATION) and r.message.startswith("Table already has an enabled stream"), r


@pytest.mark.ddblocal_differs("the service names the table ('...: TableName: <name>')")
def test_stream_no_change_service_messages(hash_table):
    raw_error("UpdateTable", {"TableName": hash_table, "StreamSpecification": {"StreamEnabled": False}}, VALIDATION,
              f"Table has no stream to disable: TableName: {hash_table}")
    update(hash_table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    raw_error("UpdateTable", {"TableName": hash_table, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}},
              VALIDATION, f"Table already has an enabled stream: TableName: {hash_table}")


@pytest.mark.ddblocal_differs("DynamoDB Local: 'Invalid StreamViewType: ...', 'Stream StreamEnabled was null'")
@pytest.mark.parametrize("stream,message", [
    ({"StreamEnabled": True}, "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required"),
    ({"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"},
     "One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified"),
    ({}, "1 validation error detected: " + constraint(None, "streamSpecification.streamEnabled", "Member must not be null")),
    ({"StreamEnabled": True, "StreamViewType": "BAD"}, "1 validation error detected: " + constraint(
        "BAD", "streamSpecification.streamViewType",
        "Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]")),
])
def test_stream_specification_rules(hash_table, stream, message):
    raw_error("UpdateTable", {"TableName": hash_table, "StreamSpecification": stream}, VALIDATION, message)


# ---------------------------------------------------------------- deletion protection and table class

@pytest.mark.ddblocal_differs(NOT_IN_DDBLOCAL.format("deletion protection"))
def test_deletion_protection(ddb):
    ks, ad = key_schema()
    name = unique_name("protected")
    ddb.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST")
    try:
        t = ddb.update_table(TableName=name, DeletionProtectionEnabled=True)["TableDescription"]
        assert t["DeletionProtectionEnabled"] is True
        raw_error("DeleteTable", {"TableName": name}, VALIDATION,
                  "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
        assert ddb.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True
        raw_error("UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False, "BillingMode": "PAY_PER_REQUEST"},
                  VALIDATION, "One or more parameter values were invalid: DeletionProtection modification must be the only "
                  "operation in the request")
        ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    finally:
        ddb.delete_table(TableName=name)


@pytest.mark.ddblocal_differs(NOT_IN_DDBLOCAL.format("table classes"))
def test_table_class(ddb, hash_table):
    t = ddb.update_table(TableName=hash_table, TableClass="STANDARD_INFREQUENT_ACCESS")["TableDescription"]
    assert t["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert "LastUpdateDateTime" in t["TableClassSummary"]
    raw_error("UpdateTable", {"TableName": hash_table, "TableClass": "GLACIER"}, VALIDATION,
              "Invalid table-class parameter provided. Please try again with a valid table-class value: "
              "[STANDARD, STANDARD_INFREQUENT_ACCESS].")


@pytest.mark.ddblocal_differs(NOT_IN_DDBLOCAL.format("deletion protection"))
def test_deletion_protection_aws_cli(hash_table):
    out = aws_cli("dynamodb", "update-table", "--table-name", hash_table, "--deletion-protection-enabled")
    assert out["TableDescription"]["DeletionProtectionEnabled"] is True
    aws_cli("dynamodb", "update-table", "--table-name", hash_table, "--no-deletion-protection-enabled")
