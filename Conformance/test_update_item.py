"""UpdateItem: UpdateExpression, ConditionExpression, ReturnValues, capacity, the legacy
AttributeUpdates, and DynamoDB's order of checks.

Service texts and orders where DynamoDB Local differs come from dynalite's test/updateItem.js
(recorded against the live service) unless another source is named."""
import decimal
import re

import pytest
from botocore.exceptions import ClientError

from conftest import aws_cli, call, unique_name
from ops_helpers import DATA_NOT_FOUND, NOT_FOUND, VALIDATION, constraint, norm, norm_item, raw_error, raw_ok

SRC = "dynalite test/updateItem.js"
CONDITIONAL = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"
MISSING_ATTR = "The provided expression refers to an attribute that does not exist in the item"
BAD_TYPE = "An operand in the update expression has an incorrect data type"
BAD_PATH = "The document path provided in the update expression is invalid for update"
KEY_UPDATE = "One or more parameter values were invalid: Cannot update attribute {}. This attribute is part of the key"
MIX = ("Can not use both expression and non-expression parameters in the same request: "
       "Non-expression parameters: {{{}}} Expression parameters: {{{}}}")
TOO_LARGE = "Item size to update has exceeded the maximum allowed size"

BASE = {
    "pk": {"S": "r"}, "s": {"S": "str"}, "n": {"N": "5"}, "nul": {"NULL": True},
    "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]},
    "m": {"M": {"x": {"N": "1"}, "i": {"M": {"y": {"S": "z"}}}}},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]},
}
VALUES = {":n": {"N": "1"}, ":s": {"S": "q"}, ":l": {"L": [{"S": "x"}]}, ":ss": {"SS": ["a"]}, ":ns": {"NS": ["1"]},
          ":bs": {"BS": ["YQ=="]}, ":x": {"S": "X"}, ":y": {"S": "Y"}}


def update(table, expr=None, key=None, **kw):
    """UpdateItem with the :refs of `expr` (and of a ConditionExpression) taken from VALUES."""
    body = {"TableName": table, "Key": key or {"pk": {"S": "r"}}, **kw}
    if expr is not None:
        body["UpdateExpression"] = expr
    refs = set(re.findall(r":\w+", (expr or "") + " " + kw.get("ConditionExpression", "")))
    if refs and "ExpressionAttributeValues" not in body:
        body["ExpressionAttributeValues"] = {k: v for k, v in VALUES.items() if k in refs}
    return call("UpdateItem", body)


def put_base(table, item=BASE):
    raw_ok("PutItem", {"TableName": table, "Item": item})


def get(table, key=None):
    return raw_ok("GetItem", {"TableName": table, "Key": key or {"pk": {"S": "r"}}}).get("Item")


def ok(r):
    assert r.status == 200, r
    return r.json()


def err(r, message, error_type=VALIDATION):
    assert (r.status, r.error_type, r.message) == (400, error_type, message), r


# ---------------------------------------------------------------- creating and updating

def test_update_without_actions_creates_the_key_item(hash_table):
    assert ok(update(hash_table, key={"pk": {"S": "bare"}})) == {}
    assert get(hash_table, {"pk": {"S": "bare"}}) == {"pk": {"S": "bare"}}


def test_update_creates_item_with_key_attributes(range_table):
    key = {"pk": {"S": "p"}, "sk": {"S": "s"}}
    resp = ok(update(range_table, "SET a = :x ADD c :n REMOVE gone", key=key, ReturnValues="ALL_NEW"))
    assert resp == {"Attributes": {"pk": {"S": "p"}, "sk": {"S": "s"}, "a": {"S": "X"}, "c": {"N": "1"}}}
    assert get(range_table, key) == resp["Attributes"]


def test_remove_on_missing_item_still_creates_it(hash_table):
    assert ok(update(hash_table, "REMOVE a", key={"pk": {"S": "rm"}}, ReturnValues="ALL_NEW")) == \
        {"Attributes": {"pk": {"S": "rm"}}}


