"""Secondary indexes: definitions, maintenance on every write, Query and Scan on indexes, and the
chat app's message-group-sk-index."""
import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from conftest import TARGET, unique_name
from ops_helpers import VALIDATION, create_chat_table, raw_error, raw_ok

DEFS = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
        {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "n", "AttributeType": "N"}]
TABLE_KEY = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
GSI = {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}
LSI = {"IndexName": "by-n", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "KEYS_ONLY"}}


@pytest.fixture
def table(ddb):
    name = unique_name("idx")
    raw_ok("CreateTable", {"TableName": name, "KeySchema": TABLE_KEY, "AttributeDefinitions": DEFS,
                           "BillingMode": "PAY_PER_REQUEST", "GlobalSecondaryIndexes": [GSI], "LocalSecondaryIndexes": [LSI]})
    yield name
    ddb.delete_table(TableName=name)


def put(table, **attrs):
    item = {k: ({"N": str(v)} if isinstance(v, int) else {"S": v}) for k, v in attrs.items()}
    return raw_ok("PutItem", {"TableName": table, "Item": item})


def query(table, index, kce, values, **kw):
    return raw_ok("Query", {"TableName": table, "IndexName": index, "KeyConditionExpression": kce,
                            "ExpressionAttributeValues": values, **kw})


def test_describe_table_lists_the_indexes(table):
    put(table, pk="a", sk="1", g="G", n=5, x="X", y="Y")
    put(table, pk="a", sk="2", y="no index keys")
    t = raw_ok("DescribeTable", {"TableName": table})["Table"]
    (lsi,) = t["LocalSecondaryIndexes"]
    (gsi,) = t["GlobalSecondaryIndexes"]
    assert lsi["IndexName"] == "by-n" and lsi["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert lsi["IndexArn"] == t["TableArn"] + "/index/by-n"
    assert "IndexStatus" not in lsi
    assert gsi["IndexStatus"] == "ACTIVE"
    assert gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert gsi["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    # Sparse: the second item has neither g nor n.
    assert (lsi["ItemCount"], gsi["ItemCount"], t["ItemCount"]) == (1, 1, 2)


def test_gsi_query_returns_the_projection(table):
    put(table, pk="a", sk="1", g="G", n=5, x="X", y="Y")
    resp = query(table, "by-g", "g = :g", {":g": {"S": "G"}})
    assert resp["Items"] == [{"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "G"}, "x": {"S": "X"}}]


def test_gsi_orders_by_its_sort_key_and_pages(table):
    for i in range(7):
        put(table, pk=f"p{i % 3}", sk=f"s{i}", g="G")
    seen, start = [], None
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        resp = query(table, "by-g", "g = :g", {":g": {"S": "G"}}, Limit=3, ScanIndexForward=False, **kw)
        seen += [it["sk"]["S"] for it in resp["Items"]]
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
        assert set(start) == {"pk", "sk", "g"}
    assert seen == [f"s{i}" for i in reversed(range(7))]


def test_lsi_fetches_attributes_it_does_not_project(table):
    put(table, pk="a", sk="1", n=5, x="X", y="Y")
    resp = query(table, "by-n", "pk = :p AND n > :z", {":p": {"S": "a"}, ":z": {"N": "0"}})
    assert resp["Items"] == [{"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "5"}}]
    resp = query(table, "by-n", "pk = :p", {":p": {"S": "a"}}, ProjectionExpression="y, x")
    assert resp["Items"] == [{"x": {"S": "X"}, "y": {"S": "Y"}}]
    resp = query(table, "by-n", "pk = :p", {":p": {"S": "a"}}, Select="ALL_ATTRIBUTES", Limit=1)
    assert resp["Items"][0]["y"] == {"S": "Y"}
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "5"}}


def test_gsi_refuses_attributes_it_does_not_project(table):
    raw_error("Query", {"TableName": table, "IndexName": "by-g", "KeyConditionExpression": "g = :g",
                        "ExpressionAttributeValues": {":g": {"S": "G"}}, "ProjectionExpression": "y, x"}, VALIDATION,
              "One or more parameter values were invalid: Global secondary index by-g does not project [y]")
    raw_error("Query", {"TableName": table, "IndexName": "by-g", "KeyConditionExpression": "g = :g",
                        "ExpressionAttributeValues": {":g": {"S": "G"}}, "Select": "ALL_ATTRIBUTES"}, VALIDATION,
              "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
              "secondary index by-g because its projection type is not ALL")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'Consistent read cannot be true when querying a GSI' "
                              "(service text per dynalite actions/query.js)")
def test_consistent_read_on_a_gsi(table):
    raw_error("Query", {"TableName": table, "IndexName": "by-g", "KeyConditionExpression": "g = :g",
                        "ExpressionAttributeValues": {":g": {"S": "G"}}, "ConsistentRead": True}, VALIDATION,
              "Consistent reads are not supported on global secondary indexes")


def test_unknown_index(table):
    raw_error("Query", {"TableName": table, "IndexName": "nope", "KeyConditionExpression": "g = :g",
                        "ExpressionAttributeValues": {":g": {"S": "G"}}}, VALIDATION,
              "The table does not have the specified index: nope")


def test_filter_on_an_index_key(table):
    raw_error("Query", {"TableName": table, "IndexName": "by-g", "KeyConditionExpression": "g = :g",
                        "FilterExpression": "sk = :g", "ExpressionAttributeValues": {":g": {"S": "G"}}}, VALIDATION,
              "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
    # The table's hash key is not a key of this index: allowed.
    query(table, "by-g", "g = :g", {":g": {"S": "G"}}, FilterExpression="pk = :g")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 stops after 'Type mismatch for Index Key'; the service names "
                              "the key, both types and the index (dynalite db/index.js)")
def test_index_key_of_the_wrong_type(table):
    raw_error("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"N": "1"}}}, VALIDATION,
              "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: by-g")


def test_empty_index_key(table):
    raw_error("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": ""}}}, VALIDATION,
              "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
              "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: by-g, IndexKey: g")


