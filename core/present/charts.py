"""Pure chart builders: DataFrame in, `alt.Chart` or a plain Vega-Lite spec (dict) out. Dutch number and date
formats, colour-blind-safe colours (Okabe-Ito for categories). Test them on their spec (`chart.to_dict()` or
the dict), not on pixels. The charts drawn on every rerun of a figure page are written as dicts: Altair copies
and validates a spec against the schema on every `to_dict()`, which cost more than the page's queries."""
from __future__ import annotations

import altair as alt
import pandas as pd
from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from core.formatting import LOCALE
from core.vertellen import triade

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GRIJS = "#9e9e9e"
NADRUK = "#0072B2"
GEMEENTE_KLEUR = "#000000"
NEDERLAND_KLEUR = "#7f7f7f"


def vega_number_locale() -> dict:
    return {"decimal": get_decimal_symbol(LOCALE), "thousands": get_group_symbol(LOCALE),
            "grouping": [3], "currency": ["€ ", ""]}


def vega_time_locale() -> dict:
    days = get_day_names("wide", locale=LOCALE)
    short_days = get_day_names("abbreviated", locale=LOCALE)
    months = get_month_names("wide", locale=LOCALE)
    short_months = get_month_names("abbreviated", locale=LOCALE)
    order = [6, 0, 1, 2, 3, 4, 5]  # d3 weeks start on Sunday; Babel numbers Monday 0
    return {"dateTime": "%a %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S",
            "periods": ["AM", "PM"], "days": [days[i] for i in order], "shortDays": [short_days[i] for i in order],
            "months": [months[i] for i in range(1, 13)], "shortMonths": [short_months[i] for i in range(1, 13)]}


def vega_config() -> dict:
    """The house style as a Vega-Lite `config`: Dutch number and time locale, calm axes, no frame.
    Shared by `dutch` (Altair charts) and the hand-written specs of the documents (core.exports.figuren)."""
    return {"locale": {"number": vega_number_locale(), "time": vega_time_locale()},
            "font": "Source Sans Pro, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "grid": True, "gridColor": "#eeeeee"},
            "view": {"stroke": None}}


