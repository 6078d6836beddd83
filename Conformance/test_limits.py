"""Hostile and slow clients: request-read and idle timeouts, the connection cap, header limits and
running out of file descriptors (README.md, "Limits"). Each case starts its own server with short
timeouts through DynamoLocal's own flags, so the module needs DYNAMOLOCAL_BIN and is skipped
without it. DynamoDB Local 1.13.5 (Jetty 8) behaves differently, for the record: it closes a
connection after 200 s without traffic (idle, stalled head or body alike, with no response), so a
client sending a byte every half second is never closed; it has no connection cap, and it answers
a head over 6 KB with `413 FULL head`."""
import json
import os
import resource
import select
import socket
import subprocess
import threading
import time

import pytest

from conftest import auth_header, make_client, raw_request

BIN = os.environ.get("DYNAMOLOCAL_BIN")
pytestmark = pytest.mark.skipif(not BIN, reason="needs DYNAMOLOCAL_BIN")

REQUEST_TIMEOUT = 2
IDLE_TIMEOUT = 3
SLACK = 1.5  # the machine may be busy


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, *args, preexec_fn=None):
        self.port = free_port()
        self.proc = subprocess.Popen([BIN, "-inMemory", "-bindAddress", "127.0.0.1", "-port", str(self.port), *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=preexec_fn)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("server did not start")

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.terminate()
        assert self.proc.wait(timeout=10) == 0


@pytest.fixture(scope="module")
def server():
    s = Server("-requestTimeout", str(REQUEST_TIMEOUT), "-idleTimeout", str(IDLE_TIMEOUT))
    yield s
    s.stop()


def head(extra=b"", length=2):
    return (b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: DynamoDB_20120810.ListTables\r\nX-Amz-Date: 20260101T000000Z\r\n"
            b"Authorization: " + auth_header().encode() + b"\r\n" + extra + b"Content-Length: %d\r\n\r\n" % length)


LIST_TABLES = head() + b"{}"


def status_of(sock, request=LIST_TABLES):
    """Sends a request on `sock` and returns the status line of its response."""
    sock.sendall(request)
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode()


def closed_after(sock, start, limit=15):
    """Seconds from `start` until the server closed `sock` (EOF or reset), and what it sent first."""
    sock.settimeout(limit)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except ConnectionResetError:
        pass
    return time.time() - start, data


def answered_quickly(server):
    with server.connect() as c:
        start = time.time()
        assert status_of(c) == "HTTP/1.1 200 OK"
        return time.time() - start


# --- Request-read timeout ---------------------------------------------------------------------

def test_slowloris_is_closed_after_the_request_timeout_while_others_are_served(server):
    slow = server.connect()
    start = time.time()
    slow.sendall(b"POST / HTTP/1.1\r\n")
    trickle = b"X-Slow: " + b"a" * 1000
    latencies, closed_at = [], None
    for i in range(int((REQUEST_TIMEOUT + SLACK) / 0.1)):
        time.sleep(0.1)
        try:
            slow.sendall(trickle[i:i + 1])
        except OSError:
            pass
        if select.select([slow], [], [], 0)[0]:  # readable: EOF or reset
            closed_at = time.time() - start
            break
        if i % 5 == 0:
            latencies.append(answered_quickly(server))
    slow.close()
    print(f"slowloris closed after {closed_at} s (request timeout {REQUEST_TIMEOUT} s); "
          f"other requests meanwhile: max {max(latencies) * 1000:.1f} ms")
    assert closed_at is not None and REQUEST_TIMEOUT - 0.2 <= closed_at <= REQUEST_TIMEOUT + SLACK
    assert max(latencies) < 1


def test_stalled_head_or_body_is_closed_without_a_response(server):
    short_body = server.connect()
    partial_head = server.connect()
    start = time.time()
    short_body.sendall(head(length=100) + b"{}")  # promises 100 bytes, sends 2
    partial_head.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\n")
    for sock in (short_body, partial_head):
        elapsed, data = closed_after(sock, start)
        sock.close()
        # As DynamoDB Local (Jetty) does: no 408, the connection is just closed.
        assert data == b""
        assert REQUEST_TIMEOUT - 0.2 <= elapsed <= REQUEST_TIMEOUT + SLACK


# --- Idle timeout -------------------------------------------------------------------------------

def test_idle_connections_are_closed_busy_ones_are_not(server):
    after_response = server.connect()
    assert status_of(after_response) == "HTTP/1.1 200 OK"
    start = time.time()
    never_used = server.connect()
    results = {}

    def watch(name, sock):
        results[name] = closed_after(sock, start)

    watchers = [threading.Thread(target=watch, args=item) for item in
                (("after_response", after_response), ("never_used", never_used))]
    for w in watchers:
        w.start()
    # A keep-alive connection with a request every 0.7 s outlives both timeouts.
    with server.connect() as busy:
        while time.time() - start < IDLE_TIMEOUT + REQUEST_TIMEOUT:
            assert status_of(busy) == "HTTP/1.1 200 OK"
            time.sleep(0.7)
    for w in watchers:
        w.join()
    for name, (elapsed, data) in results.items():
        assert data == b"", name
        assert IDLE_TIMEOUT - 0.2 <= elapsed <= IDLE_TIMEOUT + SLACK, (name, elapsed)


# --- Header limits ------------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [
    b"X-Big: " + b"a" * 60_000 + b"\r\n",
    b"".join(b"X-H%d: v\r\n" % i for i in range(1_900)),
], ids=["60 KB header", "1,900 headers"])
def test_large_heads_within_the_limits_are_served(server, extra):
    with server.connect() as c:
        assert status_of(c, head(extra) + b"{}") == "HTTP/1.1 200 OK"


