"""WebSocket (RFC 6455) through the `websockets` client against `lanes-bench http-serve`."""
import os
import time

import pytest
from websockets.exceptions import ConnectionClosedError
from websockets.sync.client import connect


def url(server):
    host = f"[{server.host}]" if ":" in server.host else server.host
    return f"ws://{host}:{server.port}/"


def test_echo_text_and_binary(server):
    with connect(url(server), open_timeout=5, close_timeout=5) as ws:
        ws.send("hello")
        assert ws.recv(timeout=5) == "hello"
        ws.send(b"\x00\x01\x02")
        assert ws.recv(timeout=5) == b"\x00\x01\x02"


def test_fragmented_messages(server):
    with connect(url(server), open_timeout=5) as ws:
        ws.send(["frag", "mented ", "text"])
        assert ws.recv(timeout=5) == "fragmented text"
        ws.send([b"\x01" * 70000, b"\x02" * 70000])
        assert ws.recv(timeout=5) == b"\x01" * 70000 + b"\x02" * 70000


def test_large_message(server):
    payload = os.urandom(4 * 1024 * 1024)
    with connect(url(server), open_timeout=5, max_size=None) as ws:
        ws.send(payload)
        assert ws.recv(timeout=20) == payload


def test_ping_pong(server):
    with connect(url(server), open_timeout=5, ping_interval=None) as ws:
        pong = ws.ping(b"are you there")
        assert pong.wait(timeout=5)


def test_close_handshake(server):
    with connect(url(server), open_timeout=5) as ws:
        ws.send("bye")
        assert ws.recv(timeout=5) == "bye"
        ws.close(code=1000, reason="done")
        # The server echoed our close frame (code 1000) and closed TCP.
        assert ws.close_code == 1000
        assert ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 1000


def test_message_size_limit(make_server):
    srv = make_server("--max-ws-message", "1024")
    with connect(url(srv), open_timeout=5, close_timeout=5) as ws:
        ws.send("x" * 100)
        assert ws.recv(timeout=5) == "x" * 100
        ws.send("y" * 5000)
        with pytest.raises(ConnectionClosedError):
            ws.recv(timeout=5)
        assert ws.close_code == 1009


def test_many_messages_in_order(server):
    with connect(url(server), open_timeout=5) as ws:
        for i in range(200):
            ws.send(f"m{i}")
        assert [ws.recv(timeout=5) for _ in range(200)] == [f"m{i}" for i in range(200)]


def test_http_still_works_after_websockets(server):
    from http_raw_client import Reader, request
    with server.connect() as s:
        s.sendall(request("GET", "/"))
        assert Reader(s).response()[0] == 200