def dutch(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the Dutch number and time locale and a calm house style."""
    return chart.configure(**vega_config())


def number_format(eenheid: str) -> str:
    """d3 format for an axis or tooltip, e.g. ',.1f' -> '12.345,6' under the Dutch locale."""
    return ",.0f" if eenheid in ("aantal", "euro") else ",.1f"


def axis_title(label: str, eenheid: str) -> str:
    return f"{label} ({eenheid})" if eenheid not in ("aantal",) else label


VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _records(frame: pd.DataFrame, columns) -> list[dict]:
    """Rows as JSON-ready dicts (missing values as None) for a spec's inline `data.values`."""
    part = frame[list(columns)]
    return part.astype(object).where(part.notna(), None).to_dict("records")


def _field(name: str, kind: str, **extra) -> dict:
    """A Vega-Lite field definition, e.g. _field("waarde", "quantitative", title="Eenzaam")."""
    return {"field": name, "type": kind, **extra}


def _chart(layers: list[dict], **properties) -> dict:
    """A layered top-level Vega-Lite spec in the house style."""
    return {"$schema": VEGA_LITE_SCHEMA, "config": vega_config(), "layer": layers, **properties}


def ranking_bar(frame: pd.DataFrame, selected: str | None, label: str, eenheid: str,
                gemeente: float | None, nederland: float | None, higher_is_better: bool | None,
                afstand=None) -> dict:
    """Ranked horizontal bars, one per wijk (columns: wijk, naam, waarde); selected wijk highlighted;
    the gemeente and Nederland as vertical rules. With `afstand` (maps.AfstandKleuring) the bars take the
    colour of their distance class and the selected one a black outline. A plain Vega-Lite spec: Altair's
    copying and schema validation cost more than the page's queries."""
    data = frame.dropna(subset=["waarde"]).assign(gekozen=lambda d: d["wijk"] == selected)
    fmt = number_format(eenheid)
    bars = {"mark": {"type": "bar"},
            "encoding": {
                "x": _field("waarde", "quantitative", title=axis_title(label, eenheid), axis={"format": fmt}),
                "y": _field("naam", "nominal", sort="-x" if higher_is_better in (True, None) else "x", title=None,
                            axis={"labelLimit": 220, "labelOverlap": False}),
                "color": {"condition": {"test": "datum.gekozen", "value": NADRUK}, "value": "#a6c8e0"},
                "tooltip": [_field("naam", "nominal", title="Wijk"),
                            _field("waarde", "quantitative", title=label, format=fmt)]}}
    kolommen = ["wijk", "naam", "waarde", "gekozen"]
    if afstand is not None:
        data = data.assign(afstand=data["wijk"].map(afstand.tekst))
        kolommen.append("afstand")
        bars["encoding"].update(_afstand_encoding(afstand))
        bars["encoding"]["tooltip"].append(_field("afstand", "nominal", title="Afstand tot de gemeente"))
    layers = [bars]
    for name, value, colour, dash in (("Gemeente", gemeente, GEMEENTE_KLEUR, [4, 2]),
                                      ("Nederland", nederland, NEDERLAND_KLEUR, [1, 2])):
        if value is not None:
            layers.append({"data": {"values": [{"waarde": value, "wie": name}]},
                           "mark": {"type": "rule", "color": colour, "strokeDash": dash, "size": 2},
                           "encoding": {"x": _field("waarde", "quantitative"),
                                        "tooltip": [_field("wie", "nominal", title=""),
                                                    _field("waarde", "quantitative", format=fmt)]}})
    return _chart(layers, data={"values": _records(data, kolommen)},
                  height=max(160, _balkhoogte(len(data)) * len(data)), width="container")


def _afstand_encoding(afstand) -> dict:
    """Bar colour by distance class (the map's colours, no legend of its own: the map's legend or the one
    under the bars says it); a thin outline keeps a white bar visible, a thick black one marks the selected."""
    return {"color": _field("afstand", "nominal", legend=None,
                            scale={"domain": [i.tekst for i in afstand.legenda],
                                   "range": [i.kleur for i in afstand.legenda]}),
            "stroke": {"condition": {"test": "datum.gekozen", "value": "#000000"}, "value": "#666666"},
            "strokeWidth": {"condition": {"test": "datum.gekozen", "value": 2.5}, "value": 0.5}}


def _balkhoogte(aantal: int) -> int:
    """Pixels per bar: 30, or 18 in a long list (Amsterdam's 99 wijken of 2020 stay readable, not 3,000 px)."""
    return 30 if aantal <= 40 else 18


def _trend_lines(label: str, eenheid: str) -> list[dict]:
    """The line (dashed by level) and the points with their tooltip, over the chart's own data."""
    fmt = number_format(eenheid)
    dash = {"domain": ["wijk", "gemeente", "land"], "range": [[1, 0], [6, 3], [2, 2]]}
    return [{"mark": {"type": "line", "strokeWidth": 2.5},
             "encoding": {"y": _field("waarde", "quantitative", title=axis_title(label, eenheid),
                                      axis={"format": fmt}, scale={"zero": False}),
                          "strokeDash": _field("niveau", "nominal", title=None, legend=None, scale=dash)}},
            {"mark": {"type": "point", "filled": True, "size": 60},
             "encoding": {"y": _field("waarde", "quantitative"),
                          "tooltip": [_field("naam", "nominal", title="Gebied"),
                                      _field("jaar", "quantitative", title="Jaar", format="d"),
                                      _field("waarde", "quantitative", title=label, format=fmt)]}}]


def _goal_layers(lijnen: pd.DataFrame, fmt: str) -> list[dict]:
    """Nulmeting and streefwaarde as horizontal rules with their text (lijnen: soort, waarde, tekst)."""
    data = {"values": _records(lijnen, lijnen.columns)}
    return [{"data": data, "mark": {"type": "rule", "color": "#555555", "strokeDash": [8, 4]},
             "encoding": {"y": _field("waarde", "quantitative"),
                          "tooltip": [_field("tekst", "nominal", title=""),
                                      _field("waarde", "quantitative", format=fmt)]}},
            {"data": data, "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": "#333333",
                                    "fontSize": 11},
             "encoding": {"y": _field("waarde", "quantitative"), "text": _field("tekst", "nominal"),
                          "x": {"value": 4}}}]


def _break_layers(breuken: pd.DataFrame) -> list[dict]:
    """Method breaks as vertical rules marked 'breuk' (breuken: jaar, uitleg)."""
    data = {"values": _records(breuken, breuken.columns)}
    return [{"data": data, "mark": {"type": "rule", "color": "#D55E00", "strokeWidth": 2, "strokeDash": [2, 2]},
             "encoding": {"x": _field("jaar", "quantitative"),
                          "tooltip": [_field("uitleg", "nominal", title="Let op")]}},
            {"data": data, "mark": {"type": "text", "text": "breuk", "angle": 0, "dy": -8, "color": "#D55E00",
                                    "fontSize": 11},
             "encoding": {"x": _field("jaar", "quantitative"), "y": {"value": 0}}}]


