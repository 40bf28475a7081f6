"""Downloads: data as CSV that is safe to open in a spreadsheet, charts as PNG or SVG rendered offline."""
from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert as vlc

from core.present.charts import vega_number_locale, vega_time_locale

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value):
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Dutch spreadsheets: ';' between fields, decimal comma, UTF-8 with BOM, no formulas."""
    clean = frame.copy()
    clean.columns = [_defuse(str(c)) for c in clean.columns]
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            clean[column] = clean[column].map(_defuse)
    return clean.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The Vega-Lite spec of an Altair chart, or a spec written as a dict (used as it is)."""
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = 720
    return spec


def chart_png(chart: alt.TopLevelMixin | dict, scale: float = 2.0) -> bytes:
    return vlc.vegalite_to_png(_spec(chart), scale=scale, format_locale=vega_number_locale(),
                               time_format_locale=vega_time_locale())


def chart_svg(chart: alt.TopLevelMixin | dict) -> str:
    return vlc.vegalite_to_svg(_spec(chart), format_locale=vega_number_locale(),
                               time_format_locale=vega_time_locale())
