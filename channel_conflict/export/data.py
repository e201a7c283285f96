"""The whole data set to take away: every table as CSV and Parquet, a data dictionary, the DB file.

    python -m channel_conflict export --data --out DIR [--db PATH]

The same files go into DIR (the command) or one ZIP (the Sources page's download), side by side:

    README.txt                what this is, the data version, how to open it
    dictionary.csv            table, column, type, unit, meaning, allowed_values, key
    <table>.csv               every table, in the format of data/csv/ (the build reads DIR back)
    <table>.parquet           the same rows with their types
    market.duckdb             the DuckDB file itself (storage version readable by DuckDB 1.1 and later)

DIR is checked and written the way every export writes (channel_conflict/export/outdir.py): before
any work, no symlink followed, no file replaced that an earlier data export did not write (--force).

dictionary.csv is generated from channel_conflict/schema.py (units and meanings in COLUMN_META,
allowed values from each column's own checks), so it cannot drift from the tables.
No Streamlit here.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb
import pyarrow.parquet as pq

from ..schema import BY_NAME, DATA_VERSION, Table, allowed_values, column_meta

DB_NAME = "market.duckdb"
README_NAME = "README.txt"
DICTIONARY_NAME = "dictionary.csv"
MANIFEST = ".channel-conflict-data"  # names this command wrote, so a re-run may replace them and nothing else
DICTIONARY_COLUMNS = ("table", "column", "type", "unit", "meaning", "allowed_values", "key")
README = """Data from the channel-conflict dashboard
=======================================
Data version: {version}
Tables:       {tables} ({rows} rows)

dictionary.csv   every column: type, unit, meaning, allowed values, whether it is in the key
<table>.csv      one file per table, in the format of the project's data/csv/
<table>.parquet  the same rows with their types
{db_name}    the DuckDB file (opens in DuckDB 1.1 and later, 2.x included):
                 duckdb.connect("{db_name}", read_only=True)

data_version.csv says which revision of the CSVs this is; data_changes.csv lists every change
made to an existing row, with why and the source. Every fact row has a source_id that resolves
in sources.csv (URL, publisher, date) and a confidence.
"""


class DataExportError(Exception):
    """The export cannot be written for a reason the user can act on."""


def _known(name: str) -> Table | None:
    return DATA_VERSION if name == DATA_VERSION.name else BY_NAME.get(name)


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The file's tables: the schema's first, in schema order, then any others it holds."""
    present = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name").fetchall()]
    order = [*BY_NAME, DATA_VERSION.name]
    return [n for n in order if n in present] + [n for n in present if n not in order]


def dictionary_rows(con: duckdb.DuckDBPyConnection, names: list[str]) -> list[dict]:
    """One row per column of every exported table. Columns of the schema are described from it;
    a column only the file has (a file brought in with DASHBOARD_DB) is listed with its type."""
    types = {(t, c): ty for t, c, ty in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()}
    rows = []
    for name in names:
        spec = _known(name)
        in_file = [c for (t, c) in types if t == name]
        described = {c.name: c for c in spec.columns} if spec else {}
        for col_name in [c for c in described if c in in_file] + [c for c in in_file if c not in described]:
            col = described.get(col_name)
            unit, meaning = column_meta(name, col_name) if col else ("", "")
            rows.append({
                "table": name, "column": col_name, "type": types[(name, col_name)],
                "unit": unit, "meaning": meaning or ("not described: this column is not in the project's schema"
                                                     if col is None else ""),
                "allowed_values": allowed_values(col) if col else "",
                "key": "yes" if spec and col_name in spec.key else "",
            })
    return rows


