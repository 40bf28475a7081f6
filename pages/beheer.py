"""Beheer: the gemeente brings its own data. Stories with their framework, figures (StatLine files or a
live CBS fetch) and goal trees, each with a preview before anything is written and an import history.
Staff only: absent in partner mode and refused by a direct link."""
import streamlit as st

from pages.parts import beheer_cijfers, beheer_doelen, beheer_verhalen, frame

pagina = frame.open_page()
if pagina.mode == "partner":
    st.info("Gegevens toevoegen kan alleen in de eigen omgeving van de gemeente.")
    st.stop()

st.title("Beheer: eigen gegevens")
st.write("Voeg hier de verhalen, cijfers en doelen van uw gemeente toe. U ziet altijd eerst een voorbeeld; "
         "pas als u op Importeren klikt, wordt er iets opgeslagen. Wat u toevoegt, blijft bewaard als de app "
         "opnieuw wordt gebouwd.")
DELEN = {"Verhalen": beheer_verhalen.deel, "Cijfers": beheer_cijfers.deel, "Doelen": beheer_doelen.deel}
keuze = st.segmented_control("Onderdeel", list(DELEN), key="beheer.deel", default="Verhalen",
                             help="Kies wat u wilt toevoegen of bekijken.")
DELEN[keuze or "Verhalen"](pagina)
