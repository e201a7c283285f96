"""Controls whose values live in the URL, and a visible notice when a link carried a bad value.

Streamlit's `bind="query-params"` already mirrors a widget into the URL and drops values it
cannot use. What it does not do is tell the reader; a shared link that silently shows a
different scenario is worse than an error. `LinkControls` wraps the widgets, compares what
the link asked for with what the widget shows on first load, and lists every difference
(plus parameters no control on the page knows) in one notice at the top of the page.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import streamlit as st

# Parameters that are not widgets on a page but that the app or Streamlit understands.
GLOBAL_KEYS = {"embed", "embed_options", "lang"}
MAX_SHOWN = 60  # characters of a bad value echoed back


def _short(raw: list[str]) -> str:
    text = ", ".join(raw)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _same(raw: list[str], value: Any, fmt: Callable[[Any], str]) -> bool:
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if len(raw) != len(values):
        return False
    for r, v in zip(raw, values):
        if isinstance(v, bool):
            if r.strip().lower() != str(v).lower():
                return False
        elif isinstance(v, (int, float)):
            try:
                f = float(r)
            except ValueError:
                return False
            if not math.isfinite(f) or not math.isclose(f, float(v), rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif r != fmt(v):
            return False
    return True


class LinkControls:
    """Create URL-bound widgets for one page and report link values that were not used."""

    def __init__(self, notice_area=None):
        self.keys: set[str] = set(GLOBAL_KEYS)
        self.problems: list[str] = []
        self._area = notice_area if notice_area is not None else st.empty()

    def _bound(self, widget: Callable, label: str, key: str, fmt: Callable[[Any], str] = str, **kwargs):
        self.keys.add(key)
        first_load = key not in st.session_state
        raw = st.query_params.get_all(key) if first_load else []
        value = widget(label, key=key, bind="query-params", **kwargs)
        if raw and not _same(raw, value, fmt):
            shown = ", ".join(fmt(v) for v in value) if isinstance(value, (list, tuple)) else fmt(value)
            self.problems.append(f"`{key}={_short(raw)}` is not a valid value for *{label}*; showing {shown or 'none'}.")
        return value

    def slider(self, label: str, key: str, **kwargs):
        return self._bound(st.slider, label, key, **kwargs)

    def number_input(self, label: str, key: str, **kwargs):
        return self._bound(st.number_input, label, key, **kwargs)

    def selectbox(self, label: str, key: str, options, **kwargs):
        return self._bound(st.selectbox, label, key, fmt=kwargs.get("format_func", str), options=options, **kwargs)

    def radio(self, label: str, key: str, options, **kwargs):
        return self._bound(st.radio, label, key, fmt=kwargs.get("format_func", str), options=options, **kwargs)

    def segmented_control(self, label: str, key: str, options, **kwargs):
        return self._bound(st.segmented_control, label, key, fmt=kwargs.get("format_func", str), options=options, **kwargs)

    def multiselect(self, label: str, key: str, options, **kwargs):
        return self._bound(st.multiselect, label, key, fmt=kwargs.get("format_func", str), options=options, **kwargs)

    def toggle(self, label: str, key: str, **kwargs):
        return self._bound(st.toggle, label, key, **kwargs)

    def checkbox(self, label: str, key: str, **kwargs):
        return self._bound(st.checkbox, label, key, **kwargs)

    def select_slider(self, label: str, key: str, options, **kwargs):
        return self._bound(st.select_slider, label, key, fmt=kwargs.get("format_func", str), options=options, **kwargs)

    def unknown_keys(self) -> list[str]:
        return sorted(k for k in st.query_params.keys() if k not in self.keys)

    def show_notice(self) -> None:
        """Call after every control on the page is created."""
        problems = list(self.problems)
        unknown = self.unknown_keys()
        if unknown:
            names = ", ".join(f"`{_short([k])}`" for k in unknown[:8]) + (" …" if len(unknown) > 8 else "")
            problems.append(f"ignored link parameter(s) this page does not use: {names}.")
        if problems:
            self._area.warning("**This link asked for values the page cannot show.**\n\n- " + "\n- ".join(problems),
                               icon=":material/link_off:")
