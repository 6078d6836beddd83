"""UpdateTable's GlobalSecondaryIndexUpdates: Create (filled from the existing items), Update, Delete."""
import pytest
from boto3.dynamodb.conditions import Key

from conftest import unique_name
from ops_helpers import VALIDATION, raw_error, raw_ok

LIMIT = "com.amazonaws.dynamodb.v20120810#LimitExceededException"
NOT_FOUND = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
CREATE_G = {"Create": {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                       "Projection": {"ProjectionType": "ALL"}}}


@pytest.fixture
def table(ddb):
    name = unique_name("ugsi")
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    for pk, g in (("a", {"S": "G"}), ("b", {"N": "1"}), ("c", None), ("d", {"S": "G"})):
        item = {"pk": {"S": pk}}
        if g:
            item["g"] = g
        raw_ok("PutItem", {"TableName": name, "Item": item})
    yield name
    ddb.delete_table(TableName=name)


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 leaves a created index CREATING and answers Query on it with "
                              "InternalFailure (500)")
def test_created_index_holds_the_existing_items(ddb_resource, table):
    resp = raw_ok("UpdateTable", {"TableName": table, "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
                                  "GlobalSecondaryIndexUpdates": [CREATE_G]})
    assert [i["IndexName"] for i in resp["TableDescription"]["GlobalSecondaryIndexes"]] == ["by-g"]
    t = ddb_resource.Table(table)
    items = t.query(IndexName="by-g", KeyConditionExpression=Key("g").eq("G"))["Items"]
    # Item b's g is a number, not the index's S: it is not in the index; c has no g.
    assert sorted(it["pk"] for it in items) == ["a", "d"]
    t.put_item(Item={"pk": "e", "g": "G"})
    assert t.query(IndexName="by-g", KeyConditionExpression=Key("g").eq("G"))["Count"] == 3
    desc = raw_ok("DescribeTable", {"TableName": table})["Table"]
    assert desc["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    assert {d["AttributeName"] for d in desc["AttributeDefinitions"]} == {"pk", "g"}

    raw_ok("UpdateTable", {"TableName": table, "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "by-g"}}]})
    desc = raw_ok("DescribeTable", {"TableName": table})["Table"]
    assert "GlobalSecondaryIndexes" not in desc
    assert [d["AttributeName"] for d in desc["AttributeDefinitions"]] == ["pk"]
    raw_error("Query", {"TableName": table, "IndexName": "by-g", "KeyConditionExpression": "g = :g",
                        "ExpressionAttributeValues": {":g": {"S": "G"}}}, VALIDATION,
              "The table does not have the specified index: by-g")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'No Attribute Schema Defined'")
def test_create_without_a_definition(table):
    raw_error("UpdateTable", {"TableName": table, "GlobalSecondaryIndexUpdates": [CREATE_G]}, VALIDATION,
              "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. "
              "Keys: [g], AttributeDefinitions: [pk]")


def test_one_create_or_delete_at_a_time(table):
    raw_error("UpdateTable", {"TableName": table, "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"},
                                                                           {"AttributeName": "h", "AttributeType": "S"}],
                              "GlobalSecondaryIndexUpdates": [CREATE_G, {"Create": {**CREATE_G["Create"], "IndexName": "by-h",
                                                                                   "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}]}}]},
              LIMIT, "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'Update global secondary index action is null'")
def test_empty_update_action(table):
    raw_error("UpdateTable", {"TableName": table, "GlobalSecondaryIndexUpdates": [{}]}, VALIDATION,
              "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
              "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null")


def test_delete_a_missing_index(table):
    # Checked against DynamoDB Local 1.13.5.
    raw_error("UpdateTable", {"TableName": table, "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "nope"}}]},
              NOT_FOUND, "Requested resource not found")
