"""Socket-level acceptance tests of the HTTPServer module through `lanes-bench http-serve`."""
import os
import signal
import socket
import threading
import time

import pytest

from http_raw_client import Reader, request

BODY = b'{"jsonrpc":"2.0","id":1,"result":"0x1"}'


def test_listening_line_and_simple_get(server):
    with server.connect() as s:
        s.sendall(request("GET", "/"))
        status, headers, body = Reader(s).response()
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert body == BODY


def test_ipv6_loopback(make_server):
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        pytest.skip("no ::1 on this machine")
    srv = make_server(host="::1")
    assert srv.host == "::1"
    with srv.connect() as s:
        s.sendall(request("POST", "/"))
        assert Reader(s).response()[2] == BODY


def test_keep_alive(server):
    with server.connect() as s:
        r = Reader(s)
        for i in range(5):
            s.sendall(request("POST", "/echo", f"msg {i}".encode()))
            status, headers, body = r.response()
            assert status == 200 and body == f"msg {i}".encode()
            assert headers.get("connection") != "close"


def test_twenty_pipelined_requests_answered_in_order(server):
    with server.connect() as s:
        s.sendall(b"".join(request("POST", "/echo", f"request-{i}".encode()) for i in range(20)))
        r = Reader(s)
        bodies = [r.response()[2] for _ in range(20)]
    assert bodies == [f"request-{i}".encode() for i in range(20)]


def test_pipelined_slow_and_fast_stay_in_order(server):
    with server.connect() as s:
        s.sendall(request("GET", "/slow?ms=300") + request("POST", "/echo", b"fast"))
        r = Reader(s)
        assert r.response()[2] == b"slow 300\n"
        assert r.response()[2] == b"fast"


def test_request_one_byte_at_a_time(server):
    with server.connect() as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for b in request("POST", "/echo", b"bytewise"):
            s.send(bytes([b]))
        assert Reader(s).response()[2] == b"bytewise"


def test_chunked_body(server):
    with server.connect() as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"5\r\nhello\r\n1;ext=y\r\n \r\n5\r\nworld\r\n0\r\n\r\n")
        status, _, body = Reader(s).response()
    assert status == 200 and body == b"hello world"


def test_expect_100_continue(server):
    with server.connect() as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        r = Reader(s)
        interim = r.read_until(b"\r\n\r\n")
        assert interim.startswith(b"HTTP/1.1 100 Continue")
        s.sendall(b"data")
        status, _, body = r.response()
    assert status == 200 and body == b"data"


def test_body_too_large_413(server):
    with server.connect() as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 17000000\r\n\r\n" + b"x" * 65536)
        r = Reader(s)
        status, headers, _ = r.response()
        assert status == 413
        assert headers.get("connection") == "close"
        assert r.at_eof()


def test_body_too_large_413_configurable_chunked(make_server):
    srv = make_server("--max-body", "1000")
    with srv.connect() as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + b"200\r\n" + b"a" * 512 + b"\r\n" + b"300\r\n" + b"b" * 768 + b"\r\n0\r\n\r\n")
        assert Reader(s).response()[0] == 413


def test_headers_too_large_431(server):
    with server.connect() as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        r = Reader(s)
        assert r.response()[0] == 431
        assert r.at_eof()


def test_binary_garbage_400(server):
    with server.connect() as s:
        s.sendall(b"\x00\xff\x13\x37" + os.urandom(4096) + b"\r\n\r\n")
        r = Reader(s)
        assert r.response()[0] == 400
        assert r.at_eof()


def test_cors_preflight(server):
    with server.connect() as s:
        s.sendall(b"OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: http://example.test\r\n"
                  b"Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n")
        r = Reader(s)
        status, headers, _ = r.response()
        assert status == 204
        assert headers["access-control-allow-origin"] == "*"
        assert "POST" in headers["access-control-allow-methods"]
        assert headers["access-control-allow-headers"] == "content-type"
        s.sendall(request("POST", "/", headers={"Origin": "http://example.test"}))
        status, headers, body = r.response()
        assert status == 200 and headers["access-control-allow-origin"] == "*" and body == BODY


def test_cors_restricted_origins(make_server):
    srv = make_server("--allowed-origins", "http://good.test")
    with srv.connect() as s:
        r = Reader(s)
        s.sendall(request("POST", "/", headers={"Origin": "http://good.test"}))
        assert r.response()[1]["access-control-allow-origin"] == "http://good.test"
        s.sendall(b"OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.test\r\nAccess-Control-Request-Method: POST\r\n\r\n")
        status, headers, _ = r.response()
        assert status == 403 and "access-control-allow-origin" not in headers


