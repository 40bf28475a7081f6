"""Verhalen: find stories by wijk, year, person, answers and words; read one; save a set of them."""
import streamlit as st

from core import cached, formatting
from core.present import views
from core.vertellen import stories
from pages.parts import frame, storyfilter
from pages.parts import kernverhalen as kernblok

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente

st.title("Verhalen")
st.write("Zoek verhalen van inwoners. Filter op wijk, jaar, persoon of op de antwoorden die de verteller zelf "
         "gaf. Sla een selectie op als verhaalset, met een vraag erbij.")
st.caption(" ".join(p for p in (cached.fictief_zin(pagina.mode, build, gemeente),   # each story's own flag
                                 "Verhalen zonder toestemming worden nooit getoond.") if p))

verhaalfilter = storyfilter.story_filter(gemeente, build, scope="verhalen")
if st.session_state.get("verhalen.filter") != verhaalfilter.to_json():  # another filter starts at page 1
    st.session_state["verhalen.filter"] = verhaalfilter.to_json()
    st.session_state["verhalen.pagina"] = 1
gevonden = cached.story_page(verhaalfilter.to_json(), st.session_state.get("verhalen.pagina", 1), stories.PER_PAGINA,
                             pagina.mode, build)
if gevonden.zoekmelding:
    st.info(gevonden.zoekmelding, icon=":material/search:")
if gevonden.verborgen:  # partner mode: a small group (or one that gives a small group away) shows nothing
    st.info(gevonden.verborgen, icon=":material/group_off:")
    st.stop()

st.subheader(f"{formatting.aantal(gevonden.totaal, 'verhaal', 'verhalen')} gevonden")
if not gevonden.totaal:
    st.write("Geen verhalen bij deze keuze. Maak het filter ruimer of zoek op een ander woord.")
    st.stop()


@st.dialog("Verhaal", width="large")
def lees(verhaal_id: str) -> None:
    detail = cached.story_detail(verhaal_id, pagina.mode, build)
    if detail is None:
        st.warning("Dit verhaal is niet (meer) beschikbaar.")
        return
    v = detail.verhaal
    st.text(v["titel"])
    st.caption(views.verhaal_kop(v))
    st.text(v["tekst"])
    st.dataframe(views.antwoorden_tabel(detail.antwoorden), hide_index=True, width="stretch")


if gevonden.paginas > 1:
    st.session_state["verhalen.pagina"] = gevonden.pagina  # the last page when the list got shorter
    st.number_input(f"Pagina (van {gevonden.paginas})", 1, gevonden.paginas, key="verhalen.pagina")
kern = kernblok.in_filter(verhaalfilter, pagina.mode)   # key stories lead (core.samen.kernverhalen)
kern_regels = dict(zip(kern["id"], kern["kern"]))
vooraan = kern if gevonden.pagina == 1 else kern.iloc[0:0]
for rij in vooraan.itertuples():
    kernblok.kaart(rij, rij.kern, lees)
for rij in gevonden.verhalen.itertuples():
    if rij.id not in set(vooraan["id"]):
        kernblok.kaart(rij, kern_regels.get(rij.id), lees)

if pagina.mode == "partner":
    st.stop()  # partners read; saving sets is for the gemeente's own staff

st.divider()
kernblok.markeren(gevonden.verhalen, gemeente, build)

st.divider()
st.subheader("Bewaar als verhaalset")
st.write("Een verhaalset is een opgeslagen selectie met een vraag, bijvoorbeeld voor een interpretatiesessie. "
         "Koppel de set aan een cijfer: dan staat hij naast de trend van dat cijfer.")
opties = cached.indicator_options(gemeente, build)
labels = dict(zip(opties["id"], opties["label"]))
with st.form("verhaalset", clear_on_submit=True, enter_to_submit=False):   # no English hint
    naam = st.text_input("Naam van de set", key="set.naam",
                         placeholder="Bijvoorbeeld: Steun bij eenzaamheid in Leiden-Noord")
    vraag = st.text_input("Vraag voor het gesprek", key="set.vraag", placeholder="Waarom …?")
    indicator = st.selectbox("Koppel aan cijfer (mag leeg)", [None, *labels], key="set.indicator",
                             format_func=lambda i: labels.get(i, "—"))
    gedeeld = st.checkbox("Delen met partners", key="set.gedeeld",
                          help="Partners zien alleen verhaalsets die gedeeld zijn. U kunt dit later veranderen.")
    st.caption("De set bevat het verhaal dat nu gevonden is." if gevonden.totaal == 1
               else f"De set bevat de {gevonden.totaal} verhalen die nu gevonden zijn.")
    if st.form_submit_button("Verhaalset opslaan", icon=":material/bookmark_add:", key="set.opslaan"):
        with frame.store_errors():
            aantal = cached.save_filter_set(naam, vraag, indicator, gemeente, verhaalfilter, gedeeld=gedeeld)
            st.success(f"De verhaalset is opgeslagen met {formatting.aantal(aantal, 'verhaal', 'verhalen')}:")
            st.text(naam.strip())
            if indicator:
                st.page_link("pages/tellen_vertellen.py", label="Bekijk de set naast het cijfer",
                             query_params={"gemeente": gemeente, "indicator": indicator})
