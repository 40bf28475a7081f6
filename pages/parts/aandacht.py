"""The Aandachtslijst on screen (core.tellen.aandacht, read through core.cached): one item as a card, and the short
section "Aandachtspunten" on the wijkfoto. Story text goes through st.text (blocks.story_card)."""
from __future__ import annotations

import streamlit as st

from core import cached, formatting
from core.present import views
from core.samen import delen
from core.tellen import aandacht
from pages.parts import blocks

PAGINA = "pages/aandacht.py"
OP_WIJKFOTO = 3     # items in the wijkfoto's section


def paren(items) -> tuple:
    return tuple(zip(items["wijk"], items["indicator"]))


def waarde(rij, kolom: str) -> str:
    return formatting.met_eenheid(getattr(rij, kolom), rij.eenheid)


def cijfer_regels(rij, gemeentenaam: str) -> list[str]:
    """What the item says in figures: the wijk against the gemeente, and the previous measurement -> the latest."""
    vorige = f"Vorige meting: {rij.vorig_jaar} {waarde(rij, 'vorige_waarde')} → {rij.jaar} {waarde(rij, 'waarde')}"
    if rij.status == aandacht.BREUK:
        vorige += f", {aandacht.BREUK_TEKST}"
    return [f"{rij.naam}: {waarde(rij, 'waarde')} · {gemeentenaam}: {waarde(rij, 'gemeente_waarde')} ({rij.jaar})",
            vorige]


def tellen_vertellen_link(rij, gemeente: str) -> None:
    st.page_link("pages/tellen_vertellen.py", label="Naar Tellen & vertellen",
                 query_params={"gemeente": gemeente, "wijk": rij.wijk, "indicator": rij.indicator,
                               "groep": rij.leeftijdsgroep})


def verhalen_blok(item: aandacht.ItemVerhalen) -> None:
    """The stories of one item: per thema its count (or 'minder dan k verhalen') and at most three cards."""
    if item.reden:
        st.caption(item.reden)
    for groep in item.groepen:
        st.caption(views.letterlijk(f"Verhalen bij het thema {', '.join(groep.themas)}: {groep.aantal_tekst}"))
        for rij in groep.verhalen.itertuples():
            blocks.story_card(rij)


def item_kaart(nummer: int, rij, gemeente: str, gemeentenaam: str, item: aandacht.ItemVerhalen | None,
               sets: list, mode: str) -> None:
    """One item of the list: its place, figure, wijk, the figures, its stories, its story sets, the link."""
    with st.container(border=True):
        cijfer, verhaal = st.columns([2, 3], gap="large")
        with cijfer:
            st.markdown(f"**{views.letterlijk(f'{nummer}. {rij.label} in {rij.naam}')}**")
            st.caption(f"{rij.leeftijdsgroep} · {rij.leefgebied}")
            for regel in cijfer_regels(rij, gemeentenaam):
                st.text(regel)
            tellen_vertellen_link(rij, gemeente)
        with verhaal:
            if item is not None:
                verhalen_blok(item)
            for naam_set, gedeeld in sets:   # partner mode: only the shared sets (blocks.sets_by_indicator)
                st.caption("Verhaalset bij dit cijfer:" if delen.partner(mode)
                           else f"Verhaalset bij dit cijfer ({delen.status(gedeeld).lower()}):")
                st.text(naam_set)


def breuk_tabel(breuken, gemeentenaam: str):
    """The figures worse than the gemeente whose change crosses a break, as a small table."""
    return [{"Wijk": r.naam, "Cijfer": r.label, "Leeftijdsgroep": r.leeftijdsgroep,
             "Wijk en gemeente": f"{waarde(r, 'waarde')} en {waarde(r, 'gemeente_waarde')} ({r.jaar})",
             "Vorige meting": f"{r.vorig_jaar}: {waarde(r, 'vorige_waarde')}",
             "Verandering": aandacht.BREUK_TEKST} for r in breuken.itertuples()]


def aandachtspunten(gemeente: str, wijk: str, indeling: int, gemeentenaam: str, pagina) -> None:
    """The wijkfoto's section: the top items of this wijk (latest measurements) and a link to the page."""
    eigen = cached.aandachtslijst(gemeente, indeling, pagina.build).voor_wijk(wijk)
    st.subheader("Aandachtspunten")
    if eigen.items.empty:
        st.caption("Geen cijfers waarbij deze wijk slechter is dan de gemeente én slechter dan bij de vorige meting.")
    else:
        st.caption("Slechter dan de gemeente én slechter dan bij de vorige meting (laatste metingen).")
        top = eigen.items.head(OP_WIJKFOTO)
        per_item = cached.aandacht_verhalen(gemeente, paren(top), pagina.mode, pagina.k, pagina.build)
        for kolom, rij in zip(st.columns(OP_WIJKFOTO), top.itertuples()):
            with kolom.container(border=True):
                st.markdown(f"**{views.letterlijk(rij.label)}**")
                st.caption(rij.leeftijdsgroep)
                for regel in cijfer_regels(rij, gemeentenaam):
                    st.caption(regel)
                for groep in per_item[(rij.wijk, rij.indicator)].groepen:
                    st.caption(f"Verhalen bij dit cijfer: {groep.aantal_tekst}")
    if not eigen.breuken.empty:
        st.caption(f"Bij {formatting.aantal(len(eigen.breuken), 'cijfer', 'cijfers')} is de wijk slechter dan de "
                   f"gemeente, maar is de verandering {aandacht.BREUK_TEKST}.")
    st.page_link(PAGINA, label="Bekijk de aandachtslijst", query_params={"gemeente": gemeente, "wijk": wijk})
