"""Hostile links: any query string on any page gives a page, never a traceback.

Hypothesis throws random and nasty values (garbage, huge or non-finite numbers, negatives,
SQL-looking text, very long or unicode strings, repeated and unknown keys) at every page in
channel_conflict.ui.nav.PAGES through AppTest. Each page must run without an exception or an
error box, still draw its charts, and show the link notice whenever the link carried a value
it could not use. Parameter keys come from each view module's params() (views/__init__.py).
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from channel_conflict import db
from channel_conflict.params import Param, parse
from channel_conflict.paths import ROOT
from channel_conflict.ui.linkstate import GLOBAL_KEYS
from channel_conflict.ui.nav import PAGES

NOTICE = "This link asked for"
MAX_EXAMPLES = 15

NASTY = [
    "", " ", "nan", "NaN", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e-320", "9" * 400, "-1", "-0", "0x10",
    "1,5", "½", "１２", "true", "FALSE", "null", "None", "[]", "{}", "%00", "\x00", "' OR '1'='1",
    "x'; DROP TABLE sources; --", "1; SELECT * FROM sources", "<script>alert(1)</script>", "**bold**", "$x$",
    "../../etc/passwd", "漢字", "🚀" * 50, "\u202eevil", "a" * 5000,
]


def _view_params(page_file: str, q) -> list[Param]:
    """The page's Params from its view module, or [] when it has none."""
    name = Path(page_file).stem
    try:
        view = importlib.import_module(f"channel_conflict.views.{name}")
    except ModuleNotFoundError:
        return []
    return list(view.params(q)) if hasattr(view, "params") else []


@pytest.fixture(scope="module")
def hostile_env(built_db, tmp_path_factory):
    """DASHBOARD_DB at the test DB and saved scenarios in a temporary folder, for the whole module."""
    mp = pytest.MonkeyPatch()
    mp.setenv("DASHBOARD_DB", str(built_db))
    mp.setenv("DASHBOARD_SCENARIOS_DIR", str(tmp_path_factory.mktemp("scenarios")))
    yield built_db
    mp.undo()


@pytest.fixture(scope="module")
def page_specs(hostile_env) -> dict[str, list[Param]]:
    con = db.open_readonly(hostile_env)
    try:
        return {p.file: _view_params(p.file, lambda name, **kw: db.run(con, name, kw)) for p in PAGES}
    finally:
        con.close()


def run_page(page_file: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page_file).run()
    return at


@pytest.fixture(scope="module")
def baseline_charts(hostile_env) -> dict[str, int]:
    """How many charts each page draws with no query string."""
    return {p.file: len(run_page(p.file, {}).get("plotly_chart")) for p in PAGES}


def valid_values(p: Param) -> list[str]:
    if p.kind in ("float", "int", "int_range"):
        out = [f"{p.min:g}", f"{p.max:g}"] if p.min is not None and p.max is not None else []
        return out + ([str(p.default)] if p.kind != "int_range" else [])
    if p.kind == "bool":
        return ["true", "false"]
    return [p.label_of(o) for o in p.options][:6]


def values_for(p: Param | None):
    nasty = st.sampled_from(NASTY)
    numbers = st.one_of(st.integers(-10**30, 10**30).map(str),
                        st.floats(allow_nan=True, allow_infinity=True).map(repr))
    text = st.text(max_size=40)
    one = st.one_of(nasty, numbers, text, *( [st.sampled_from(valid_values(p))] if p and valid_values(p) else []))
    return st.one_of(one, st.lists(one, min_size=2, max_size=4))  # a list is the key repeated


@st.composite
def hostile_query(draw, params: list[Param]) -> dict:
    keys = [p.key for p in params]
    by_key = {p.key: p for p in params}
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=min(4, len(keys)))) if keys else []
    extra = draw(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                                  min_size=1, max_size=30).filter(lambda k: k not in by_key and k not in GLOBAL_KEYS
                                                                  and k.strip() == k),
                          max_size=2))
    return {k: draw(values_for(by_key.get(k))) for k in [*chosen, *extra]}


def link_problems(params: list[Param], query: dict) -> list[str]:
    """What the page must flag. Blank values (`?x=`) carry nothing, and Streamlit may drop them."""
    as_lists = {k: [x for x in (v if isinstance(v, list) else [v]) if x != ""] for k, v in query.items()}
    as_lists = {k: v for k, v in as_lists.items() if v}
    _, problems = parse(params, as_lists, known_extra=GLOBAL_KEYS)
    return problems


@pytest.mark.parametrize("page_file", [p.file for p in PAGES], ids=[p.url_path or "overview" for p in PAGES])
def test_hostile_query_strings_never_break_a_page(page_file, page_specs, baseline_charts):
    params = page_specs[page_file]

    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(query=hostile_query(params))
    def check(query):
        at = run_page(page_file, query)
        shown = json.dumps(query, ensure_ascii=False)[:300]
        assert not at.exception, f"{page_file} raised for {shown}: {at.exception}"
        assert not at.error, f"{page_file} showed an error for {shown}: {[e.value for e in at.error]}"
        if baseline_charts[page_file]:
            assert len(at.get("plotly_chart")) >= 1, f"{page_file} drew no chart for {shown}"
        if link_problems(params, query):
            notices = [w.value for w in at.warning if NOTICE in w.value]
            assert notices, f"{page_file} showed no link notice for {shown}"

    check()


@pytest.mark.parametrize("page_file", [p.file for p in PAGES], ids=[p.url_path or "overview" for p in PAGES])
def test_valid_links_show_no_notice(page_file, page_specs):
    """The other way round: a link with only valid values is not flagged."""
    params = page_specs[page_file]
    query = {p.key: valid_values(p)[-1] for p in params if valid_values(p) and p.kind != "int_range"}
    at = run_page(page_file, query)
    assert not at.exception and not at.error
    assert not [w.value for w in at.warning if NOTICE in w.value], f"{page_file} flagged a valid link {query}"
