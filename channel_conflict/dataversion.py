"""The data version: which revision of the CSVs a page, chart or pack was drawn from.

The build stores it in the DB's data_version table ("2026-11-30.1a2b3c4": the newest date in the
data, then the start of a checksum of the source CSVs; see build.data_version). It travels with
the as-of date that every chart already receives: AsOf is that date string carrying the version,
so charts.base.finish can put both in the footer and packs in scenario.json, without every view
passing one more argument. Anything that only needs the date treats it as the plain string it is.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd


class AsOf(str):
    """The data's as-of date (YYYY-MM-DD, or "unknown") with its data version attached."""

    data_version: str

    def __new__(cls, date: str, data_version: str = "") -> AsOf:
        obj = super().__new__(cls, date)
        obj.data_version = data_version
        return obj

    def __reduce__(self):
        return (AsOf, (str(self), self.data_version))


def version_of(as_of) -> str:
    """The data version an as-of value carries; "" for a plain date string."""
    return getattr(as_of, "data_version", "") or ""


def version_from(q: Callable[..., pd.DataFrame]) -> str:
    """The DB's data version via the named-query function `q`; "" for a file without the table
    (a DuckDB file made elsewhere and brought in with DASHBOARD_DB)."""
    if not int(q("data_version_present")["n"].iloc[0]):
        return ""
    rows = q("data_version")["version"]
    return str(rows.iloc[0]) if len(rows) else ""


def as_of_from(q: Callable[..., pd.DataFrame]) -> AsOf:
    """The newest date in the data (a source or a logged correction), as the pages show it, carrying the
    data version."""
    value = q("data_as_of")["as_of"].iloc[0]
    date = "unknown" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
    return AsOf(date, version_from(q))
