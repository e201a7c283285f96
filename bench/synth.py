"""A synthetic DuckDB file N times larger than the real one, with the same schema and keys.

Every table is copied with its own CREATE TABLE (primary key and NOT NULL included), then its
rows are replicated N times. Copy 0 is the original row; copy i > 0 prefixes with `i~` one text
key column (the first key column that is not a reference to another table: quarters, ids,
names) and every other text column whose values are unique in the original (provider names,
source URLs, event titles; a prefix, so even first words stay distinct), so primary keys and
natural keys still hold and references still point at existing rows. A filtered query
(firm = 'Synergy') returns N times the rows: cost grows as it would with more data.
"""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from channel_conflict.schema import BY_NAME

TEXT_TYPES = ("VARCHAR",)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def varied_key(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The key column whose value varies between copies, or None if the table has no key."""
    keys = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE database_name = 'src' AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]).fetchone()
    if not keys:
        return None
    types = dict(con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'src' AND table_name = ?",
        [table]).fetchall())
    spec = BY_NAME.get(table)
    for col in keys[0]:
        is_ref = spec is not None and any(c.name == col and c.references for c in spec.columns)
        if types.get(col) in TEXT_TYPES and not is_ref:
            return col
    raise ValueError(f"table {table} has no text key column to vary; cannot replicate it without breaking its key")


def unique_text_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Text columns (not references) whose values are all distinct and non-null in the source table."""
    spec = BY_NAME.get(table)
    refs = {c.name for c in spec.columns if c.references} if spec else set()
    cols = [c for c, t in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'src' AND table_name = ? "
        "ORDER BY column_index", [table]).fetchall() if t in TEXT_TYPES and c not in refs]
    if not cols:
        return []
    n = con.execute(f"SELECT count(*) FROM src.main.{_q(table)}").fetchone()[0]
    if n < 2:
        return []
    counts = con.execute("SELECT " + ", ".join(f"count(DISTINCT {_q(c)})" for c in cols)
                         + f" FROM src.main.{_q(table)}").fetchone()
    return [c for c, k in zip(cols, counts, strict=True) if k == n]


def generate(src: Path, out: Path, factor: int = 1000) -> dict:
    """Write `out` (replaced if present) with every table of `src` replicated `factor` times.

    Returns {"seconds": ..., "rows": {table: n}, "varied": {table: [columns]}}.
    """
    if factor < 1:
        raise ValueError("factor must be at least 1")
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    for f in (out, Path(str(out) + ".wal")):
        f.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    try:
        con.execute(f"ATTACH '{src}' AS src (READ_ONLY)")
        tables = con.execute(
            "SELECT table_name, sql FROM duckdb_tables() WHERE database_name = 'src' AND schema_name = 'main' "
            "ORDER BY table_name").fetchall()
        rows, varied = {}, {}
        for table, ddl in tables:
            con.execute(ddl)  # unqualified: creates the table in `out`, with its constraints
            cols = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'src' AND table_name = ? "
                "ORDER BY column_index", [table]).fetchall()]
            key = varied_key(con, table)
            vary = ([key] if key else []) + [c for c in unique_text_columns(con, table) if c != key]
            varied[table] = vary
            select = ", ".join(
                f"CASE WHEN r.i = 0 THEN t.{_q(c)} ELSE r.i || '~' || t.{_q(c)} END" if c in vary else f"t.{_q(c)}"
                for c in cols)
            con.execute(f"INSERT INTO main.{_q(table)} SELECT {select} FROM src.main.{_q(table)} AS t, "
                        f"range({factor}) AS r(i)")
            rows[table] = con.execute(f"SELECT count(*) FROM main.{_q(table)}").fetchone()[0]
        con.execute("DETACH src")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {"seconds": round(time.perf_counter() - started, 2), "rows": rows, "varied": varied, "factor": factor}
