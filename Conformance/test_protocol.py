"""The wire protocol, as raw HTTP: envelopes and headers, the order of the request checks,
SigV4 header parsing, body limits, methods and paths, CORS, and connections.

The service's texts and check order are as dynalite recorded them against the live service (the
CRC32s of our error bodies equal the ones it recorded). Where DynamoDB Local 1.13.5 answers
otherwise the case is marked `ddblocal_differs`; see DIVERGENCES.md.
"""
import json
import os
import socket
import subprocess
import time
import urllib.parse
import zlib
import http.client

import pytest

from conftest import ENDPOINT, TARGET, auth_header, call, raw_request

LIST_TABLES = "DynamoDB_20120810.ListTables"
SERIALIZATION = "com.amazon.coral.service#SerializationException"
UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException"
MISSING_TOKEN = "com.amazon.coral.service#MissingAuthenticationTokenException"
INCOMPLETE = "com.amazon.coral.service#IncompleteSignatureException"
INVALID_SIGNATURE = "com.amazon.coral.service#InvalidSignatureException"
VALIDATION = "com.amazon.coral.validate#ValidationException"
MAX_BODY = 16 * 1024 * 1024
ORIGIN = "http://app.example"
SIGNED = "content-type;host;x-amz-date;x-amz-target"


def assert_envelope(r, status, error_type, message=None, message_key="message"):
    """Exact status, __type and message (absent when None), and the headers every response has."""
    assert r.status == status, r
    body = r.json()
    assert body.get("__type") == error_type, r
    if message is None:
        assert set(body) == {"__type"}, r
    else:
        assert body == {"__type": error_type, message_key: message}, r
    assert r.headers["content-type"] == "application/x-amz-json-1.0"
    assert r.headers["x-amzn-requestid"]


def with_auth(authorization, date="20260101T000000Z", **kw):
    headers = {"Authorization": authorization, "X-Amz-Date": date}
    return raw_request(body=kw.pop("body", "{}"), target=kw.pop("target", LIST_TABLES), auth=False,
                       headers=headers, **kw)


def connect():
    url = urllib.parse.urlparse(ENDPOINT)
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)


def signed_headers(target=LIST_TABLES):
    return {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target,
            "Authorization": auth_header(), "X-Amz-Date": "20260101T000000Z"}


# --- Envelope and headers -------------------------------------------------------------------

def test_success_carries_checksum_request_id_and_content_type():
    r = call("ListTables", {})
    assert r.status == 200
    assert r.headers["content-type"] == "application/x-amz-json-1.0"
    assert r.headers["x-amz-crc32"] == str(zlib.crc32(r.body))
    assert r.headers["x-amzn-requestid"]
    assert "TableNames" in r.json()


@pytest.mark.ddblocal_differs("error responses carry no x-amz-crc32")
def test_errors_carry_checksum_too():
    r = call("DescribeTable", {"TableName": "missing-table-for-crc"})
    assert r.status == 400
    assert r.headers["x-amz-crc32"] == str(zlib.crc32(r.body))


@pytest.mark.parametrize("content_type", ["application/x-amz-json-1.1", "application/json", "text/plain", None])
def test_any_request_content_type_is_accepted(content_type):
    # Checked against DynamoDB Local 1.13.5: the Content-Type is not looked at, and the answer is
    # always application/x-amz-json-1.0. DIVERGENCES.md: the service refuses unknown types.
    r = call("ListTables", {}, content_type=content_type)
    assert r.status == 200
    assert r.headers["content-type"] == "application/x-amz-json-1.0"


# --- X-Amz-Target ---------------------------------------------------------------------------

@pytest.mark.ddblocal_differs("UnknownOperationException in the v20120810 namespace, with a message")
@pytest.mark.parametrize("target", ["DynamoDB_20120810.Foo", "DynamoDB_20120810.listtables",
                                    "DynamoDBStreams_20120810.NoSuchOperation"])
