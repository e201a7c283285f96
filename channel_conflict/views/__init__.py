"""One module per page: its parameters and the charts it draws, with no Streamlit inside.

A view module exposes
    params(q) -> list[Param]                       the page's controls (options may come from data)
    charts_for(q, values, as_of) -> list[Chart]    every chart on the page, in order
where q(name, **params) -> DataFrame runs a named query. The page renders these; the
chart-pack export and the CLI call the same functions, so images match the page.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

Query = Callable[..., pd.DataFrame]


@dataclass
class Chart:
    name: str  # stable slug: file names in the chart pack, PNG download name
    figure: go.Figure
    data: pd.DataFrame  # the rows behind the chart, exported as CSV
