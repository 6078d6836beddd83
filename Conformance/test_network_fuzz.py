"""Black-box network fuzzer: hostile bytes over raw sockets, then a normal request.

For FUZZ_SECONDS (default 5) it sends random, truncated, oversized and malformed HTTP requests
and DynamoDB bodies: garbage request lines, bad and huge headers, wrong Content-Length, chunked
garbage, half-closed connections, pipelined requests, and random or mutated JSON bodies for random
operations. No response may be a 5xx; a connection the server resets or closes without answering
is tolerated (it is how an HTTP server may refuse bytes it cannot parse). Afterwards the server
must still answer ListTables correctly. FUZZ_SEED replays a run (the seed is printed with -s).

DynamoDB Local 1.13.5 answers several of these with 500, so the test only runs against ours.
"""
import base64
import collections
import json
import os
import random
import socket
import string
import time
import urllib.parse
import uuid

import pytest

from conftest import ENDPOINT, REGION, TARGET, make_client

FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "5"))
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", str(random.randrange(1 << 32))))
ACCESS_KEY = "AKIDNETFUZZ"

_url = urllib.parse.urlparse(ENDPOINT)
HOST, PORT = _url.hostname, _url.port or 80

pytestmark = pytest.mark.skipif(
    TARGET == "ddblocal",
    reason="DynamoDB Local 1.13.5 answers some malformed requests with HTTP 500, so the no-5xx property "
           "holds for DynamoLocal only",
)

OPERATIONS = [
    "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem",
    "TransactWriteItems", "TransactGetItems", "CreateTable", "DeleteTable", "DescribeTable", "UpdateTable",
    "ListTables", "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction", "UpdateTimeToLive",
    "DescribeTimeToLive", "TagResource", "UntagResource", "ListTagsOfResource", "DescribeLimits",
    "DescribeEndpoints", "DescribeContinuousBackups", "UpdateContinuousBackups", "NoSuchOperation",
]
# CreateTable bodies use these few names, so a long run does not pile up tables.
NEW_TABLES = ["fuzz-new-1", "fuzz-new-2", "fuzz-new-3"]
STREAM_OPERATIONS = ["ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"]

FIELDS = [
    "TableName", "Key", "Item", "KeySchema", "AttributeDefinitions", "ProvisionedThroughput", "BillingMode",
    "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification", "ConditionExpression",
    "FilterExpression", "KeyConditionExpression", "ProjectionExpression", "UpdateExpression",
    "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnValues", "ReturnConsumedCapacity",
    "ReturnItemCollectionMetrics", "Limit", "ExclusiveStartKey", "Segment", "TotalSegments", "Select",
    "ScanIndexForward", "ConsistentRead", "IndexName", "RequestItems", "TransactItems", "ClientRequestToken",
    "Statement", "Parameters", "NextToken", "ExclusiveStartTableName", "ResourceArn", "Tags", "TagKeys",
    "TimeToLiveSpecification", "StreamArn", "ShardId", "ShardIteratorType", "ShardIterator", "SequenceNumber",
    "AttributesToGet", "KeyConditions", "QueryFilter", "ScanFilter", "Expected", "AttributeUpdates",
    "ConditionalOperator", "ComparisonOperator", "AttributeValueList", "Put", "Update", "Delete",
    "ConditionCheck", "Get", "PutRequest", "DeleteRequest", "Keys", "Statements", "Enabled", "AttributeName",
    "KeyType", "AttributeType", "Projection", "ProjectionType", "NonKeyAttributes", "ReadCapacityUnits",
    "WriteCapacityUnits", "StreamEnabled", "StreamViewType", "GlobalSecondaryIndexUpdates", "Create",
    "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled", "Value", "Exists", "Action",
]
AV_TYPES = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]
NUMBERS = ["0", "-0", "1", "1.5", "1e126", "9.9999999999999999999999999999999999999E+125", "1e-130", "1E-131", "1e127",
           "12345678901234567890123456789012345678", "123456789012345678901234567890123456789", "NaN", "Infinity",
           "", " 1", "1.", ".5", "0x10", "--1", "1e99999999999", "0.0000000000000000000000000000000000000001"]