def test_unknown_operation(target):
    assert_envelope(raw_request(body="{}", target=target), 400, UNKNOWN_OPERATION)


@pytest.mark.ddblocal_differs("500 InternalFailure for a missing or garbled target")
@pytest.mark.parametrize("target", [None, "", "garbage", "DynamoDB_20120810.", "DynamoDB_20120810"])
def test_missing_or_garbled_target(target):
    assert_envelope(raw_request(body="{}", target=target), 400, UNKNOWN_OPERATION)


@pytest.mark.ddblocal_differs("InvalidAction 'DynamoDB Local does not support v1 API.'")
def test_v1_api_target_is_unknown():
    assert_envelope(raw_request(body="{}", target="DynamoDB_20111205.ListTables"), 400, UNKNOWN_OPERATION)


@pytest.mark.ddblocal_differs("checks the Authorization header before the target")
def test_target_is_checked_before_authorization():
    assert_envelope(raw_request(body="{}", target="DynamoDB_20120810.Foo", auth=False), 400, UNKNOWN_OPERATION)


# --- JSON -----------------------------------------------------------------------------------

@pytest.mark.ddblocal_differs("500 InternalFailure for a body that is not JSON")
@pytest.mark.parametrize("body", [b"{", b"}{", b"habababa", b'{"TableName": }', b'{"a": "\xff"}', b"{" * 10000])
def test_malformed_json(body):
    assert_envelope(raw_request(body=body, target=LIST_TABLES), 400, SERIALIZATION)


@pytest.mark.ddblocal_differs("checks the Authorization header first")
def test_json_is_checked_before_target_and_authorization():
    assert_envelope(raw_request(body="{", target=None, auth=False), 400, SERIALIZATION)


@pytest.mark.ddblocal_differs("500 InternalFailure for an empty body")
def test_empty_body():
    assert_envelope(raw_request(body=b"", target=LIST_TABLES), 400, SERIALIZATION)


@pytest.mark.ddblocal_differs("500 InternalFailure for an empty body")
def test_empty_body_is_checked_after_authorization():
    assert_envelope(raw_request(body=b"", target=LIST_TABLES, auth=False), 400, MISSING_TOKEN,
                    "Request is missing Authentication Token")


