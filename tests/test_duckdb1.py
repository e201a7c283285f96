"""The built file opens in DuckDB 1.x, not only in the 2.x the app runs on.

The set-up installs DuckDB 1.5.x from PyPI into its own venv (.venv/duckdb1, git-ignored with .venv/)
once; later runs reuse it. Then a separate process with that DuckDB opens the test's built file and
counts the rows of every table, and the counts must equal what the app's DuckDB reads.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from channel_conflict.build import STORAGE_VERSION
from channel_conflict.paths import ROOT

DUCKDB1 = "1.5.6"
VENV = ROOT / ".venv" / "duckdb1"
MARKER = VENV / f".duckdb-{DUCKDB1}"

COUNT_ALL = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
names = [r[0] for r in con.execute(
    "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
print(json.dumps({"version": duckdb.__version__,
                  "counts": {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names},
                  "data_version": con.execute("SELECT version FROM data_version").fetchone()[0]}))
"""


def _ensure_duckdb1() -> str:
    python = VENV / "bin" / "python"
    if MARKER.exists() and python.exists():
        return str(python)
    # Built beside the final path and renamed into place, so an interrupted set-up is never reused.
    tmp = VENV.with_name(f"duckdb1.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp)], check=True)
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "--target", str(next((tmp / "lib").glob("python*")) / "site-packages"),
                           f"duckdb=={DUCKDB1}"], capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.fail(f"could not install duckdb=={DUCKDB1} from the package registry: {done.stderr[-500:]}")
    (tmp / MARKER.name).touch()
    shutil.rmtree(VENV, ignore_errors=True)
    tmp.rename(VENV)
    return str(python)


@pytest.fixture(scope="module")
def duckdb1_python() -> str:
    return _ensure_duckdb1()


def test_duckdb_1x_opens_the_built_file_with_the_same_rows(duckdb1_python, built_db):
    out = subprocess.run([duckdb1_python, "-c", COUNT_ALL, str(built_db)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["version"].startswith("1.5.")
    with duckdb.connect(str(built_db), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
        ours = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        version = con.execute("SELECT version FROM data_version").fetchone()[0]
    assert "market_share" in ours and "data_version" in ours
    assert seen["counts"] == ours
    assert seen["data_version"] == version


def test_the_file_says_its_storage_version(built_db):
    with duckdb.connect(str(built_db), read_only=True) as con:
        assert con.execute("SELECT storage_version FROM data_version").fetchone()[0] == STORAGE_VERSION
    # DuckDB's header: storage number 64 is what DuckDB 1.x reads (2.0's own default is 69).
    assert int.from_bytes(built_db.read_bytes()[12:20], "little") == 64
