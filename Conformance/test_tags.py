"""TagResource, UntagResource, ListTagsOfResource and CreateTable's Tags.

DynamoDB Local 1.13.5 has no tagging (every call is UnknownOperationException "Tagging is not currently
supported in DynamoDB Local."), so the service's behaviour below is proven only against DynamoLocal; the
service's texts are its recorded responses (Conformance/DIVERGENCES.md)."""
import pytest

from conftest import TARGET, aws_cli, call, unique_name
from ops_helpers import NOT_FOUND, VALIDATION, key_schema, raw_error, raw_ok, temp_table

NO_TAGGING = "DynamoDB Local 1.13.5 does not implement tagging (UnknownOperationException)"
tagging = pytest.mark.ddblocal_differs(NO_TAGGING)


def arn_of(ddb, name):
    return ddb.describe_table(TableName=name)["Table"]["TableArn"]


def tags_of(arn):
    return raw_ok("ListTagsOfResource", {"ResourceArn": arn})["Tags"]


@pytest.mark.skipif(TARGET != "ddblocal", reason="records DynamoDB Local's answer")
@pytest.mark.parametrize("op", ["TagResource", "UntagResource", "ListTagsOfResource"])
def test_ddblocal_has_no_tagging(op):
    r = call(op, {})
    assert (r.status, r.error_type, r.message) == (
        400, "com.amazonaws.dynamodb.v20120810#UnknownOperationException",
        "Tagging is not currently supported in DynamoDB Local."), r


@tagging
def test_tag_list_overwrite_untag_boto3(ddb, hash_table):
    arn = arn_of(ddb, hash_table)
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": ""}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    assert sorted(ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], key=lambda t: t["Key"]) == [
        {"Key": "env", "Value": "prod"}, {"Key": "team", "Value": ""}]
    # Removing a key the table does not carry is not an error.
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert "NextToken" not in ddb.list_tags_of_resource(ResourceArn=arn)


@tagging
def test_create_table_with_tags(ddb):
    ks, ad = key_schema()
    name = unique_name("tagged")
    tags = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    ddb.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST", Tags=tags)
    try:
        assert ddb.list_tags_of_resource(ResourceArn=arn_of(ddb, name))["Tags"] == tags
    finally:
        ddb.delete_table(TableName=name)
    # A new table of the same name starts without tags.
    ddb.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST")
    try:
        assert ddb.list_tags_of_resource(ResourceArn=arn_of(ddb, name))["Tags"] == []
    finally:
        ddb.delete_table(TableName=name)


@tagging
def test_tags_aws_cli(ddb, hash_table):
    arn = arn_of(ddb, hash_table)
    aws_cli("dynamodb", "tag-resource", "--resource-arn", arn, "--tags", "Key=owner,Value=cli")
    assert aws_cli("dynamodb", "list-tags-of-resource", "--resource-arn", arn)["Tags"] == [{"Key": "owner", "Value": "cli"}]
    aws_cli("dynamodb", "untag-resource", "--resource-arn", arn, "--tag-keys", "owner")
    assert aws_cli("dynamodb", "list-tags-of-resource", "--resource-arn", arn)["Tags"] == []


# ---------------------------------------------------------------- ARNs

@tagging
@pytest.mark.parametrize("op", ["TagResource", "UntagResource", "ListTagsOfResource"])
def test_missing_resource_arn(op):
    raw_error(op, {}, VALIDATION, "Invalid TableArn")


@tagging
def test_arn_must_start_with_arn():
    raw_error("ListTagsOfResource", {"ResourceArn": "abcd"}, VALIDATION,
              "One or more parameter values were invalid: ARNs must start with 'arn:': abcd")


@tagging
def test_arn_of_another_service():
    arn = "arn:aws:s3:::bucket"
    raw_error("ListTagsOfResource", {"ResourceArn": arn}, VALIDATION,
              f"One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: {arn}")


