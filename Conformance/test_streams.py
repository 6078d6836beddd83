"""DynamoDB Streams on the same endpoint (DynamoDBStreams_20120810.*), through boto3's
dynamodbstreams client and the aws CLI; Time to Live expiry seen in Scan and in the stream."""
import time

import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from conftest import TARGET, aws_cli, make_client, unique_name
from ops_helpers import create_chat_table

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]


@pytest.fixture(scope="module")
def streams():
    return make_client("dynamodbstreams")


def make_table(ddb, view_type="NEW_AND_OLD_IMAGES", extra=None):
    name = unique_name("stream")
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type}, **(extra or {}))
    return name


def shard_iterator(streams, arn, kind="TRIM_HORIZON", **kw):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **kw)["ShardIterator"]


def read_all(streams, arn, kind="TRIM_HORIZON", **kw):
    records, iterator = [], shard_iterator(streams, arn, kind, **kw)
    for _ in range(20):
        page = streams.get_records(ShardIterator=iterator)
        records += page["Records"]
        iterator = page.get("NextShardIterator")
        if not page["Records"] or not iterator:
            break
    return records


@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_records_for_each_view_type(ddb, streams, view_type):
    name = make_table(ddb, view_type)
    try:
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"N": "1"}})  # no change: no record
        ddb.update_item(TableName=name, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :two",
                        ExpressionAttributeValues={":two": {"N": "2"}})
        ddb.delete_item(TableName=name, Key={"pk": {"S": "a"}})
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        records = read_all(streams, arn)
        assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        assert seqs == sorted(seqs) and len(set(seqs)) == 3
        for r in records:
            assert r["eventSource"] == "aws:dynamodb" and r["eventVersion"] == "1.1"
            assert r["dynamodb"]["Keys"] == {"pk": {"S": "a"}}
            assert r["dynamodb"]["StreamViewType"] == view_type
        new = [r["dynamodb"].get("NewImage") for r in records]
        old = [r["dynamodb"].get("OldImage") for r in records]
        if view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
            assert new == [{"pk": {"S": "a"}, "v": {"N": "1"}}, {"pk": {"S": "a"}, "v": {"N": "2"}}, None]
        else:
            assert new == [None, None, None]
        if view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
            assert old == [None, {"pk": {"S": "a"}, "v": {"N": "1"}}, {"pk": {"S": "a"}, "v": {"N": "2"}}]
        else:
            assert old == [None, None, None]
        # Keys plus the images: the sizes DynamoDB Local reports too.
        if view_type == "NEW_AND_OLD_IMAGES":
            assert [r["dynamodb"]["SizeBytes"] for r in records] == [9, 15, 9]
    finally:
        ddb.delete_table(TableName=name)


def test_iterator_types_and_paging(ddb, streams):
    name = make_table(ddb, "KEYS_ONLY")
    try:
        for i in range(5):
            ddb.put_item(TableName=name, Item={"pk": {"S": f"k{i}"}})
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        everything = read_all(streams, arn)
        seqs = [r["dynamodb"]["SequenceNumber"] for r in everything]
        assert len(seqs) == 5
        at = read_all(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=seqs[2])
        assert [r["dynamodb"]["SequenceNumber"] for r in at] == seqs[2:]
        after = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=seqs[2])
        assert [r["dynamodb"]["SequenceNumber"] for r in after] == seqs[3:]
        latest = shard_iterator(streams, arn, "LATEST")
        page = streams.get_records(ShardIterator=latest)
        assert page["Records"] == [] and page["NextShardIterator"]
        ddb.put_item(TableName=name, Item={"pk": {"S": "late"}})
        page = streams.get_records(ShardIterator=page["NextShardIterator"])
        assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]] == ["late"]
        # Limit pages through the records.
        first = streams.get_records(ShardIterator=shard_iterator(streams, arn), Limit=2)
        assert len(first["Records"]) == 2
        second = streams.get_records(ShardIterator=first["NextShardIterator"], Limit=2)
        assert [r["dynamodb"]["SequenceNumber"] for r in second["Records"]] == seqs[2:4]
    finally:
        ddb.delete_table(TableName=name)