@pytest.mark.parametrize("expr,changes", [
    ("SET a = :x", {"a": {"S": "X"}}),
    ("SET n = n + :n", {"n": {"N": "6"}}),
    ("SET a = :n - n", {"a": {"N": "-4"}}),
    ("SET a = if_not_exists(nope, :x), b = if_not_exists(s, :x)", {"a": {"S": "X"}, "b": {"S": "str"}}),
    ("SET a = if_not_exists(l[9], :x)", {"a": {"S": "X"}}),
    ("SET a = list_append(l, :l), b = list_append(:l, l)",
     {"a": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "x"}]},
      "b": {"L": [{"S": "x"}, {"S": "a"}, {"S": "b"}, {"S": "c"}]}}),
    ("SET m.i.y = :x, m.i.z = :y REMOVE m.x", {"m": {"M": {"i": {"M": {"y": {"S": "X"}, "z": {"S": "Y"}}}}}}),
    ("ADD nope :n", {"nope": {"N": "1"}}),
    ("ADD nope :ss", {"nope": {"SS": ["a"]}}),
    ("ADD m.x :n", {"m": {"M": {"x": {"N": "2"}, "i": {"M": {"y": {"S": "z"}}}}}}),
    ("ADD ss :ss", {}),
    ("DELETE ss :ss, ns :ns", {"ss": {"SS": ["b"]}, "ns": {"NS": ["2"]}}),
    ("DELETE nope :ss", {}),
    ("DELETE m.zz :ss", {}),
    ("REMOVE nope", {}),
    ("REMOVE m.nope", {}),
    ("REMOVE l[2]", {"l": {"L": [{"S": "a"}, {"S": "b"}]}}),
    ("REMOVE l[0], l[2]", {"l": {"L": [{"S": "b"}]}}),
    ("REMOVE l[5]", {}),
    # List indexes mean the original positions; past the end appends in ascending index order.
    ("REMOVE l[0] SET l[1] = :x", {"l": {"L": [{"S": "X"}, {"S": "c"}]}}),
    ("SET l[5] = :x, l[4] = :y", {"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "Y"}, {"S": "X"}]}}),
    ("SET l[7] = :x REMOVE l[3]", {"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "X"}]}}),
    ("SET l[9] = :x, l[4] = :y ADD l[6] :n",
     {"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "Y"}, {"N": "1"}, {"S": "X"}]}}),
    ("REMOVE l[1], l[9] SET l[0] = :x, l[5] = :y", {"l": {"L": [{"S": "X"}, {"S": "c"}, {"S": "Y"}]}}),
    ("DELETE l[9] :ss", {}),
])
def test_update_expression_results(hash_table, expr, changes):
    put_base(hash_table)
    resp = ok(update(hash_table, expr, ReturnValues="ALL_NEW"))
    expected = {**BASE, **changes}
    assert norm_item(resp["Attributes"]) == norm_item(expected)
    assert norm_item(get(hash_table)) == norm_item(expected)


def test_nested_update_from_recorded_service_case(hash_table):
    # dynalite's "should update nested attributes": SET values come from the original item.
    key = {"pk": {"S": "nest"}}
    ok(call("UpdateItem", {"TableName": hash_table, "Key": key, "UpdateExpression": "set b = :b, c = :c",
                           "ExpressionAttributeValues": {":b": {"M": {"a": {"N": "1"}, "b": {"N": "2"}, "c": {"N": "3"}}},
                                                         ":c": {"L": [{"N": "1"}, {"N": "3"}]}}}))
    ok(call("UpdateItem", {
        "TableName": hash_table, "Key": key,
        "UpdateExpression": "set b.c=((c[1])+(b.a)),b.a = pk,c[1] = pk, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a",
        "ExpressionAttributeValues": {":a": {"N": "2"}, ":b": {"SS": ["a"]}}}))
    assert get(hash_table, key) == {
        "pk": key["pk"], "b": {"M": {"a": key["pk"], "b": {"N": "2"}, "c": {"N": "4"}}},
        "c": {"L": [{"N": "1"}, key["pk"], {"N": "3"}, {"N": "-1"}, {"N": "2"}, {"SS": ["a"]}]}}


# ---------------------------------------------------------------- runtime errors

@pytest.mark.parametrize("expr,message", [
    ("SET a = b + :n", MISSING_ATTR),
    ("SET a = :n + b", MISSING_ATTR),
    ("SET a = nope.x", MISSING_ATTR),
    ("SET a = l[9]", MISSING_ATTR),
    ("SET a = list_append(:l, nope)", MISSING_ATTR),
    ("SET a = s + :n", BAD_TYPE),
    ("SET a = nul + :n", BAD_TYPE),
    ("SET a = list_append(s, :l)", BAD_TYPE),
    ("ADD s :n", BAD_TYPE),
    ("ADD n :ss", BAD_TYPE),
    ("ADD ss :ns", BAD_TYPE),
    ("ADD l :n", BAD_TYPE),
    ("ADD l[1] :n", BAD_TYPE),
    ("DELETE ss :ns", BAD_TYPE),
    ("DELETE ss :bs", BAD_TYPE),
    ("DELETE s :ss", BAD_TYPE),
    ("DELETE l :ss", BAD_TYPE),
    ("DELETE n :ns", BAD_TYPE),
    ("REMOVE s[0]", BAD_PATH),
    ("REMOVE nope[0]", BAD_PATH),
    ("REMOVE nope.a", BAD_PATH),
    ("REMOVE m.nope.deeper", BAD_PATH),
    ("REMOVE s.a", BAD_PATH),
    ("REMOVE m[0]", BAD_PATH),
    ("REMOVE l.a", BAD_PATH),
    ("SET nope.a = :x", BAD_PATH),
    ("SET m.nope.a = :x", BAD_PATH),
    ("SET s.a = :x", BAD_PATH),
    ("SET s[0] = :x", BAD_PATH),
    ("SET nope[0] = :x", BAD_PATH),
    ("SET l.a = :x", BAD_PATH),
    ("SET m[0] = :x", BAD_PATH),
    ("ADD m.nope.a :n", BAD_PATH),
    ("ADD nope.a :n", BAD_PATH),
    ("DELETE nope.a :ss", BAD_PATH),
])
def test_update_runtime_errors(hash_table, expr, message):
    put_base(hash_table)
    err(update(hash_table, expr), message)
    assert get(hash_table) == BASE  # nothing written


def test_nested_path_in_missing_item(hash_table):
    err(update(hash_table, "SET b.a = pk", key={"pk": {"S": "none"}}), BAD_PATH)
    err(update(hash_table, "SET b[1] = pk", key={"pk": {"S": "none"}}), BAD_PATH)
    err(update(hash_table, "SET c = b", key={"pk": {"S": "none"}}), MISSING_ATTR)
    assert get(hash_table, {"pk": {"S": "none"}}) is None


def test_number_overflow_at_runtime(hash_table):
    raw_ok("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": "r"}, "n": {"N": "9E+125"}}})
    err(update(hash_table, "SET n = n + :big", ExpressionAttributeValues={":big": {"N": "9E+125"}}),
        "Number overflow. Attempting to store a number with magnitude larger than supported range")


# ---------------------------------------------------------------- conditions

def test_condition_passes_and_fails(hash_table):
    put_base(hash_table)
    assert ok(update(hash_table, "SET a = :x", ConditionExpression="s = :s2",
                     ExpressionAttributeValues={":x": {"S": "X"}, ":s2": {"S": "str"}},
                     ReturnValues="UPDATED_NEW")) == {"Attributes": {"a": {"S": "X"}}}
    err(update(hash_table, "SET a = :y", ConditionExpression="s = :s"), "The conditional request failed", CONDITIONAL)
    assert get(hash_table)["a"] == {"S": "X"}


def test_condition_on_missing_item(hash_table):
    err(update(hash_table, "SET a = :x", key={"pk": {"S": "absent"}}, ConditionExpression="attribute_exists(pk)"),
        "The conditional request failed", CONDITIONAL)
    assert get(hash_table, {"pk": {"S": "absent"}}) is None
    assert ok(update(hash_table, "SET a = :x", key={"pk": {"S": "absent"}},
                     ConditionExpression="attribute_not_exists(pk)")) == {}


def test_condition_is_checked_before_the_update_runs(hash_table):
    put_base(hash_table)
    err(update(hash_table, "SET a = b + :n", ConditionExpression="s = :n"), "The conditional request failed", CONDITIONAL)
    err(update(hash_table, "SET a.b = :n", ConditionExpression="s = :n"), "The conditional request failed", CONDITIONAL)


def test_condition_names_and_values_shared_with_update(hash_table):
    put_base(hash_table)
    body = {"TableName": hash_table, "Key": {"pk": {"S": "r"}}, "UpdateExpression": "SET #a = :v",
            "ConditionExpression": "#a = :old", "ExpressionAttributeNames": {"#a": "s"},
            "ExpressionAttributeValues": {":v": {"S": "new"}, ":old": {"S": "str"}}, "ReturnValues": "UPDATED_OLD"}
    assert ok(call("UpdateItem", body)) == {"Attributes": {"s": {"S": "str"}}}


# ---------------------------------------------------------------- ReturnValues

def test_return_values_top_level(hash_table):
    put_base(hash_table)
    expr = "SET s = :x, a = :y REMOVE n ADD ns :ns"
    assert ok(update(hash_table, expr, ReturnValues="NONE")) == {}
    put_base(hash_table)
    assert ok(update(hash_table, expr, ReturnValues="ALL_OLD")) == {"Attributes": BASE}
    put_base(hash_table)
    new = {k: v for k, v in BASE.items() if k != "n"}
    new.update({"s": {"S": "X"}, "a": {"S": "Y"}})
    assert norm_item(ok(update(hash_table, expr, ReturnValues="ALL_NEW"))["Attributes"]) == norm_item(new)
    put_base(hash_table)
    assert norm_item(ok(update(hash_table, expr, ReturnValues="UPDATED_OLD"))["Attributes"]) == \
        norm_item({"s": BASE["s"], "n": BASE["n"], "ns": BASE["ns"]})
    put_base(hash_table)
    assert norm_item(ok(update(hash_table, expr, ReturnValues="UPDATED_NEW"))["Attributes"]) == \
        norm_item({"s": {"S": "X"}, "a": {"S": "Y"}, "ns": BASE["ns"]})


def test_return_values_of_a_new_item(hash_table):
    key = {"pk": {"S": "fresh"}}
    assert ok(update(hash_table, "SET a = :x", key=key, ReturnValues="ALL_OLD")) == {}
    key = {"pk": {"S": "fresh2"}}
    assert ok(update(hash_table, "SET a = :x", key=key, ReturnValues="UPDATED_OLD")) == {}
    key = {"pk": {"S": "fresh3"}}
    assert ok(update(hash_table, "REMOVE a", key=key, ReturnValues="UPDATED_NEW")) == {}
    assert ok(update(hash_table, key={"pk": {"S": "fresh4"}}, ReturnValues="ALL_NEW")) == \
        {"Attributes": {"pk": {"S": "fresh4"}}}


NESTED = "set b.c=((c[1])+(b.a)),b.a = pk,c[1] = pk, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a"
NESTED_ITEM = {"pk": {"S": "n"}, "b": {"M": {"a": {"N": "1"}, "b": {"N": "2"}, "c": {"N": "3"}}},
               "c": {"L": [{"N": "1"}, {"N": "3"}]}}


def nested_update(table, rv):
    put_base(table, NESTED_ITEM)
    return ok(call("UpdateItem", {"TableName": table, "Key": {"pk": {"S": "n"}}, "UpdateExpression": NESTED,
                                  "ExpressionAttributeValues": {":a": {"N": "2"}, ":b": {"SS": ["a"]}},
                                  "ReturnValues": rv}))


@pytest.mark.ddblocal_differs("the service returns only the updated paths, projected from the item ("
                              + SRC + ", 'should update nested attributes'); DynamoDB Local 1.13.5 returns "
                              "each updated top-level attribute whole")
def test_updated_new_projects_nested_paths(hash_table):
    # The paths are projected from the new item as written: c[4] is the element now at index 4.
    assert nested_update(hash_table, "UPDATED_NEW") == {"Attributes": {
        "b": {"M": {"a": {"S": "n"}, "c": {"N": "4"}}}, "c": {"L": [{"S": "n"}, {"N": "3"}, {"N": "2"}]}}}


@pytest.mark.ddblocal_differs("UPDATED_OLD projects the updated paths on the service (as UPDATED_NEW, " + SRC
                              + "); DynamoDB Local 1.13.5 returns each updated top-level attribute whole")
def test_updated_old_projects_nested_paths(hash_table):
    assert nested_update(hash_table, "UPDATED_OLD") == {"Attributes": {
        "b": {"M": {"a": {"N": "1"}, "c": {"N": "3"}}}, "c": {"L": [{"N": "3"}]}}}


def test_all_old_and_all_new_with_nested_paths(hash_table):
    assert nested_update(hash_table, "ALL_OLD") == {"Attributes": NESTED_ITEM}
    assert nested_update(hash_table, "ALL_NEW") == {"Attributes": {
        "pk": {"S": "n"}, "b": {"M": {"a": {"S": "n"}, "b": {"N": "2"}, "c": {"N": "4"}}},
        "c": {"L": [{"N": "1"}, {"S": "n"}, {"N": "3"}, {"N": "-1"}, {"N": "2"}, {"SS": ["a"]}]}}}


@pytest.mark.ddblocal_differs("service: enum constraint on returnValues (" + SRC + "); DynamoDB Local: "
                              "'Return values set to invalid value'")
def test_unknown_return_values(hash_table):
    err(update(hash_table, "SET a = :x", ReturnValues="FOO"), "1 validation error detected: " + constraint(
        "FOO", "returnValues", "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"))


# ---------------------------------------------------------------- capacity and size

def test_consumed_capacity_is_the_larger_of_old_and_new(hash_table):
    raw_ok("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": "r"}, "s": {"S": "x" * 1500}}})
    assert ok(update(hash_table, "REMOVE s", ReturnConsumedCapacity="TOTAL")) == \
        {"ConsumedCapacity": {"TableName": hash_table, "CapacityUnits": 2.0}}
    assert ok(update(hash_table, "SET s = :x", ReturnConsumedCapacity="INDEXES")) == \
        {"ConsumedCapacity": {"TableName": hash_table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}}
    assert ok(update(hash_table, "SET s = :x", ReturnConsumedCapacity="NONE", ReturnItemCollectionMetrics="SIZE")) == {}


