"""The chart pack: one page's charts as 2x PNG and SVG, the rows behind each as CSV, and a
scenario.json that says which page, parameters and data date they show and the link that
reopens the same view. The app (share bar) and the command line build it the same way.

No Streamlit here. Figures come from the page's view module (channel_conflict.views.<page>),
the same `charts_for` the page draws, so the images match what the page shows.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from .. import i18n, registry, text
from ..dataversion import version_of
from ..params import Param, to_query
from ..text import plotly_plain
from ..views import Chart, Query
from .render import SCALE, Renderer, figure_size, shared_renderer

Progress = Callable[[int, int, str], None]  # (done, total, what is being made now)

# Page key -> English title, from the page registry (the CLI's help and error messages are English).
PAGE_TITLES: dict[str, str] = {p.key: p.title for p in registry.PAGES if p.pack}
DEFAULT_BASE_URL = "http://localhost:8501"
class PackError(Exception):
    """A pack cannot be built for a reason the user can act on (bad page, view not written)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class ViewNotReady(PackError):
    """The page exists but its view module is not written yet (or does not load)."""

    def __init__(self, message: str):
        super().__init__(message, code=3)


def page_key(page: str) -> str:
    """Normalise a page name: url path, title or '' / '/' for the landing page."""
    return registry.page_key(page)


def view_for(page: str) -> ModuleType:
    """The page's view module (registry.PageSpec.view), checked for the view contract."""
    key = page_key(page)
    if key not in PAGE_TITLES:
        raise PackError(f"Unknown page {page!r}. Pages: {', '.join(PAGE_TITLES)}.")
    spec = registry.BY_KEY[key]
    name = spec.view_module
    try:
        module = registry.view(spec)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            raise ViewNotReady(f"The {spec.title} page has no chart view yet "
                               f"(channel_conflict/views/{spec.view}.py is not written), "
                               "so it has no chart pack.") from None
        raise ViewNotReady(f"The {spec.title} page's view could not be loaded: {exc}.") from None
    except Exception as exc:  # noqa: BLE001 - a half-written view must not take the app down
        raise ViewNotReady(f"The {spec.title} page's view could not be loaded: "
                           f"{type(exc).__name__}: {exc}.") from None
    missing = [f for f in ("params", "charts_for") if not callable(getattr(module, f, None))]
    if missing:
        raise ViewNotReady(f"The {spec.title} page's view lacks {' and '.join(missing)}(); "
                           "it has no chart pack yet.")
    return module


def as_of_from(q: Query) -> str:
    """The newest date in the data (a source or a logged correction), as the pages show it (ui.data.as_of
    without Streamlit), carrying the data version."""
    from ..dataversion import as_of_from as with_version

    return with_version(q)


def query_of(params: Sequence[Param], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The page's link parameters for `values`, plus `lang` when it is not English."""
    out = to_query(params, values)
    out.update(("lang", [v]) for v in i18n.link_lang(values.get("lang")))
    return out


def link_for(base_url: str, page: str, params: Sequence[Param], values: Mapping[str, Any]) -> str:
    """The URL that reopens `values` on `page` (defaults left out, as the app's URL does)."""
    key = page_key(page)
    path = registry.BY_KEY[key].url_path if key in registry.BY_KEY else key
    query = urlencode(query_of(params, values), doseq=True)
    return base_url.rstrip("/") + "/" + path + (f"?{query}" if query else "")


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_jsonable(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (datetime, date, pd.Timestamp)):
        return v.isoformat()
    return v


def figure_title(chart: Chart) -> str:
    """The chart's title as plain text: the bold block of the house title (wrapped lines joined)."""
    import re

    text = chart.figure.layout.title.text or chart.name
    bold = re.match(r"\s*<b>(.*?)</b>", text, flags=re.S)
    head = bold.group(1) if bold else re.split(r"<br\s*/?>", text)[0]
    head = re.sub(r"<br\s*/?>", " ", head)
    return re.sub(r"\s+", " ", plotly_plain(head)).strip()


def scenario_text(params: Sequence[Param], values: Mapping[str, Any], lang: str = i18n.DEFAULT) -> str:
    """The controls as a reader of the pack's README says them, in the pack's language (`params`
    already localised: i18n.localise_params)."""
    from ..params import display

    parts = [i18n.labelled(p.label, display(p, values.get(p.key, p.default), lang), lang) for p in params]
    return i18n.join(parts, lang, "clauses") or i18n.t("pack.defaults", lang)


@dataclass
class Pack:
    """The files of a chart pack, in order, and where to reopen it."""

    page: str
    files: dict[str, bytes] = field(default_factory=dict)
    scenario: dict = field(default_factory=dict)

    @property
    def zip_name(self) -> str:
        q = self.scenario.get("query", "")
        tag = "-" + hashlib.sha1(q.encode()).hexdigest()[:6] if q else ""
        return f"channel-conflict-{self.page}-{self.scenario.get('as_of', 'unknown')}{tag}.zip"

    def zip_bytes(self) -> bytes:
        buf = io.BytesIO()
        stamp = _zip_time(self.scenario.get("as_of", ""))
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, data in self.files.items():
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        return buf.getvalue()


def _zip_time(as_of: str) -> tuple[int, int, int, int, int, int]:
    try:
        d = date.fromisoformat(as_of)
        return (max(d.year, 1980), d.month, d.day, 0, 0, 0)
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)


