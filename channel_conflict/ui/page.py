"""The frame every page runs in: no traceback ever reaches the user."""
from __future__ import annotations

import logging
from contextlib import contextmanager

import streamlit as st

from ..db import DataError

log = logging.getLogger("channel_conflict")


def show_data_error(err: DataError) -> None:
    st.error(f"**{err.title}.** {err.detail}\n\n**How to fix it:** {err.fix}", icon=":material/database:")


@contextmanager
def guarded(what: str = "this page"):
    """Turn a DataError into its message, and any other failure into a short apology.

    Streamlit's own stop/rerun signals are BaseExceptions and pass through untouched.
    """
    try:
        yield
    except DataError as err:
        show_data_error(err)
        st.stop()
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        log.exception("error rendering %s", what)
        st.error(f"Something went wrong drawing {what}. The error was logged on the server; "
                 "try resetting the controls or reloading the page.", icon=":material/error:")
        st.stop()