def test_item_size_limit_applies_to_the_result(hash_table):
    big = {":big": {"S": "x" * 300000}}
    err(update(hash_table, "SET a = :big", ExpressionAttributeValues={":big": {"S": "x" * 410000}}), TOO_LARGE)
    assert ok(update(hash_table, "SET a = :big", ExpressionAttributeValues=big)) == {}
    err(update(hash_table, "SET b = :big", ExpressionAttributeValues=big), TOO_LARGE)
    err(update(hash_table, "SET a = :big, b = :big", key={"pk": {"S": "2"}}, ExpressionAttributeValues=big), TOO_LARGE)
    assert get(hash_table, {"pk": {"S": "2"}}) is None


# ---------------------------------------------------------------- keys

@pytest.mark.parametrize("expr", ["SET pk = :x", "REMOVE pk", "SET pk.x = :x", "REMOVE pk[0]", "SET a = :x, pk = :y"])
def test_key_attributes_cannot_be_updated(hash_table, expr):
    err(update(hash_table, expr), KEY_UPDATE.format("pk"))


def test_range_key_cannot_be_updated(range_table):
    err(update(range_table, "SET d[1] = :n ADD sk.b :n", key={"pk": {"S": "a"}, "sk": {"S": "b"}}), KEY_UPDATE.format("sk"))


