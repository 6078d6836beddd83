"""Scan: paging with Limit and ExclusiveStartKey, the 1 MB page, parallel segments, filters,
projections, Select, and the service's errors."""
import pytest

from conftest import aws_cli, unique_name
from ops_helpers import NOT_FOUND, DATA_NOT_FOUND, VALIDATION, batch_put, raw_error, raw_ok, temp_table

N_ITEMS = 60


@pytest.fixture(scope="module")
def scan_table(ddb):
    with temp_table(ddb, ("pk", "S"), ("sk", "N"), prefix="scan") as t:
        batch_put(ddb, t, [{"pk": {"S": f"p{i % 7}"}, "sk": {"N": str(i)}, "v": {"N": str(i % 5)},
                            "m": {"M": {"tag": {"S": "even" if i % 2 == 0 else "odd"}}}} for i in range(N_ITEMS)])
        yield t


def keys(items):
    return sorted((it["pk"]["S"], int(it["sk"]["N"])) for it in items)


ALL_KEYS = sorted((f"p{i % 7}", i) for i in range(N_ITEMS))


def scan(table, **kw):
    return raw_ok("Scan", dict(TableName=table, **kw))


def test_scan_returns_every_item(scan_table):
    resp = scan(scan_table)
    assert resp["Count"] == resp["ScannedCount"] == N_ITEMS
    assert keys(resp["Items"]) == ALL_KEYS
    assert "LastEvaluatedKey" not in resp


def test_paging_with_limit_visits_each_item_once(scan_table):
    seen, start, pages = [], None, 0
    while True:
        resp = scan(scan_table, Limit=7, **({"ExclusiveStartKey": start} if start else {}))
        assert resp["ScannedCount"] == len(resp["Items"]) <= 7
        seen += resp["Items"]
        pages += 1
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
        # LastEvaluatedKey holds the primary key only.
        assert set(start) == {"pk", "sk"}
    assert keys(seen) == ALL_KEYS
    assert pages in (9, 10)  # 60 / 7 -> 9 pages, plus an empty one when the last page was full


def test_parallel_segments_partition_the_table(scan_table):
    total = 4
    seen = []
    for segment in range(total):
        resp = scan(scan_table, Segment=segment, TotalSegments=total)
        seen += resp["Items"]
    assert keys(seen) == ALL_KEYS


def test_filter_counts_and_projection(scan_table):
    resp = scan(scan_table, FilterExpression="v = :z AND m.tag = :even", ProjectionExpression="sk, m.tag",
                ExpressionAttributeValues={":z": {"N": "0"}, ":even": {"S": "even"}})
    expected = sorted(i for i in range(N_ITEMS) if i % 5 == 0 and i % 2 == 0)
    assert resp["ScannedCount"] == N_ITEMS
    assert resp["Count"] == len(expected)
    assert sorted(int(it["sk"]["N"]) for it in resp["Items"]) == expected
    assert all(set(it) == {"sk", "m"} and it["m"] == {"M": {"tag": {"S": "even"}}} for it in resp["Items"])


