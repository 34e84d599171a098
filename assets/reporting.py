"""What every asset tells the UI: row counts and a markdown preview."""
from __future__ import annotations

import dagster as dg
import pandas as pd


def preview(frame: pd.DataFrame, rows: int = 10, width: int = 80) -> dg.MetadataValue:
    if frame.empty:
        return dg.MetadataValue.md("_no rows_")
    shown = frame.head(rows).copy()
    for column in shown.columns:
        if shown[column].dtype == object or str(shown[column].dtype).startswith("string"):
            shown[column] = shown[column].map(
                lambda v: v if not isinstance(v, str) or len(v) <= width else v[: width - 1] + "…")
    return dg.MetadataValue.md(shown.to_markdown(index=False))
