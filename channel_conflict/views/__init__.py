"""One module per page: its parameters and the charts it draws, with no Streamlit inside.

A view module exposes
    params(q) -> list[Param]                       the page's controls (options may come from data)
    CHARTS: dict[str, builder]                     one builder per chart, by stable name, in page order
    charts_for(q, values, as_of, *, only=None)     every chart on the page in order (or only one)
where q(name, **params) -> DataFrame runs a named query. The page renders these; the
chart-pack export and the CLI call the same functions, so images match the page. Which page uses
which view is in channel_conflict/registry.py. A builder takes (q, values, as_of) -> Chart, or a
context object when several charts share costly inputs (views.capital, views.overlap).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

Query = Callable[..., pd.DataFrame]


@dataclass
class Chart:
    name: str  # stable slug: file names in the chart pack, PNG download name
    figure: go.Figure
    data: pd.DataFrame  # the rows behind the chart, exported as CSV


Builder = Callable[[Query, dict, str], Chart]


def build(builders: Mapping[str, Builder], q: Query, values: dict, as_of: str, only: str | None = None) -> list[Chart]:
    """The charts of a view's CHARTS map, in order; only the one named `only` when given."""
    return [make(q, values, as_of) for name, make in builders.items() if only is None or only == name]