def test_updates_and_deletes_move_index_entries(table):
    put(table, pk="a", sk="1", g="G1")
    raw_ok("UpdateItem", {"TableName": table, "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}},
                          "UpdateExpression": "SET g = :g", "ExpressionAttributeValues": {":g": {"S": "G2"}}})
    assert query(table, "by-g", "g = :g", {":g": {"S": "G1"}})["Count"] == 0
    assert query(table, "by-g", "g = :g", {":g": {"S": "G2"}})["Count"] == 1
    raw_ok("UpdateItem", {"TableName": table, "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}, "UpdateExpression": "REMOVE g"})
    assert query(table, "by-g", "g = :g", {":g": {"S": "G2"}})["Count"] == 0
    # Delete then put: exactly one entry afterwards.
    put(table, pk="a", sk="1", g="G3")
    raw_ok("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}})
    put(table, pk="a", sk="1", g="G3")
    assert query(table, "by-g", "g = :g", {":g": {"S": "G3"}})["Count"] == 1
    assert raw_ok("Scan", {"TableName": table, "IndexName": "by-g"})["Count"] == 1


def test_batch_write_maintains_indexes(ddb, table):
    ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": str(i)}, "g": {"S": "B"}, "n": {"N": str(i)}}}}
        for i in range(5)]})
    assert query(table, "by-g", "g = :g", {":g": {"S": "B"}})["Count"] == 5
    assert query(table, "by-n", "pk = :p AND n BETWEEN :a AND :b", {":p": {"S": "b"}, ":a": {"N": "1"}, ":b": {"N": "3"}})["Count"] == 3
    ddb.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": {"pk": {"S": "b"}, "sk": {"S": "0"}}}}]})
    assert query(table, "by-g", "g = :g", {":g": {"S": "B"}})["Count"] == 4


