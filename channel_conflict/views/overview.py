"""Overview at /: the headline numbers and two small charts that tell the story in one screen."""
from __future__ import annotations

from .. import i18n
from ..charts import contracts as contract_charts
from ..params import Param
from . import Chart, Query, contracts, timeline


def params(q: Query) -> list[Param]:
    return []


def headline(q: Query) -> dict:
    h = contracts.headline(q)
    h["open_question"] = timeline.open_question(q)
    return h


def charts_for(q: Query, values: dict, as_of: str) -> list[Chart]:
    lang = i18n.normalise(values.get("lang"))
    deals = q("contracts_deals")
    totals = contracts.totals_by_partner(deals)
    return [
        Chart("openai-commitments-by-partner",
              contract_charts.partner_totals(totals, contracts.excluded(deals), contracts.undisclosed(deals), as_of,
                                             chars=46, lang=lang),
              totals),
        contracts.role_matrix(q, {"lang": lang}, as_of, compact=True),
    ]
money = contract_charts.money
