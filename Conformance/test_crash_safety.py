"""Crash safety: writers run against a server on a -dbPath directory, the server is killed with SIGKILL
at a random moment, restarted, and every write it acknowledged before the kill must be there, intact.

Each writer thread has its own boto3 client and its own keys, so the expected state is known exactly:
- PutItem and DeleteItem on `put-<w>` items (a deleted item must stay deleted);
- UpdateItem ADD on a counter per writer;
- BatchWriteItem of 25 puts;
- TransactWriteItems: a marker item plus a transfer between two accounts, which must be all or nothing.
A write in flight at the kill may or may not have happened; once seen after a restart it must stay.
The secondary index must hold exactly the items that have its key.

CRASH_CYCLES   kill/restart cycles (default 3, a few seconds). The long form, recorded in
               Conformance/README.md ("Long runs"): CRASH_CYCLES=20 CRASH_WRITE_SECONDS=3.
CRASH_SEED     repeats a run's random kill moments (printed when a check fails).
Cycles alternate between the default durability and -syncEveryCommit (fsync every commit) on the
same files. Needs DYNAMOLOCAL_BIN."""
import hashlib
import os
import random
import tempfile
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY
from test_server_process import BIN, Server

pytestmark = pytest.mark.skipif(not BIN, reason="needs DYNAMOLOCAL_BIN")

CYCLES = int(os.environ.get("CRASH_CYCLES", "3"))
WRITE_SECONDS = float(os.environ.get("CRASH_WRITE_SECONDS", "1.0"))
SEED = int(os.environ.get("CRASH_SEED", str(random.randrange(1 << 30))))
TABLE = "crash"
ABSENT = None


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def writer_client(endpoint):
    # One attempt only: a retry of an ADD whose first attempt committed would count twice.
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY,
                        config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=10))


def payload(key):
    """The attributes a put writes for `key`: varied sizes, and a digest to prove the value is intact."""
    pk, sk = key
    text = f"{pk}:{sk}:" * (sk % 40 + 1)
    return {"v": text, "h": hashlib.sha256(text.encode()).hexdigest(), "g": f"g{sk % 4}"}


def item_of(key):
    pk, sk = key
    attrs = payload(key)
    return {"pk": s(pk), "sk": n(sk), "v": s(attrs["v"]), "h": s(attrs["h"]), "g": s(attrs["g"])}


class Model:
    """What the database may hold. `allowed` maps an item key to the states it may be in (a payload
    key, or ABSENT); a write in flight at the kill adds its state to the one before it."""

    def __init__(self, writers):
        self.lock = threading.Lock()
        self.allowed = {}
        self.next_seq = {w: 1 for w in range(writers)}
        self.counters = {w: (0, 0) for w in range(writers)}  # (lowest, highest) allowed value
        self.markers = {}  # (pk, seq) -> allowed {True, False}
        self.in_flight = [0, 0]  # writes in flight at a kill: found after it, and in all

    def record(self, key, state, acknowledged):
        with self.lock:
            before = self.allowed.get(key, {ABSENT})
            self.allowed[key] = {state} if acknowledged else before | {state}


