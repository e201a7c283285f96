"""Every named query runs against the built DB, with bound parameters only."""
from __future__ import annotations

import duckdb
import pytest

from channel_conflict import db, queries

# A realistic value for each parameter name the queries use.
SAMPLE_PARAMS = {
    "firm": "Synergy",
    "provider_id": "microsoft",
    "table_name": "contracts",
    "start": "2024-01-01",
    "end": "2026-12-31",
    "as_of": "2026-05-01",
}


@pytest.fixture(scope="module")
def con(built_db):
    c = db.open_readonly(built_db)
    yield c
    c.close()


@pytest.mark.parametrize("name", queries.names())
def test_query_runs_and_returns_rows(con, name):
    params = {p: SAMPLE_PARAMS[p] for p in queries.parameters(name)}
    frame = db.run(con, name, params)
    assert len(frame) > 0, f"{name} returned no rows"


@pytest.mark.parametrize("name", queries.names())
def test_query_is_commented_and_has_no_string_formatting(name):
    text = queries.sql(name)
    assert text.lstrip().startswith("--"), "each query starts with a comment saying what it returns"
    assert "{" not in text and "%s" not in text, "values are bound, never formatted in"


def test_parameter_cannot_change_what_a_query_does(con):
    """An injection attempt is just a firm name that matches nothing."""
    honest = db.run(con, "market_share", {"firm": "Synergy"})
    hostile = db.run(con, "market_share", {"firm": "Synergy' OR '1'='1"})
    assert len(honest) > 0 and len(hostile) == 0
    dropped = db.run(con, "market_size", {"firm": "x'; DROP TABLE sources; --"})
    assert dropped.empty
    assert con.execute("SELECT count(*) FROM sources").fetchone()[0] > 0


def test_unknown_query_name_is_refused():
    with pytest.raises(queries.UnknownQuery):
        queries.sql("../dashboard")


def test_connection_is_read_only(con):
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM sources")
