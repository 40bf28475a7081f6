"""Blocks that several pages draw the same way. User-entered and story text always goes through st.text.

Story sets and log entries come from the werkbestand already filtered by mode (partner mode: only what staff
shared). Staff see next to each whether it is shared with partners and a button to change that."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import cached, formatting
from core.present import charts, views
from core.samen import delen
from pages.parts import frame


def story_card(rij) -> None:
    """One story in a list: title, wijk · year · fictief voorbeeld, and an excerpt — all plain text."""
    with st.container(border=True):
        st.text(rij.titel)
        st.caption(views.verhaal_kop(rij._asdict()))
        st.text(views.fragment(rij.tekst))


def sharing(soort: str, ref: str, gedeeld: bool, mode: str) -> None:
    """Staff only: whether a set ('set') or log entry ('log') is shared with partners, and a button that
    changes it (shown at once: the page runs again). Partner mode: nothing."""
    if delen.partner(mode):
        return
    staat, knop = st.columns([2, 1], vertical_alignment="center")
    staat.caption(delen.status(gedeeld))
    label = "Niet meer delen" if gedeeld else "Delen met partners"
    icon = ":material/visibility_off:" if gedeeld else ":material/share:"
    if knop.button(label, key=f"delen.{soort}.{ref}", icon=icon):
        with frame.store_errors():
            (cached.share_set if soort == "set" else cached.share_log_entry)(ref, not gedeeld)
            st.rerun()


def attached_sets(indicator: str, gemeente: str, mode: str) -> None:
    """Story sets attached to an indicator (partner mode: the shared ones), shown next to every trend of it.
    The number of saved stories only for staff: for partners it would count stories they may not read."""
    sets = cached.sets_for_indicator(indicator, gemeente)
    for s in sets.itertuples():
        with st.container(border=True):
            st.caption("Verhaalset bij dit cijfer" if delen.partner(mode)
                       else f"Verhaalset bij dit cijfer · {formatting.aantal(s.verhalen, 'verhaal', 'verhalen')}")
            st.text(f"{s.naam} — {s.vraag}")
            st.page_link("pages/tellen_vertellen.py", label="Lees de verhalen naast de trend",
                         query_params={"gemeente": gemeente, "indicator": indicator})
            sharing("set", s.id, s.gedeeld, mode)


def sets_by_indicator(gemeente: str) -> dict:
    """{indicator: [(set name, gedeeld)]} for the story sets of this gemeente (partner mode: the shared
    ones) that are attached to an indicator."""
    sets = cached.list_sets(gemeente)
    attached = sets[sets["indicator"].notna()]
    return {ind: list(zip(groep["naam"], groep["gedeeld"])) for ind, groep in attached.groupby("indicator")}


def learned(entries, mode: str, kop: str | None = "Wat we hebben geleerd") -> None:
    """'Wat we hebben geleerd': interpretation log entries (partner mode: the shared ones), their text and
    author as plain text; for staff with whether each is shared and the button to change it."""
    if not entries:
        return
    if kop:
        st.subheader(kop)
    for entry in entries:
        with st.container(border=True):
            st.text(" · ".join(p for p in (views.datum_tekst(entry.datum), entry.door) if p))  # the author typed it
            if entry.hele_gemeente:
                st.caption("Voor de hele gemeente")
            for kop, tekst in entry.onderdelen:
                st.markdown(f"**{kop}**")
                st.text(tekst)
            sharing("log", entry.id, entry.gedeeld, mode)


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
    info = cached.indicator_info(indicator, build, gemeente)
    reeks = cached.trend(regios, indicator, groep, build)
    lijnen = views.doel_lijnen_grafiek(cached.doel_lijnen(indicator, gemeente, groep, build), info.eenheid)
    breuken = cached.breaks(indicator, regios, build)
    return Trend(info, reeks, lijnen, breuken, charts.trend_chart(reeks, lijnen, breuken, info.label, info.eenheid))