def run_writers(endpoint, model, rng, kill):
    """Starts the writers, kills the server after a random delay, returns once every writer stopped."""
    stop = threading.Event()
    problems = []

    def seq(w):
        with model.lock:
            value = model.next_seq[w]
            model.next_seq[w] += 1
            return value

    def putter(w, r):
        client = writer_client(endpoint)
        with model.lock:  # items from earlier cycles may be deleted too
            mine = sorted(k for k, allowed in model.allowed.items() if k[0] == f"put-{w}" and allowed == {k})
        while not stop.is_set():
            if mine and r.random() < 0.2:
                key = mine.pop(r.randrange(len(mine)))
                state = ABSENT
                call = lambda: client.delete_item(TableName=TABLE, Key={"pk": s(key[0]), "sk": n(key[1])})
            else:
                key = (f"put-{w}", seq(w))
                state = key
                call = lambda: client.put_item(TableName=TABLE, Item=item_of(key))
            try:
                call()
            except ClientError as e:
                problems.append(f"putter {w}: {e}")
                return
            except Exception:
                model.record(key, state, acknowledged=False)
                return
            model.record(key, state, acknowledged=True)
            if state is not ABSENT:
                mine.append(key)

    def counter(w, r):
        client = writer_client(endpoint)
        while not stop.is_set():
            try:
                client.update_item(TableName=TABLE, Key={"pk": s(f"count-{w}"), "sk": n(0)},
                                   UpdateExpression="ADD c :one", ExpressionAttributeValues={":one": n(1)})
            except ClientError as e:
                problems.append(f"counter {w}: {e}")
                return
            except Exception:
                with model.lock:
                    low, high = model.counters[w]
                    model.counters[w] = (low, high + 1)
                return
            with model.lock:
                low, high = model.counters[w]
                model.counters[w] = (low + 1, high + 1)

    def batcher(w, r):
        client = writer_client(endpoint)
        while not stop.is_set():
            keys = [(f"batch-{w}", seq(w)) for _ in range(25)]
            try:
                resp = client.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item_of(k)}} for k in keys]})
            except ClientError as e:
                problems.append(f"batcher {w}: {e}")
                return
            except Exception:
                for k in keys:
                    model.record(k, k, acknowledged=False)
                return
            unprocessed = {(i["PutRequest"]["Item"]["pk"]["S"], int(i["PutRequest"]["Item"]["sk"]["N"]))
                           for i in resp.get("UnprocessedItems", {}).get(TABLE, [])}
            for k in keys:
                model.record(k, k, acknowledged=k not in unprocessed)

    def transactor(w, r):
        client = writer_client(endpoint)
        while not stop.is_set():
            number = seq(w)
            amount = number % 7 + 1
            actions = [
                {"Put": {"TableName": TABLE, "Item": {"pk": s(f"tx-{w}"), "sk": n(number), "amount": n(amount)},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": {"TableName": TABLE, "Key": {"pk": s(f"acct-{w}"), "sk": n(0)},
                            "UpdateExpression": "ADD bal :minus, transfers :one",
                            "ExpressionAttributeValues": {":minus": n(-amount), ":one": n(1)}}},
                {"Update": {"TableName": TABLE, "Key": {"pk": s(f"acct-{w}"), "sk": n(1)},
                            "UpdateExpression": "ADD bal :plus, transfers :one",
                            "ExpressionAttributeValues": {":plus": n(amount), ":one": n(1)}}},
            ]
            try:
                client.transact_write_items(TransactItems=actions)
            except ClientError as e:
                problems.append(f"transactor {w}: {e}")
                return
            except Exception:
                with model.lock:
                    model.markers[(f"tx-{w}", number)] = {True, False}
                return
            with model.lock:
                model.markers[(f"tx-{w}", number)] = {True}

    kinds = [putter, counter, batcher, transactor]
    threads = []
    for w in range(len(model.next_seq)):
        kind = kinds[w % len(kinds)]
        threads.append(threading.Thread(target=kind, args=(w, random.Random(rng.random()))))
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.2, WRITE_SECONDS))
    kill()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a writer did not stop after the kill"
    assert not problems, problems[:5]


