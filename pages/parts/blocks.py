"""Blocks that several pages draw the same way. User-entered and story text always goes through st.text."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import cached
from core.present import charts, views


def story_card(rij) -> None:
    """One story in a list: title, wijk · year · fictief voorbeeld, and an excerpt — all plain text."""
    with st.container(border=True):
        st.text(rij.titel)
        st.caption(views.verhaal_kop(rij._asdict()))
        st.text(views.fragment(rij.tekst))


def attached_sets(indicator: str, gemeente: str) -> None:
    """Story sets attached to an indicator, shown next to every trend of it."""
    sets = cached.sets_for_indicator(indicator, gemeente)
    for s in sets.itertuples():
        with st.container(border=True):
            st.caption(f"Verhaalset bij dit cijfer · {s.verhalen} verhalen")
            st.text(f"{s.naam} — {s.vraag}")
            st.page_link("pages/tellen_vertellen.py", label="Lees de verhalen naast de trend",
                         query_params={"gemeente": gemeente, "indicator": indicator})


def sets_by_indicator(gemeente: str) -> dict:
    """{indicator: [set names]} for the story sets of this gemeente that are attached to an indicator."""
    sets = cached.list_sets(gemeente)
    attached = sets[sets["indicator"].notna()]
    return attached.groupby("indicator")["naam"].apply(list).to_dict()


def learned(entries) -> None:
    """'Wat we hebben geleerd': interpretation log entries, their text as plain text."""
    if not entries:
        return
    st.subheader("Wat we hebben geleerd")
    for entry in entries:
        with st.container(border=True):
            st.text(" · ".join(p for p in (views.datum_tekst(entry.datum), entry.door) if p))  # the author typed it
            for kop, tekst in entry.onderdelen:
                st.markdown(f"**{kop}**")
                st.text(tekst)


@dataclass(frozen=True)
class Trend:
    """One indicator over the years for some regions, with goal lines, breaks and the chart."""
    info: object            # figures.IndicatorInfo
    reeks: pd.DataFrame
    lijnen: pd.DataFrame
    breuken: pd.DataFrame
    grafiek: dict           # a Vega-Lite spec (charts.trend_chart)

    @property
    def periode(self) -> str:
        return f"{int(self.reeks['jaar'].min())}–{int(self.reeks['jaar'].max())}"


def trend(regios: tuple, indicator: str, groep: str, gemeente: str, build: str) -> Trend:
    """The trend of Indicatoren and Tellen & vertellen: regions, then the gemeente's goal lines and breaks."""
    info = cached.indicator_info(indicator, build)
    reeks = cached.trend(regios, indicator, groep, build)
    lijnen = views.doel_lijnen_grafiek(cached.doel_lijnen(indicator, gemeente, groep, build), info.eenheid)
    breuken = cached.breaks(indicator, regios, build)
    return Trend(info, reeks, lijnen, breuken, charts.trend_chart(reeks, lijnen, breuken, info.label, info.eenheid))
