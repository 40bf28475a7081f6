"""Sessies: prepare an interpretatiesessie (a varied sample of stories, 1–3 questions, a handout as PDF
and DOCX) and keep what the group learned in the interpretation log. Beheer: not in partner mode."""
import streamlit as st

from core import cached, formatting
from core.present import views
from core.samen import sessions
from core.vertellen.kaders import signifiers_of
from pages.parts import blocks, frame, storyfilter, terugkoppeling

pagina = frame.open_page()
if pagina.mode == "partner":
    st.info("Sessies voorbereiden kan alleen in de eigen omgeving van de gemeente.")
    st.stop()

build, gemeente = pagina.build, pagina.gemeente
naam = cached.gemeente_naam(gemeente, build)

st.title("Interpretatiesessie")
st.write("Kies verhalen voor een gesprek met inwoners of partners. De app trekt een gevarieerde steekproef: "
         "verspreid over de zones van de driehoek, de wijken en de jaren. Schrijf er één tot drie vragen bij "
         "en print de verhaalkaarten.")

st.subheader("1. Waar komen de verhalen vandaan?")
sets = cached.list_sets(gemeente)
bronnen = ["filter"] + list(sets["id"])
set_namen = dict(zip(sets["id"], sets["naam"]))
bron = st.radio("Bron", bronnen, key="sessie.bron", horizontal=True,
                format_func=lambda b: "Een filter op alle verhalen" if b == "filter"    # radio options read Markdown
                else f"Verhaalset: {views.letterlijk(set_namen[b])}")
verhaalfilter = None
if bron == "filter":
    with st.expander("Filter", expanded=False):
        verhaalfilter = storyfilter.story_filter(gemeente, build, scope="sessies", with_search=True)
pool, totaal = cached.session_candidates(verhaalfilter.to_json() if verhaalfilter else None,
                                         None if bron == "filter" else bron, pagina.mode, build)
st.caption(f"{formatting.aantal(totaal, 'verhaal', 'verhalen')} om uit te kiezen (alleen verhalen met toestemming).")
if pool.empty:
    st.warning("Er zijn geen verhalen bij deze keuze. Maak het filter ruimer of kies een andere verhaalset.")
    st.stop()

st.subheader("2. Steekproef")
kolommen = st.columns([3, 1])
if len(pool) == 1:   # a slider from 1 to 1 cannot be drawn (StreamlitInvalidMinMaxError)
    aantal = 1
    kolommen[0].write("1 verhaal")
else:
    aantal = kolommen[0].slider("Aantal verhalen", 1, min(30, len(pool)), min(8, len(pool)), key="sessie.aantal")
if kolommen[1].button("Andere steekproef", icon=":material/shuffle:"):
    st.session_state["sessie.seed"] = st.session_state.get("sessie.seed", 1) + 1
seed = st.session_state.get("sessie.seed", 1)
steekproef = sessions.draw_sample(pool, aantal, seed)
st.dataframe(views.steekproef_tabel(steekproef), hide_index=True, width="stretch")

st.subheader("3. Vragen en opslaan")
opties = signifiers_of(cached.filter_options(pagina.mode, build), gemeente)   # the gemeente's frameworks
vragen_signifier = dict(zip(opties["sleutel"], opties["label"]))   # key -> question (and framework)
with st.form("sessie", enter_to_submit=False):   # no English "Press Enter to submit form"
    titel = st.text_input("Titel van de sessie", key="sessie.titel", placeholder="Waarom lukt stimuleren minder goed?")
    vragen = [st.text_input(f"Vraag {i}", key=f"sessie.vraag{i}") for i in (1, 2, 3)]
    patroon = st.selectbox("Patroon op het voorblad", list(vragen_signifier), key="sessie.patroon",
                           format_func=vragen_signifier.get)
    datum = st.date_input("Datum van de sessie", value=cached.today(), key="sessie.datum", format="DD-MM-YYYY")
    if st.form_submit_button("Sessie opslaan", icon=":material/save:", key="sessie.opslaan"):
        with frame.store_errors():
            sessie_id = cached.save_session(titel, gemeente, vragen, list(steekproef["id"]),
                                            set_id=None if bron == "filter" else bron, filter=verhaalfilter,
                                            patroon_vraag=patroon, seed=seed, datum=datum)
            st.session_state["log.sessie"] = sessie_id   # the log form below offers it at once
            st.success("De sessie is opgeslagen. U kunt de handout hieronder downloaden.")

