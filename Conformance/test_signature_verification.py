"""-verifySignatures (DynamoLocal's own flag): SigV4 signatures checked against a credentials file.
Real clients sign: boto3 (botocore's SigV4Auth) and the aws CLI. Each case starts its own server,
so the module needs DYNAMOLOCAL_BIN and is skipped without it. Off by default, any credentials work.
The error texts are the service's (see Sources/DynamoModel/Messages+Wire.swift for the sources)."""
import datetime
import http.client
import json
import os
import re
import subprocess
import tempfile
from unittest import mock

import boto3
import botocore.auth
import botocore.credentials
import pytest
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.exceptions import ClientError

from test_server_process import Server

BIN = os.environ.get("DYNAMOLOCAL_BIN")
pytestmark = pytest.mark.skipif(not BIN, reason="needs DYNAMOLOCAL_BIN")

KEY_ID = "AKIDSIGV4TEST"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
CREDENTIALS = f"""# A shared credentials file, as ~/.aws/credentials
[default]
aws_access_key_id = {KEY_ID}
aws_secret_access_key = {SECRET}

[second]
aws_access_key_id = AKIDSECOND
aws_secret_access_key = second/secret+key
region = eu-west-1
"""
MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details.")
UNRECOGNIZED = "The security token included in the request is invalid."


@pytest.fixture(scope="module")
def server():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "credentials")
        with open(path, "w") as f:
            f.write(CREDENTIALS)
        server = Server("-inMemory", "-verifySignatures", path)
        yield server
        assert server.stop() == 0


def client(server, key_id=KEY_ID, secret=SECRET, **kw):
    return boto3.client("dynamodb", endpoint_url=server.endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}), **kw)


def error_of(call):
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    return info.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Code"], error["Message"]


def test_the_right_secret_works(server):
    ddb = client(server)
    ddb.create_table(TableName="signed", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="signed", Item={"pk": {"S": "a"}, "text": {"S": "héllo  wörld"}})
    assert ddb.get_item(TableName="signed", Key={"pk": {"S": "a"}})["Item"]["text"] == {"S": "héllo  wörld"}
    # Every profile of the file is a key; the key and region still choose the database.
    second = client(server, key_id="AKIDSECOND", secret="second/secret+key")
    assert second.list_tables()["TableNames"] == []


def test_session_tokens_are_accepted_for_known_keys(server):
    assert "TableNames" in client(server, aws_session_token="any-session-token").list_tables()


def test_a_wrong_secret_is_an_invalid_signature(server):
    assert error_of(client(server, secret="wrong").list_tables) == (400, "InvalidSignatureException", MISMATCH)


def test_an_unknown_key_is_unrecognized(server):
    assert error_of(client(server, key_id="AKIDNOBODY").list_tables) == (400, "UnrecognizedClientException", UNRECOGNIZED)


def signed_with_clock(server, offset):
    now = datetime.datetime.now(datetime.timezone.utc) + offset
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
        return error_of(client(server).list_tables), now


def test_a_request_signed_twenty_minutes_ago_has_expired(server):
    (status, code, message), signed = signed_with_clock(server, datetime.timedelta(minutes=-20))
    assert (status, code) == (400, "InvalidSignatureException")
    match = re.fullmatch(r"Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 15 min\.\)", message)
    assert match, message
    assert match.group(1) == signed.strftime("%Y%m%dT%H%M%SZ")
    parse = lambda text: datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ")
    assert parse(match.group(3)) - parse(match.group(2)) == datetime.timedelta(minutes=15)


def test_a_request_signed_twenty_minutes_ahead_is_not_yet_current(server):
    (status, code, message), _ = signed_with_clock(server, datetime.timedelta(minutes=20))
    assert (status, code) == (400, "InvalidSignatureException")
    assert re.fullmatch(r"Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)", message), message


def test_ten_minutes_of_skew_is_accepted(server):
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
        assert "TableNames" in client(server).list_tables()


def send_signed(server, body, sent_body=None, extra_headers=None):
    """Signs with botocore's SigV4Auth, then sends `sent_body` (default: what was signed) raw."""
    request = AWSRequest(method="POST", url=server.endpoint + "/", data=body.encode(), headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables", **(extra_headers or {})})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(KEY_ID, SECRET), "dynamodb", "us-east-1").add_auth(request)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("POST", "/", body=(sent_body if sent_body is not None else body).encode(), headers=dict(request.headers))
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_body_changed_after_signing_does_not_verify(server):
    assert send_signed(server, '{"Limit": 5}')[0] == 200
    status, body = send_signed(server, '{"Limit": 5}', sent_body='{"Limit": 6}')
    assert (status, body) == (400, {"__type": "com.amazon.coral.service#InvalidSignatureException", "message": MISMATCH})


def test_x_amz_content_sha256_must_match_the_body(server):
    # botocore signs the header's value as the payload hash when the header is there.
    import hashlib
    body = '{"Limit": 5}'
    right = {"X-Amz-Content-SHA256": hashlib.sha256(body.encode()).hexdigest()}
    assert send_signed(server, body, extra_headers=right)[0] == 200
    wrong = {"X-Amz-Content-SHA256": hashlib.sha256(b"other").hexdigest()}
    status, error = send_signed(server, body, extra_headers=wrong)
    assert (status, error["__type"]) == (400, "com.amazon.coral.service#InvalidSignatureException")


def aws_cli(server, secret):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    environment.update(AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION="us-east-1",
                       AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_MAX_ATTEMPTS="1")
    return subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", server.endpoint, "--output", "json"],
                          capture_output=True, text=True, timeout=60, env=environment)


def test_the_aws_cli_signs_with_the_right_secret_and_fails_with_a_wrong_one(server):
    good = aws_cli(server, SECRET)
    assert good.returncode == 0, good.stderr
    assert "TableNames" in json.loads(good.stdout)
    bad = aws_cli(server, "wrong")
    assert bad.returncode != 0
    assert "InvalidSignatureException" in bad.stderr and "does not match the signature you provided" in bad.stderr


def test_off_by_default_any_credentials_work():
    server = Server("-inMemory")
    try:
        assert "TableNames" in client(server, key_id="anything", secret="wrong").list_tables()
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize("contents, message", [
    (None, "Could not read the -verifySignatures credentials file {path}: No such file or directory."),
    ("[default]\naws_access_key_id = K\n",
     "Invalid -verifySignatures credentials file {path}: profile [default] has no aws_secret_access_key."),
])
def test_an_unusable_credentials_file_stops_the_start(contents, message):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "credentials")
        if contents is not None:
            with open(path, "w") as f:
                f.write(contents)
        proc = subprocess.run([BIN, "-inMemory", "-verifySignatures", path], capture_output=True, text=True, timeout=10)
        assert proc.returncode != 0
        assert proc.stderr == message.format(path=path) + "\n"
        assert "Initializing DynamoDB Local" not in proc.stdout
