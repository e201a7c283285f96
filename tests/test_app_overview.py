"""AppTest: the overview leads with numbers from the DB and links every page."""
from __future__ import annotations

import re

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


def _title_lines(fig) -> int:
    """Lines of a chart's bold title (finish wraps it with <br> inside <b>...</b>)."""
    return fig["layout"]["title"]["text"].split("</b>")[0].count("<br>") + 1


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_chart_titles_wrap_at_the_full_width_they_are_drawn(use_db, lang):
    """Both charts are drawn the page's full width, as on Contracts: their titles wrap as Contracts'
    roles chart does (they wrapped for half a page: 3-5 lines in a ~1000 px chart)."""
    params = {} if lang == "en" else {"lang": lang}
    totals, roles = figures(run_page("pages/overview.py", params))
    contracts_roles = next(f for f in figures(run_page("pages/contracts.py", params))
                           if any(t["type"] == "heatmap" for t in f["data"]))
    assert _title_lines(roles) == _title_lines(contracts_roles) == 1
    assert _title_lines(totals) == 1


def test_dates_in_chinese_are_written_one_way(use_db):
    """The latest-event figure and the callout under it write the same date the same way."""
    at = run_page("pages/overview.py", {"lang": "zh-TW"})
    latest = next(m.value for m in at.metric if m.label == "最新有來源的事件")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", latest), latest
    assert latest in at.warning[0].value


def _label_px(label: str) -> float:
    """A card label's width at Streamlit's 14 px label font: ~7.9 px a Latin character (measured: 'Partners
    with compu' filled a 150 px card at 1366 px), 14 px a Chinese one."""
    return sum(14.0 if ord(ch) > 0x2E80 else 7.9 for ch in label)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_headline_card_labels_show_whole_at_1366(use_db, lang):
    """At 1366 px the main column is ~905 px; less three 16 px gaps, shared by the card weights, less
    34 px of card padding (and 20 px for a help icon). 'Partners with compute deals' was cut to
    'Partners with compu…' in the narrowest card."""
    from channel_conflict.views import overview as view

    at = run_page("pages/overview.py", {} if lang == "en" else {"lang": lang})
    weights = view.CARD_WEIGHTS
    assert len(at.metric) == len(weights)
    for m, w in zip(at.metric, weights, strict=True):
        room = (905 - 16 * (len(weights) - 1)) * w / sum(weights) - 34 - (20 if m.help else 0)
        assert _label_px(m.label) <= room, (m.label, round(room))


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/contracts.py"])
def test_reported_commitments_note_in_the_page_language(use_db, page):
    """The reported-commitments caption said 'over about eight years' on the Chinese pages (the data's
    note): the catalogue's words for it, the data's own text on the English page."""
    from channel_conflict import i18n

    (note,) = [r[0] for r in duckdb.connect(str(use_db), read_only=True).execute(
        "SELECT notes FROM openai_financials WHERE metric = 'compute_commitments' ORDER BY value DESC LIMIT 1"
    ).fetchall()]
    zh = " ".join(c.value for c in run_page(page, {"lang": "zh-TW"}).caption)
    en = " ".join(c.value for c in run_page(page).caption)
    assert note in en and note not in zh
    assert i18n.t("contracts.reported_note.compute_commitments_2025_2033", "zh-TW") in zh
