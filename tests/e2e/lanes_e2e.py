"""Start the real `lanes` binary on a free port and hand tests its URL.

`LanesProcess` starts `.build/release/lanes --port 0 …`, waits for the `Listening on` line the
node always prints, and stops it with SIGTERM (or SIGKILL, for the crash tests)."""
import os
import pathlib
import select
import signal
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANES = os.environ.get("LANES_BIN", str(ROOT / ".build" / "release" / "lanes"))
CONTRACTS = pathlib.Path(__file__).resolve().parent / "contracts"
MNEMONIC = "test test test test test test test test test test test junk"


class LanesProcess:
    def __init__(self, *args, timeout=60):
        self.args = [LANES, "--port", "0", *args]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.output = []
        deadline = time.time() + timeout
        self.url = None
        while time.time() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            line = self.proc.stdout.readline()
            if not line:
                break
            self.output.append(line)
            if line.startswith("Listening on "):
                self.url = line.split("Listening on ", 1)[1].strip()
                break
        if self.url is None:
            self.proc.kill()
            raise RuntimeError("lanes did not start: " + "".join(self.output) + self.proc.stderr.read())
        self.ws_url = self.url.replace("http://", "ws://")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def kill(self):
        self.proc.kill()
        self.proc.wait()


def token_artifacts():
    import json
    abi = json.loads((CONTRACTS / "Token.abi.json").read_text())
    bytecode = (CONTRACTS / "Token.bin").read_text().strip()
    return abi, bytecode
