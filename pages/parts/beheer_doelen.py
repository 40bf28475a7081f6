"""Beheer, part 'Doelen' (pages/beheer.py): the gemeente's own goal tree. Make and change it in four tables,
read in a JSON file, see the tree as the Doelen page will show it before anything is saved, save it (the
figures store is rebuilt, with a progress bar), download it, and see its history with 'Verwijderen'.

Also `toon_boom`: how the Doelen page (pages/doelen.py) and this preview draw a tree.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core import cached, formatting
from core.errors import TellenError
from core.ingest import goals as goal_files
from core.present import views
from core.samen import doelbomen
from core.vertellen.consent import FICTIEF_LABEL

K = "beheer_doelen"
WERK = ["Bewerken", "Bestand inlezen", "Geschiedenis"]
UITLEG_STATUS = ("Op koers: het laatste cijfer is sinds de nulmeting de goede kant op gegaan. Onbekend: er is nog "
                 "geen nieuwer cijfer of geen streefwaarde.")


# --- drawing a tree (also the Doelen page) -----------------------------------------------------


def toon_boom(tabel: pd.DataFrame, gemeente: str, links: bool = True) -> None:
    """The tree as on the Doelen page: per resultaat and opgave each doel with its figures."""
    fictief = bool(tabel["streefwaarde_fictief"].fillna(False).astype(bool).any())
    st.caption(UITLEG_STATUS + (" Streefwaarden zijn fictieve voorbeelden." if fictief else ""))
    bron = tabel["bron"].dropna()
    if len(bron):
        st.caption(f"Bron van de doelenboom: {views.letterlijk(bron.iloc[0])}")
    alle_rijen = doel_rijen(tabel)  # once for the whole tree; a doel's rows keep their index in `tabel`
    for resultaat, per_resultaat in tabel.groupby("resultaat", sort=False):
        st.header(views.letterlijk(resultaat))  # goal titles come from the gemeente's goal tree: shown as typed
        for opgave, per_opgave in per_resultaat.groupby("opgave", sort=False):
            st.markdown(f"**Opgave:** {views.letterlijk(opgave)}")
            for doel, per_doel in per_opgave.groupby("doel", sort=False):
                _toon_doel(doel, per_doel, alle_rijen, gemeente, links)


def _toon_doel(doel: str, per_doel: pd.DataFrame, alle_rijen: pd.DataFrame, gemeente: str, links: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**Doel:** {views.letterlijk(doel)}")
        rijen = alle_rijen[alle_rijen.index.isin(per_doel.index)]
        if rijen.empty:
            st.caption("Nog geen cijfer gekoppeld aan dit doel.")
            return
        st.table(rijen, hide_index=True)
        for r in per_doel[per_doel["indicator"].notna()].itertuples() if links else []:
            st.page_link("pages/indicatoren.py", label=f"Trend: {r.label}",
                         query_params={"gemeente": gemeente, "indicator": r.indicator, "groep": r.leeftijdsgroep})


def doel_rijen(tabel: pd.DataFrame) -> pd.DataFrame:
    """views.doelen_rijen, with 'fictief voorbeeld' only at streefwaarden that are examples."""
    rijen = views.doelen_rijen(tabel)
    echt = ~tabel.loc[rijen.index, "streefwaarde_fictief"].fillna(False).astype(bool)
    if not echt.any():
        return rijen
    rijen.loc[echt, "Streefwaarde"] = rijen.loc[echt, "Streefwaarde"].str.replace(
        f", {FICTIEF_LABEL})", ")", regex=False)
    return rijen


# --- the part ----------------------------------------------------------------------------------


def deel(pagina) -> None:
    build, gemeente = pagina.build, pagina.gemeente
    naam = cached.gemeente_naam(gemeente, build)
    tree, herkomst = cached.doelboom(gemeente, build)
    st.subheader(f"Doelenboom van {naam}")
    st.write({"eigen": f"{naam} heeft een eigen doelenboom. Wat u hier opslaat, vervangt die.",
              "meegeleverd": "Dit is de voorbeeldboom die met de app is meegeleverd. Slaat u hier een doelenboom "
                             "op, dan wordt die de eigen doelenboom van de gemeente.",
              None: f"{naam} heeft nog geen doelenboom. Maak er hier een, of lees een bestand in."}[herkomst])
    _melding()
    st.text_input("Uw naam", key=f"{K}.door", help="Komt in de geschiedenis bij wat u opslaat of verwijdert.")
    werk = st.segmented_control("Wat wilt u doen?", WERK, key=f"{K}.werk", default=WERK[0]) or WERK[0]
    if werk == "Bewerken":
        _bewerken(pagina, tree, naam)
    elif werk == "Bestand inlezen":
        _inlezen(pagina, naam)
    else:
        _geschiedenis(pagina, herkomst, naam)


def _versie() -> int:
    """Bumped after every write, so the editors start again from the saved tree."""
    return st.session_state.setdefault(f"{K}.versie", 0)


def _door() -> str:
    return st.session_state.get(f"{K}.door", "")


# --- editing in tables -------------------------------------------------------------------------


def _bewerken(pagina, tree: dict | None, naam: str) -> None:
    gemeente, build = pagina.gemeente, pagina.build
    sleutel = f"{K}.{gemeente}.{_versie()}"
    kop = _kop(tree, gemeente, sleutel)
    st.write("Vul de tabellen van boven naar beneden in. Een regel toevoegen: klik onder de tabel op +. "
             "Een regel zonder nummer krijgt er vanzelf een.")
    frames = _tabellen(tree, pagina, sleutel)
    if all(doelbomen.leeg(frame) for frame in frames.values()):
        st.info("Begin met een maatschappelijk resultaat in tabel 1. Daarna ziet u hier een voorbeeld.")
    else:
        _opslaan(kop, frames, pagina, naam)
    json_tekst = cached.doelboom_json(gemeente, build)
    if json_tekst is not None:
        st.download_button("Download als JSON", json_tekst, file_name=f"doelenboom_{gemeente}.json",
                           mime="application/json", key=f"{K}.download",
                           help="De opgeslagen doelenboom (of de meegeleverde) als bestand. U kunt het "
                                "later weer inlezen.")


def _opslaan(kop: dict, frames: dict, pagina, naam: str) -> None:
    """Check the tables; every problem, or the preview and Opslaan."""
    try:
        nieuw = cached.doelboom_controleren(doelbomen.uit_tabellen(kop, frames))
    except doelbomen.DoelboomFout as e:
        _problemen(e)
        return
    _voorbeeld(nieuw, pagina, naam)
    if st.button("Opslaan", key=f"{K}.opslaan", type="primary"):
        _schrijf(lambda melden: cached.doelboom_opslaan(nieuw, _door(), doelbomen.FORMULIER, melden),
                 f"De doelenboom van {naam} is opgeslagen.")


def _kop(tree: dict | None, gemeente: str, sleutel: str) -> dict:
    tree = tree or {}
    bron = st.text_input("Bron", value=tree.get("bron", ""), key=f"{sleutel}.bron",
                         help="Waar komen de doelen vandaan? Bijvoorbeeld: Sociale Agenda 2024–2028.")
    toelichting = st.text_area("Toelichting (mag leeg)", value=tree.get("toelichting", ""),
                               key=f"{sleutel}.toelichting")
    streefjaar = st.number_input("Streefjaar (voor indicatoren zonder eigen streefjaar)", min_value=1990,
                                 max_value=2100, step=1, value=tree.get("streefjaar"), key=f"{sleutel}.streefjaar",
                                 placeholder="Geen streefjaar")
    fictief = st.checkbox("De streefwaarden zijn voorbeelden, geen besluit van de gemeente",
                          value=tree.get("fictief", False), key=f"{sleutel}.fictief")
    return {"gemeentecode": gemeente, "bron": bron, "toelichting": toelichting, "streefjaar": streefjaar,
            "fictief": fictief}


def _tabellen(tree: dict | None, pagina, sleutel: str) -> dict[str, pd.DataFrame]:
    start = doelbomen.tabellen(tree)
    kolom = st.column_config
    st.markdown("**1. Maatschappelijke resultaten**")
    resultaten = _editor(start, "resultaten", sleutel, {
        "id": kolom.TextColumn("Nummer", help="Bijvoorbeeld R1. Leeg: de app kiest een nummer."),
        "titel": kolom.TextColumn("Maatschappelijk resultaat", width="large")})
    st.markdown("**2. Opgaven**")
    opgaven = _editor(start, "opgaven", sleutel, {
        "id": kolom.TextColumn("Nummer", help="Bijvoorbeeld R1.a. Leeg: de app kiest een nummer."),
        "resultaat": _keuze("Hoort bij resultaat", resultaten),
        "titel": kolom.TextColumn("Opgave", width="large")})
    st.markdown("**3. Doelen**")
    doelen = _editor(start, "doelen", sleutel, {
        "id": kolom.TextColumn("Nummer", help="Bijvoorbeeld R1.a.i. Leeg: de app kiest een nummer."),
        "opgave": _keuze("Hoort bij opgave", opgaven),
        "titel": kolom.TextColumn("Doel", width="large")})
    st.markdown("**4. Indicatoren bij de doelen**")
    start["koppelingen"]["regio"] = start["koppelingen"]["regio"].fillna(pagina.gemeente)  # shown by name
    koppelingen = _editor(start, "koppelingen", sleutel, _link_kolommen(pagina, doelen, start["koppelingen"]))
    return {"resultaten": resultaten, "opgaven": opgaven, "doelen": doelen, "koppelingen": koppelingen}


def _editor(start: dict, tabel: str, sleutel: str, kolommen: dict) -> pd.DataFrame:
    frame = st.data_editor(start[tabel], num_rows="dynamic", hide_index=True, key=f"{sleutel}.{tabel}",
                           column_config=kolommen, column_order=list(kolommen), width="stretch")
    return doelbomen.vul_nummers(frame, tabel) if tabel in doelbomen.NUMMER_BEGIN else frame


def _keuze(label: str, ouders: pd.DataFrame):
    """A selectbox column over the rows of the table above: labels shown, numbers stored."""
    titels = {r.id: f"{r.id} – {r.titel or ''}" for r in ouders.itertuples()}
    return st.column_config.SelectboxColumn(label, options=list(titels), format_func=lambda v: titels.get(v, v),
                                            required=True, width="medium")


def _link_kolommen(pagina, doelen: pd.DataFrame, bestaand: pd.DataFrame) -> dict:
    kolom = st.column_config
    indicatoren, groepen = cached.doel_keuzes(pagina.build)
    labels = dict(indicatoren)
    wijken = cached.wijken(pagina.gemeente, pagina.build)
    gebieden = {pagina.gemeente: f"Hele gemeente ({cached.gemeente_naam(pagina.gemeente, pagina.build)})",
                **dict(zip(wijken["code"], wijken["naam"]))}
    for code in bestaand["regio"].dropna():  # a wijk of an older indeling stays choosable
        gebieden.setdefault(code, code)
    return {
        "doel": _keuze("Bij doel", doelen),
        "indicator": kolom.SelectboxColumn("Indicator", options=list(labels), required=True, width="large",
                                           format_func=lambda v: labels.get(v, v)),
        "leeftijdsgroep": kolom.SelectboxColumn("Leeftijdsgroep", options=groepen, default=groepen[0]),
        "regio": kolom.SelectboxColumn("Gebied", options=list(gebieden), format_func=lambda v: gebieden.get(v, v),
                                       default=pagina.gemeente, help="Leeg: de hele gemeente."),
        "nulmeting_jaar": kolom.NumberColumn("Nulmeting: jaar", min_value=1990, max_value=2100, step=1,
                                             format="%d", help="Leeg: het eerste jaar met een cijfer."),
        "nulmeting": kolom.NumberColumn("Nulmeting: waarde", help="Leeg: het eerste cijfer in de app."),
        "streefwaarde": kolom.NumberColumn("Streefwaarde"),
        "streefwaarde_verschil": kolom.NumberColumn("Of: verschil met nulmeting",
                                                    help="Bijvoorbeeld -3: de streefwaarde is de nulmeting min 3."),
        "streefjaar": kolom.NumberColumn("Streefjaar", min_value=1990, max_value=2100, step=1, format="%d",
                                         help="Leeg: het streefjaar hierboven."),
    }


def _problemen(e: doelbomen.DoelboomFout) -> None:
    """Every problem with where it is; the texts repeat what was typed, so never as Markdown."""
    st.error("De doelenboom kan zo niet worden opgeslagen. Pas dit aan:")
    st.text("\n".join(f"- {p}" for p in e.problemen) if e.problemen else str(e))


def _voorbeeld(tree: dict, pagina, naam: str) -> None:
    st.markdown("**Voorbeeld: zo ziet de pagina Doelen eruit**")
    tabel = cached.doelboom_voorbeeld(json.dumps(tree, ensure_ascii=False), pagina.build)
    with st.container(border=True, height=500):
        if tabel.empty:
            st.caption("Nog geen doelen: voeg een resultaat, een opgave en een doel toe.")
        else:
            toon_boom(tabel, pagina.gemeente, links=False)


def _schrijf(schrijven, gelukt: str) -> None:
    """Run a write with a progress bar over the rebuild; on success start the editors again from the store."""
    balk = st.progress(0.0, text="Opslaan in de eigen gegevens …")
    try:
        klaar = schrijven(lambda deel, stap: balk.progress(deel, text=f"Opnieuw bouwen: {stap}"))
    except doelbomen.HerbouwFout as e:
        balk.empty()
        st.warning("Bewaard, maar nog niet te zien op de pagina Doelen.")
        st.text(str(e))
        return
    except TellenError as e:
        balk.empty()
        st.error("Er is niets opgeslagen.")
        st.text(str(e))
        return
    balk.progress(1.0, text="Klaar")
    st.session_state[f"{K}.versie"] = _versie() + 1
    aantal = (f" Nu {formatting.aantal(klaar.doelen, 'doel', 'doelen')} met "
              f"{formatting.aantal(klaar.koppelingen, 'indicator', 'indicatoren')}." if klaar.doelen else "")
    st.session_state[f"{K}.gelukt"] = gelukt + aantal
    st.rerun()


# --- reading a file ----------------------------------------------------------------------------


def _inlezen(pagina, naam: str) -> None:
    bestand = st.file_uploader("Doelenboom als JSON-bestand", type=["json"], key=f"{K}.bestand.{_versie()}",
                               help="Hetzelfde formaat als 'Download als JSON'.")
    if bestand is None:
        return
    try:
        tree = cached.doelboom_controleren(goal_files.lees(bestand.getvalue(), pagina.gemeente,
                                                           naam=f"Het bestand {bestand.name}"))
    except doelbomen.DoelboomFout as e:
        _problemen(e)
        return
    eigen_code = _code_in_bestand(bestand.getvalue())
    if eigen_code and eigen_code != pagina.gemeente:
        st.warning(f"Het bestand is gemaakt voor een andere gemeente ({views.letterlijk(eigen_code)}). "
                   f"Het wordt ingelezen als doelenboom van {naam}.")
    _voorbeeld(tree, pagina, naam)
    if st.button("Importeren", key=f"{K}.importeren", type="primary"):
        _schrijf(lambda melden: cached.doelboom_opslaan(tree, _door(), bestand.name, melden),
                 f"De doelenboom uit {bestand.name} is ingelezen voor {naam}.")


def _code_in_bestand(inhoud: bytes) -> str | None:
    try:
        code = json.loads(inhoud.decode("utf-8-sig")).get("gemeentecode")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) else None


def _melding() -> None:
    melding = st.session_state.pop(f"{K}.gelukt", None)
    if melding:
        st.success(melding)


# --- history -----------------------------------------------------------------------------------


def _geschiedenis(pagina, herkomst: str | None, naam: str) -> None:
    lijst = cached.doelboom_historie(pagina.gemeente, pagina.build)
    if lijst.empty:
        st.caption(f"Er is nog niets opgeslagen voor {naam}.")
    else:
        st.dataframe(lijst.drop(columns=["id"]), hide_index=True, width="stretch", column_config={
            "op": st.column_config.DatetimeColumn("Wanneer", format="DD-MM-YYYY HH:mm"), "door": "Door",
            "actie": "Wat", "wat": "Hoe (formulier of bestand)", "doelen": "Doelen", "koppelingen": "Indicatoren"})
        _oude_versie(lijst)
    if herkomst == "eigen":
        _verwijderen(pagina, naam)


def _oude_versie(lijst: pd.DataFrame) -> None:
    versies = lijst[lijst["actie"] != "verwijderd"]
    if versies.empty:
        return
    labels = {r.id: f"{r.op:%d-%m-%Y %H:%M} · {r.actie} door {r.door}" for r in versies.itertuples()}
    gekozen = st.selectbox("Eerdere versie downloaden", list(labels), format_func=labels.get, key=f"{K}.versiekeuze")
    tekst = cached.doelboom_versie(gekozen)
    if tekst:
        st.download_button("Download deze versie als JSON", tekst, file_name=f"doelenboom_{gekozen}.json",
                           mime="application/json", key=f"{K}.versie_download")


def _verwijderen(pagina, naam: str) -> None:
    terug = ("Daarna toont de pagina Doelen weer de meegeleverde voorbeeldboom."
             if cached.doelboom_heeft_meegeleverd(pagina.gemeente) else "Daarna heeft de gemeente geen doelenboom.")
    vraag = f"{K}.vraag"
    if not st.session_state.get(vraag):
        if st.button("Verwijderen", key=f"{K}.verwijderen", help="Verwijder de eigen doelenboom van de gemeente."):
            st.session_state[vraag] = True
            st.rerun()
        return
    st.warning(f"Weet u het zeker? De eigen doelenboom van {naam} wordt verwijderd. {terug} "
               "In de geschiedenis kunt u de laatste versie nog downloaden.")
    ja, nee = st.columns(2)
    if nee.button("Annuleren", key=f"{K}.annuleren"):
        st.session_state[vraag] = False
        st.rerun()
    if ja.button("Ja, verwijderen", key=f"{K}.bevestig", type="primary"):
        st.session_state[vraag] = False
        _schrijf(lambda melden: cached.doelboom_verwijderen(pagina.gemeente, _door(), melden),
                 f"De eigen doelenboom van {naam} is verwijderd.")