def test_disable_closes_and_enable_opens_a_new_stream(ddb, streams):
    name = make_table(ddb, "NEW_IMAGE")
    try:
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
        first = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        iterator = shard_iterator(streams, first)
        ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        desc = streams.describe_stream(StreamArn=first)["StreamDescription"]
        assert desc["StreamStatus"] == "DISABLED"
        assert "EndingSequenceNumber" in desc["Shards"][0]["SequenceNumberRange"]
        # A closed shard read to its end has no next iterator.
        page = streams.get_records(ShardIterator=iterator)
        assert len(page["Records"]) == 1 and "NextShardIterator" not in page
        ddb.put_item(TableName=name, Item={"pk": {"S": "b"}})  # not recorded anywhere
        time.sleep(0.01)
        ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        second = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        assert second != first
        listed = [s["StreamArn"] for s in streams.list_streams(TableName=name)["Streams"]]
        assert listed == [second, first]
        assert streams.describe_stream(StreamArn=second)["StreamDescription"]["StreamStatus"] == "ENABLED"
    finally:
        ddb.delete_table(TableName=name)


def test_list_streams_paging(ddb, streams):
    names = [make_table(ddb, "KEYS_ONLY") for _ in range(3)]
    try:
        arns = []
        start = None
        for _ in range(1000):
            page = streams.list_streams(Limit=2, **({"ExclusiveStartStreamArn": start} if start else {}))
            assert len(page["Streams"]) <= 2
            arns += [s["StreamArn"] for s in page["Streams"]]
            start = page.get("LastEvaluatedStreamArn")
            if not start:
                break
        for name in names:
            assert any(f":table/{name}/stream/" in arn for arn in arns)
    finally:
        for name in names:
            ddb.delete_table(TableName=name)


def test_errors(ddb, streams):
    name = make_table(ddb, "KEYS_ONLY")
    try:
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        cases = [
            (lambda: streams.describe_stream(StreamArn=arn + "x"), "ResourceNotFoundException",
             f"Requested resource not found: Stream: {arn}x not found"),
            (lambda: streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000",
                                                ShardIteratorType="LATEST"), "ResourceNotFoundException", "Shard does not exist"),
            (lambda: streams.get_records(ShardIterator="garbage"), "ValidationException", "Invalid ShardIterator"),
            (lambda: streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON",
                                                SequenceNumber="0" * 21), "ValidationException",
             "One or more parameter values were invalid: SequenceNumber should not be passed for this iterator type"),
        ]
        for call, code, message in cases:
            with pytest.raises(ClientError) as e:
                call()
            assert (e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]) == (code, message)
    finally:
        ddb.delete_table(TableName=name)


