"""Timeline page: events from 2024 on, filtered by actor and category."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .. import i18n
from ..charts import timeline as charts
from ..params import Param
from . import Chart, Query, build

START = "2024-01-01"
ACTORS = Param("actor", i18n.t("param.timeline.actor.label"), "multi", default=(), widget="multiselect",
               help=i18n.t("param.timeline.actor.help"))
CATEGORIES = Param("category", i18n.t("param.timeline.category.label"), "multi", default=(), widget="pills",
                   help=i18n.t("param.timeline.category.help"))


def events(q: Query) -> pd.DataFrame:
    ev = q("timeline_events", start=START).copy()
    order = q("providers").set_index("provider_id")["sort_order"]
    ev["provider_order"] = ev["provider_id"].map(order).fillna(999)
    ev["event_date"] = pd.to_datetime(ev["event_date"])
    return ev


def category_label(category: str, lang: str = i18n.DEFAULT) -> str:
    """A kind of event as the page says it ([event_category]: our vocabulary, schema.EVENT_CATEGORIES)."""
    return i18n.t_or(f"event_category.{category}", lang, category)


def params(q: Query, lang: str = i18n.DEFAULT) -> list[Param]:
    """The page's controls; category pills labelled in `lang`, a link's category in any language understood."""
    ev = events(q)
    actors = list(dict.fromkeys(ev.sort_values(["provider_order", "actor"])["actor"]))
    cats = sorted(ev["category"].unique())
    aliases = {category_label(c, other): c for other in i18n.LANGS for c in cats}
    return [ACTORS.with_options(actors, default=[]),
            replace(CATEGORIES.with_options(cats, default=list(cats)),
                    labels={c: category_label(c, lang) for c in cats}, aliases=aliases)]


def actor_name(actor: str, lang: str = i18n.DEFAULT) -> str:
    """An actor's name in `lang`: companies as the DB has them; the catalogue names the rest ('白宮')."""
    return i18n.data_or(f"timeline.actor_name.{actor}", lang, actor)


def localised(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events with their category and actor said in `lang` (what the chart's rows, legend and hover and
    the table show)."""
    return ev.assign(category=[category_label(c, lang) for c in ev["category"]],
                     actor=[actor_name(a, lang) for a in ev["actor"]])


def filtered(q: Query, values: dict) -> pd.DataFrame:
    ev = events(q)
    actors = list(values.get("actor") or [])
    cats = values.get("category")
    if actors:
        ev = ev[ev["actor"].isin(actors)]
    if cats is not None:
        ev = ev[ev["category"].isin(list(cats))]
    return ev.reset_index(drop=True)


def open_question(q: Query) -> dict:
    row = q("timeline_open_question").iloc[0]
    latest = None if pd.isna(row["latest_event"]) else pd.Timestamp(row["latest_event"]).strftime("%Y-%m-%d")
    date = None if pd.isna(row["direct_sale_date"]) else pd.Timestamp(row["direct_sale_date"]).strftime("%Y-%m-%d")
    return dict(latest=latest, date=date, title=row["direct_sale_title"], url=row["direct_sale_url"],
                publisher=row["direct_sale_publisher"])


def events_chart(q: Query, values: dict, as_of: str) -> Chart:
    lang = i18n.normalise(values.get("lang"))
    ev = filtered(q, values)
    cats = sorted(events(q)["category"].unique())
    oq = open_question(q)
    parts = []
    if values.get("actor"):
        names = i18n.join((actor_name(a, lang) for a in values["actor"]), lang)
        parts.append(i18n.t("timeline.filter_actors", lang, names=names))
    if values.get("category") is not None and len(values["category"]) < len(cats):
        parts.append(i18n.t("timeline.filter_categories", lang,
                            names=i18n.join((category_label(c, lang) for c in values["category"]), lang)
                            or i18n.t("timeline.none", lang)))
    # The chart draws the categories it is given: said in the page's language, in the codes' order (a
    # category keeps its marker symbol in every language).
    fig = charts.events_dots(localised(ev, lang), [category_label(c, lang) for c in cats], as_of, oq["latest"], oq,
                             subtitle_extra=i18n.join(parts, lang, "clauses"), lang=lang)
    return Chart("timeline-events", fig, ev.drop(columns=["provider_order"]))


CHARTS = {"timeline-events": events_chart}


def charts_for(q: Query, values: dict, as_of: str, *, only: str | None = None) -> list[Chart]:
    return build(CHARTS, q, values, as_of, only)
