"""Conditions on PutItem and DeleteItem: ConditionExpression, the legacy Expected, and
ReturnValuesOnConditionCheckFailure."""
import pytest
from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from ops_helpers import VALIDATION, raw_error, raw_ok, temp_table

CCF = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"


@pytest.fixture
def table(ddb):
    with temp_table(ddb, ("pk", "S"), prefix="cond") as t:
        raw_ok("PutItem", {"TableName": t, "Item": {"pk": {"S": "a"}, "n": {"N": "5"}, "s": {"S": "hello"}}})
        yield t


def test_condition_expression_passes_and_fails(table):
    raw_ok("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}, "n": {"N": "6"}},
                       "ConditionExpression": "n = :five", "ExpressionAttributeValues": {":five": {"N": "5.0"}}})
    raw_error("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}},
                          "ConditionExpression": "n = :five", "ExpressionAttributeValues": {":five": {"N": "5"}}},
              CCF, "The conditional request failed")


def test_attribute_not_exists_guards_creation(ddb_resource, table):
    t = ddb_resource.Table(table)
    t.put_item(Item={"pk": "b"}, ConditionExpression=Attr("pk").not_exists())
    with pytest.raises(ClientError) as e:
        t.put_item(Item={"pk": "b"}, ConditionExpression=Attr("pk").not_exists())
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def test_delete_with_condition(table):
    raw_error("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "a"}},
                             "ConditionExpression": "begins_with(s, :p)", "ExpressionAttributeValues": {":p": {"S": "x"}}},
              CCF, "The conditional request failed")
    resp = raw_ok("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD",
                                 "ConditionExpression": "begins_with(s, :p)", "ExpressionAttributeValues": {":p": {"S": "he"}}})
    assert resp["Attributes"]["s"] == {"S": "hello"}


def test_expected_exists_false(table):
    raw_error("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}}, "Expected": {"pk": {"Exists": False}}},
              CCF, "The conditional request failed")
    raw_ok("PutItem", {"TableName": table, "Item": {"pk": {"S": "new"}}, "Expected": {"pk": {"Exists": False}}})


def test_expected_value_and_comparison_operators(table):
    raw_ok("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}, "n": {"N": "7"}, "s": {"S": "hello"}},
                       "Expected": {"n": {"Value": {"N": "5"}}, "s": {"ComparisonOperator": "BEGINS_WITH",
                                                                        "AttributeValueList": [{"S": "hel"}]}}})
    raw_error("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "a"}},
                             "Expected": {"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "10"}]},
                                          "s": {"ComparisonOperator": "NOT_NULL"}},
                             "ConditionalOperator": "AND"},
              CCF, "The conditional request failed")
    raw_ok("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "a"}},
                          "Expected": {"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "10"}]},
                                       "s": {"ComparisonOperator": "NOT_NULL"}},
                          "ConditionalOperator": "OR"})


def test_expected_mixed_with_condition_expression(table):
    raw_error("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}}, "Expected": {"pk": {"Exists": False}},
                          "ConditionExpression": "attribute_exists(pk)"}, VALIDATION,
              "Can not use both expression and non-expression parameters in the same request: "
              "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")


def test_values_without_condition_expression(table):
    raw_error("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "a"}},
                             "ExpressionAttributeValues": {":a": {"S": "x"}}}, VALIDATION,
              "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")


@pytest.mark.ddblocal_differs("ReturnValuesOnConditionCheckFailure arrived in 2023; DynamoDB Local 1.13.5 ignores it. "
                              "AWS API reference, PutItem: the failure returns the item's attributes")
def test_return_values_on_condition_check_failure(ddb, table):
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert e.value.response["Item"] == {"pk": {"S": "a"}, "n": {"N": "5"}, "s": {"S": "hello"}}


def test_no_item_on_failure_by_default(ddb, table):
    with pytest.raises(ClientError) as e:
        ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)")
    assert "Item" not in e.value.response
