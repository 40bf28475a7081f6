"""Pure chart builders: DataFrame in, `alt.Chart` out. Dutch number and date formats, colour-blind-safe
colours (Okabe-Ito for categories). Test them on `chart.to_dict()`, not on pixels."""
from __future__ import annotations

import altair as alt
import pandas as pd
from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from core.formatting import LOCALE

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


def dutch(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the Dutch number and time locale and a calm house style."""
    return chart.configure(
        locale=alt.Locale(number=vega_number_locale(), time=vega_time_locale()),
        font="Source Sans Pro, sans-serif",
    ).configure_axis(labelFontSize=12, titleFontSize=12, grid=True, gridColor="#eeeeee") \
     .configure_view(stroke=None)


def number_format(eenheid: str) -> str:
    """d3 format for an axis or tooltip, e.g. ',.1f' -> '12.345,6' under the Dutch locale."""
    return ",.0f" if eenheid in ("aantal", "euro") else ",.1f"


def axis_title(label: str, eenheid: str) -> str:
    return f"{label} ({eenheid})" if eenheid not in ("aantal",) else label


def ranking_bar(frame: pd.DataFrame, selected: str | None, label: str, eenheid: str,
                gemeente: float | None, nederland: float | None, higher_is_better: bool | None) -> alt.TopLevelMixin:
    """Ranked horizontal bars, one per wijk (columns: wijk, naam, waarde); selected wijk highlighted;
    the gemeente and Nederland as vertical rules."""
    data = frame.dropna(subset=["waarde"]).assign(gekozen=lambda d: d["wijk"] == selected)
    sort_order = "-x" if higher_is_better in (True, None) else "x"
    fmt = number_format(eenheid)
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("waarde:Q", title=axis_title(label, eenheid), axis=alt.Axis(format=fmt)),
        y=alt.Y("naam:N", sort=sort_order, title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        color=alt.condition("datum.gekozen", alt.value(NADRUK), alt.value("#a6c8e0")),
        tooltip=[alt.Tooltip("naam:N", title="Wijk"), alt.Tooltip("waarde:Q", title=label, format=fmt)],
    )
    layers = [bars]
    for name, value, colour, dash in (("Gemeente", gemeente, GEMEENTE_KLEUR, [4, 2]),
                                      ("Nederland", nederland, NEDERLAND_KLEUR, [1, 2])):
        if value is not None:
            ref = pd.DataFrame({"waarde": [value], "wie": [name]})
            layers.append(alt.Chart(ref).mark_rule(color=colour, strokeDash=dash, size=2).encode(
                x="waarde:Q", tooltip=[alt.Tooltip("wie:N", title=""), alt.Tooltip("waarde:Q", format=fmt)]))
    return dutch(alt.layer(*layers).properties(height=max(160, 30 * len(data)), width="container"))


def sparkline(reeks: pd.DataFrame, eenheid: str) -> alt.TopLevelMixin:
    """A small line of the wijk's figures over the years (columns: jaar, waarde)."""
    fmt = number_format(eenheid)
    base = alt.Chart(reeks).encode(
        x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0, labelFontSize=10, ticks=False, domain=False)),
        y=alt.Y("waarde:Q", title=None, axis=None, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("jaar:O", title="Jaar"), alt.Tooltip("waarde:Q", title="Waarde", format=fmt)],
    )
    return dutch(alt.layer(base.mark_line(color=NADRUK), base.mark_point(color=NADRUK, filled=True, size=30))
                 .properties(height=70, width="container"))


def trend_chart(frame: pd.DataFrame, lijnen: pd.DataFrame, breuken: pd.DataFrame, label: str,
                eenheid: str) -> alt.TopLevelMixin:
    """Trend lines per region (columns: naam, niveau, jaar, waarde, marge_laag, marge_hoog), with
    nulmeting and streefwaarde rules (lijnen: soort, waarde, tekst) and vertical break rules
    (breuken: jaar, uitleg)."""
    fmt = number_format(eenheid)
    names = list(dict.fromkeys(frame["naam"]))
    colour = alt.Color("naam:N", title=None, scale=alt.Scale(domain=names, range=OKABE_ITO[:len(names)]),
                       legend=alt.Legend(orient="bottom", columns=4, labelLimit=260))
    x = alt.X("jaar:Q", title="Jaar", axis=alt.Axis(format="d", tickMinStep=1))
    base = alt.Chart(frame).encode(x=x, color=colour)
    tooltip = [alt.Tooltip("naam:N", title="Gebied"), alt.Tooltip("jaar:Q", title="Jaar", format="d"),
               alt.Tooltip("waarde:Q", title=label, format=fmt)]
    layers = [base.mark_line(strokeWidth=2.5).encode(
                  y=alt.Y("waarde:Q", title=axis_title(label, eenheid), axis=alt.Axis(format=fmt),
                          scale=alt.Scale(zero=False)),
                  strokeDash=alt.StrokeDash("niveau:N", title=None, legend=None,
                                            scale=alt.Scale(domain=["wijk", "gemeente", "land"],
                                                            range=[[1, 0], [6, 3], [2, 2]]))),
              base.mark_point(filled=True, size=60).encode(y="waarde:Q", tooltip=tooltip)]
    if frame[["marge_laag", "marge_hoog"]].notna().all(axis=1).any():
        layers.insert(0, base.mark_area(opacity=0.15).encode(y="marge_laag:Q", y2="marge_hoog:Q"))
    if not lijnen.empty:
        rules = alt.Chart(lijnen).encode(y="waarde:Q")
        layers += [rules.mark_rule(color="#555555", strokeDash=[8, 4]).encode(
                       tooltip=[alt.Tooltip("tekst:N", title=""), alt.Tooltip("waarde:Q", format=fmt)]),
                   rules.mark_text(align="left", dx=4, dy=-6, color="#333333", fontSize=11).encode(
                       text="tekst:N", x=alt.value(4))]
    if not breuken.empty:
        brk = alt.Chart(breuken).encode(x="jaar:Q")
        layers += [brk.mark_rule(color="#D55E00", strokeWidth=2, strokeDash=[2, 2]).encode(
                       tooltip=[alt.Tooltip("uitleg:N", title="Let op")]),
                   brk.mark_text(text="breuk", angle=0, dy=-8, color="#D55E00", fontSize=11).encode(
                       y=alt.value(0))]
    return dutch(alt.layer(*layers).properties(height=380, width="container"))


def legend_chart(legenda, titel: str) -> alt.TopLevelMixin:
    """The map legend as a small chart: one coloured square and text per class (legenda: kleur, tekst)."""
    data = pd.DataFrame({"kleur": [item.kleur for item in legenda], "tekst": [item.tekst for item in legenda],
                         "volgorde": range(len(legenda))})
    base = alt.Chart(data).encode(x=alt.X("volgorde:O", axis=None))
    squares = base.mark_square(size=260, stroke="#666666", strokeWidth=0.5, opacity=1).encode(
        y=alt.value(12), color=alt.Color("kleur:N", scale=None))
    labels = base.mark_text(align="center", baseline="top", fontSize=12).encode(y=alt.value(28), text="tekst:N")
    return dutch(alt.layer(squares, labels).properties(height=60, width="container",
                                                       description=titel))
