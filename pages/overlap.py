"""Overlap: the channel-conflict model, driven by scenario controls bound to the URL.

Only the scenario part reruns when a control moves (st.fragment); the model inputs, control specs
and figures are cached per database file by ui.data; the charts' extra state beyond the link is a
views.overlap.Workbench, what "Save" stores a views.overlap.Draft.
"""
import uuid
from dataclasses import dataclass
from functools import cached_property

import streamlit as st

from channel_conflict import i18n, store
from channel_conflict.model import (
    PRESETS,
    apply_mix_edits,
    apply_revenue_edits,
    changed_assumptions,
    mix_table,
    preset,
    revenue_table,
    run,
)
from channel_conflict.params import parse
from channel_conflict.text import md
from channel_conflict.ui import chart, data, lang, layout, share
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import overlap as view

VIEW = "ov_view"  # keys of the fragments a control move reruns
BELOW = "ov_below"
SLIDERS_KEY = "ov_sliders"
EDIT_OPEN = "ov_edit_open"  # keys of the lazy expanders (drawn only while open)
CALIBRATION_OPEN = "ov_calibration_open"
HOW_OPEN = "ov_how_open"
DEFAULTS_OPEN = "ov_defaults_open"
EDITED = "_ov_edited"  # (edit version, revenue table, mix table) as the editors last gave them
SEED = "_ov_seed"  # (n, edit version, revenue, mix): what reopened editors start from
REV_COLS = ["partner_id", "partner", "cloud_revenue", "ai_fraction", "growth_pct"]
RUN_MEMO = "_ov_run_memo"  # (key, views.overlap.Run): the run on screen, which Pin copies
PARTNER_CHART = "overlap-partner"
GLANCE_MODEL_ROWS = 4  # paid, at risk, net, share; a stake in or from OpenAI adds rows
EDIT_VERSION = "_ov_edit_version"
PINNED = "_ov_pinned"  # a views.overlap.Run
CURRENT = "_ov_current"
MESSAGE = "_ov_message"
SAVE_NAME = "ov_save_name"
SEARCH = "ov_saved_search"
SESSION = "_ov_session"
RECENT = 30  # saved scenarios listed at once; the search box finds the rest
STRATEGY = ("rho", "delta", "kappa", "diff")
SLIDERS = (*STRATEGY, "ratio", "ramp", "year")  # the scenario sliders, in the column's order
CALIBRATION_COLS = ("partner", "what", "reported_metric", "period", "modelled", "reported", "diff_pct",
                    "tolerance_pct", "within", "confidence", "notes")


def t(key: str, **kwargs) -> str:
    return i18n.t(f"overlap.{key}", lang(), **kwargs)


def _conf(text: str, level: str) -> str:
    """A column label with its confidence: 'AI share (assumption)' / 'AI 占比（假設）'."""
    return i18n.paren(text, i18n.confidence(level, lang()), lang())


def _set(values: dict) -> None:
    for k, v in values.items():
        st.session_state[k] = v


def _bump_editors() -> None:
    st.session_state[EDIT_VERSION] = st.session_state.get(EDIT_VERSION, 0) + 1


def on_preset(pid: str) -> None:
    """Set the strategy controls (resale, discount, cannibalised share, targets) to a preset."""
    base = data.model_inputs()
    values = view.values_from(preset(pid, base), base)
    _set({k: v for k, v in values.items() if k in STRATEGY or k.startswith(view.WEIGHT_PREFIX)})


def on_reset() -> None:
    base = data.model_inputs()
    _set(view.values_from(base.defaults, base))


def _apply_saved(sid: str, only_missing_from_url: bool = False) -> None:
    base = data.model_inputs()
    try:
        saved = store.get().load(sid)
    except store.ScenarioError as exc:
        st.session_state[MESSAGE] = ("error", exc.message(lang()))
        return
    by_key = {p.key: p for p in view.params_for(base)}
    for k, raw in saved.values.items():
        if k not in by_key or k == view.SCENARIO_KEY or (only_missing_from_url and k in st.query_params):
            continue
        value, why = parse([by_key[k]], {k: [str(raw)]})
        if not why:
            st.session_state[k] = value[k]


def on_saved_change() -> None:
    sid = st.session_state.get(view.SCENARIO_KEY) or ""
    _bump_editors()
    if sid:
        _apply_saved(sid)


def on_back_to_sourced() -> None:
    st.session_state[view.SCENARIO_KEY] = view.NO_SAVED
    _bump_editors()


