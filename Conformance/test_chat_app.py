"""The chat app from DEVELOPERS.md, end to end through boto3's client and resource and the aws CLI:
a messages table with string keys pk/sk, two conversations, newest-first pages of 20 with
begins_with on the year, paging with ExclusiveStartKey, ReturnConsumedCapacity, delete."""
import json

from boto3.dynamodb.conditions import Key

from conftest import aws_cli, unique_name


def message_sk(i):
    # Two years of messages: 2024-... for the first 40 of a conversation, then 2025-...
    year = 2024 if i < 40 else 2025
    return f"{year}-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}T{i:04d}"


def test_chat_app_flow(ddb, ddb_resource):
    name = unique_name("messages")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        table = ddb_resource.Table(name)
        with table.batch_writer() as batch:
            for conversation in ("conv#alice-bob", "conv#carol-dan"):
                for i in range(50):
                    batch.put_item(Item={"pk": conversation, "sk": message_sk(i), "author": "alice" if i % 2 else "bob",
                                         "body": f"message {i} in {conversation}", "n": i})

        expected = sorted((message_sk(i) for i in range(50) if message_sk(i).startswith("2024")), reverse=True)
        assert len(expected) == 40

        # Newest first, 20 per page, 2024 only.
        first = ddb.query(TableName=name, KeyConditionExpression="pk = :pk AND begins_with(sk, :year)",
                          ExpressionAttributeValues={":pk": {"S": "conv#alice-bob"}, ":year": {"S": "2024"}},
                          ScanIndexForward=False, Limit=20, ReturnConsumedCapacity="TOTAL")
        assert [it["sk"]["S"] for it in first["Items"]] == expected[:20]
        assert first["Count"] == 20 and first["ScannedCount"] == 20
        assert first["LastEvaluatedKey"] == {"pk": {"S": "conv#alice-bob"}, "sk": {"S": expected[19]}}
        # 20 items of under 100 bytes: one 4 KB read unit, halved for an eventually consistent read.
        assert first["ConsumedCapacity"] == {"TableName": name, "CapacityUnits": 0.5}

        second = ddb.query(TableName=name, KeyConditionExpression="pk = :pk AND begins_with(sk, :year)",
                           ExpressionAttributeValues={":pk": {"S": "conv#alice-bob"}, ":year": {"S": "2024"}},
                           ScanIndexForward=False, Limit=20, ExclusiveStartKey=first["LastEvaluatedKey"])
        assert [it["sk"]["S"] for it in second["Items"]] == expected[20:40]
        # The page was full, so DynamoDB cannot know that nothing follows: it still returns a key.
        assert second["LastEvaluatedKey"] == {"pk": {"S": "conv#alice-bob"}, "sk": {"S": expected[39]}}

        third = ddb.query(TableName=name, KeyConditionExpression="pk = :pk AND begins_with(sk, :year)",
                          ExpressionAttributeValues={":pk": {"S": "conv#alice-bob"}, ":year": {"S": "2024"}},
                          ScanIndexForward=False, Limit=20, ExclusiveStartKey=second["LastEvaluatedKey"])
        assert third["Items"] == [] and "LastEvaluatedKey" not in third

        # The resource API: numbers come back as Decimal, the other conversation is untouched.
        other = table.query(KeyConditionExpression=Key("pk").eq("conv#carol-dan") & Key("sk").begins_with("2025"))
        assert other["Count"] == 10
        assert all(item["sk"].startswith("2025") for item in other["Items"])
        assert sorted(int(item["n"]) for item in other["Items"]) == list(range(40, 50))

        # The same query from the aws CLI, paging itself to the end (--max-items drives the pages).
        out = aws_cli("dynamodb", "query", "--table-name", name,
                      "--key-condition-expression", "pk = :pk AND begins_with(sk, :year)",
                      "--expression-attribute-values", json.dumps({":pk": {"S": "conv#alice-bob"}, ":year": {"S": "2024"}}),
                      "--no-scan-index-forward", "--page-size", "20")
        assert [it["sk"]["S"] for it in out["Items"]] == expected
    finally:
        ddb.delete_table(TableName=name)
    assert name not in ddb.list_tables()["TableNames"]