def test_unused_values_come_before_key_attribute_update(hash_table):
    err(update(hash_table, "SET pk = :x", ExpressionAttributeValues={":x": {"S": "x"}, ":z": {"S": "1"}}),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}")


def test_missing_range_key(range_table):
    err(update(range_table, "SET a = :x", key={"pk": {"S": "a"}}), "The number of conditions on the keys is invalid")


@pytest.mark.ddblocal_differs("service: 'The provided key element does not match the schema' (" + SRC
                              + "); DynamoDB Local: 'One or more parameter values were invalid: Type mismatch for "
                              "key' or 'The number of conditions on the keys is invalid'")
@pytest.mark.parametrize("key", [{"pk": {"N": "1"}}, {"pk": {"S": "a"}, "x": {"S": "b"}}])
def test_key_does_not_match_schema(hash_table, key):
    err(update(hash_table, "SET a = :x", key=key), "The provided key element does not match the schema")


def test_key_is_checked_before_key_attribute_update(hash_table):
    r = update(hash_table, "SET pk = :x", key={"pk": {"S": "a"}, "x": {"S": "b"}})
    assert (r.status, r.error_type) == (400, VALIDATION) and "Cannot update" not in r.message, r


@pytest.mark.ddblocal_differs("service: 'Requested resource not found'; DynamoDB Local: 'Cannot do operations on "
                              "a non-existent table'")
