"""The charts of the documents, as Altair specs: the pattern chart on the handout's cover and the
sparklines of a wijkfoto's leefgebied. They are rendered to PNG offline by core.exports.downloads
(vl-convert); `png_size` tells the renderers how large such an image is, so they can fit it on a page
or a slide. A pattern of fewer than k stories is never drawn: `pattern_chart` refuses it."""
from __future__ import annotations

import io
import textwrap

import altair as alt
from PIL import Image as PILImage

from core import formatting
from core.exports.stijl import KLEUR_TEKST
from core.present import charts
from core.tellen import wijkfoto as wf
from core.vertellen.patterns import PatroonFout, Pattern, SignifierInfo


def _slider_axis_title(info: SignifierInfo) -> str:
    labels = list(info.labels) + ["", ""]
    return f"0 = {labels[0]}, 100 = {labels[1]}" if labels[0] else "antwoord (0–100)"


def pattern_chart(patroon: Pattern, info: SignifierInfo) -> alt.TopLevelMixin:
    """Bars of a pattern that reached k: a slider histogram, or counts per zone or option.

    Raises PatroonFout for a pattern below k: its rows were never kept and it must not be drawn.
    """
    if patroon.too_small:
        raise PatroonFout(patroon.melding)
    count = alt.X("count:Q", title="aantal verhalen", axis=alt.Axis(format="d", tickMinStep=1))
    if patroon.soort == "histogram":
        bars = alt.Chart(patroon.data).mark_bar(color=charts.NADRUK).encode(
            x=alt.X("label:N", sort=list(patroon.data["label"]), title=_slider_axis_title(info),
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title="aantal verhalen", axis=alt.Axis(format="d", tickMinStep=1)))
        return charts.dutch(bars.properties(width=460, height=200))
    column = "zone" if patroon.soort == "zones" else "keuze"
    bars = alt.Chart(patroon.data).mark_bar(color=charts.NADRUK).encode(
        y=alt.Y(f"{column}:N", sort=list(patroon.data[column]), title=None, axis=alt.Axis(labelLimit=260)),
        x=count)
    return charts.dutch(bars.properties(width=360, height=max(80, 26 * len(patroon.data))))


def _wrapped(text: str, width: int = 26) -> list[str]:
    return textwrap.wrap(text, width) or [text]


def _ends(count: int) -> list[bool]:
    """Which points of a series get a label: all of a short one, else the first and the last."""
    return [count <= 3 or i in (0, count - 1) for i in range(count)]


def _sparkline_panel(tegel: wf.Tegel) -> dict:
    """One small line of a tile's figures over the years; the first and last point labelled in
    Dutch format (a long yearly series would otherwise print labels on top of each other).
    A plain Vega-Lite spec: Altair's copying and validation cost more than rendering these."""
    e, reeks = tegel.info.eenheid, tegel.reeks
    jaren = [int(j) for j in reeks["jaar"]]
    shown = _ends(len(jaren))
    waarden = [float(v) for v in reeks["waarde"]]
    rows = [{"jaar": j, "waarde": v, "tekst": formatting.met_eenheid(v, e) if keep else ""}
            for j, v, keep in zip(jaren, waarden, shown)]
    x = {"field": "jaar", "type": "ordinal", "title": None,
         "axis": {"labelAngle": 0, "ticks": False, "domain": False, "grid": False,
                  "values": [j for j, keep in zip(jaren, shown) if keep]}}
    y = {"field": "waarde", "type": "quantitative", "title": None, "axis": None,
         "scale": {"zero": False, "padding": 16}}
    return {"data": {"values": rows}, "encoding": {"x": x, "y": y},
            "layer": [{"mark": {"type": "line", "color": charts.NADRUK, "strokeWidth": 2.5}},
                      {"mark": {"type": "point", "color": charts.NADRUK, "filled": True, "size": 50}},
                      {"mark": {"type": "text", "dy": -12, "fontSize": 12, "color": KLEUR_TEKST},
                       "encoding": {"text": {"field": "tekst", "type": "nominal"}}}],
            "width": 170, "height": 80,
            "title": {"text": _wrapped(tegel.info.label), "fontSize": 13, "anchor": "start"}}


def sparklines_chart(tegels) -> dict | None:
    """The tiles of one leefgebied side by side as sparklines (a Vega-Lite spec for
    core.exports.downloads.chart_png); None when no tile has a figure."""
    panels = [_sparkline_panel(t) for t in tegels if len(t.reeks)]
    if not panels:
        return None
    return {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "config": charts.vega_config(),
            "hconcat": panels, "spacing": 28}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG in pixels."""
    with PILImage.open(io.BytesIO(png)) as image:
        return image.size
