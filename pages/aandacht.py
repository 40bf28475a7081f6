"""Aandachtslijst: per gemeente (or one wijk) the figures where a wijk is worse than its gemeente and got worse
since its previous measurement, ranked, each with the stories that belong to it (core.tellen.aandacht)."""
import streamlit as st

from core import cached, formatting
from core.tellen import aandacht as core_aandacht
from pages.parts import aandacht, blocks, choices, frame

ALLE = "alle"
EERSTE = 10     # items shown before "Toon de hele lijst"

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
indeling = cached.wijkfoto_wijken(gemeente, build)    # the wijken of the wijkfoto: the same figures
namen = {ALLE: "Alle wijken", **dict(zip(indeling.wijken["code"], indeling.wijken["naam"]))}
gemeentenaam = cached.gemeente_naam(gemeente, build)

st.title("Aandachtslijst")
st.write("Waar gaat het in een wijk slechter dan in de gemeente, en ook slechter dan bij de vorige meting? "
         "Bij elk cijfer staan de verhalen van bewoners die erbij horen.")
wijk = choices.url_choice("wijk", list(namen), ALLE, "de wijk", shown=namen.get)
choices.show_notices()
with st.columns([2, 3])[0]:
    choices.bound(st.selectbox, "Wijk", list(namen), "wijk", "aandacht", format_func=namen.get)
choices.keep_in_url(wijk=None if wijk == ALLE else wijk)
if indeling.zin:
    st.caption(indeling.zin)

lijst = cached.aandachtslijst(gemeente, indeling.indeling, build)
if wijk != ALLE:
    lijst = lijst.voor_wijk(wijk)
st.caption(core_aandacht.UITLEG)

if lijst.items.empty:
    st.info("Geen cijfers waarbij een wijk slechter is dan de gemeente én slechter dan bij de vorige meting.")
else:
    alles = len(lijst.items) <= EERSTE or st.toggle(
        f"Toon de hele lijst ({formatting.aantal(len(lijst.items), 'cijfer', 'cijfers')})", key="aandacht.alles")
    getoond = lijst.items if alles else lijst.items.head(EERSTE)
    per_item = cached.aandacht_verhalen(gemeente, aandacht.paren(getoond), pagina.mode, pagina.k, build)
    sets = blocks.sets_by_indicator(gemeente)
    for nummer, rij in enumerate(getoond.itertuples(), start=1):
        aandacht.item_kaart(nummer, rij, gemeente, gemeentenaam, per_item[(rij.wijk, rij.indicator)],
                            sets.get(rij.indicator, []), pagina.mode)

if not lijst.breuken.empty:
    st.subheader("Niet te vergelijken (breuk)")
    st.caption(core_aandacht.BREUK_UITLEG)
    st.dataframe(aandacht.breuk_tabel(lijst.breuken, gemeentenaam), hide_index=True, width="stretch")
