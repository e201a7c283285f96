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


def values(arr) -> list:
    """A Plotly array as a list: Plotly 7 writes numeric arrays as {"dtype", "bdata"} (base64)."""
    if isinstance(arr, dict) and "bdata" in arr:
        import base64

        import numpy as np

        out = np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.dtype(arr["dtype"]))
        return out.reshape(arr["shape"]).tolist() if arr.get("shape") and "," in str(arr["shape"]) else out.tolist()
    return list(arr) if arr is not None else []


def _decode(obj):
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            return values(obj)
        return {k: _decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decode(v) for v in obj]
    return obj


def figures(at: AppTest) -> list[dict]:
    """Each chart's figure JSON, with Plotly's base64 typed arrays decoded to lists."""
    return [_decode(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]


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


def test_market_runs_over_every_quarter_and_shades_missing_ones(use_db):
    import duckdb

    from channel_conflict.charts.market import quarter_range

    at = run_page("pages/market.py")
    share, groups, size = figures(at)
    con = duckdb.connect(str(use_db), read_only=True)
    quarters = [r[0] for r in con.execute(
        "SELECT quarter FROM market_size WHERE research_firm = 'Synergy' UNION "
        "SELECT quarter FROM market_share WHERE research_firm = 'Synergy'").fetchall()]
    with_share = {r[0] for r in con.execute(
        "SELECT DISTINCT quarter FROM market_share WHERE research_firm = 'Synergy'").fetchall()}
    con.close()
    axis = quarter_range(quarters)
    # Each chart runs from its own first figure to its own last (Canalys's size chart opened on nine
    # empty quarters); Synergy's size figures span the firm's whole range.
    assert size["layout"]["xaxis"]["categoryarray"] == axis
    assert set(groups["layout"]["xaxis"]["categoryarray"]) <= set(axis)
    # The share chart starts at its first share figure (no empty shaded quarters before it); a quarter
    # missing inside its run would still be shaded.
    share_axis = [q for q in axis if q >= min(with_share)]
    assert share["layout"]["xaxis"]["categoryarray"] == share_axis
    inner = [q for q in share_axis if q not in with_share]
    bands = [s for s in share["layout"].get("shapes", []) if s.get("fillcolor") == "#EEF0F3"]
    assert bool(inner) == bool(bands)
    aws = next(t for t in share["data"] if t["name"] == "AWS")
    assert len(aws["y"]) == len(share_axis)
    # The big three one by one and everyone else as one line: no 0-5% fragments.
    names = [t["name"] for t in share["data"] if t.get("mode") == "lines+markers"]
    assert names == ["AWS", "Azure", "Google Cloud", "Everyone else (100% − the big three; includes Oracle)"]
    others = next(t for t in share["data"] if t["name"].startswith("Everyone else"))
    big = [next(t for t in share["data"] if t["name"] == n)["y"] for n in ("AWS", "Azure", "Google Cloud")]
    i = next(i for i, v in enumerate(others["y"]) if v is not None and v == v)
    assert abs(others["y"][i] + sum(b[i] for b in big) - 100) < 0.11


def test_market_groups_label_coreweave_as_implied(use_db):
    _, groups, _ = figures(run_page("pages/market.py"))
    names = [t["name"] for t in groups["data"]]
    assert any(n.startswith("Big three") for n in names) and "Oracle" in names
    cw = [t for t in groups["data"] if t["name"].startswith("CoreWeave")]
    assert cw and all("implied" in t["name"] and t["line"]["dash"] == "dash" for t in cw)
    assert cw[0]["line"]["color"] == "#7A4FD0"
    assert "CoreWeave: no Synergy share" in groups["layout"]["title"]["text"]


@pytest.mark.parametrize("firm", ["Synergy", "Canalys"])
def test_market_kpis_say_their_source_and_quarter(use_db, firm):
    at = run_page("pages/market.py", {"firm": firm})
    labels = [m.label for m in at.metric]
    assert [lbl.split(",")[0] for lbl in labels] == ["Market size", "Growth year on year", "Top-3 share"]
    captions = [c.value for c in at.caption if "Source:" in c.value]
    assert len(captions) >= 3 and all(firm in c for c in captions[:3])
    for label, caption in zip(labels, captions[:3], strict=True):
        assert label.split(", ")[1] in caption  # the quarter


def test_market_bad_firm_in_link_shows_notice(use_db):
    at = run_page("pages/market.py", {"firm": "Gartner"})
    assert any("cannot show" in w.value for w in at.warning)
    assert "Synergy" in figures(at)[0]["layout"]["title"]["text"]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_every_missing_growth_figure_is_marked(use_db, lang):
    """A quarter with a market total but no growth figure says 'no growth figure' on its bar (it said 'no
    figure' over a bar that has one), a quarter with no total 'no figure'."""
    import duckdb

    from channel_conflict import i18n

    size = figures(run_page("pages/market.py", {"lang": lang}))[-1]
    bars = next(t for t in size["data"] if t["type"] == "bar")
    label = dict(zip(bars["x"], bars["text"], strict=True))
    con = duckdb.connect(str(use_db), read_only=True)
    missing = [r[0] for r in con.execute("SELECT quarter FROM market_size WHERE research_firm = 'Synergy' "
                                         "AND total_usd_bn IS NOT NULL AND yoy_growth_pct IS NULL").fetchall()]
    con.close()
    assert missing
    # Every bar says its growth; where an event line sits on the quarter, beside the line, not under it.
    lines = {s["x0"] for s in size["layout"].get("shapes", []) if s["type"] == "line"}
    beside = {a["x"]: a for a in size["layout"].get("annotations", []) if a.get("name") == "beside_line"}
    assert lines
    for q, v in dict(zip(bars["x"], values(bars["y"]), strict=True)).items():
        if v is None or v != v or q in missing:
            continue
        assert (beside.get(q) if q in lines else label[q]), q
        assert not (q in lines and label[q]), q
    # 'no figure' is one mark, alike everywhere: on its own quarter, on the bar (the axis in a gap), one size
    marks = [a for a in size["layout"].get("annotations", []) if a.get("name") == "no_figure"]
    said = {a["x"]: a["text"].replace("<br>", " ") for a in marks}
    assert set(missing) <= set(said) and {said[q] for q in missing} == {i18n.t("market.no_growth", lang)}, said
    assert {t for q, t in said.items() if q not in missing} <= {i18n.t("market.no_figure", lang)}, said
    assert not any(label[q] for q in missing)
    assert len({(a["xanchor"], a["yanchor"], a["yref"], a["font"]["size"]) for a in marks}) == 1
    top = dict(zip(bars["x"], values(bars["y"]), strict=True))
    # a label moved beside an event line never reaches into a neighbour's 'no figure' mark (2025Q4's '+30%'
    # printed over 2025Q3's 'no growth figure')
    order = list(bars["x"])
    for q, a in beside.items():
        left = order[order.index(q) - 1] if order.index(q) else None
        assert a["xanchor"] == ("left" if left in said else "right"), (q, left)
    for a in marks:
        assert a["y"] == (top[a["x"]] if top[a["x"]] is not None and top[a["x"]] == top[a["x"]] else 0), a
