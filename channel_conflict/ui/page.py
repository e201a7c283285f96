"""The frame every page runs in: no traceback ever reaches the user."""
from __future__ import annotations

import json
import logging
import os
import time
from contextlib import contextmanager

import streamlit as st

from .. import i18n
from ..db import DataError
from . import activity
from .language import current as _lang

log = logging.getLogger("channel_conflict")
FALLBACK = "frame fallback"  # logged when ensure_app_frame has to rerun a page (see there)
TIMINGS_ENV = "DASHBOARD_TIMINGS"  # a file to append each run's server time to (the bench sets it)


def _record(what: str, started: float) -> None:
    path = os.environ.get(TIMINGS_ENV)
    if not path:
        return
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    fragment = bool(ctx and getattr(ctx, "fragment_ids_this_run", None))
    line = json.dumps({"what": what, "fragment": fragment, "ms": round((time.perf_counter() - started) * 1000, 2)})
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def show_data_error(err: DataError) -> None:
    """The error box names the file only; the server log gets the full path."""
    log.warning("database problem with %s: %s", err.path or "(no path)", err)
    lg = _lang()
    st.error(i18n.t("frame.data_error", lg, title=i18n.say(err.title, lg), detail=i18n.say(err.detail, lg),
                    fix=i18n.say(err.fix, lg)),
             icon=":material/database:")


def ensure_app_frame() -> None:
    """Rerun through dashboard.py when Streamlit ran a page file on its own.

    A fresh server that sees a pages/ folder runs its first session in the old "pages directory"
    mode until some run calls st.navigation: a first visit to a deep link such as /market would then
    run pages/market.py alone, without dashboard.py's wide layout and sidebar. The app's own start
    (channel_conflict.serve, behind make run and make cluster) opens `/` before any visitor, so this
    does not happen there; it is the fallback for a bare `streamlit run dashboard.py`. Switching the
    mode off and rerunning sends the same URL through st.navigation (page hashes come from the url
    path, so the page is kept).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        log.warning("%s: a page file ran on its own (server not warmed up); rerunning it through dashboard.py",
                    FALLBACK)
        PagesManager.uses_pages_directory = False
        st.rerun()


@contextmanager
def guarded(what: str = "this page"):
    """Turn a DataError into its message, and any other failure into a short apology.

    Streamlit's own stop/rerun signals are BaseExceptions and pass through untouched.
    """
    ensure_app_frame()
    started = time.perf_counter()
    try:
        with activity.running():
            yield
        _record(what, started)
    except DataError as err:
        show_data_error(err)
        st.stop()
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        log.exception("error rendering %s", what)
        st.error(i18n.t("frame.error", _lang(), what=what), icon=":material/error:")
        st.stop()
