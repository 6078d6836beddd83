"""Cases that start and stop dynamodb-local themselves: the command line, the banner, files on
disk, restart and kill -9. They need DYNAMOLOCAL_BIN and are skipped without it."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from conftest import make_client

BIN = os.environ.get("DYNAMOLOCAL_BIN")
pytestmark = pytest.mark.skipif(not BIN, reason="needs DYNAMOLOCAL_BIN")

BANNER_FIRST_LINE = "Initializing DynamoDB Local with the following configuration:"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`host`: where to reach the server (for -bindAddress); the default suits the default bind."""

    def __init__(self, *args, cwd=None, host="127.0.0.1"):
        self.port = free_port()
        self.proc = subprocess.Popen([BIN, "-port", str(self.port), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, cwd=cwd, text=True)
        self.banner = []
        deadline = time.time() + 10
        while len(self.banner) < 7 and time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.banner.append(line.rstrip("\n"))
        self.endpoint = f"http://{host}:{self.port}"
        while time.time() < deadline:
            try:
                socket.create_connection((host, self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.02)

    def client(self, **kw):
        return make_client(endpoint_url=self.endpoint, **kw)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=10)


def create_table(client, name="restart"):
    client.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
                        BillingMode="PAY_PER_REQUEST")


def test_banner_matches_dynamodb_local():
    server = Server("-inMemory", "-sharedDb")
    try:
        assert server.banner == [
            BANNER_FIRST_LINE, f"Port:\t{server.port}", "InMemory:\ttrue", "DbPath:\tnull", "SharedDb:\ttrue",
            "shouldDelayTransientStatuses:\tfalse", "CorsParams:\t*",
        ]
    finally:
        assert server.stop() == 0


def test_sigterm_shuts_down_cleanly():
    server = Server("-inMemory")
    server.client().list_tables()
    assert server.stop() == 0


@pytest.mark.parametrize("args,message", [
    (["-inMemory", "-dbPath", "/tmp"], "dbPath and inMemory cannot be set at the same time."),
    (["-optimizeDbBeforeStartup"], "optimizeDbBeforeStartup option must be used with dbPath to determine the location of database files to optimize."),
    (["-port", "70000"], "Invalid Port. Port number must lie between 1 and 65535."),
    (["-nonsense"], "Error while parsing options. Unrecognized option: -nonsense"),
    (["-bindAddress", "example.com"], "Invalid bindAddress. It must be an IPv4 or IPv6 address"),
    (["-eventLoops", "0"], "Invalid eventLoops. It must be a whole number, from 1 to 256."),
])
def test_invalid_command_lines_fail(args, message):
    proc = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=10)
    assert proc.returncode != 0
    assert message in proc.stderr + proc.stdout


def test_help_and_version():
    proc = subprocess.run([BIN, "-help"], capture_output=True, text=True, timeout=10)
    assert proc.returncode == 0 and "-sharedDb" in proc.stdout and "-inMemory" in proc.stdout
    proc = subprocess.run([BIN, "-version"], capture_output=True, text=True, timeout=10)
    assert proc.returncode == 0 and proc.stdout.strip()


