"""Transactions under concurrency: movers shift a counter between two items with TransactWriteItems
(the sum is invariant), other writers do single PutItem/UpdateItem on their own items, and readers
check with TransactGetItems (the sum, in one snapshot) and GetItem (each item's version never goes
back). At the end no acknowledged write may be missing. About ten seconds."""
import random
import threading
import time

from botocore.exceptions import ClientError

from conftest import TARGET, make_client
from ops_helpers import temp_table

DURATION = 6.0
TOTAL = 1000


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def test_transfers_keep_the_sum_and_lose_no_write(ddb):
    with temp_table(ddb, ("pk", "S"), prefix="iso") as table:
        for pk in ("A", "B"):
            ddb.put_item(TableName=table, Item={"pk": s(pk), "n": n(TOTAL // 2), "v": n(0)})
        stop = time.monotonic() + DURATION
        lock = threading.Lock()
        failures, conflicts = [], []
        moved = {"net": 0, "transfers": 0}
        counted = {}
        last_put = {}
        reads = {"tx": 0, "get": 0}

        def fail(text):
            with lock:
                failures.append(text)

        def conflicted(error):
            code = error.response["Error"]["Code"]
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if code == "TransactionConflictException" or "TransactionConflict" in reasons:
                with lock:
                    conflicts.append(code)
                return True
            return False

        def mover(seed):
            client, rng = make_client(), random.Random(seed)
            while time.monotonic() < stop:
                amount = rng.randint(1, 5)
                source, target = ("A", "B") if rng.random() < 0.5 else ("B", "A")
                try:
                    client.transact_write_items(TransactItems=[
                        {"Update": {"TableName": table, "Key": {"pk": s(source)},
                                    "UpdateExpression": "SET n = n - :a, v = v + :one", "ConditionExpression": "n >= :a",
                                    "ExpressionAttributeValues": {":a": n(amount), ":one": n(1)}}},
                        {"Update": {"TableName": table, "Key": {"pk": s(target)},
                                    "UpdateExpression": "SET n = n + :a, v = v + :one",
                                    "ExpressionAttributeValues": {":a": n(amount), ":one": n(1)}}},
                    ])
                except ClientError as e:
                    if conflicted(e) or e.response["Error"]["Code"] == "TransactionCanceledException":
                        continue  # not enough in the source, or the emulator's own conflict: not applied
                    fail(f"mover: {e}")
                    return
                with lock:
                    moved["net"] += amount if source == "A" else -amount
                    moved["transfers"] += 1

        def counter(seed):
            client, pk, acknowledged = make_client(), f"count-{seed}", 0
            while time.monotonic() < stop:
                client.update_item(TableName=table, Key={"pk": s(pk)}, UpdateExpression="ADD c :one",
                                   ExpressionAttributeValues={":one": n(1)})
                acknowledged += 1
            with lock:
                counted[pk] = acknowledged

        def putter(seed):
            client, pk, sequence = make_client(), f"put-{seed}", 0
            while time.monotonic() < stop:
                sequence += 1
                client.put_item(TableName=table, Item={"pk": s(pk), "seq": n(sequence)})
            with lock:
                last_put[pk] = sequence

        def tx_reader():
            client = make_client()
            while time.monotonic() < stop:
                try:
                    got = client.transact_get_items(TransactItems=[
                        {"Get": {"TableName": table, "Key": {"pk": s("A")}}},
                        {"Get": {"TableName": table, "Key": {"pk": s("B")}}}])
                except ClientError as e:
                    if conflicted(e):
                        continue
                    fail(f"reader: {e}")
                    return
                total = sum(int(r["Item"]["n"]["N"]) for r in got["Responses"])
                if total != TOTAL:
                    fail(f"TransactGetItems saw a sum of {total}")
                    return
                with lock:
                    reads["tx"] += 1

        def get_reader():
            client, seen = make_client(), {"A": 0, "B": 0}
            while time.monotonic() < stop:
                for pk in ("A", "B"):
                    got = client.get_item(TableName=table, Key={"pk": s(pk)}, ConsistentRead=True)["Item"]
                    version, value = int(got["v"]["N"]), int(got["n"]["N"])
                    if version < seen[pk] or not 0 <= value <= TOTAL:
                        fail(f"GetItem saw {pk} at version {version} after {seen[pk]}, n={value}")
                        return
                    seen[pk] = version
                with lock:
                    reads["get"] += 1

        threads = ([threading.Thread(target=mover, args=(i,)) for i in range(4)]
                   + [threading.Thread(target=counter, args=(i,)) for i in range(2)]
                   + [threading.Thread(target=putter, args=(i,)) for i in range(2)]
                   + [threading.Thread(target=tx_reader) for _ in range(2)]
                   + [threading.Thread(target=get_reader) for _ in range(2)])
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=DURATION + 30)
        assert not failures, failures[:5]
        assert moved["transfers"] > 0 and reads["tx"] > 0 and reads["get"] > 0

        final = {pk: ddb.get_item(TableName=table, Key={"pk": s(pk)}, ConsistentRead=True)["Item"] for pk in ("A", "B")}
        assert int(final["A"]["n"]["N"]) == TOTAL // 2 - moved["net"]
        assert int(final["B"]["n"]["N"]) == TOTAL // 2 + moved["net"]
        # Every acknowledged transfer bumped both versions once.
        assert int(final["A"]["v"]["N"]) == int(final["B"]["v"]["N"]) == moved["transfers"]
        for pk, acknowledged in counted.items():
            assert ddb.get_item(TableName=table, Key={"pk": s(pk)})["Item"]["c"] == n(acknowledged)
        for pk, sequence in last_put.items():
            assert ddb.get_item(TableName=table, Key={"pk": s(pk)})["Item"]["seq"] == n(sequence)
        if TARGET == "dynamolocal":
            # One writer at a time per namespace: transactions never conflict (docs/ARCHITECTURE.md).
            assert conflicts == []
