"""Sources page: every table with every row's source, date and confidence; what is still unknown.

Table names cannot be bound as SQL parameters, so each table has its own query, table_<name>,
and TABLE_QUERIES is the whitelist: a table the link asks for that is not in it is never read.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .. import i18n
from ..charts import sources as charts
from ..charts.base import Caption
from ..params import Param
from ..schema import CONFIDENCE, TABLES
from . import Chart, Query, build

TABLE_QUERIES: dict[str, str] = {t.name: f"table_{t.name}" for t in TABLES}
DESCRIPTIONS: dict[str, str] = {t.name: t.description for t in TABLES}
FACT_TABLES = tuple(t.name for t in TABLES if any(c.name == "confidence" for c in t.columns))
DEFAULT_TABLE = "contracts"

TABLE = Param("table", i18n.t("param.sources.table.label"), "choice", default=DEFAULT_TABLE,
              options=tuple(TABLE_QUERIES), widget="select", help=i18n.t("param.sources.table.help"))
CONF = Param("confidence", i18n.t("param.sources.confidence.label"), "multi", default=list(CONFIDENCE),
             options=CONFIDENCE, widget="pills", help=i18n.t("param.sources.confidence.help"))

# The gaps the research could not close (see the reference README); their text is [sources.gap] and
# [sources.gap_what], and gaps() tells from the data whether one has closed.
GAPS = ("synergy_2024q4", "recent_quarters", "google_value", "resale")
LOOKED = "2026-11-30"  # the day the open gaps were last searched for


def params(q: Query, lang: str = i18n.DEFAULT) -> list[Param]:
    """The page's controls; confidence pills labelled in `lang`, a link's level in any language understood."""
    return [TABLE, replace(CONF, labels={c: i18n.confidence(c, lang) for c in CONFIDENCE},
                           aliases={i18n.confidence(c, other): c for other in i18n.LANGS for c in CONFIDENCE})]


def rows(q: Query, table: str, confidences: list[str] | None = None) -> pd.DataFrame:
    """The table's rows as stored, joined with their source's url, publisher and date, filtered by confidence."""
    if table not in TABLE_QUERIES:
        raise KeyError(table)
    frame = q(TABLE_QUERIES[table])
    if confidences is not None and "confidence" in frame.columns:
        frame = frame[frame["confidence"].isin(confidences)]
    return frame.reset_index(drop=True)


def description(table: str, lang: str = i18n.DEFAULT) -> str:
    """What a table holds, in `lang` ([sources.table_desc]; English is the schema's own description)."""
    return i18n.data_or(f"sources.table_desc.{table}", lang, DESCRIPTIONS.get(table, ""))


def link_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in ("source_url", "url") if c in frame.columns]


PROVENANCE = ("confidence", "source_url", "source_published", "source_publisher")


def display_order(frame: pd.DataFrame) -> list[str]:
    """The data columns, then provenance (so the source link is on screen), then notes and ids."""
    tail = [c for c in ("notes", "source_id") if c in frame.columns]
    prov = [c for c in PROVENANCE if c in frame.columns]
    return [c for c in frame.columns if c not in tail and c not in prov] + prov + tail


def header(column: str, lang: str = i18n.DEFAULT) -> str:
    """A column's table header in `lang` ([column] in the language files); the name itself if none has one."""
    return i18n.t_or(f"column.{column}", lang, column)


def headers(frame: pd.DataFrame, lang: str = i18n.DEFAULT) -> dict[str, str]:
    return {c: header(c, lang) for c in frame.columns}


def date_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def gaps(q: Query, lang: str = i18n.DEFAULT) -> list[tuple[str, str, bool]]:
    """(what, plain statement, still open?) for every known gap, checked against this file."""
    check = q("sources_gap_checks").iloc[0]
    still_open = {
        "synergy_2024q4": int(check["synergy_2024q4_rows"]) == 0,
        "recent_quarters": max(str(check["last_share_quarter"]), str(check["last_size_quarter"])) < "2026Q2",
        "google_value": int(check["google_valued_rows"]) == 0,
        "resale": True,  # no table records it; only a new sourced event can close it
    }
    latest = check.get("latest_event")
    dates = dict(looked=i18n.as_of(LOOKED, lang),  # one date form per sentence: the page's (i18n.as_of)
                 latest=i18n.as_of(latest, lang) or i18n.t("common.unknown", lang))
    out = []
    for key in GAPS:
        what = i18n.t(f"sources.gap_what.{key}", lang)
        out.append((what, i18n.t(f"sources.gap.{key}", lang, **dates) if still_open[key]
                    else i18n.t("sources.gap_closed", lang, what=what), still_open[key]))
    return out


def primary_counts(q: Query) -> pd.DataFrame:
    """Per fact table: rows, and how many rest on a primary source, a secondary one, or none (our assumptions)."""
    return q("sources_primary_counts")


def disagreements(q: Query) -> pd.DataFrame:
    return q("sources_share_disagreements")


def changes(q: Query) -> pd.DataFrame:
    """The change log (data_changes), newest first, with each new value's source."""
    return q("table_data_changes")


def version_info(q: Query) -> dict | None:
    """The stored data version (version, revision_date, csv_sha256, storage_version), or None for a
    file without it."""
    if not int(q("data_version_present")["n"].iloc[0]):
        return None
    rows = q("data_version")
    return rows.iloc[0].to_dict() if len(rows) else None




def confidence_by_table(q: Query, values: dict, as_of: str) -> Chart:
    lang = i18n.normalise(values.get("lang"))
    counts = q("sources_confidence_counts")
    srcs = q("table_sources")
    selected = values.get("table", DEFAULT_TABLE)
    total = int(counts["rows"].sum()) if len(counts) else 0
    confirmed = int(counts.loc[counts["confidence"] == "confirmed", "rows"].sum()) if len(counts) else 0
    cap1 = Caption(
        title=i18n.t("sources.c1_title", lang, confirmed=confirmed, total=total),
        subtitle=i18n.t("sources.c1_subtitle", lang),
        source=i18n.t("sources.c1_source", lang, n=len(srcs)),
        as_of=as_of,
    )
    return Chart("sources-confidence-by-table", charts.confidence_bars(counts, cap1, selected, lang=lang), counts)


def by_publication_quarter(q: Query, values: dict, as_of: str) -> Chart:
    lang = i18n.normalise(values.get("lang"))
    srcs = q("table_sources")
    published = pd.to_datetime(srcs["published"])
    recent = int((published > published.max() - pd.Timedelta(days=365)).sum()) if len(srcs) else 0
    cap2 = Caption(
        title=i18n.t("sources.c2_title", lang, n=len(srcs), recent=recent),
        subtitle=i18n.t("sources.c2_subtitle", lang),
        source=i18n.t("sources.c2_source", lang),
        as_of=as_of,
    )
    return Chart("sources-by-publication-quarter", charts.source_dates(srcs, cap2, lang=lang), srcs)


CHARTS = {"sources-confidence-by-table": confidence_by_table, "sources-by-publication-quarter": by_publication_quarter}


def charts_for(q: Query, values: dict, as_of: str, *, only: str | None = None) -> list[Chart]:
    return build(CHARTS, q, values, as_of, only)