def _legenda_onder(namen: list[str]) -> dict:
    """A legend under the chart whose columns follow the chart's width (one per name on a wide screen, fewer
    on a phone) and whose labels are never shortened ("Nederlar"): a label may take the whole width."""
    cel = 40 + 7 * max((len(n) for n in namen), default=10)
    return {"orient": "bottom", "columns": {"expr": f"max(1, min({max(len(namen), 1)}, floor(width / {cel})))"},
            "labelLimit": {"expr": "max(width - 30, 60)"}}


def trend_chart(frame: pd.DataFrame, lijnen: pd.DataFrame, breuken: pd.DataFrame, label: str,
                eenheid: str) -> dict:
    """Trend lines per region (columns: naam, niveau, jaar, waarde, marge_laag, marge_hoog), with
    nulmeting and streefwaarde rules (lijnen: soort, waarde, tekst) and vertical break rules
    (breuken: jaar, uitleg). A plain Vega-Lite spec (see ranking_bar)."""
    names = list(dict.fromkeys(frame["naam"]))
    colour = _field("naam", "nominal", title=None, scale={"domain": names, "range": OKABE_ITO[:len(names)]},
                    legend=_legenda_onder(names))
    x = _field("jaar", "quantitative", title="Jaar", axis={"format": "d", "tickMinStep": 1})
    data = {"values": _records(frame, ["naam", "niveau", "jaar", "waarde", "marge_laag", "marge_hoog"])}
    layers = [{**layer, "encoding": {"x": x, "color": colour, **layer["encoding"]}}
              for layer in _trend_lines(label, eenheid)]
    if frame[["marge_laag", "marge_hoog"]].notna().all(axis=1).any():
        layers.insert(0, {"mark": {"type": "area", "opacity": 0.15},
                          "encoding": {"x": x, "color": colour, "y": _field("marge_laag", "quantitative"),
                                       "y2": {"field": "marge_hoog"}}})
    if not lijnen.empty:
        layers += _goal_layers(lijnen, number_format(eenheid))
    if not breuken.empty:
        layers += _break_layers(breuken)
    return _chart(layers, data=data, height=380, width="container")


LEGENDA_RIJ = 24   # px per row of the map legend


def legend_chart(legenda, titel: str) -> dict:
    """The map legend as a small chart: one coloured square and its text per class (legenda: kleur, tekst).

    The classes fill the chart's width in equal cells and wrap onto more rows when the width is too small
    for them all (a phone): a cell is as wide as the longest text, and the positions follow the `width`
    signal. The rows are an ordinal scale with a fixed step, so the chart is as tall as its rows."""
    data = [{"kleur": item.kleur, "tekst": item.tekst, "volgorde": i} for i, item in enumerate(legenda)]
    cel = 30 + 7 * max((len(item.tekst) for item in legenda), default=10)
    plaats = [{"calculate": f"max(1, min({max(len(data), 1)}, floor(width / {cel})))", "as": "kolommen"},
              {"calculate": "(datum.volgorde % datum.kolommen) * width / datum.kolommen", "as": "links"},
              {"calculate": "floor(datum.volgorde / datum.kolommen)", "as": "rij"}]
    y = _field("rij", "ordinal", axis=None)
    squares = {"mark": {"type": "square", "size": 200, "stroke": "#666666", "strokeWidth": 0.5, "opacity": 1,
                        "xOffset": 8},
               "encoding": {"x": _field("links", "quantitative", scale=None, axis=None), "y": y,
                            "color": _field("kleur", "nominal", scale=None)}}
    labels = {"mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 12, "dx": 20},
              "encoding": {"x": _field("links", "quantitative", scale=None, axis=None), "y": y,
                           "text": _field("tekst", "nominal")}}
    return _chart([squares, labels], data={"values": data}, transform=plaats, height={"step": LEGENDA_RIJ},
                  width="container", description=titel)


# --- story patterns --------------------------------------------------------------------------

ROOD = "reds"  # "hoe roder, hoe meer antwoorden" (Leiderdorp seed); a single-hue scale stays readable
# Corner labels sit just outside their corner: above the top one, below the two at the bottom.
_LABEL_AFSTAND = {"a": 0.05, "b": -0.06, "c": -0.06}


