"""Echoed text is inert: a value from a link, a saved scenario name or the DB never becomes a link,
an image or markup, in markdown (notices, captions) or in a Plotly figure (titles, hovers, names).

The markdown is rendered with markdown-it-py in its GFM-like mode with bare-URL linkify and raw HTML
on (stricter than Streamlit, which drops raw HTML), and the rendered HTML is checked. Plotly text is
checked for tags: only the charts' own formatting tags (text.sanitize_plotly's allowlist) may remain.
"""
from __future__ import annotations

import html
import json
import re
import shutil

import duckdb
import plotly.graph_objects as go
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from channel_conflict import text
from channel_conflict.charts.base import Caption, finish
from channel_conflict.params import Param, parse
from tests.app_helpers import run_app

MD = MarkdownIt("gfm-like", {"linkify": True, "html": True})
EVIL = "evil.example"
PIECES = ["`", "``", "```", "[", "]", "(", ")", "![](http://evil.example/x.png)", "[Sign in](https://evil.example/login)",
          "<a href='https://evil.example'>x</a>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
          "https://evil.example", "www.evil.example", "me@evil.example", "*", "_", "**", "#", "\n# h\n", "\n- li",
          "|a|b|", "\\", "<", ">", "&lt;a&gt;", "&amp;", ":red[x]", "$x$", "%{x}", "<b>", "<br>", "\u202e",
          "漢字", " ", "javascript:alert(1)", "<https://evil.example>", "[x]: https://evil.example"]
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map("".join)

ALLOWED_PLOTLY = re.compile(r"<br ?/?>|</?(?:b|i|em|sup|sub|extra)>|</span>"
                            r"|<span style='(?:font-size:\d{1,2}px;)?color:#[0-9A-Fa-f]{3,6}'>", re.I)


def rendered(markdown: str) -> str:
    return MD.render(markdown)


def assert_inert_html(out: str) -> None:
    assert "<a " not in out and "<img" not in out, out
    tags = set(re.findall(r"</?([a-z0-9]+)", out))
    assert tags <= {"p", "code", "em", "strong", "ul", "li", "br"}, (tags, out)


def visible(out: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip()


@settings(max_examples=300, deadline=None, database=None)
@given(hostile)
def test_md_is_plain_text(value):
    out = rendered(text.md(value, limit=None))
    assert_inert_html(out)
    assert set(re.findall(r"</?([a-z0-9]+)", out)) <= {"p"}
    assert visible(out) == re.sub(" {2,}", " ", text._clean(value, None)).strip()


@settings(max_examples=300, deadline=None, database=None)
@given(hostile)
def test_code_is_one_code_span(value):
    out = rendered("x " + text.code(value, limit=None) + " y").strip()
    cleaned = text._clean(value, None)
    if not cleaned.strip():
        return
    m = re.fullmatch(r"<p>x <code>(.*)</code> y</p>", out, flags=re.S)
    assert m, out
    assert html.unescape(m.group(1)).strip() == cleaned.strip()


@settings(max_examples=200, deadline=None, database=None)
@given(st.dictionaries(hostile.filter(lambda k: k.strip() == k and k), st.lists(hostile, min_size=1, max_size=3),
                       max_size=3), st.sampled_from(["en", "zh-TW"]))
def test_link_notice_is_inert(query, lang):
    """The notice LinkControls.show_notice draws, for any link, makes no link, image or HTML."""
    params = [Param("firm", "Research *firm*", "choice", "Synergy", options=("Synergy", "Canalys")),
              Param("rho", "Resale", "float", 0.1, min=0, max=1)]
    query = {"firm": next(iter(query.values()), ["x"]), **query}
    _, problems = parse(params, query, lang=lang)
    assert problems
    assert_inert_html(rendered("- " + "\n- ".join(problems)))


def test_the_reported_phishing_link_is_dead():
    """The issue's example: a backtick closes the code span and a markdown link follows."""
    raw = "x` [Sign in again](https://evil.example/login) `"
    _, problems = parse([Param("firm", "Firm", "choice", "a", options=("a",))], {"firm": [raw]})
    out = rendered(problems[0])
    assert_inert_html(out)
    assert "Sign in again" in out and "href" not in out


@settings(max_examples=200, deadline=None, database=None)
@given(hostile, hostile, hostile)
# Found by Hypothesis: escaping the inner tags left the outer brackets as a new tag.
@example(name="", publisher="", category="<<a href='https://evil.example'>x</a>>")
def test_figures_carry_no_foreign_tags(name, publisher, category):
    fig = go.Figure(go.Bar(x=[category, "b"], y=[1, 2], name=name, text=[name, publisher],
                           customdata=[[publisher], [name]],
                           hovertemplate="%{x}: %{customdata[0]}<br><b>%{y}</b><extra></extra>"))
    fig.update_layout(xaxis_title_text=category, legend_title_text=name)
    fig.add_annotation(text=publisher, x=0, y=0)
    finish(fig, Caption(f"Title {name}", f"sub {category}", publisher, "2025-01-01", scenario=name))
    for s in _strings(fig.to_plotly_json()):
        for tag in re.findall(r"<[^<>]*>", s):
            assert ALLOWED_PLOTLY.fullmatch(tag), (tag, s)
    title = fig.layout.title.text
    assert "&lt;" in title or "<" not in name  # the scenario name's own tags are shown, as text


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k != "template":
                yield from _strings(v)
    elif isinstance(obj, (list, tuple)) or hasattr(obj, "tolist"):
        for v in (obj.tolist() if hasattr(obj, "tolist") else obj):
            yield from _strings(v)


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "/relative", "https://e x.com",
                                   "https://evil.example/<script>", "ftp://x"])
