"""Cached, read-only data access for the pages.

One connection per database file (re-opened when the file changes on disk), one cursor
per query, and each query's frame cached by name and parameters, so a rerun never goes
back to the file for data it already has.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from .. import db
from ..build import BuildError, build
from ..paths import CSV_DIR, db_path, using_default_db


def _file_key(path: Path) -> tuple:
    st_ = path.stat()
    return (str(path), st_.st_mtime_ns, st_.st_size)


def _ensure_built(path: Path) -> None:
    """Build the default DB on first run; never create a file the user pointed us at."""
    if path.exists() or not using_default_db() or not CSV_DIR.is_dir():
        return
    try:
        build(CSV_DIR, path)
    except BuildError as exc:
        raise db.DataError("The data could not be built", str(exc), "Fix that CSV cell, then run `make data`.") from None


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(file_key: tuple) -> duckdb.DuckDBPyConnection:
    path = Path(file_key[0])
    con = db.open_readonly(path)
    try:
        db.check_schema(con, path)
    except db.DataError:
        con.close()
        raise
    return con


def current_db() -> tuple[duckdb.DuckDBPyConnection, tuple]:
    path = db_path()
    _ensure_built(path)
    if not path.exists():
        db.open_readonly(path)  # raises the "not found" DataError
    return _connection(_file_key(path)), _file_key(path)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_query(file_key: tuple, name: str, params: tuple) -> pd.DataFrame:
    return db.run(_connection(file_key), name, dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """A named query's result. Treat it as read-only: it is shared between sessions."""
    _, key = current_db()
    return _cached_query(key, name, tuple(sorted(params.items())))


def as_of() -> str:
    """The newest source date in the file, as YYYY-MM-DD."""
    value = query("data_as_of")["as_of"].iloc[0]
    return "unknown" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _hashable(value):
    if isinstance(value, (list, tuple, set)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_charts(file_key: tuple, module: str, values_key: tuple, _view, _values: dict, as_of: str) -> list:
    return _view.charts_for(query, _values, as_of)


def charts_for(view, values: dict, as_of_date: str | None = None) -> list:
    """A view's charts for these control values, built once per DB file and view and shared by every
    session: building Plotly figures is most of a page's server time, and a reopened link or a
    revisited page then costs nothing. The figures are shared: treat them as read-only."""
    _, key = current_db()
    return _cached_charts(key, view.__name__, _hashable(values), view, values, as_of_date or as_of())