def on_save() -> None:
    current = st.session_state.get(CURRENT)
    if not current:
        return
    name = st.session_state.get(SAVE_NAME, "")
    if SESSION not in st.session_state:  # the key the store counts this visitor's saves under
        st.session_state[SESSION] = uuid.uuid4().hex
    try:
        saved = store.get().save(name, current.values, current.revenue, current.mix, as_of=current.as_of,
                                 changed=list(current.changed), session=st.session_state[SESSION])
    except store.ScenarioError as exc:
        st.session_state[MESSAGE] = ("warning", exc.message(lang()))
        st.rerun()
    st.session_state[view.SCENARIO_KEY] = saved.id
    _bump_editors()
    st.session_state[MESSAGE] = ("success", i18n.t("store.saved", lang(), name=md(saved.name), id=md(saved.id)))
    st.rerun()  # the save button sits in a fragment; the saved-scenario list outside it changes too


def _listed_ids() -> tuple[list[str], str]:
    """The newest saved scenarios (or the newest matching the search box) and the one open now, so
    the list stays small however many are saved; and a note for under the list ('' for none)."""
    s, lg = store.get(), lang()
    query = st.session_state.get(SEARCH, "")
    try:
        ids = [e.id for e in s.recent(RECENT, query)]
    except store.ScenarioError as exc:
        return [], exc.message(lg)
    note = (i18n.t("store.no_match", lg) if query and not ids else
            i18n.t("store.showing_recent", lg, n=RECENT) if not query and len(ids) >= RECENT else "")
    current = st.session_state.get(view.SCENARIO_KEY) or (st.query_params.get_all(view.SCENARIO_KEY) or [""])[-1]
    if current and current not in ids:
        try:
            if s.exists(store.check_id(current)):
                ids.append(current)
        except store.ScenarioError:
            pass  # the control reports a bad or missing id itself
    return ids, note


def on_pin() -> None:
    st.session_state[PINNED] = st.session_state.get(RUN_MEMO, (None, None))[1]


def on_unpin() -> None:
    st.session_state.pop(PINNED, None)


def _saved_control(links: LinkControls, p, container, note: str = "") -> tuple[str, object]:
    """The saved-scenario selectbox (URL-bound); on a first visit with ?scenario=<id>, its values
    fill every control the link does not set itself."""
    links.params.append(p)
    if p.key not in st.session_state:
        raw = st.query_params.get_all(p.key)
        _, problems = parse([p], {p.key: raw}, lang=lang())
        links.problems.extend(problems)
        if raw and raw[-1] in p.options and raw[-1]:
            _apply_saved(raw[-1], only_missing_from_url=True)
    lg = lang()
    container.text_input(i18n.t("store.search", lg), key=SEARCH, max_chars=store.MAX_NAME,
                         placeholder=i18n.t("store.search_placeholder", lg), help=i18n.t("store.search_help", lg))
    sid = container.selectbox(p.label, list(p.options), format_func=p.label_of, key=p.key, bind="query-params",
                              help=p.help, on_change=on_saved_change)
    if note:
        container.caption(note)
    saved = None
    if sid:
        try:
            saved = store.get().load(sid)
        except store.ScenarioError as exc:
            st.error(exc.message(lg), icon=":material/broken_image:")
    return sid or "", saved


def _preset_buttons(lg: str) -> None:
    presets = st.container(horizontal=True, gap="small")
    for pid, p in PRESETS.items():
        presets.button(i18n.t_or(f"overlap.preset.{pid}", lg, p.label), key=f"ov_preset_{pid}",
                       on_click=on_preset, args=(pid,),
                       help=i18n.t_or(f"overlap.preset.{pid}_help", lg, p.description), width="content")
    presets.button(t("reset"), key="ov_reset", on_click=on_reset, icon=":material/restart_alt:",
                   help=t("reset_help"), width="content")
    presets.button(t("pin"), key="ov_pin", on_click=on_pin, icon=":material/push_pin:",
                   help=t("pin_help"), width="content")
    if st.session_state.get(PINNED):
        presets.button(t("unpin"), key="ov_unpin", on_click=on_unpin, width="content")


def on_move() -> None:
    """A control moved: rerun only the chart side (with its Copy link), not the column of controls
    (the moved control already shows its value); the part below too only while it shows something
    built from the values (a pinned comparison, the open link box, a prepared pack)."""
    below = st.session_state.get(PINNED) or share.follows_values("overlap")
    st.rerun([VIEW, BELOW] if below else VIEW)


