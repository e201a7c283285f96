"""`streamlit run` on loopback, started the way `make run` starts it, with its memory readable.

The one server the bench and the tests both start (tests/conftest.py builds its fixtures on it)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from channel_conflict.paths import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB, from /proc/<pid>/status (None if unreadable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class Server:
    def __init__(self, app: str, db: Path, log_dir: Path, port: int | None = None, extra_env: dict | None = None,
                 plain: bool = False):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(log_dir / f"server-{Path(app).stem}-{self.port}.log", "w")
        # The app appends each run's server time here (channel_conflict.ui.page): the bench reports
        # server work apart from the browser's.
        self.timings = log_dir / f"timings-{Path(app).stem}-{self.port}.jsonl"
        self.timings.write_text("")
        env = dict(os.environ, DASHBOARD_DB=str(db), DASHBOARD_TIMINGS=str(self.timings), **(extra_env or {}))
        self.started = time.perf_counter()
        # The dashboard starts as `make run` starts it (channel_conflict.serve: streamlit run, warmed up);
        # any other script (the bare reference page), or `plain`, with a bare `streamlit run`.
        warmed = Path(app).name == "dashboard.py" and not plain
        launch = ["-m", "channel_conflict.serve"] if warmed else ["-m", "streamlit", "run", app]
        self.proc = subprocess.Popen(
            [sys.executable, *launch, "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # The server's output goes through this process line by line into the log file, so a test can
        # wait for a line (wait_for_log) on a condition, not by re-reading the file on a timer.
        self._text: list[str] = []
        self._new_line = threading.Condition()
        self._reader = threading.Thread(target=self._copy_output, name=f"log-{self.port}", daemon=True)
        self._reader.start()

    def _copy_output(self) -> None:
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", errors="replace")
            self.log.write(line)
            self.log.flush()
            with self._new_line:
                self._text.append(line)
                self._new_line.notify_all()

    def timing_lines(self, start: int = 0) -> tuple[list[dict], int]:
        """Run timings the app wrote since byte `start`, and the new end offset."""
        import json

        data = self.timings.read_bytes()
        return [json.loads(x) for x in data[start:].decode().splitlines() if x.strip()], len(data)

    def wait_ready(self, timeout: float = 60) -> float:
        """Seconds from start until /_stcore/health answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.03)
        raise TimeoutError(f"streamlit did not become healthy; see {self.log.name}")

    def log_text(self) -> str:
        with self._new_line:
            return "".join(self._text)

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        """Block until the server has printed `text` (woken by each new line, no polling)."""
        with self._new_line:
            found = self._new_line.wait_for(lambda: text in "".join(self._text) or self.proc.poll() is not None,
                                            timeout)
        if not found or text not in self.log_text():
            raise TimeoutError(f"no '{text}' from the server in {timeout:.0f} s; see {self.log.name}")

    def rss_mb(self) -> float | None:
        return rss_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(10)  # the copy ends at the pipe's end, once the server has exited
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
