"""Wijken: the wijken of the chosen gemeente with key figures and story counts."""
import streamlit as st

from core import cached
from core.present import views
from core.tellen import figures
from pages.parts import frame

pagina = frame.open_page()
overzicht = cached.wijk_overzicht(pagina.gemeente, pagina.mode, pagina.build)

st.title(f"Wijken van {overzicht.gemeentenaam}")
st.write("Hoe gaat het in de wijken? Hieronder staan per wijk een paar kerncijfers "
         "en het aantal verhalen van inwoners.")

kolommen = st.columns(3)
kolommen[0].metric("Wijken", len(overzicht.tabel))
kolommen[1].metric("Verhalen om te lezen", overzicht.verhalen_totaal)  # small numbers: core.vertellen.groepen
kolommen[2].metric("Laatste jaar GGD-cijfers", next((r.jaar for r in overzicht.alle_bronnen
                                                     if r.indicator.startswith("ggd_") and r.jaar), "–"))

if overzicht.andere:  # figures of an older wijk indeling: its own table, never on today's wijken
    jaren = " en ".join(str(o.indeling) for o in overzicht.andere)
    st.warning(f"De wijkindeling van deze gemeente is veranderd. Een deel van de cijfers hoort bij de wijken "
               f"van {jaren}; die staan in een aparte tabel onder deze.")
elif overzicht.indeling_gewijzigd:
    st.warning("De wijkindeling van deze gemeente is na 2020 veranderd. Oudere wijkcijfers horen bij andere "
               "grenzen en staan daarom niet bij deze wijken.")

st.table(views.wijk_tabel(overzicht), hide_index=True)
st.caption(f"Een wijk met minder dan {pagina.k} verhalen krijgt geen aantal. Zie de pagina Bronnen.")

for ander in overzicht.andere:
    st.subheader(f"Cijfers per wijk, wijkindeling {ander.indeling}")
    st.caption(figures.Indeling(ander.indeling, False).zin + " Verhalen horen bij de wijken van nu; "
               "daarom staan ze hier niet.")
    st.table(views.wijk_tabel(ander).drop(columns="Verhalen"), hide_index=True)

if fictief := cached.fictief_zin(pagina.mode, pagina.build, pagina.gemeente):  # as the stories' flags say
    st.info(f"{fictief} De cijfers zijn echt.", icon=":material/info:")

st.subheader("Bronnen van deze cijfers")
for regel in overzicht.alle_bronnen:
    st.caption(views.bronregel_tekst(regel))
