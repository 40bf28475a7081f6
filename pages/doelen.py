"""Doelen: the goal tree (resultaat → opgave → doel → indicator) with nulmeting, latest value,
streefwaarde and status."""
import streamlit as st

from core import cached
from core.present import views
from pages.parts import choices, frame

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
naam = cached.gemeente_naam(gemeente, build)

st.title("Doelen")
choices.show_notices()
if gemeente not in cached.gemeenten_met_doelen(build):
    st.info(f"Voor {naam} is nog geen doelenboom ingevoerd. In de demo heeft Leiderdorp er een.")
    st.stop()

st.write(f"De Sociale Agenda van {naam}: van maatschappelijk resultaat naar opgave, doel en cijfer. "
         "Per cijfer ziet u de nulmeting, het laatste cijfer, de streefwaarde en of het op koers ligt.")
st.caption("Op koers: het laatste cijfer is sinds de nulmeting de goede kant op gegaan. Onbekend: er is nog "
           "geen nieuwer cijfer of geen streefwaarde. Streefwaarden zijn fictieve voorbeelden.")

tabel = cached.goal_table(gemeente, build)
alle_rijen = views.doelen_rijen(tabel)  # once for the whole tree; a doel's rows keep their index in `tabel`
for resultaat, per_resultaat in tabel.groupby("resultaat", sort=False):
    st.header(views.letterlijk(resultaat))  # goal titles come from the gemeente's goal tree: shown as typed
    for opgave, per_opgave in per_resultaat.groupby("opgave", sort=False):
        st.markdown(f"**Opgave:** {views.letterlijk(opgave)}")
        for doel, per_doel in per_opgave.groupby("doel", sort=False):
            with st.container(border=True):
                st.markdown(f"**Doel:** {views.letterlijk(doel)}")
                rijen = alle_rijen[alle_rijen.index.isin(per_doel.index)]
                if rijen.empty:
                    st.caption("Nog geen cijfer gekoppeld aan dit doel.")
                    continue
                st.table(rijen, hide_index=True)
                for r in per_doel[per_doel["indicator"].notna()].itertuples():
                    st.page_link("pages/indicatoren.py", label=f"Trend: {r.label}",
                                 query_params={"gemeente": gemeente, "indicator": r.indicator,
                                               "groep": r.leeftijdsgroep})