def _scenario_head(links: LinkControls, by_key: dict, saved_note: str, lg: str) -> tuple[str, object]:
    """Top of the left column: presets and the saved scenario; returns its id and the saved scenario
    (or None). Drawn before the chart: a ?scenario= link fills the other controls from it."""
    st.subheader(t("scenario"), divider="gray")
    _preset_buttons(lg)
    return _saved_control(links, by_key[view.SCENARIO_KEY], note=saved_note, container=st)


def _control_keys(base) -> list[str]:
    """The controls that move the chart (each calls on_move), in the order the column shows them."""
    return [*SLIDERS, *(view.WEIGHT_PREFIX + s for s in base.segments),
            *(view.PROTECT_PREFIX + p for p in base.partners), view.PARTNER_KEY]


@st.fragment(key=SLIDERS_KEY)
def sliders_section(links: LinkControls, by_key: dict, base) -> None:
    """The rest of the left column: every control that moves the chart, URL-bound. A fragment of its
    own, though it never reruns alone (on_move sends each move to the chart side): a move that starts
    as a full run makes Streamlit's front end re-apply the theme and mark every element on the page
    stale before on_move's st.rerun takes over (16-28 ms of the browser's main thread per move, Chrome
    trace, 1 Dec 2026)."""
    st.markdown(t("direct_sales"))
    for key in SLIDERS:
        links.render(by_key[key], on_change=on_move)
    st.markdown(t("targets"))
    layout.grid(links, [by_key[view.WEIGHT_PREFIX + s] for s in base.segments], on_change=on_move)
    st.markdown(t("protection"))
    layout.grid(links, [by_key[view.PROTECT_PREFIX + p] for p in base.partners], on_change=on_move)
    links.render(by_key[view.PARTNER_KEY], on_change=on_move)


def _edit_version() -> str:
    return f"{st.session_state.get(EDIT_VERSION, 0)}_{st.session_state.get(view.SCENARIO_KEY) or ''}"


def on_edit_toggle() -> None:
    """Streamlit drops a grid's edits while its expander is closed (the grid is not drawn): reopened,
    the grids start from the tables last applied, under new keys so no old edit is applied twice."""
    n, *_ = st.session_state.get(SEED, (0,))
    kept = st.session_state.get(EDITED)
    tables = kept[1:] if kept and kept[0] == _edit_version() else (None, None)
    st.session_state[SEED] = (n + 1, _edit_version(), *tables)


def _assumption_tables(base, start, start_problems: list, sid: str):
    """The assumption tables as edited (applied before the model runs): the editors when their
    expander is open, else the tables they last gave; returns the edited inputs, the revenue and mix
    tables and the changed assumptions."""
    version = _edit_version()
    rev, mix = revenue_table(start)[REV_COLS], mix_table(start)
    box = st.expander(t("edit"), icon=":material/edit_note:", key=EDIT_OPEN, on_change=on_edit_toggle)
    if box.open:
        n, seed_version, *seed = st.session_state.get(SEED, (0, "", None, None))
        if seed_version == version and seed[0] is not None:
            rev, mix = seed
        with box:
            rev, mix = _editors(base, rev, mix, f"{version}_{n}")
        st.session_state[EDITED] = (version, rev, mix)
    elif (kept := st.session_state.get(EDITED)) and kept[0] == version:
        rev, mix = kept[1], kept[2]
    edited, problems = apply_revenue_edits(start, rev)
    edited, more = apply_mix_edits(edited, mix)
    changed = changed_assumptions(base, edited)
    if box.open:
        with box:
            _edit_notes(start_problems + problems + more, changed, sid, base)
    return edited, rev, mix, changed


