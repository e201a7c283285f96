"""Read-only access to the DuckDB file, with every failure turned into a DataError
that says what is wrong and how to fix it. No Streamlit here: the UI layer caches.

The file is data, not code: it is attached read-only to a fresh in-memory DuckDB whose
external access (files, network) is then switched off and the configuration locked, with no
extension autoloading. A view that reads a file or a URL cannot run, and the schema check names
it. Each open is its own database instance, so a file replaced on disk is what the next open
reads (DuckDB's per-path instance cache would otherwise hand back the old file).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from . import queries
from .schema import TABLES

log = logging.getLogger("channel_conflict")
ALIAS = "dashboard_db"
CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}


@dataclass
class DataError(Exception):
    """A problem with the database file that the user can fix.

    `title`, `detail` and `fix` are shown to visitors and name the file only; `path` is the
    full path, for the server log and the command line."""

    title: str
    detail: str
    fix: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.title}: {self.detail} {self.fix}"


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open `path` read-only with no external access. Never creates a file: a missing path is an error."""
    path = Path(path)
    name, full = path.name, str(path)
    if not path.exists():
        raise DataError("Database not found", f"There is no file named {name}.",
                        "Run `make data` to build it from data/csv/, or point DASHBOARD_DB at an existing DuckDB file.",
                        full)
    if path.is_dir():
        raise DataError("Database path is a folder", f"{name} is a directory, not a DuckDB file.",
                        "Point DASHBOARD_DB at the .duckdb file itself.", full)
    con = duckdb.connect(":memory:", config=CONFIG)
    try:
        quoted = str(path.absolute()).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY, TYPE duckdb)")
        con.execute(f"USE {ALIAS}")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        msg = str(exc)
        log.warning("cannot open database %s: %s", full, msg.splitlines()[0] if msg else type(exc).__name__)
        if "lock" in msg.lower():
            raise DataError("Database is locked", f"Another process is writing to {name}, so it cannot be read now.",
                            "Wait for that process (for example a running `make data`) to finish, or close it, "
                            "then reload the page.", full) from None
        if "not a valid DuckDB database" in msg or "database file" in msg.lower() or "Serialization" in msg:
            raise DataError("Not a DuckDB database", f"{name} exists but is not a valid DuckDB database file.",
                            "Rebuild it with `make data` or point DASHBOARD_DB at a DuckDB file built by this project.",
                            full) from None
        raise DataError("Database cannot be opened", f"{name}: {_first_line(msg, full, name)}",
                        "Rebuild it with `make data`.", full) from None
    return con


def _first_line(msg: str, full: str, name: str) -> str:
    """An engine message's first line, with any server path cut down to the file name."""
    line = msg.splitlines()[0] if msg else "unknown error"
    for p in {full, str(Path(full).absolute()), str(Path(full).resolve())}:
        line = line.replace(p, name)
    return line


def _cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor on the attached file (a cursor starts in the in-memory database, not the file)."""
    cur = con.cursor()
    cur.execute(f"USE {ALIAS}")
    return cur


def schema_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables or columns the app needs that the file lacks, and views that read files or the
    network, as readable sentences."""
    found: dict[str, set[str]] = {}
    cur = _cursor(con)
    try:
        for table, column in cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_catalog = current_database()"
        ).fetchall():
            found.setdefault(table, set()).add(column)
        views = [v for (v,) in cur.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
            "ORDER BY view_name").fetchall()]
        problems = []
        for view in views:
            try:
                cur.execute(f'SELECT * FROM "{view.replace(chr(34), chr(34) * 2)}" LIMIT 0').fetchall()
            except duckdb.Error as exc:
                what = ("reads a file or the network" if isinstance(exc, duckdb.PermissionException)
                        or "disabled by configuration" in str(exc) else "cannot be read")
                problems.append(f"view `{view}` {what}, which the app does not allow "
                                "(a DuckDB file here must hold data, not queries of other sources)")
    finally:
        cur.close()
    for table in TABLES:
        if table.name not in found:
            problems.append(f"table `{table.name}` is missing")
            continue
        for col in table.columns:
            if col.name not in found[table.name]:
                problems.append(f"table `{table.name}` lacks column `{col.name}`")
    return problems


def check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    problems = schema_problems(con)
    if problems:
        log.warning("database %s fails the schema check: %s", path, "; ".join(problems))
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise DataError("Database schema is incomplete", f"{Path(path).name}: {shown}.",
                        "Rebuild it with `make data`, or add the missing tables/columns (see docs/schema in SCHEMA.md).",
                        str(path))


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run a named query with bound parameters on its own cursor (safe across threads)."""
    try:
        cur = _cursor(con)
    except duckdb.Error as exc:
        raise DataError("Query failed", f"The database connection is closed ({str(exc).splitlines()[0]}).",
                        "Reload the page.") from None
    try:
        return cur.execute(queries.sql(name), params or {}).df()
    except duckdb.Error as exc:
        if isinstance(exc, duckdb.PermissionException):
            raise DataError("Query failed", f"The query `{name}` tried to read a file or the network, "
                            "which the app does not allow.", "Use a DuckDB file built by `make data`.") from None
        raise DataError("Query failed", f"The query `{name}` failed on this database: {str(exc).splitlines()[0]}",
                        "The file may be from an older version of the schema: rebuild it with `make data`.") from None
    finally:
        cur.close()