def test_streams_from_the_cli(ddb):
    name = make_table(ddb, "NEW_IMAGE")
    try:
        ddb.put_item(TableName=name, Item={"pk": {"S": "cli"}})
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        desc = aws_cli("dynamodbstreams", "describe-stream", "--stream-arn", arn)
        shard = desc["StreamDescription"]["Shards"][0]["ShardId"]
        it = aws_cli("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id", shard,
                     "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
        records = aws_cli("dynamodbstreams", "get-records", "--shard-iterator", it)["Records"]
        assert [r["dynamodb"]["NewImage"] for r in records] == [{"pk": {"S": "cli"}}]
    finally:
        ddb.delete_table(TableName=name)


# ---------------------------------------------------------------- Time to Live expiry

def test_ttl_expiry_in_scan_and_stream(ddb, streams):
    # Checked against DynamoDB Local 1.13.5, which expires items too.
    name = make_table(ddb, "NEW_AND_OLD_IMAGES")
    try:
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
        now = int(time.time())
        ddb.put_item(TableName=name, Item={"pk": {"S": "old"}, "expires": {"N": str(now - 60)}})
        ddb.put_item(TableName=name, Item={"pk": {"S": "future"}, "expires": {"N": str(now + 3600)}})
        ddb.put_item(TableName=name, Item={"pk": {"S": "text"}, "expires": {"S": str(now - 60)}})
        ddb.put_item(TableName=name, Item={"pk": {"S": "ancient"}, "expires": {"N": str(now - 6 * 365 * 86400)}})
        deadline = time.time() + 15
        while time.time() < deadline:
            keys = sorted(i["pk"]["S"] for i in ddb.scan(TableName=name)["Items"])
            if "old" not in keys:
                break
            time.sleep(0.25)
        assert keys == ["ancient", "future", "text"]
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        removes = [r for r in read_all(streams, arn) if r["eventName"] == "REMOVE"]
        assert len(removes) == 1
        assert removes[0]["dynamodb"]["Keys"] == {"pk": {"S": "old"}}
        assert removes[0]["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
    finally:
        ddb.delete_table(TableName=name)


# ---------------------------------------------------------------- the chat app's consumer

def test_chat_app_stream_consumer(ddb, ddb_resource, streams):
    """A NEW_IMAGE stream on the messages table; the consumer reads the INSERT of a new message and
    rewrites both message-group rows (found through the message-group-sk-index GSI) with the new
    sort key and text. Its own writes show up as REMOVE and INSERT records."""
    name = unique_name("chat")
    create_chat_table(ddb, name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    try:
        t = ddb_resource.Table(name)
        # The two users' message-group rows point at the group and carry the last message.
        for user in ("alice", "bob"):
            t.put_item(Item={"pk": f"GRP#{user}", "sk": "2025-01-01T00:00", "message_group_uuid": "g1", "message": "hello"})
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        iterator = shard_iterator(streams, arn, "LATEST")

        t.put_item(Item={"pk": "MSG#g1", "sk": "2025-01-02T09:30", "message": "new text"})

        page = streams.get_records(ShardIterator=iterator)
        (record,) = page["Records"]
        assert record["eventName"] == "INSERT"
        image = record["dynamodb"]["NewImage"]
        # The consumer: for a message, replace each group row with the new sort key and text.
        if image["pk"]["S"].startswith("MSG#"):
            group = image["pk"]["S"][4:]
            rows = t.query(IndexName="message-group-sk-index", KeyConditionExpression=Key("message_group_uuid").eq(group),
                           ScanIndexForward=False)["Items"]
            assert len(rows) == 2
            for row in rows:
                t.delete_item(Key={"pk": row["pk"], "sk": row["sk"]})
                t.put_item(Item={"pk": row["pk"], "sk": image["sk"]["S"], "message_group_uuid": group,
                                 "message": image["message"]["S"]})

        rows = t.query(IndexName="message-group-sk-index", KeyConditionExpression=Key("message_group_uuid").eq("g1"))["Items"]
        assert sorted((r["pk"], r["sk"], r["message"]) for r in rows) == [
            ("GRP#alice", "2025-01-02T09:30", "new text"), ("GRP#bob", "2025-01-02T09:30", "new text")]
        follow = streams.get_records(ShardIterator=page["NextShardIterator"])["Records"]
        assert [r["eventName"] for r in follow] == ["REMOVE", "INSERT", "REMOVE", "INSERT"]
        assert all(r["dynamodb"]["Keys"]["pk"]["S"].startswith("GRP#") for r in follow)
    finally:
        ddb.delete_table(TableName=name)


def test_a_transactions_writes_appear_in_the_stream(ddb, streams):
    name = make_table(ddb, "NEW_IMAGE")
    try:
        ddb.put_item(TableName=name, Item={"pk": {"S": "gone"}})
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": {"S": "t1"}}}},
            {"Update": {"TableName": name, "Key": {"pk": {"S": "t2"}}, "UpdateExpression": "SET v = :v",
                        "ExpressionAttributeValues": {":v": {"N": "1"}}}},
            {"Delete": {"TableName": name, "Key": {"pk": {"S": "gone"}}}},
            {"ConditionCheck": {"TableName": name, "Key": {"pk": {"S": "none"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
        ])
        # A cancelled transaction leaves no record.
        with pytest.raises(ClientError):
            ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": name, "Item": {"pk": {"S": "never"}}}},
                {"ConditionCheck": {"TableName": name, "Key": {"pk": {"S": "t1"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
            ])
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        events = [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in read_all(streams, arn)]
        assert events[0] == ("INSERT", "gone")
        # One record per changed item, none for the condition check; the service gives no order within
        # a transaction, so compare as a set.
        assert sorted(events[1:]) == [("INSERT", "t1"), ("INSERT", "t2"), ("REMOVE", "gone")]
    finally:
        ddb.delete_table(TableName=name)
