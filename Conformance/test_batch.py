"""BatchWriteItem and BatchGetItem: writes and reads over several tables, their limits and errors.

Service texts where DynamoDB Local differs come from dynalite's test/batchWriteItem.js and
test/batchGetItem.js (recorded against the live service) unless another source is named."""
import json

import pytest
from boto3.dynamodb.types import Binary

from conftest import TARGET, aws_cli, call, unique_name
from ops_helpers import (DATA_NOT_FOUND, NOT_FOUND, VALIDATION, raw_error, raw_error_match, raw_multi_error,
                         raw_ok, temp_table)

W_SRC = "dynalite test/batchWriteItem.js"
G_SRC = "dynalite test/batchGetItem.js"
DUPLICATES = "Provided list of item keys contains duplicates"
KEY_MISMATCH = "The provided key element does not match the schema"
NAME_MSG = ("Invalid table/index name.  Table/index names must be between 3 and 255 characters long, "
            "and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")
MAP_VALUES_25 = (r"Map value must satisfy constraint: \[Member must have length less than or equal to 25, "
                 r"Member must have length greater than or equal to 1\]")


def ddblocal_only():
    if TARGET != "ddblocal":
        pytest.skip("records DynamoDB Local's text only")


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


def s(v):
    return {"S": v}


def write(request_items, **kw):
    return call("BatchWriteItem", dict(RequestItems=request_items, **kw))


def get(request_items, **kw):
    return call("BatchGetItem", dict(RequestItems=request_items, **kw))


def get_item(table, key):
    return raw_ok("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})


def sort_items(items):
    return sorted(items, key=lambda i: json.dumps(i, sort_keys=True))


# ================================================================ BatchWriteItem: behaviour

def test_write_puts_and_deletes_over_two_tables(ddb, hash_table, range_table):
    ddb.put_item(TableName=hash_table, Item={"pk": s("old")})
    r = write({
        hash_table: [put({"pk": s("a"), "v": {"N": "1"}}), delete({"pk": s("old")}), delete({"pk": s("never")})],
        range_table: [put({"pk": s("a"), "sk": s("1")}), put({"pk": s("a"), "sk": s("2"), "x": {"BOOL": True}})],
    })
    assert r.status == 200, r
    assert r.json() == {"UnprocessedItems": {}}
    assert get_item(hash_table, {"pk": s("a")}) == {"Item": {"pk": s("a"), "v": {"N": "1"}}}
    assert get_item(hash_table, {"pk": s("old")}) == {}
    assert get_item(range_table, {"pk": s("a"), "sk": s("2")}) == {"Item": {"pk": s("a"), "sk": s("2"),
                                                                             "x": {"BOOL": True}}}


def test_write_replaces_whole_items(hash_table):
    raw_ok("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("r"), "a": s("1")})]}})
    raw_ok("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("r"), "b": s("2")})]}})
    assert get_item(hash_table, {"pk": s("r")}) == {"Item": {"pk": s("r"), "b": s("2")}}


def test_write_exactly_25(hash_table):
    r = write({hash_table: [put({"pk": s(str(i))}) for i in range(25)]})
    assert (r.status, r.json()) == (200, {"UnprocessedItems": {}}), r
    assert get_item(hash_table, {"pk": s("24")}) == {"Item": {"pk": s("24")}}


def test_write_25_over_several_tables(hash_table, range_table):
    r = write({hash_table: [put({"pk": s(str(i))}) for i in range(13)],
               range_table: [put({"pk": s("p"), "sk": s(str(i))}) for i in range(12)]})
    assert (r.status, r.json()) == (200, {"UnprocessedItems": {}}), r


def test_write_same_key_in_different_tables_is_fine(ddb):
    with temp_table(ddb) as a, temp_table(ddb) as b:
        raw_ok("BatchWriteItem", {"RequestItems": {a: [put({"pk": s("k")})], b: [delete({"pk": s("k")})]}})
        assert get_item(a, {"pk": s("k")}) == {"Item": {"pk": s("k")}}


def test_write_range_keys_make_keys_distinct(range_table):
    raw_ok("BatchWriteItem", {"RequestItems": {range_table: [put({"pk": s("a"), "sk": s("1")}),
                                                             delete({"pk": s("a"), "sk": s("2")})]}})


def test_write_number_and_binary_keys(ddb):
    with temp_table(ddb, hash_key=("h", "N"), range_key=("r", "B")) as t:
        raw_ok("BatchWriteItem", {"RequestItems": {t: [put({"h": {"N": "1.50"}, "r": {"B": "AAE="}}),
                                                       put({"h": {"N": "1.5"}, "r": {"B": "AAI="}})]}})
        assert get_item(t, {"h": {"N": "1.5"}, "r": {"B": "AAE="}}) == {"Item": {"h": {"N": "1.5"}, "r": {"B": "AAE="}}}


def test_write_is_validated_before_anything_is_written(hash_table):
    r = write({hash_table: [put({"pk": s("first")}), put({"other": s("x")})]})
    assert r.status == 400, r
    assert get_item(hash_table, {"pk": s("first")}) == {}


def test_write_boto3_batch_writer(ddb_resource, hash_table):
    table = ddb_resource.Table(hash_table)
    with table.batch_writer() as batch:
        for i in range(60):
            batch.put_item(Item={"pk": f"bw{i}", "n": i, "b": Binary(b"\x00" * (i % 3))})
    assert table.get_item(Key={"pk": "bw59"}, ConsistentRead=True)["Item"]["n"] == 59
    with table.batch_writer(overwrite_by_pkeys=["pk"]) as batch:
        for i in range(60):
            batch.delete_item(Key={"pk": f"bw{i}"})
        batch.put_item(Item={"pk": "bw0", "n": 100})
    assert table.get_item(Key={"pk": "bw0"}, ConsistentRead=True)["Item"]["n"] == 100
    assert "Item" not in table.get_item(Key={"pk": "bw1"}, ConsistentRead=True)


def test_write_aws_cli(range_table):
    items = {range_table: [put({"pk": s("cli"), "sk": s("1"), "n": {"N": "7"}}), put({"pk": s("cli"), "sk": s("2")})]}
    out = aws_cli("dynamodb", "batch-write-item", "--request-items", json.dumps(items),
                  "--return-consumed-capacity", "TOTAL")
    assert out["UnprocessedItems"] == {}
    assert out["ConsumedCapacity"] == [{"TableName": range_table, "CapacityUnits": 2.0}]
    assert get_item(range_table, {"pk": s("cli"), "sk": s("1")})["Item"]["n"] == {"N": "7"}


# ================================================================ BatchWriteItem: errors

@pytest.mark.parametrize("requests", [
    [put({"pk": s("a")}), put({"pk": s("a")})],
    [put({"pk": s("a")}), delete({"pk": s("a")})],
    [delete({"pk": s("a")}), put({"pk": s("a"), "x": s("y")})],
    [delete({"pk": s("a")}), delete({"pk": s("a")})],
])
def test_write_duplicate_keys(hash_table, requests):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: requests}}, VALIDATION, DUPLICATES)