@pytest.mark.parametrize("extra", [
    b"X-Big: " + b"a" * 70_000 + b"\r\n",
    b"X-Big: " + b"a" * 1_000_000 + b"\r\n",
    b"".join(b"X-H%d: v\r\n" % i for i in range(2_001)),
    b"".join(b"X-H%d: v\r\n" % i for i in range(10_000)),
], ids=["70 KB header", "1 MB header", "2,001 headers", "10,000 headers"])
def test_oversized_heads_are_refused_and_closed(server, extra):
    with server.connect() as c:
        start = time.time()
        try:
            c.sendall(head(extra) + b"{}")
        except OSError:
            pass  # the server may close before all of it is sent
        elapsed, data = closed_after(c, start)
    assert data.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n") and b"Connection: close" in data, data
    assert elapsed < 1


# --- Connection cap and descriptors -------------------------------------------------------------

def test_thousands_of_idle_connections_and_the_cap():
    held, cap = 2_000, 2_050
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < cap + 100:
        pytest.skip(f"needs an open-file limit over {cap + 100}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = Server("-maxConnections", str(cap))
    socks = []
    try:
        before = server.rss_mb()
        socks = [server.connect() for _ in range(held)]
        time.sleep(0.5)  # the kernel completes handshakes before the server has accepted them all
        latency = answered_quickly(server)
        socks += [server.connect() for _ in range(cap - held)]
        time.sleep(0.3)
        poll = select.poll()
        for s in socks:
            poll.register(s, select.POLLIN)
        assert poll.poll(0) == [], "a connection within the cap was closed"
        over = server.connect()
        elapsed, data = closed_after(over, time.time(), limit=5)
        over.close()
        assert data == b"" and elapsed < 1, "the connection over the cap was not closed at once"
        assert status_of(socks[0]) == "HTTP/1.1 200 OK"
        assert status_of(socks[-1]) == "HTTP/1.1 200 OK"
        rss = server.rss_mb()
        print(f"{cap} connections open: RSS {rss:.1f} MB (idle: {before:.1f} MB); "
              f"a request among {held} idle connections took {latency * 1000:.1f} ms")
        assert latency < 1
        assert rss < 200
        for s in socks:
            s.close()
        socks = []
        time.sleep(0.3)
        assert answered_quickly(server) < 1
    finally:
        for s in socks:
            s.close()
        server.stop()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_running_out_of_descriptors_neither_crashes_nor_spins():
    # A cap above the open-file limit, so accept() fails with EMFILE.
    server = Server("-maxConnections", "1000",
                    preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (100, 100)))
    socks = []
    try:
        socks = [server.connect() for _ in range(150)]
        time.sleep(0.3)
        cpu = server.cpu_seconds()
        time.sleep(2)
        spent = server.cpu_seconds() - cpu
        print(f"server CPU while out of descriptors: {spent:.2f} s in 2 s")
        assert spent < 0.5
        assert server.proc.poll() is None
        for s in socks:
            s.close()
        socks = []
        time.sleep(0.5)
        assert answered_quickly(server) < 1
    finally:
        for s in socks:
            s.close()
        server.stop()


def test_server_still_works_after_all_that(server):
    client = make_client(endpoint_url=f"http://127.0.0.1:{server.port}")
    client.create_table(TableName="limits", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        BillingMode="PAY_PER_REQUEST")
    client.put_item(TableName="limits", Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    assert client.get_item(TableName="limits", Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}, "v": {"N": "1"}}


def test_access_keys_beyond_the_namespace_cap_are_refused():
    # Each access key and region is a database; a client inventing keys could open them without
    # end. Past -maxNamespaces a new pair gets the service's answer to unknown credentials.
    server = Server("-maxNamespaces", "3")
    try:
        endpoint = f"http://127.0.0.1:{server.port}"

        def list_tables(key):
            return raw_request(body=b"{}", target="DynamoDB_20120810.ListTables", endpoint=endpoint,
                               headers={"Authorization": auth_header(access_key=key)})

        for key in ["K1", "K2", "K3"]:
            assert list_tables(key).status == 200
        refused = list_tables("K4")
        assert refused.status == 400
        assert json.loads(refused.body) == {"__type": "com.amazon.coral.service#UnrecognizedClientException",
                                            "message": "The security token included in the request is invalid."}
        assert list_tables("K1").status == 200, "open namespaces are still served"
    finally:
        server.stop()
