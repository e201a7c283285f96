"""AppTest: every translated page in Traditional Chinese (`?lang=zh-TW`) and unchanged in English."""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import i18n
from channel_conflict.paths import ROOT

CJK = re.compile(r"[\u3400-\u9fff]")
# Pages whose text and charts are translated, and a part of an English chart title each must keep.
PAGES = {
    "capital": "bps lower spread saves about",
    "sources": "sourced rows are confirmed",
    "market": "of cloud infrastructure spend in",
    "timeline": "events from",
    "contracts": "of OpenAI compute commitments are disclosed and counted",
    "overview": "of OpenAI compute commitments are disclosed and counted",
    "overlap": "business is most exposed",
}


def run(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def titles(at: AppTest) -> list[str]:
    out = []
    for c in at.get("plotly_chart"):
        text = json.loads(c.proto.spec)["layout"]["title"]["text"]
        out.append(re.sub(r"<[^>]+>", " ", text.split("<span")[0]))
    return out


def footers(at: AppTest) -> list[str]:
    return [a["text"] for c in at.get("plotly_chart") for a in json.loads(c.proto.spec)["layout"].get("annotations", [])
            if a.get("name") == "footer"]


def english_phrases() -> set[str]:
    """Runs of three or more English words from every en.toml string that zh-TW.toml translates
    (placeholders, tags and markup cut out; names, code and command lines left aside)."""
    en, zh = i18n.strings("en"), i18n.strings("zh-TW")
    out = set()
    for key, text in en.items():
        if text == zh[key]:
            continue
        for frag in re.split(r"%?\{[^}]*\}|<[^>]+>|\*\*|[*`“”\"()]", text):
            frag = frag.strip(" .,:;·-–")
            if len(re.findall(r"\b[a-z]{2,}\b", frag)) >= 2 and len(frag.split()) >= 3 and not re.search(r"--|_", frag):
                out.add(frag)
    return out


def shown_text(at: AppTest) -> list[str]:
    """What a visitor reads: text elements, widget labels (and button help), metrics, tabs, links, and each
    chart's title, notes, axis titles, trace names and hover templates. Slider help is left out: it quotes
    the assumption rows' rationale, which is data text (in English, as the page says)."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [x for m in at.metric for x in (m.label, m.value, m.proto.help)]
    out += [x for b in at.button for x in (b.label, b.proto.help)]
    for kind in ("slider", "selectbox", "toggle", "radio", "multiselect", "text_input", "select_slider"):
        out += [w.label for w in getattr(at, kind)]
    out += [w.placeholder for w in at.multiselect]  # Streamlit's own is English ("Choose options")
    out += [e.label for kind in ("tabs", "expander") for e in getattr(at, kind)]
    out += [p.proto.label for p in at.get("page_link")]
    for c in at.get("plotly_chart"):
        spec = json.loads(c.proto.spec)
        lay = spec["layout"]
        out += [lay.get("title", {}).get("text", "")] + [a.get("text", "") for a in lay.get("annotations", [])]
        out += [((lay.get(ax) or {}).get("title") or {}).get("text", "")
                for ax in ("xaxis", "yaxis", "xaxis2", "yaxis2")]
        out += [str(tr.get(k, "")) for tr in spec["data"] for k in ("name", "hovertemplate")]
    from channel_conflict.views.overlap import model_document

    doc = model_document().strip()  # docs/model.md, drawn as it is (English), like the data
    return [t for t in out if t and t.strip() != doc]


@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_chinese(use_db, page):
    at = run(page, {"lang": "zh-TW", "zz": "1"})  # a parameter no page knows: its notice shows too
    assert not at.error, [e.value for e in at.error]
    english = english_phrases()
    leaks = sorted({p for t in shown_text(at) for p in english if p in t})
    assert leaks == [], leaks
    assert at.title and CJK.search(at.title[0].value), at.title[0].value
    heads = titles(at)
    assert heads, "no charts"
    for h in heads:
        assert CJK.search(h), h
    for f in footers(at):
        assert f.startswith("資料來源："), f
        assert "資料截至" in f and "年" in f
    for b in at.button_group:  # pills: our own vocabulary (event kinds, confidence levels) in the page's language
        words = [o.content for o in b.proto.options if re.fullmatch(r"[a-z][a-z _-]*", o.content)]
        assert words == [], (b.key, words)
    if page == "timeline":  # event kinds in the chart's legend and the table's category column too
        legend = {t.get("name") for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]
                  if t.get("name") and t.get("showlegend") is not False}
        cats = set(at.dataframe[0].value["category"])
        assert legend and cats and all(CJK.search(x) for x in legend | cats), (legend, cats)
    for d in at.dataframe:  # table headers are words of the page's language, not column names
        cols = {k: v.get("label") for k, v in json.loads(d.proto.columns).items() if k != "_index"}
        raw = sorted(k for k, label in cols.items()  # a unit alone ('GW') is fine; an English word is not
                     if not label or label == k or (not CJK.search(label) and re.search(r"[a-z]{2}", label)))
        assert raw == [], (page, raw)
    for w in at.multiselect:  # an empty multiselect's placeholder comes from the language files, not Streamlit
        assert CJK.search(w.placeholder), (w.key, w.placeholder)
    # the sidebar speaks Chinese too, and the language switch shows it
    assert any("總覽" in (p.proto.label or "") for p in at.get("page_link"))


@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_english_unchanged(use_db, page):
    at = run(page)
    heads = titles(at)
    assert any(PAGES[page] in h for h in heads), heads
    for h in heads:
        assert not CJK.search(h), h
    for f in footers(at):
        assert f.startswith("Source: ") and "Data as of " in f
    assert not CJK.search(at.title[0].value)


def test_capital_money_the_chinese_way(use_db):
    at = run("capital", {"lang": "zh-TW"})
    heads = " ".join(titles(at))
    assert "億美元" in heads or "兆美元" in heads, heads
    assert "US$" in heads  # GPU-hour prices in US dollars, not NT$
    assert "（" in at.slider(key="buildout_usd_bn").label  # translated label with its confidence


def test_market_money_the_chinese_way(use_db):
    at = run("market", {"lang": "zh-TW"})
    assert any("億美元" in m.value or "兆美元" in m.value for m in at.metric), [m.value for m in at.metric]
    at = run("market")
    assert any(m.value.startswith("$") and m.value.endswith("B") for m in at.metric)


def test_slider_values_keep_their_url_in_chinese(use_db):
    at = run("capital", {"lang": "zh-TW", "spread_cut_bps": "70"})
    assert "70 個基點" in " ".join(titles(at))
    assert at.query_params.get("lang") in ("zh-TW", ["zh-TW"])


def test_bad_language_falls_back_to_english(use_db):
    at = run("capital", {"lang": "klingon"})
    assert not CJK.search(at.title[0].value)
    assert any("klingon" in w.value for w in at.warning)


def test_language_switch(use_db):
    at = run("capital")
    at.button_group(key="lang").set_value("zh-TW").run()
    assert not at.exception
    assert CJK.search(at.title[0].value)
    assert at.query_params.get("lang") in ("zh-TW", ["zh-TW"])


def test_every_key_is_used_somewhere_in_english_too():
    """The English file is the reference: t() never falls back for a key only zh-TW has."""
    assert set(i18n.strings("zh-TW")) <= set(i18n.strings("en"))


def test_link_notice_in_chinese(use_db):
    at = run("market", {"lang": "zh-TW", "firm": "Nope", "zz": "1"})
    text = " ".join(w.value for w in at.warning)
    assert "此連結要求的值無法在本頁顯示" in text and "不是可選的選項" in text and "已忽略本頁不使用的參數" in text
    at = run("market", {"firm": "Nope"})
    assert "is not one of the options" in " ".join(w.value for w in at.warning)


def test_database_errors_in_chinese(monkeypatch, tmp_path):
    """A database problem is said in the page's language (db.DataError carries i18n.Messages)."""
    path = tmp_path / "junk.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = run("market", {"lang": "zh-TW"})
    text = " ".join(e.value for e in at.error)
    assert "不是 DuckDB 資料庫" in text and "junk.duckdb" in text and "make data" in text, text
    assert not [p for p in english_phrases() if p in text]