def test_head_and_options(server):
    with server.connect() as s:
        r = Reader(s)
        s.sendall(request("HEAD", "/"))
        status, headers, body = r.response(head_request=True)
        assert status == 200 and headers["content-length"] == str(len(BODY)) and body == b""
        s.sendall(request("OPTIONS", "*"))
        status, headers, _ = r.response()
        assert status == 204 and "POST" in headers["allow"]
        s.sendall(request("GET", "/"))  # connection still in sync after HEAD
        assert r.response()[2] == BODY


def test_connection_close(server):
    with server.connect() as s:
        s.sendall(request("GET", "/", headers={"Connection": "close"}))
        r = Reader(s)
        status, headers, _ = r.response()
        assert status == 200 and headers["connection"] == "close"
        assert r.at_eof()


def test_half_closed_client_still_answered(server):
    with server.connect() as s:
        s.sendall(request("POST", "/echo", b"half") + request("GET", "/slow?ms=200"))
        s.shutdown(socket.SHUT_WR)
        r = Reader(s)
        assert r.response()[2] == b"half"
        assert r.response()[2] == b"slow 200\n"
        assert r.at_eof()


def test_slow_half_sent_requests_do_not_delay_others(server):
    slow = []
    try:
        for i in range(300):
            s = server.connect()
            s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le")
            slow.append(s)
        start = time.monotonic()
        with server.connect() as s:
            s.sendall(request("GET", "/"))
            assert Reader(s).response()[2] == BODY
        assert time.monotonic() - start < 1.0
    finally:
        for s in slow:
            s.close()


def test_3000_idle_connections_while_normal_request_is_fast(server):
    idle = []
    try:
        for i in range(3000):
            idle.append(server.connect(timeout=10))
        time.sleep(0.2)
        start = time.monotonic()
        with server.connect() as s:
            s.sendall(request("GET", "/"))
            assert Reader(s).response()[2] == BODY
        assert time.monotonic() - start < 1.0
        # The idle ones are still served too.
        for s in idle[::500]:
            s.sendall(request("GET", "/"))
            assert Reader(s).response()[2] == BODY
    finally:
        for s in idle:
            s.close()


def test_header_timeout_slowloris(make_server):
    srv = make_server("--header-timeout", "1")
    with srv.connect() as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        start = time.monotonic()
        for _ in range(3):  # trickling bytes does not extend the deadline
            time.sleep(0.3)
            try:
                s.sendall(b"X-A: b\r\n")
            except OSError:
                break
        r = Reader(s)
        status, _, _ = r.response()
        assert status == 408
        assert time.monotonic() - start < 3.0
        assert r.at_eof()


def test_idle_timeout(make_server):
    srv = make_server("--idle-timeout", "1")
    with srv.connect() as s:
        r = Reader(s)
        s.sendall(request("GET", "/"))
        assert r.response()[0] == 200
        start = time.monotonic()
        assert r.at_eof(timeout=5)
        assert 0.5 < time.monotonic() - start < 3.0


def test_connection_cap_refuses_cleanly(make_server):
    srv = make_server("--max-connections", "5")
    held = [srv.connect() for _ in range(5)]
    try:
        time.sleep(0.2)
        with srv.connect() as s:
            r = Reader(s)
            status, _, _ = r.response()
            assert status == 503
            assert r.at_eof()
        held[0].sendall(request("GET", "/"))
        assert Reader(held[0]).response()[2] == BODY
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    with srv.connect() as s:  # capacity comes back
        s.sendall(request("GET", "/"))
        assert Reader(s).response()[0] == 200


def test_graceful_shutdown_finishes_in_flight(make_server):
    srv = make_server()
    s = srv.connect()
    s.sendall(request("GET", "/slow?ms=700"))
    time.sleep(0.2)
    srv.proc.send_signal(signal.SIGTERM)
    status, headers, body = Reader(s).response()
    assert status == 200 and body == b"slow 700\n"
    assert headers.get("connection") == "close"
    s.close()
    assert srv.proc.wait(timeout=10) == 0
    with pytest.raises(OSError):
        srv.connect(timeout=1)


def test_many_clients_in_parallel(server):
    errors = []

    def client(n):
        try:
            with server.connect() as s:
                r = Reader(s)
                for i in range(50):
                    s.sendall(request("POST", "/echo", f"{n}-{i}".encode()))
                    assert r.response()[2] == f"{n}-{i}".encode()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors


def test_server_alive_after_everything(server):
    assert server.alive()
    with server.connect() as s:
        s.sendall(request("GET", "/"))
        assert Reader(s).response()[2] == BODY
