"""AppTest: the Contracts page counts each deal once, shows undisclosed values as undisclosed,
and its role matrix follows the "as of" date in the link."""
from __future__ import annotations

import duckdb
import pytest

from .test_app_market import figures, run_page


def db_rows(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def by_name(figs, word):
    return next(f for f in figs if word in f["layout"]["title"]["text"])


def test_totals_count_each_deal_once(use_db):
    at = run_page("pages/contracts.py")
    figs = figures(at)
    assert len(figs) == 5
    counted = db_rows(use_db, "SELECT seller_id, sum(value_usd_bn) FROM contracts "
                              "WHERE coalesce(counts_in_total, true) AND value_usd_bn IS NOT NULL GROUP BY 1")
    expected = sum(v for _, v in counted)
    totals = by_name(figs, "disclosed and counted")
    bars = next(t for t in totals["data"] if t["type"] == "bar")
    assert sum(bars["x"]) == pytest.approx(expected)
    assert len(bars["x"]) == len(counted)
    # Spreading each counted deal over its years adds back up to the same total.
    per_year = by_name(figs, "a year in")
    assert sum(sum(t["y"]) for t in per_year["data"] if t["type"] == "bar") == pytest.approx(expected)
    # Excluded deals are named (by seller, never by id) with their reason, never added in.
    excluded = db_rows(use_db, "SELECT p.short_name, c.contract_id FROM contracts c "
                               "JOIN providers p ON p.provider_id = c.seller_id WHERE NOT c.counts_in_total")
    assert excluded and "Left out" in totals["layout"]["title"]["text"]
    shown = " ".join(m.value for m in at.markdown)
    assert all(f"**{seller}**" in shown and cid not in shown for seller, cid in excluded)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_left_out_list_in_the_page_language_without_ids(use_db, lang):
    """The list showed 'stargate-500' and, in Chinese, English reasons after half-width '(…):'."""
    import re

    from channel_conflict import i18n

    at = run_page("pages/contracts.py", {} if lang == "en" else {"lang": lang})
    head = i18n.t("contracts.left_out", lang)
    listed = next(m.value for m in at.markdown if m.value.startswith(head))
    items = listed.splitlines()[1:]
    ids = [r[0] for r in db_rows(use_db, "SELECT contract_id FROM contracts")]
    assert len(items) == len(db_rows(use_db, "SELECT 1 FROM contracts WHERE NOT counts_in_total"))
    assert not any(cid in listed for cid in ids)
    for item in items:
        assert i18n.paren("", "x", lang)[:-2].strip() in item and i18n.colon(lang) in item
        if lang == "zh-TW":
            reason = item.split(i18n.colon(lang), 1)[1]
            for name in ["OpenAI", *(r[0] for r in db_rows(use_db, "SELECT short_name FROM providers"))]:
                reason = reason.replace(name, "")  # names stay as they are; the words around them are Chinese
            assert not re.search(r"[A-Za-z]{4,}", reason), item
            assert "(" not in item and "):" not in item


def test_undisclosed_values_say_undisclosed_not_zero(use_db):
    figs = figures(run_page("pages/contracts.py"))
    hidden = {r[0] for r in db_rows(use_db, "SELECT p.short_name FROM contracts c "
                                            "JOIN providers p ON p.provider_id = c.seller_id "
                                            "WHERE coalesce(c.counts_in_total, true) AND c.value_usd_bn IS NULL")}
    totals = by_name(figs, "disclosed and counted")
    marks = next(t for t in totals["data"] if t.get("name") == "Value undisclosed")
    assert set(marks["y"]) == hidden
    assert all(t.startswith("undisclosed") for t in marks["text"])
    gantt = by_name(figs, "compute deals run")
    labels = next(t for t in gantt["data"] if t.get("mode") == "text")["text"]
    assert sum(t.startswith("undisclosed") for t in labels) == len(hidden)
    assert not any(t.startswith("$0") for t in labels)


def test_role_matrix_follows_the_as_of_date(use_db):
    latest = figures(run_page("pages/contracts.py"))[0]
    early = figures(run_page("pages/contracts.py", {"as_of": "2025-06-10"}))[0]
    assert "2025-06-10" in early["layout"]["title"]["text"]
    dots = lambda f: sum(len(t["x"]) for t in f["data"] if t["type"] == "scatter")  # noqa: E731
    n_early = db_rows(use_db, "SELECT count(DISTINCT (provider_id, role)) FROM partner_roles "
                              "WHERE as_of <= DATE '2025-06-10'")[0][0]
    n_all = db_rows(use_db, "SELECT count(DISTINCT (provider_id, role)) FROM partner_roles")[0][0]
    assert dots(early) == n_early < dots(latest) == n_all
    # Rows carry the provider colour; the AWS row exists even before AWS held any role.
    assert any("#E8870E" in y and "AWS" in y for y in latest["layout"]["yaxis"]["categoryarray"])


def test_bad_as_of_in_link_shows_notice(use_db):
    at = run_page("pages/contracts.py", {"as_of": "1999-01-01"})
    assert any("cannot show" in w.value for w in at.warning)
    assert len(figures(at)) == 5


ISO = r"\b20\d\d-\d\d-\d\d\b"


def test_zh_dates_and_confidence_use_the_page_language(use_db):
    """One date form on the page (i18n.as_of): the slider, the captions and the chart titles agree;
    confidence words are translated."""
    import re

    from channel_conflict import i18n

    at = run_page("pages/contracts.py", {"lang": "zh-TW"})
    slider = at.select_slider[0]
    assert not re.search(ISO, slider.format_func(slider.value)), slider.format_func(slider.value)
    caps = " ".join(c.value for c in at.caption)
    assert not re.search(ISO, caps), caps
    assert i18n.confidence("confirmed", "zh-TW") in caps and "confirmed" not in caps
    # A link made in English (ISO) or in Chinese picks the same date.
    early = figures(run_page("pages/contracts.py", {"lang": "zh-TW", "as_of": "2025年6月10日"}))[0]
    assert "2025年6月10日" in early["layout"]["title"]["text"]


def keyed_block(node, key):
    """The block st.container(key=key) made (its proto id ends with the key), or None."""
    for c in getattr(node, "children", {}).values():
        if str(getattr(getattr(c, "proto", None), "id", "")).endswith(f"-{key}"):
            return c
        if (found := keyed_block(c, key)) is not None:
            return found
    return None


def test_headline_cards_sit_where_their_figures_fit(use_db):
    """'7,304億美元' was cut to '7,304億…' at 1366 px: the cards sit in the keyed container whose
    figures ui.layout's HEADLINE_CSS sizes to fit, as on the Overview."""
    from channel_conflict.ui import layout

    at = run_page("pages/contracts.py", {"lang": "zh-TW"})
    block = keyed_block(at.main, layout.HEADLINE_FIGURES)
    assert block is not None and len(block.get("metric")) == 4
    assert f".st-key-{layout.HEADLINE_FIGURES} [data-testid=\"stMetricValue\"]" in layout.HEADLINE_CSS


def test_a_role_without_money_says_so_in_its_hover(use_db):
    """The hover of a distributor or a rival read 'US$ figure: held'."""
    from channel_conflict import i18n

    latest = figures(run_page("pages/contracts.py"))[0]
    dots = next(t for t in latest["data"] if t["type"] == "scatter" and t.get("customdata"))
    amounts = [row[2] for row in dots["customdata"]]
    assert i18n.t("roles.no_dollars") in amounts
    assert i18n.t("roles.held") not in amounts
