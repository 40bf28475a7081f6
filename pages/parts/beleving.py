"""Cijfer en beleving (core.tellen.beleving): per leefgebied the figure next to what residents' stories say,
on the wijkfoto (all five leefgebieden) and on Tellen & vertellen (the chosen indicator). Plain text only."""
from __future__ import annotations

import streamlit as st

from core import cached
from core.tellen import beleving as core


def _kaart(b: core.Beleving, k: int, kop: str) -> None:
    """One leefgebied (or indicator): the figure and its change, the stories of two years, the flag."""
    with st.container(border=True):
        st.markdown(f"**{kop}**")
        if b.label:
            st.caption(f"{b.label} ({b.groep})")
        st.text(core.cijfer_zin(b))
        if b.breuk:
            st.caption("Let op: tussen de twee metingen zit een breuk in de reeks. Vergelijk met voorzichtigheid.")
        if b.reden:
            st.caption(b.reden)
            return
        st.text(core.verhalen_zin(b.nu, k))
        if b.nu is not None:
            st.text(core.verhalen_zin(b.vorig, k))
        if zin := core.verandering_zin(b):
            st.text(zin)
        if b.vlag:
            st.warning(f"Let op: {b.vlag}.", icon=":material/compare_arrows:")


def wijk(gemeente: str, wijk_code: str, jaar: int, indeling: int, mode: str, k: int, build: str) -> None:
    """'Cijfer en beleving' on the wijkfoto: the five leefgebieden, three cards a row."""
    rijen = cached.beleving_wijk(wijk_code, gemeente, mode, k, jaar, indeling, build)
    st.subheader("Cijfer en beleving")
    st.caption(core.uitleg(k))
    for start in range(0, len(rijen), 3):
        for kolom, b in zip(st.columns(3), rijen[start:start + 3]):
            with kolom:
                _kaart(b, k, b.leefgebied.capitalize())


def indicator(gemeente: str, wijk_code: str, indicator_id: str, groep: str, mode: str, k: int, build: str) -> None:
    """'Cijfer en beleving' on Tellen & vertellen: the chosen indicator and the stories about its thema's."""
    b = cached.beleving_indicator(wijk_code, gemeente, indicator_id, groep, mode, k, build)
    st.subheader("Cijfer en beleving")
    st.caption(core.uitleg(k, per_leefgebied=False))
    _kaart(b, k, b.leefgebied.capitalize() or "Dit cijfer")