st.subheader("Opgeslagen sessies")
opgeslagen = cached.list_sessions(gemeente)
if opgeslagen.empty:
    st.caption(f"Nog geen sessies voor {naam}.")
for s in opgeslagen.itertuples():
    with st.container(border=True):
        st.text(f"{s.titel} · {views.datum_tekst(s.datum)} · {formatting.aantal(s.verhalen, 'verhaal', 'verhalen')}")
        knoppen = st.columns(3)
        knoppen[0].download_button("Handout (PDF)", lambda sid=s.id: cached.handout(sid, "pdf"),
                                   file_name=f"sessie_{s.id}.pdf", mime="application/pdf", key=f"pdf.{s.id}",
                                   icon=":material/picture_as_pdf:")
        knoppen[1].download_button("Handout (Word)", lambda sid=s.id: cached.handout(sid, "docx"),
                                   file_name=f"sessie_{s.id}.docx", key=f"docx.{s.id}", icon=":material/description:",
                                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if knoppen[2].button("Verwijderen", key=f"weg.{s.id}", icon=":material/delete:"):
            cached.delete_session(s.id)
            st.rerun()

st.divider()
st.subheader("Wat we hebben geleerd")
st.write("Schrijf na de sessie op wat de groep zag, wat het betekent en wat u afspreekt. Het staat daarna bij "
         "de wijkfoto, bij Tellen & vertellen en bij de trend van de gekoppelde cijfers. Een notitie voor de "
         "hele gemeente staat bij elke wijk.")
wijken = cached.wijken(gemeente, build)
wijk_namen = {"": f"Heel {naam}", **dict(zip(wijken["code"], wijken["naam"]))}
indicatoren = cached.indicator_options(gemeente, build)
labels = dict(zip(indicatoren["id"], indicatoren["label"]))
sessie_titels = {"": "Geen sessie", **dict(zip(opgeslagen["id"], opgeslagen["titel"]))}
with st.form("logboek", clear_on_submit=True, enter_to_submit=False):
    sessie = st.selectbox("Sessie", list(sessie_titels), format_func=sessie_titels.get, key="log.sessie")
    observaties = st.text_area("Wat zagen we?", key="log.observaties")
    interpretaties = st.text_area("Wat denken we dat het betekent?", key="log.interpretaties")
    acties = st.text_area("Wat spraken we af?", key="log.acties")
    wijk = st.selectbox("Over welk gebied?", list(wijk_namen), format_func=wijk_namen.get, key="log.wijk")
    gekoppeld = st.multiselect("Bij welke cijfers?", list(labels), format_func=labels.get, key="log.indicatoren",
                               placeholder="Kies een of meer cijfers (mag leeg)")
    gekozen_sets = st.multiselect("Bij welke verhaalsets?", list(set_namen), format_func=set_namen.get,
                                  key="log.sets", placeholder="Kies een of meer sets (mag leeg)")
    door = st.text_input("Door (mag leeg)", key="log.door")
    gedeeld = st.checkbox("Delen met partners", key="log.gedeeld",
                          help="Partners zien alleen notities die gedeeld zijn. U kunt dit later veranderen.")
    if st.form_submit_button("Opslaan in het logboek", icon=":material/edit_note:", key="log.opslaan"):
        with frame.store_errors():
            cached.add_log_entry(gemeente, observaties=observaties, interpretaties=interpretaties, acties=acties,
                                 wijk=wijk or None, sessie_id=sessie or None, verhaalsets=gekozen_sets,
                                 indicatoren=gekoppeld, door=door or None, datum=cached.today(), gedeeld=gedeeld)
            st.success("Opgeslagen in het logboek.")

terugkoppeling.downloads(gemeente)   # the log as a summary for residents (Word and PDF)

st.divider()
st.subheader("Delen met partners")
st.write("Partners zien van verhaalsets en het logboek alleen wat u hier deelt. Sessies deelt u niet.")
with st.expander(f"Verhaalsets ({len(sets)})"):
    if sets.empty:
        st.caption(f"Nog geen verhaalsets voor {naam}.")
    for s in sets.itertuples():
        with st.container(border=True):
            st.text(f"{s.naam} — {s.vraag}")
            blocks.sharing("set", s.id, s.gedeeld, pagina.mode)
logboek = cached.log_for_gemeente(gemeente)
with st.expander(f"Logboek ({len(logboek)})"):
    if not logboek:
        st.caption(f"Nog geen notities in het logboek van {naam}.")
    blocks.learned(logboek, pagina.mode, kop=None)