def test_missing_table(hash_table):
    err(update(unique_name("missing"), "SET a = :x"), DATA_NOT_FOUND, NOT_FOUND)


def test_missing_table_type():
    r = update(unique_name("missing"), "SET pk = :x")
    assert (r.status, r.error_type) == (400, NOT_FOUND), r


# ---------------------------------------------------------------- order of request checks

@pytest.mark.parametrize("body,message", [
    ({"UpdateExpression": "SET a = :v", "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "x"}}}},
     MIX.format("AttributeUpdates", "UpdateExpression")),
    ({"ConditionExpression": "a = :v", "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "x"}}}},
     MIX.format("AttributeUpdates", "ConditionExpression")),
    ({"UpdateExpression": "SET a = :v", "ConditionExpression": "a = :v", "ConditionalOperator": "AND",
      "Expected": {"a": {"Exists": False}}, "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "x"}}}},
     MIX.format("AttributeUpdates, Expected, ConditionalOperator", "UpdateExpression, ConditionExpression")),
    ({"UpdateExpression": "SET a = :v", "Expected": {"a": {"Exists": False}}},
     MIX.format("Expected", "UpdateExpression")),
    ({"ConditionExpression": "a = :v", "ConditionalOperator": "AND", "Expected": {"a": {"Exists": False}}},
     MIX.format("Expected, ConditionalOperator", "ConditionExpression")),
    ({"ExpressionAttributeValues": {":v": {"S": "x"}}},
     "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null"),
    ({"ExpressionAttributeValues": {":v": {"S": "x"}}, "AttributeUpdates": {"a": {"Value": {"S": "x"}}}},
     "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null"),
    ({"ExpressionAttributeNames": {"#a": "a"}, "ExpressionAttributeValues": {":v": {"S": "x"}}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ({"UpdateExpression": "SET a = ", "ConditionExpression": "a = "},
     'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "= "'),
    ({"UpdateExpression": "SET a = :x", "ConditionExpression": "a = "},
     "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x"),
    ({"UpdateExpression": "SET a = :x", "ConditionExpression": "a = :y", "ExpressionAttributeValues": {":x": {"S": "x"}}},
     "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :y"),
    ({"UpdateExpression": "SET a = :x", "ConditionExpression": "a = :x",
      "ExpressionAttributeValues": {":x": {"S": "x"}, ":z": {"S": "1"}}, "ExpressionAttributeNames": {"#q": "q"}},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#q}"),
    ({"UpdateExpression": "SET a = :x", "ExpressionAttributeValues": {":x": {"S": "x"}, ":z": {"S": "1"}}},
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}"),
    ({"UpdateExpression": ""}, "Invalid UpdateExpression: The expression can not be empty;"),
    ({"UpdateExpression": "SET a = :x SET b = :x", "ExpressionAttributeValues": {":x": {"S": "x"}}},
     'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'),
    ({"UpdateExpression": "SET a = :x REMOVE a", "ExpressionAttributeValues": {":x": {"S": "x"}}},
     "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
     "paths; path one: [a], path two: [a]"),
    ({"UpdateExpression": "ADD a :x", "ExpressionAttributeValues": {":x": {"S": "x"}}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
    ({"AttributeUpdates": {"a": {"Action": "PUT"}}},
     "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"),
    ({"AttributeUpdates": {"a": {}}},
     "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"),
])
def test_request_check_order(hash_table, body, message):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}}, **body}), message)


@pytest.mark.ddblocal_differs("the service validates the expressions before it looks up the table (" + SRC
                              + ": every validation case there names a missing table); DynamoDB Local 1.13.5 "
                              "reports the missing table first")
@pytest.mark.parametrize("body,message", [
    ({"UpdateExpression": "SET a = "}, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "= "'),
    ({"UpdateExpression": "SET a = :y", "ExpressionAttributeValues": {":x": {"S": "x"}}},
     "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :y"),
    ({"UpdateExpression": "SET a = :x", "ExpressionAttributeValues": {":x": {"S": "x"}, ":z": {"S": "1"}}},
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}"),
    ({"AttributeUpdates": {"a": {"Action": "PUT"}}},
     "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"),
])
def test_expressions_are_checked_before_the_table(body, message):
    err(call("UpdateItem", {"TableName": unique_name("missing"), "Key": {"pk": {"S": "k"}}, **body}), message)


@pytest.mark.ddblocal_differs("the service validates the expressions before the key (" + SRC + ", Key: {} in "
                              "its validation cases); DynamoDB Local 1.13.5 checks the key first")
def test_expressions_are_checked_before_the_key(hash_table):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {}, "UpdateExpression": "SET a = :x",
                            "ExpressionAttributeValues": {":x": {"S": "x"}, ":z": {"S": "1"}}}),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}")


# ---------------------------------------------------------------- legacy AttributeUpdates

def test_attribute_updates_put_add_delete(hash_table):
    raw_ok("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": "k"}, "s": {"S": "x"}, "ss": {"SS": ["a", "b"]},
                                                          "n": {"N": "1"}, "l": {"L": [{"N": "1"}]}}})
    resp = ok(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}}, "ReturnValues": "UPDATED_OLD",
                                  "AttributeUpdates": {
                                      "l": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}},
                                      "n": {"Action": "ADD", "Value": {"N": "2"}},
                                      "ss": {"Action": "DELETE", "Value": {"SS": ["a"]}},
                                      "s": {"Action": "DELETE"},
                                      "new": {"Action": "ADD", "Value": {"L": [{"S": "y"}]}},
                                      "p": {"Value": {"S": "put"}},
                                      "gone": {"Action": "DELETE"}}}))
    assert norm_item(resp["Attributes"]) == norm_item(
        {"l": {"L": [{"N": "1"}]}, "n": {"N": "1"}, "ss": {"SS": ["a", "b"]}, "s": {"S": "x"}})
    assert get(hash_table, {"pk": {"S": "k"}}) == {
        "pk": {"S": "k"}, "l": {"L": [{"N": "1"}, {"S": "x"}]}, "n": {"N": "3"}, "ss": {"SS": ["b"]},
        "new": {"L": [{"S": "y"}]}, "p": {"S": "put"}}