def test_write_duplicate_number_keys_compare_by_value(ddb):
    with temp_table(ddb, hash_key=("h", "N")) as t:
        raw_error("BatchWriteItem", {"RequestItems": {t: [put({"h": {"N": "1"}}), delete({"h": {"N": "1.0"}})]}},
                  VALIDATION, DUPLICATES)


@pytest.mark.ddblocal_differs("service: 'Map value must satisfy constraint' on requestItems; DynamoDB Local: "
                              "'Too many items requested for the BatchWriteItem call'. " + W_SRC)
def test_write_26_requests(hash_table):
    raw_error_match("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s(str(i))}) for i in range(26)]}},
                    VALIDATION, r"1 validation error detected: Value '\{.+\}' at 'requestItems' failed to satisfy "
                    r"constraint: " + MAP_VALUES_25)


def test_write_26_requests_over_two_tables(hash_table, range_table):
    # 13 + 13: each table's list is within its limit; the service counts the whole request
    # (AWS API reference: "up to 25 put or delete requests"). Both answer with this text.
    raw_error("BatchWriteItem", {"RequestItems": {
        hash_table: [put({"pk": s(str(i))}) for i in range(13)],
        range_table: [put({"pk": s("p"), "sk": s(str(i))}) for i in range(13)]}},
        VALIDATION, "Too many items requested for the BatchWriteItem call")


def test_write_26_requests_ddblocal_text(hash_table):
    ddblocal_only()
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s(str(i))}) for i in range(26)]}},
              VALIDATION, "Too many items requested for the BatchWriteItem call")


@pytest.mark.ddblocal_differs("service: 'Map value must satisfy constraint' for an empty list; DynamoDB Local: "
                              "'The batch write request list for a table cannot be null or empty: <table>'. "
                              + W_SRC)