def pack_from_charts(page: str, charts: Sequence[Chart], params: Sequence[Param], values: Mapping[str, Any],
                     as_of: str, base_url: str = DEFAULT_BASE_URL, *, link: str | None = None,
                     warnings: Sequence[str] = (), progress: Progress | None = None,
                     renderer: Renderer | None = None) -> Pack:
    """Render `charts` (as the page drew them) into a Pack. `link` overrides the computed one."""
    key = page_key(page)
    lang = i18n.normalise(values.get("lang"))
    renderer = renderer or shared_renderer()
    link = link or link_for(base_url, key, params, values)
    total = 2 * len(charts)
    done = 0
    files: dict[str, bytes] = {}
    entries = []
    used: set[str] = set()
    for chart in charts:
        name = _unique(chart.name, used)
        width, height = figure_size(chart.figure)
        for fmt in ("png", "svg"):
            if progress:
                progress(done, total, f"{name}.{fmt}")
            files[f"{name}.{fmt}"] = renderer.render(chart.figure, fmt, scale=SCALE)
            done += 1
        files[f"{name}.csv"] = csv_bytes(chart.data)
        meta = chart.figure.layout.meta if isinstance(chart.figure.layout.meta, dict) else {}
        entries.append({
            "name": name, "title": figure_title(chart),
            "png": f"{name}.png", "svg": f"{name}.svg", "csv": f"{name}.csv",
            "width": width, "height": height, "scale": SCALE, "rows": int(len(chart.data)),
            "source": meta.get("source", ""), "scenario": meta.get("scenario", ""),
            "data_version": meta.get("data_version", ""),
        })
    if progress:
        progress(total, total, "done")
    scenario = {
        "page": key,
        "title": PAGE_TITLES.get(key, key.title()),
        # English is the default and stays out of the parameters, as it stays out of the link.
        "params": _jsonable({k: v for k, v in values.items() if k != "lang"}
                            | dict(("lang", v) for v in i18n.link_lang(values.get("lang")))),
        "query": urlencode(query_of(params, values), doseq=True),
        "scenario": scenario_text(i18n.localise_params(params, lang, key), values, lang),
        "as_of": str(as_of),
        # The charts carry the version they were drawn from (charts.base.finish); as_of may too.
        "data_version": version_of(as_of) or next((e["data_version"] for e in entries if e["data_version"]), ""),
        "link": link,
        "warnings": list(warnings),
        "charts": entries,
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "generator": "channel-conflict dashboard chart pack v1",
    }
    out = {"scenario.json": json.dumps(scenario, indent=2, ensure_ascii=False).encode("utf-8")}
    out["README.txt"] = i18n.t("pack.readme", lang,
        title=i18n.t_or(f"nav.{key}.title", lang, scenario["title"]), scenario=scenario["scenario"], as_of=as_of,
        link=link, scale=SCALE, data_version=scenario["data_version"] or i18n.t("pack.unversioned", lang)
    ).encode("utf-8")
    out.update(files)
    return Pack(key, out, scenario)


