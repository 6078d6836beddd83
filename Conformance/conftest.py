"""Black-box conformance kit: runs against any DynamoDB endpoint.

DYNAMO_ENDPOINT   endpoint under test (default http://localhost:8000)
DYNAMO_TARGET     "dynamolocal" (default) or "ddblocal" when the endpoint is DynamoDB Local 1.13.5;
                  cases marked `ddblocal_differs` are then expected to fail (strict xfail), which
                  proves the recorded divergence (Conformance/DIVERGENCES.md).
DYNAMOLOCAL_BIN   path to our dynamodb-local binary; enables the cases that start and kill the
                  server themselves (restart, kill -9, command line). Skipped without it.

This kit never imports the server: it speaks HTTP, boto3 and the aws CLI only.
"""
import json
import os
import subprocess
import uuid
import http.client
import urllib.parse

import boto3
import pytest
from botocore.config import Config

ENDPOINT = os.environ.get("DYNAMO_ENDPOINT", "http://localhost:8000")
TARGET = os.environ.get("DYNAMO_TARGET", "dynamolocal")
REGION = "us-east-1"
ACCESS_KEY = "AKIDCONFORMANCE"
SECRET_KEY = "secret"


def pytest_configure(config):
    config.addinivalue_line("markers", "ddblocal_differs(reason): DynamoDB Local 1.13.5 differs from the service here")
    config.addinivalue_line("markers", "dynamolocal_only: needs DYNAMOLOCAL_BIN (starts its own server)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        mark = item.get_closest_marker("ddblocal_differs")
        if mark and TARGET == "ddblocal":
            reason = mark.args[0] if mark.args else mark.kwargs.get("reason", "")
            item.add_marker(pytest.mark.xfail(strict=True, reason="DynamoDB Local differs: " + reason))


@pytest.fixture(scope="session")
def endpoint():
    return ENDPOINT


def make_client(service="dynamodb", access_key=ACCESS_KEY, region=REGION, endpoint_url=None):
    return boto3.client(
        service,
        endpoint_url=endpoint_url or ENDPOINT,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture(scope="session")
def ddb():
    """A low-level boto3 DynamoDB client."""
    return make_client()


@pytest.fixture(scope="session")
def ddb_resource():
    return boto3.resource(
        "dynamodb",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def table_name():
    return unique_name()


@pytest.fixture
def hash_table(ddb):
    """A table with a single string hash key `pk`, deleted afterwards."""
    name = unique_name("hash")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    try:
        ddb.delete_table(TableName=name)
    except Exception:
        pass


@pytest.fixture
def range_table(ddb):
    """A table with string hash key `pk` and string range key `sk`, deleted afterwards."""
    name = unique_name("range")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    yield name
    try:
        ddb.delete_table(TableName=name)
    except Exception:
        pass


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # dict with lower-cased names
        self.body = body  # bytes

    def json(self):
        return json.loads(self.body)

    @property
    def error_type(self):
        return self.json().get("__type")

    @property
    def message(self):
        j = self.json()
        return j.get("message", j.get("Message"))

    def __repr__(self):
        return f"RawResponse({self.status}, {self.headers}, {self.body[:300]!r})"


def auth_header(access_key=ACCESS_KEY, region=REGION):
    return (
        f"AWS4-HMAC-SHA256 Credential={access_key}/20260101/{region}/dynamodb/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64
    )


def raw_request(method="POST", path="/", body=b"", headers=None, target=None, auth=True,
                content_type="application/x-amz-json-1.0", endpoint=None):
    """Send one HTTP request as written, with no client-side validation (to `endpoint`, default ENDPOINT)."""
    url = urllib.parse.urlparse(endpoint or ENDPOINT)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
    hdrs = {}
    if content_type is not None:
        hdrs["Content-Type"] = content_type
    if target is not None:
        hdrs["X-Amz-Target"] = target
    if auth:
        hdrs["Authorization"] = auth_header()
        hdrs["X-Amz-Date"] = "20260101T000000Z"
    if headers:
        hdrs.update(headers)
    hdrs = {k: v for k, v in hdrs.items() if v is not None}
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    elif isinstance(body, str):
        body = body.encode()
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = resp.read()
    result = RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    conn.close()
    return result


@pytest.fixture
def raw():
    return raw_request


def call(op, body, **kw):
    """POST a DynamoDB_20120810 operation with a JSON body."""
    return raw_request(body=body, target=f"DynamoDB_20120810.{op}", **kw)


def aws_cli(*args, check=True):
    """Run the aws CLI against the endpoint; returns parsed JSON output (or None)."""
    env = dict(os.environ)
    env.update({
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_PAGER": "",
    })
    cmd = ["aws", "--endpoint-url", ENDPOINT, "--output", "json", *args]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    if not check:
        return proc
    out = proc.stdout.strip()
    return json.loads(out) if out else None
