"""dynamo-bench, the load generator behind docs/BENCHMARKS.md, writes its requests and reads the
answers with its own small HTTP reader (no HTTP codec: see ResponseReader.swift). Its figures
are only worth something if its counts are the server's: every request it reports was answered,
every write it reports is in the table, and an error answer is counted and shown. Runs against
any endpoint; needs the dynamo-bench binary (DYNAMO_BENCH_BIN, or beside DYNAMOLOCAL_BIN)."""
import os
import subprocess

import pytest

from conftest import make_client, unique_name

BIN = os.environ.get("DYNAMOLOCAL_BIN")
BENCH = os.environ.get("DYNAMO_BENCH_BIN") or (os.path.join(os.path.dirname(BIN), "dynamo-bench") if BIN else None)
pytestmark = pytest.mark.skipif(not BENCH or not os.path.exists(BENCH), reason="needs the dynamo-bench binary")

PRELOADED = 2000  # Preload.getItems + Preload.queryItems, in the main table


def bench(endpoint, key, table, *args):
    done = subprocess.run([BENCH, "--endpoint", endpoint, "--access-key", key, "--table", table,
                           "--connections", "8", "--warmup", "0", "--no-header", *args],
                          capture_output=True, text=True, timeout=300)
    rows = [line for line in done.stdout.splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    return done, {c[0]: {"requests": int(c[2].replace(",", "")), "errors": int(c[7])} for c in cells}


def count(client, table):
    total, start = 0, {}
    while True:
        page = client.scan(TableName=table, Select="COUNT", **start)
        total += page["Count"]
        if "LastEvaluatedKey" not in page:
            return total
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}


def test_every_reported_write_is_in_the_table(endpoint):
    key, table = unique_name("benchkey"), unique_name("bench")
    done, rows = bench(endpoint, key, table, "--ops", "PutItem,GetItem,Query,BatchWriteItem", "--requests", "203")
    assert done.returncode == 0, done.stderr
    for op in ("PutItem", "GetItem", "Query", "BatchWriteItem"):
        assert rows[op] == {"requests": 203, "errors": 0}, (op, rows)
    assert count(make_client(access_key=key), table) == PRELOADED + 203 + 203 * 25


def test_a_later_run_from_another_first_sequence_writes_new_items(endpoint):
    # scripts/bench-instructions measures writes after a warm-up run against the same server:
    # --first-sequence keeps the measured items apart from the warm-up's.
    key, table = unique_name("benchkey"), unique_name("bench")
    for args in (("--requests", "40"), ("--no-setup", "--requests", "40", "--first-sequence", "1000"),
                 ("--no-setup", "--requests", "40", "--first-sequence", "1000")):
        done, rows = bench(endpoint, key, table, "--ops", "PutItem,BatchWriteItem", *args)
        assert done.returncode == 0, done.stderr
    # The third run repeats the second's items.
    assert count(make_client(access_key=key), table) == PRELOADED + 2 * (40 + 40 * 25)


def test_error_answers_are_counted_and_shown(endpoint):
    key = unique_name("benchkey")
    done, rows = bench(endpoint, key, unique_name("missing"), "--no-setup", "--ops", "GetItem", "--requests", "20")
    assert done.returncode == 1
    assert rows["GetItem"] == {"requests": 20, "errors": 20}
    assert "first error: HTTP 400:" in done.stderr and "ResourceNotFoundException" in done.stderr, done.stderr
