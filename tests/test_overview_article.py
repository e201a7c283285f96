"""The overview walks the article: three impacts, two risks, three things to watch, each a link that
opens a working view of the chart that answers it (right page, tab and controls; no bad-link notice)."""
from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import i18n
from channel_conflict.paths import ROOT
from channel_conflict.views import overview as view

NOTICE = i18n.t("link.notice", i18n.DEFAULT)[:30]
TAB_CHART = {"overlap.tab_heatmap": "overlap-heatmap", "overlap.tab_bars": "overlap-exposure-bars",
             "overlap.tab_market": "overlap-market-share"}


def article_links(lang: str | None = None) -> list:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return [e.proto for e in at.get("page_link") if "arrow_forward" in e.proto.icon]


def open_link(proto) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for k, v in parse_qs(proto.query_string).items():
        at.query_params[k] = v if len(v) > 1 else v[0]
    at.switch_page(f"pages/{proto.page}.py").run()
    assert not at.exception, at.exception
    return at


def test_eight_points_in_three_groups(use_db):
    links = article_links()
    assert len(links) == len(view.ARTICLE) == 8
    assert [p.group for p in view.ARTICLE].count("impacts") == 3
    assert [p.group for p in view.ARTICLE].count("risks") == 2
    assert [p.group for p in view.ARTICLE].count("watch") == 3
    assert links[0].label.startswith("OpenAI turns compute supplier")


@pytest.mark.parametrize("i", range(len(view.ARTICLE)), ids=[p.key for p in view.ARTICLE])
def test_each_link_opens_a_working_view(use_db, i):
    proto = article_links()[i]
    point = view.ARTICLE[i]
    assert f"pages/{proto.page}.py" == point.page
    at = open_link(proto)
    assert not any(NOTICE in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.get("plotly_chart"), "no chart drawn"
    controls = dict(point.controls)
    for key, value in controls.items():
        if key == "chart":  # the tab the link names is the one open: its chart is the one drawn
            drawn = [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]
            assert TAB_CHART[value[4:]] in drawn, drawn
        elif key == "category":
            sub = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
            assert "channel, contract" in sub, sub
        else:
            assert at.slider(key=key).value == pytest.approx(float(value)), key


def test_links_keep_the_language_and_name_tabs_in_it(use_db):
    links = article_links("zh-TW")
    first = parse_qs(links[0].query_string)
    assert first["lang"] == ["zh-TW"] and first["chart"] == [i18n.t("overlap.tab_heatmap", "zh-TW")]
    at = open_link(links[0])
    assert not any(i18n.t("link.notice", "zh-TW")[:10] in w.value for w in at.warning)


def test_key_events_marked_on_the_spend_and_market_charts(use_db):
    from tests.test_app_market import figures, run_page
    for page in ("pages/market.py", "pages/contracts.py"):
        figs = figures(run_page(page))
        marked = [f for f in figs
                  if any("AWS $38B" in (a.get("text") or "") for a in f["layout"].get("annotations", []))]
        assert marked, page
        texts = " ".join(a.get("text") or "" for f in marked for a in f["layout"]["annotations"])
        assert all(k in texts for k in ("Oracle $300B", "Microsoft $250B", "Altman: an 'AI cloud'")), texts