def test_attribute_updates_on_a_missing_item(hash_table):
    resp = ok(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "lm"}}, "ReturnValues": "UPDATED_NEW",
                                  "AttributeUpdates": {"b": {"Action": "DELETE"},
                                                       "c": {"Action": "DELETE", "Value": {"SS": ["a", "b"]}},
                                                       "d": {"Action": "ADD", "Value": {"N": "5"}},
                                                       "e": {"Action": "ADD", "Value": {"SS": ["a", "b"]}}}}))
    assert norm_item(resp["Attributes"]) == {"d": {"N": "5"}, "e": {"SS": ["a", "b"]}}


@pytest.mark.parametrize("attr,update_", [
    ("s", {"Action": "ADD", "Value": {"N": "1"}}),
    ("ss", {"Action": "ADD", "Value": {"NS": ["1"]}}),
    ("ss", {"Action": "DELETE", "Value": {"NS": ["1"]}}),
    ("n", {"Action": "DELETE", "Value": {"NS": ["1"]}}),
    ("l", {"Action": "ADD", "Value": {"N": "1"}}),
    ("n", {"Action": "ADD", "Value": {"L": []}}),
])
def test_attribute_updates_type_mismatch(hash_table, attr, update_):
    raw_ok("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": "k"}, "s": {"S": "x"}, "ss": {"SS": ["a"]},
                                                          "n": {"N": "1"}, "l": {"L": [{"N": "1"}]}}})
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}}, "AttributeUpdates": {attr: update_}}),
        "Type mismatch for attribute to update")