def test_select_count(scan_table):
    resp = scan(scan_table, Select="COUNT", FilterExpression="v > :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert resp == {"Count": sum(1 for i in range(N_ITEMS) if i % 5 > 1), "ScannedCount": N_ITEMS}


def test_attributes_to_get(scan_table):
    resp = scan(scan_table, AttributesToGet=["sk"], Limit=3)
    assert all(set(it) == {"sk"} for it in resp["Items"])


def test_return_consumed_capacity(scan_table):
    resp = scan(scan_table, ReturnConsumedCapacity="TOTAL", Limit=5)
    assert resp["ConsumedCapacity"] == {"TableName": scan_table, "CapacityUnits": 0.5}


def test_scan_from_the_cli(scan_table):
    out = aws_cli("dynamodb", "scan", "--table-name", scan_table, "--page-size", "11")
    assert keys(out["Items"]) == ALL_KEYS


# ---------------------------------------------------------------- errors, in the service's words

@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'If segment is specified, total segment must also be specified'; the service's text per dynalite's validations/scan.js")
def test_segment_without_total_segments(scan_table):
    raw_error("Scan", {"TableName": scan_table, "Segment": 0}, VALIDATION,
              "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5: 'If total segments is specfied, a particular segment must also be specified for this request'; the service's text per dynalite's validations/scan.js")
def test_total_segments_without_segment(scan_table):
    raw_error("Scan", {"TableName": scan_table, "TotalSegments": 2}, VALIDATION,
              "The Segment parameter is required but was not present in the request when parameter TotalSegments is present")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 reports a constraint error on 'segment'; the service's text per dynalite's validations/scan.js")
def test_segment_not_below_total(scan_table):
    raw_error("Scan", {"TableName": scan_table, "Segment": 2, "TotalSegments": 2}, VALIDATION,
              "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
              "Segment: 2 is not less than TotalSegments: 2")


def test_values_without_filter(scan_table):
    raw_error("Scan", {"TableName": scan_table, "ExpressionAttributeValues": {":a": {"S": "x"}}}, VALIDATION,
              "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null")


def test_names_without_expressions(scan_table):
    raw_error("Scan", {"TableName": scan_table, "ExpressionAttributeNames": {"#a": "x"}}, VALIDATION,
              "ExpressionAttributeNames can only be specified when using expressions")


def test_legacy_and_expression_parameters_mixed(scan_table):
    raw_error("Scan", {"TableName": scan_table, "AttributesToGet": ["a"], "FilterExpression": "a = :a",
                       "ExpressionAttributeValues": {":a": {"S": "x"}}}, VALIDATION,
              "Can not use both expression and non-expression parameters in the same request: "
              "Non-expression parameters: {AttributesToGet} Expression parameters: {FilterExpression}")


def test_unused_expression_value(scan_table):
    raw_error("Scan", {"TableName": scan_table, "FilterExpression": "v = :a",
                       "ExpressionAttributeValues": {":a": {"N": "1"}, ":b": {"N": "2"}}}, VALIDATION,
              "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}")


def test_filter_syntax_error(scan_table):
    raw_error("Scan", {"TableName": scan_table, "FilterExpression": "v = :a AND",
                       "ExpressionAttributeValues": {":a": {"N": "1"}}}, VALIDATION,
              'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "AND"')


def test_projection_overlap(scan_table):
    raw_error("Scan", {"TableName": scan_table, "ProjectionExpression": "m, m.tag"}, VALIDATION,
              "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
              "one of these paths; path one: [m], path two: [m, tag]")


def test_select_count_with_projection(scan_table):
    raw_error("Scan", {"TableName": scan_table, "Select": "COUNT", "ProjectionExpression": "sk"}, VALIDATION,
              "Cannot specify the ProjectionExpression when choosing to get only the Count")


def test_select_specific_without_projection(scan_table):
    raw_error("Scan", {"TableName": scan_table, "Select": "SPECIFIC_ATTRIBUTES"}, VALIDATION,
              "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")


def test_select_all_projected_without_index(scan_table):
    raw_error("Scan", {"TableName": scan_table, "Select": "ALL_PROJECTED_ATTRIBUTES"}, VALIDATION,
              "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")


def test_start_key_of_the_wrong_size(scan_table):
    raw_error("Scan", {"TableName": scan_table, "ExclusiveStartKey": {"pk": {"S": "p1"}}}, VALIDATION,
              "Exclusive Start Key must have same size as table's key schema")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 answers 'Type mismatch for attribute to update'; the service "
                              "reports the key element mismatch (aws-sdk and DynamoDB Local 3.x reports)")
def test_start_key_of_the_wrong_type(scan_table):
    raw_error("Scan", {"TableName": scan_table, "ExclusiveStartKey": {"pk": {"S": "p1"}, "sk": {"S": "1"}}}, VALIDATION,
              "The provided starting key is invalid: The provided key element does not match the schema")


@pytest.mark.ddblocal_differs("DynamoDB Local 1.13.5 says 'Cannot do operations on a non-existent table' and checks "
                              "the table before validating the request")
def test_missing_table(scan_table):
    raw_error("Scan", {"TableName": unique_name("missing")}, NOT_FOUND, DATA_NOT_FOUND)
