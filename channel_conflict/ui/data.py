"""Cached, read-only data access for the pages.

One live connection per database file, one cursor per query, and each query's frame cached
by file key, name and parameters, so a rerun never goes back to the file for data it already
has. The file key is (path, inode, size, mtime_ns): a file renamed over the old one (`make data`)
or rewritten in place gets a new key, the old connection is closed, and the next rerun reads the
new file. A broken replacement raises its DataError on every rerun until it is fixed; the old
connection is never used for it. Caches are bounded in size and in time (CACHE_TTL).
"""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from .. import db
from ..build import BuildError, build
from ..paths import CSV_DIR, db_path, using_default_db

CACHE_TTL = 3600  # seconds a cached frame or figure lives; sizes are capped too
# Figure sets kept (all pages together). An entry holds 0.4-1.2 MB of Plotly objects (measured by
# tests/test_cache_bounds.py), so this bounds the figure cache at roughly 50-150 MB.
CHART_ENTRIES = 128
MAX_FILES = 2  # live connections kept (one per DASHBOARD_DB path; normally one)


class StaleFile(db.DataError):
    """The file changed between looking up its key and reading it."""


def _file_key(path: Path) -> tuple:
    st_ = path.stat()
    return (str(path), st_.st_ino, st_.st_size, st_.st_mtime_ns)


def _ensure_built(path: Path) -> None:
    """Build the default DB on first run; never create a file the user pointed us at."""
    if path.exists() or not using_default_db() or not CSV_DIR.is_dir():
        return
    try:
        build(CSV_DIR, path)
    except BuildError as exc:
        raise db.DataError(db.message("build_title"), str(exc), db.message("build_fix")) from None


_lock = threading.Lock()
_live: dict[str, tuple[tuple, duckdb.DuckDBPyConnection]] = {}  # path -> (file key, connection)


def _close(path: str) -> None:
    held = _live.pop(path, None)
    if held is not None:
        try:
            held[1].close()
        except duckdb.Error:  # closing is best effort; the connection is dropped either way
            pass


def _open_current(path: Path) -> tuple[duckdb.DuckDBPyConnection, tuple]:
    """The live connection to the file now at `path`, (re)opened when its key changed."""
    with _lock:
        try:
            key = _file_key(path)
        except OSError:
            _close(str(path))
            db.open_readonly(path).close()  # raises the "not found" (or "folder") DataError
            raise StaleFile(db.message("changing_title"), db.message("appeared", name=path.name),
                            db.message("reload_fix"), str(path)) from None
        held = _live.get(key[0])
        if held is not None and held[0] == key:
            return held[1], key
        _close(key[0])  # a new file: the old connection must not serve it
        for _ in range(3):
            con = db.open_readonly(path)
            try:
                db.check_schema(con, path)
            except db.DataError:
                con.close()
                raise
            after = _file_key(path)
            if after == key:
                break
            con.close()  # replaced while opening: open what is there now
            key = after
        else:
            raise StaleFile(db.message("changing_title"), db.message("kept_changing", name=path.name),
                            db.message("reload_rebuilt_fix"), str(path))
        while len(_live) >= MAX_FILES:
            _close(next(iter(_live)))
        _live[key[0]] = (key, con)
        return con, key


def current_db() -> tuple[duckdb.DuckDBPyConnection, tuple]:
    path = db_path()
    _ensure_built(path)
    return _open_current(path)


def _live_connection(file_key: tuple) -> duckdb.DuckDBPyConnection:
    held = _live.get(file_key[0])
    if held is None or held[0] != file_key:
        raise StaleFile(db.message("changed_title"), db.message("replaced"), db.message("reload_fix"), file_key[0])
    return held[1]