def scan_all(client, **kwargs):
    items, kwargs = [], {"TableName": TABLE, "ConsistentRead": True, **kwargs}
    if "IndexName" in kwargs:
        del kwargs["ConsistentRead"]  # not allowed on a global index
    while True:
        page = client.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def verify(client, model, writers):
    """Checks the database against the model, then narrows the model to what was found."""
    found = {(i["pk"]["S"], int(i["sk"]["N"])): i for i in scan_all(client)}
    lost = []

    for key, allowed in model.allowed.items():
        item = found.pop(key, None)
        state = ABSENT
        if item is not None:
            state = key
            attrs = payload(key)
            if item != item_of(key):
                lost.append(f"{key} is damaged: {str(item)[:200]} ({attrs['h'][:8]} expected)")
        if state not in allowed:
            lost.append(f"{key} is {'absent' if state is ABSENT else 'present'}, expected {allowed}")
        if len(allowed) > 1:
            model.in_flight[0] += state is not ABSENT
            model.in_flight[1] += 1
        model.allowed[key] = {state}

    for w in range(writers):
        item = found.pop((f"count-{w}", 0), None)
        low, high = model.counters[w]
        value = int(item["c"]["N"]) if item else 0
        if not low <= value <= high:
            lost.append(f"count-{w} is {value}, expected {low}..{high}")
        if high > low:
            model.in_flight[0] += value > low
            model.in_flight[1] += 1
        model.counters[w] = (value, value)

    applied = {}
    for key, allowed in model.markers.items():
        item = found.pop(key, None)
        if (item is not None) not in allowed:
            lost.append(f"transaction marker {key} is {'present' if item else 'absent'}, expected {allowed}")
        if len(allowed) > 1:
            model.in_flight[0] += item is not None
            model.in_flight[1] += 1
        if item is not None:
            applied.setdefault(key[0][3:], []).append(int(item["amount"]["N"]))
        model.markers[key] = {item is not None}
    for w in range(writers):
        a, b = found.pop((f"acct-{w}", 0), None), found.pop((f"acct-{w}", 1), None)
        amounts = applied.get(str(w), [])
        if not amounts and a is None and b is None:
            continue
        # All or nothing: both accounts moved by exactly the transactions whose marker is there.
        got = [(int(x["bal"]["N"]), int(x["transfers"]["N"])) if x else None for x in (a, b)]
        want = [(-sum(amounts), len(amounts)), (sum(amounts), len(amounts))]
        if got != want:
            lost.append(f"acct-{w} is {got}, expected {want} from markers")

    if found:
        lost.append(f"unexpected items: {sorted(found)[:5]}")

    # The index holds exactly the items that have its key.
    indexed = {(i["pk"]["S"], int(i["sk"]["N"])) for i in scan_all(client, IndexName="by-g")}
    expected = {key for key, allowed in model.allowed.items() if allowed == {key}}
    if indexed != expected:
        lost.append(f"index differs: missing {sorted(expected - indexed)[:5]}, extra {sorted(indexed - expected)[:5]}")
    return lost


def test_acknowledged_writes_survive_repeated_kill_9():
    writers = 8
    rng = random.Random(SEED)
    model = Model(writers)
    acknowledged_items = 0
    with tempfile.TemporaryDirectory() as d:
        server = Server("-dbPath", d, "-sharedDb")
        try:
            server.client().create_table(
                TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                                      {"AttributeName": "g", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                         "Projection": {"ProjectionType": "KEYS_ONLY"}}])
            for cycle in range(CYCLES):
                run_writers(server.endpoint, model, rng, server.kill9)
                flags = ["-syncEveryCommit"] if cycle % 2 == 0 else []
                server = Server("-dbPath", d, "-sharedDb", *flags)
                lost = verify(server.client(), model, writers)
                assert not lost, f"cycle {cycle + 1} of {CYCLES} (CRASH_SEED={SEED}): {lost[:10]}"
            acknowledged_items = sum(1 for allowed in model.allowed.values() if allowed != {ABSENT})
        finally:
            if server.proc.poll() is None:
                assert server.stop() == 0
    assert acknowledged_items > 0
    print(f"{CYCLES} kill -9 cycles, {acknowledged_items} items and "
          f"{sum(low for low, _ in model.counters.values())} counted increments checked, nothing lost; "
          f"{model.in_flight[0]} of {model.in_flight[1]} item writes in flight at the kills had happened (CRASH_SEED={SEED})")
