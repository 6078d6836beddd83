"""boto3's condition builders (boto3.dynamodb.conditions.Key and Attr) as applications use them:
boto3 turns them into expressions with generated #n/:v placeholders."""
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from conftest import unique_name


@pytest.fixture(scope="module")
def table(ddb, ddb_resource):
    name = unique_name("builders")
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}])
    t = ddb_resource.Table(name)
    with t.batch_writer() as batch:
        for i in range(20):
            item = {"pk": "p", "sk": i, "n": i % 5, "s": f"name-{i:02d}", "tags": {"even" if i % 2 == 0 else "odd", "all"},
                    "nested": {"level": i % 3, "list": list(range(i % 4))}}
            if i % 7 == 0:
                item["optional"] = True
            batch.put_item(Item=item)
    yield t
    ddb.delete_table(TableName=name)


def sks(resp):
    return sorted(int(i["sk"]) for i in resp["Items"])


CASES = [
    (Attr("n").eq(3), lambda i: i % 5 == 3),
    (Attr("n").ne(3), lambda i: i % 5 != 3),
    (Attr("n").lt(2), lambda i: i % 5 < 2),
    (Attr("n").lte(2), lambda i: i % 5 <= 2),
    (Attr("n").gt(3), lambda i: i % 5 > 3),
    (Attr("n").gte(3), lambda i: i % 5 >= 3),
    (Attr("n").between(1, 2), lambda i: 1 <= i % 5 <= 2),
    (Attr("n").is_in([0, 4]), lambda i: i % 5 in (0, 4)),
    (Attr("s").begins_with("name-1"), lambda i: 10 <= i <= 19),
    (Attr("s").contains("-0"), lambda i: i < 10),
    (Attr("tags").contains("odd"), lambda i: i % 2 == 1),
    (Attr("optional").exists(), lambda i: i % 7 == 0),
    (Attr("optional").not_exists(), lambda i: i % 7 != 0),
    (Attr("optional").attribute_type("BOOL"), lambda i: i % 7 == 0),
    (Attr("nested.level").eq(2), lambda i: i % 3 == 2),
    (Attr("nested.list").size().gte(2), lambda i: i % 4 >= 2),
    (Attr("nested.list[1]").exists(), lambda i: i % 4 >= 2),
    (Attr("n").eq(1) | Attr("n").eq(2), lambda i: i % 5 in (1, 2)),
    (Attr("n").gte(1) & ~Attr("tags").contains("even"), lambda i: i % 5 >= 1 and i % 2 == 1),
    ((Attr("n").eq(0) | Attr("optional").exists()) & Attr("s").begins_with("name-0"),
     lambda i: (i % 5 == 0 or i % 7 == 0) and i < 10),
]


@pytest.mark.parametrize("condition,expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_scan_filter(table, condition, expected):
    assert sks(table.scan(FilterExpression=condition)) == [i for i in range(20) if expected(i)]


@pytest.mark.parametrize("key,expected", [
    (Key("pk").eq("p") & Key("sk").lt(3), [0, 1, 2]),
    (Key("pk").eq("p") & Key("sk").lte(3), [0, 1, 2, 3]),
    (Key("pk").eq("p") & Key("sk").gt(17), [18, 19]),
    (Key("pk").eq("p") & Key("sk").gte(17), [17, 18, 19]),
    (Key("pk").eq("p") & Key("sk").between(5, 7), [5, 6, 7]),
    (Key("pk").eq("p") & Key("sk").eq(9), [9]),
    (Key("pk").eq("nope"), []),
])
def test_query_keys(table, key, expected):
    assert sks(table.query(KeyConditionExpression=key)) == expected


def test_query_with_filter_and_projection(table):
    resp = table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between(0, 9),
                       FilterExpression=Attr("n").gt(2), ProjectionExpression="sk, nested.#l",
                       ExpressionAttributeNames={"#l": "level"})  # LEVEL is a reserved word
    assert [(int(i["sk"]), i["nested"]) for i in resp["Items"]] == [(i, {"level": Decimal(i % 3)}) for i in range(10) if i % 5 > 2]
    assert resp["ScannedCount"] == 10


def test_conditional_writes(table):
    table.put_item(Item={"pk": "c", "sk": 1, "version": 1}, ConditionExpression=Attr("pk").not_exists())
    table.update_item(Key={"pk": "c", "sk": 1}, UpdateExpression="SET version = version + :one",
                      ConditionExpression=Attr("version").eq(1), ExpressionAttributeValues={":one": 1})
    with pytest.raises(ClientError) as e:
        table.update_item(Key={"pk": "c", "sk": 1}, UpdateExpression="SET version = version + :one",
                          ConditionExpression=Attr("version").eq(1), ExpressionAttributeValues={":one": 1})
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    with pytest.raises(ClientError):
        table.delete_item(Key={"pk": "c", "sk": 1}, ConditionExpression=Attr("version").lt(2))
    table.delete_item(Key={"pk": "c", "sk": 1}, ConditionExpression=Attr("version").eq(2))
    assert "Item" not in table.get_item(Key={"pk": "c", "sk": 1})
