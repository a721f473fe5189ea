"""Fixtures for the HTTPServer socket tests: start `lanes-bench http-serve --port 0`,
read its `Listening on http://HOST:PORT` line, stop it afterwards.

The binary is $LANES_BENCH_BIN, default .build/release/lanes-bench under the repo root.
Every test talks only to 127.0.0.1 / ::1 and is bounded in time.
"""
import os
import re
import resource
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def bench_bin() -> str:
    path = os.environ.get("LANES_BENCH_BIN", ".build/release/lanes-bench")
    p = Path(path)
    if not p.is_absolute():
        p = REPO_ROOT / p
    return str(p)


class Server:
    def __init__(self, *args: str, host: str = "127.0.0.1"):
        exe = bench_bin()
        if not os.path.exists(exe):
            pytest.fail(f"{exe} not found: build it with `swift build -c release` (or set LANES_BENCH_BIN)")
        self.proc = subprocess.Popen(
            [exe, "http-serve", "--host", host, "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 20
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line or self.proc.poll() is not None:
                break
        m = re.match(r"Listening on http://\[?([^\]]+?)\]?:(\d+)\s*$", line)
        if not m:
            self.proc.kill()
            pytest.fail(f"no Listening line, got {line!r}; stderr: {self.proc.stderr.read()}")
        self.host = m.group(1)
        self.port = int(m.group(2))
        self.family = socket.AF_INET6 if ":" in self.host else socket.AF_INET

    def connect(self, timeout: float = 5.0) -> socket.socket:
        s = socket.socket(self.family, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect((self.host, self.port))
        return s

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return self.proc.returncode


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    assert s.alive(), "server died during the tests"
    s.stop()


@pytest.fixture
def make_server():
    started = []

    def make(*args, **kwargs):
        s = Server(*args, **kwargs)
        started.append(s)
        return s

    yield make
    for s in started:
        s.stop()


@pytest.fixture(scope="session", autouse=True)
def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, 10000) if hard != resource.RLIM_INFINITY else 10000
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    yield
