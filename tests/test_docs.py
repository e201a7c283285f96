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
