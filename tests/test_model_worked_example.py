"""docs/model.md cannot drift: its worked example, default tables and presets are recomputed here
from the built database and the model, and every number printed must match to its last digit."""
from __future__ import annotations

import re

import pytest

from channel_conflict.model import PRESETS, run, url_keys
from channel_conflict.model.scenario import SCALARS
from channel_conflict.paths import ROOT

DOC = ROOT / "docs" / "model.md"
PARTNER, YEAR = "microsoft", 2028


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", line.strip())
    return [p.strip().replace("\\|", "|") for p in parts[1:-1]]


def tables(text: str) -> list[list[list[str]]]:
    """Every markdown table in `text` as rows of cells (header first, separator dropped)."""
    out, current = [], []
    for line in text.splitlines():
        if line.strip().startswith("|"):
            cells = _cells(line)
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def between(text: str, marker: str) -> str:
    m = re.search(rf"<!-- {marker}:start -->(.*?)<!-- {marker}:end -->", text, re.S)
    assert m, f"docs/model.md lost its {marker} markers"
    return m.group(1)


def table_with(text: str, *headers: str) -> list[list[str]]:
    for t in tables(text):
        if all(h in t[0] for h in headers):
            return t
    raise AssertionError(f"docs/model.md has no table with columns {headers}")


def number(cell: str) -> tuple[float, float]:
    """The printed number and the tolerance its number of decimals implies."""
    m = re.fullmatch(r"-?\d+(?:\.(\d+))?", cell.strip())
    assert m, f"not a plain number: {cell!r}"
    decimals = len(m.group(1) or "")
    return float(cell), 0.5 * 10 ** -decimals + 1e-9


def assert_printed(cell: str, value: float, what: str) -> None:
    printed, tol = number(cell)
    assert abs(printed - value) <= tol, f"docs/model.md prints {what} = {cell}, the model gives {value:.6f}"


def expected_values(inputs) -> dict[str, float]:
    r = run(inputs)
    a = r.arrays
    t = r.years.index(YEAR)
    pi = {p: i for i, p in enumerate(inputs.partners)}
    market = r.market[r.market["year"] == YEAR].set_index("partner_id")
    deals = inputs.deal_years[inputs.deal_years["year"] == YEAR].set_index("contract_id")["usd_bn"]
    values = {
        f"R[{p},{YEAR}]": a.R[i, t] for p, i in pi.items()
    } | {
        f"cloud_revenue[{p}]": inputs.cloud_revenue[i] for p, i in pi.items()
    } | {
        f"ai_fraction[{p}]": inputs.ai_fraction[i] for p, i in pi.items()
    } | {
        f"growth_pct[{p}]": inputs.growth_pct[i] for p, i in pi.items()
    } | {
        f"k[{d},{YEAR}]": v for d, v in deals.items()
    } | {
        f"share_before[{p},{YEAR}]": market.loc[p, "share_before_pct"] for p in market.index
    } | {
        f"share_after[{p},{YEAR}]": market.loc[p, "share_after_pct"] for p in market.index
    }
    i = pi[PARTNER]
    values |= {
        f"ΣR[{YEAR}]": a.R[:, t].sum(),
        f"Kres[{YEAR}]": a.K_res[t],
        f"D[{YEAR}]": a.D[t],
        f"RaR[{PARTNER},{YEAR}]": a.RaR[i, t],
        f"K[{PARTNER},{YEAR}]": a.K_p[i, t],
        f"K[{PARTNER},{inputs.base_year}]": a.K_p[i, 0],
        f"R_other[{PARTNER},{inputs.base_year}]": a.R_other[i, 0],
        f"R_other[{PARTNER},{YEAR}]": a.R_other[i, t],
        f"Net[{PARTNER},{YEAR}]": a.net[i, t],
        f"O[{PARTNER}]": a.overlap[i],
        f"ΣRaR[{YEAR}]": a.RaR[:, t].sum(),
    }
    return values


def test_worked_example_scalars_match_the_model(doc, inputs):
    rows = tables(between(doc, "worked-example"))[0]
    assert rows[0] == ["quantity", "how", "value"]
    expected = expected_values(inputs)
    seen = set()
    for quantity, _how, value in rows[1:]:
        key = quantity.strip("`")
        assert key in expected, f"docs/model.md shows {key}, which the test does not know how to recompute"
        assert_printed(value, expected[key], key)
        seen.add(key)
    for must in (f"R[{PARTNER},{YEAR}]", f"D[{YEAR}]", f"RaR[{PARTNER},{YEAR}]", f"Net[{PARTNER},{YEAR}]",
                 f"O[{PARTNER}]", f"share_after[{PARTNER},{YEAR}]"):
        assert must in seen, f"the worked example should show {must}"


