"""The netwerklunch on a projector: charts with large type and honest axes, and the type size of a story.

Builders are pure and return a Vega-Lite spec (dict); test them on the spec. Sizes are for a 1920x1080
screen seen from the back of a room: axis labels and titles of 26-28 px, a trend axis that starts at 0.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from core.present import charts

AS_LABEL = 26        # px: axis labels and legend labels
AS_TITEL = 28        # px: axis and legend titles
TEKST_IN_GRAFIEK = 30   # px: numbers and corner labels drawn in a chart
HOOGTE = 560         # px: a chart on a slide, under the slide's title


def groot(spec: dict, hoogte: int | None = None) -> dict:
    """A chart spec with the large type of a slide: axes, legends, titles and every text mark.
    The spec is copied (one level per changed part), never changed in place."""
    spec = dict(spec)
    config = dict(spec.get("config", {}))
    config["axis"] = {**config.get("axis", {}), "labelFontSize": AS_LABEL, "titleFontSize": AS_TITEL,
                      "labelLimit": 600, "titlePadding": 16}
    config["legend"] = {**config.get("legend", {}), "labelFontSize": AS_LABEL, "titleFontSize": AS_TITEL,
                        "gradientLength": 360, "gradientThickness": 24, "titleLimit": 600}
    config["title"] = {**config.get("title", {}), "fontSize": AS_TITEL}
    spec["config"] = config
    if isinstance(spec.get("title"), dict):
        spec["title"] = {**spec["title"], "fontSize": AS_TITEL}
    if "layer" in spec:
        spec["layer"] = [_grote_tekst(laag) for laag in spec["layer"]]
    else:
        spec = _grote_tekst(spec)
    if hoogte:
        spec["height"] = hoogte
    return spec


def _grote_tekst(laag: dict) -> dict:
    mark = laag.get("mark")
    if isinstance(mark, dict) and mark.get("type") == "text":
        return {**laag, "mark": {**mark, "fontSize": TEKST_IN_GRAFIEK}}
    if mark == "text":
        return {**laag, "mark": {"type": "text", "fontSize": TEKST_IN_GRAFIEK}}
    return laag


def trend(reeks: pd.DataFrame, eenheid: str, hoogte: int = HOOGTE) -> dict:
    """The trend of one figure (reeks: jaar, waarde) on an axis that starts at 0: a change of a few
    points looks as large as it is. Percentages run to 100 at most."""
    fmt = charts.number_format(eenheid)
    schaal = alt.Scale(domainMin=0, zero=True, **({"domainMax": 100} if eenheid == "%" else {}))
    as_fmt = ",.0f" if eenheid == "%" else fmt   # round ticks on a 0-100 axis
    base = alt.Chart(reeks).encode(
        x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("waarde:Q", title=None, scale=schaal, axis=alt.Axis(format=as_fmt, tickCount=5)))
    chart = alt.layer(base.mark_line(color=charts.NADRUK, strokeWidth=6),
                      base.mark_point(color=charts.NADRUK, filled=True, size=400),
                      base.mark_text(dy=-34).encode(text=alt.Text("waarde:Q", format=fmt)))
    return groot(charts.dutch(chart.properties(height=hoogte, width="container")).to_dict())


def triade(grid: pd.DataFrame, labels, hoogte: int = HOOGTE) -> dict:
    """A triad heatmap as high as a slide allows (the triangle is a little wider than high)."""
    return groot(charts.ternary_heatmap(grid, labels, breedte=round(hoogte / 0.95)).to_dict())


def histogram(hist: pd.DataFrame, poles, hoogte: int = HOOGTE) -> dict:
    """The slider histogram (hist: label, count) as large as a slide allows."""
    return groot(charts.slider_histogram_chart(hist, poles, "").to_dict(), hoogte)


def verhaal_px(tekst: str) -> int:
    """Type size for a whole story on one slide: large for a short story, never under 28 px."""
    lengte = len(tekst)
    return 56 if lengte <= 300 else 48 if lengte <= 600 else 40 if lengte <= 1000 else 32 if lengte <= 1600 else 28
