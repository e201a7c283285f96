"""Controls whose values live in the URL, and a visible notice when a link carried a bad value.

Streamlit's `bind="query-params"` mirrors a widget into the URL and silently drops values it
cannot use. A shared link that quietly shows a different view misleads, so `LinkControls`
checks what the link asked for with the same rules the CLI uses (channel_conflict.params)
and lists every value it could not use, and every unknown parameter, in one notice.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from .. import i18n
from ..params import Param, parse
from ..registry import GLOBAL_KEYS  # parameters that are not page widgets but the app or Streamlit understands
from .language import current as _lang


class LinkControls:
    """Render Params as URL-bound widgets for one page, and report link values not used."""

    def __init__(self, notice_area=None):
        self.params: list[Param] = []
        self.problems: list[str] = []
        # The chart picked on each URL-bound picker: a copied link must reopen the same chart.
        self.view_params: list[Param] = []
        self.view_values: dict[str, str] = {}
        self._area = notice_area if notice_area is not None else st.empty()

    def render(self, p: Param, container=None, on_change=None, label_visibility: str = "visible") -> Any:
        """The widget for `p`, bound to the URL; `on_change` as Streamlit's (a callback)."""
        self.params.append(p)
        where = container if container is not None else st
        first_load = p.key not in st.session_state
        if first_load:
            raw = st.query_params.get_all(p.key)
            values, problems = parse([p], {p.key: raw}, lang=_lang())
            self.problems.extend(problems)
            if p.kind in ("choice", "multi") and not problems and set(raw) - {p.label_of(o) for o in p.options}:
                # The binding reads an option's label in this language only; the link named the option by
                # its value or its label in another language (params.parse understands both): seed it.
                st.session_state[p.key] = values[p.key]
        common = dict(key=p.key, bind="query-params", help=p.help or None, on_change=on_change,
                      label_visibility=label_visibility)
        return self._settled(p, self._widget(p, where, common))

    @staticmethod
    def _settled(p: Param, value: Any) -> Any:
        if value is None and p.kind == "choice":
            # A blank link value (`?firm=`) leaves a required choice empty: the page uses the default.
            return p.default
        return value

    @classmethod
    def current(cls, params: Sequence[Param]) -> dict[str, Any]:
        """The controls' values as `render` returns them, without drawing them: what a fragment that
        reruns without the controls (st.rerun(<fragment key>) from their on_change) reads, or a part of
        the page drawn before them. A control not drawn yet takes what the link gives it (the one
        link parser, params.parse, whose rules the bound widget follows)."""
        out = {}
        for p in params:
            if p.key in st.session_state:
                value = st.session_state[p.key]
            else:
                value = parse([p], {p.key: st.query_params.get_all(p.key)}, lang=_lang())[0][p.key]
            out[p.key] = cls._settled(p, value)
        return out

    @staticmethod
    def _widget(p: Param, where, common: dict) -> Any:
        if p.kind in ("float", "int"):
            if p.widget == "number":
                return where.number_input(p.label, min_value=p.min, max_value=p.max, value=p.default,
                                          step=p.step, format=p.format, **common)
            return where.slider(p.label, min_value=p.min, max_value=p.max, value=p.default, step=p.step,
                                format=p.format, **common)
        if p.kind == "int_range":
            return where.slider(p.label, min_value=int(p.min), max_value=int(p.max), value=tuple(p.default),
                                step=int(p.step or 1), format=p.format, **common)
        if p.kind == "bool":
            return where.toggle(p.label, value=p.default, **common)
        fmt = p.label_of
        if p.kind == "choice":
            options = list(p.options)
            if p.widget == "segmented":
                return where.segmented_control(p.label, options, default=p.default, format_func=fmt,
                                               required=True, **common)
            if p.widget == "slider":
                return where.select_slider(p.label, options, value=p.default, format_func=fmt, **common)
            if p.widget == "radio":
                return where.radio(p.label, options, index=options.index(p.default), format_func=fmt,
                                   horizontal=True, **common)
            return where.selectbox(p.label, options, index=options.index(p.default), format_func=fmt, **common)
        if p.kind == "multi":
            if p.widget == "pills":
                return where.pills(p.label, list(p.options), default=list(p.default), format_func=fmt,
                                   selection_mode="multi", **common)
            # Streamlit's own placeholder is English ("Choose options") in every language.
            return where.multiselect(p.label, list(p.options), default=list(p.default), format_func=fmt,
                                     placeholder=p.placeholder or i18n.t("link.choose", _lang()), **common)
        raise ValueError(f"unknown kind {p.kind}")

    def render_all(self, params: Sequence[Param], container=None) -> dict[str, Any]:
        return {p.key: self.render(p, container) for p in params}

    def picker(self, key: str, labels: Sequence[str], label: str, on_change=None,
               aliases: dict[str, str] | None = None) -> str:
        """A row of buttons choosing the view, bound to the URL as `key=<label>` (as Overlap's tabs were,
        so their links still open), for a chart that repaints on every control move. Streamlit's tabs
        rescan their open panel for focusable elements on each DOM change in it, and a Plotly repaint
        is hundreds of changes (checkVisibility alone took 16 ms of each slider move on Overlap,
        Chrome's profiler, 1 Dec 2026). `aliases`: other strings a link may name an option by (its
        label in another language)."""
        p = Param(key, label, "choice", labels[0], options=tuple(labels), widget="segmented", aliases=aliases or {})
        self._forget(key)
        chosen = self.render(p, on_change=on_change, label_visibility="collapsed")
        self.view_params.append(p)
        self.view_values[key] = chosen
        return chosen

    def _forget(self, key: str) -> None:
        """A fragment rerun draws its picker again: keep one entry per key."""
        self.params = [q for q in self.params if q.key != key]
        self.view_params = [q for q in self.view_params if q.key != key]

    def show_notice(self) -> None:
        """Call after every control on the page is created."""
        unknown = sorted(k for k in st.query_params.keys()
                         if k not in GLOBAL_KEYS and k not in {p.key for p in self.params})
        problems = list(self.problems)
        if unknown:
            _, extra = parse([], {k: [] for k in unknown}, lang=_lang())
            problems.extend(extra)
        if problems:
            self._area.warning(i18n.t("link.notice", _lang()) + "\n\n- " + "\n- ".join(problems),
                               icon=":material/link_off:")
