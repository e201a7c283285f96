"""`export --data` and the Sources page's ZIP: every table in CSV and Parquet, a dictionary that
matches the file column for column, and CSVs the build reads back into the same rows."""
from __future__ import annotations

import csv
import io
import zipfile

import duckdb
import pyarrow.parquet as pq
import pytest

from channel_conflict.build import build
from channel_conflict.export import cli
from channel_conflict.export.data import DICTIONARY_COLUMNS, MANIFEST, collect
from channel_conflict.schema import DATA_VERSION, TABLES, column_meta


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture(scope="module")
def exported(built_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("data-export") / "out"
    assert cli.main(["export", "--data", "--out", str(out), "--db", str(built_db)]) == 0
    return out


@pytest.mark.parametrize("table", [*TABLES, DATA_VERSION], ids=lambda t: t.name)
def test_every_column_has_a_meaning(table):
    for col in table.columns:
        unit, meaning = column_meta(table.name, col.name)
        assert len(meaning) >= 8, f"{table.name}.{col.name} has no meaning in schema.COLUMN_META"


def test_metadata_describes_only_columns_that_exist():
    """A renamed or dropped column must take its description with it (no stale rows in the dictionary's source)."""
    from channel_conflict.schema import BY_NAME, COLUMN_META

    tables = {**BY_NAME, DATA_VERSION.name: DATA_VERSION}
    stale = [f"{t}.{c}" for t, cols in COLUMN_META.items() for c in cols
             if t not in tables or c not in {col.name for col in tables[t].columns}]
    assert stale == []


def test_every_table_in_both_formats_with_the_db_row_counts(exported, built_db):
    with duckdb.connect(str(built_db), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        counts = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    assert {t.name for t in TABLES} | {"data_version"} <= set(names)
    for name, n in counts.items():
        assert len(_rows((exported / f"{name}.csv").read_bytes())) == n, name
        assert pq.read_table(exported / f"{name}.parquet").num_rows == n, name
    assert str(pq.read_table(exported / "contracts.parquet").schema.field("announced").type) == "date32[day]"
    assert (exported / "market.duckdb").read_bytes() == built_db.read_bytes()


def test_dictionary_matches_the_file_column_for_column(exported, built_db):
    rows = _rows((exported / "dictionary.csv").read_bytes())
    assert list(rows[0]) == list(DICTIONARY_COLUMNS)
    with duckdb.connect(str(built_db), read_only=True) as con:
        cols = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                           "WHERE table_schema = 'main'").fetchall()
    assert sorted((r["table"], r["column"], r["type"]) for r in rows) == sorted(cols)
    assert all(r["meaning"] for r in rows)
    share = next(r for r in rows if r["table"] == "market_share" and r["column"] == "share_pct")
    assert share["unit"] == "%" and share["allowed_values"] == "0 to 100"
    conf = next(r for r in rows if r["table"] == "events" and r["column"] == "confidence")
    assert conf["allowed_values"] == "confirmed | reported | estimate | assumption"
    keys = {r["column"] for r in rows if r["table"] == "market_size" and r["key"] == "yes"}
    assert keys == {"quarter", "research_firm"}


def test_exported_csvs_build_back_into_the_same_rows(exported, built_db, tmp_path):
    rebuilt = tmp_path / "again.duckdb"
    build(exported, rebuilt)
    with duckdb.connect(str(built_db), read_only=True) as a, duckdb.connect(str(rebuilt), read_only=True) as b:
        for t in TABLES:
            q = f'SELECT * FROM "{t.name}" ORDER BY ALL'
            assert a.execute(q).fetchall() == b.execute(q).fetchall(), t.name


def test_zip_holds_the_same_files_and_is_repeatable(built_db, exported):
    one, two = collect(built_db), collect(built_db)
    assert one.zip_bytes() == two.zip_bytes()
    assert one.zip_name == f"channel-conflict-data-{one.version}.zip" and one.version
    with zipfile.ZipFile(io.BytesIO(one.zip_bytes())) as z:
        names = set(z.namelist())
        assert z.read("dictionary.csv") == (exported / "dictionary.csv").read_bytes()
    on_disk = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file()} - {MANIFEST}
    assert names == on_disk
    assert f"Data version: {one.version}" in one.files["README.txt"].decode()


def test_rerun_replaces_its_own_files_but_not_others(built_db, tmp_path, capsys):
    out = tmp_path / "o"
    assert cli.main(["export", "--data", "--out", str(out), "--db", str(built_db)]) == 0
    assert cli.main(["export", "--data", "--out", str(out), "--db", str(built_db)]) == 0
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "dictionary.csv").write_text("mine, keep me")
    assert cli.main(["export", "--data", "--out", str(theirs), "--db", str(built_db)]) == 2
    assert (theirs / "dictionary.csv").read_text() == "mine, keep me"
    assert sorted(p.name for p in theirs.iterdir()) == ["dictionary.csv"], "nothing written when refused"
    assert cli.main(["export", "--data", "--force", "--out", str(theirs), "--db", str(built_db)]) == 0
    assert (theirs / "dictionary.csv").read_text().startswith("table,column,type,unit,meaning")
    assert "not written by this command" in capsys.readouterr().err


def test_refusals_exit_2_without_traceback(built_db, tmp_path, capsys):
    a_file = tmp_path / "f"
    a_file.write_text("x")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    assert cli.main(["export", "--data", "--out", str(a_file), "--db", str(built_db)]) == 2
    assert cli.main(["export", "--data", "--out", str(link), "--db", str(built_db)]) == 2
    assert not any((tmp_path / "elsewhere").iterdir())
    assert cli.main(["export", "--data", "--out", str(tmp_path / "n"), "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert cli.main(["export", "--data", "--page", "market", "--out", str(tmp_path / "n")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("error:") == 4
