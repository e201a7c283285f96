"""AppTest: the overview leads with numbers from the DB and links every page."""
from __future__ import annotations

import duckdb
import pytest

from channel_conflict.ui import nav

from .test_app_market import figures, run_page


def test_headline_numbers_come_from_the_db(use_db):
    at = run_page("pages/overview.py")
    con = duckdb.connect(str(use_db), read_only=True)
    total = con.execute("SELECT sum(value_usd_bn) FROM contracts WHERE coalesce(counts_in_total, true)").fetchone()[0]
    latest = con.execute("SELECT max(event_date) FROM events").fetchone()[0]
    con.close()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Counted commitments"] == f"${total:.1f}B".replace(".0B", "B")
    assert metrics["Reported commitments"] == "$1.4T"
    assert metrics["Latest sourced event"] == f"{latest:%Y-%m-%d}"
    assert any("unknown" in w.value for w in at.warning)
    totals, roles = figures(at)
    bars = next(t for t in totals["data"] if t["type"] == "bar")
    assert sum(bars["x"]) == pytest.approx(total)
    assert "partners" in roles["layout"]["title"]["text"]


def test_overview_links_every_other_page(use_db):
    at = run_page("pages/overview.py")
    links = [e.proto.page for e in at.get("page_link")]
    for p in nav.PAGES[1:]:
        assert any(p.file in link or link.endswith(p.url_path) for link in links), p.file