def test_write_empty_list(hash_table):
    raw_error_match("BatchWriteItem", {"RequestItems": {hash_table: []}}, VALIDATION,
                    r"1 validation error detected: Value '\{.+\}' at 'requestItems' failed to satisfy constraint: "
                    + MAP_VALUES_25)


@pytest.mark.ddblocal_differs("service: length constraint on requestItems; DynamoDB Local: 'BatchWriteItem "
                              "cannot have a null or no requests set'. " + W_SRC)
def test_write_empty_request_items():
    raw_error("BatchWriteItem", {"RequestItems": {}}, VALIDATION,
              "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1")


@pytest.mark.ddblocal_differs("service: null constraint on requestItems; DynamoDB Local: 'BatchWriteItem cannot "
                              "have a null or no requests set'. " + W_SRC)
def test_write_missing_request_items():
    raw_error("BatchWriteItem", {}, VALIDATION, "1 validation error detected: Value null at 'requestItems' "
              "failed to satisfy constraint: Member must not be null")


def test_write_empty_request_ddblocal_texts(hash_table):
    ddblocal_only()
    raw_error("BatchWriteItem", {}, VALIDATION, "BatchWriteItem cannot have a null or no requests set")
    raw_error("BatchWriteItem", {"RequestItems": {}}, VALIDATION, "BatchWriteItem cannot have a null or no requests set")
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: []}}, VALIDATION,
              f"The batch write request list for a table cannot be null or empty: {hash_table}")


@pytest.mark.parametrize("request_", [{}, {"PutRequest": {"Item": {"pk": s("a")}}, "DeleteRequest": {"Key": {"pk": s("a")}}}])
def test_write_request_needs_exactly_one_kind(hash_table, request_):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [request_]}}, VALIDATION,
              "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
              "datatypes")


@pytest.mark.ddblocal_differs("service: 'Requested resource not found'; DynamoDB Local: 'Cannot do operations "
                              "on a non-existent table'. " + W_SRC)
def test_write_missing_table(hash_table):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("a")})],
                                                  unique_name("missing"): [put({"pk": s("a")})]}},
              NOT_FOUND, DATA_NOT_FOUND)


def test_write_missing_table_is_checked_before_duplicates():
    r = write({unique_name("missing"): [put({"pk": s("a")}), put({"pk": s("a")})]})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r


def test_write_missing_table_writes_nothing(ddb, hash_table):
    r = write({hash_table: [put({"pk": s("kept-out")})], unique_name("missing"): [put({"pk": s("a")})]})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r
    assert get_item(hash_table, {"pk": s("kept-out")}) == {}
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.batch_write_item(RequestItems={unique_name("missing"): [put({"pk": s("a")})]})


# Table names inside RequestItems: the service's model now types the map's keys as a name or ARN
# (TableArn, 1-1024 characters), so dynalite's older "Map keys must satisfy constraint" text no longer
# applies; DynamoDB Local's invalid-name text is asserted for every target.
@pytest.mark.parametrize("name", ["ab", "a;b", "a" * 256])
def test_write_bad_table_name(hash_table, name):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("a")})], name: [put({"pk": s("a")})]}},
              VALIDATION, NAME_MSG)


@pytest.mark.ddblocal_differs("service reports every constraint violation together. " + W_SRC)
def test_write_constraint_errors_together():
    raw_multi_error("BatchWriteItem", {"RequestItems": {"abc": [put({"pk": s("a")})]},
                                       "ReturnConsumedCapacity": "hi", "ReturnItemCollectionMetrics": "hi"}, [
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
        "[INDEXES, TOTAL, NONE]",
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value "
        "set: [SIZE, NONE]",
    ])


@pytest.mark.ddblocal_differs("service: 'The provided key element does not match the schema' for any key "
                              "mismatch in a batch; DynamoDB Local: 'One of the required keys was not given a "
                              "value', 'Type mismatch for key', 'The number of conditions on the keys is "
                              "invalid'. " + W_SRC)
@pytest.mark.parametrize("request_", [
    put({"other": s("a")}),
    put({}),
    put({"pk": {"N": "1"}}),
    put({"pk": {"SS": ["a"]}}),
    delete({"pk": {"B": "AA=="}}),
    delete({"other": s("a")}),
    delete({"pk": s("a"), "extra": s("b")}),
])
def test_write_key_mismatch(hash_table, request_):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [request_]}}, VALIDATION, KEY_MISMATCH)