# Wrong JSON types: the service's deserialiser answers with "Message" (capital M).
@pytest.mark.ddblocal_differs("converts or crashes: ValidationException or 500 InternalFailure")
@pytest.mark.parametrize("op,body,message", [
    ("DescribeTable", {"TableName": 5}, "class java.lang.Short can not be converted to an String"),
    ("DescribeTable", {"TableName": 70000}, "class java.lang.Integer can not be converted to an String"),
    ("DescribeTable", {"TableName": 1.5}, "class java.lang.Double can not be converted to an String"),
    ("DescribeTable", {"TableName": True}, "class java.lang.Boolean can not be converted to an String"),
    ("DescribeTable", {"TableName": []}, "Start of list found where not expected"),
    ("DescribeTable", {"TableName": {}}, "Start of structure or map found where not expected."),
    ("GetItem", {"TableName": "abc", "Key": "x"}, "Expected map or null"),
    ("GetItem", {"TableName": "abc", "Key": []}, "Start of list found where not expected"),
    ("ListTables", {"Limit": "a"}, "class java.lang.String can not be converted to an Integer"),
    ("ListTables", {"Limit": True}, "class java.lang.Boolean can not be converted to an Integer"),
    ("ListTables", {"Limit": {}}, "Start of structure or map found where not expected."),
    ("GetItem", {"TableName": "abc", "Key": {"k": {"B": "abcde"}}},
     "'abcde' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
    ("GetItem", {"TableName": "abc", "Key": {"k": {"B": "ab!d"}}},
     "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'"),
    ("GetItem", {"TableName": "abc", "Key": {"k": {"B": "a=bc"}}},
     "'a=bc' can not be converted to a Blob: Invalid Base64 character: '='"),
    ("GetItem", {"TableName": "abc", "Key": {"k": {"S": 5}}}, "class java.lang.Short can not be converted to an String"),
])
def test_wrong_json_types(op, body, message):
    assert_envelope(call(op, body), 400, SERIALIZATION, message, message_key="Message")


# --- Body size ------------------------------------------------------------------------------

def test_body_over_16_mb():
    # Checked against DynamoDB Local 1.13.5: 413 with this body, before any other check.
    body = b"{" + b" " * MAX_BODY + b"}"
    r = raw_request(body=body, target=LIST_TABLES, auth=False)
    assert r.status == 413
    assert r.json() == {"message": ""}


def test_body_of_exactly_16_mb_is_accepted():
    body = b"{}" + b" " * (MAX_BODY - 2)
    r = raw_request(body=body, target=LIST_TABLES)
    assert r.status == 200, r


def test_chunked_body_over_16_mb():
    conn = connect()
    conn.request("POST", "/", body=iter([b"{", b" " * MAX_BODY, b"}"]), headers=signed_headers(),
                 encode_chunked=True)
    r = conn.getresponse()
    assert r.status == 413
    assert json.loads(r.read()) == {"message": ""}
    conn.close()


# --- Authorization --------------------------------------------------------------------------

@pytest.mark.ddblocal_differs("MissingAuthenticationToken in the v20120810 namespace with another text")
def test_missing_authorization():
    assert_envelope(raw_request(body="{}", target=LIST_TABLES, auth=False), 400, MISSING_TOKEN,
                    "Request is missing Authentication Token")


@pytest.mark.ddblocal_differs("500 InternalFailure for a scheme other than AWS4-")
@pytest.mark.parametrize("authorization", ["", "Basic dXNlcjpwYXNz", "AWS4", "AWS AKID:signature"])
def test_non_aws4_scheme_is_a_missing_token(authorization):
    assert_envelope(with_auth(authorization), 400, MISSING_TOKEN, "Request is missing Authentication Token")


@pytest.mark.ddblocal_differs("500 InternalFailure")
def test_aws4_prefix_only_without_date():
    r = raw_request(body="{}", target=LIST_TABLES, auth=False, headers={"Authorization": "AWS4-"})
    assert_envelope(r, 400, INCOMPLETE,
                    "Authorization header requires 'Credential' parameter. "
                    "Authorization header requires 'Signature' parameter. "
                    "Authorization header requires 'SignedHeaders' parameter. "
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                    "Authorization=AWS4-")


CREDENTIAL = "Credential=AKIDCONFORMANCE/20260101/us-east-1/dynamodb/aws4_request"
SIGNATURE = "Signature=" + "0" * 64


@pytest.mark.ddblocal_differs("accepts a header without Signature or SignedHeaders, 500 without Credential")
@pytest.mark.parametrize("params,missing", [
    ([f"SignedHeaders={SIGNED}", SIGNATURE], ["Credential"]),
    ([CREDENTIAL, f"SignedHeaders={SIGNED}"], ["Signature"]),
    ([CREDENTIAL, SIGNATURE], ["SignedHeaders"]),
    ([CREDENTIAL], ["Signature", "SignedHeaders"]),
    ([CREDENTIAL, "SignedHeaders=", SIGNATURE], ["SignedHeaders"]),
])
def test_missing_authorization_parameters(params, missing):
    header = "AWS4-HMAC-SHA256 " + ", ".join(params)
    expected = "".join(f"Authorization header requires '{name}' parameter. " for name in missing)
    assert_envelope(with_auth(header), 400, INCOMPLETE, expected + "Authorization=" + header)


@pytest.mark.ddblocal_differs("accepts a request without X-Amz-Date or Date")
def test_missing_date_header():
    header = auth_header()
    r = raw_request(body="{}", target=LIST_TABLES, auth=False, headers={"Authorization": header})
    assert_envelope(r, 400, INCOMPLETE, "Authorization header requires existence of either a 'X-Amz-Date' "
                                        "or a 'Date' header. Authorization=" + header)


def test_date_header_instead_of_x_amz_date():
    r = raw_request(body="{}", target=LIST_TABLES, auth=False,
                    headers={"Authorization": auth_header(), "Date": "Thu, 01 Jan 2026 00:00:00 GMT"})
    assert r.status == 200, r


@pytest.mark.ddblocal_differs("accepts any X-Amz-Date")
def test_malformed_x_amz_date():
    assert_envelope(with_auth(auth_header(), date="2026-01-01"), 400, INCOMPLETE,
                    "Date must be in ISO-8601 'basic format'. Got '2026-01-01'. See http://en.wikipedia.org/wiki/ISO_8601")


@pytest.mark.ddblocal_differs("accepts a signature that does not sign Host")
def test_host_must_be_signed():
    header = f"AWS4-HMAC-SHA256 {CREDENTIAL}, SignedHeaders=x-amz-date, {SIGNATURE}"
    assert_envelope(with_auth(header), 400, INVALID_SIGNATURE, "'Host' must be a 'SignedHeader' in the AWS Authorization.")


@pytest.mark.ddblocal_differs("accepts any AWS4- algorithm")
def test_unsupported_algorithm():
    header = f"AWS4-HMAC-SHA25 {CREDENTIAL}, SignedHeaders={SIGNED}, {SIGNATURE}"
    assert_envelope(with_auth(header), 400, INCOMPLETE,
                    "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ")


@pytest.mark.ddblocal_differs("accepts any credential")
@pytest.mark.parametrize("credential", ["AKID", "AKID/20260101", "AKID/20260101/us-east-1/dynamodb",
                                        "AKID/20260101/us-east-1/dynamodb/aws4_request/x"])
def test_credential_needs_five_parts(credential):
    header = f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={SIGNED}, {SIGNATURE}"
    assert_envelope(with_auth(header), 400, INCOMPLETE,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                    f"got '{credential}'")


@pytest.mark.ddblocal_differs("accepts any credential scope")
def test_credential_scope():
    header = f"AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4, SignedHeaders={SIGNED}, {SIGNATURE}"
    assert_envelope(with_auth(header), 400, INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: 'dynamodb'. "
                    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4'. "
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    "'20250101' != '20260101', from '20260101T000000Z'.")


@pytest.mark.parametrize("header", [
    # Parameters separated by commas only, by spaces only, in another order, a trailing '/' in the
    # scope, and a region that is not an AWS one (many DynamoDB Local users say "localhost").
    f"AWS4-HMAC-SHA256 {CREDENTIAL},SignedHeaders={SIGNED},{SIGNATURE}",
    f"AWS4-HMAC-SHA256 {CREDENTIAL} SignedHeaders={SIGNED} {SIGNATURE}",
    f"AWS4-HMAC-SHA256 {SIGNATURE}, SignedHeaders={SIGNED}, {CREDENTIAL}/",
    f"AWS4-HMAC-SHA256 Credential=AKID/20260101/localhost/dynamodb/aws4_request, SignedHeaders=host, {SIGNATURE}",
])
def test_accepted_authorization_forms(header):
    assert with_auth(header).status == 200


# --- Methods and paths ----------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_run_the_operation(method):
    # Checked against DynamoDB Local 1.13.5: the method is not looked at.
    r = raw_request(method=method, body="{}", target=LIST_TABLES)
    assert r.status == 200 and "TableNames" in r.json()


@pytest.mark.parametrize("path", ["/foo", "/a/b?x=1", "//"])
def test_other_paths_run_the_operation(path):
    r = raw_request(path=path, body="{}", target=LIST_TABLES)
    assert r.status == 200 and "TableNames" in r.json()


@pytest.mark.parametrize("path", ["/", "/foo"])
def test_get_health_check(path):
    # Checked against DynamoDB Local 1.13.5: GET without credentials is a JSON 400, which health
    # checks test for. DDB Local says MissingAuthenticationToken; we answer in the service's
    # check order, where the missing target comes first.
    r = raw_request(method="GET", path=path, body=b"", target=None, auth=False, content_type=None)
    assert r.status == 400
    assert r.headers["content-type"] == "application/x-amz-json-1.0"
    assert r.error_type


def test_head_has_no_body():
    r = raw_request(method="HEAD", body=b"", target=None, auth=False, content_type=None)
    assert r.status == 400 and r.body == b""


# --- CORS (-cors, default "*") --------------------------------------------------------------

def test_cors_origin_is_echoed():
    # Checked against DynamoDB Local 1.13.5: the Origin itself, not "*", also with -cors "*".
    r = call("ListTables", {}, headers={"Origin": ORIGIN})
    assert r.status == 200
    assert r.headers["access-control-allow-origin"] == ORIGIN


def test_no_cors_headers_without_origin():
    r = call("ListTables", {})
    assert not [h for h in r.headers if h.startswith("access-control-")]


@pytest.mark.ddblocal_differs("no Access-Control-Allow-Origin on error responses")
def test_cors_origin_on_errors():
    r = call("DescribeTable", {"TableName": "missing-table-for-cors"}, headers={"Origin": ORIGIN})
    assert r.status == 400
    assert r.headers["access-control-allow-origin"] == ORIGIN


def preflight(origin=ORIGIN, method="POST", headers="content-type,x-amz-target,authorization,x-amz-date",
              endpoint_request=raw_request):
    extra = {"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}
    return endpoint_request(method="OPTIONS", body=b"", target=None, auth=False, content_type=None,
                            headers={k: v for k, v in extra.items() if v is not None})


def test_cors_preflight():
    # Checked against DynamoDB Local 1.13.5: the requested method and headers are echoed.
    r = preflight(method="POST", headers="a, b, c")
    assert r.status == 200 and r.body == b""
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert r.headers["access-control-allow-methods"] == "POST"
    assert r.headers["access-control-allow-headers"] == "a, b, c"
    assert r.headers["access-control-max-age"] == "1728000"
    assert r.headers["x-amzn-requestid"]


def test_cors_preflight_needs_request_headers():
    r = preflight(headers=None)
    assert r.status == 400
    assert r.json() == {"__type": VALIDATION, "message": "Invalid PreFlight Headers"}


def test_options_without_preflight_headers_is_an_ordinary_request():
    # Without Origin and Access-Control-Request-Method, OPTIONS is checked like POST.
    r = raw_request(method="OPTIONS", body=b"", target=None, auth=False, content_type=None,
                    headers={"Origin": ORIGIN})
    assert r.status == 400 and r.error_type


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cors_list_endpoint():
    """A second server started with `-cors http://a.example,http://b.example`: our binary
    (DYNAMOLOCAL_BIN) or, against DynamoDB Local, DDBLOCAL_DIR (its unpacked distribution)."""
    allow = "http://a.example,http://b.example"
    if TARGET == "ddblocal":
        home = os.environ.get("DDBLOCAL_DIR")
        if not home:
            pytest.skip("needs DDBLOCAL_DIR")
        port = int(os.environ.get("DDBLOCAL_CORS_PORT", "8012"))
        cmd = ["java", "-cp", "DynamoDBLocal.jar:DynamoDBLocal_lib/*:/usr/share/java/jaxb-api.jar",
               "-Djava.library.path=./DynamoDBLocal_lib", "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
               "-inMemory", "-port", str(port), "-cors", allow]
        cwd = home
    else:
        binary = os.environ.get("DYNAMOLOCAL_BIN")
        if not binary:
            pytest.skip("needs DYNAMOLOCAL_BIN")
        port = free_port()
        cmd, cwd = [binary, "-inMemory", "-port", str(port), "-cors", allow], None
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def request_at(endpoint):
    return lambda **kw: raw_request(endpoint=endpoint, **kw)


def test_cors_list_allows_only_listed_origins(cors_list_endpoint):
    send = request_at(cors_list_endpoint)
    listed = send(body="{}", target=LIST_TABLES, headers={"Origin": "http://b.example"})
    assert listed.status == 200 and listed.headers["access-control-allow-origin"] == "http://b.example"
    other = send(body="{}", target=LIST_TABLES, headers={"Origin": "http://c.example"})
    assert other.status == 200 and "access-control-allow-origin" not in other.headers


def test_cors_list_preflight(cors_list_endpoint):
    send = request_at(cors_list_endpoint)
    listed = preflight(origin="http://a.example", endpoint_request=send)
    assert listed.status == 200 and listed.headers["access-control-allow-origin"] == "http://a.example"
    # An origin not in the list still gets 200, without Access-Control-Allow-Origin.
    other = preflight(origin="http://c.example", endpoint_request=send)
    assert other.status == 200 and "access-control-allow-origin" not in other.headers
    assert other.headers["access-control-allow-methods"] == "POST"


# --- Connections ----------------------------------------------------------------------------

def test_keep_alive():
    conn = connect()
    sockets = set()
    for _ in range(3):
        conn.request("POST", "/", body=b"{}", headers=signed_headers())
        r = conn.getresponse()
        assert r.status == 200 and json.loads(r.read())["TableNames"] is not None
        assert (r.getheader("connection") or "").lower() != "close"
        sockets.add(id(conn.sock))
    assert len(sockets) == 1
    conn.close()


def test_connection_close_is_honoured():
    conn = connect()
    conn.request("POST", "/", body=b"{}", headers={**signed_headers(), "Connection": "close"})
    r = conn.getresponse()
    assert r.status == 200 and r.getheader("connection").lower() == "close"
    r.read()
    conn.close()


def test_chunked_body():
    conn = connect()
    conn.request("POST", "/", body=iter([b'{"Li', b'mit": ', b"5}"]), headers=signed_headers(), encode_chunked=True)
    r = conn.getresponse()
    assert r.status == 200 and "TableNames" in json.loads(r.read())
    conn.close()


def test_http_1_0():
    url = urllib.parse.urlparse(ENDPOINT)
    with socket.create_connection((url.hostname, url.port or 80), timeout=30) as s:
        head = "".join(f"{k}: {v}\r\n" for k, v in signed_headers().items())
        s.sendall(f"POST / HTTP/1.0\r\nHost: {url.hostname}\r\n{head}Content-Length: 2\r\n\r\n{{}}".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.") and b" 200 " in data.split(b"\r\n")[0]
    assert data.endswith(b"]}")


def raw_operation(op, body, version="HTTP/1.1", extra=""):
    """One request as bytes, for writing several to a socket at once."""
    url = urllib.parse.urlparse(ENDPOINT)
    payload = json.dumps(body).encode()
    head = "".join(f"{k}: {v}\r\n" for k, v in signed_headers(f"DynamoDB_20120810.{op}").items())
    return (f"POST / {version}\r\nHost: {url.hostname}\r\n{head}{extra}Content-Length: {len(payload)}\r\n\r\n"
            .encode() + payload)


def raw_list_tables(version="HTTP/1.1", extra=""):
    return raw_operation("ListTables", {}, version, extra)


def read_answers(s, count, bodies=False):
    """Reads `count` Content-Length framed answers from socket `s`; returns their heads (with
    `bodies`, (head, body) pairs)."""
    data, answers = b"", []
    while len(answers) < count:
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
        while len(rest) < length:
            rest += s.recv(65536)
        answers.append((head, rest[:length]) if bodies else head)
        data = rest[length:]
    return answers


def test_pipelined_requests_are_answered_in_order_on_one_connection():
    url = urllib.parse.urlparse(ENDPOINT)
    with socket.create_connection((url.hostname, url.port or 80), timeout=30) as s:
        s.sendall(raw_list_tables() * 3)
        heads = read_answers(s, 3)
        assert all(h.startswith(b"HTTP/1.1 200 ") for h in heads)
        # The connection stays open for more.
        s.sendall(raw_list_tables())
        assert read_answers(s, 1)[0].startswith(b"HTTP/1.1 200 ")


def test_pipelined_writes_and_reads_are_answered_in_order_and_read_their_writes():
    # Many writes and reads in one burst on one connection: the answers come back in request order,
    # and each read sees the write before it (group commit holds answers until their commit; past
    # 64 waiting answers a connection commits at once).
    table = "pipelined_rw"
    call("DeleteTable", {"TableName": table})
    created = call("CreateTable", {"TableName": table, "BillingMode": "PAY_PER_REQUEST",
                                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                   "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    assert created.status == 200, created
    burst = b""
    for i in range(100):
        burst += raw_operation("PutItem", {"TableName": table, "Item": {"pk": {"S": "k"}, "v": {"N": str(i)}}})
        burst += raw_operation("GetItem", {"TableName": table, "Key": {"pk": {"S": "k"}}, "ConsistentRead": True})
    url = urllib.parse.urlparse(ENDPOINT)
    with socket.create_connection((url.hostname, url.port or 80), timeout=30) as s:
        s.sendall(burst)
        answers = read_answers(s, 200, bodies=True)
    for i in range(100):
        (put_head, _), (get_head, get_body) = answers[2 * i], answers[2 * i + 1]
        assert put_head.startswith(b"HTTP/1.1 200 ") and get_head.startswith(b"HTTP/1.1 200 "), i
        assert json.loads(get_body)["Item"]["v"] == {"N": str(i)}, i
    call("DeleteTable", {"TableName": table})


@pytest.mark.ddblocal_differs("its HTTP/1.0 keep-alive answer differs (this case fails against DynamoDB Local 1.13.5)")
def test_http_1_0_keep_alive_is_acknowledged_and_kept():
    # An HTTP/1.0 client keeps the connection only when the answer says so (as ApacheBench expects).
    url = urllib.parse.urlparse(ENDPOINT)
    with socket.create_connection((url.hostname, url.port or 80), timeout=30) as s:
        for _ in range(2):
            s.sendall(raw_list_tables("HTTP/1.0", "Connection: keep-alive\r\n"))
            head = read_answers(s, 1)[0]
            assert head.startswith(b"HTTP/1.0 200 ") and b"\r\nConnection: keep-alive" in head


# --- Nothing is a 500 -----------------------------------------------------------------------

@pytest.mark.ddblocal_differs("answers many of these with 500 InternalFailure")
def test_no_input_is_a_server_error():
    cases = [
        dict(body=b"null", target=LIST_TABLES), dict(body=b"5", target=LIST_TABLES),
        dict(body=b"[]", target=LIST_TABLES), dict(body=b'"x"', target="DynamoDB_20120810.DescribeTable"),
        dict(body=b"{}", target=None), dict(body=b"{}", target=LIST_TABLES, headers={"Authorization": "AWS4-"}),
        dict(body=b'{"Key": 1}', target="DynamoDB_20120810.GetItem"),
        dict(body=b'{"TableName": "abc", "Key": {"k": 5}}', target="DynamoDB_20120810.GetItem"),
        dict(body=b'{"TableName": "abc", "Key": {"k": {"S": 5}}}', target="DynamoDB_20120810.GetItem"),
        dict(body=b'{"RequestItems": []}', target="DynamoDB_20120810.BatchGetItem"),
        dict(method="GET", body=b"", target=LIST_TABLES),
    ]
    for case in cases:
        r = raw_request(**case)
        assert r.status < 500, (case, r)
        assert r.headers["x-amz-crc32"] == str(zlib.crc32(r.body)), (case, r)
