"""Read-only access to the DuckDB file, with every failure turned into a DataError
that says what is wrong and how to fix it. No Streamlit here: the UI layer caches."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from . import queries
from .schema import TABLES


@dataclass
class DataError(Exception):
    """A problem with the database file that the user can fix."""

    title: str
    detail: str
    fix: str

    def __str__(self) -> str:
        return f"{self.title}: {self.detail} {self.fix}"


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open `path` read-only. Never creates a file: a missing path is an error."""
    if not path.exists():
        raise DataError("Database not found", f"There is no file at {path}.",
                        "Run `make data` to build it from data/csv/, or point DASHBOARD_DB at an existing DuckDB file.")
    if path.is_dir():
        raise DataError("Database path is a folder", f"{path} is a directory, not a DuckDB file.",
                        "Point DASHBOARD_DB at the .duckdb file itself.")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise DataError("Database is locked", f"Another process is writing to {path}, so it cannot be read now.",
                            "Wait for that process (for example a running `make data`) to finish, or close it, "
                            "then reload the page.") from None
        if "not a valid DuckDB database" in msg or "database file" in msg.lower() or "Serialization" in msg:
            raise DataError("Not a DuckDB database", f"{path} exists but is not a valid DuckDB database file.",
                            "Rebuild it with `make data` or point DASHBOARD_DB at a DuckDB file built by this project.") from None
        raise DataError("Database cannot be opened", f"{path}: {msg.splitlines()[0]}",
                        "Rebuild it with `make data`.") from None


def schema_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables or columns the app needs that the file lacks, as readable sentences."""
    found: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall():
        found.setdefault(table, set()).add(column)
    problems = []
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
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise DataError("Database schema is incomplete", f"{path}: {shown}.",
                        "Rebuild it with `make data`, or add the missing tables/columns (see docs/schema in SCHEMA.md).")


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run a named query with bound parameters on its own cursor (safe across threads)."""
    cur = con.cursor()
    try:
        return cur.execute(queries.sql(name), params or {}).df()
    except duckdb.Error as exc:
        raise DataError("Query failed", f"The query `{name}` failed on this database: {str(exc).splitlines()[0]}",
                        "The file may be from an older version of the schema: rebuild it with `make data`.") from None
    finally:
        cur.close()
