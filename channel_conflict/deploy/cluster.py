"""`make cluster` / `make cluster-stop`: N Streamlit replicas on loopback ports, Debian's nginx in
front of them (websocket upgrade, sticky sessions by cookie), and a throwaway PostgreSQL for the
shared scenario store.

Everything it starts is recorded in a state directory ($CLUSTER_STATE, else
<tmp>/channel-conflict-cluster-<port>): cluster.json (what runs where, with pids), the generated
nginx.conf, logs and the Postgres data directory. `stop` stops exactly the processes recorded
there, after checking each pid still runs the command it started (a pid can be reused), never by
name. Each replica gets its own local scenario folder, as on separate machines, so a scenario
saved on one replica opens on another only through the shared store (SCENARIO_STORE).

    python -m channel_conflict.deploy.cluster start [--replicas 2] [--port 8600]
    python -m channel_conflict.deploy.cluster stop [--port 8600]
    python -m channel_conflict.deploy.cluster status [--port 8600]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Container
from pathlib import Path

from ..paths import ROOT
from ..serve import health

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.template"
COOKIE = "cc_route"
STATE_ENV = "CLUSTER_STATE"
STORE_ENV = "SCENARIO_STORE"
SCENARIOS_ENV = "DASHBOARD_SCENARIOS_DIR"
DEFAULT_PORT = 8600
DEFAULT_REPLICAS = 2
NGINX = ("/usr/sbin/nginx", "nginx")


class ClusterError(Exception):
    """The cluster cannot start or stop; the message says why and what to do."""


class PortTaken(ClusterError):
    """Another process bound a port between our check and the server's own bind."""


def state_dir(port: int) -> Path:
    raw = os.environ.get(STATE_ENV, "").strip()
    return Path(raw).expanduser() if raw else Path(tempfile.gettempdir()) / f"channel-conflict-cluster-{port}"


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(exclude: Container[int] = ()) -> int:
    """A free loopback port below the ephemeral range. A port the kernel hands out for outgoing
    connections (bind to 0) can be taken by the health poll's own client socket before the server
    binds it: on loopback a connect to a port nobody listens on can connect to itself."""
    for _ in range(200):
        port = random.randrange(20000, 32000)
        if port not in exclude and port_free(port):
            return port
    raise ClusterError("no free port between 20000 and 32000 on 127.0.0.1")


def log_tail(path: Path, lines: int = 8) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def nginx_bin() -> str | None:
    for cand in NGINX:
        found = shutil.which(cand) or (cand if os.access(cand, os.X_OK) else None)
        if found:
            return found
    return None


def pg_bindir() -> Path | None:
    """Debian keeps the server programs in /usr/lib/postgresql/<major>/bin (not on PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def render_nginx(port: int, replica_ports: list[int], state: Path, listen: str = "127.0.0.1") -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"@SERVERS@": servers, "@STATE@": str(state), "@PORT@": str(port), "@LISTEN@": listen,
                       "@COOKIE@": COOKIE}.items():
        text = text.replace(key, value)
    return text


def check_nginx_conf(conf: Path, state: Path) -> None:
    """`nginx -t` on a generated conf; raises ClusterError with nginx's own message."""
    binary = nginx_bin()
    if not binary:
        raise ClusterError("nginx is not installed: apt-get install -y nginx")
    (state / "nginx-tmp").mkdir(parents=True, exist_ok=True)
    r = subprocess.run([binary, "-t", "-q", "-c", str(conf), "-p", str(state)], capture_output=True, text=True)
    if r.returncode:
        raise ClusterError(f"nginx -t rejected {conf}: {r.stderr.strip()}")


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return []
    return [] if state == "Z" else raw.decode(errors="replace").split("\0")


def alive(pid: int, marker: str) -> bool:
    """True when pid runs and one argument of its command line is, or contains, `marker` (so a
    reused pid is not taken for ours)."""
    return any(marker in part for part in _cmdline(pid))


