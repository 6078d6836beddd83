"""ReturnConsumedCapacity (NONE, TOTAL, INDEXES) on the table and item operations.

The service's arithmetic (Developer Guide, "Read/write capacity mode" and "Item sizes"): a write costs a
unit per started 1 KB of the larger of the old and the new item, at least 1; a read costs a unit per
started 4 KB, at least 1, halved for an eventually consistent read; BatchGetItem rounds each item
separately. Item size = attribute names + values (UTF-8 bytes for strings). Where DynamoDB Local differs,
dynalite's test/batchGetItem.js and test/batchWriteItem.js (recorded against the service) are the source."""
import json
import re

import pytest

from conftest import TARGET, aws_cli, call, unique_name
from ops_helpers import VALIDATION, raw_error, raw_ok, temp_table

G_SRC = "dynalite test/batchGetItem.js"
W_SRC = "dynalite test/batchWriteItem.js"


def s(v):
    return {"S": v}


def sized(key, size):
    """An item of exactly `size` bytes in a table keyed by `pk`: "pk" + key + "d" + value."""
    return {"pk": s(key), "d": s("x" * (size - 3 - len(key)))}


def total(table, units):
    return {"TableName": table, "CapacityUnits": units}


def indexes(table, units):
    return {"TableName": table, "CapacityUnits": units, "Table": {"CapacityUnits": units}}


def consumed(op, body):
    return raw_ok(op, body).get("ConsumedCapacity")


def by_table(entries):
    return sorted(entries, key=lambda e: e["TableName"])


@pytest.fixture(params=["PAY_PER_REQUEST", "PROVISIONED"])
def table(ddb, request):
    """The arithmetic does not depend on the billing mode."""
    name = unique_name("cap")
    extra = ({"BillingMode": "PAY_PER_REQUEST"} if request.param == "PAY_PER_REQUEST"
             else {"ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], **extra)
    yield name
    ddb.delete_table(TableName=name)


# ================================================================ PutItem

@pytest.mark.parametrize("size,units", [(4, 1.0), (1024, 1.0), (1025, 2.0), (2048, 2.0), (2049, 3.0),
                                        (10 * 1024 + 1, 11.0), (400 * 1024, 400.0)])
def test_put_new_item(table, size, units):
    assert consumed("PutItem", {"TableName": table, "Item": sized("a", size),
                                "ReturnConsumedCapacity": "TOTAL"}) == total(table, units)


def test_put_charges_the_larger_of_old_and_new(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 3000)})
    assert consumed("PutItem", {"TableName": table, "Item": sized("a", 10),
                                "ReturnConsumedCapacity": "TOTAL"}) == total(table, 3.0)
    assert consumed("PutItem", {"TableName": table, "Item": sized("a", 10),
                                "ReturnConsumedCapacity": "TOTAL"}) == total(table, 1.0)
    assert consumed("PutItem", {"TableName": table, "Item": sized("a", 5000),
                                "ReturnConsumedCapacity": "INDEXES"}) == indexes(table, 5.0)


def test_put_with_return_values(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 1500)})
    resp = raw_ok("PutItem", {"TableName": table, "Item": sized("a", 10), "ReturnValues": "ALL_OLD",
                              "ReturnConsumedCapacity": "TOTAL"})
    assert resp == {"Attributes": sized("a", 1500), "ConsumedCapacity": total(table, 2.0)}


@pytest.mark.parametrize("extra", [{}, {"ReturnConsumedCapacity": "NONE"}])
def test_put_none(table, extra):
    assert raw_ok("PutItem", {"TableName": table, "Item": sized("a", 10), **extra}) == {}


def test_put_wire_format(table):
    # Units are Java doubles on the wire: 1.0, not 1.
    r = call("PutItem", {"TableName": table, "Item": sized("a", 10), "ReturnConsumedCapacity": "INDEXES"})
    assert r.status == 200, r
    assert r.body == ('{"ConsumedCapacity":{"TableName":"%s","CapacityUnits":1.0,"Table":{"CapacityUnits":1.0}}}'
                      % table).encode()


