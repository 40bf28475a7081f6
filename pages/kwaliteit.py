"""Kwaliteit van de verhalen: per question of each framework of the gemeente's stories, the share left empty,
the share at a slider's start position, and the answers per wijk and age group (issue 15, point 7).
Staff only (BEHEER): a working tool for whoever reads or prepares patterns; not in partner mode."""
import streamlit as st

from core import cached
from core.present import views
from core.vertellen import kwaliteit
from pages.parts import frame

pagina = frame.open_page()
if pagina.mode == "partner":
    st.info("Deze pagina is er alleen voor medewerkers van de gemeente.")
    st.stop()
build, gemeente, k = pagina.build, pagina.gemeente, pagina.k
BREED = ("Leeg of n.v.t.", "Op de beginstand")   # room for 'minder dan 5 verhalen'

st.title("Kwaliteit van de verhalen")
st.write("Hoe ver kunt u een patroon vertrouwen? Per vraag ziet u hoeveel verhalen de vraag leeg lieten, hoeveel "
         "antwoorden op de beginstand bleven, en uit welke wijken en leeftijdsgroepen de antwoorden komen.")
st.info(kwaliteit.UITLEG, icon=":material/fact_check:")

kaders = cached.kwaliteit(gemeente, pagina.mode, k, build)
if not kaders:
    st.write("Deze gemeente heeft nog geen verhalen.")
for kader in kaders:
    st.subheader(views.letterlijk(kader.naam))   # a framework's name: shown as typed
    st.caption(f"Verhalen met dit kader: {kader.verhalen_tekst}")
    if not kader.getoond:
        st.info(f"Dit kader heeft in deze gemeente {kader.verhalen_tekst}. Daarom tonen we hier geen cijfers.",
                icon=":material/group_off:")
        continue
    st.dataframe(kwaliteit.vragen_tabel(kader), hide_index=True, width="stretch",
                 column_config={kolom: st.column_config.TextColumn(width=160) for kolom in BREED})
    if zin := kwaliteit.beginstand_zin(kader):
        st.caption(zin)
    st.markdown("**Antwoorden per wijk**")
    st.dataframe(kwaliteit.tabel(kader.per_wijk), hide_index=True, width="stretch")
    st.markdown("**Antwoorden per leeftijdsgroep**")
    if kader.heeft_leeftijd:
        st.dataframe(kwaliteit.tabel(kader.per_leeftijd), hide_index=True, width="stretch")
    else:
        st.caption("De verhalen van dit kader hebben geen leeftijdsgroep.")
    st.caption(kwaliteit.verborgen_uitleg(k))