def connects(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux's whole 127.0.0.0/8 on loopback")
def test_bind_address_chooses_where_the_server_listens():
    # The default listens on every interface, as DynamoDB Local does: both loopback addresses answer.
    server = Server("-inMemory")
    try:
        assert connects("127.0.0.1", server.port) and connects("127.0.0.2", server.port)
    finally:
        server.stop()
    server = Server("-inMemory", "-bindAddress", "127.0.0.2", host="127.0.0.2")
    try:
        assert server.banner[0] == BANNER_FIRST_LINE  # the banner does not change
        assert server.client().list_tables()["TableNames"] == []
        assert not connects("127.0.0.1", server.port)
    finally:
        assert server.stop() == 0


def test_bind_address_that_is_not_this_machines_fails_at_start():
    # 192.0.2.0/24 is reserved for documentation (RFC 5737): never a local address.
    proc = subprocess.run([BIN, "-inMemory", "-port", str(free_port()), "-bindAddress", "192.0.2.1"],
                          capture_output=True, text=True, timeout=10)
    assert proc.returncode != 0
    assert "Could not start DynamoLocal on port" in proc.stderr


def test_java_launcher_arguments_are_ignored():
    server = Server("-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory")
    try:
        assert server.banner[0] == BANNER_FIRST_LINE
        server.client().list_tables()
    finally:
        server.stop()


def test_database_file_per_credential_and_region():
    with tempfile.TemporaryDirectory() as d:
        server = Server("-dbPath", d)
        try:
            create_table(server.client(access_key="AKIDONE", region="us-west-2"))
            assert server.client(access_key="AKIDTWO", region="us-west-2").list_tables()["TableNames"] == []
            assert "AKIDONE_us-west-2.db" in os.listdir(d)
        finally:
            server.stop()
        server = Server("-dbPath", d, "-sharedDb")
        try:
            create_table(server.client())
            assert "shared-local-instance.db" in os.listdir(d)
        finally:
            server.stop()


def test_a_clean_stop_leaves_the_data_in_the_database_file():
    # People copy shared-local-instance.db (fixtures, seed data). After SIGTERM the WAL must have
    # been folded into it and removed, so the file alone holds every write.
    with tempfile.TemporaryDirectory() as d, tempfile.TemporaryDirectory() as copy:
        server = Server("-dbPath", d, "-sharedDb")
        try:
            client = server.client()
            create_table(client)
            for n in range(50):
                client.put_item(TableName="restart", Item={"pk": {"S": "a"}, "sk": {"N": str(n)}})
        finally:
            assert server.stop() == 0
        assert sorted(os.listdir(d)) == ["shared-local-instance.db"]
        with open(os.path.join(d, "shared-local-instance.db"), "rb") as source, \
                open(os.path.join(copy, "shared-local-instance.db"), "wb") as target:
            target.write(source.read())
        server = Server("-dbPath", copy, "-sharedDb")
        try:
            items = server.client().query(TableName="restart", KeyConditionExpression="pk = :a",
                                          ExpressionAttributeValues={":a": {"S": "a"}})["Items"]
            assert [int(item["sk"]["N"]) for item in items] == list(range(50))
        finally:
            server.stop()


def test_a_stop_under_load_loses_no_acknowledged_write():
    # SIGTERM while eight writers are busy (requests in flight on the engine thread): the process
    # exits 0 with nothing said, and every PutItem that was acknowledged is in the database after a
    # restart.
    with tempfile.TemporaryDirectory() as d:
        server = Server("-dbPath", d, "-sharedDb")
        create_table(server.client())
        acknowledged, lock = [], threading.Lock()

        def writer(w):
            client = server.client()
            for i in range(100000):
                try:
                    client.put_item(TableName="restart", Item={"pk": {"S": f"w{w}"}, "sk": {"N": str(i)}})
                except Exception:
                    return
                with lock:
                    acknowledged.append((f"w{w}", i))

        writers = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
        for t in writers:
            t.start()
        time.sleep(1.0)
        assert server.stop() == 0
        for t in writers:
            t.join(timeout=30)
        assert server.proc.stdout.read() == ""
        assert len(acknowledged) > 100

        server = Server("-dbPath", d, "-sharedDb")
        try:
            client = server.client()
            found, kwargs = set(), {"TableName": "restart"}
            while True:
                page = client.scan(**kwargs)
                found |= {(item["pk"]["S"], int(item["sk"]["N"])) for item in page["Items"]}
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            assert set(acknowledged) <= found
        finally:
            server.stop()


def test_in_memory_keeps_nothing_on_disk():
    with tempfile.TemporaryDirectory() as d:
        server = Server("-inMemory", cwd=d)
        try:
            create_table(server.client())
        finally:
            server.stop()
        assert os.listdir(d) == []


def test_acknowledged_writes_survive_kill_9():
    with tempfile.TemporaryDirectory() as d:
        server = Server("-dbPath", d, "-sharedDb")
        client = server.client()
        create_table(client)
        for i in range(200):
            client.put_item(TableName="restart", Item={"pk": {"S": f"p{i % 7}"}, "sk": {"N": str(i)}, "v": {"S": "x" * i}})
        client.batch_write_item(RequestItems={"restart": [
            {"PutRequest": {"Item": {"pk": {"S": "batch"}, "sk": {"N": str(i)}}}} for i in range(25)]})
        client.delete_item(TableName="restart", Key={"pk": {"S": "p0"}, "sk": {"N": "0"}})
        server.kill9()

        server = Server("-dbPath", d, "-sharedDb")
        try:
            client = server.client()
            items = []
            kwargs = {"TableName": "restart"}
            while True:
                page = client.scan(**kwargs)
                items += page["Items"]
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            assert len(items) == 199 + 25
            got = {(i["pk"]["S"], int(i["sk"]["N"])): i for i in items}
            assert ("p0", 0) not in got
            for i in range(1, 200):
                assert got[(f"p{i % 7}", i)]["v"]["S"] == "x" * i
            assert client.describe_table(TableName="restart")["Table"]["ItemCount"] == 224
        finally:
            server.stop()


def test_index_entries_and_stream_records_survive_kill_9():
    with tempfile.TemporaryDirectory() as d:
        server = Server("-dbPath", d, "-sharedDb")
        client = server.client()
        client.create_table(
            TableName="durable", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        for i in range(30):
            client.put_item(TableName="durable", Item={"pk": {"S": f"k{i}"}, "g": {"S": f"g{i % 3}"}})
        arn = client.describe_table(TableName="durable")["Table"]["LatestStreamArn"]
        server.kill9()

        server = Server("-dbPath", d, "-sharedDb")
        try:
            client = server.client()
            resp = client.query(TableName="durable", IndexName="by-g", KeyConditionExpression="g = :g",
                                ExpressionAttributeValues={":g": {"S": "g1"}})
            assert sorted(i["pk"]["S"] for i in resp["Items"]) == sorted(f"k{i}" for i in range(30) if i % 3 == 1)
            streams = make_client("dynamodbstreams", endpoint_url=server.endpoint)
            shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            records = streams.get_records(ShardIterator=it)["Records"]
            assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == [f"k{i}" for i in range(30)]
        finally:
            server.stop()


def test_delay_transient_statuses_and_waiters():
    server = Server("-inMemory", "-delayTransientStatuses")
    try:
        client = server.client()
        resp = client.create_table(
            TableName="slow", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}])
        assert resp["TableDescription"]["TableStatus"] == "CREATING"
        assert resp["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
        client.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
        table = client.describe_table(TableName="slow")["Table"]
        assert table["TableStatus"] == "ACTIVE" and table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
        assert client.delete_table(TableName="slow")["TableDescription"]["TableStatus"] == "DELETING"
        assert client.describe_table(TableName="slow")["Table"]["TableStatus"] == "DELETING"
        client.get_waiter("table_not_exists").wait(TableName="slow", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    finally:
        server.stop()


def test_waiters_without_the_flag():
    server = Server("-inMemory")
    try:
        client = server.client()
        client.create_table(TableName="fast", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        client.get_waiter("table_exists").wait(TableName="fast", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        client.delete_table(TableName="fast")
        client.get_waiter("table_not_exists").wait(TableName="fast", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    finally:
        server.stop()