EXPRESSIONS = ["pk = :v", "attribute_exists(pk)", "SET a = :v", "SET #a = a + :n", "REMOVE a", "a, b.c[0]",
               "NOT " * 500 + "a = :v", "(" * 500 + "a" + ")" * 500, "a IN (" + ", ".join([":v"] * 150) + ")",
               "size(a) > :n AND begins_with(b, :v)", "ADD s :ss DELETE s :ss", "pk = :v AND sk BETWEEN :n AND :m",
               "x" * 5000, "é" * 3000, "SET a = list_append(if_not_exists(l, :l), :l)", ")(", "#", ":", ""]


def rand_text(rng, max_len=12):
    alphabet = string.ascii_letters + string.digits + "_-.#: \"\\/\n\t" + "é😀\u0000\u202e\ufeff"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(max_len + 1)))


def rand_attribute_value(rng, depth=0):
    kind = rng.choice(AV_TYPES + ["?", "multi"])
    if kind == "S":
        return {"S": rng.choice([rand_text(rng), "", "x" * rng.choice([1, 1024, 70000])])}
    if kind == "N":
        return {"N": rng.choice(NUMBERS)}
    if kind == "B":
        return {"B": rng.choice([base64.b64encode(rng.randbytes(rng.randrange(8))).decode(), "!!!", "QQ", "QQ=", ""])}
    if kind == "BOOL":
        return {"BOOL": rng.choice([True, False, "true", 1, None])}
    if kind == "NULL":
        return {"NULL": rng.choice([True, False, "yes", None])}
    if kind == "M":
        return {"M": {rand_text(rng, 4): rand_attribute_value(rng, depth + 1) for _ in range(rng.randrange(3))}
                if depth < 4 else {}}
    if kind == "L":
        return {"L": [rand_attribute_value(rng, depth + 1) for _ in range(rng.randrange(3))] if depth < 4 else []}
    if kind == "SS":
        return {"SS": [rng.choice(["a", "a", "", rand_text(rng, 3)]) for _ in range(rng.randrange(4))]}
    if kind == "NS":
        return {"NS": [rng.choice(NUMBERS) for _ in range(rng.randrange(4))]}
    if kind == "BS":
        return {"BS": [rng.choice(["QQ==", "", "!!"]) for _ in range(rng.randrange(4))]}
    if kind == "multi":
        return {"S": "a", "N": "1"}
    return rand_json(rng, depth + 1)


def rand_json(rng, depth=0):
    choice = rng.randrange(10 if depth < 4 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 1, 2 ** 31, 2 ** 63, 10 ** 40, 1.5, -0.0, 1e308])
    if choice in (3, 4):
        return rng.choice([rand_text(rng), rng.choice(EXPRESSIONS), "fuzz", "PROVISIONED", "HASH", "S", "ALL_NEW"])
    if choice == 5:
        return rand_attribute_value(rng, depth)
    if choice in (6, 7):
        return {rng.choice(FIELDS + [rand_text(rng, 4)]): rand_json(rng, depth + 1) for _ in range(rng.randrange(4))}
    if choice == 8:
        return [rand_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rand_text(rng, 4): rand_attribute_value(rng, depth + 1) for _ in range(rng.randrange(3))}


