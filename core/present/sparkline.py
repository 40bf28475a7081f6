"""The small line on a wijkfoto tile: the wijk's figures over the years, split at a method break.

st.metric's own sparkline cannot mark a break, so this is a plain Vega-Lite spec (drawn by the browser from
Streamlit's bundled Vega, nothing fetched): the series in parts (no line across a break) and a dashed vertical
rule at each break, in the colour the Indicatoren page uses for its breaks (core.present.charts).
"""
from __future__ import annotations

import pandas as pd

from core.present.charts import VEGA_LITE_SCHEMA, number_format, vega_config

BREUK_KLEUR = "#D55E00"
LIJN_KLEUR = "#0072B2"
HOOGTE = 56
# A short reason per kind of break for the tile's caption; the whole explanation goes in its help text.
BREUK_SOORT = {"methode": "andere meetmethode", "context": "andere omstandigheden bij de meting",
               "indeling": "andere wijkgrenzen"}


def breuk_zin(jaar: int, soort: str) -> str:
    """'Breuk in 2020 (stippellijn): andere omstandigheden bij de meting'."""
    return f"Breuk in {jaar} (stippellijn): {BREUK_SOORT.get(soort, 'andere meting')}"


def _delen(reeks: pd.DataFrame, breuken) -> list[dict]:
    """The series as records with `deel`: 0 before the first break, 1 from it on, and so on."""
    jaren = sorted(b[0] for b in breuken)
    return [{"jaar": int(j), "waarde": float(w), "deel": sum(j >= b for b in jaren)}
            for j, w in zip(reeks["jaar"], reeks["waarde"])]


def _regels(reeks: pd.DataFrame, breuken) -> list[dict]:
    """Each break's rule halfway between the last figure before it and the break year: the figure of the break
    year stands on its own, right of the dashed line."""
    jaren = [int(j) for j in reeks["jaar"]]
    return [{"jaar": j, "positie": (max((v for v in jaren if v < j), default=j) + j) / 2, "uitleg": u}
            for j, _, u in breuken]


def sparkline(tegel) -> dict | None:
    """The tile's small chart (Vega-Lite dict), or None with fewer than two figures: one point is no line."""
    if len(tegel.reeks) < 2:
        return None
    fmt = number_format(tegel.info.eenheid)
    x = {"field": "jaar", "type": "quantitative", "axis": None, "scale": {"nice": False}}
    y = {"field": "waarde", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    tooltip = [{"field": "jaar", "type": "quantitative", "title": "Jaar", "format": "d"},
               {"field": "waarde", "type": "quantitative", "title": tegel.info.label, "format": fmt}]
    layers = [{"mark": {"type": "line", "color": LIJN_KLEUR, "strokeWidth": 2},
               "encoding": {"x": x, "y": y, "detail": {"field": "deel", "type": "nominal"}}},
              {"mark": {"type": "point", "filled": True, "size": 30, "color": LIJN_KLEUR},
               "encoding": {"x": x, "y": y, "tooltip": tooltip}}]
    if tegel.breuken:
        layers.append({"data": {"values": _regels(tegel.reeks, tegel.breuken)},
                       "mark": {"type": "rule", "color": BREUK_KLEUR, "strokeWidth": 2, "strokeDash": [3, 3]},
                       "encoding": {"x": {**x, "field": "positie"},
                                    "tooltip": [{"field": "uitleg", "type": "nominal", "title": "Breuk"}]}})
    return {"$schema": VEGA_LITE_SCHEMA, "config": vega_config(),
            "data": {"values": _delen(tegel.reeks, tegel.breuken)}, "layer": layers, "height": HOOGTE,
            "width": "container",
            "description": f"Verloop van {tegel.info.label} in de wijk"}