def test_put_boto3_and_cli(ddb, table):
    resp = ddb.put_item(TableName=table, Item=sized("b", 2000), ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == indexes(table, 2.0)
    out = aws_cli("dynamodb", "put-item", "--table-name", table, "--item", json.dumps(sized("c", 1100)),
                  "--return-consumed-capacity", "TOTAL")
    assert out == {"ConsumedCapacity": total(table, 2.0)}


@pytest.mark.ddblocal_differs("service: enum constraint on returnConsumedCapacity. dynalite test/putItem.js")
@pytest.mark.parametrize("op,arg", [("PutItem", "Item"), ("GetItem", "Key"), ("DeleteItem", "Key")])
def test_bad_mode(table, op, arg):
    raw_error(op, {"TableName": table, arg: {"pk": s("a")}, "ReturnConsumedCapacity": "hi"}, VALIDATION,
              "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
              "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")


# ================================================================ GetItem

@pytest.mark.parametrize("size,eventual,strong", [(4, 0.5, 1.0), (4096, 0.5, 1.0), (4097, 1.0, 2.0),
                                                  (8192, 1.0, 2.0), (8193, 1.5, 3.0), (400 * 1024, 50.0, 100.0)])
def test_get_item(table, size, eventual, strong):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", size)})
    key = {"pk": s("a")}
    assert consumed("GetItem", {"TableName": table, "Key": key, "ReturnConsumedCapacity": "TOTAL"}) == \
        total(table, eventual)
    assert consumed("GetItem", {"TableName": table, "Key": key, "ConsistentRead": False,
                                "ReturnConsumedCapacity": "INDEXES"}) == indexes(table, eventual)
    assert consumed("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True,
                                "ReturnConsumedCapacity": "TOTAL"}) == total(table, strong)


def test_get_missing_item(table):
    key = {"pk": s("none")}
    assert raw_ok("GetItem", {"TableName": table, "Key": key, "ReturnConsumedCapacity": "TOTAL"}) == \
        {"ConsumedCapacity": total(table, 0.5)}
    assert consumed("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True,
                                "ReturnConsumedCapacity": "INDEXES"}) == indexes(table, 1.0)


def test_get_projection_does_not_reduce_the_charge(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 9000)})
    resp = raw_ok("GetItem", {"TableName": table, "Key": {"pk": s("a")}, "ProjectionExpression": "pk",
                              "ReturnConsumedCapacity": "TOTAL"})
    assert resp == {"Item": {"pk": s("a")}, "ConsumedCapacity": total(table, 1.5)}


@pytest.mark.parametrize("extra", [{}, {"ReturnConsumedCapacity": "NONE"}])
def test_get_none(table, extra):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 10)})
    assert "ConsumedCapacity" not in raw_ok("GetItem", {"TableName": table, "Key": {"pk": s("a")}, **extra})


def test_get_cli(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 5000)})
    out = aws_cli("dynamodb", "get-item", "--table-name", table, "--key", json.dumps({"pk": s("a")}),
                  "--consistent-read", "--return-consumed-capacity", "TOTAL")
    assert out["ConsumedCapacity"] == total(table, 2.0)


# ================================================================ DeleteItem

@pytest.mark.parametrize("size,units", [(10, 1.0), (1024, 1.0), (1025, 2.0), (5000, 5.0)])
def test_delete_existing(table, size, units):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", size)})
    assert consumed("DeleteItem", {"TableName": table, "Key": {"pk": s("a")},
                                   "ReturnConsumedCapacity": "TOTAL"}) == total(table, units)


def test_delete_missing(table):
    assert consumed("DeleteItem", {"TableName": table, "Key": {"pk": s("none")},
                                   "ReturnConsumedCapacity": "INDEXES"}) == indexes(table, 1.0)


def test_delete_with_return_values(ddb, table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 2100)})
    resp = ddb.delete_item(TableName=table, Key={"pk": s("a")}, ReturnValues="ALL_OLD", ReturnConsumedCapacity="TOTAL")
    assert resp["Attributes"] == sized("a", 2100)
    assert resp["ConsumedCapacity"] == total(table, 3.0)


