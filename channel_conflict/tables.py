"""How a table on a page shows its values (the stored frame is what downloads and packs take)."""
from __future__ import annotations

import pandas as pd

MISSING = "—"  # how a table cell with no value reads (Streamlit's own is "None")


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a table shows it: a missing value reads "—". Only columns with a gap change: numbers
    become text in the form pandas prints them (ints without '.0'), dates ISO; full columns keep their type
    (so they sort and format as numbers and dates). Downloads take the frame as stored, not this."""
    out = frame.copy()
    for c in out.columns:
        col = out[c]
        if not col.isna().any():
            continue
        if pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            out[c] = [MISSING if pd.isna(v) else f"{int(v)}" if float(v).is_integer() else f"{v:g}" for v in col]
        elif pd.api.types.is_datetime64_any_dtype(col):
            out[c] = [MISSING if pd.isna(v) else f"{v:%Y-%m-%d}" for v in col]
        else:
            out[c] = col.astype(object).where(col.notna(), MISSING)
    return out