def test_worked_example_deals_are_all_the_resellable_deals_of_that_year(doc, inputs):
    rows = tables(between(doc, "worked-example"))[0]
    shown = {r[0].strip("`")[2:].split(",")[0] for r in rows if r[0].startswith("`k[")}
    active = inputs.deal_years[(inputs.deal_years["year"] == YEAR) & inputs.deal_years["resellable"]]
    assert shown == set(active["contract_id"])


def test_worked_example_segment_table_matches_the_model(doc, inputs):
    rows = tables(between(doc, "worked-example-segments"))[0]
    assert rows[0] == ["segment", "m", "X", "ΣX", "share", "w", "demand", "RaR"]
    r = run(inputs)
    a = r.arrays
    t, i = r.years.index(YEAR), inputs.partners.index(PARTNER)
    assert [row[0] for row in rows[1:]] == list(inputs.segments)
    for row in rows[1:]:
        j = inputs.segments.index(row[0])
        for cell, value, what in zip(row[1:], (inputs.mix[i, j], a.X[i, j, t], a.X[:, j, t].sum(), a.share[i, j, t],
                                               a.w[j], a.demand[i, j, t], a.RaR_s[i, j, t]),
                                     rows[0][1:], strict=True):
            assert_printed(cell, value, f"{what}[{row[0]}]")
    total = sum(float(row[-1]) for row in rows[1:])
    assert abs(total - a.RaR[i, t]) < 5e-4


def test_worked_example_ratio_in_prose(doc, inputs):
    m = re.search(r"<!-- worked-example-ratio: (\d+) -->", doc)
    assert m
    r = run(inputs)
    t, i = r.years.index(YEAR), inputs.partners.index(PARTNER)
    ratio = r.arrays.K_p[i, t] / r.arrays.RaR[i, t]
    assert int(m.group(1)) == round(ratio)
    assert f"about {m.group(1)} times" in doc


def test_parameter_table_defaults_come_from_the_assumptions(doc, inputs):
    rows = table_with(doc, "URL key", "default", "assumptions row")
    head = rows[0]
    col = {h: head.index(h) for h in head}
    a = inputs.assumptions.set_index("name")
    keys = []
    for row in rows[1:]:
        key, name = row[col["URL key"]].strip("`"), row[col["assumptions row"]]
        keys.append(key)
        assert name in a.index, f"docs/model.md cites assumption row {name}, which does not exist"
        assert_printed(row[col["default"]], float(a.loc[name, "value"]), name)
        assert row[col["confidence"]] == a.loc[name, "confidence"], name
        source = a.loc[name, "source_id"]
        if isinstance(source, str):
            assert row[col["source"]].startswith(source), f"{name}: the doc should cite {source}"
        else:
            assert row[col["source"]].startswith("ours"), f"{name} has no source: the doc should say ours"
        if key in SCALARS:
            lo, hi = (float(x) for x in row[col["bounds"]].split("–"))
            assert (lo, hi) == SCALARS[key][1:3], key
    assert sorted(keys) == sorted(url_keys(inputs)), "the table should list every URL key the model reads"
    y = rows[keys.index("year") + 1][col["bounds"]]
    assert y == f"{inputs.base_year}–{inputs.year_max}"


def test_data_input_table_matches_the_assumptions(doc, inputs):
    rows = table_with(doc, "partner", "cloud_revenue (US$ bn/yr)")
    head = rows[0]
    assert [r[0] for r in rows[1:]] == list(inputs.partners)
    for row in rows[1:]:
        i = inputs.partners.index(row[0])
        assert_printed(row[1], inputs.cloud_revenue[i], f"cloud_revenue[{row[0]}]")
        assert_printed(row[2], inputs.ai_fraction[i], f"ai_fraction[{row[0]}]")
        assert_printed(row[3], inputs.growth_pct[i], f"growth_pct[{row[0]}]")
        for h, cell in zip(head[4:], row[4:], strict=True):
            seg = h.removeprefix("mix ")
            assert_printed(cell, inputs.mix[i, inputs.segments.index(seg)], f"mix[{row[0]},{seg}]")


def test_preset_table_matches_the_presets(doc):
    rows = table_with(doc, "id", "name", "ρ", "δ", "κ", "φ")
    assert [r[0] for r in rows[1:]] == list(PRESETS)
    for pid, name, rho, delta, kappa, diff, _w in rows[1:]:
        p = PRESETS[pid]
        assert name == p.label
        assert (float(rho), float(delta), float(kappa), float(diff)) == (p.rho, p.delta, p.kappa, p.diff)
