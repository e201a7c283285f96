"""The data version: stored by the build, on every chart footer and in every pack's scenario.json."""
from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest

from channel_conflict import db
from channel_conflict.build import build, data_version, load_and_validate
from channel_conflict.dataversion import AsOf, as_of_from, version_of
from channel_conflict.export.pack import PAGE_TITLES
from channel_conflict.export.pack import build as build_pack
from channel_conflict.paths import CSV_DIR

VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}\.[0-9a-f]{7}$")


class NoImages:
    """Stands in for kaleido (these tests read the figures and scenario.json, not pixels) and keeps
    the footer of every figure it is asked to draw."""

    def __init__(self):
        self.footers: list[str] = []

    def render(self, fig, fmt, scale=1):
        self.footers.append(footer(fig).replace("<br>", ""))
        return b""


def footer(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "footer")


def test_version_is_date_and_checksum_of_the_csvs(built_db):
    with duckdb.connect(str(built_db), read_only=True) as con:
        version, revised, sha = con.execute("SELECT version, revision_date, csv_sha256 FROM data_version").fetchone()
        newest = con.execute("SELECT greatest((SELECT max(published) FROM sources), "
                             "(SELECT max(change_date) FROM data_changes))").fetchone()[0]
    assert VERSION.match(version) and version == f"{revised.isoformat()}.{sha[:7]}"
    assert revised == newest


def test_same_csvs_same_version_one_changed_byte_another(csv_copy_factory):
    src = csv_copy_factory()
    first = data_version(src, load_and_validate(src))["version"]
    assert data_version(src, load_and_validate(src))["version"] == first
    assert data_version(CSV_DIR, load_and_validate(CSV_DIR))["version"] == first
    path = src / "market_size.csv"
    path.write_text(path.read_text().replace(",90.6,", ",90.7,", 1))
    changed = data_version(src, load_and_validate(src))["version"]
    assert changed != first and changed[:10] == first[:10]


def test_as_of_carries_the_version_and_stays_a_date(q, built_db):
    as_of = as_of_from(q)
    with duckdb.connect(str(built_db), read_only=True) as con:
        stored = con.execute("SELECT version FROM data_version").fetchone()[0]
    assert version_of(as_of) == stored and re.match(r"^\d{4}-\d{2}-\d{2}$", as_of)
    assert version_of("2026-01-01") == "" and json.dumps(as_of) == json.dumps(str(as_of))
    # A footer reads "Data as of D · data version D.abc1234": one date, even when the newest date in the
    # data is a logged correction rather than a source (the footers once showed 2026-11-30 beside 2026-12-01).
    assert stored.startswith(str(as_of) + ".")


def test_a_file_without_the_table_is_unversioned(built_db, tmp_path):
    other = tmp_path / "other.duckdb"
    shutil.copy(built_db, other)
    with duckdb.connect(str(other)) as con:
        con.execute("DROP TABLE data_version")
    con = db.open_readonly(other)
    try:
        as_of = as_of_from(lambda name, **p: db.run(con, name, p))
    finally:
        con.close()
    assert version_of(as_of) == "" and as_of != "unknown"


@pytest.mark.parametrize("page_name", list(PAGE_TITLES))
def test_every_chart_footer_and_the_pack_carry_the_version(page_name, q):
    as_of = as_of_from(q)
    images = NoImages()
    pack = build_pack(page_name, q, query={}, renderer=images)
    saved = json.loads(pack.files["scenario.json"])
    assert saved["data_version"] == as_of.data_version and saved["as_of"] == str(as_of)
    assert saved["charts"] and all(c["data_version"] == as_of.data_version for c in saved["charts"])
    assert f"Data version: {as_of.data_version}" in pack.files["README.txt"].decode()
    assert len(images.footers) == 2 * len(saved["charts"])  # a PNG and an SVG of each
    assert all(as_of.data_version in f for f in images.footers), images.footers


def test_footer_wording_in_both_languages():
    import plotly.graph_objects as go

    from channel_conflict.charts.base import Caption, finish

    for lang, words in (("en", "data version 2026-11-30.abcdef0"), ("zh-TW", "資料版本 2026-11-30.abcdef0")):
        fig = finish(go.Figure(), Caption("T", "S", "Src", AsOf("2026-06-11", "2026-11-30.abcdef0")), lang=lang)
        assert words in footer(fig).replace("<br>", " ").replace("  ", " ")
        assert fig.layout.meta["data_version"] == "2026-11-30.abcdef0"
    plain = finish(go.Figure(), Caption("T", "S", "Src", "2026-06-11"))
    assert "version" not in footer(plain)


def test_rebuilt_file_changes_version_with_the_data(csv_copy_factory, tmp_path):
    src = csv_copy_factory()
    build(src, tmp_path / "a.duckdb")
    path = src / "events.csv"
    path.write_text(path.read_text() + "\n")  # a byte more, same rows: a different file, so a new version
    build(src, tmp_path / "b.duckdb")
    versions = []
    for f in ("a", "b"):
        with duckdb.connect(str(tmp_path / f"{f}.duckdb"), read_only=True) as con:
            versions.append(con.execute("SELECT version FROM data_version").fetchone()[0])
    assert versions[0] != versions[1]
