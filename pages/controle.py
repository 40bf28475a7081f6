"""Controle persoonsgegevens: the stories the personal data check holds back, what it found, the masked
text to accept or edit, and "Vrijgeven". Beheer: not in partner mode."""
import streamlit as st

from core import cached
from core.present import views
from core.vertellen import controle
from pages.parts import frame

pagina = frame.open_page()
if pagina.mode == "partner":
    st.info("De controle op persoonsgegevens kan alleen in de eigen omgeving van de gemeente.")
    st.stop()
build = pagina.build

st.title("Controle persoonsgegevens")
st.write(controle.UITLEG)

if melding := st.session_state.pop("controle.melding", None):
    st.success(melding, icon=":material/check:")

lijst = cached.controle_lijst(st.session_state.get("controle.pagina", 1), build)
st.subheader(f"{lijst.totaal} {'verhaal' if lijst.totaal == 1 else 'verhalen'} in controle")
if not lijst.totaal:
    st.write(controle.LEGE_LIJST)
else:
    st.write("Kijk per verhaal wat er gevonden is. In de tekstvakken staat het verhaal met de gevonden "
             "gegevens vervangen, bijvoorbeeld [PERSOON-1]. Pas de tekst aan als dat nodig is. Klik dan op "
             "Vrijgeven: vanaf dan toont de app het verhaal met deze titel en tekst. De oorspronkelijke tekst "
             "wordt niet bewaard.")
    door = st.text_input("Uw naam", key="controle.door",
                         help="Bij elke vrijgave bewaart de app wie het verhaal heeft vrijgegeven en wanneer.")
    if lijst.paginas > 1:
        st.session_state["controle.pagina"] = lijst.pagina  # the last page when the list got shorter
        st.number_input(f"Pagina (van {lijst.paginas})", 1, lijst.paginas, key="controle.pagina")


def terugzetten(verhaal_id: str, titel: str, tekst: str) -> None:
    """Put the text as it was imported back in the boxes (when the findings are no personal data)."""
    st.session_state[f"controle.titel.{verhaal_id}"] = titel
    st.session_state[f"controle.tekst.{verhaal_id}"] = tekst


for rij in lijst.verhalen.itertuples():
    with st.container(border=True):
        st.subheader(views.letterlijk(f"Verhaal {rij.id}"))
        st.caption(views.letterlijk(f"{rij.wijknaam} · {rij.jaar} · toestemming {rij.toestemming}"
                                    + (" · fictief voorbeeld" if rij.fictief else "")))
        st.dataframe(controle.bevindingen_tabel(rij.bevindingen), hide_index=True, width="stretch")
        st.session_state.setdefault(f"controle.titel.{rij.id}", rij.titel_voorstel)  # the masking, to accept
        st.session_state.setdefault(f"controle.tekst.{rij.id}", rij.tekst_voorstel)   # or edit
        titel = st.text_input("Titel zoals de app die toont", key=f"controle.titel.{rij.id}")
        tekst = st.text_area("Tekst zoals de app die toont", height=200, key=f"controle.tekst.{rij.id}")
        links, rechts = st.columns([1, 3])
        if links.button("Vrijgeven", key=f"controle.vrijgeven.{rij.id}", icon=":material/lock_open:", type="primary"):
            with frame.store_errors():
                cached.controle_vrijgeven(rij.id, titel, tekst, door)
                st.session_state["controle.melding"] = f"Verhaal {rij.id} is vrijgegeven."
                st.rerun()
        rechts.button("Zet de oorspronkelijke tekst terug", key=f"controle.terug.{rij.id}",
                      on_click=terugzetten, args=(rij.id, rij.titel, rij.tekst),
                      help="Als wat er gevonden is geen persoonsgegevens zijn, kunt u het verhaal zo vrijgeven.")

vrijgegeven = cached.controle_vrijgegeven(build)
if len(vrijgegeven):
    st.subheader("Eerder vrijgegeven")
    st.caption("Van een vrijgegeven verhaal bewaart de app alleen wat voor gegevens er gevonden waren, "
               "niet de gevonden tekst zelf.")
    st.dataframe(vrijgegeven, hide_index=True, width="stretch", column_config={
        "verhaal": "Verhaal", "soorten": "Gevonden", "aantal": "Aantal", "besluit": "Besluit", "door": "Door",
        "vrijgegeven_op": st.column_config.DatetimeColumn("Vrijgegeven op", format="DD-MM-YYYY HH:mm"),
        "reden": "Reden"})
