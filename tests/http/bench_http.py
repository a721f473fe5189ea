#!/usr/bin/env python3
"""make bench-http: requests/s and p99 latency of `lanes-bench http-serve` (through the
HTTPServer handler protocol) against nginx serving the same body, with wrk at 1, 64 and
1000 connections, in the same run. Prints a JSON report; loopback only, bounded in time."""
import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

BODY = '{"jsonrpc":"2.0","id":1,"result":"0x1"}'
CONNECTIONS = [1, 64, 1000]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


def start_lanes(binary: str, extra: list[str]):
    proc = subprocess.Popen([binary, "http-serve", "--host", "127.0.0.1", "--port", "0", *extra],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r":(\d+)\s*$", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"lanes-bench printed {line!r}")
    return proc, int(m.group(1))


def start_nginx(workdir: str):
    port = free_port()
    conf = os.path.join(workdir, "nginx.conf")
    cpus = os.cpu_count() or 1
    with open(conf, "w") as f:
        f.write(f"""
worker_processes {cpus};
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
worker_rlimit_nofile 20000;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location / {{
            default_type application/json;
            return 200 '{BODY}';
        }}
    }}
}}
""")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", workdir, "-g", "daemon off;"],
                            stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc, port


def to_ms(value: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    n, unit = float(m.group(1)), m.group(2)
    return n / 1000 if unit == "us" else n * 1000 if unit == "s" else n


def run_wrk(port: int, connections: int, seconds: int, script: str | None = None) -> dict:
    threads = 1 if connections == 1 else 2
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
         "--timeout", "5s", *(["-s", script] if script else []), f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result = {"requests_per_s": round(rps, 1), "p99_ms": round(p99, 3)}
    if errors:
        result["socket_errors"] = errors.group(1).strip()
    if non2xx:
        result["non_2xx"] = int(non2xx.group(1))
    return result


# JSON-RPC calls measured against the real node (`lanes --port 0`), beside nginx's static answer.
HISTORY = "0x0000F90827F1C53a10cb7A02335B175320002935"  # EIP-2935: a view of a block hash
RPC_CALLS = {
    "eth_blockNumber": {"method": "eth_blockNumber", "params": []},
    "eth_getBalance": {"method": "eth_getBalance", "params": ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "latest"]},
    "eth_call": {"method": "eth_call", "params": [{"to": HISTORY, "data": "0x" + "00" * 32}, "latest"]},
}


def rpc(port: int, method: str, params: list):
    import urllib.request
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def start_node(binary: str):
    proc = subprocess.Popen([binary, "--port", "0", "--silent"], stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        m = re.search(r"Listening on http://127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))
            rpc(port, "evm_mine", [])  # block 1 stores block 0's hash in the history contract
            for name, call in RPC_CALLS.items():
                answer = rpc(port, call["method"], call["params"])
                if "result" not in answer:
                    raise RuntimeError(f"{name}: {answer}")
            return proc, port
    raise RuntimeError("lanes did not print its Listening line")


def wrk_script(workdir: str, name: str, call: dict) -> str:
    path = os.path.join(workdir, f"{name}.lua")
    body = json.dumps({"jsonrpc": "2.0", "id": 1, **call}).replace("'", "\\'")
    with open(path, "w") as f:
        f.write(f"wrk.method = 'POST'\nwrk.headers['Content-Type'] = 'application/json'\nwrk.body = '{body}'\n")
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/lanes-bench")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--lanes-args", default="", help="extra http-serve flags, e.g. --async")
    ap.add_argument("--node", default=None, help="the lanes binary: also measure eth_blockNumber, eth_getBalance, eth_call")
    args = ap.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        print("bench-http needs wrk and nginx (Debian packages wrk, nginx-light)", file=sys.stderr)
        return 2
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    workdir = tempfile.mkdtemp(prefix="bench-http-")
    lanes, lanes_port = start_lanes(args.bin, args.lanes_args.split())
    nginx, nginx_port = start_nginx(workdir)
    report = {"body_bytes": len(BODY), "seconds_per_run": args.seconds, "cpus": os.cpu_count(), "results": {}}
    try:
        for c in CONNECTIONS:
            # Warm both up briefly, then measure; alternate so drift hits both alike.
            run_wrk(lanes_port, c, 1)
            lanes_result = run_wrk(lanes_port, c, args.seconds)
            run_wrk(nginx_port, c, 1)
            nginx_result = run_wrk(nginx_port, c, args.seconds)
            ratio = lanes_result["requests_per_s"] / nginx_result["requests_per_s"]
            report["results"][str(c)] = {"lanes": lanes_result, "nginx": nginx_result, "ratio_rps": round(ratio, 3)}
            print(f"# c={c}: lanes {lanes_result} nginx {nginx_result} ratio {ratio:.3f}", file=sys.stderr)
        if args.node:
            node, node_port = start_node(args.node)
            try:
                report["rpc"] = {}
                for name, call in RPC_CALLS.items():
                    script = wrk_script(workdir, name, call)
                    for c in CONNECTIONS:
                        run_wrk(node_port, c, 1, script)
                        result = run_wrk(node_port, c, args.seconds, script)
                        nginx_rps = report["results"][str(c)]["nginx"]["requests_per_s"]
                        result["ratio_to_nginx"] = round(result["requests_per_s"] / nginx_rps, 3)
                        report["rpc"].setdefault(name, {})[str(c)] = result
                        print(f"# {name} c={c}: {result}", file=sys.stderr)
            finally:
                node.terminate()
                node.wait(timeout=20)
    finally:
        lanes.terminate()
        nginx.terminate()
        for p in (lanes, nginx):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    ratio64 = report["results"]["64"]["ratio_rps"]
    report["ratio_at_64"] = ratio64
    report["acceptance_ratio_at_64_ge_0.5"] = ratio64 >= 0.5
    report["goal_ratio_at_64_ge_0.8"] = ratio64 >= 0.8
    if "rpc" in report:
        r = report["rpc"]["eth_blockNumber"]["64"]["ratio_to_nginx"]
        report["eth_blockNumber_ratio_at_64"] = r
        report["acceptance_eth_blockNumber_ge_0.3"] = r >= 0.3
        report["goal_eth_blockNumber_ge_0.5"] = r >= 0.5
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
