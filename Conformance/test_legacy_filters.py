"""The legacy read parameters: KeyConditions, QueryFilter, ScanFilter, ConditionalOperator and
AttributesToGet, translated into the same trees as the expressions."""
import pytest

from ops_helpers import VALIDATION, batch_put, raw_error, raw_ok, temp_table


@pytest.fixture(scope="module")
def table(ddb):
    with temp_table(ddb, ("pk", "S"), ("sk", "N"), prefix="legacy") as t:
        batch_put(ddb, t, [{"pk": {"S": "p"}, "sk": {"N": str(i)}, "x": {"N": str(i % 3)},
                            "tags": {"SS": ["even" if i % 2 == 0 else "odd", "all"]}} for i in range(10)])
        yield t


def kc(op="EQ", values=({"S": "p"},)):
    return {"pk": {"ComparisonOperator": op, "AttributeValueList": list(values)}}


def sks(resp):
    return [int(it["sk"]["N"]) for it in resp["Items"]]


def test_key_conditions(table):
    resp = raw_ok("Query", {"TableName": table, "KeyConditions": {
        **kc(), "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "3"}, {"N": "6"}]}},
        "ScanIndexForward": False})
    assert sks(resp) == [6, 5, 4, 3]


def test_query_filter_and_conditional_operator(table):
    resp = raw_ok("Query", {"TableName": table, "KeyConditions": kc(), "ConditionalOperator": "OR", "QueryFilter": {
        "x": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "0"}]},
        "tags": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "odd"}]}}})
    assert sks(resp) == [i for i in range(10) if i % 3 == 0 or i % 2 == 1]
    assert resp["ScannedCount"] == 10


def test_scan_filter_in_and_not_contains(table):
    resp = raw_ok("Scan", {"TableName": table, "AttributesToGet": ["sk"], "ScanFilter": {
        "x": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]},
        "tags": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "even"}]}}})
    assert sorted(sks(resp)) == [i for i in range(10) if i % 3 != 0 and i % 2 == 1]
    assert all(set(it) == {"sk"} for it in resp["Items"])


def test_scan_filter_null_and_not_null(table):
    assert raw_ok("Scan", {"TableName": table, "ScanFilter": {"nope": {"ComparisonOperator": "NULL"}}})["Count"] == 10
    assert raw_ok("Scan", {"TableName": table, "ScanFilter": {"nope": {"ComparisonOperator": "NOT_NULL"}}})["Count"] == 0


def test_query_filter_on_a_key_attribute(table):
    raw_error("Query", {"TableName": table, "KeyConditions": kc(),
                        "QueryFilter": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}},
              VALIDATION, "QueryFilter can only contain non-primary key attributes: Primary key attribute: pk")


def test_wrong_number_of_values(table):
    raw_error("Scan", {"TableName": table, "ScanFilter": {"x": {"ComparisonOperator": "EQ", "AttributeValueList": []}}},
              VALIDATION, "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator")


def test_conditional_operator_needs_two_conditions(table):
    raw_error("Scan", {"TableName": table, "ConditionalOperator": "OR",
                       "ScanFilter": {"x": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}},
              VALIDATION, "ConditionalOperator can only be used when Filter or Expected has two or more elements")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 answers 'Query key condition not supported'; the service checks "
                              "that the operator is indexable first (dynalite validations/query.js)")
def test_key_conditions_not_indexable(table):
    raw_error("Query", {"TableName": table, "KeyConditions": kc("NE")}, VALIDATION,
              "Attempted conditional constraint is not an indexable operation")


def test_duplicate_attributes_to_get(table):
    raw_error("GetItem", {"TableName": table, "Key": {"pk": {"S": "p"}, "sk": {"N": "1"}}, "AttributesToGet": ["x", "x"]},
              VALIDATION, "Cannot have two attributes with the same name")
