"""Every chart's hover reads in the page's language: no raw confidence codes, ISO timestamps, 'nan' or
snake_case keys in its cells, and money in the unit its axis and labels use (a review found
'US$20.0B（十億美元，計入）', '可信度：reported' and '(2024-05-01)' in Chinese hovers)."""
from __future__ import annotations

import re

import pytest

from channel_conflict.views import capital, contracts, market, overlap, overview, sources, timeline

AS_OF = "2026-11-30"
PAGES = {"overview": overview, "market": market, "contracts": contracts, "overlap": overlap, "capital": capital,
         "timeline": timeline, "sources": sources}
# A whole cell that is a code, not data text that happens to contain the word ('Oracle deal reported')
CODES = re.compile(r"^((confirmed|reported|estimate|assumption)(, \w+)*|[a-z]+(_[a-z]+)+|nan|None"
                   r"|[a-z]+(-[a-z0-9]+)+(, [a-z]+(-[a-z0-9]+)+)*"  # contract ids ('cerebras-20, oracle-300')
                   r"|\d{4}-\d{2}-\d{2}([ T][\d:]+)?)$")
MIXED_MONEY = re.compile(r"十億|\$%\{[^}]*\}B")  # billions written by Plotly, not in the axis's unit


@pytest.mark.parametrize("page", list(PAGES))
def test_chinese_hovers_have_no_codes_and_one_money_unit(q, page):
    values = {"lang": "zh-TW"} | ({"firm": "Synergy"} if page == "market" else {})
    for chart in PAGES[page].charts_for(q, values, AS_OF):
        for tr in chart.figure.data:
            template = getattr(tr, "hovertemplate", None) or ""
            assert not MIXED_MONEY.search(template), (chart.name, template)
            # a source's date in full-width brackets, as the page writes them ('TechRadar（2024年8月6日）')
            assert "} (%{" not in template, (chart.name, template)
            cells = getattr(tr, "customdata", None)
            for row in cells if cells is not None else []:
                for cell in row if isinstance(row, (list, tuple)) or hasattr(row, "__len__") else [row]:
                    if isinstance(cell, str) and not re.search(r"https?://", cell):
                        assert not CODES.search(cell), (chart.name, cell)


def _lines(cell: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line) for line in cell.split("<br>")]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("page", list(PAGES))
def test_no_hover_line_runs_off_the_chart(q, page, lang):
    """Plotly never wraps a hover: a note of 258 characters (Timeline), a source list (Capital) ran off both
    sides of the chart. Every text cell is on lines of at most HOVER_CHARS (a CJK character counts two),
    links and the charts' own markup aside."""
    from channel_conflict.charts.base import HOVER_CHARS, _display_width

    values = {"lang": lang} | ({"firm": "Synergy"} if page == "market" else {})
    for chart in PAGES[page].charts_for(q, values, AS_OF):
        for tr in chart.figure.data:
            cells = getattr(tr, "customdata", None)
            for row in cells if cells is not None else []:
                for cell in row if isinstance(row, (list, tuple)) or hasattr(row, "__len__") else [row]:
                    if isinstance(cell, str) and "://" not in cell:
                        for line in _lines(cell):
                            assert _display_width(line) <= HOVER_CHARS + 2, (chart.name, line)


def _seq(value) -> list:
    return [] if value is None else list(value)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("page", list(PAGES))
def test_a_hover_does_not_print_a_tick_label_broken_over_lines(q, page, lang):
    """A tick label broken over lines ('Google Cloud<br>OpenAI deal:<br>value undisclosed', 'Invests in<br>OpenAI')
    printed as is in the hovers that named it by %{x}/%{y} or copied it: the hover reads the name alone."""
    values = {"lang": lang} | ({"firm": "Synergy"} if page == "market" else {})
    for chart in PAGES[page].charts_for(q, values, AS_OF):
        layout = chart.figure.layout
        ticks = {a: [str(t) for t in _seq(getattr(layout, a).ticktext) if "<br>" in str(t)] for a in ("xaxis", "yaxis")}
        for tr in chart.figure.data:
            template = getattr(tr, "hovertemplate", None) or ""
            broken = {str(c) for v in ("x", "y") for c in _seq(getattr(tr, v, None)) if "<br>" in str(c)}
            for axis, var in (("xaxis", "%{x}"), ("yaxis", "%{y}")):
                assert not (ticks[axis] and var in template), (chart.name, var, ticks[axis][:2])
            broken |= set(ticks["xaxis"]) | set(ticks["yaxis"])
            for row in _seq(getattr(tr, "customdata", None)):
                for cell in row if isinstance(row, (list, tuple)) or hasattr(row, "__len__") else [row]:
                    assert not (isinstance(cell, str) and cell in broken), (chart.name, cell)