# A pack's CSV is read by people in a spreadsheet: no 57.15056100000002, no more decimals than the
# chart shows, and every number column's unit in its header. Names ending in a unit keep it; the
# model's unit-less names get one.
UNIT_DECIMALS = {"_pct": 1, "_pct_of_cost": 1, "_share": 3, "_usd": 2, "usd_per_hour": 2, "_gw": 2}
# US$ bn as i18n.money writes it: one decimal from a billion up ('$26.8B'), the million below ('$350M').
BN_DECIMALS, SUB_BN_DECIMALS = 1, 3
UNITLESS = {
    **dict.fromkeys(("ai_revenue", "from_openai", "revenue_at_risk", "net", "segment_revenue", "revenue_before",
                     "revenue_after", "contract_value", "at_risk_low", "at_risk_high", "at_risk_current", "swing",
                     "p10", "p50", "p90"), "_usd_bn"),
    **dict.fromkeys(("mix", "weight", "overlap", "overlap_index"), "_share"),
}
BANDS = ("_p10", "_p50", "_p90")


def _unit(col: str) -> str:
    base = next((col[: -len(b)] for b in BANDS if col.endswith(b)), col)
    return UNITLESS.get(col) or UNITLESS.get(base) or ""


def _rounded(values: pd.Series, name: str) -> pd.Series:
    if name.endswith("_usd_bn"):
        return values.round(BN_DECIMALS).where(values.abs() >= 1, values.round(SUB_BN_DECIMALS))
    decimals = next((d for suffix, d in UNIT_DECIMALS.items() if name.endswith(suffix)), 3)
    return values.round(decimals)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A chart's rows as CSV: floats rounded to the precision the chart shows, units in the headers."""
    out = frame.copy()
    names = {}
    for col in out.columns:
        name = str(col) + _unit(str(col))
        names[col] = name
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = _rounded(out[col], name)
    return out.rename(columns=names).to_csv(index=False).encode("utf-8")


def _unique(name: str, used: set[str]) -> str:
    from ..charts.base import slug

    base = slug(name)
    out, i = base, 2
    while out in used:
        out, i = f"{base}-{i}", i + 1
    used.add(out)
    return out


def build(page: str, q: Query, values: Mapping[str, Any] | None = None, as_of: str | None = None,
          base_url: str = DEFAULT_BASE_URL, *, query: Mapping[str, Sequence[str]] | None = None,
          known_extra: set[str] = frozenset(), progress: Progress | None = None,
          renderer: Renderer | None = None) -> Pack:
    """A Pack for `page` from its view. Give either checked `values` or a raw `query`
    (key -> list of strings, as in a URL), which is parsed with the app's rules; its problems
    end up in scenario.json's warnings."""
    from ..params import parse

    view = view_for(page)
    params = view.params(q)
    warnings: list[str] = []
    if values is None:
        values, warnings = parse(params, query or {}, known_extra=known_extra | {"lang"})
        raw_lang = [str(x) for x in (query or {}).get("lang", [])]
        lang = i18n.normalise(raw_lang[-1] if raw_lang else None)
        if raw_lang and raw_lang[-1] != lang:
            warnings.append(i18n.Message("export.bad_lang", pair=text.code(f"lang={raw_lang[-1][:60]}"),
                                         langs=", ".join(i18n.LANGS)))
        values.update(("lang", v) for v in i18n.link_lang(lang))  # English packs keep the parameters they had
    else:
        values = {p.key: values.get(p.key, p.default) for p in params} | dict(values)
    as_of = as_of or as_of_from(q)
    charts = view.charts_for(q, values, as_of)
    return pack_from_charts(page, charts, params, values, as_of, base_url, warnings=warnings,
                            progress=progress, renderer=renderer)


def build_pack(page_name: str, query_fn: Query, values: Mapping[str, Any], as_of: str,
               base_url: str = DEFAULT_BASE_URL, *, progress: Progress | None = None,
               renderer: Renderer | None = None, lang: str | None = None) -> bytes:
    """The ZIP of `page_name`'s charts for `values` (the generic entry the issue asks for).

    `lang` ('en' or 'zh-TW'; or values["lang"]) sets the language of the chart text."""
    if lang is not None:
        values = dict(values) | {"lang": i18n.normalise(lang)}
    return build(page_name, query_fn, values, as_of, base_url, progress=progress, renderer=renderer).zip_bytes()
