"""The change log (data_changes): every row names a real table, a key of that table's shape and a source."""
from __future__ import annotations

import duckdb
import pytest

from channel_conflict.build import BuildError, build

HEADER = "change_date,table_name,row_key,what_changed,reason,source_id"


def _append(path, line):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def test_change_log_is_built_and_every_source_resolves(built_db):
    with duckdb.connect(str(built_db), read_only=True) as con:
        rows = con.execute("SELECT count(*), count(s.source_id) FROM data_changes d "
                           "LEFT JOIN sources s USING (source_id)").fetchone()
    assert rows[0] > 0 and rows[0] == rows[1]


@pytest.mark.parametrize(("line", "column"), [
    ("2026-11-30,no_such_table,x,a,b,tweaktown-2024-05-23", "table_name"),
    ("2026-11-30,data_changes,x,a,b,tweaktown-2024-05-23", "table_name"),
    ("2026-11-30,market_size,2024Q4,a,b,tweaktown-2024-05-23", "row_key"),  # key is quarter|research_firm
    ("2026-11-30,contracts,aws-38,a,b,no-such-source", "source_id"),
    ("2026-11-30,contracts,aws-38,a,b,", "source_id"),
    ("30/11/2026,contracts,aws-38,a,b,tweaktown-2024-05-23", "change_date"),
    ("2026-11-30,contracts,aws-38,,b,tweaktown-2024-05-23", "what_changed"),
])
def test_a_bad_change_row_stops_the_build(csv_copy_factory, tmp_path, line, column):
    src = csv_copy_factory()
    assert (src / "data_changes.csv").read_text().splitlines()[0] == HEADER
    _append(src / "data_changes.csv", line)
    with pytest.raises(BuildError) as info:
        build(src, tmp_path / "m.duckdb")
    assert info.value.file == "data_changes.csv" and info.value.column == column


def test_a_good_change_row_builds(csv_copy_factory, tmp_path):
    src = csv_copy_factory()
    _append(src / "data_changes.csv", "2026-11-30,market_size,2024Q4|Synergy,a,b,tweaktown-2024-05-23")
    counts = build(src, tmp_path / "m.duckdb")
    assert counts["data_changes"] == len((src / "data_changes.csv").read_text().splitlines()) - 1
