"""Shared helpers for the core-operation conformance files (test_create_table.py ... test_cli.py)."""
import contextlib
import re

import pytest
from botocore.exceptions import ClientError

from conftest import call, unique_name

VALIDATION = "com.amazon.coral.validate#ValidationException"
NOT_FOUND = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
IN_USE = "com.amazonaws.dynamodb.v20120810#ResourceInUseException"

# The service's messages for a missing table (DynamoDB Local says "Cannot do operations on a
# non-existent table" everywhere).
DATA_NOT_FOUND = "Requested resource not found"


def table_not_found(name):
    """DescribeTable/DeleteTable message for a missing table on the service."""
    return f"Requested resource not found: Table: {name} not found"


def raw_error(op, body, error_type, message):
    """POST op with body (no client-side validation) and assert the exact 400 error."""
    r = call(op, body)
    assert (r.status, r.error_type, r.message) == (400, error_type, message), r
    return r


def raw_error_match(op, body, error_type, pattern):
    """Like raw_error, but the message must fully match a regular expression."""
    r = call(op, body)
    assert (r.status, r.error_type) == (400, error_type), r
    assert re.fullmatch(pattern, r.message, re.S), r.message
    return r


def raw_multi_error(op, body, parts):
    """The service's aggregated form: "N validation error(s) detected: a; b; ...".

    The service does not promise an order for the parts, so they are compared as a set."""
    r = call(op, body)
    assert (r.status, r.error_type) == (400, VALIDATION), r
    n = len(parts)
    prefix = f"{n} validation error{'s' if n > 1 else ''} detected: "
    assert r.message.startswith(prefix), r.message
    assert sorted(r.message[len(prefix):].split("; ")) == sorted(parts), r.message
    return r


def raw_ok(op, body):
    r = call(op, body)
    assert r.status == 200, r
    return r.json()


def client_error(fn, code, message, **kwargs):
    """Call a boto3 method and assert it raises ClientError with this code and message."""
    with pytest.raises(ClientError) as e:
        fn(**kwargs)
    err = e.value.response["Error"]
    assert (err["Code"], err["Message"]) == (code, message)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return e.value


def constraint(value, path, rule):
    """One part of the service's aggregated validation message."""
    shown = "null" if value is None else f"'{value}'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {rule}"


def key_schema(hash_key=("pk", "S"), range_key=None):
    ks = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    ad = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
    if range_key:
        ks.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        ad.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
    return ks, ad


@contextlib.contextmanager
def temp_table(ddb, hash_key=("pk", "S"), range_key=None, prefix="ops", name=None):
    """Create an on-demand table for the duration of a with-block."""
    name = name or unique_name(prefix)
    ks, ad = key_schema(hash_key, range_key)
    ddb.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST")
    try:
        yield name
    finally:
        try:
            ddb.delete_table(TableName=name)
        except ClientError:
            pass


def batch_put(ddb, table, items):
    """Write items in batches of 25 (DynamoDB Local never returns UnprocessedItems)."""
    for i in range(0, len(items), 25):
        resp = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": it}} for it in items[i:i + 25]]})
        assert resp["UnprocessedItems"] == {}


def create_chat_table(ddb, name, **extra):
    """The chat app's messages table (DEVELOPERS.md): string keys pk/sk and the message-group-sk-index GSI."""
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "message_group_uuid", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "message-group-sk-index",
                                 "KeySchema": [{"AttributeName": "message_group_uuid", "KeyType": "HASH"},
                                               {"AttributeName": "sk", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        **extra)


def norm(av):
    """Order-insensitive view of an AttributeValue (set order is not part of the contract)."""
    (t, v), = av.items()
    if t in ("SS", "NS", "BS"):
        return {t: sorted(v)}
    if t == "M":
        return {t: {k: norm(x) for k, x in v.items()}}
    if t == "L":
        return {t: [norm(x) for x in v]}
    return av


def norm_item(item):
    return {k: norm(v) for k, v in item.items()}