def _editors(base, rev, mix, version: str):
    st.caption(t("tables.intro"))
    lg = lang()
    money = i18n.plot_money(lg)  # revenue in the page's money unit (億美元 in Chinese), as its cards and charts
    shown = view.with_partner_names(rev, base, lg).assign(cloud_revenue=money(rev["cloud_revenue"]))
    mix = view.with_partner_names(mix, base, lg)
    edited = st.data_editor(
        shown, key=f"ov_rev_{version}", hide_index=True, width="stretch", disabled=["partner_id", "partner"],
        column_config={
            "partner_id": None, "partner": t("tables.partner"),
            "cloud_revenue": st.column_config.NumberColumn(_conf(t("tables.cloud_revenue"), "estimate"),
                                                           min_value=0.0, max_value=money(10000.0),
                                                           format=f"%.{money.places(1)}f"),
            "ai_fraction": st.column_config.NumberColumn(_conf(t("tables.ai_fraction"), "assumption"), min_value=0.0,
                                                         max_value=1.0, step=0.01, format="%.2f"),
            "growth_pct": st.column_config.NumberColumn(_conf(t("tables.growth_pct"), "assumption"), min_value=-50.0,
                                                        max_value=300.0, format="%.0f"),
        })
    # Every mix cell is an assumption: said once above the grid, so the five segment columns fit its width
    # (each header carrying '(assumption)' pushed the last one out of view at 1366 px).
    st.caption(t("tables.mix", confidence=i18n.confidence("assumption", lg)))
    mix = st.data_editor(
        mix, key=f"ov_mix_{version}", hide_index=True, width="stretch", disabled=["partner_id", "partner"],
        column_config={"partner_id": None, "partner": t("tables.partner")} | {
            s: st.column_config.NumberColumn(view.segment_name(base, s, lg), min_value=0.0,
                                             max_value=1.0, step=0.01, format="%.2f")
            for s in base.segments})
    revenue = view.money_edits(shown["cloud_revenue"], edited["cloud_revenue"], rev["cloud_revenue"], money.scale)
    return edited.assign(cloud_revenue=revenue), mix


def _edit_notes(problems: list, changed, sid: str, base) -> None:
    lg = lang()
    for p in problems:
        st.caption(f"⚠ {i18n.say(p, lg)}")
    if len(changed):
        st.caption(t("tables.edited") + i18n.fmt(lg)["clauses_sep"].join(view.edit_lines(changed, base, lg)))
    st.button(t("tables.back"), key="ov_back_sourced", on_click=on_back_to_sourced,
              icon=":material/history:", disabled=changed.empty and not sid,
              help=t("tables.back_help"))


def _metrics(result, pinned, lg: str) -> None:
    h = view.headline(result)
    ph = view.headline(pinned.result) if pinned else None
    m = st.columns(3)  # cards of one height, tops in line, however the third's delta wraps
    bn = lambda x: i18n.money(x, lg, trim=False, scaled=False)  # noqa: E731
    # Streamlit reads the delta's direction from its leading sign, so the sign comes first in every language.
    vs = lambda d: t("vs_pinned", delta=("-" if d < 0 else "+") + bn(abs(d)))  # noqa: E731
    m[0].metric(t("m_direct", year=h.year), bn(h.direct_revenue),
                delta=vs(h.direct_revenue - ph.direct_revenue) if ph else None,
                help=t("m_direct_help"), border=True, height="stretch")
    m[1].metric(t("m_risk", year=h.year), bn(h.total_at_risk),
                delta=vs(h.total_at_risk - ph.total_at_risk) if ph else None,
                delta_color="inverse", help=t("m_risk_help"), border=True, height="stretch")
    m[2].metric(t("m_exposed", year=h.year), h.most_exposed,
                delta=t("at_risk_delta", value=bn(h.most_exposed_risk), pct=f"{h.most_exposed_pct:.1f}"),
                delta_color="off", help=t("m_exposed_help"), border=True, height="stretch")


def _notes(result, setup: "Setup", lg: str) -> None:
    """Under the chart: what the model leaves out, where the scenario leaves the sourced world, and
    the calibration (the scenario line is on the chart itself, in its subtitle)."""
    und = result.undisclosed
    if len(und):
        st.info(t("not_in_model", names=md(i18n.join(dict.fromkeys(und["seller"]), lg))),
                icon=":material/visibility_off:")
    for note in view.plausibility_notes(result, lg):
        st.warning(note, icon=":material/report:")
    # Lazy: built and sent only while open, so a slider move does not re-send the table.
    box = st.expander(t("model.calibration"), icon=":material/fact_check:", key=CALIBRATION_OPEN, on_change="rerun")
    if box.open:
        with box:
            st.caption(t("model.calibration_note"))
            st.dataframe(data.calibration(setup.edited, setup.edits, lg), hide_index=True, width="stretch",
                         column_config={c: t(f"model.calibration_col.{c}") for c in CALIBRATION_COLS}
                         | {"source": st.column_config.LinkColumn(t("model.calibration_col.source"),
                                                                  display_text=t("model.calibration_open")),
                            "provider_id": None, "figure": None})


