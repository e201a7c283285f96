"""Build data/market.duckdb from the versioned CSVs under data/csv/.

Every cell is checked against channel_conflict.schema before anything is written; the
first broken cell stops the build with its file, row and column. The new database is
written to a temporary file beside the target and renamed over it only when complete,
so a failed build leaves the previous file untouched.

    python -m channel_conflict.build [--csv-dir DIR] [--out FILE]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

from .paths import CSV_DIR, DEFAULT_DB
from .schema import DATA_VERSION, TABLES, Column, Table

# The on-disk format DuckDB writes. v1.0.0 (storage number 64) is read by DuckDB 1.1 to 1.5 and 2.x;
# DuckDB 2.0's default (69) is unreadable for 1.x, and 1.0.0 cannot read the primary-key indexes.
STORAGE_VERSION = "v1.0.0"


class BuildError(Exception):
    """A CSV breaks the contract. The message names file, row and column."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str):
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file + (f", row {row}" if row is not None else "") + (f", column '{column}'" if column else "")
        super().__init__(f"{where}: {problem}")


_QUARTER = re.compile(r"^(19|20)\d\dQ[1-4]$")
_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _parse(col: Column, raw: str):
    """Parse one cell; raises ValueError with a human reason."""
    if raw == "":
        if col.nullable:
            return None
        raise ValueError("is empty but required")
    t = col.type
    if t == "VARCHAR":
        value = raw
    elif t == "DOUBLE":
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"'{raw}' is not a finite number")
    elif t == "INTEGER":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"'{raw}' is not a whole number")
        value = int(raw)
    elif t == "BOOLEAN":
        if raw.lower() not in ("true", "false"):
            raise ValueError(f"'{raw}' is not true or false")
        value = raw.lower() == "true"
    elif t == "DATE":
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a date (YYYY-MM-DD)") from None
    elif t == "QUARTER":
        if not _QUARTER.match(raw):
            raise ValueError(f"'{raw}' is not a quarter like 2025Q3")
        value = raw
    elif t == "MONTH":
        if not _MONTH.match(raw):
            raise ValueError(f"'{raw}' is not a month like 2025-06")
        value = raw
    else:  # pragma: no cover - schema typo
        raise AssertionError(t)
    if col.choices and value not in col.choices:
        raise ValueError(f"'{raw}' is not one of {', '.join(col.choices)}")
    if col.min is not None and value < col.min:
        raise ValueError(f"{raw} is below the minimum {col.min:g}")
    if col.max is not None and value > col.max:
        raise ValueError(f"{raw} is above the maximum {col.max:g}")
    return value


def read_table(table: Table, csv_dir: Path) -> list[dict]:
    """Read and type-check one CSV. Row numbers count the header as row 1, as a spreadsheet does."""
    fname = f"{table.name}.csv"
    path = csv_dir / fname
    if not path.exists():
        raise BuildError(fname, None, None, "file is missing")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise BuildError(fname, None, None, "file is empty (no header)") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise BuildError(fname, 1, None, f"unreadable CSV: {exc}") from None
        expected = [c.name for c in table.columns]
        missing = [c for c in expected if c not in header]
        if missing:
            raise BuildError(fname, 1, missing[0], "column is missing from the header")
        extra = [h for h in header if h not in expected]
        if extra:
            raise BuildError(fname, 1, extra[0], "unknown column (add it to channel_conflict/schema.py first)")
        if len(set(header)) != len(header):
            dup = next(h for h in header if header.count(h) > 1)
            raise BuildError(fname, 1, dup, "column appears twice in the header")
        rows = []
        try:
            for lineno, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise BuildError(fname, lineno, None, f"has {len(cells)} cells, the header has {len(header)}")
                raw = dict(zip(header, cells, strict=True))
                row = {"__row__": lineno}
                for col in table.columns:
                    try:
                        row[col.name] = _parse(col, raw[col.name].strip())
                    except ValueError as exc:
                        raise BuildError(fname, lineno, col.name, str(exc)) from None
                rows.append(row)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise BuildError(fname, None, None, f"unreadable CSV: {exc}") from None
    return rows


def _check_keys(table: Table, rows: list[dict]) -> None:
    if not table.key:
        return
    seen: dict[tuple, int] = {}
    for row in rows:
        k = tuple(row[c] for c in table.key)
        if k in seen:
            column = table.key[-1] if len(table.key) == 1 else ",".join(table.key)
            raise BuildError(f"{table.name}.csv", row["__row__"], column,
                             f"duplicate key {k if len(k) > 1 else k[0]!r} (first at row {seen[k]})")
        seen[k] = row["__row__"]


