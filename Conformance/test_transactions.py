"""TransactWriteItems and TransactGetItems: all-or-nothing writes, cancellation reasons, client
request tokens, snapshot reads, capacity, and which errors are top-level.

The service's texts and its split between top-level errors and cancellation reasons, where DynamoDB
Local 1.13.5 differs, come from the AWS API reference (TransactWriteItems, TransactGetItems,
TransactionCanceledException) and from recordings against the live service published by
paritysuite/dynamodb-conformance (tests/tier3/error-messages/transact*.test.ts,
tests/tier3/validation-ordering/transactions.test.ts, tests/tier3/limits/itemSizeBySurface.test.ts)."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import aws_cli, call, unique_name
from ops_helpers import NOT_FOUND, VALIDATION, DATA_NOT_FOUND, raw_error, raw_ok, temp_table

CANCELED = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException"
MISMATCH = "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException"
DUPLICATE = "Transaction request cannot include multiple operations on one item"
EMPTY_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
             "an empty string value. Key: pk")


def canceled(codes):
    return "Transaction cancelled, please refer cancellation reasons for specific reasons [" + ", ".join(codes) + "]"


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def by_table(consumed):
    return consumed["TableName"]


def put(table, item, **kw):
    return {"Put": {"TableName": table, "Item": item, **kw}}


def update(table, key, expression, values=None, **kw):
    body = {"TableName": table, "Key": key, "UpdateExpression": expression, **kw}
    if values:
        body["ExpressionAttributeValues"] = values
    return {"Update": body}


def delete(table, key, **kw):
    return {"Delete": {"TableName": table, "Key": key, **kw}}


def check(table, key, condition, **kw):
    return {"ConditionCheck": {"TableName": table, "Key": key, "ConditionExpression": condition, **kw}}


def get(table, key, **kw):
    return {"Get": {"TableName": table, "Key": key, **kw}}


def item(table, key):
    return raw_ok("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True}).get("Item")


def cancellation(body):
    r = call("TransactWriteItems", body)
    assert (r.status, r.error_type) == (400, CANCELED), r
    return r.json()


@pytest.fixture
def tables(ddb):
    """A hash table (pk S) with {pk: a, n: 1} and a hash-range table (pk S, sk N)."""
    with temp_table(ddb, ("pk", "S"), prefix="txa") as a, temp_table(ddb, ("pk", "S"), ("sk", "N"), prefix="txb") as b:
        raw_ok("PutItem", {"TableName": a, "Item": {"pk": s("a"), "n": n(1)}})
        yield a, b


# MARK: TransactWriteItems


def test_all_four_actions_across_tables(ddb, tables):
    a, b = tables
    ddb.put_item(TableName=a, Item={"pk": s("gone")})
    ddb.transact_write_items(TransactItems=[
        put(a, {"pk": s("new"), "v": s("x")}, ConditionExpression="attribute_not_exists(pk)"),
        update(a, {"pk": s("a")}, "SET n = n + :one", {":one": n(1)}),
        delete(a, {"pk": s("gone")}),
        check(b, {"pk": s("x"), "sk": n(1)}, "attribute_not_exists(pk)"),
        put(b, {"pk": s("x"), "sk": n(2)}),
    ])
    assert item(a, {"pk": s("new")}) == {"pk": s("new"), "v": s("x")}
    assert item(a, {"pk": s("a")})["n"] == n(2)
    assert item(a, {"pk": s("gone")}) is None
    assert item(b, {"pk": s("x"), "sk": n(2)}) == {"pk": s("x"), "sk": n(2)}


def test_cancellation_reasons_in_order_and_nothing_written(tables):
    a, b = tables
    body = cancellation({"TransactItems": [
        put(a, {"pk": s("c")}),
        check(a, {"pk": s("a")}, "n = :z", ExpressionAttributeValues={":z": n(0)},
              ReturnValuesOnConditionCheckFailure="ALL_OLD"),
        delete(b, {"pk": s("x"), "sk": n(1)}, ConditionExpression="attribute_exists(pk)"),
    ]})
    assert body["message"] == canceled(["None", "ConditionalCheckFailed", "ConditionalCheckFailed"])
    assert body["CancellationReasons"] == [
        {"Code": "None"},
        # A ConditionCheck's text ends with a period, the other actions' do not.
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed.",
         "Item": {"pk": s("a"), "n": n(1)}},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
    ]
    assert item(a, {"pk": s("c")}) is None


def test_put_condition_failure_returns_old_item_when_asked(tables):
    a, _ = tables
    body = cancellation({"TransactItems": [
        put(a, {"pk": s("a"), "n": n(9)}, ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD"),
        update(a, {"pk": s("b")}, "SET n = :v", {":v": n(1)}),
    ]})
    assert body["CancellationReasons"] == [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed", "Item": {"pk": s("a"), "n": n(1)}},
        {"Code": "None"},
    ]
    assert item(a, {"pk": s("b")}) is None


def test_boto3_raises_transaction_canceled(ddb, tables):
    a, _ = tables
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as e:
        ddb.transact_write_items(TransactItems=[check(a, {"pk": s("a")}, "attribute_not_exists(pk)")])
    assert e.value.response["CancellationReasons"] == [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed."}]
    assert e.value.response["Error"]["Message"] == canceled(["ConditionalCheckFailed"])


def test_two_actions_on_one_item(tables):
    a, _ = tables
    raw_error("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")}), check(a, {"pk": s("c")}, "attribute_exists(pk)")]},
              VALIDATION, DUPLICATE)
    raw_error("TransactGetItems", {"TransactItems": [get(a, {"pk": s("a")}), get(a, {"pk": s("a")})]}, VALIDATION, DUPLICATE)


def test_checks_run_in_action_order(tables):
    a, _ = tables
    # An expression error anywhere comes before every table lookup.
    raw_error("TransactWriteItems", {"TransactItems": [
        put("nope-" + unique_name(), {"pk": s("c")}),
        put(a, {"pk": s("c")}, ConditionExpression="a = = b"),
    ]}, VALIDATION, 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"')
    # Then tables and duplicates, action by action.
    raw_error("TransactWriteItems", {"TransactItems": [
        put(a, {"pk": s("c")}), put(a, {"pk": s("c")}), put("nope-" + unique_name(), {"pk": s("c")}),
    ]}, VALIDATION, DUPLICATE)
    assert item(a, {"pk": s("c")}) is None


@pytest.mark.ddblocal_differs("a missing table is 'Cannot do operations on a non-existent table'")
def test_missing_table(tables):
    a, _ = tables
    missing = "nope-" + unique_name()
    raw_error("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")}), delete(missing, {"pk": s("c")})]},
              NOT_FOUND, DATA_NOT_FOUND)
    raw_error("TransactGetItems", {"TransactItems": [get(missing, {"pk": s("c")})]}, NOT_FOUND, DATA_NOT_FOUND)
    assert item(a, {"pk": s("c")}) is None


def test_empty_key_value_is_top_level(tables):
    a, _ = tables
    raw_error("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")}), put(a, {"pk": s("")})]}, VALIDATION, EMPTY_KEY)
    raw_error("TransactWriteItems", {"TransactItems": [delete(a, {"pk": s("")})]}, VALIDATION, EMPTY_KEY)
    raw_error("TransactGetItems", {"TransactItems": [get(a, {"pk": s("")})]}, VALIDATION, EMPTY_KEY)


@pytest.mark.ddblocal_differs("reason texts 'One or more parameter values were invalid: Type mismatch for key' for all actions")
def test_key_not_matching_schema_is_a_reason(tables):
    a, _ = tables
    body = cancellation({"TransactItems": [put(a, {"pk": s("c")}), put(a, {"pk": n(5)})]})
    assert body["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ValidationError", "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"}]
    body = cancellation({"TransactItems": [delete(a, {"pk": n(5)})]})
    assert body["CancellationReasons"] == [{"Code": "ValidationError", "Message": "The provided key element does not match the schema"}]


@pytest.mark.ddblocal_differs("TransactGetItems: TransactionCanceledException without CancellationReasons")
def test_get_key_not_matching_schema_is_a_reason(tables):
    a, _ = tables
    r = call("TransactGetItems", {"TransactItems": [get(a, {"pk": s("a")}), get(a, {"pk": n(1)})]})
    assert (r.status, r.error_type, r.message) == (400, CANCELED, canceled(["None", "ValidationError"])), r
    assert r.json()["CancellationReasons"][1]["Code"] == "ValidationError"


def test_put_item_too_large_is_top_level(tables):
    a, _ = tables
    raw_error("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")}), put(a, {"pk": s("big"), "x": s("x" * 410000)})]},
              VALIDATION, "Item size has exceeded the maximum allowed size")


@pytest.mark.ddblocal_differs("an update's result too large, or an update that fails on the stored item, is a top-level ValidationException")
def test_update_failing_on_stored_item_is_a_reason(tables):
    a, _ = tables
    body = cancellation({"TransactItems": [
        put(a, {"pk": s("c")}),
        update(a, {"pk": s("a")}, "SET x = :x", {":x": s("x" * 410000)}),
        update(a, {"pk": s("d")}, "SET n = q + :one", {":one": n(1)}),
    ]})
    assert body["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ValidationError", "Message": "Item size to update has exceeded the maximum allowed size"},
        {"Code": "ValidationError", "Message": "The provided expression refers to an attribute that does not exist in the item"},
    ]


@pytest.mark.ddblocal_differs("the reasons list only the failing action")
def test_key_attribute_update_is_a_reason(tables):
    a, _ = tables
    body = cancellation({"TransactItems": [put(a, {"pk": s("c")}), update(a, {"pk": s("a")}, "SET pk = :v", {":v": s("x")})]})
    assert body["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ValidationError",
         "Message": "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"}]


def test_payload_over_4_mb(tables):
    a, _ = tables
    items = [put(a, {"pk": s(f"big{i}"), "x": s("x" * 400000)}) for i in range(12)]
    # The running total of the item sizes when it passed 4 MB: 10 * 400007 + 400008.
    raw_error("TransactWriteItems", {"TransactItems": items}, VALIDATION,
              "Transaction payload size cannot exceed 4MB. Payload Size: 4400078")


def test_action_members(tables):
    a, _ = tables
    raw_error("TransactWriteItems", {"TransactItems": [{}]}, VALIDATION,
              "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request")
    raw_error("TransactWriteItems", {"TransactItems": [{**put(a, {"pk": s("c")}), **delete(a, {"pk": s("d")})}]}, VALIDATION,
              "TransactItems can only contain one of Check, Put, Update or Delete")
    raw_error("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")}, ExpressionAttributeNames={"#a": "a"})]},
              VALIDATION, "ExpressionAttributeNames can only be specified when using expressions")
    # Members the action does not have are ignored, as by the service.
    raw_ok("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")}, ReturnValues="ALL_OLD", Expected={"pk": {"Exists": False}})]})
    assert item(a, {"pk": s("c")}) == {"pk": s("c")}


@pytest.mark.ddblocal_differs("constraint texts lack the '1 validation error detected: ' prefix")
def test_missing_condition_expression(tables):
    a, _ = tables
    raw_error("TransactWriteItems", {"TransactItems": [{"ConditionCheck": {"TableName": a, "Key": {"pk": s("a")}}}]}, VALIDATION,
              "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' "
              "failed to satisfy constraint: Member must not be null")


@pytest.mark.ddblocal_differs("an Update without UpdateExpression is accepted")
def test_update_expression_is_required(tables):
    a, _ = tables
    raw_error("TransactWriteItems", {"TransactItems": [{"Update": {"TableName": a, "Key": {"pk": s("a")}}}]}, VALIDATION,
              "1 validation error detected: Value null at 'transactItems.1.member.update.updateExpression' "
              "failed to satisfy constraint: Member must not be null")


@pytest.mark.ddblocal_differs("constraint texts lack the '1 validation error detected: ' prefix and quotes")
def test_empty_transact_items():
    for op in ("TransactWriteItems", "TransactGetItems"):
        raw_error(op, {"TransactItems": []}, VALIDATION,
                  "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: "
                  "Member must have length greater than or equal to 1")


@pytest.mark.ddblocal_differs("at most 25 actions ('Member must have length less than or equal to 25'), the service's old limit")
def test_up_to_100_actions(tables):
    a, _ = tables
    raw_ok("TransactWriteItems", {"TransactItems": [put(a, {"pk": s(f"i{i}")}) for i in range(100)]})
    got = raw_ok("TransactGetItems", {"TransactItems": [get(a, {"pk": s(f"i{i}")}) for i in range(100)]})
    assert [r["Item"]["pk"] for r in got["Responses"]] == [s(f"i{i}") for i in range(100)]
    for op, entry in (("TransactWriteItems", lambda i: put(a, {"pk": s(f"j{i}")})), ("TransactGetItems", lambda i: get(a, {"pk": s(f"j{i}")}))):
        r = call(op, {"TransactItems": [entry(i) for i in range(101)]})
        assert (r.status, r.error_type) == (400, VALIDATION), r
        assert r.message.startswith("1 validation error detected: Value '[")
        assert r.message.endswith("]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100")


def test_constraint_errors_are_reported_together(tables):
    a, _ = tables
    r = call("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")})], "ClientRequestToken": "x" * 37,
                                    "ReturnConsumedCapacity": "BOGUS"})
    assert (r.status, r.error_type) == (400, VALIDATION), r
    assert "at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36" in r.message
    assert item(a, {"pk": s("c")}) is None


# MARK: ClientRequestToken


def test_client_request_token_is_idempotent(ddb, tables):
    a, _ = tables
    items = [update(a, {"pk": s("a")}, "SET n = n + :one", {":one": n(1)})]
    token, token2 = unique_name("tok"), unique_name("tok")
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    # The same request again (ReturnConsumedCapacity may differ) succeeds without applying.
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    replay = ddb.transact_write_items(TransactItems=items, ClientRequestToken=token, ReturnConsumedCapacity="TOTAL")
    # A replay reads the items instead of writing them.
    assert replay["ConsumedCapacity"] == [{"TableName": a, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]
    assert item(a, {"pk": s("a")})["n"] == n(2)

    other = [update(a, {"pk": s("a")}, "SET n = n + :one", {":one": n(2)})]
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=other, ClientRequestToken=token)
    assert e.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert item(a, {"pk": s("a")})["n"] == n(2)
    # Another token is another request.
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token2)
    assert item(a, {"pk": s("a")})["n"] == n(3)


def test_failed_transaction_does_not_use_its_token(tables):
    a, _ = tables
    token = unique_name("tok")
    failing = {"TransactItems": [check(a, {"pk": s("a")}, "attribute_not_exists(pk)")], "ClientRequestToken": token}
    cancellation(failing)
    cancellation(failing)
    raw_ok("TransactWriteItems", {"TransactItems": [put(a, {"pk": s("c")})], "ClientRequestToken": token})
    r = call("TransactWriteItems", failing)
    assert (r.status, r.error_type) == (400, MISMATCH), r


# MARK: capacity and metrics


@pytest.mark.ddblocal_differs("transactional writes cost four times a standard write, not two")
def test_consumed_capacity_of_writes(ddb, tables):
    a, b = tables
    resp = ddb.transact_write_items(TransactItems=[
        put(b, {"pk": s("x"), "sk": n(1), "v": s("x" * 3000)}),
        update(a, {"pk": s("a")}, "SET n = n + :one", {":one": n(1)}),
        check(a, {"pk": s("zz")}, "attribute_not_exists(pk)"),
    ], ReturnConsumedCapacity="INDEXES")
    # The service does not promise an order for the tables.
    assert sorted(resp["ConsumedCapacity"], key=by_table) == sorted([
        {"TableName": b, "CapacityUnits": 6.0, "WriteCapacityUnits": 6.0, "Table": {"CapacityUnits": 6.0, "WriteCapacityUnits": 6.0}},
        {"TableName": a, "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0, "Table": {"CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}},
    ], key=by_table)


def test_return_item_collection_metrics_is_accepted(ddb, tables):
    a, _ = tables
    resp = ddb.transact_write_items(TransactItems=[put(a, {"pk": s("c")})], ReturnItemCollectionMetrics="SIZE")
    assert "ConsumedCapacity" not in resp


# MARK: TransactGetItems


def test_get_items_in_order_with_projection(ddb, tables):
    a, b = tables
    ddb.put_item(TableName=a, Item={"pk": s("m"), "m": {"M": {"x": s("y"), "z": n(2)}}, "other": s("o")})
    ddb.put_item(TableName=b, Item={"pk": s("a"), "sk": n(1), "big": s("x" * 5000)})
    resp = ddb.transact_get_items(TransactItems=[
        get(a, {"pk": s("a")}),
        get(a, {"pk": s("missing")}),
        get(b, {"pk": s("a"), "sk": n(1)}, ProjectionExpression="sk, #p", ExpressionAttributeNames={"#p": "pk"}),
        get(a, {"pk": s("m")}, ProjectionExpression="m.x"),
    ], ReturnConsumedCapacity="TOTAL")
    assert resp["Responses"] == [
        {"Item": {"pk": s("a"), "n": n(1)}},
        {},
        {"Item": {"pk": s("a"), "sk": n(1)}},
        {"Item": {"m": {"M": {"x": s("y")}}}},
    ]
    # Strongly consistent and doubled: a missing item costs as a small one, 5 KB as two 4 KB units.
    assert sorted(resp["ConsumedCapacity"], key=by_table) == sorted([
        {"TableName": a, "CapacityUnits": 6.0, "ReadCapacityUnits": 6.0},
        {"TableName": b, "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0},
    ], key=by_table)


def test_get_expression_errors(tables):
    a, _ = tables
    raw_error("TransactGetItems", {"TransactItems": [get(a, {"pk": s("a")}, ProjectionExpression="a,,b")]}, VALIDATION,
              'Invalid ProjectionExpression: Syntax error; token: ",", near: ",,b"')
    raw_error("TransactGetItems", {"TransactItems": [get(a, {"pk": s("a")}, ProjectionExpression="a",
                                                         ExpressionAttributeNames={"#b": "pk"})]}, VALIDATION,
              "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}")


# MARK: other clients


def test_resource_client_with_python_values(ddb_resource, tables):
    """boto3's resource-level client serialises plain Python values in transactions."""
    a, _ = tables
    client = ddb_resource.meta.client
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": "py", "tags": {"x", "y"}, "n": 3}}},
        {"Update": {"TableName": a, "Key": {"pk": "a"}, "UpdateExpression": "ADD n :d", "ExpressionAttributeValues": {":d": 10}}},
    ])
    got = client.transact_get_items(TransactItems=[{"Get": {"TableName": a, "Key": {"pk": "py"}}},
                                                   {"Get": {"TableName": a, "Key": {"pk": "a"}}}])
    assert got["Responses"][0]["Item"] == {"pk": "py", "tags": {"x", "y"}, "n": 3}
    assert got["Responses"][1]["Item"]["n"] == 11


def test_aws_cli_transact_write_items(tables):
    a, _ = tables
    items = [put(a, {"pk": s("cli")}), update(a, {"pk": s("a")}, "SET n = :v", {":v": n(7)})]
    aws_cli("dynamodb", "transact-write-items", "--transact-items", json.dumps(items), "--client-request-token", unique_name("cli"))
    assert item(a, {"pk": s("cli")}) == {"pk": s("cli")}
    assert item(a, {"pk": s("a")})["n"] == n(7)
    proc = aws_cli("dynamodb", "transact-write-items", "--transact-items",
                   json.dumps([check(a, {"pk": s("a")}, "attribute_not_exists(pk)")]), check=False)
    assert proc.returncode != 0
    assert "TransactionCanceledException" in proc.stderr
    assert "[ConditionalCheckFailed]" in proc.stderr
