"""Overview at /: the headline numbers and two small charts that tell the story in one screen."""
from __future__ import annotations

from dataclasses import dataclass

from .. import i18n
from ..params import Param
from . import Chart, Query, build, contracts, timeline


def params(q: Query) -> list[Param]:
    return []


@dataclass(frozen=True)
class Point:
    """One line of the article (an impact, a risk or a thing to watch) and the view that answers it."""
    group: str  # impacts | risks | watch
    key: str  # overview.article.<key>
    page: str  # the page file the link opens
    controls: tuple = ()  # (URL key, value) pairs; a value "tab:<i18n key>" is that tab's label in the language


# The article's three impacts, two risks and three things to watch (PRODUCT.md, "The article"), each
# linked to the chart that answers it, with the tab and controls that show it.
ARTICLE: tuple[Point, ...] = (
    Point("impacts", "impact_supplier", "pages/overlap.py", (("chart", "tab:overlap.tab_heatmap"),)),
    Point("impacts", "impact_take_or_pay", "pages/contracts.py"),
    Point("impacts", "impact_fabs", "pages/capital.py"),
    Point("risks", "risk_conflict", "pages/overlap.py", (("chart", "tab:overlap.tab_bars"),)),
    Point("risks", "risk_cycle", "pages/capital.py", (("cadence_months", "18"),)),
    Point("watch", "watch_guarantees", "pages/capital.py", (("fab_life_years", "30"),)),
    Point("watch", "watch_pricing", "pages/overlap.py",
          (("rho", "0.2"), ("delta", "0.15"), ("chart", "tab:overlap.tab_market"))),
    Point("watch", "watch_partners", "pages/timeline.py", (("category", ("channel", "contract")),)),
)
GROUPS = ("impacts", "risks", "watch")

# The four headline cards' column weights (counted, reported, partners, latest event): the partners'
# figure is one or two digits, so its card is the narrowest; its label must still show whole.
CARD_WEIGHTS = (4, 4, 3, 4)


def link_params(point: Point, lang: str = i18n.DEFAULT) -> dict:
    """The query parameters of a point's link, tab labels in `lang` (as the page's tabs are named)."""
    out = {}
    for key, value in point.controls:
        if isinstance(value, str) and value.startswith("tab:"):
            value = i18n.t(value[4:], lang)
        out[key] = list(value) if isinstance(value, tuple) else value
    out.update(("lang", v) for v in i18n.link_lang(lang))
    return out


def headline(q: Query, lang: str = i18n.DEFAULT) -> dict:
    h = contracts.headline(q, lang)
    h["open_question"] = timeline.open_question(q)
    return h


def roles(q: Query, values: dict, as_of: str) -> Chart:
    """The Contracts page's role matrix, compact (short role names, no value labels), at its default date."""
    return contracts.role_matrix(q, {"lang": i18n.normalise(values.get("lang"))}, as_of, compact=True)


# Both charts as the Contracts page draws them: the page shows each the full width, so titles wrap there.
CHARTS = {"openai-commitments-by-partner": contracts.commitments_by_partner, "partner-roles": roles}


def charts_for(q: Query, values: dict, as_of: str, *, only: str | None = None) -> list[Chart]:
    return build(CHARTS, q, values, as_of, only)