# ================================================================ BatchWriteItem

def test_batch_write_sums_per_table(ddb, table):
    with temp_table(ddb) as other:
        resp = raw_ok("BatchWriteItem", {"RequestItems": {
            table: [{"PutRequest": {"Item": sized(k, 1500)}} for k in "abc"],
            other: [{"PutRequest": {"Item": sized("a", 10)}}]}, "ReturnConsumedCapacity": "TOTAL"})
        assert resp["UnprocessedItems"] == {}
        assert by_table(resp["ConsumedCapacity"]) == by_table([total(table, 6.0), total(other, 1.0)])
        resp = raw_ok("BatchWriteItem", {"RequestItems": {
            table: [{"PutRequest": {"Item": sized(k, 1500)}} for k in "abc"],
            other: [{"PutRequest": {"Item": sized("a", 10)}}]}, "ReturnConsumedCapacity": "INDEXES"})
        assert by_table(resp["ConsumedCapacity"]) == by_table([indexes(table, 6.0), indexes(other, 1.0)])


def test_batch_write_put_charges_the_larger_of_old_and_new(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 3000)})
    resp = raw_ok("BatchWriteItem", {"RequestItems": {table: [{"PutRequest": {"Item": sized("a", 10)}}]},
                                     "ReturnConsumedCapacity": "TOTAL"})
    assert resp["ConsumedCapacity"] == [total(table, 3.0)]


def test_batch_write_delete_existing(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("a", 2500)})
    raw_ok("PutItem", {"TableName": table, "Item": sized("b", 10)})
    resp = raw_ok("BatchWriteItem", {"RequestItems": {table: [{"DeleteRequest": {"Key": {"pk": s("a")}}},
                                                              {"DeleteRequest": {"Key": {"pk": s("b")}}}]},
                                     "ReturnConsumedCapacity": "TOTAL"})
    assert resp["ConsumedCapacity"] == [total(table, 4.0)]


@pytest.mark.ddblocal_differs("service: a delete of a missing item costs 1 unit in a batch as in DeleteItem; "
                              "DynamoDB Local charges 2. " + W_SRC + " ('putting and deleting larger item', "
                              "second round of deletes)")
def test_batch_write_delete_missing(table):
    resp = raw_ok("BatchWriteItem", {"RequestItems": {table: [{"DeleteRequest": {"Key": {"pk": s("x")}}},
                                                              {"DeleteRequest": {"Key": {"pk": s("y")}}}]},
                                     "ReturnConsumedCapacity": "TOTAL"})
    assert resp["ConsumedCapacity"] == [total(table, 2.0)]


@pytest.mark.parametrize("extra", [{}, {"ReturnConsumedCapacity": "NONE"}])
def test_batch_write_none(table, extra):
    assert raw_ok("BatchWriteItem", {"RequestItems": {table: [{"PutRequest": {"Item": sized("a", 10)}}]},
                                     **extra}) == {"UnprocessedItems": {}}


def test_batch_write_boto3(ddb, table):
    resp = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": sized("a", 1025)}}]},
                                ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [indexes(table, 2.0)]


# ================================================================ BatchGetItem

@pytest.fixture
def three_items(table):
    raw_ok("BatchWriteItem", {"RequestItems": {table: [{"PutRequest": {"Item": sized(k, 1500)}} for k in "abc"]}})
    return table


def test_batch_get_rounds_each_item(three_items):
    t = three_items
    keys = [{"pk": s(k)} for k in "abc"]
    # 3 x 1500 bytes: 3 x 0.5, not ceil(4500 / 4096) / 2.
    resp = raw_ok("BatchGetItem", {"RequestItems": {t: {"Keys": keys}}, "ReturnConsumedCapacity": "TOTAL"})
    assert resp["ConsumedCapacity"] == [total(t, 1.5)]
    resp = raw_ok("BatchGetItem", {"RequestItems": {t: {"Keys": keys, "ConsistentRead": True}},
                                   "ReturnConsumedCapacity": "INDEXES"})
    assert resp["ConsumedCapacity"] == [indexes(t, 3.0)]