def test_link_refuses_non_web_urls(value):
    assert text.url(value) is None
    assert "](" not in text.link("t", value)


def test_link_keeps_a_real_source():
    out = rendered(text.link("Q3 [results]", "https://example.com/a_(b)?c=1"))
    assert out.count("<a ") == 1 and "https://example.com/a_%28b%29?c=1" in out and "[results]" in out


# --- end to end: the pages with a hostile link and a hostile DB ---------------------------------------------

PAYLOAD = "x` [Sign in again](https://evil.example/login) ` ![](http://evil.example/p.png) <a href='https://evil.example'>a</a>"


def _page_markdown(at) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [m.help or "" for m in at.metric]
    return out


def _assert_page_inert(at) -> None:
    for md_text in _page_markdown(at):
        out = rendered(md_text)
        for m in re.finditer(r"<(?:a|img)\b[^>]*>", out):
            assert EVIL not in m.group(0), (m.group(0), md_text)
    for chart in at.get("plotly_chart"):
        for s in _strings(json.loads(chart.proto.spec)):
            for tag in re.findall(r"<[^<>]*>", s):
                assert ALLOWED_PLOTLY.fullmatch(tag), (tag, s)


@pytest.mark.parametrize("page,query", [("pages/market.py", {"firm": PAYLOAD, PAYLOAD: "1"}),
                                        ("pages/overview.py", {"lang": PAYLOAD})])
def test_hostile_link_on_a_page(use_db, page, query):
    from streamlit.testing.v1 import AppTest

    from channel_conflict.paths import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception
    assert any("evil" in w.value for w in at.warning)  # the value is shown ...
    _assert_page_inert(at)  # ... as text


@pytest.fixture
def hostile_db(tmp_path, built_db, monkeypatch):
    """The project's DB with publishers, titles, notes and a provider name replaced by markup."""
    path = tmp_path / "hostile.duckdb"
    shutil.copy(built_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE sources SET publisher = publisher || ?, title = coalesce(title, '') || ?",
                    [" " + PAYLOAD, " " + PAYLOAD])
        con.execute("UPDATE sources SET url = 'javascript:alert(1)' WHERE source_id IN "
                    "(SELECT source_id FROM sources ORDER BY published DESC LIMIT 3)")
        con.execute("UPDATE providers SET name = name || ?", [" " + PAYLOAD])
        con.execute("UPDATE market_size SET notes = ?", [PAYLOAD])
        con.execute("UPDATE events SET title = title || ?, description = ?", [" " + PAYLOAD, PAYLOAD])
        for table in ("contracts", "partner_exposure", "openai_financials", "gpu_prices", "market_share"):
            con.execute(f"UPDATE {table} SET notes = ?", [PAYLOAD])
        con.execute("UPDATE contracts SET buyer = buyer || ?", [" " + PAYLOAD])
        con.execute("UPDATE assumptions SET rationale = ?", [PAYLOAD])
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    return path


@pytest.mark.parametrize("page", ["pages/market.py", "pages/overview.py", "pages/timeline.py", "pages/contracts.py",
                                  "pages/sources.py", "pages/capital.py", "pages/overlap.py"])
def test_hostile_database_text_on_a_page(hostile_db, page):
    at = run_app(page)
    _assert_page_inert(at)
    for md_text in _page_markdown(at):
        assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', rendered(md_text)))


def test_model_check_messages_are_inert(inputs):
    """A saved scenario's values and ids are echoed by check() on the Overlap page."""
    from channel_conflict.model.scenario import Scenario, check

    bad = "x` [Sign in](https://evil.example) ![](http://evil.example/p.png) `"
    _, problems = check(Scenario(rho=bad, delta=0.1, kappa=0.5, weights={bad: 1.0}, protect={bad: 0.5}), inputs)
    assert len(problems) >= 3
    for p in problems:
        assert_inert_html(rendered(p))
