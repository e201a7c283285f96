"""docs/schema.md, written from channel_conflict/schema.py so the documented contract is the enforced one.

`python -m channel_conflict.schemadoc` rewrites the file; tests/test_docs.py fails when it is stale.
"""
from __future__ import annotations

import sys

from .paths import ROOT
from .schema import DATA_VERSION, TABLES, Table, allowed_values, column_meta

PATH = ROOT / "docs" / "schema.md"

INTRO = """# The data contract

Generated from `channel_conflict/schema.py` by `python -m channel_conflict.schemadoc`; a test fails
when this file and the schema disagree, so do not edit it by hand.

The build (`make data`) checks every CSV cell against these tables: types, keys, references, allowed
values, and the table-level checks named under each table. The app opens any DuckDB file named by
`DASHBOARD_DB` and refuses it, naming what is missing, unless it has **every table and column below**
(`channel_conflict/db.py`, `schema_problems`); extra tables and columns are ignored. `data_version`
alone is optional: without it the charts say the data is unversioned. A view that reads a file or
the network fails the check too. Fact tables carry `source_id` and `confidence` on every row.
"""


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table, optional: bool = False) -> str:
    lines = [f"## `{table.name}`" + (" (optional)" if optional else ""), ""]
    if table.description:
        lines += [table.description, ""]
    facts = []
    if table.key:
        facts.append("key: " + ", ".join(f"`{k}`" for k in table.key))
    facts.append("fact table (source and confidence on every row)" if table.fact else "reference table")
    if table.checks:
        facts.append("checks: " + ", ".join(f"`{c}`" for c in table.checks))
    lines += ["; ".join(facts) + ".", ""]
    lines += ["| column | type | empty allowed | unit | meaning | allowed values |", "|---|---|---|---|---|---|"]
    for col in table.columns:
        unit, meaning = column_meta(table.name, col.name)
        lines.append(f"| `{col.name}` | {col.type} | {'yes' if col.nullable else 'no'} | {_cell(unit)} | "
                     f"{_cell(meaning)} | {_cell(allowed_values(col))} |")
    return "\n".join(lines) + "\n"


def markdown() -> str:
    parts = [INTRO] + [table_markdown(t) for t in TABLES] + [table_markdown(DATA_VERSION, optional=True)]
    return "\n".join(parts)


def main() -> int:
    PATH.write_text(markdown(), encoding="utf-8")
    print(f"wrote {PATH.relative_to(ROOT)} ({len(TABLES) + 1} tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