def _glance(result, values: dict, lg: str) -> None:
    """The one-partner table with its 10th-90th percentile bands, under the one-partner chart (its
    Monte Carlo runs only while that tab is open)."""
    st.markdown(t("model.glance"))
    table = view.glance_table(result, values[view.PARTNER_KEY], data.query("overlap_stakes"), lg)
    # Two decimals in every row, as the table rounds them (Streamlit would print 19.00 as 19).
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={c: t(f"model.glance_col.{c}") for c in ("measure", "unit")}
                 | {c: st.column_config.NumberColumn(t(f"model.glance_col.{c}"), format="%.2f")
                    for c in ("value", "p10", "p90")})
    if len(table) == GLANCE_MODEL_ROWS:  # no stake row: say so under the table, not as a row of blanks
        st.caption(t("model.g_no_stake"))


def _reference(lg: str) -> None:
    """How the model works and where each default comes from: drawn only when opened (the ~25 KB
    model document would otherwise be laid out on every first load, before the chart paints)."""
    how = st.expander(t("model.how"), icon=":material/functions:", key=HOW_OPEN, on_change="rerun")
    if how.open:
        with how:
            st.markdown(t("model.how_text", url=view.DOC_URL))
            st.markdown(view.model_document(lg))
    defaults = st.expander(t("defaults"), key=DEFAULTS_OPEN, on_change="rerun")
    if defaults.open:
        with defaults:
            st.dataframe(data.model_provenance(), hide_index=True, width="stretch",
                         column_config={"url": st.column_config.LinkColumn("Source", display_text="open"),
                                        "rationale": st.column_config.TextColumn("Rationale", width="large")})


def _compare(result, pinned, edited, as_of: str, is_edited: bool, lg: str):
    st.subheader(t("compared"), divider="gray")
    cmp = view.compare(result, pinned.result, edited, pinned.text, as_of, is_edited, lg)
    chart.show(cmp.figure, cmp.name)
    st.dataframe(cmp.data.drop(columns=["partner_id"]), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%+.2f" if c.startswith("d_")
                                                                 else "%.2f")
                                for c in cmp.data.columns if c not in ("partner_id", "partner")})
    return cmp


def _save_area(is_edited: bool, sid: str, lg: str) -> None:
    st.subheader(t("save_share"), divider="gray")
    if store.get().limits.saving:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.text_input(t("save_name"), key=SAVE_NAME, max_chars=store.MAX_NAME,
                      placeholder=i18n.t("store.save_placeholder", lg), help=i18n.t("store.save_help", lg))
        c2.button(t("save"), key="ov_save", on_click=on_save, icon=":material/save:", width="stretch",
                  disabled=not st.session_state.get(SAVE_NAME, "").strip())
    else:  # SCENARIO_SAVING=off: a read-only deployment
        st.info(i18n.t("store.save_off", lg), icon=":material/lock:")
    if is_edited and not sid:
        st.caption(t("tables.not_in_link"))


@dataclass(frozen=True)
class Setup:
    """What a full run settles for the two fragments that rerun on a control move: everything but
    the control values, which they read back from the widgets (LinkControls.current)."""

    controls: tuple  # the Params of the controls that call on_move
    state: view.Workbench  # the inputs as edited, the sourced ones, the saved scenario's name
    rev: object
    mix: object
    changed: object
    sid: str
    params: tuple  # every Param of the page (for the link)
    as_of: str

    @property
    def edited(self):
        return self.state.inputs

    @property
    def base(self):
        return self.state.base

    @cached_property
    def edits(self) -> tuple:
        """The edited assumption values, hashable (a cache key for charts and calibration)."""
        return tuple(tuple(r) for r in self.changed[["assumption", "edited"]].itertuples(index=False))

    def values(self) -> dict:
        return LinkControls.current(self.controls) | {view.SCENARIO_KEY: self.sid} | dict(
            ("lang", v) for v in i18n.link_lang(lang()))


def _chart_picked(links: LinkControls, lg: str) -> str:
    """The chart picker above the chart; returns the name of the chart picked. A link may name the
    chart in either language (its sender's)."""
    labels = {i18n.t(key, lg): name for name, key in view.CHART_LABELS.items()}
    aliases = {i18n.t(key, other): i18n.t(key, lg) for other in i18n.LANGS for key in view.CHART_LABELS.values()}
    return labels[links.picker(layout.PICKER, list(labels), t("tabs_label"), on_change=on_move, aliases=aliases)]


