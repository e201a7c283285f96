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
