"""Caches are bounded in time and size, and the server's memory levels off however many links are opened.

How the 500-links test works (honest but cheap): building a page's real figures takes 0.2-3 s here,
so 500 real builds per page would take an hour. Instead, for each chart page it (1) builds the
page's real figures (once to warm queries and imports, then for a random link) and measures what
that one cache entry holds (tracemalloc), then (2) opens 500 distinct links (random valid values plus a unique extra
parameter, read with the app's own parse()) through the app's real cache, ui.data.charts_for,
where the view returns ballast of the measured weight made of many small objects, as Plotly
figures are. The process's RSS is read every 50 links. The figure cache keeps CHART_ENTRIES
entries, so memory must stop growing once it is full: that is the claim, and the budget below.
"""
from __future__ import annotations

import importlib
import random
import re
import tracemalloc
import types

from channel_conflict.params import Param, parse
from channel_conflict.paths import ROOT
from channel_conflict.ui import data

PAGES = ("market", "contracts", "timeline", "sources", "overview", "capital")
LINKS = 500
LEVEL_SLACK_MB = 12  # growth allowed over a page's last 250 links (allocator noise), once the cache is full


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _random_value(p: Param, rng: random.Random) -> list[str]:
    if p.kind in ("float", "int"):
        step = p.step or 1
        v = p.min + rng.randint(0, int(round((p.max - p.min) / step))) * step
        return [f"{v:g}"]
    if p.kind == "int_range":
        return [str(rng.randint(int(p.min), int(p.max))) for _ in range(2)]
    if p.kind == "bool":
        return [rng.choice(["true", "false"])]
    labels = [p.label_of(o) for o in p.options]
    if p.kind == "choice":
        return [rng.choice(labels)] if labels else []
    return [x for x in labels if rng.random() < 0.5] or labels[:1]


def _ballast(weight: int) -> list:
    """About `weight` bytes of small objects (dicts and strings), the way figures hold memory."""
    return [{"text": f"{i:08d}" * 6, "v": i * 0.5} for i in range(max(1, weight // 420))]


def test_every_cache_has_a_size_and_a_time_bound():
    """Each @st.cache_data / @st.cache_resource in the app names max_entries and ttl."""
    files = [*ROOT.joinpath("channel_conflict").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"),
             ROOT / "dashboard.py"]
    found = 0
    for f in files:
        for m in re.finditer(r"@st\.cache_(?:data|resource)(\([^)]*\))?", f.read_text(encoding="utf-8")):
            found += 1
            args = m.group(1) or ""
            assert "max_entries=" in args and "ttl=" in args, f"{f.relative_to(ROOT)}: {m.group(0)}"
    assert found >= 3
    assert data._cached_charts._info.max_entries == data.CHART_ENTRIES
    assert data._cached_charts._info.ttl == data._cached_query._info.ttl == data.CACHE_TTL


def test_500_links_per_chart_page_memory_levels_off(use_db, capsys):
    data._cached_charts.clear()
    rng = random.Random(14)
    as_of = data.as_of()
    start = rss_mb()
    weights, report = {}, []
    for page in PAGES:
        view = importlib.import_module(f"channel_conflict.views.{page}")
        params = list(view.params(data.query))
        assert view.charts_for(data.query, {p.key: p.default for p in params}, as_of), page  # warm: queries, imports
        values, _ = parse(params, {p.key: _random_value(p, rng) for p in params})
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        real = view.charts_for(data.query, values, as_of)  # what one more cache entry holds
        weights[page] = max(tracemalloc.get_traced_memory()[0] - before, 100_000)
        tracemalloc.stop()
        del real
        stand_in = types.SimpleNamespace(__name__=view.__name__,
                                         charts_for=lambda q, v, a, w=weights[page]: _ballast(w))
        marks = []
        for i in range(LINKS):
            link = {p.key: _random_value(p, rng) for p in params if rng.random() < 0.8} | {"ref": [str(i)]}
            values, _ = parse(params, link, known_extra={"ref"})
            data.charts_for(stand_in, values, as_of)
            if (i + 1) % 50 == 0:
                marks.append(rss_mb())
        grew = marks[-1] - marks[len(marks) // 2 - 1]
        report.append(f"{page}: entry {weights[page] / 1e6:.2f} MB, RSS after 50..500 links "
                      f"{[round(m) for m in marks]} MB, last 250 links {grew:+.1f} MB")
        assert grew <= weights[page] / 1e6 + LEVEL_SLACK_MB, report[-1]
    peak = max(weights.values()) / 1e6
    budget = data.CHART_ENTRIES * peak * 1.3 + 40
    used = rss_mb() - start
    with capsys.disabled():
        print("\n" + "\n".join(report) + f"\ntotal growth {used:.0f} MB for {LINKS * len(PAGES)} links; "
              f"budget {budget:.0f} MB ({data.CHART_ENTRIES} entries x {peak:.2f} MB x 1.3 + 40 MB)")
    assert used <= budget
    data._cached_charts.clear()