@pytest.mark.ddblocal_differs("the service names the type by its short name ('S', 'B'; " + SRC + "); "
                              "DynamoDB Local 1.13.5 spells it out ('STRING', 'BINARY')")
@pytest.mark.parametrize("action,value,text", [
    ("DELETE", {"S": "1"}, "DELETE action with value is not supported for the type S"),
    ("DELETE", {"N": "1"}, "DELETE action with value is not supported for the type N"),
    ("DELETE", {"L": []}, "DELETE action with value is not supported for the type L"),
    ("ADD", {"S": "1"}, "ADD action is not supported for the type S"),
    ("ADD", {"B": "YQ=="}, "ADD action is not supported for the type B"),
    ("ADD", {"BOOL": True}, "ADD action is not supported for the type BOOL"),
])
def test_attribute_updates_unsupported_types(hash_table, action, value, text):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}},
                            "AttributeUpdates": {"a": {"Action": action, "Value": value}}}),
        "One or more parameter values were invalid: " + text)


@pytest.mark.ddblocal_differs("service: enum constraint on the member's path (AttributeAction is ADD, PUT, "
                              "DELETE in the API model); DynamoDB Local: 'Member must satisfy enum value set: "
                              "[ADD, DELETE, PUT]' alone")
def test_attribute_updates_unknown_action(hash_table):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}},
                            "AttributeUpdates": {"a": {"Action": "FOO", "Value": {"S": "x"}}}}),
        "1 validation error detected: " + constraint("FOO", "attributeUpdates.a.member.action",
                                                     "Member must satisfy enum value set: [ADD, PUT, DELETE]"))


def test_attribute_updates_key_attribute(hash_table):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}},
                            "AttributeUpdates": {"pk": {"Action": "PUT", "Value": {"S": "x"}}}}), KEY_UPDATE.format("pk"))


def test_attribute_updates_item_too_large(hash_table):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}},
                            "AttributeUpdates": {"a": {"Value": {"S": "x" * 410000}}}}), TOO_LARGE)


# ---------------------------------------------------------------- clients

def test_boto3_client_update_item(ddb, hash_table):
    resp = ddb.update_item(TableName=hash_table, Key={"pk": {"S": "c"}},
                           UpdateExpression="SET #c = if_not_exists(#c, :zero) + :one, tags = :t",
                           ExpressionAttributeNames={"#c": "count"},
                           ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"}, ":t": {"SS": ["x"]}},
                           ReturnValues="ALL_NEW", ReturnConsumedCapacity="TOTAL")
    assert resp["Attributes"] == {"pk": {"S": "c"}, "count": {"N": "1"}, "tags": {"SS": ["x"]}}
    assert resp["ConsumedCapacity"] == {"TableName": hash_table, "CapacityUnits": 1.0}
    with pytest.raises(ClientError) as e:
        ddb.update_item(TableName=hash_table, Key={"pk": {"S": "c"}}, UpdateExpression="SET a = :v",
                        ConditionExpression="attribute_not_exists(pk)", ExpressionAttributeValues={":v": {"S": "v"}})
    assert e.value.response["Error"] == {"Code": "ConditionalCheckFailedException",
                                         "Message": "The conditional request failed"}


