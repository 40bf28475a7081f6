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


BREUK_KLEUR = "#D55E00"   # Okabe-Ito vermilion, the colour of a break on the Indicatoren page
BREEDTE = 170            # one sparkline panel, in pixels


def _delen(jaren: list[int], breuken) -> list[int]:
    """Per year the part of the series it belongs to: 0 before the first break, 1 from it on, and so on."""
    return [sum(j >= b for b in breuken) for j in jaren]


def _break_layers(rows: list[dict], breuken, y: dict) -> list[dict]:
    """A dashed vertical rule at each break and a dashed line across it, so both parts stay drawn and the
    break shows. The rule stands halfway between the figure before the break and the break year (half a step
    of the point scale to the left), as on the wijkfoto page, so it never runs through that year's value.
    It carries its own data and only an x encoding: a layer that inherits a y field it does not have is left
    out by the offline renderer."""
    over = [r for r in rows if any(r["jaar"] < b <= n["jaar"] for b in breuken for n in rows)]
    jaren = sorted({r["jaar"] for r in rows})
    eerste_na = [min(j for j in jaren if j >= b) for b in breuken]   # the first measured year from the break on
    halve_stap = BREEDTE / len(jaren) / 2      # a point scale with padding 0.5: a step is width / years
    layers = [{"data": {"values": [{"jaar": j} for j in eerste_na]},
               "mark": {"type": "rule", "color": BREUK_KLEUR, "strokeDash": [3, 3], "strokeWidth": 1.5,
                        "xOffset": -halve_stap},
               "encoding": {"x": {"field": "jaar", "type": "ordinal"}}}]
    if over:
        layers.insert(0, {"mark": {"type": "line", "color": charts.NADRUK, "strokeWidth": 1.5,
                                   "strokeDash": [4, 4]},
                          "encoding": {"y": y}})
    return layers


def _sparkline_panel(tegel: wf.Tegel, breuken=()) -> dict:
    """One small line of a tile's figures over the years; the first and last point labelled in
    Dutch format (a long yearly series would otherwise print labels on top of each other). A method
    break (a year in `breuken`, within the series) splits the solid line and is marked by a dashed rule.
    A plain Vega-Lite spec: Altair's copying and validation cost more than rendering these."""
    e, reeks = tegel.info.eenheid, tegel.reeks
    jaren = [int(j) for j in reeks["jaar"]]
    breuken = sorted(b for b in breuken if jaren and jaren[0] < b <= jaren[-1])
    shown = _ends(len(jaren))
    waarden = [float(v) for v in reeks["waarde"]]
    rows = [{"jaar": j, "waarde": v, "deel": d, "tekst": formatting.met_eenheid(v, e) if keep else ""}
            for j, v, d, keep in zip(jaren, waarden, _delen(jaren, breuken), shown)]
    x = {"field": "jaar", "type": "ordinal", "title": None, "sort": "ascending",
         "axis": {"labelAngle": 0, "ticks": False, "domain": False, "grid": False,
                  "values": [j for j, keep in zip(jaren, shown) if keep]}}
    y = {"field": "waarde", "type": "quantitative", "title": None, "axis": None,
         "scale": {"zero": False, "padding": 16}}
    layers = [{"mark": {"type": "line", "color": charts.NADRUK, "strokeWidth": 2.5},
               "encoding": {"y": y, "detail": {"field": "deel", "type": "nominal"}}},
              {"mark": {"type": "point", "color": charts.NADRUK, "filled": True, "size": 50, "opacity": 1},
               "encoding": {"y": y}},
              {"mark": {"type": "text", "dy": -12, "fontSize": 12, "color": KLEUR_TEKST},
               "encoding": {"y": y, "text": {"field": "tekst", "type": "nominal"}}}]
    if breuken:
        layers = _break_layers(rows, breuken, y) + layers
    return {"data": {"values": rows}, "encoding": {"x": x}, "layer": layers,
            "width": BREEDTE, "height": 80,
            "title": {"text": _wrapped(tegel.info.label), "fontSize": 13, "anchor": "start"}}


def sparkline_chart(tegel: wf.Tegel, breuken=()) -> dict:
    """One tile's sparkline alone (a Vega-Lite spec), e.g. to check that it draws."""
    return {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "config": charts.vega_config(),
            **_sparkline_panel(tegel, breuken)}


def sparklines_chart(tegels, breuken: dict | None = None) -> dict | None:
    """The tiles of one leefgebied side by side as sparklines (a Vega-Lite spec for
    core.exports.downloads.chart_png); None when no tile has a figure. breuken: per indicator id the
    years of its method breaks (core.tellen.figures.breaks)."""
    breuken = breuken or {}
    panels = [_sparkline_panel(t, breuken.get(t.info.id, ())) for t in tegels if len(t.reeks)]
    if not panels:
        return None
    return {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "config": charts.vega_config(),
            "hconcat": panels, "spacing": 28}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG in pixels."""
    with PILImage.open(io.BytesIO(png)) as image:
        return image.size