def templates(table, rng):
    key = {"pk": {"S": "k"}, "sk": {"N": "1"}}
    item = dict(key, a={"S": "x"}, n={"N": "5"}, l={"L": [{"S": "y"}]}, s={"SS": ["p"]})
    return {
        "PutItem": {"TableName": table, "Item": item, "ConditionExpression": "attribute_not_exists(a) OR a = :v",
                    "ExpressionAttributeValues": {":v": {"S": "x"}}, "ReturnValues": "ALL_OLD"},
        "GetItem": {"TableName": table, "Key": key, "ProjectionExpression": "a, l[0], #n",
                    "ExpressionAttributeNames": {"#n": "n"}},
        "UpdateItem": {"TableName": table, "Key": key, "UpdateExpression": "SET a = :v, n = n + :n ADD s :s REMOVE l[0]",
                       "ExpressionAttributeValues": {":v": {"S": "z"}, ":n": {"N": "1"}, ":s": {"SS": ["q"]}},
                       "ReturnValues": "ALL_NEW"},
        "DeleteItem": {"TableName": table, "Key": key, "ReturnValues": "ALL_OLD"},
        "Query": {"TableName": table, "KeyConditionExpression": "pk = :p AND sk > :n", "Limit": 5,
                  "ExpressionAttributeValues": {":p": {"S": "k"}, ":n": {"N": "0"}}, "ScanIndexForward": False},
        "Scan": {"TableName": table, "FilterExpression": "size(a) < :n", "Segment": 0, "TotalSegments": 2,
                 "ExpressionAttributeValues": {":n": {"N": "3"}}},
        "BatchWriteItem": {"RequestItems": {table: [{"PutRequest": {"Item": item}}, {"DeleteRequest": {"Key": key}}]}},
        "BatchGetItem": {"RequestItems": {table: {"Keys": [key], "ConsistentRead": True}}},
        "TransactWriteItems": {"TransactItems": [{"Put": {"TableName": table, "Item": item}},
                                                 {"ConditionCheck": {"TableName": table, "Key": dict(key, sk={"N": "2"}),
                                                                     "ConditionExpression": "attribute_not_exists(pk)"}}]},
        "TransactGetItems": {"TransactItems": [{"Get": {"TableName": table, "Key": key}}]},
        "Scan-legacy": {"TableName": table, "ScanFilter": {"a": {"ComparisonOperator": "BEGINS_WITH",
                                                                 "AttributeValueList": [{"S": "x"}]}}},
        "ExecuteStatement": {"Statement": f'SELECT * FROM "{table}" WHERE pk = ?', "Parameters": [{"S": "k"}]},
        "CreateTable": {"TableName": rng.choice(NEW_TABLES), "BillingMode": "PAY_PER_REQUEST",
                        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]},
        "UpdateTable": {"TableName": table, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}},
    }


def mutate(rng, value, depth=0):
    """Replaces, removes or adds one random piece of a JSON document."""
    if isinstance(value, dict) and value and rng.random() < 0.7:
        k = rng.choice(list(value))
        value = dict(value)
        r = rng.random()
        if r < 0.2:
            del value[k]
        elif r < 0.35:
            value[rng.choice(FIELDS)] = rand_json(rng)
        elif r < 0.55:
            value[k] = rand_json(rng)
        else:
            value[k] = mutate(rng, value[k], depth + 1)
        return value
    if isinstance(value, list) and value and rng.random() < 0.7:
        value = list(value)
        i = rng.randrange(len(value))
        value[i] = mutate(rng, value[i], depth + 1) if rng.random() < 0.6 else rand_json(rng)
        return value
    return rand_json(rng, depth)