@tagging
def test_arn_with_bad_table_name():
    arn = "arn:aws:dynamodb:ddblocal:000000000000:table/ab"
    raw_error("ListTagsOfResource", {"ResourceArn": arn}, VALIDATION,
              f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")


@tagging
def test_index_arn_is_not_taggable(ddb, hash_table):
    arn = arn_of(ddb, hash_table) + "/index/byOther"
    raw_error("TagResource", {"ResourceArn": arn, "Tags": [{"Key": "k", "Value": "v"}]}, VALIDATION,
              "One or more parameter values were invalid: Invalid resource arn provided, only table or stream is "
              f"accepted. Provided resource arn: {arn}")


@tagging
@pytest.mark.parametrize("op,extra", [("TagResource", {"Tags": [{"Key": "k", "Value": "v"}]}),
                                      ("UntagResource", {"TagKeys": ["k"]}), ("ListTagsOfResource", {})])
def test_missing_table(op, extra):
    arn = "arn:aws:dynamodb:ddblocal:000000000000:table/" + unique_name("missing")
    raw_error(op, {"ResourceArn": arn, **extra}, NOT_FOUND, f"Requested resource not found: ResourceArn: {arn} not found")


# ---------------------------------------------------------------- tag rules

@tagging
@pytest.mark.parametrize("tags,message", [
    ([], "Atleast one Tag needs to be provided as Input."),
    ([{"Key": "k"}], "The Tag Value provided is invalid, Value: null"),
    ([{"Value": "v"}], "The Tag Key provided is invalid, Key: null"),
    ([{"Key": "", "Value": "v"}], "The Tag Key provided is invalid, Key: "),
    ([{"Key": "k" * 129, "Value": "v"}], "The Tag Key provided is invalid, Key: " + "k" * 129),
    ([{"Key": "k", "Value": "v" * 257}], "The Tag Value provided is invalid, Value: " + "v" * 257),
    ([{"Key": "a#b", "Value": "v"}], "The Tag Key provided is invalid, Key: a#b"),
    ([{"Key": "k", "Value": "100%"}], "The Tag Value provided is invalid, Value: 100%"),
    ([{"Key": "aws:zzz", "Value": "v"}], "Tag Key cannot be prefixed with aws:, Key: aws:zzz"),
    ([{"Key": "dup", "Value": "1"}, {"Key": "dup", "Value": "2"}],
     "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup"),
    ([{"Key": str(i), "Value": "v"} for i in range(51)], "Number of Tags exceed the current limit for the provided ResourceArn"),
])
def test_tag_resource_rules(ddb, hash_table, tags, message):
    arn = arn_of(ddb, hash_table)
    raw_error("TagResource", {"ResourceArn": arn, "Tags": tags}, VALIDATION, message)
    assert tags_of(arn) == []


@tagging
def test_tag_limits_and_alphabet_accepted(ddb, hash_table):
    arn = arn_of(ddb, hash_table)
    tags = [{"Key": "k" * 128, "Value": "v" * 256}, {"Key": "café ключ 表", "Value": "a+b-c=d.e_f:g/h@i"}]
    raw_ok("TagResource", {"ResourceArn": arn, "Tags": tags})
    assert tags_of(arn) == tags


@tagging
def test_limit_counts_existing_tags_and_is_all_or_nothing(ddb, hash_table):
    arn = arn_of(ddb, hash_table)
    raw_ok("TagResource", {"ResourceArn": arn, "Tags": [{"Key": str(i), "Value": "v"} for i in range(30)]})
    # Re-tagging existing keys does not count twice.
    raw_ok("TagResource", {"ResourceArn": arn, "Tags": [{"Key": str(i), "Value": "w"} for i in range(20, 50)]})
    assert len(tags_of(arn)) == 50
    raw_error("TagResource", {"ResourceArn": arn, "Tags": [{"Key": "x", "Value": "v"}]}, VALIDATION,
              "Number of Tags exceed the current limit for the provided ResourceArn")
    raw_error("TagResource", {"ResourceArn": arn, "Tags": [{"Key": "0", "Value": "new"}, {"Key": "aws:x", "Value": "v"}]},
              VALIDATION, "Tag Key cannot be prefixed with aws:, Key: aws:x")
    assert {"Key": "0", "Value": "v"} in tags_of(arn)


@tagging
@pytest.mark.parametrize("keys,message", [
    ([], "Atleast one Tag Key needs to be provided as Input."),
    ([""], "The Tag Key provided is invalid, Key: "),
    (["k" * 129], "The Tag Key provided is invalid, Key: " + "k" * 129),
    ([str(i) for i in range(51)], "Number of Tags exceed the current limit for the provided ResourceArn"),
])
def test_untag_resource_rules(ddb, hash_table, keys, message):
    raw_error("UntagResource", {"ResourceArn": arn_of(ddb, hash_table), "TagKeys": keys}, VALIDATION, message)


@tagging
@pytest.mark.parametrize("tags,message", [
    ([{"Key": "aws:foo", "Value": "v"}], "Tag Key cannot be prefixed with aws:, Key: aws:foo"),
    ([{"Key": str(i), "Value": "v"} for i in range(51)], "Number of Tags exceed the current limit for the provided ResourceArn"),
])
def test_create_table_with_bad_tags_creates_nothing(ddb, tags, message):
    ks, ad = key_schema()
    name = unique_name("badtags")
    raw_error("CreateTable", {"TableName": name, "KeySchema": ks, "AttributeDefinitions": ad,
                              "BillingMode": "PAY_PER_REQUEST", "Tags": tags}, VALIDATION, message)
    r = call("DescribeTable", {"TableName": name})
    assert (r.status, r.error_type) == (400, NOT_FOUND), r


def test_create_table_with_empty_tags(ddb):
    # Tags=[] is accepted by CreateTable (the service; DynamoDB Local ignores Tags).
    ks, ad = key_schema()
    name = unique_name("notags")
    raw_ok("CreateTable", {"TableName": name, "KeySchema": ks, "AttributeDefinitions": ad,
                           "BillingMode": "PAY_PER_REQUEST", "Tags": []})
    raw_ok("DeleteTable", {"TableName": name})
