"""The Dekking page's chart: wijk x leefgebied coloured by the number of stories (core.vertellen.dekking)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from core.present.charts import ROOD, dutch
from core.vertellen import dekking, groepen

VERBORGEN_KLEUR = "#bdbdbd"   # a hidden cell: grey, no number


def heatmap(d: dekking.Dekking) -> alt.TopLevelMixin:
    """Wijk x leefgebied coloured by the number of stories ("hoe roder, hoe meer verhalen"); a hidden cell is
    grey and carries no number (its data has none either); the tooltip says how many figures the cell has."""
    data = d.tabel.assign(
        kort=[t if pd.notna(n) else f"< {d.k}" if t == groepen.minder_dan(d.k) else "–"
              for n, t in zip(d.tabel["verhalen"], d.tabel["verhalen_tekst"])],
        cijfertekst=[f"{c} cijfers" if c != 1 else "1 cijfer" if c else "geen cijfers" for c in d.tabel["cijfers"]])
    hoogste = float(d.tabel["verhalen"].fillna(0).max()) if len(d.tabel) else 0.0   # 0: every cell hidden or 0
    data = data.drop(columns=["verhalen_tekst"]).assign(tooltip=d.tabel["verhalen_tekst"],
                                                        donker=d.tabel["verhalen"] > 0.6 * hoogste)
    basis = alt.Chart(data).encode(
        x=alt.X("leefgebied:N", sort=list(d.leefgebieden), title=None,
                axis=alt.Axis(labelAngle=-90, labelLimit=0, orient="top", labelPadding=6, grid=False)),  # fits a phone
        y=alt.Y("naam:N", title=None, axis=alt.Axis(labelLimit=0, grid=False)))
    # a grey cell under every cell: the coloured layer leaves out a hidden cell (its count is null)
    grijs = basis.mark_rect(color=VERBORGEN_KLEUR, stroke="#999999", strokeWidth=0.5).encode(
        tooltip=[alt.Tooltip("naam:N", title="Wijk"), alt.Tooltip("leefgebied:N", title="Leefgebied"),
                 alt.Tooltip("tooltip:N", title="Verhalen"), alt.Tooltip("cijfertekst:N", title="Cijfers")])
    vak = basis.mark_rect(stroke="#999999", strokeWidth=0.5).encode(
        color=alt.Color("verhalen:Q", title="Aantal verhalen", scale=alt.Scale(scheme=ROOD, domainMin=0),
                        legend=alt.Legend(orient="bottom", format="d", values=[0, int(hoogste)]) if hoogste else None,
                        condition=[{"test": "datum.verhalen == null", "value": VERBORGEN_KLEUR},
                                   {"test": "datum.verhalen == 0", "value": "#ffffff"}]),
        tooltip=[alt.Tooltip("naam:N", title="Wijk"), alt.Tooltip("leefgebied:N", title="Leefgebied"),
                 alt.Tooltip("tooltip:N", title="Verhalen"), alt.Tooltip("cijfertekst:N", title="Cijfers")])
    getal = basis.mark_text(fontSize=12).encode(
        text="kort:N", color=alt.condition("datum.donker", alt.value("white"), alt.value("black")))
    # fit-x: the height is the cells' own, the axis labels come on top (a fitted height would squash the cells)
    return dutch(alt.layer(grijs, vak, getal).properties(width="container", height=30 * d.tabel["wijk"].nunique(),
                                                  autosize=alt.AutoSizeParams(type="fit-x", contains="padding")))
