"""Start the real `lanes` binary on a free port and hand tests its URL.

`LanesProcess` starts `.build/release/lanes --port 0 …`, waits for the `Listening on` line the
node always prints, and stops it with SIGTERM (or SIGKILL, for the crash tests)."""
import os
import pathlib
import signal
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANES = os.environ.get("LANES_BIN", str(ROOT / ".build" / "release" / "lanes"))
CONTRACTS = pathlib.Path(__file__).resolve().parent / "contracts"
MNEMONIC = "test test test test test test test test test test test junk"


class LanesProcess:
    def __init__(self, *args, timeout=60):
        import threading
        self.args = [LANES, "--port", "0", *args]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        # A thread reads stdout line by line (select on a buffered pipe misses lines already read
        # into Python's buffer, as soon as the banner is more than one line).
        self.output = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("Listening on ", timeout)
        if line is None:
            self.proc.kill()
            raise RuntimeError("lanes did not start: " + "".join(self.output) + self.proc.stderr.read())
        self.url = line.split("Listening on ", 1)[1].strip()
        self.ws_url = self.url.replace("http://", "ws://")

    def _read(self):
        for line in self.proc.stdout:
            with self._changed:
                self.output.append(line)
                self._changed.notify_all()
        with self._changed:
            self.output.append(None)  # end of output
            self._changed.notify_all()

    def wait_for(self, needle, timeout=20, start=0):
        """The first output line from `start` on containing `needle`, or None after `timeout` seconds."""
        deadline = time.time() + timeout
        index = start
        with self._changed:
            while True:
                while index < len(self.output):
                    line = self.output[index]
                    if line is None:
                        return None
                    if needle in line:
                        return line
                    index += 1
                left = deadline - time.time()
                if left <= 0:
                    return None
                self._changed.wait(left)

    def text(self):
        """Everything printed so far."""
        with self._changed:
            return "".join(line for line in self.output if line is not None)

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
