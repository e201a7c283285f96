"""The README cannot drift: its data table and page list match the DB and the navigation."""
from __future__ import annotations

import re

import duckdb

from channel_conflict.paths import ROOT
from channel_conflict.schema import TABLES
from channel_conflict.ui.nav import PAGES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_row_counts_match_the_built_db(built_db):
    documented = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| (\w+) \| (\d+) \|", README, re.M)}
    assert set(documented) == {t.name for t in TABLES}
    with duckdb.connect(str(built_db), read_only=True) as con:
        for name, n in documented.items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == n, name


def test_readme_lists_every_page_path():
    for p in PAGES:
        assert f"| `/{p.url_path}` |" in README, p.url_path


def test_readme_gives_the_two_commands_first():
    first_block = README[README.index("## Two commands"):]
    assert first_block.index("make run") < first_block.index("make test") < first_block.index("## The pages")


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# A backticked or linked token that looks like a path in this repository (not a URL, a command or a value).
PATH_RE = re.compile(r"(?:`|\]\()(?!https?:)((?:\.{1,2}/)?[\w.-]+(?:/[\w.*-]+)+/?"
                     r"|[\w-]+\.(?:md|py|sql|csv|toml|txt|png|yaml|yml|conf|sh))(?:[`)#])")
# Paths the docs name that a run creates rather than the repository holds (all git-ignored).
CREATED = ("test-artifacts", "packs", "data/scenarios", ".venv", "bench/results", "latest.")
# Where a short name is looked up: the docs say `ui/page.py` for channel_conflict/ui/page.py.
BASES = (ROOT, ROOT / "channel_conflict", ROOT / "data" / "csv")


def test_every_path_the_docs_name_exists():
    missing = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in PATH_RE.finditer(text):
            rel = m.group(1).rstrip("/")
            if rel.startswith(CREATED) or "*" in rel or "<" in rel:
                continue
            if not any((base / rel).exists() for base in (doc.parent, *BASES)):
                missing.append(f"{doc.relative_to(ROOT)}: {rel}")
    assert not missing, missing


def test_the_schema_doc_is_the_enforced_schema():
    """docs/schema.md is generated from channel_conflict/schema.py; regenerate it with
    `python -m channel_conflict.schemadoc` when this fails."""
    from channel_conflict import schemadoc

    assert schemadoc.PATH.read_text(encoding="utf-8") == schemadoc.markdown()


def test_a_file_with_the_documented_tables_passes_the_apps_check_and_one_without_a_column_fails(tmp_path):
    """What docs/schema.md lists is what db.schema_problems enforces: no more, no less."""
    from channel_conflict import db

    documented: dict[str, list[str]] = {}
    table = None
    for line in (ROOT / "docs" / "schema.md").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^## `(\w+)`( \(optional\))?", line):
            table = None if m.group(2) else m.group(1)
            if table:
                documented[table] = []
        elif table and (m := re.match(r"^\| `(\w+)` \|", line)):
            documented[table].append(m.group(1))

    def problems(tables: dict[str, list[str]]) -> list[str]:
        path = tmp_path / f"contract-{len(list(tmp_path.iterdir()))}.duckdb"
        with duckdb.connect(str(path)) as con:
            for name, cols in tables.items():
                con.execute(f'CREATE TABLE "{name}" ({", ".join(f"{c} VARCHAR" for c in cols)})')
        con = db.open_readonly(path)  # the app's own way in: read-only, external access off
        try:
            return db.schema_problems(con)
        finally:
            con.close()

    assert problems(documented) == []
    name, cols = next(iter(documented.items()))
    assert problems({**documented, name: cols[:-1]}), "dropping a documented column must fail the check"
    assert problems({k: v for k, v in documented.items() if k != name}), "dropping a table must fail the check"