def test_capacity_by_index(table):
    resp = raw_ok("PutItem", {"TableName": table, "ReturnConsumedCapacity": "INDEXES",
                              "Item": {"pk": {"S": "a"}, "sk": {"S": "c"}, "g": {"S": "G"}, "n": {"N": "5"}}})
    assert resp["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 3.0, "Table": {"CapacityUnits": 1.0},
                                        "LocalSecondaryIndexes": {"by-n": {"CapacityUnits": 1.0}},
                                        "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 1.0}}}
    resp = query(table, "by-g", "g = :g", {":g": {"S": "G"}}, ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
                                        "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 0.5}}}


def test_scan_an_index_in_segments(table):
    for i in range(20):
        put(table, pk=f"p{i}", sk="s", g=f"G{i % 4}")
    seen = []
    for segment in range(3):
        seen += raw_ok("Scan", {"TableName": table, "IndexName": "by-g", "Segment": segment, "TotalSegments": 3})["Items"]
    assert sorted(it["pk"]["S"] for it in seen) == sorted(f"p{i}" for i in range(20))


# ---------------------------------------------------------------- the chat app's index

def test_chat_app_message_group_index(ddb, ddb_resource):
    name = unique_name("chat")
    create_chat_table(ddb, name)
    try:
        t = ddb_resource.Table(name)
        for i in range(30):
            t.put_item(Item={"pk": f"MSG#{i % 2}", "sk": f"2025-01-{i + 1:02d}", "message_group_uuid": f"group-{i % 3}",
                             "message": f"m{i}"})
        # boto3 sends this as "#n0 = :v0" with ExpressionAttributeNames.
        resp = t.query(IndexName="message-group-sk-index", KeyConditionExpression=Key("message_group_uuid").eq("group-1"),
                       ScanIndexForward=False, Limit=5)
        assert [it["sk"] for it in resp["Items"]] == [f"2025-01-{i + 1:02d}" for i in reversed(range(30)) if i % 3 == 1][:5]
        assert set(resp["LastEvaluatedKey"]) == {"pk", "sk", "message_group_uuid"}
        # Moving a message to another group leaves exactly one index entry.
        t.delete_item(Key={"pk": "MSG#1", "sk": "2025-01-02"})
        t.put_item(Item={"pk": "MSG#1", "sk": "2025-01-02", "message_group_uuid": "group-2", "message": "moved"})
        g1 = t.query(IndexName="message-group-sk-index", KeyConditionExpression=Key("message_group_uuid").eq("group-1"))
        g2 = t.query(IndexName="message-group-sk-index", KeyConditionExpression=Key("message_group_uuid").eq("group-2"))
        assert "2025-01-02" not in [it["sk"] for it in g1["Items"]]
        assert [it["message"] for it in g2["Items"] if it["sk"] == "2025-01-02"] == ["moved"]
    finally:
        ddb.delete_table(TableName=name)


# ---------------------------------------------------------------- definitions

def create_error(message, definitions=DEFS, **kw):
    body = {"TableName": unique_name("bad"), "KeySchema": TABLE_KEY, "AttributeDefinitions": definitions,
            "BillingMode": "PAY_PER_REQUEST", **kw}
    raw_error("CreateTable", body, VALIDATION, message)


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'Local Secondary indices must have the same hash key as the main table'; the service's text per dynalite validations/createTable.js")
def test_lsi_with_another_hash_key():
    create_error("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as "
                 "table KeySchema for index: bad-lsi. index hash key: g, table hash key: pk",
                 LocalSecondaryIndexes=[{**LSI, "IndexName": "bad-lsi",
                                         "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}]}])


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'Global Secondary Index hash key not specified in Attribute Definitons.Type unknown.'; the service's text per dynalite validations/createTable.js")
def test_index_key_without_definition():
    create_error("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. "
                 "Keys: [zz, sk], AttributeDefinitions: [pk, sk, g, n]",
                 GlobalSecondaryIndexes=[{**GSI, "KeySchema": [{"AttributeName": "zz", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]}])


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'Two global secondary indicies have the same name'; the service's text per dynalite validations/createTable.js")
def test_duplicate_index_names():
    create_error("One or more parameter values were invalid: Duplicate index name: by-g",
                 GlobalSecondaryIndexes=[GSI, GSI])


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'No attributes should be specified to be projected unless projection type is INCLUDE'; the service's text per dynalite validations/createTable.js")
def test_non_key_attributes_without_include():
    create_error("One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is specified",
                 GlobalSecondaryIndexes=[{**GSI, "Projection": {"ProjectionType": "ALL", "NonKeyAttributes": ["x"]}}])


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 accepts it and creates the table; the service refuses it "
                              "(dynalite validations/createTable.js)")
def test_gsi_throughput_with_pay_per_request():
    create_error("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: by-g "
                 "when BillingMode is PAY_PER_REQUEST", definitions=DEFS[:3],
                 GlobalSecondaryIndexes=[{**GSI, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'The number of attributes in key schema must match the number of "
                              "attributesdefined in attribute definitions.'")
def test_unused_attribute_definition():
    create_error("One or more parameter values were invalid: Some AttributeDefinitions are not used. "
                 "AttributeDefinitions: [g, n, pk, sk], keys used: [g, pk, sk]", GlobalSecondaryIndexes=[GSI])
