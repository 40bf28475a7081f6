"""Doelen: the goal tree (resultaat → opgave → doel → indicator) with nulmeting, latest value,
streefwaarde and status. The gemeente's own tree (Beheer → Eigen gegevens → Doelen) or the shipped one."""
import streamlit as st

from core import cached
from core.present import views
from pages.parts import beheer_doelen, choices, frame

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
naam = cached.gemeente_naam(gemeente, build)

st.title("Doelen")
choices.show_notices()
if gemeente not in cached.gemeenten_met_doelen(build):
    plek = ("Een medewerker van de gemeente kan er een maken of inlezen via Beheer → Eigen gegevens → Doelen."
            if pagina.mode != "partner" else "De gemeente kan er een maken in haar eigen omgeving van de app.")
    st.info(f"Voor {views.letterlijk(naam)} is nog geen doelenboom ingevoerd. {plek}")
    st.stop()

st.write(f"De doelen van {views.letterlijk(naam)}: van maatschappelijk resultaat naar opgave, doel en cijfer. "
         "Per cijfer ziet u de nulmeting, het laatste cijfer, de streefwaarde en of het op koers ligt.")
beheer_doelen.toon_boom(cached.goal_table(gemeente, build), gemeente)