def test_boto3_resource_update_item(ddb_resource, hash_table):
    table = ddb_resource.Table(hash_table)
    table.put_item(Item={"pk": "res", "n": 1, "l": ["a"]})
    resp = table.update_item(Key={"pk": "res"}, UpdateExpression="SET n = n + :d, l = list_append(l, :more)",
                             ConditionExpression="n = :one",
                             ExpressionAttributeValues={":d": 2, ":more": ["b"], ":one": 1}, ReturnValues="UPDATED_NEW")
    assert resp["Attributes"] == {"n": decimal.Decimal(3), "l": ["a", "b"]}
    resp = table.update_item(Key={"pk": "res"}, AttributeUpdates={"n": {"Action": "ADD", "Value": 4}},
                             ReturnValues="UPDATED_OLD")
    assert resp["Attributes"] == {"n": decimal.Decimal(3)}
    assert table.get_item(Key={"pk": "res"})["Item"] == {"pk": "res", "n": decimal.Decimal(7), "l": ["a", "b"]}


def test_aws_cli_update_item(hash_table):
    out = aws_cli("dynamodb", "update-item", "--table-name", hash_table, "--key", '{"pk": {"S": "cli"}}',
                  "--update-expression", "SET v = :v", "--expression-attribute-values", '{":v": {"N": "42"}}',
                  "--return-values", "ALL_NEW")
    assert out == {"Attributes": {"pk": {"S": "cli"}, "v": {"N": "42"}}}


# ---------------------------------------------------------------- legacy Expected

EXPECTED_ITEM = {"pk": {"S": "k"}, "s": {"S": "x"}, "n": {"N": "5"}, "ss": {"SS": ["a", "b"]}}


@pytest.mark.parametrize("expected,extra,passes", [
    ({"s": {"Value": {"S": "x"}}}, {}, True),
    ({"s": {"Value": {"S": "y"}}}, {}, False),
    ({"s": {"Exists": True, "Value": {"S": "x"}}}, {}, True),
    ({"s": {"Exists": False}}, {}, False),
    ({"q": {"Exists": False}}, {}, True),
    ({"s": {"Value": {"S": "y"}}, "n": {"Value": {"N": "5"}}}, {"ConditionalOperator": "OR"}, True),
    ({"s": {"Value": {"S": "y"}}, "n": {"Value": {"N": "5"}}}, {}, False),
    ({"s": {"Value": {"S": "y"}}, "n": {"Value": {"N": "5"}}}, {"ConditionalOperator": "AND"}, False),
    ({"s": {"ComparisonOperator": "EQ", "Value": {"S": "x"}}}, {}, True),
    ({"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "4"}]}}, {}, True),
    ({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "6"}, {"N": "9"}]}}, {}, False),
    ({"n": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "5"}]}}, {}, True),
    ({"q": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "x"}]}}, {}, True),
    ({"q": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "x"}]}}, {}, False),
    ({"ss": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "c"}]}}, {}, True),
    ({"ss": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "a"}]}}, {}, True),
    ({"s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "x"}]}}, {}, True),
    ({"q": {"ComparisonOperator": "NULL"}, "s": {"ComparisonOperator": "NOT_NULL"}}, {}, True),
])
def test_expected(hash_table, expected, extra, passes):
    raw_ok("PutItem", {"TableName": hash_table, "Item": EXPECTED_ITEM})
    r = call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}}, "Expected": expected,
                            "AttributeUpdates": {"z": {"Value": {"S": "1"}}}, **extra})
    if passes:
        assert ok(r) == {}
        assert get(hash_table, {"pk": {"S": "k"}})["z"] == {"S": "1"}
    else:
        err(r, "The conditional request failed", CONDITIONAL)
        assert "z" not in get(hash_table, {"pk": {"S": "k"}})


@pytest.mark.parametrize("expected,extra,message", [
    ({"a": {}}, {}, "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a"),
    ({"a": {"Exists": True}}, {},
     "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"),
    ({"a": {"Exists": False, "Value": {"S": "x"}}}, {},
     "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a"),
    ({"s": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}], "Value": {"S": "x"}}}, {},
     "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: s"),
    ({"s": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}], "Exists": True}}, {},
     "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: s"),
    ({"s": {"ComparisonOperator": "EQ"}}, {},
     "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ "
     "for Attribute: s"),
    ({"s": {"Value": {"S": "y"}}}, {"ConditionalOperator": "OR"},
     "ConditionalOperator can only be used when Filter or Expected has two or more elements"),
])
def test_expected_validation(hash_table, expected, extra, message):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}}, "Expected": expected,
                            "AttributeUpdates": {"z": {"Value": {"S": "1"}}}, **extra}), message)


@pytest.mark.ddblocal_differs("the service checks AttributeUpdates before Expected (" + SRC + ", 'if update has "
                              "no value'); DynamoDB Local 1.13.5 reports Expected first")
def test_attribute_updates_are_checked_before_expected(hash_table):
    err(call("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "k"}}, "Expected": {"a": {}},
                            "AttributeUpdates": {"a": {"Action": "PUT"}}}),
        "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified")
