"""Market page: which research firm, which providers; share lines and market size."""
from __future__ import annotations

from ..charts import market as charts
from ..params import Param
from . import Chart, Query

FIRM = Param("firm", "Research firm", "choice", default="Synergy", widget="segmented",
             help="Synergy and Canalys measure differently: a chart never mixes them.")


def params(q: Query) -> list[Param]:
    firms = q("research_firms")["research_firm"].tolist()
    return [FIRM.with_options(firms, default=firms[0])]


def colors(q: Query) -> dict[str, str]:
    p = q("providers")
    return dict(zip(p["provider_id"], p["color"]))


def charts_for(q: Query, values: dict, as_of: str) -> list[Chart]:
    firm = values["firm"]
    shares = q("market_share", firm=firm)
    size = q("market_size", firm=firm)
    return [
        Chart(f"market-share-{firm.lower()}", charts.share_lines(shares, colors(q), firm, as_of), shares),
        Chart(f"market-size-{firm.lower()}", charts.size_bars(size, firm, as_of), size),
    ]