def triad_corner_labels(labels) -> pd.DataFrame:
    """Where each of the three labels goes: labels[0] at corner A, [1] at B, [2] at C (core.vertellen.triade)."""
    rows = [(triade.HOEKPUNTEN[h][0], triade.HOEKPUNTEN[h][1] + _LABEL_AFSTAND[h], tekst)
            for h, tekst in zip("abc", labels)]
    return pd.DataFrame(rows, columns=["x", "y", "tekst"])


def ternary_heatmap(grid: pd.DataFrame, labels, deling: int = 10, breedte: int = 360) -> alt.TopLevelMixin:
    """A triad as a triangle of cells coloured by the number of answers (grid: x, y, count, orientatie),
    with the three corner labels. Drawn as shapes in the triangle's own coordinates (identity projection)."""
    side = 1 / deling
    # a hidden cell (count NaN: core.vertellen.groepen) carries no number, only the word 'verborgen'
    cells = [{"type": "Feature", "properties": {"aantal": None if pd.isna(r.count) else int(r.count),
                                                "tekst": "verborgen" if pd.isna(r.count) else str(int(r.count))},
              "geometry": {"type": "Polygon", "coordinates": [triade.cell_polygon(r.x, r.y, r.orientatie, side)]}}
             for r in grid.itertuples()]
    outline = [{"type": "Feature", "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [triade.OMTREK]}}]
    corners = triad_corner_labels(labels)
    projection = {"type": "identity", "reflectY": True}
    # Inline data as a plain dict: alt.Data(values=...) validates every polygon against the schema (a third
    # of the chart's time); the spec is the same.
    heat = alt.Chart({"values": cells}).mark_geoshape(stroke="white", strokeWidth=0.3).encode(
        color=alt.condition("datum.properties.aantal == 0 || datum.properties.aantal == null", alt.value("#f4f4f4"),
                            alt.Color(
            "properties.aantal:Q", title="Aantal verhalen", scale=alt.Scale(scheme=ROOD, domainMin=0),
            legend=alt.Legend(orient="bottom", format="d", tickMinStep=1))),
        tooltip=[alt.Tooltip("properties.tekst:N", title="Aantal verhalen")]).project(**projection)
    edge = alt.Chart({"values": outline}).mark_geoshape(filled=False, stroke="#333333",
                                                             strokeWidth=1.5).project(**projection)
    text = alt.Chart(corners).mark_text(fontSize=13, fontWeight="bold", baseline="middle").encode(
        longitude="x:Q", latitude="y:Q", text="tekst:N").project(**projection)
    return dutch(alt.layer(heat, edge, text).properties(width=breedte, height=round(breedte * 0.95)))


def slider_histogram_chart(hist: pd.DataFrame, poles, titel: str) -> alt.TopLevelMixin:
    """Ten bars 0–10 … 90–100 (hist: label, count), the poles named under the axis."""
    return dutch(alt.Chart(hist).mark_bar(color=NADRUK).encode(
        x=alt.X("label:N", sort=None, title=f"{poles[0]} ← → {poles[1]}", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title="Aantal verhalen", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("label:N", title="Antwoord"), alt.Tooltip("count:Q", title="Aantal")],
    ).properties(height=220, width="container", title=alt.Title(titel, fontSize=13, anchor="start")))


def count_bars(frame: pd.DataFrame, categorie: str, titel: str) -> alt.TopLevelMixin:
    """Horizontal bars per category (frame: <categorie>, count, share), in the given order."""
    return dutch(alt.Chart(frame).mark_bar(color=NADRUK).encode(
        y=alt.Y(f"{categorie}:N", sort=None, title=None, axis=alt.Axis(labelLimit=280, labelOverlap=False)),
        x=alt.X("count:Q", title="Aantal verhalen", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip(f"{categorie}:N", title=""), alt.Tooltip("count:Q", title="Aantal"),
                 alt.Tooltip("share:Q", title="Aandeel", format=".0%")],
    ).properties(height=max(90, 32 * len(frame)), width="container",
                 title=alt.Title(titel, fontSize=13, anchor="start")))


def big_line(reeks: pd.DataFrame, eenheid: str) -> alt.TopLevelMixin:
    """A large, calm trend line for a shared screen (reeks: jaar, waarde)."""
    fmt = number_format(eenheid)
    base = alt.Chart(reeks).encode(
        x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0, labelFontSize=16)),
        y=alt.Y("waarde:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(format=fmt, labelFontSize=16)))
    return dutch(alt.layer(base.mark_line(color=NADRUK, strokeWidth=4),
                           base.mark_point(color=NADRUK, filled=True, size=160),
                           base.mark_text(dy=-18, fontSize=18).encode(text=alt.Text("waarde:Q", format=fmt)))
                 .properties(height=320, width="container"))