def _now(setup: Setup) -> tuple[dict, view.Run]:
    """The control values now and the model's run for them, once per move however many fragments ask."""
    values = setup.values()
    key = (data.hashable(values), setup.edits, setup.sid, setup.as_of, lang())
    memo = st.session_state.get(RUN_MEMO)
    if memo and memo[0] == key:
        return values, memo[1]
    result = run(setup.edited, view.scenario_from(values, setup.edited))
    done = view.Run(result, view.compact(result, setup.edited, setup.state.edited, setup.state.saved_name, lang()))
    st.session_state[RUN_MEMO] = (key, done)
    st.session_state[CURRENT] = view.Draft(
        {k: v for k, v in values.items() if k not in (view.SCENARIO_KEY, "lang")},
        setup.rev[["partner_id", "cloud_revenue", "ai_fraction", "growth_pct"]], setup.mix.drop(columns=["partner"]),
        tuple(setup.changed["assumption"]), setup.as_of)
    return values, done


@st.fragment(key=VIEW)
def view_section(links: LinkControls, setup: Setup) -> None:
    """The chart side: headline figures, the chart in view, notes. Reruns alone on a control move."""
    lg = lang()
    with guarded(t("what")):
        values, now = _now(setup)
        _metrics(now.result, st.session_state.get(PINNED), lg)
        name = _chart_picked(links, lg)  # only the chart in view is built and sent: a move repaints one chart
        for c in data.overlap_charts(values, setup.as_of, setup.state, setup.edits, only=name, result=now.result):
            chart.show(c.figure, c.name)
        if name == PARTNER_CHART:
            _glance(now.result, values, lg)
        kind, note = view.weights_notice(values, setup.base, lg) or ("", "")  # the model's rule
        if kind:
            getattr(st, "warning" if kind == "zero" else "info")(
                note, icon=":material/info:" if kind == "zero" else ":material/balance:")
        _notes(now.result, setup, lg)
        share.copy_link("overlap", values | links.view_values, [*setup.params, *links.view_params])


@st.fragment(key=BELOW)
def below_section(links: LinkControls, setup: Setup) -> None:
    """Under the columns: the pinned comparison, saving and the share bar (on_move says when it reruns)."""
    lg = lang()
    with guarded(t("what")):
        values, now = _now(setup)
        extra = []
        if pinned := st.session_state.get(PINNED):
            extra.append(_compare(now.result, pinned, setup.edited, setup.as_of, setup.state.edited, lg))
        _save_area(setup.state.edited, setup.sid, lg)
        share_bar("overlap",
                  lambda: [*data.overlap_charts(values, setup.as_of, setup.state, setup.edits, result=now.result),
                           *extra],
                  values | links.view_values,
                  [*setup.params, *links.view_params], chart_names=[*view.CHART_LABELS, *(c.name for c in extra)],
                  copy=False)


def scenario_section() -> None:
    """Controls on the left, the chart pinned on the right (ui.layout), so the chart stays on screen
    whichever slider is moved; a move reruns the two fragments only."""
    lg = lang()
    base = data.model_inputs()
    ids, saved_note = _listed_ids()
    params = data.overlap_params(tuple(ids), lg)
    links = LinkControls()
    if msg := st.session_state.pop(MESSAGE, None):
        getattr(st, msg[0])(msg[1])
    layout.workbench_style()
    left, right = st.columns([4, 9], gap="medium")
    edit_area = st.container()
    by_key = {p.key: p for p in params}
    with left.container(key=layout.CONTROLS):
        sid, saved = _scenario_head(links, by_key, saved_note, lg)
        sliders = st.container()
    start, start_problems = view.with_saved(base, saved) if saved else (base, [])
    with edit_area:
        edited, rev, mix, changed = _assumption_tables(base, start, start_problems, sid)
    setup = Setup(tuple(by_key[k] for k in _control_keys(base)),
                  view.Workbench(edited, base, saved.name if saved else ""), rev, mix, changed, sid, tuple(params),
                  data.as_of())
    # The chart side runs before the sliders (it reads their values as the link gives them on a first
    # visit): the chart is the first large thing sent, so a shared link paints it sooner.
    with right.container(key=layout.PINNED):
        view_section(links, setup)
    with sliders:
        sliders_section(links, by_key, base)
    links.show_notice()
    below_section(links, setup)


with guarded(t("what")):
    st.title(t("title"))
    st.markdown(t("intro"))
    scenario_section()
    _reference(lang())
    st.caption(t("model_note", url=view.DOC_URL, as_of=i18n.as_of(data.as_of(), lang())))
