"""AppTest: the Market page draws its charts from the DB, for each research firm."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict.paths import ROOT


def run_page(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=20)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_overview_links_every_page(use_db):
    at = run_page("pages/overview.py")
    assert "suppliers become its rivals" in at.title[0].value


@pytest.mark.parametrize("firm", ["Synergy", "Canalys"])
def test_market_share_chart_shows_the_chosen_firm(use_db, firm):
    at = run_page("pages/market.py", {"firm": firm})
    share, size = figures(at)[:2]
    assert firm in share["layout"]["title"]["text"]
    names = {t["name"] for t in share["data"]}
    assert {"AWS", "Azure", "Google Cloud"} <= names
    footer = [a["text"] for a in share["layout"]["annotations"] if a["text"].startswith("Source:")]
    assert footer and "Data as of" in footer[0]
    aws = next(t for t in share["data"] if t["name"] == "AWS")
    assert aws["line"]["color"] == "#E8870E"  # providers.color, the same everywhere


def test_market_charts_download_2x_png_named_for_the_chart(use_db):
    at = run_page("pages/market.py")
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"]["scale"] == 2
    assert config["toImageButtonOptions"]["filename"].startswith("market-share")