def exited(pid: int, marker: str) -> bool:
    """Whether a process this one started has ended. Asked of the kernel (waitpid), not of its
    command line: a child read straight after Popen can show an empty one while its exec completes,
    which `alive` takes for gone (that failed a CI run: "nginx exited while starting", with nothing
    in its logs). A pid that is not our child falls back to `alive`."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return not alive(pid, marker)
    return done == pid


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def stop_pid(pid: int, marker: str, timeout: float = 10) -> bool:
    """SIGTERM, then SIGKILL after `timeout`; only if the pid is still the process we started."""
    if not alive(pid, marker):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not alive(pid, marker):
            return True
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    _reap(pid)
    return True


class Cluster:
    def __init__(self, port: int = DEFAULT_PORT, replicas: int = DEFAULT_REPLICAS, state: Path | None = None,
                 db: Path | None = None):
        if replicas < 1:
            raise ClusterError("--replicas must be at least 1")
        self.port, self.replicas = port, replicas
        self.state = state or state_dir(port)
        self.db = db
        self.record = self.state / "cluster.json"
        self.url = f"http://127.0.0.1:{port}"

    # --- the record of what runs --------------------------------------------------------------
    def load(self) -> dict:
        try:
            return json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save(self, info: dict) -> None:
        tmp = self.record.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, indent=2), encoding="utf-8")
        os.replace(tmp, self.record)

    def running(self) -> list[str]:
        info = self.load()
        out = [f"replica {r['port']}" for r in info.get("replicas", []) if alive(r["pid"], r["marker"])]
        if info.get("nginx") and alive(info["nginx"]["pid"], info["nginx"]["marker"]):
            out.append(f"nginx {info['port']}")
        pg = info.get("postgres")
        if pg and self._pg_pid(pg):
            out.append(f"postgres {pg['port']}")
        return out

    # --- start --------------------------------------------------------------------------------
    def start(self, timeout: float = 60) -> dict:
        if self.running():
            raise ClusterError(f"a cluster is already running from {self.state}: {', '.join(self.running())}; "
                               "stop it first (make cluster-stop)")
        if not port_free(self.port):
            raise ClusterError(f"port {self.port} is taken; choose another with PORT=...")
        binary = nginx_bin()
        if not binary:
            raise ClusterError("nginx is not installed: apt-get install -y nginx (make cluster does it as root)")
        self.state.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state, 0o755)  # the postgres user must reach its data directory inside
        info: dict = {"port": self.port, "url": self.url, "state": str(self.state), "replicas": []}
        self._save(info)
        try:
            info["postgres"], store_url = self._start_postgres(exclude={self.port})
            self._save(info)
            # One cookie secret for every replica: Streamlit signs its XSRF cookie with it, so a reader
            # moved to another replica (failover) keeps a valid one.
            secret = self.state / "cookie-secret"
            if not secret.exists():
                secret.write_text(secrets.token_urlsafe(32))
                os.chmod(secret, 0o600)
            self.cookie_secret = secret.read_text().strip()
            taken = {self.port, info["postgres"]["port"]}
            for i in range(self.replicas):
                port = self.port + 1 + i
                if port in taken or not port_free(port):
                    port = free_port(taken)
                taken.add(port)
                info["replicas"].append(self._start_replica(i + 1, port, store_url))
                self._save(info)
            deadline = time.monotonic() + timeout
            for r in info["replicas"]:
                self._wait(f"http://127.0.0.1:{r['port']}", r, deadline, f"replica-{r['n']}.log")
            conf = self.state / "nginx.conf"
            conf.write_text(render_nginx(self.port, [r["port"] for r in info["replicas"]], self.state))
            info["nginx"] = self._start_nginx(binary, conf)
            self._save(info)
            self._wait(self.url, info["nginx"], deadline, "nginx-error.log")
        except BaseException:
            self.stop()
            raise
        return info

    def _start_nginx(self, binary: str, conf: Path) -> dict:
        check_nginx_conf(conf, self.state)
        log = open(self.state / "nginx-stdout.log", "ab")
        proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(self.state), "-g", "daemon off;"],
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        return {"pid": proc.pid, "marker": str(conf)}

    def _wait(self, url: str, proc: dict, deadline: float, log: str) -> None:
        while time.monotonic() < deadline:
            if exited(proc["pid"], proc["marker"]):
                tail = log_tail(self.state / log)
                error = PortTaken if "Address already in use" in tail else ClusterError
                # The log's own words: whoever reads the error (a CI log) may never see the file.
                raise error(f"{url} exited while starting; {self.state / log} ends:\n{tail}")
            if health(url):
                return
            time.sleep(0.1)
        raise ClusterError(f"{url}/_stcore/health did not answer in time; see {self.state / log}")

    def _start_replica(self, n: int, port: int, store_url: str) -> dict:
        folder = self.state / f"replica-{n}" / "scenarios"
        folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, **{SCENARIOS_ENV: str(folder), STORE_ENV: store_url,
                                  "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret})
        if self.db:
            env["DASHBOARD_DB"] = str(self.db)
        log = open(self.state / f"replica-{n}.log", "ab")
        # The same flags as `make run`, on a loopback port of its own.
        proc = subprocess.Popen(
            [sys.executable, "-m", "channel_conflict.serve", "--server.address", "127.0.0.1",
             f"--server.port={port}", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        # The marker is one argument of its command line, so a reused pid is never taken for it.
        return {"n": n, "port": port, "pid": proc.pid, "marker": f"--server.port={port}"}

    # --- PostgreSQL ---------------------------------------------------------------------------
    def _as_pg(self) -> list[str]:
        """Postgres refuses to run as root: as root, run its programs as the postgres user."""
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _start_postgres(self, exclude: Container[int]) -> tuple[dict, str]:
        bindir = pg_bindir()
        if not bindir:
            raise ClusterError("PostgreSQL is not installed: apt-get install -y postgresql "
                               "(make cluster does it as root)")
        pg = self.state / "postgres"
        data = pg / "data"
        pg.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(pg, "postgres", "postgres")
        os.chmod(pg, 0o700)
        secret = self.state / "postgres-password"  # 0600; the replicas get it in SCENARIO_STORE
        fresh = not (data / "PG_VERSION").exists()
        if fresh:
            secret.write_text(secrets.token_urlsafe(18))
            os.chmod(secret, 0o600)
            r = subprocess.run([*self._as_pg(), str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E",
                                "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-instructions"],
                               capture_output=True, text=True)
            if r.returncode:
                raise ClusterError(f"initdb failed (the postgres user must be able to reach {data}): "
                                   f"{r.stderr.strip()}")
        port = free_port(exclude)
        # Unix socket in the private (0700) postgres/ directory, TCP on loopback only.
        r = subprocess.run([*self._as_pg(), str(bindir / "pg_ctl"), "-D", str(data), "-l", str(pg / "postgres.log"),
                            "-w", "-t", "30", "-o", f"-p {port} -k {pg} -c listen_addresses=127.0.0.1", "start"],
                           capture_output=True, text=True)
        if r.returncode:
            raise ClusterError(f"PostgreSQL did not start: {r.stderr.strip() or r.stdout.strip()}; "
                               f"see {pg / 'postgres.log'}")
        password = secret.read_text().strip()
        if fresh:
            for stmt in (f"CREATE ROLE dashboard LOGIN PASSWORD '{password}'",
                         "CREATE DATABASE scenarios OWNER dashboard"):
                subprocess.run([str(bindir / "psql"), "-h", str(pg), "-p", str(port), "-U", "postgres", "-d",
                                "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", stmt], check=True,
                               capture_output=True)
        info = {"port": port, "data": str(data), "bindir": str(bindir)}
        return info, f"postgresql://dashboard:{password}@127.0.0.1:{port}/scenarios"

    def _pg_pid(self, pg: dict) -> int | None:
        try:
            pid = int(Path(pg["data"], "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if alive(pid, "postgres") else None

    # --- stop ---------------------------------------------------------------------------------
    def kill_replica(self, n: int) -> None:
        """SIGKILL one replica (a crash, for the failover test)."""
        r = next(r for r in self.load()["replicas"] if r["n"] == n)
        if alive(r["pid"], r["marker"]):
            os.kill(r["pid"], signal.SIGKILL)
            _reap(r["pid"])

    def stop(self) -> list[str]:
        info = self.load()
        stopped = []
        if info.get("nginx") and stop_pid(info["nginx"]["pid"], info["nginx"]["marker"]):
            stopped.append("nginx")
        for r in info.get("replicas", []):
            if stop_pid(r["pid"], r["marker"]):
                stopped.append(f"replica {r['port']}")
        pg = info.get("postgres")
        pg_pid = pg and self._pg_pid(pg)
        if pg_pid:
            r = subprocess.run([*self._as_pg(), str(Path(pg["bindir"]) / "pg_ctl"), "-D", pg["data"], "-m", "fast",
                                "-w", "-t", "60", "stop"], capture_output=True, text=True)
            if r.returncode and alive(pg_pid, "postgres"):
                raise ClusterError(f"PostgreSQL (pid {pg_pid}) did not stop: {r.stderr.strip() or r.stdout.strip()}")
            stopped.append("postgres")
        if self.record.exists():
            self.record.unlink()
        return stopped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m channel_conflict.deploy.cluster", description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["start", "stop", "status"])
    ap.add_argument("--port", type=int, default=DEFAULT_PORT, help="nginx's port on 127.0.0.1 (default 8600)")
    ap.add_argument("--replicas", type=int, default=DEFAULT_REPLICAS, help="Streamlit replicas (default 2)")
    ap.add_argument("--state", type=Path, help="state directory (default $CLUSTER_STATE or a folder in /tmp)")
    a = ap.parse_args(argv)
    cluster = Cluster(a.port, a.replicas, a.state)
    try:
        if a.command == "start":
            info = cluster.start()
            print(f"cluster up: {cluster.url}/overlap  (nginx -> replicas on "
                  f"{', '.join(str(r['port']) for r in info['replicas'])}; PostgreSQL on {info['postgres']['port']})")
            print(f"state, logs and pids: {cluster.state}; stop with: make cluster-stop")
        elif a.command == "stop":
            stopped = cluster.stop()
            print(f"stopped: {', '.join(stopped)}" if stopped else f"nothing from {cluster.state} was running")
        else:
            running = cluster.running()
            print(f"running: {', '.join(running)}" if running else "not running")
            return 0 if running else 3
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
