"""The reader's language: `?lang=zh-TW` in the URL, a control in the sidebar, English by default.

The URL carries the language code itself (`lang=zh-TW`), not the control's label, so a link
reads the same whatever language its sender used. Streamlit's `bind="query-params"` would
write the formatted label (`lang=繁體中文`) into the URL, so this control keeps the URL itself:
`sync()` (once per run, from the navigation) reads the URL, remembers the choice for the
session (page links drop unbound query parameters) and puts it back into the URL.
"""
from __future__ import annotations

import streamlit as st

from .. import i18n
from ..text import code

KEY = "lang"  # the URL parameter
WIDGET = "lang"  # the sidebar control's key
_STATE = "_lang"  # the session's language, kept while the sidebar is not drawn (embeds)


def _from_url() -> tuple[str | None, str | None]:
    """(valid language or None, the raw value when the link asked for one we do not have)."""
    raw = st.query_params.get_all(KEY)
    if not raw:
        return None, None
    value = raw[-1]
    if value in i18n.LANGS:
        return value, None
    by_label = {label: code for code, label in i18n.LANGS.items()} | {c.lower(): c for c in i18n.LANGS}
    if value in by_label or value.lower() in by_label:
        return by_label.get(value) or by_label[value.lower()], None
    return None, value


def sync() -> str:
    """Decide this run's language from the URL (or the session), keep the two in step, return it."""
    lang, bad = _from_url()
    if bad is not None:
        shown = code(bad if len(bad) <= 40 else bad[:40] + "…")  # inert: a link value cannot add markup
        st.warning(i18n.t("lang.bad_link", i18n.DEFAULT, value=shown, langs=", ".join(i18n.LANGS)),
                   icon=":material/link_off:")
        lang = i18n.DEFAULT
    if lang is None:
        lang = i18n.normalise(st.session_state.get(_STATE))
    st.session_state[_STATE] = lang
    _write_url(lang)
    return lang


def _write_url(lang: str) -> None:
    want = i18n.link_lang(lang)
    if st.query_params.get_all(KEY) != want:
        if want:
            st.query_params[KEY] = lang
        elif KEY in st.query_params:
            del st.query_params[KEY]


def current() -> str:
    """This run's language (after sync(); before it, what the URL says)."""
    if _STATE in st.session_state:
        return i18n.normalise(st.session_state[_STATE])
    lang, _ = _from_url()
    return lang or i18n.DEFAULT


def _changed() -> None:
    lang = i18n.normalise(st.session_state.get(WIDGET))
    st.session_state[_STATE] = lang
    _write_url(lang)


def control() -> str:
    """The language switch (English / 繁體中文); returns the language."""
    lang = current()
    st.session_state[WIDGET] = lang
    st.segmented_control(i18n.t("common.language", lang), list(i18n.LANGS), key=WIDGET,
                         format_func=i18n.LANGS.get, required=True, on_change=_changed)
    return lang
