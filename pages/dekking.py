"""Dekking: per wijk and leefgebied of the schijf van vijf, how many stories touch it and how many figures there
are; where figures exist but (almost) no stories, and the reverse (core.vertellen.dekking)."""
import streamlit as st

from core import cached
from core.present import dekking as dekking_grafiek
from core.vertellen import dekking as dekking_core
from core.vertellen import kaders
from pages.parts import frame

pagina = frame.open_page()
dekking = cached.dekking(pagina.gemeente, pagina.mode, pagina.k, pagina.build)
minder = f"minder dan {pagina.k} verhalen"

st.title("Dekking")
st.write("Over welk leefgebied vertellen inwoners? Hier ziet u per wijk hoeveel verhalen bij elk leefgebied van de "
         "schijf van vijf horen. Zo ziet u waar u nog verhalen kunt ophalen.")
st.caption(dekking_core.REGEL_TEKST)
if dekking.zonder_themavraag:
    st.info(kaders.REDENEN["thema"])

if dekking.tabel.empty:
    st.info("Deze gemeente heeft geen wijken in de cijfers. Daarom is er geen overzicht per wijk.")
else:
    st.subheader("Verhalen per wijk en leefgebied")
    st.altair_chart(dekking_grafiek.heatmap(dekking), width="stretch")
    st.caption(f"Hoe roder, hoe meer verhalen. Een grijs vak heeft geen getal: daar zijn {minder}, of het getal "
               "zou een kleine groep verraden. We tellen geen totalen op, om dezelfde reden.")
    st.table(dekking.matrix, hide_index=True)
    st.caption(f"'{minder}': er zijn wel verhalen, maar minder dan {pagina.k}. 'niet getoond': zo blijft een "
               "kleine groep ook verborgen.")
    for leefgebied, themas in dekking.themas.items():
        if not themas:
            st.caption(f"{leefgebied.capitalize()}: {dekking_core.GEEN_THEMA}")

    st.subheader("Hier zijn cijfers maar (bijna) geen verhalen")
    lijst = dekking.cijfers_zonder_verhalen
    if lijst.empty:
        st.write("Bij elk leefgebied met cijfers zijn ook verhalen.")
    else:
        st.table(dekking_core.lijst_tabel(lijst), hide_index=True)

    st.subheader("Hier zijn verhalen maar geen cijfers")
    omgekeerd = dekking.verhalen_zonder_cijfers
    if omgekeerd.empty:
        st.write("Bij elk leefgebied met verhalen zijn ook cijfers.")
    else:
        st.table(dekking_core.lijst_tabel(omgekeerd), hide_index=True)

if fictief := cached.fictief_zin(pagina.mode, pagina.build, pagina.gemeente):  # as the stories' flags say
    st.info(f"{fictief} De cijfers zijn echt.", icon=":material/info:")