def _check_references(data: dict[str, list[dict]]) -> None:
    for table in TABLES:
        for col in table.columns:
            if not col.references:
                continue
            ref_table, ref_col = col.references.split(".")
            known = {r[ref_col] for r in data[ref_table]}
            for row in data[table.name]:
                v = row[col.name]
                if v is not None and v not in known:
                    raise BuildError(f"{table.name}.csv", row["__row__"], col.name,
                                     f"'{v}' does not match any {ref_table}.{ref_col}")


def _check_table_rules(table: Table, rows: list[dict]) -> None:
    fname = f"{table.name}.csv"
    if "hex_color" in table.checks:
        for row in rows:
            if not _HEX.match(row["color"]):
                raise BuildError(fname, row["__row__"], "color", f"'{row['color']}' is not a colour like #1F6FD1")
    if "share_sum" in table.checks:
        sums: dict[tuple, float] = defaultdict(float)
        for row in rows:
            if row["is_primary"]:
                key = (row["quarter"], row["research_firm"])
                sums[key] += row["share_pct"]
                if sums[key] > 100 + 1e-9:
                    raise BuildError(fname, row["__row__"], "share_pct",
                                     f"{row['research_firm']} shares for {row['quarter']} add up to "
                                     f"{sums[key]:g}%, over 100")
    if "years_ordered" in table.checks:
        for row in rows:
            if row["start_year"] is not None and row["end_year"] is not None and row["end_year"] < row["start_year"]:
                raise BuildError(fname, row["__row__"], "end_year",
                                 f"ends ({row['end_year']}) before it starts ({row['start_year']})")
    if "change_log" in table.checks:
        from .schema import BY_NAME  # the whole schema: the log may name any table
        for row in rows:
            target = BY_NAME.get(row["table_name"])
            if target is None or target.name == table.name:
                raise BuildError(fname, row["__row__"], "table_name",
                                 f"'{row['table_name']}' is not a table of the schema")
            parts = row["row_key"].split("|")
            if len(parts) != len(target.key):
                raise BuildError(fname, row["__row__"], "row_key",
                                 f"'{row['row_key']}' has {len(parts)} part(s); {target.name}'s key is "
                                 + "|".join(target.key))
    if "supersedes_earlier" in table.checks:
        by_id = {r["support_id"]: r for r in rows}
        for row in rows:
            earlier = by_id.get(row["supersedes"])
            if earlier is not None and (earlier["company"] != row["company"]
                                        or earlier["announced"] > row["announced"]):
                raise BuildError(fname, row["__row__"], "supersedes",
                                 f"'{row['supersedes']}' must be an earlier row of the same company")
    if "mix_rows_sum_to_one" in table.checks:
        sums = defaultdict(float)
        last_row = {}
        for row in rows:
            if row["param"] == "mix":
                sums[row["provider_id"]] += row["value"]
                last_row[row["provider_id"]] = row["__row__"]
            if row["param"] in ("mix", "target_weight", "ai_fraction", "protect") and not 0 <= row["value"] <= 1:
                raise BuildError(fname, row["__row__"], "value",
                                 f"{row['value']:g} is a fraction and must be between 0 and 1")
        for provider, total in sums.items():
            if abs(total - 1) > 1e-6:
                raise BuildError(fname, last_row[provider], "value",
                                 f"segment mix of '{provider}' sums to {total:g}, not 1")
        weights = [r["value"] for r in rows if r["param"] == "target_weight"]
        if weights and abs(sum(weights) - 1) > 1e-6:
            raise BuildError(fname, None, "value", f"target weights sum to {sum(weights):g}, not 1")


def _check_row_refs(data: dict[str, list[dict]]) -> None:
    """A row_ref table (second_sources) must point at a row that exists: table, then key values joined by '|'."""
    from .schema import BY_NAME
    for table in TABLES:
        if "row_ref" not in table.checks:
            continue
        for row in data[table.name]:
            target = BY_NAME.get(row["table_name"])
            if target is None or target.name == table.name or not target.key:
                raise BuildError(f"{table.name}.csv", row["__row__"], "table_name",
                                 f"'{row['table_name']}' is not a keyed table of the schema")
            keys = {"|".join("" if r[k] is None else str(r[k]) for k in target.key) for r in data[target.name]}
            if row["row_key"] not in keys:
                raise BuildError(f"{table.name}.csv", row["__row__"], "row_key",
                                 f"no {target.name} row has the key '{row['row_key']}' ({'|'.join(target.key)})")


