"""No lost update under contention: 32 client threads, each with its own boto3 client.

- Half do optimistic locking on a few shared counters: read the item (version v), then UpdateItem
  SET n = n + :one, m = :m_read_plus_one, version = :v_plus_one with ConditionExpression version = :v,
  retrying on ConditionalCheckFailedException. `n` is incremented by the server and `m` by the client
  from what it read, so a condition that let two writers through with one version shows in either.
- Half move amounts between accounts with TransactWriteItems (a ConditionExpression keeps balances
  from going negative), so the total is invariant.
At the end every counter equals the number of successful increments, and every balance equals its
start plus what the successful transfers imply.

CONCURRENCY_SECONDS   how long the threads run (default 3; the long form, in Conformance/README.md
                      "Long runs", is CONCURRENCY_SECONDS=120)."""
import os
import random
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, ENDPOINT, REGION, SECRET_KEY
from ops_helpers import temp_table

DURATION = float(os.environ.get("CONCURRENCY_SECONDS", "3"))
THREADS = 32
COUNTERS = 4
ACCOUNTS = 8
START_BALANCE = 1000


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def make_clients(count):
    # One session for all clients: they share the loaded service model, so creating 32 is quick.
    # No retries: the test does its own, and a hidden retry could apply a write twice.
    session = boto3.session.Session()
    return [session.client("dynamodb", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                           aws_secret_access_key=SECRET_KEY,
                           config=Config(retries={"total_max_attempts": 1}, read_timeout=30))
            for _ in range(count)]


def test_optimistic_increments_and_transfers_lose_no_update(ddb):
    with temp_table(ddb, ("pk", "S"), prefix="conc") as table:
        for c in range(COUNTERS):
            ddb.put_item(TableName=table, Item={"pk": s(f"counter-{c}"), "n": n(0), "m": n(0), "version": n(0)})
        for a in range(ACCOUNTS):
            ddb.put_item(TableName=table, Item={"pk": s(f"account-{a}"), "bal": n(START_BALANCE), "moves": n(0)})

        clients = make_clients(THREADS)
        start = threading.Barrier(THREADS + 1)
        failures = []
        # Each thread appends to its own lists; they are summed after join.
        increments = [[0] * COUNTERS for _ in range(THREADS)]
        retries = [0] * THREADS
        deltas = [[0] * ACCOUNTS for _ in range(THREADS)]
        moves = [[0] * ACCOUNTS for _ in range(THREADS)]
        refused = [0] * THREADS

        def incrementer(i):
            client, rng = clients[i], random.Random(i)
            start.wait()
            stop = time.monotonic() + DURATION
            while time.monotonic() < stop:
                c = rng.randrange(COUNTERS)
                key = {"pk": s(f"counter-{c}")}
                item = client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
                version, m = int(item["version"]["N"]), int(item["m"]["N"])
                try:
                    client.update_item(
                        TableName=table, Key=key,
                        UpdateExpression="SET n = n + :one, m = :m, version = :next",
                        ConditionExpression="version = :v",
                        ExpressionAttributeValues={":one": n(1), ":m": n(m + 1), ":next": n(version + 1), ":v": n(version)})
                except ClientError as e:
                    if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
                        retries[i] += 1
                        continue
                    failures.append(f"incrementer {i}: {e}")
                    return
                increments[i][c] += 1

        def mover(i):
            client, rng = clients[i], random.Random(i)
            start.wait()
            stop = time.monotonic() + DURATION
            while time.monotonic() < stop:
                source, target = rng.sample(range(ACCOUNTS), 2)
                amount = rng.randint(1, 50)
                try:
                    client.transact_write_items(TransactItems=[
                        {"Update": {"TableName": table, "Key": {"pk": s(f"account-{source}")},
                                    "UpdateExpression": "SET bal = bal - :a, moves = moves + :one",
                                    "ConditionExpression": "bal >= :a",
                                    "ExpressionAttributeValues": {":a": n(amount), ":one": n(1)}}},
                        {"Update": {"TableName": table, "Key": {"pk": s(f"account-{target}")},
                                    "UpdateExpression": "SET bal = bal + :a, moves = moves + :one",
                                    "ExpressionAttributeValues": {":a": n(amount), ":one": n(1)}}},
                    ])
                except ClientError as e:
                    # Cancelled (not enough in the source, or DynamoDB Local's TransactionConflict): not applied.
                    if e.response["Error"]["Code"] in ("TransactionCanceledException", "TransactionConflictException"):
                        refused[i] += 1
                        continue
                    failures.append(f"mover {i}: {e}")
                    return
                deltas[i][source] -= amount
                deltas[i][target] += amount
                moves[i][source] += 1
                moves[i][target] += 1

        threads = [threading.Thread(target=incrementer if i % 2 == 0 else mover, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        start.wait()
        for t in threads:
            t.join(timeout=DURATION + 60)
        assert not any(t.is_alive() for t in threads)
        assert not failures, failures[:5]

        succeeded = [sum(per[c] for per in increments) for c in range(COUNTERS)]
        assert sum(succeeded) > 0 and sum(sum(d != 0 for d in per) for per in deltas) > 0
        for c in range(COUNTERS):
            item = ddb.get_item(TableName=table, Key={"pk": s(f"counter-{c}")}, ConsistentRead=True)["Item"]
            assert (int(item["n"]["N"]), int(item["m"]["N"]), int(item["version"]["N"])) == (succeeded[c],) * 3, \
                f"counter-{c}: {item} after {succeeded[c]} successful increments"

        balances = []
        for a in range(ACCOUNTS):
            item = ddb.get_item(TableName=table, Key={"pk": s(f"account-{a}")}, ConsistentRead=True)["Item"]
            expected = START_BALANCE + sum(per[a] for per in deltas)
            assert int(item["bal"]["N"]) == expected, f"account-{a}: {item}, expected balance {expected}"
            assert int(item["moves"]["N"]) == sum(per[a] for per in moves)
            balances.append(int(item["bal"]["N"]))
        assert sum(balances) == START_BALANCE * ACCOUNTS
        print(f"{sum(succeeded)} increments ({sum(retries)} condition retries), "
              f"{sum(map(sum, moves)) // 2} transfers ({sum(refused)} cancelled) in {DURATION:g} s: no lost update")