@pytest.mark.ddblocal_differs("service: 'The provided key element does not match the schema'. " + W_SRC)
def test_write_range_key_missing(range_table):
    raw_error("BatchWriteItem", {"RequestItems": {range_table: [put({"pk": s("a")})]}}, VALIDATION, KEY_MISMATCH)


def test_write_key_mismatch_ddblocal_texts(hash_table, range_table):
    ddblocal_only()
    for request_, message in [
        (put({"other": s("a")}), "One of the required keys was not given a value"),
        (put({"pk": {"N": "1"}}), "One or more parameter values were invalid: Type mismatch for key"),
        (delete({"pk": s("a"), "extra": s("b")}), "The number of conditions on the keys is invalid"),
    ]:
        raw_error("BatchWriteItem", {"RequestItems": {hash_table: [request_]}}, VALIDATION, message)
    raw_error("BatchWriteItem", {"RequestItems": {range_table: [put({"pk": s("a")})]}}, VALIDATION,
              "One of the required keys was not given a value")


@pytest.mark.parametrize("request_", [put({"pk": s("")}), delete({"pk": s("")})])
def test_write_empty_string_key(hash_table, request_):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [request_]}}, VALIDATION,
              "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
              "an empty string value. Key: pk")


@pytest.mark.ddblocal_differs("service: 'One or more parameter values were invalid: Size of hashkey has exceeded "
                              "the maximum size limit of2048 bytes' (and the range key's text). " + W_SRC)
def test_write_key_too_long(hash_table, range_table):
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("k" * 2049)})]}}, VALIDATION,
              "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit "
              "of2048 bytes")
    raw_error("BatchWriteItem", {"RequestItems": {range_table: [put({"pk": s("a"), "sk": s("r" * 1025)})]}},
              VALIDATION, "One or more parameter values were invalid: Aggregated size of all range keys has "
              "exceeded the size limit of 1024 bytes")


def test_write_key_size_limits_accepted(hash_table, range_table):
    raw_ok("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("k" * 2048)})],
                                               range_table: [put({"pk": s("k" * 2048), "sk": s("r" * 1024)})]}})


def test_write_item_size_boundary(hash_table):
    raw_ok("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("a"), "b": s("x" * (400 * 1024 - 4))})]}})
    raw_error("BatchWriteItem", {"RequestItems": {hash_table: [put({"pk": s("a"), "b": s("x" * (400 * 1024 - 3))})]}},
              VALIDATION, "Item size has exceeded the maximum allowed size")


@pytest.mark.parametrize("value,message", [
    ({"N": "x"}, None),
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"NULL": False}, "One or more parameter values were invalid: Null attribute value types must have the value of true"),
    ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                           "the supported datatypes"),
    ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
])
def test_write_invalid_attribute_values(hash_table, value, message):
    r = write({hash_table: [put({"pk": s("a"), "v": value})]})
    assert (r.status, r.error_type) == (400, VALIDATION), r
    if message:
        assert r.message == message


# ================================================================ BatchGetItem: behaviour

@pytest.fixture
def two_filled(ddb, hash_table, range_table):
    ddb.batch_write_item(RequestItems={
        hash_table: [put({"pk": s(k), "v": {"N": str(i)}, "w": s("w" + k)}) for i, k in enumerate("abc")],
        range_table: [put({"pk": s("p"), "sk": s(k)}) for k in "xy"],
    })
    return hash_table, range_table


def test_get_over_two_tables(two_filled):
    h, r = two_filled
    resp = raw_ok("BatchGetItem", {"RequestItems": {
        h: {"Keys": [{"pk": s("a")}, {"pk": s("c")}, {"pk": s("zz")}]},
        r: {"Keys": [{"pk": s("p"), "sk": s("y")}], "ConsistentRead": True}}})
    assert set(resp) == {"Responses", "UnprocessedKeys"}
    assert resp["UnprocessedKeys"] == {}
    assert sort_items(resp["Responses"][h]) == sort_items([{"pk": s("a"), "v": {"N": "0"}, "w": s("wa")},
                                                           {"pk": s("c"), "v": {"N": "2"}, "w": s("wc")}])
    assert resp["Responses"][r] == [{"pk": s("p"), "sk": s("y")}]


def test_get_table_with_nothing_found_has_empty_list(two_filled):
    h, r = two_filled
    resp = raw_ok("BatchGetItem", {"RequestItems": {h: {"Keys": [{"pk": s("a")}]},
                                                    r: {"Keys": [{"pk": s("none"), "sk": s("x")}]}}})
    assert resp["Responses"][r] == []
    assert len(resp["Responses"][h]) == 1