def _check_sources(data: dict[str, list[dict]]) -> None:
    """No fact without a source: our own assumptions are the only rows allowed none."""
    for table in TABLES:
        if not table.fact:
            continue
        for row in data[table.name]:
            if row.get("source_id") is None and row.get("confidence") != "assumption":
                raise BuildError(f"{table.name}.csv", row["__row__"], "source_id",
                                 "a fact needs a source_id (only confidence 'assumption' may have none)")


def load_and_validate(csv_dir: Path) -> dict[str, list[dict]]:
    data = {}
    for table in TABLES:
        rows = read_table(table, csv_dir)
        _check_keys(table, rows)
        _check_table_rules(table, rows)
        data[table.name] = rows
    _check_references(data)
    _check_row_refs(data)
    _check_sources(data)
    return data


def data_version(csv_dir: Path, data: dict[str, list[dict]]) -> dict:
    """Date plus a short checksum of the source CSVs: two builds share a version only if every CSV
    is byte for byte the same. The checksum is sha256 over `sha256sum`'s listing of the schema's
    CSVs in name order, so `cd data/csv && LC_ALL=C sha256sum *.csv | sha256sum` gives it too.
    The date is the newest date the data itself holds (a source's publication or a logged change),
    so a rebuild of the same CSVs on another day keeps its version."""
    listing = "".join(f"{hashlib.sha256((csv_dir / name).read_bytes()).hexdigest()}  {name}\n"
                      for name in sorted(f"{t.name}.csv" for t in TABLES))
    digest = hashlib.sha256(listing.encode()).hexdigest()
    dates = [r["published"] for r in data["sources"]] + [r["change_date"] for r in data.get("data_changes", [])]
    revised = max(dates) if dates else None
    return {"version": f"{revised.isoformat() if revised else 'undated'}.{digest[:7]}", "revision_date": revised,
            "csv_sha256": digest, "storage_version": STORAGE_VERSION}


def _ddl(table: Table) -> str:
    cols = [f'"{c.name}" {c.sql_type}{"" if c.nullable else " NOT NULL"}' for c in table.columns]
    if table.key:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.key) + ")")
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def write_db(data: dict[str, list[dict]], out: Path, version: dict | None = None) -> dict[str, int]:
    """Write to a temp file in the target's folder, then atomically rename it into place.

    The file is attached with STORAGE_VERSION so DuckDB 1.x can open it (see the constant)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp_name)  # DuckDB refuses to open an existing empty file
    tmp = Path(tmp_name)
    counts = {}
    try:
        con = duckdb.connect()
        try:
            con.execute(f"ATTACH '{str(tmp).replace(chr(39), chr(39) * 2)}' AS built "
                        f"(STORAGE_VERSION '{STORAGE_VERSION}')")
            con.execute("USE built")
            for table in TABLES:
                con.execute(_ddl(table))
                names = [c.name for c in table.columns]
                rows = data[table.name]
                if rows:
                    # Sorted insert so the same CSVs give the same file contents, row order included.
                    order = table.key or names
                    ordered = sorted(rows, key=lambda r: tuple("" if r[k] is None else str(r[k]) for k in order))
                    # One multi-row INSERT per table: executemany costs a round trip per row.
                    row_sql = "(" + ", ".join("?" for _ in names) + ")"
                    con.execute(f'INSERT INTO "{table.name}" VALUES ' + ", ".join(row_sql for _ in ordered),
                                [r[n] for r in ordered for n in names])
                counts[table.name] = len(rows)
            if version is not None:
                con.execute(_ddl(DATA_VERSION))
                con.execute("INSERT INTO data_version VALUES (?, ?, ?, ?)",
                            [version[c.name] for c in DATA_VERSION.columns])
            con.execute("CHECKPOINT")
            con.execute("USE memory")
            con.execute("DETACH built")
        finally:
            con.close()
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return counts


def build(csv_dir: Path = CSV_DIR, out: Path = DEFAULT_DB) -> dict[str, int]:
    data = load_and_validate(csv_dir)
    return write_db(data, out, data_version(csv_dir, data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv-dir", type=Path, default=CSV_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_DB)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = build(args.csv_dir, args.out)
    except BuildError as exc:
        print(f"build failed: {exc}\n{args.out} was left as it was.", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"build failed writing {args.out}: {exc}\nIs the app or another process holding it open for writing?",
              file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"  {name:<18} {n:>5} rows")
    print(f"built {args.out} ({len(counts)} tables, {sum(counts.values())} rows) "
          f"in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
