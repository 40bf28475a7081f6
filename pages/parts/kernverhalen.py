"""Kernverhalen on screen (core.samen.kernverhalen): the key stories first on Verhalen, the form where staff mark
one, the list where they unmark or share it, and the key story first in the wijkfoto's stories band.

Marks change while the app runs, so nothing here is cached; the werkbestand is read through cached.werk_cursor
(partner mode: a read-only copy, only shared marks). Story text and reasons always go through st.text."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from core import cached
from core.present import views
from core.samen import delen
from core.samen import kernverhalen as kern
from core.vertellen.consent import Zichtbaarheid
from pages.parts import frame


def in_filter(verhaalfilter, mode: str) -> pd.DataFrame:
    """The key stories the filter finds that this mode may read (columns of a story list plus `kern`)."""
    with cached.cursor() as cur, cached.werk_cursor() as werk:
        return kern.in_filter(cur, werk, verhaalfilter, Zichtbaarheid(mode))


def kaart(rij, regels, lees) -> None:
    """One story card of Verhalen; a key story has its 'Kernverhaal bij …' lines first (plain text)."""
    with st.container(border=True):
        if regels:
            st.badge(kern.LABEL, icon=":material/star:")
        for regel in regels or ():
            st.text(regel)
        kop, knop = st.columns([5, 1])
        kop.text(rij.titel)
        kop.caption(views.verhaal_kop(rij._asdict()))
        if knop.button("Lees", key=f"lees.{rij.id}", icon=":material/menu_book:"):
            lees(rij.id)
        st.text(views.fragment(rij.tekst))
        st.text(rij.duiding)


def wijkfoto_voorop(foto, mode: str):
    """The wijkfoto with the wijk's key stories first in its stories band (only where the band shows stories:
    never below k), each card's text starting with its 'Kernverhaal bij …' line."""
    paneel = foto.verhalen
    with cached.cursor() as cur, cached.werk_cursor() as werk:
        band = kern.voorop(cur, werk, paneel.fragmenten, foto.wijk, paneel.jaar, Zichtbaarheid(mode))
    band = band.assign(fragment=[f"{k}\n\n{f}" if k else f for k, f in zip(band["kern"], band["fragment"])])
    return replace(foto, verhalen=replace(paneel, fragmenten=band))


def _opslaan(verhaal: str | None, indicator: str | None, reden: str) -> None:
    if not verhaal or not indicator:
        st.error("Kies een verhaal en een cijfer.")
        return
    with frame.store_errors(), cached.cursor() as cur, cached.werk_cursor() as werk:
        kern.mark(cur, werk, verhaal, indicator, reden, cached.mode())
        st.success("Het verhaal is nu een kernverhaal. Het staat bovenaan bij Verhalen en op de wijkfoto.")


def markeren(verhalen: pd.DataFrame, gemeente: str, build: str) -> None:
    """Staff only: the form that marks a story of this page as key story for an indicator, with the reason."""
    st.subheader("Kernverhaal kiezen")
    st.write("Kies een verhaal dat goed laat zien wat er achter een cijfer zit. Schrijf op waarom. Een kernverhaal "
             "staat bovenaan bij de verhalen, als eerste op de wijkfoto en in de PowerPoint.")
    titels = dict(zip(verhalen["id"], verhalen["titel"]))
    opties = cached.indicator_options(gemeente, build)
    labels = dict(zip(opties["id"], opties["label"]))
    with st.form("kernverhaal", clear_on_submit=True, enter_to_submit=False):
        verhaal = st.selectbox("Verhaal (van deze pagina)", list(titels), key="kern.verhaal",
                               format_func=titels.get)
        indicator = st.selectbox("Bij welk cijfer?", list(labels), key="kern.indicator", format_func=labels.get)
        reden = st.text_input("Waarom dit verhaal?", key="kern.reden", max_chars=kern.REDEN_MAX,
                              placeholder="Bijvoorbeeld: laat zien wat er speelt")
        if st.form_submit_button("Markeer als kernverhaal", icon=":material/star:", key="kern.opslaan"):
            _opslaan(verhaal, indicator, reden)
    lijst(gemeente, build)


def _knoppen(rij, mode: str) -> None:
    staat, delen_knop, weg = st.columns([2, 1, 1], vertical_alignment="center")
    staat.caption(delen.status(rij.gedeeld))
    if delen_knop.button("Niet meer delen" if rij.gedeeld else "Delen met partners", key=f"delen.kern.{rij.id}",
                         icon=":material/visibility_off:" if rij.gedeeld else ":material/share:"):
        with frame.store_errors(), cached.werk_cursor() as werk:
            kern.share(werk, rij.id, not rij.gedeeld, Zichtbaarheid(mode))
            st.rerun()
    if weg.button("Geen kernverhaal meer", key=f"weg.kern.{rij.id}", icon=":material/star_border:"):
        with frame.store_errors(), cached.werk_cursor() as werk:
            kern.unmark(werk, rij.id, Zichtbaarheid(mode))
            st.rerun()


def lijst(gemeente: str, build: str) -> None:
    """Staff only: every key story mark of the gemeente, with its reason, whether it is shared, and buttons to
    share it or take the mark away. A story staff may no longer read keeps its mark, but not its title."""
    mode = cached.mode().value
    with cached.werk_cursor() as werk:
        marks = kern.marks(werk, Zichtbaarheid(mode), gemeente)
    labels = dict(zip(*[cached.indicator_options(gemeente, build)[c] for c in ("id", "label")]))
    with st.expander(f"Kernverhalen van deze gemeente ({len(marks)})"):
        if marks.empty:
            st.caption("Nog geen kernverhalen.")
        for rij in marks.itertuples():
            detail = cached.story_detail(rij.verhaal_id, mode, build)
            with st.container(border=True):
                st.text(detail.verhaal["titel"] if detail else "Dit verhaal is niet (meer) beschikbaar.")
                st.text(f"Bij {labels.get(rij.indicator, rij.indicator)}. Waarom: {rij.reden}")
                _knoppen(rij, mode)
