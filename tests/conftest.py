"""Shared fixtures: a freshly built DB, a running `streamlit run`, and Debian's Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.server import Server, free_port  # noqa: F401  (free_port: used by test modules)
from channel_conflict.build import build
from channel_conflict.paths import CSV_DIR, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The project's CSVs built into a DB of the tests' own (never the user's data/market.duckdb)."""
    out = tmp_path_factory.mktemp("db") / "market.duckdb"
    build(CSV_DIR, out)
    return out


@pytest.fixture(scope="module")
def q(built_db):
    """The named queries on the tests' DB, through one read-only connection per test module."""
    from channel_conflict import db

    con = db.open_readonly(built_db)
    yield lambda name, **params: db.run(con, name, params)
    con.close()


@pytest.fixture(scope="session")
def csv_copy_factory(tmp_path_factory):
    """A writable copy of data/csv/ to break in a test."""

    def make() -> Path:
        dst = tmp_path_factory.mktemp("csv")
        for f in CSV_DIR.glob("*.csv"):
            shutil.copy(f, dst / f.name)
        return dst

    return make


@pytest.fixture(scope="session")
def inputs(built_db):
    """The overlap model's inputs loaded from the test DB."""
    from channel_conflict import db
    from channel_conflict.model import load_inputs

    con = db.open_readonly(built_db)
    try:
        return load_inputs(lambda name: db.run(con, name))
    finally:
        con.close()


@pytest.fixture
def use_db(monkeypatch, built_db):
    """Point the app at the test DB for AppTest runs."""
    monkeypatch.setenv("DASHBOARD_DB", str(built_db))
    return built_db


class AppServer(Server):
    """`streamlit run dashboard.py` on loopback, as `make run` starts it (the bench's server, logs in
    test-artifacts/)."""

    def __init__(self, db: Path, port: int | None = None, extra_env: dict | None = None, plain: bool = False):
        super().__init__("dashboard.py", db, ARTIFACTS, port=port, extra_env=extra_env, plain=plain)


def browser_available() -> bool:
    return CHROMIUM.exists()


def require_browser():
    if not browser_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing: apt-get install -y chromium")
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")


@pytest.fixture
def start_server():
    """A factory for servers of one test's own (a DB file of its choosing, or a bare `streamlit run`
    with `plain=True`); each is stopped after the test."""
    servers: list[AppServer] = []

    def start(db: Path, plain: bool = False, extra_env: dict | None = None) -> AppServer:
        ARTIFACTS.mkdir(exist_ok=True)
        server = AppServer(db, plain=plain, extra_env=extra_env)
        servers.append(server)
        server.wait_ready()
        return server

    yield start
    for s in servers:
        s.stop()


@pytest.fixture(scope="session")
def app_server(built_db):
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(built_db)
    server.wait_ready()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_browser()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


@pytest.fixture(scope="session")
def screenshots() -> Path:
    d = ARTIFACTS / "screenshots"
    d.mkdir(parents=True, exist_ok=True)
    return d


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@contextmanager
def held_write_lock(path: Path):
    """Another process holds `path` open for writing (DuckDB's file lock) until the block ends.

    The holder waits on its stdin, not a clock: closing the pipe releases it, however slow the machine."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys\n"
         f"con = duckdb.connect({str(path)!r})\n"
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        try:
            holder.wait(10)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()