def test_get_projection(two_filled):
    h, _ = two_filled
    resp = raw_ok("BatchGetItem", {"RequestItems": {h: {"Keys": [{"pk": s("a")}, {"pk": s("b")}],
                                                        "ProjectionExpression": "#v, w",
                                                        "ExpressionAttributeNames": {"#v": "v"}}}})
    assert sort_items(resp["Responses"][h]) == sort_items([{"v": {"N": "0"}, "w": s("wa")},
                                                           {"v": {"N": "1"}, "w": s("wb")}])
    resp = raw_ok("BatchGetItem", {"RequestItems": {h: {"Keys": [{"pk": s("a")}], "AttributesToGet": ["pk"]}}})
    assert resp["Responses"][h] == [{"pk": s("a")}]


def test_get_exactly_100_keys_over_two_tables(two_filled):
    h, r = two_filled
    resp = raw_ok("BatchGetItem", {"RequestItems": {
        h: {"Keys": [{"pk": s(str(i))} for i in range(60)] + [{"pk": s("a")}]},
        r: {"Keys": [{"pk": s("p"), "sk": s(str(i))} for i in range(39)]}}})
    assert resp["Responses"] == {h: [{"pk": s("a"), "v": {"N": "0"}, "w": s("wa")}], r: []}


def test_get_boto3_resource(ddb_resource, two_filled):
    h, r = two_filled
    resp = ddb_resource.batch_get_item(RequestItems={h: {"Keys": [{"pk": "b"}], "ConsistentRead": True},
                                                     r: {"Keys": [{"pk": "p", "sk": "x"}]}})
    assert resp["Responses"][h] == [{"pk": "b", "v": 1, "w": "wb"}]
    assert resp["Responses"][r] == [{"pk": "p", "sk": "x"}]
    assert resp["UnprocessedKeys"] == {}


def test_get_aws_cli(two_filled):
    h, _ = two_filled
    out = aws_cli("dynamodb", "batch-get-item", "--request-items",
                  json.dumps({h: {"Keys": [{"pk": s("a")}, {"pk": s("b")}], "ProjectionExpression": "pk"}}),
                  "--return-consumed-capacity", "TOTAL")
    assert sort_items(out["Responses"][h]) == [{"pk": s("a")}, {"pk": s("b")}]
    assert out["UnprocessedKeys"] == {}
    assert out["ConsumedCapacity"] == [{"TableName": h, "CapacityUnits": 1.0}]


# ================================================================ BatchGetItem: errors

@pytest.mark.parametrize("keys", [
    [{"pk": s("a")}, {"pk": s("a")}],
    [{"pk": s("a")}, {"pk": s("b")}, {"pk": s("a")}],
])
def test_get_duplicate_keys(hash_table, keys):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": keys}}}, VALIDATION, DUPLICATES)


def test_get_duplicate_keys_in_another_order(range_table):
    keys = [{"pk": s("a"), "sk": s("1")}, {"sk": s("1"), "pk": s("a")}]
    raw_error("BatchGetItem", {"RequestItems": {range_table: {"Keys": keys}}}, VALIDATION, DUPLICATES)


def test_get_duplicates_are_checked_before_the_table():
    # dynalite validations/batchGetItem.js: a request-level check, before any table is looked up.
    raw_error("BatchGetItem", {"RequestItems": {unique_name("missing"): {"Keys": [{"pk": s("a")}, {"pk": s("a")}]}}},
              VALIDATION, DUPLICATES)


@pytest.mark.ddblocal_differs("service: length constraint on requestItems.<table>.member.keys; DynamoDB Local: "
                              "'Too many items requested for the BatchGetItem call'. " + G_SRC)
def test_get_101_keys_in_one_table(hash_table):
    raw_error_match("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s(str(i))} for i in range(101)]}}},
                    VALIDATION, r"1 validation error detected: Value '\[.+\]' at 'requestItems\." + hash_table
                    + r"\.member\.keys' failed to satisfy constraint: Member must have length less than or equal to 100")


def test_get_101_keys_over_two_tables(hash_table, range_table):
    raw_error("BatchGetItem", {"RequestItems": {
        hash_table: {"Keys": [{"pk": s(str(i))} for i in range(60)]},
        range_table: {"Keys": [{"pk": s("p"), "sk": s(str(i))} for i in range(41)]}}},
        VALIDATION, "Too many items requested for the BatchGetItem call")


@pytest.mark.ddblocal_differs("service: length constraint on requestItems.<table>.member.keys; DynamoDB Local: "
                              "'The list of keys in RequestItems for BatchGetItem is required: <t> has empty "
                              "list'. " + G_SRC)
