"""The Sources page's whole-data ZIP: built when a visitor asks for it, then shared by every
visitor of the same database file (keyed by the file, so a rebuilt file gets a new ZIP)."""
from __future__ import annotations

import logging

import streamlit as st

from .. import db
from ..export.data import DataExportError, collect
from ..text import without_paths
from . import data

log = logging.getLogger(__name__)


@st.cache_data(max_entries=2, ttl=data.CACHE_TTL, show_spinner=False)
def _zip(file_key: tuple, _con) -> tuple[str, bytes]:
    export = collect(file_key[0], _con)
    return export.zip_name, export.zip_bytes()


def data_zip() -> tuple[str, bytes]:
    """(file name, ZIP bytes) of `export --data` for the database the app is showing."""
    con, key = data.current_db()
    return _zip(key, con)


def prepare() -> None:
    """The button's callback: it runs before the rerun, so nothing later in the run can lose the
    click. Leaves ("name", bytes) or an error message in the session for the page to show."""
    st.session_state.pop("data_zip_error", None)
    try:
        st.session_state["data_zip"] = data_zip()
    except (db.DataError, DataExportError, OSError) as exc:
        log.warning("data ZIP failed: %s", exc)
        st.session_state["data_zip"] = None
        # Visitors see file names, never server paths (the log above has the full message).
        st.session_state["data_zip_error"] = getattr(exc, "title", None) or without_paths(str(exc).splitlines()[0])