def _cell(v) -> str:
    """A value written as the project's CSVs write it, so the build can read the file back."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.15g}"
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v)


def _csv_bytes(header, rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def _order_by(con, name: str) -> str:
    spec = _known(name)
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
        "ORDER BY ordinal_position", [name]).fetchall()]
    keys = [k for k in (spec.key if spec and spec.key else cols) if k in cols]
    return " ORDER BY " + ", ".join(f'"{k}"' for k in keys) if keys else ""


@dataclass
class DataExport:
    """The export's files by their name in the folder or ZIP, and what they hold."""

    version: str  # "" when the file has no data_version table
    tables: list[str] = field(default_factory=list)
    rows: int = 0
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def zip_name(self) -> str:
        return f"channel-conflict-data-{self.version or 'unversioned'}.zip"

    def zip_bytes(self) -> bytes:
        """One ZIP of the files; fixed timestamps so the same data gives the same bytes."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, data in self.files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if name.endswith(".parquet") else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        return buf.getvalue()


def collect(db_file: Path, con: duckdb.DuckDBPyConnection | None = None) -> DataExport:
    """Every file of the export, read from `db_file` through `con` (the app's live read-only
    connection) or, without one, through a connection of its own opened the app's way
    (db.open_readonly: read-only, no file or network access from the file's views)."""
    from .. import db

    db_file = Path(db_file)
    own = con is None
    if own:
        con = db.open_readonly(db_file)  # DataError: missing, locked or not DuckDB
    cur = con.cursor()
    cur.execute(f"USE {db.ALIAS}")  # a cursor starts in the in-memory database, not the file
    out = DataExport("")
    files: dict[str, bytes] = {}
    try:
        out.tables = table_names(cur)
        if not out.tables:
            raise DataExportError(f"{db_file} holds no tables.")
        for name in out.tables:  # each becomes a file name beside dictionary.csv
            if not re.fullmatch(r"[A-Za-z0-9_]{1,100}", name) or name == DICTIONARY_NAME.split(".")[0]:
                raise DataExportError(f"{db_file} has a table named {name[:60]!r}, which cannot be a file name here.")
        for name in out.tables:
            q = f'SELECT * FROM "{name}"' + _order_by(cur, name)
            res = cur.execute(q)
            header = [d[0] for d in res.description]
            rows = res.fetchall()
            out.rows += len(rows)
            files[f"{name}.csv"] = _csv_bytes(header, rows)
            buf = io.BytesIO()
            pq.write_table(cur.sql(q).to_arrow_table(), buf)
            files[f"{name}.parquet"] = buf.getvalue()
        dictionary = dictionary_rows(cur, out.tables)
        files[DICTIONARY_NAME] = _csv_bytes(DICTIONARY_COLUMNS,
                                            [[r[c] for c in DICTIONARY_COLUMNS] for r in dictionary])
        out.version = data_version_of(cur)
    finally:
        cur.close()
        if own:
            con.close()
    files[README_NAME] = README.format(version=out.version or "unversioned (not built by this project's build)",
                                        tables=len(out.tables), rows=out.rows, db_name=DB_NAME).encode("utf-8")
    files[DB_NAME] = db_file.read_bytes()
    out.files = dict(sorted(files.items()))
    return out


def data_version_of(con: duckdb.DuckDBPyConnection) -> str:
    """The file's data version, or "" when it has no data_version table (a file made elsewhere)."""
    has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                      [DATA_VERSION.name]).fetchone()[0]
    if not has:
        return ""
    row = con.execute(f'SELECT version FROM "{DATA_VERSION.name}" LIMIT 1').fetchone()
    return row[0] if row else ""


def export_data(out: Path | str, db_file: Path | str | None = None, err: TextIO | None = None,
                force: bool = False) -> int:
    """`export --data`: write the files into `out`; the exit code (0 written, 2 cannot read or write)."""
    from .. import db
    from ..paths import db_path
    from .outdir import OutError, check_out, write_files

    err = err or sys.stderr
    out = Path(out).expanduser()
    path = Path(db_file).expanduser() if db_file else db_path()
    t0 = time.perf_counter()
    try:
        # Before any work, with the names this export writes (the tables come from the schema; a
        # file brought in with more tables is checked again, by name, when it is written).
        check_out(out, [README_NAME, DICTIONARY_NAME, DB_NAME], ["*.csv", "*.parquet"], force=force,
                  manifest=MANIFEST)
        export = collect(path)
        written = write_files(export.files, out, force=force, manifest=MANIFEST)
    except db.DataError as e:
        print(f"error: {e.title}: {e.detail} {e.fix}", file=err)
        return 2
    except (DataExportError, OutError) as e:
        print(f"error: {e}", file=err)
        return 2
    except OSError as e:
        print(f"error: --out {out} could not be written: {e.strerror or e}.", file=err)
        return 2
    size = sum(len(b) for b in export.files.values())
    print(f"data {export.version or 'unversioned'}: {len(export.tables)} tables, {export.rows} rows, "
          f"{len(written)} files, {size // 1024} KB, {time.perf_counter() - t0:.1f} s -> {out}", file=err)
    return 0
