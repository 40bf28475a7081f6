"""Bronnen: every source with publisher, table, period, licence, changes and model estimates."""
import streamlit as st

from core import cached
from core.present import privacy, views
from core.vertellen import groepen
from pages.parts import frame

pagina = frame.open_page()
build = pagina.build
bronnen, modelschattingen = cached.bronnen(build)

st.title("Bronnen")
st.write("Alle cijfers in deze app zijn echte, gepubliceerde cijfers. Hier ziet u waar ze vandaan komen, "
         "onder welke licentie ze vallen en wat wij eraan hebben veranderd. Onderaan staat hoe de app met "
         "verhalen en persoonsgegevens omgaat.")

for rij in bronnen.to_dict("records"):
    with st.container(border=True):
        st.subheader(views.letterlijk(rij["titel"]))
        for label, tekst in views.bronnen_kaart(rij):
            kop, inhoud = st.columns([1, 3])
            kop.markdown(f"**{label}**")
            inhoud.text(tekst)

st.subheader("Modelschattingen")
st.write("Deze cijfers zijn per wijk en buurt geschat met een rekenmodel. Ze zijn niet in elke wijk gemeten.")
st.dataframe(modelschattingen.rename(columns={"label": "Indicator", "bron": "Bron"}), hide_index=True,
             width="stretch")

st.subheader("Verhalen")
st.write(cached.herkomst_tekst(pagina.mode, pagina.build))   # fictional only as far as the stories' flags say

st.header("Privacy en persoonsgegevens")
instellingen = cached.settings()
bestanden = {"store": instellingen.store, "verhalen": instellingen.verhalen, "werk": instellingen.werk,
             "zoekindex": instellingen.zoekindex}
for kop, tekst in privacy.privacy_uitleg(pagina.k, groepen.regel_tekst(pagina.k), bestanden):
    st.subheader(kop)
    st.write(tekst)
