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

from . import i18n, queries
from .schema import TABLES

log = logging.getLogger("channel_conflict")
ALIAS = "dashboard_db"
CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}


@dataclass
class DataError(Exception):
    """A problem with the database file that the user can fix.

    `title`, `detail` and `fix` are shown to visitors and name the file only (i18n.Message: English as
    str, the page's language through i18n.say); `path` is the full path, for the server log and the CLI."""

    title: str
    detail: str
    fix: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.title}: {self.detail} {self.fix}"


def message(key: str, **values) -> i18n.Message:
    """A [data_error] sentence, said in the page's language where it is shown (ui.page)."""
    return i18n.Message(f"data_error.{key}", **values)


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open `path` read-only with no external access. Never creates a file: a missing path is an error."""
    path = Path(path)
    name, full = path.name, str(path)
    if not path.exists():
        raise DataError(message("not_found_title"), message("not_found", name=name), message("not_found_fix"), full)
    if path.is_dir():
        raise DataError(message("folder_title"), message("folder", name=name), message("folder_fix"), full)
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
            raise DataError(message("locked_title"), message("locked", name=name), message("locked_fix"),
                            full) from None
        if "not a valid DuckDB database" in msg or "database file" in msg.lower() or "Serialization" in msg:
            raise DataError(message("invalid_title"), message("invalid", name=name), message("invalid_fix"),
                            full) from None
        raise DataError(message("cannot_open_title"), message("named", name=name, reason=_first_line(msg, full, name)),
                        message("rebuild_fix"), full) from None
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
        raise DataError(message("schema_title"), message("named", name=Path(path).name, reason=shown + "."),
                        message("schema_fix"), str(path))


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run a named query with bound parameters on its own cursor (safe across threads)."""
    try:
        cur = _cursor(con)
    except duckdb.Error as exc:
        raise DataError(message("query_title"), message("closed", reason=str(exc).splitlines()[0]),
                        message("reload_fix")) from None
    try:
        return cur.execute(queries.sql(name), params or {}).df()
    except duckdb.Error as exc:
        if isinstance(exc, duckdb.PermissionException):
            raise DataError(message("query_title"), message("query_io", name=name), message("query_io_fix")) from None
        raise DataError(message("query_title"), message("query_failed", name=name, reason=str(exc).splitlines()[0]),
                        message("query_failed_fix")) from None
    finally:
        cur.close()