def headers_for(target, length, extra=()):
    lines = [
        "POST / HTTP/1.1",
        f"Host: {HOST}:{PORT}",
        "Content-Type: application/x-amz-json-1.0",
        f"X-Amz-Target: {target}",
        "X-Amz-Date: 20260101T000000Z",
        f"Authorization: AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20260101/{REGION}/dynamodb/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64,
    ]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.extend(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogatepass")


def request(target, body, extra=()):
    return headers_for(target, len(body), extra) + body


def random_target(rng):
    if rng.random() < 0.15:
        return "DynamoDBStreams_20120810." + rng.choice(STREAM_OPERATIONS)
    if rng.random() < 0.05:
        return rng.choice(["", "DynamoDB_20120810", "DynamoDB_20120810.", "dynamodb_20120810.GetItem", rand_text(rng)])
    return "DynamoDB_20120810." + rng.choice(OPERATIONS)


def random_body(rng, table):
    r = rng.random()
    if r < 0.55:
        name, doc = rng.choice(list(templates(table, rng).items()))
        for _ in range(rng.randrange(3)):
            doc = mutate(rng, doc)
        return "DynamoDB_20120810." + name.split("-")[0], json.dumps(doc).encode()
    if r < 0.8:
        return random_target(rng), json.dumps(rand_json(rng)).encode()
    # Damaged bytes keep the template's own operation: with a random one (DeleteTable) an intact
    # TableName would delete the table the run needs at the end.
    name, doc = rng.choice(list(templates(table, rng).items()))
    body = bytearray(json.dumps(doc).encode())
    for _ in range(rng.randrange(1, 5)):  # byte-level damage
        at = rng.randrange(len(body) + 1)
        op = rng.randrange(4)
        if op == 0 and at < len(body):
            body[at] = rng.randrange(256)
        elif op == 1:
            body[at:at] = rng.choice([b"{", b"}", b"[", b'"', b"\\u", b"\\ud800", b",", b"\xff", b"1e999999", b"\x00"])
        elif op == 2:
            del body[at:at + rng.randrange(8)]
        else:
            body = body[:at]
    return "DynamoDB_20120810." + name.split("-")[0], bytes(body)


# Each case returns (bytes to send, whether to half-close after sending, how many responses a
# correct server sends, or None when that depends on how it reads the bytes).

def case_json_body(rng, table):
    target, body = random_body(rng, table)
    return request(target, body), False, 1


def case_pipelined(rng, table):
    parts = [request(*random_body(rng, table)) for _ in range(rng.randrange(2, 5))]
    expect = len(parts)
    if rng.random() < 0.3:
        parts.append(rng.randbytes(rng.randrange(1, 64)))
        expect = None
    return b"".join(parts), rng.random() < 0.3, expect


def case_garbage(rng, table):
    r = rng.randrange(6)
    if r == 0:
        return rng.randbytes(rng.randrange(1, 512)), rng.random() < 0.5, None
    if r == 1:
        line = rng.choice(["GET", "POST", "PUT", "DELETE", "BREW", "P\x00ST", "\u00e9", ""]) + " " + \
            rng.choice(["/", "*", "/" + "a" * 9000, "http://x/", "/%zz", ""]) + " " + \
            rng.choice(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", ""])
        return (line + "\r\n" + f"Host: {HOST}\r\nContent-Length: 2\r\n\r\n{{}}").encode(), False, None
    if r == 2:
        return b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + rng.randbytes(32), False, None
    if r == 3:
        return bytes.fromhex("16030100a5010000a10303") + rng.randbytes(64), False, None  # a TLS ClientHello's start
    if r == 4:
        return b"\r\n" * rng.randrange(1, 50) + request("DynamoDB_20120810.ListTables", b"{}"), False, None
    return b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", False, None


def case_bad_headers(rng, table):
    target, body = random_body(rng, table)
    extras = []
    for _ in range(rng.randrange(1, 4)):
        extras.append(rng.choice([
            "X-Bad Header: 1", "NoColon", ": empty-name", "X-Ctl: a\x00b", "X-Utf8: é😀", "X-Amz-Target: DynamoDB_20120810.Scan",
            "Content-Type: text/plain", "Content-Type: application/json; charset=\xff", "Authorization: AWS4-HMAC-SHA256",
            "Authorization: " + rand_text(rng, 60), "X-Amz-Date: " + rand_text(rng, 20), "Host:", "Expect: 100-continue",
            "Connection: close", "Connection: keep-alive, Upgrade", "Upgrade: h2c", " folded: line", "\tcontinued",
            "Content-Encoding: gzip", "Accept-Encoding: gzip", "Origin: http://evil", "X-Long: " + "a" * rng.choice([100, 9000, 70000]),
        ]))
    if rng.random() < 0.1:
        extras.extend(f"X-Many-{i}: {i}" for i in range(rng.choice([100, 1000])))
    return request(target, body, extras), False, None


def case_content_length(rng, table):
    target, body = random_body(rng, table)
    r = rng.randrange(8)
    if r == 0:
        return headers_for(target, len(body) + rng.randrange(1, 100)) + body, True, None  # short body, then EOF
    if r == 1:
        return headers_for(target, max(0, len(body) - rng.randrange(1, 10))) + body, False, None  # rest becomes a request
    if r == 2:
        return headers_for(target, None, [f"Content-Length: {rng.choice(['-1', 'abc', '1e3', '99999999999999999999', ' 5', '0x10', ''])}"]) + body, False, None
    if r == 3:
        return headers_for(target, len(body), [f"Content-Length: {len(body) + 1}"]) + body, False, None  # two that differ
    if r == 4:
        return headers_for(target, 17 * 1024 * 1024) + body, True, None  # claims more than 16 MB
    if r == 5:
        return headers_for(target, None) + body, True, None  # no length at all
    if r == 6:
        return headers_for(target, len(body)) + body[: rng.randrange(len(body) + 1)], True, None  # truncated, half-closed
    size = rng.choice([16 * 1024 * 1024 + 1, 1024 * 1024])  # really oversized / merely big garbage
    return headers_for(target, size) + b"x" * size, False, None


def case_chunked(rng, table):
    target, body = random_body(rng, table)
    head = headers_for(target, None, ["Transfer-Encoding: chunked"] + (["Content-Length: 5"] if rng.random() < 0.2 else []))
    r = rng.randrange(5)
    if r == 0:
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in [body[i:i + 7] for i in range(0, len(body), 7)]) + b"0\r\n\r\n"
    elif r == 1:
        chunks = rng.choice([b"zz\r\n", b"-1\r\n", b"ffffffffffffffffffff\r\n", b"5\r\nabc\r\n", b"3;ext=\xff\r\nabc\r\n0\r\n\r\n",
                             b"0\r\nTrailer: x\r\n\r\n", b"\r\n\r\n"])
    elif r == 2:
        chunks = b"%x\r\n%s\r\n" % (len(body), body)  # never terminated
    elif r == 3:
        chunks = rng.randbytes(rng.randrange(1, 100))
    else:
        head = headers_for(target, None, ["Transfer-Encoding: " + rng.choice(["gzip", "chunked, gzip", "identity", "chunked, chunked", "\xff"])])
        chunks = body
    return head + chunks, rng.random() < 0.5, None


CASES = [case_json_body] * 5 + [case_pipelined, case_garbage, case_bad_headers, case_content_length, case_chunked] * 1


def statuses(data):
    """Status codes of the responses in `data`, parsed one after another by Content-Length."""
    return parse_responses(data)[0]


def parse_responses(data):
    """(status codes, bytes left over) of the responses at the start of `data`."""
    codes = []
    while data.startswith(b"HTTP/"):
        end = data.find(b"\r\n\r\n")
        if end < 0:
            break
        head = data[:end].decode("latin-1").split("\r\n")
        try:
            codes.append(int(head[0].split(" ")[1]))
        except (IndexError, ValueError):
            codes.append(-1)
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if len(data) < end + 4 + length:
            break
        data = data[end + 4 + length:]
    return codes, data


def exchange(payload, half_close, expect, timeout):
    """Sends `payload` and reads until the server closes or falls quiet. Returns (bytes, reset)."""
    received = bytearray()
    with socket.create_connection((HOST, PORT), timeout=5) as s:
        try:
            s.sendall(payload)
            if half_close:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            return bytes(received), True
        s.settimeout(timeout)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received += chunk
                codes, rest = parse_responses(bytes(received))
                if codes and not rest:
                    if expect is not None and len(codes) >= expect:
                        break
                    # Whole responses so far: wait only briefly for any pipelined ones still to come.
                    s.settimeout(0.02)
        except socket.timeout:
            pass
        except ConnectionResetError:
            return bytes(received), True
    return bytes(received), False


def test_hostile_requests_never_get_a_5xx_and_the_server_survives():
    rng = random.Random(FUZZ_SEED)
    table = "fuzz-" + uuid.uuid4().hex[:8]
    client = make_client(access_key=ACCESS_KEY)
    client.create_table(
        TableName=table, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
    )
    failures, sent, answered, resets = [], 0, 0, 0
    histogram = collections.Counter()
    previous = b""
    deadline = time.monotonic() + FUZZ_SECONDS
    while time.monotonic() < deadline:
        case = rng.choice(CASES)
        payload, half_close, expect = case(rng, table)
        # A well-formed request is answered at once; the quiet timeout only ends the others.
        try:
            data, reset = exchange(payload, half_close, expect, timeout=0.3)
        except ConnectionRefusedError:
            pytest.fail(f"seed {FUZZ_SEED}: the server stopped accepting connections; the previous request was "
                        f"{previous!r}" if sent else f"no server at {ENDPOINT}")
        previous = payload[:2000]
        sent += 1
        resets += reset
        codes = statuses(data)
        answered += bool(codes)
        histogram.update(codes)
        bad = [c for c in codes if c >= 500 or c < 0]
        if bad:
            failures.append(f"{case.__name__}: {bad} for {payload[:300]!r} -> {data[:300]!r}")
    print(f"\nnetwork fuzz: seed {FUZZ_SEED}, {sent} connections in {FUZZ_SECONDS:.0f} s, "
          f"{answered} answered, {resets} reset; statuses {dict(sorted(histogram.items()))}")
    assert not failures, f"seed {FUZZ_SEED}: {len(failures)} 5xx responses:\n" + "\n".join(failures[:20])

    # The server still works: ListTables over a fresh connection finds the table made above.
    names = [n for page in client.get_paginator("list_tables").paginate() for n in page["TableNames"]]
    assert table in names
    assert client.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE"
    for name in [table] + [n for n in NEW_TABLES if n in names]:
        client.delete_table(TableName=name)
