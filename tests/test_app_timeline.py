"""AppTest: the Timeline page filters by actor and category from the link, and says the open question."""
from __future__ import annotations

import duckdb

from .test_app_market import figures, run_page


def count(path, where="true"):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            f"SELECT count(*) FROM events WHERE event_date >= DATE '2024-01-01' AND {where}").fetchone()[0]
    finally:
        con.close()


def points(fig):
    """Event markers (the labels of the key markers are a text-only trace, not events)."""
    return sum(sum(v is not None for v in t["x"]) for t in fig["data"]
               if t["type"] == "scatter" and t.get("mode") != "text")


def test_timeline_starts_in_early_2024_and_labels_its_turning_points(use_db):
    (fig,) = figures(run_page("pages/timeline.py"))
    assert "from Jan 2024" in fig["layout"]["title"]["text"]
    labels = {a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "event-label"}
    assert {"Altman's chip-fab network", "Oracle $300B", "Microsoft $250B", "AWS $38B",
            "Altman: an 'AI cloud'"} <= labels


def test_all_events_since_2024_by_default(use_db):
    at = run_page("pages/timeline.py")
    (fig,) = figures(at)
    assert points(fig) == count(use_db)
    assert f"{count(use_db)} events" in fig["layout"]["title"]["text"]
    assert any("unknown" in w.value and "selling raw compute" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert len(table) == count(use_db) and table["url"].str.startswith("http").all()


def test_actor_filter_from_link(use_db):
    (fig,) = figures(run_page("pages/timeline.py", {"actor": "AWS"}))
    assert 0 < points(fig) == count(use_db, "actor = 'AWS'") < count(use_db)
    colors = {c for t in fig["data"] if t["type"] == "scatter" and isinstance(t.get("marker", {}).get("color"), list)
              for c in t["marker"]["color"]}
    assert colors == {"#E8870E"}  # AWS's provider colour


def test_category_filter_from_link(use_db):
    (fig,) = figures(run_page("pages/timeline.py", {"category": "contract"}))
    assert points(fig) == count(use_db, "category = 'contract'")
    names = {t["name"] for t in fig["data"] if t.get("showlegend") is not False}
    assert names == {"contract"}


def test_bad_actor_in_link_shows_notice(use_db):
    at = run_page("pages/timeline.py", {"actor": "Nobody"})
    assert any("cannot show" in w.value for w in at.warning)


def test_category_links_work_in_either_language(use_db):
    """Categories are shown in the page's language, yet a link names one by its code (what the share bar writes)
    or by its label in either language, and opens the same view."""
    n = count(use_db, "category = 'contract'")
    for query in ({"lang": "zh-TW", "category": "contract"}, {"lang": "zh-TW", "category": "合約"},
                  {"category": "合約"}, {"category": "contract"}):
        at = run_page("pages/timeline.py", query)
        (fig,) = figures(at)
        assert points(fig) == n, query
        assert at.button_group(key="category").value == ["contract"], query
        assert not any("cannot show" in w.value or "無法" in w.value for w in at.warning), query
        names = {t["name"] for t in fig["data"] if t.get("showlegend") is not False}
        assert names == ({"合約"} if query.get("lang") else {"contract"}), query


def test_every_event_category_is_in_the_language_files():
    from channel_conflict import i18n, schema

    for lang in i18n.LANGS:
        assert {f"event_category.{c}" for c in schema.EVENT_CATEGORIES} <= set(i18n.strings(lang)), lang


def _moment(fmt: str, iso: str) -> str:
    """The few momentJS tokens i18n.date_column_format writes (YYYY, M, D, [literal]) applied to a date."""
    import re

    y, m, d = (int(x) for x in iso.split("-"))
    parts = re.findall(r"\[([^\]]*)\]|(YYYY|MM|DD|M|D)|(.)", fmt)
    tok = {"YYYY": f"{y}", "MM": f"{m:02d}", "DD": f"{d:02d}", "M": f"{m}", "D": f"{d}"}
    return "".join(lit or tok.get(t, "") or other for lit, t, other in parts)


def test_event_table_writes_dates_as_the_page_does(use_db):
    """The zh table showed '2024-01-19' beside text that writes '2026年8月14日': its date column takes the
    page's date form, as a display format only (the column still holds dates, so it sorts by date)."""
    import json

    import pandas as pd

    from channel_conflict import i18n

    for lang, params in (("en", {}), ("zh-TW", {"lang": "zh-TW"})):
        at = run_page("pages/timeline.py", params)
        df = at.dataframe[0]
        assert pd.api.types.is_datetime64_any_dtype(df.value["event_date"])
        config = json.loads(df.proto.columns)
        fmt = next(c["type_config"]["format"] for k, c in config.items() if "event_date" in k)
        assert _moment(fmt, "2024-01-19") == i18n.as_of("2024-01-19", lang)


def test_an_actor_that_is_not_a_company_is_named_in_chinese_and_lists_are_joined_as_chinese_lists(use_db):
    """'White House' was the one English row name on the Chinese chart; a filter's names were joined ', '."""
    at = run_page("pages/timeline.py", {"lang": "zh-TW", "actor": ["White House", "AWS"]})
    (fig,) = figures(at)
    rows = fig["layout"]["yaxis"]["ticktext"]
    assert "白宮" in rows and "White House" not in rows, rows
    assert "白宮、AWS" in fig["layout"]["title"]["text"] or "AWS、白宮" in fig["layout"]["title"]["text"]
    assert "白宮" in list(at.dataframe[0].value["actor"])
    (en,) = figures(run_page("pages/timeline.py", {"actor": ["White House", "AWS"]}))
    assert "White House" in en["layout"]["yaxis"]["ticktext"]