def test_get_empty_keys(hash_table):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": []}}}, VALIDATION,
              f"1 validation error detected: Value '[]' at 'requestItems.{hash_table}.member.keys' failed to "
              "satisfy constraint: Member must have length greater than or equal to 1")


@pytest.mark.ddblocal_differs("service: null constraint on requestItems.<table>.member.keys. " + G_SRC)
def test_get_missing_keys(hash_table):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {}}}, VALIDATION,
              f"1 validation error detected: Value null at 'requestItems.{hash_table}.member.keys' failed to "
              "satisfy constraint: Member must not be null")


@pytest.mark.ddblocal_differs("service: length constraint on requestItems; DynamoDB Local: 'BatchGetItem must "
                              "have some requests set'. " + G_SRC)
def test_get_empty_request_items():
    raw_error("BatchGetItem", {"RequestItems": {}}, VALIDATION,
              "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1")


@pytest.mark.ddblocal_differs("service: null constraint on requestItems. " + G_SRC)
def test_get_missing_request_items():
    raw_error("BatchGetItem", {}, VALIDATION, "1 validation error detected: Value null at 'requestItems' failed "
              "to satisfy constraint: Member must not be null")


def test_get_empty_ddblocal_texts(hash_table):
    ddblocal_only()
    raw_error("BatchGetItem", {"RequestItems": {}}, VALIDATION, "BatchGetItem must have some requests set")
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": []}}}, VALIDATION,
              f"The list of keys in RequestItems for BatchGetItem is required: {hash_table} has empty list")
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s(str(i))} for i in range(101)]}}},
              VALIDATION, "Too many items requested for the BatchGetItem call")


@pytest.mark.ddblocal_differs("service: 'Requested resource not found'; DynamoDB Local: 'Cannot do operations "
                              "on a non-existent table'. " + G_SRC)
def test_get_missing_table(hash_table):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s("a")}]},
                                                unique_name("missing"): {"Keys": [{"pk": s("a")}]}}},
              NOT_FOUND, DATA_NOT_FOUND)


def test_get_missing_table_type(ddb):
    r = get({unique_name("missing"): {"Keys": [{"pk": s("a")}]}})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.batch_get_item(RequestItems={unique_name("missing"): {"Keys": [{"pk": s("a")}]}})


@pytest.mark.parametrize("name", ["ab", "a;b", "a" * 256])
def test_get_bad_table_name(hash_table, name):
    # As for BatchWriteItem: the map's keys are TableArn in the service's model.
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s("a")}]}, name: {"Keys": [{"pk": s("a")}]}}},
              VALIDATION, NAME_MSG)


@pytest.mark.ddblocal_differs("service: enum constraint on returnConsumedCapacity; DynamoDB Local: 'Cannot have "
                              "null key for GetItem, DeleteItem, or UpdateItem'. " + G_SRC)
def test_get_bad_return_consumed_capacity(hash_table):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s("a")}]}},
                               "ReturnConsumedCapacity": "hi"}, VALIDATION,
              "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
              "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")


@pytest.mark.ddblocal_differs("service: 'The provided key element does not match the schema'; DynamoDB Local: "
                              "'Type mismatch for key', 'The number of conditions on the keys is invalid', 'One "
                              "of the required keys was not given a value'. " + G_SRC)
@pytest.mark.parametrize("key", [{"pk": {"N": "1"}}, {"pk": s("a"), "x": s("b")}, {"x": s("b")}])
def test_get_key_mismatch(hash_table, key):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [key]}}}, VALIDATION, KEY_MISMATCH)


def test_get_missing_range_key(range_table):
    # As GetItem says for a short key (test_put_get_delete_item.py::test_missing_range_key_in_key).
    # dynalite's recording has the schema-mismatch text here; DynamoDB Local's text is asserted.
    raw_error("BatchGetItem", {"RequestItems": {range_table: {"Keys": [{"pk": s("a")}]}}}, VALIDATION,
              "The number of conditions on the keys is invalid")


def test_get_empty_string_key(hash_table):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s("")}]}}}, VALIDATION,
              "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
              "an empty string value. Key: pk")


def test_get_expression_and_non_expression(hash_table):
    raw_error("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": s("a")}], "ProjectionExpression": "pk",
                                                             "AttributesToGet": ["pk"]}}}, VALIDATION,
              "Can not use both expression and non-expression parameters in the same request: Non-expression "
              "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