def test_batch_get_large_items(table):
    raw_ok("PutItem", {"TableName": table, "Item": sized("big", 9000)})
    raw_ok("PutItem", {"TableName": table, "Item": sized("small", 10)})
    keys = [{"pk": s("big")}, {"pk": s("small")}]
    resp = raw_ok("BatchGetItem", {"RequestItems": {table: {"Keys": keys}}, "ReturnConsumedCapacity": "TOTAL"})
    assert resp["ConsumedCapacity"] == [total(table, 2.0)]
    resp = raw_ok("BatchGetItem", {"RequestItems": {table: {"Keys": keys, "ConsistentRead": True}},
                                   "ReturnConsumedCapacity": "TOTAL"})
    assert resp["ConsumedCapacity"] == [total(table, 4.0)]


@pytest.mark.ddblocal_differs("service charges a missing key like GetItem does (0.5 eventually consistent, 1 "
                              "strongly); DynamoDB Local charges nothing. " + G_SRC + " ('ConsumedCapacity from "
                              "each specified table')")
def test_batch_get_missing_keys_are_charged(ddb, three_items):
    t = three_items
    with temp_table(ddb) as other:
        resp = raw_ok("BatchGetItem", {"RequestItems": {
            t: {"Keys": [{"pk": s("a")}, {"pk": s("b")}, {"pk": s("none")}]},
            other: {"Keys": [{"pk": s("none")}]}}, "ReturnConsumedCapacity": "TOTAL"})
        assert by_table(resp["ConsumedCapacity"]) == by_table([total(t, 1.5), total(other, 0.5)])
        resp = raw_ok("BatchGetItem", {"RequestItems": {
            t: {"Keys": [{"pk": s("a")}, {"pk": s("b")}, {"pk": s("none")}], "ConsistentRead": True},
            other: {"Keys": [{"pk": s("none")}], "ConsistentRead": True}}, "ReturnConsumedCapacity": "INDEXES"})
        assert by_table(resp["ConsumedCapacity"]) == by_table([indexes(t, 3.0), indexes(other, 1.0)])


def test_batch_get_lists_every_table(ddb, three_items):
    t = three_items
    with temp_table(ddb) as other:
        resp = raw_ok("BatchGetItem", {"RequestItems": {t: {"Keys": [{"pk": s("a")}]},
                                                        other: {"Keys": [{"pk": s("none")}]}},
                                       "ReturnConsumedCapacity": "TOTAL"})
        assert sorted(e["TableName"] for e in resp["ConsumedCapacity"]) == sorted([t, other])
        assert resp["Responses"][other] == []


@pytest.mark.parametrize("extra", [{}, {"ReturnConsumedCapacity": "NONE"}])
def test_batch_get_none(three_items, extra):
    resp = raw_ok("BatchGetItem", {"RequestItems": {three_items: {"Keys": [{"pk": s("a")}]}}, **extra})
    assert set(resp) == {"Responses", "UnprocessedKeys"}


def test_batch_get_wire_format(three_items):
    r = call("BatchGetItem", {"RequestItems": {three_items: {"Keys": [{"pk": s("a")}], "ProjectionExpression": "pk"}},
                              "ReturnConsumedCapacity": "TOTAL"})
    assert r.status == 200, r
    assert re.search(rb'"ConsumedCapacity":\[\{"TableName":"[^"]+","CapacityUnits":0\.5\}\]', r.body), r.body


def test_batch_get_boto3(ddb, three_items):
    resp = ddb.batch_get_item(RequestItems={three_items: {"Keys": [{"pk": s("a")}], "ConsistentRead": True}},
                              ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [total(three_items, 1.0)]


# ================================================================ table operations carry no capacity

def test_table_operations_have_no_consumed_capacity(ddb):
    with temp_table(ddb) as t:
        assert "ConsumedCapacity" not in raw_ok("DescribeTable", {"TableName": t})
        assert "ConsumedCapacity" not in raw_ok("ListTables", {"Limit": 1})
