"""The partner-role matrix: for each partner and date, which roles it holds towards OpenAI and
the dollar figure behind each. The picture people share, so it must read on its own."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from .base import GRID, INK, MUTED, Caption, empty_figure, finish, hover_cells, source_lines, sources_label
from .labels import text_px

ROLES = ("investor", "investee", "compute_supplier", "chip_supplier", "model_distributor", "rival")
NO_DOLLARS = {"model_distributor", "rival"}  # roles with no contract value behind them
COMPACT_FONT_PX = 11
# A compact chart's column at its narrowest (a phone's 640 px chart: six roles in ~500 px beside the partner
# names) holds a role name this wide level, with room between; a wider name would be slanted.
LEVEL_LABEL_PX = 70


def cell_text(role: str, usd_bn, lang: str = i18n.DEFAULT) -> str:
    if usd_bn is None or pd.isna(usd_bn):
        return i18n.t("roles.held" if role in NO_DOLLARS else "roles.dollar_undisclosed", lang)
    return i18n.money(float(usd_bn), lang, small=True)


def row_label(name: str, color: str) -> str:
    return f"<span style='color:{color}'>■</span> <b>{name}</b>"


def role_matrix(roles: pd.DataFrame, partners: pd.DataFrame, date: str, as_of: str, height: int | None = None,
                compact: bool = False, chars: int = 100, lang: str = i18n.DEFAULT) -> go.Figure:
    """A grid of partners (rows, in provider colours) by roles (columns); a dot where the role is held on
    `date`, sized by its dollar figure, labelled with it."""
    multi = roles.groupby("provider_id")["role"].nunique() if len(roles) else pd.Series(dtype=int)
    n_multi = int((multi >= 2).sum())
    shown_date = i18n.as_of(date, lang)
    caption = Caption(
        title=(i18n.t("roles.title", lang, date=shown_date, n=n_multi, total=len(partners))
               if len(roles) else i18n.t("roles.title_none", lang, date=shown_date)),
        subtitle=i18n.t("roles.subtitle_compact" if compact else "roles.subtitle", lang),
        source=sources_label(roles, lang=lang) if len(roles) else i18n.t("roles.source_none", lang),
        as_of=as_of,
    )
    if partners.empty:
        return empty_figure(caption, i18n.t("roles.empty", lang), lang=lang)
    ids = list(partners["provider_id"])
    labels = [row_label(n, c) for n, c in zip(partners["provider"], partners["color"], strict=False)]
    names = {r: i18n.t(f"roles.{'short' if compact else 'label'}.{r}", lang) for r in ROLES}
    x_labels = [names[r] for r in ROLES]
    fig = go.Figure(go.Heatmap(
        z=[[0] * len(ROLES) for _ in ids], x=x_labels, y=labels, colorscale=[[0, "#F5F6F8"], [1, "#F5F6F8"]],
        showscale=False, xgap=3, ygap=3, hoverinfo="skip",
    ))
    if len(roles):
        r = roles[roles["role"].isin(ROLES) & roles["provider_id"].isin(ids)].copy()
        label_of = dict(zip(ids, labels, strict=False))
        r["x"] = r["role"].map(names)
        r["y"] = r["provider_id"].map(label_of)
        biggest = float(r["usd_bn"].max()) if r["usd_bn"].notna().any() else 1.0
        r["size"] = [14 if pd.isna(v) else 14 + 26 * (float(v) / biggest) ** 0.5 for v in r["usd_bn"]]
        r["text"] = [cell_text(role, v, lang) for role, v in zip(r["role"], r["usd_bn"], strict=False)]
        fig.add_trace(go.Scatter(
            x=r["x"], y=r["y"], mode="markers" if compact else "markers+text", name=i18n.t("roles.role_held", lang),
            text=r["text"], textposition="bottom center", cliponaxis=False,
            textfont=dict(size=11 if compact else 12,
                          color=[MUTED if pd.isna(v) else INK for v in r["usd_bn"]]),
            marker=dict(size=r["size"] * (0.8 if compact else 1), color=r["color"], line=dict(color="white", width=1.5),
                        symbol=["circle" if pd.notna(v) or role in NO_DOLLARS else "circle-open"
                                for role, v in zip(r["role"], r["usd_bn"], strict=False)]),
            # the role as one line (its column header breaks it in two)
            # a role with no money behind it (a distributor, a rival) says so; 'US$ figure: held' said nothing
            customdata=hover_cells(r.assign(role=r["x"].str.replace("<br>", " "), amount=[
                i18n.t("roles.no_dollars", lang) if role in NO_DOLLARS and pd.isna(v) else text
                for role, v, text in zip(r["role"], r["usd_bn"], r["text"], strict=True)]),
                                   ["provider", "role", "amount", "as_of", "notes", "publisher", "published",
                                    "confidence"], lang),
            hovertemplate=i18n.t("roles.hover", lang) + source_lines(lang, 5, 6, 7) + "<extra></extra>",
        ))
        counts = r.groupby("y")["role"].nunique() if not compact else {}
        for y, n in counts.items():
            fig.add_annotation(x=1.0, xref="paper", xanchor="left", xshift=8, y=y, yref="y", showarrow=False,
                               text=i18n.t("roles.n_roles" if n > 1 else "roles.n_role", lang, n=n),
                               font=dict(size=12, color=MUTED))
    fig.update_xaxes(side="top", showgrid=False, showline=False, ticks="", tickfont=dict(size=12, color=INK),
                     type="category", categoryorder="array", categoryarray=x_labels)
    fig.update_yaxes(autorange="reversed", showgrid=False, showline=False, ticks="", gridcolor=GRID,
                     tickfont=dict(size=13), type="category", categoryorder="array", categoryarray=labels)
    fig.update_layout(showlegend=False, margin=dict(r=20 if compact else 80))
    level = not compact or max(text_px(x, COMPACT_FONT_PX) for x in x_labels) <= LEVEL_LABEL_PX
    if compact:
        fig.update_xaxes(tickangle=0 if level else -40, tickfont=dict(size=COMPACT_FONT_PX))
    height = height or (200 + (38 if compact else 62) * len(ids))
    fig = finish(fig, caption, height=height, chars=chars, lang=lang)
    # role labels sit above the grid: two lines (the full names), one level line, or a slanted one
    fig.update_layout(margin=dict(t=fig.layout.margin.t + (22 if compact and level else 44)))
    return fig