@st.cache_data(ttl=CACHE_TTL, max_entries=256, show_spinner=False)
def _cached_query(file_key: tuple, name: str, params: tuple) -> pd.DataFrame:
    return db.run(_live_connection(file_key), name, dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """A named query's result. Treat it as read-only: it is shared between sessions."""
    for attempt in (1, 2):
        _, key = current_db()
        try:
            return _cached_query(key, name, tuple(sorted(params.items())))
        except db.DataError:
            # The file was swapped under a query in flight: read the new one once more.
            if attempt == 1 and _live.get(key[0], (None,))[0] != key:
                continue
            raise
    raise AssertionError("unreachable")


def as_of() -> str:
    """The newest source date in the file, as YYYY-MM-DD, carrying the data version (dataversion.AsOf)."""
    return _as_of(current_db()[1])


@st.cache_resource(ttl=CACHE_TTL, max_entries=8, show_spinner=False)
def _as_of(file_key: tuple):
    """Once per DB file, not three cached queries on every run (~13 ms of a slider move)."""
    from ..dataversion import as_of_from

    return as_of_from(query)


def hashable(value):
    if isinstance(value, (list, tuple, set)):
        return tuple(hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, hashable(v)) for k, v in value.items()))
    return value


@st.cache_resource(ttl=CACHE_TTL, max_entries=CHART_ENTRIES, show_spinner=False)
def _cached_charts(file_key: tuple, module: str, values_key: tuple, _view, _values: dict, as_of: str) -> list:
    return _view.charts_for(query, _values, as_of)


def charts_for(view, values: dict, as_of_date: str | None = None) -> list:
    """A view's charts for these control values, built once per DB file and view and shared by every
    session: building Plotly figures is most of a page's server time, and a reopened link or a
    revisited page then costs nothing. The figures are shared: treat them as read-only."""
    _, key = current_db()
    return _cached_charts(key, view.__name__, hashable(values), view, values, as_of_date or as_of())


# --- the Overlap page: model inputs, control specs and figures, per database file ----------------

@st.cache_resource(ttl=CACHE_TTL, max_entries=4, show_spinner=False)
def _model_inputs(file_key: tuple):
    from ..model import load_inputs

    return load_inputs(query)


def model_inputs():
    """The model's sourced inputs for the current database file, built once per file (the frames
    themselves are cached by `query`). Shared between sessions: treat them as read-only."""
    return _model_inputs(current_db()[1])


@st.cache_data(ttl=CACHE_TTL, max_entries=4, show_spinner=False)
def _model_provenance(file_key: tuple) -> pd.DataFrame:
    from ..model import default_provenance

    return default_provenance(_model_inputs(file_key))


def model_provenance() -> pd.DataFrame:
    """Where each scenario default comes from (model.default_provenance), once per database file."""
    return _model_provenance(current_db()[1])


@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def _overlap_params(file_key: tuple, saved_ids: tuple, lang: str) -> list:
    from ..views import overlap

    return overlap.params_for(_model_inputs(file_key), saved_ids, lang)


def overlap_params(saved_ids: tuple, lang: str) -> list:
    """The Overlap page's control specs: they depend on the DB, the saved scenarios listed and the
    language, not on a slider, so they are built once for each."""
    return _overlap_params(current_db()[1], tuple(saved_ids), lang)


@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def _overlap_charts(key: tuple, _values: dict, _as_of: str, _state, only: str | None, _result) -> list:
    from ..views import overlap

    return overlap.charts_for(query, _values, _as_of, state=_state, only=only, result=_result)


def overlap_charts(values: dict, as_of_date: str, state, edits: tuple, only: str | None = None,
                   result=None) -> list:
    """The Overlap page's figures for the control values and its Workbench (`state`), shared read-only
    across sessions so a reopened link is instant. `edits` identifies the edited assumption values
    (the Workbench's inputs are not hashable); `only` names the one chart in view, None for all;
    `result` is the page's own model run for these values (not run a second time on a cache miss)."""
    key = (current_db()[1], hashable(values), edits, state.saved_name, str(as_of_date))
    return _overlap_charts(key, values, as_of_date, state, only, result)


@st.cache_data(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def _calibration(key: tuple, _inputs, lang: str):
    from ..views import overlap

    return overlap.calibration(_inputs, query, lang)


def calibration(inputs, edits: tuple, lang: str):
    """The Overlap calibration table: it depends on the assumption tables (`edits` names the edited
    values, as for overlap_charts), not on the sliders, so a slider move reuses it."""
    return _calibration((current_db()[1], edits), inputs, lang)
