"""Chart packs built from each page's view: 2x PNGs, SVGs that explain themselves, CSVs equal
to the query results and a scenario.json with the link back. One warm kaleido for the session."""
from __future__ import annotations

import html
import io
import json
import re
import struct
import sys
import time
import types
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from channel_conflict import db
from channel_conflict.export import cli
from channel_conflict.export.pack import (
    PAGE_TITLES,
    PackError,
    ViewNotReady,
    as_of_from,
    build_pack,
    csv_bytes,
    view_for,
)
from channel_conflict.export.render import figure_size, shared_renderer
from channel_conflict.params import parse


@pytest.fixture(scope="session")
def renderer():
    """The process-wide kaleido renderer, started once and kept warm for every test."""
    from .conftest import require_browser

    require_browser()
    return shared_renderer().start()


@pytest.fixture(scope="session")
def con(built_db):
    c = db.open_readonly(built_db)
    yield c
    c.close()


@pytest.fixture(scope="session")
def q(con):
    return lambda name, **params: db.run(con, name, params)


def ready_pages() -> list:
    """Every page; those whose view is not written yet are skipped as pending."""
    out = []
    for page in PAGE_TITLES:
        try:
            view_for(page)
            out.append(pytest.param(page, id=page))
        except ViewNotReady as exc:
            out.append(pytest.param(page, id=page, marks=pytest.mark.skip(reason=f"pending: {exc}")))
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def svg_text(data: bytes) -> str:
    """The visible text of a plotly SVG, tags stripped and entities decoded."""
    text = re.sub(r"<[^>]+>", " ", data.decode("utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text).replace("\xa0", " "))


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", s)).replace("\xa0", " ")).strip()


def export(tmp_path: Path, page: str, params: str, built_db: Path, renderer, capsys=None) -> tuple[dict, Path]:
    out = tmp_path / page
    code = cli.main(["export", "--page", page, "--params", params, "--out", str(out), "--db", str(built_db)],
                    renderer=renderer)
    assert code == 0
    return json.loads((out / "scenario.json").read_text(encoding="utf-8")), out


@pytest.mark.parametrize("page", ready_pages())
def test_pack_for_every_page_with_a_view(page, tmp_path, built_db, renderer, q):
    scenario, out = export(tmp_path, page, "", built_db, renderer)
    view = view_for(page)
    values, problems = parse(view.params(q), {})
    assert not problems
    charts = view.charts_for(q, values, as_of_from(q))
    assert scenario["page"] == page and scenario["as_of"] == as_of_from(q)
    assert scenario["link"].startswith("http://localhost:8501/")
    assert [c["name"] for c in scenario["charts"]] == [re.sub(r"[^a-z0-9]+", "-", c.name.lower()).strip("-")
                                                      for c in charts]
    for entry, chart in zip(scenario["charts"], charts, strict=True):
        w, h = figure_size(chart.figure)
        assert (entry["width"], entry["height"]) == (w, h)
        assert png_size((out / entry["png"]).read_bytes()) == (2 * w, 2 * h), entry["png"]
        text = svg_text((out / entry["svg"]).read_bytes())
        assert squash(entry["title"]) in text, entry["svg"]
        assert "Source:" in text
        meta = chart.figure.layout.meta or {}
        if meta.get("scenario"):
            assert squash(meta["scenario"]) in text, "the scenario must be printed on the image"
        csv = (out / entry["csv"]).read_bytes()
        assert csv == csv_bytes(chart.data)
    zips = list(out.glob("*.zip"))
    assert len(zips) == 1
    with zipfile.ZipFile(zips[0]) as z:
        names = set(z.namelist())
        assert names == {p.name for p in out.iterdir() if p.suffix != ".zip" and not p.name.startswith(".")}
        for name in names:
            assert z.read(name) == (out / name).read_bytes() or name == "scenario.json"


@pytest.mark.parametrize("firm", ["Synergy", "Canalys"])
def test_market_pack_matches_the_queries_and_reopens_the_view(firm, tmp_path, built_db, renderer, q):
    params = "" if firm == "Synergy" else f"firm={firm}"
    scenario, out = export(tmp_path, "market", params, built_db, renderer)
    assert scenario["params"] == {"firm": firm}
    assert scenario["link"] == "http://localhost:8501/market" + (f"?firm={firm}" if params else "")
    assert scenario["warnings"] == []
    by_name = {c["name"]: c for c in scenario["charts"]}
    share, size = by_name[f"market-share-{firm.lower()}"], by_name[f"market-size-{firm.lower()}"]
    # Each CSV holds the rows its chart draws (the big three and everyone else grouped), as the pack rounds them.
    from channel_conflict.views import market

    drawn = {c.name: c.data for c in market.charts_for(q, {"firm": firm}, scenario["as_of"])}
    for entry in (share, size):
        pd.testing.assert_frame_equal(pd.read_csv(out / entry["csv"]),
                                      pd.read_csv(io.BytesIO(csv_bytes(drawn[entry["name"]]))))
    # and the size chart's rows are the query's, every quarter of it
    assert len(pd.read_csv(out / size["csv"])) == len(q("market_size", firm=firm))
    for entry in (share, size):
        text = svg_text((out / entry["svg"]).read_bytes())
        assert firm in text and f"Data as of {scenario['as_of']}" in text
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert scenario["link"] in readme


def test_build_pack_returns_a_zip(renderer, q):
    data = build_pack("market", q, {"firm": "Canalys"}, as_of_from(q), "https://example.org/app/")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        scenario = json.loads(z.read("scenario.json"))
        assert scenario["link"] == "https://example.org/app/market?firm=Canalys"
        assert {n.rsplit(".", 1)[1] for n in z.namelist()} == {"json", "txt", "png", "svg", "csv"}


def test_unknown_page_and_broken_view_are_reported_not_crashed(q, monkeypatch):
    with pytest.raises(PackError, match="Unknown page"):
        build_pack("nope", q, {}, "2026-01-01")
    # A view module without the contract (a stand-in lacking params/charts_for) is reported by name.
    monkeypatch.setitem(sys.modules, "channel_conflict.views.timeline", types.ModuleType("broken"))
    with pytest.raises(ViewNotReady, match="lacks params and charts_for"):
        build_pack("timeline", q, {}, "2026-01-01")


def test_renderer_stays_warm(renderer, q):
    """Timings for the report: a warm renderer makes an image in well under a second."""
    from channel_conflict.views import market

    fig = market.charts_for(q, {"firm": "Synergy"}, as_of_from(q))[0].figure
    renderer.render(fig, "png")
    t0 = time.perf_counter()
    for _ in range(3):
        renderer.render(fig, "png")
    warm = (time.perf_counter() - t0) / 3
    print(f"kaleido start {renderer.started_in:.2f}s, warm 2x PNG {warm:.3f}s")
    assert renderer.is_running()
    assert warm < 2.0


def test_pages_match_the_navigation():
    from channel_conflict.ui import nav

    assert set(PAGE_TITLES) == {p.url_path or "overview" for p in nav.PAGES}


def test_a_chinese_pack_reads_in_chinese(renderer, q):
    """A zh-TW pack's README was English-framed ('Page: Market', 'Research firm: Synergy')."""
    data = build_pack("market", q, {"firm": "Canalys", "lang": "zh-TW"}, as_of_from(q), "https://example.org/app/")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        readme = z.read("README.txt").decode("utf-8")
        scenario = json.loads(z.read("scenario.json"))
    assert "頁面：" in readme and "Page:" not in readme and "Research firm" not in readme, readme
    assert scenario["scenario"] == "研究機構：Canalys", scenario["scenario"]
    assert scenario["link"] in readme and scenario["params"]["lang"] == "zh-TW"
    english = build_pack("market", q, {"firm": "Canalys"}, as_of_from(q), "https://example.org/app/")
    with zipfile.ZipFile(io.BytesIO(english)) as z:
        assert "Page:      Market" in z.read("README.txt").decode("utf-8")


def _decimals(cell: str) -> int:
    return len(cell.split(".")[1]) if "." in cell and cell.replace(".", "", 1).lstrip("-").isdigit() else 0


@pytest.mark.parametrize("page", list(PAGE_TITLES))
def test_pack_csvs_carry_the_precision_the_charts_show_and_a_unit_on_every_number(page, q):
    """US$ bn to one decimal from a billion up ('$26.8B') and to the million below ('$350M'), per cent
    to one decimal, as the charts write them; a number column's header names its unit."""
    import csv as csvlib

    from channel_conflict.export.pack import _unit

    bare = {"book", "economic", "gap", *(k for k in ("ai_revenue", "net", "swing", "mix", "weight"))}
    for chart in view_for(page).charts_for(q, {p.key: p.default for p in view_for(page).params(q)}, as_of_from(q)):
        rows = list(csvlib.DictReader(io.StringIO(csv_bytes(chart.data).decode())))
        assert rows, chart.name
        assert not bare & set(rows[0]), f"{chart.name}: a number column without its unit"
        for row in rows:
            for name, cell in row.items():
                if name.endswith("_usd_bn") and cell:
                    assert _decimals(cell) <= (1 if abs(float(cell)) >= 1 else 3), (chart.name, name, cell)
                if name.endswith(("_pct", "_pct_of_cost")) and cell:
                    assert _decimals(cell) <= 1, (chart.name, name, cell)
                assert _decimals(cell) <= 3, (chart.name, name, cell)
    assert _unit("net_p10") == "_usd_bn" and _unit("overlap_index") == "_share"
