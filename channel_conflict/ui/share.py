"""The share bar at the foot of every page: copy the link to this exact view, open it as an
embed, and download the page's charts as a chart pack (PNG, SVG, CSV, scenario.json).

Usage, as the last line of a page body (inside `guarded`):

    share_bar("market", charts, values)

`charts` are the Chart objects the page drew (view.charts_for), `values` the control values
(LinkControls.render_all). The pack is built only when the user presses "Prepare chart pack",
with one warm kaleido renderer shared by the whole server process (channel_conflict.export).

Embedding: Streamlit's own `?embed=true` hides the sidebar, header and toolbar, and
`embed_options=light_theme` forces the light theme; both are kept out of the page's link
checks (ui.linkstate.GLOBAL_KEYS).
"""
from __future__ import annotations

import hashlib
import html
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from .. import i18n
from ..export.pack import DEFAULT_BASE_URL, PackError, link_for, pack_from_charts, page_key, view_for
from ..export.render import RenderBusy, RenderError, shared_renderer
from ..params import Param
from ..views import Chart
from . import data
from .language import current as _lang

EMBED_QUERY = "embed=true&embed_options=light_theme"
LINK_ICON = ('<svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
             'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M10 13a5 5 0 0 0 7.54.54l3-3'
             'a5 5 0 0 0-7.07-7.07l-1.72 1.71"/>'
             '<path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71"/>'
             '</svg>')


def _app_base(key: str) -> str:
    """The app's root URL as the browser sees it (st.context.url is the page URL without query)."""
    url = st.context.url or DEFAULT_BASE_URL
    url = url.rstrip("/")
    if key != "overview" and url.endswith("/" + key):
        url = url[: -len(key) - 1]
    return url


def _params_for(key: str) -> list[Param] | None:
    try:
        return list(view_for(key).params(data.query))
    except PackError:
        return None


def current_link(key: str, values: Mapping[str, Any], params: Sequence[Param] | None) -> str:
    """The link that reopens this view: the page's own controls, defaults left out."""
    base = _app_base(key)
    if params is not None:
        return link_for(base, key, params, values)
    from urllib.parse import urlencode  # no view module: echo what the URL carries

    query = urlencode({k: st.query_params.get_all(k) for k in st.query_params}, doseq=True)
    return base + "/" + ("" if key == "overview" else key) + (f"?{query}" if query else "")


def embed_link(link: str) -> str:
    return link + ("&" if "?" in link else "?") + EMBED_QUERY


def _copy_button(key: str, link: str) -> None:
    """One click copies `link`; falls back to a selected text field where the Clipboard API is
    missing (plain http on a non-localhost host is not a secure context)."""
    dom_id = f"cc-copy-{key}"
    lang = _lang()
    copy, copied, below = (i18n.t(f"share.{k}", lang) for k in ("copy", "copied", "copy_below"))
    st.html(f"""
<div class="cc-share" style="display:flex;align-items:center;gap:.5rem;font-family:inherit">
  <button id="{dom_id}" type="button" data-link="{html.escape(link, quote=True)}"
    style="font:inherit;padding:.35rem .8rem;border-radius:.5rem;border:1px solid rgba(49,51,63,.25);
           background:white;color:#1F2328;cursor:pointer;display:inline-flex;align-items:center;gap:.4rem">{LINK_ICON}{html.escape(copy)}</button>
  <span id="{dom_id}-msg" role="status" aria-live="polite" style="font-size:.85rem;color:#5B6470"></span>
</div>
<script>
(function() {{
  const btn = document.getElementById({json.dumps(dom_id)});
  const msg = document.getElementById({json.dumps(dom_id + "-msg")});
  if (!btn || btn.dataset.bound) return;
  btn.dataset.bound = "1";
  btn.addEventListener("click", async () => {{
    const link = btn.dataset.link || window.location.href;
    try {{
      await navigator.clipboard.writeText(link);
      msg.textContent = {json.dumps(copied)};
    }} catch (e) {{
      const t = document.createElement("textarea");
      t.value = link; document.body.appendChild(t); t.select();
      const ok = document.execCommand && document.execCommand("copy");
      t.remove();
      msg.textContent = ok ? {json.dumps(copied)} : {json.dumps(below)};
    }}
    btn.dataset.copied = link;
  }});
}})();
</script>""", unsafe_allow_javascript=True, width="content")


def _signature(key: str, names: Sequence[str], values: Mapping[str, Any], as_of: str) -> str:
    blob = json.dumps([key, sorted((k, repr(v)) for k, v in values.items()), as_of, list(names)])
    return hashlib.sha1(blob.encode()).hexdigest()


def copy_link(page_key_: str, values: Mapping[str, Any], params: Sequence[Param] | None = None) -> None:
    """The Copy link button alone, for a page that shows it beside its chart (share_bar(copy=False)):
    there it follows every control move without the rest of the share bar rerunning."""
    key = page_key(page_key_)
    if not st.context.is_embedded:
        _copy_button(key, current_link(key, values, _params_for(key) if params is None else params))


def _embed_box_key(key: str) -> str:
    return f"share_embed_{key}"


def _pack_key(key: str) -> str:
    return f"_share_pack_{key}"  # (values signature, file name, zip bytes) of the last pack prepared


def follows_values(page_key_: str) -> bool:
    """Whether the share bar now shows something built from the control values (an embed's way back,
    the open link box, a prepared pack and its "older view" note): then it must rerun on a move."""
    key = page_key(page_key_)
    return bool(st.context.is_embedded or st.session_state.get(_embed_box_key(key))
                or st.session_state.get(_pack_key(key)))


def share_bar(page_key_: str, charts: Sequence[Chart] | Callable[[], Sequence[Chart]], values: Mapping[str, Any],
              params: Sequence[Param] | None = None, chart_names: Sequence[str] | None = None,
              copy: bool = True) -> None:
    """Copy link, embed link and the chart pack for this page. Call it last on the page.

    `charts` may be a function that builds them, with their `chart_names`: a page that draws one
    chart at a time then builds the rest only when the pack is asked for. `copy=False` leaves the
    Copy link button to the page (copy_link)."""
    key = page_key(page_key_)
    if params is None:
        params = _params_for(key)
    link = current_link(key, values, params)
    lang = _lang()
    if st.context.is_embedded:  # an embed shows the charts only, and a way back to the full view
        st.caption(f"[{i18n.t('share.open_full', lang)}]({link})")
        return
    as_of = data.as_of()
    st.divider()
    st.markdown(i18n.t("share.heading", lang))
    left, right = st.columns([1, 1], vertical_alignment="top")
    with left:
        if copy:
            _copy_button(key, link)
        # Lazy: the code boxes load Streamlit's syntax highlighter (~0.4 s of a first load, profiled),
        # so they are drawn only once the box is opened.
        box = st.expander(i18n.t("share.link_and_embed", lang), icon=":material/link:", key=_embed_box_key(key),
                          on_change="rerun")
        if box.open:
            with box:
                st.caption(i18n.t("share.link_help", lang))
                st.code(link, language=None, wrap_lines=True)
                st.caption(i18n.t("share.embed_help", lang))
                st.code(embed_link(link), language=None, wrap_lines=True)
    with right:
        _pack_controls(key, charts, params or [], values, as_of, link, chart_names)


def _pack_controls(key: str, charts: Sequence[Chart] | Callable[[], Sequence[Chart]], params: Sequence[Param],
                   values: Mapping[str, Any], as_of: str, link: str, chart_names: Sequence[str] | None = None) -> None:
    lang = _lang()
    names = list(chart_names) if callable(charts) else [c.name for c in charts]
    if not names:
        st.button(i18n.t("share.prepare", lang), key=f"share_prepare_{key}", disabled=True,
                  icon=":material/folder_zip:", help=i18n.t("share.no_charts", lang))
        return
    state_key = _pack_key(key)
    sig = _signature(key, names, values, as_of)
    n = len(names)
    if st.button(i18n.t("share.prepare", lang), key=f"share_prepare_{key}", icon=":material/folder_zip:",
                 help=i18n.t("share.prepare_help", lang, n=n)):
        with st.status(i18n.t("share.rendering", lang, n=n), expanded=True) as status:
            bar = st.progress(0.0, text=i18n.t("share.starting", lang))

            def progress(done: int, total: int, what: str) -> None:
                bar.progress(done / total if total else 1.0,
                             text=f"{what} ({done}/{total})" if done < total else i18n.t("share.zipping", lang))

            def waiting(ahead: int) -> None:
                bar.progress(0.0, text=i18n.t("share.waiting", lang, n=ahead))

            t0 = time.perf_counter()
            renderer = shared_renderer()
            try:
                # One pack at a time through a bounded line; a waiting visitor sees their place.
                with renderer.turn(on_wait=waiting):
                    built = charts() if callable(charts) else charts
                    pack = pack_from_charts(key, built, params, values, as_of, link=link, progress=progress,
                                            renderer=renderer)
            except RenderBusy as exc:
                status.update(label=i18n.t("share.failed", lang), state="error", expanded=True)
                st.warning(i18n.t("share.busy", lang, n=exc.in_line), icon=":material/hourglass_top:")
                return
            except RenderError as exc:
                status.update(label=i18n.t("share.failed", lang), state="error", expanded=True)
                st.error(str(exc), icon=":material/error:")
                return
            payload = pack.zip_bytes()
            st.session_state[state_key] = (sig, pack.zip_name, payload)
            status.update(label=i18n.t("share.ready", lang, n=n, kb=len(payload) // 1024,
                                       seconds=f"{time.perf_counter() - t0:.1f}"), state="complete", expanded=False)
    stored = st.session_state.get(state_key)
    if stored and stored[0] == sig:
        st.download_button(i18n.t("share.download", lang), data=stored[2], file_name=stored[1],
                           mime="application/zip", on_click="ignore", key=f"share_download_{key}",
                           type="primary", icon=":material/download:")
    elif stored:
        st.caption(i18n.t("share.stale", lang))
