"""Beheer, part 'Verhalen' (pages/beheer.py): upload a story file with its framework file, or draw up the
framework from the file's columns; see the first stories as they will be stored and every problem; import
with a progress bar; the import history with "Verwijderen" (after a confirmation).

File names, column names and values come from outside: shown with st.text, in tables, or through
views.letterlijk, never as Markdown."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from core import cached, formatting
from core.errors import TellenError
from core.ingest import kaderconcept
from core.ingest.stories import SOORTEN, TOESTEMMING, TRIADE_SCHALEN
from core.present import views
from pages.parts import importlijst

K = "beheer.verhalen"
EIGEN, MAKEN = "Ik heb een kaderbestand", "Kader maken vanuit de kolommen"
SCHEIDING = {",": "komma's", ";": "puntkomma's", "\t": "tabs"}
UITLEG_KADER = ("Het kader zegt welke kolom wat is: het id, de titel, de tekst, de wijk, het jaar en de toestemming "
                "van elk verhaal, en welke kolommen antwoorden op de duidingsvragen zijn (triade, slider of keuze).")


def upload(label: str, key: str, types: list[str], help: str) -> tuple[str, bytes] | None:
    """The uploaded file as (name, bytes), or None. The only place the part reads an upload."""
    bestand = st.file_uploader(label, type=types, key=key, help=help)
    return (bestand.name, bestand.getvalue()) if bestand is not None else None


def kader_tekst_uit(upload_kader: tuple[str, bytes]) -> tuple[str, str] | None:
    """(text, name) of an uploaded framework file, or None with a message when it is no UTF-8 text."""
    naam, data = upload_kader
    try:
        return data.decode("utf-8-sig"), naam
    except UnicodeDecodeError:
        st.error(views.letterlijk(f"Het kaderbestand {naam} is geen UTF-8-tekst. Sla het op als UTF-8 "
                                  "(in Kladblok: Opslaan als, codering UTF-8) en probeer opnieuw."))
        return None


def _kaart_tabel(kaart: dict) -> pd.DataFrame:
    return pd.DataFrame({"in het bestand": list(kaart), "betekent": list(kaart.values())})


def kader_formulier(verhalen: tuple[str, bytes]) -> tuple[str, str] | None:
    """Draw up the framework from the story file's columns: a table to correct, the consent map, fictief.
    Returns (framework JSON text, name)."""
    try:
        kop, concept, tabel = cached.verhalen_concept(*verhalen)
    except TellenError as e:
        toon_fout(e)
        return None
    bij = hashlib.sha1(verhalen[1]).hexdigest()[:10]  # the form's widgets belong to this file
    st.write("Hieronder staat per kolom van het bestand wat de app denkt dat het is. Verbeter wat niet klopt. "
             "Bij een triade horen drie kolommen met hetzelfde signifier-id; zet bij elke kolom de naam van "
             "de hoek onder 'labels'. Bij een slider: de twee polen, met een komma ertussen. Bij een keuze: "
             "de antwoorden, met komma's ertussen.")
    links, rechts = st.columns(2)
    kader_id = links.text_input("Korte naam van het kader (zonder spaties)", concept["id"], key=f"{K}.id.{bij}")
    naam = rechts.text_input("Naam van het kader", concept["naam"], key=f"{K}.naam.{bij}")
    bewerkt = st.data_editor(
        pd.DataFrame(tabel, columns=list(kaderconcept.KOLOMMEN)), key=f"{K}.tabel.{bij}", hide_index=True,
        width="stretch", num_rows="fixed", disabled=["kolom"],
        column_config={
            "kolom": st.column_config.TextColumn("Kolom in het bestand"),
            "gebruik": st.column_config.SelectboxColumn("Gebruik", options=list(kaderconcept.GEBRUIK), required=True),
            "signifier": st.column_config.TextColumn("Signifier-id"),
            "soort": st.column_config.SelectboxColumn("Soort", options=list(SOORTEN)),
            "vraag": st.column_config.TextColumn("Vraag zoals de verteller die zag"),
            "labels": st.column_config.TextColumn("Labels (polen, hoek of antwoorden)"),
            "meerkeuze": st.column_config.CheckboxColumn("Meer antwoorden"),
            "scheiding": st.column_config.TextColumn("Scheiding"),
        })
    st.write("Toestemming: welke waarde in het bestand betekent wat? (nee, intern of openbaar)")
    kaart = st.data_editor(_kaart_tabel(concept["waarden"].get("toestemming", {})), key=f"{K}.kaart.{bij}",
                           hide_index=True, num_rows="dynamic",
                           column_config={"betekent": st.column_config.SelectboxColumn(
                               "betekent", options=list(TOESTEMMING), required=True)})
    links, rechts = st.columns(2)
    schaal = links.selectbox("Triades in het bestand", list(TRIADE_SCHALEN), index=2, key=f"{K}.schaal.{bij}",
                             format_func={"fractie": "als fractie (samen 1)", "procent": "als procent (samen 100)",
                                          "auto": "per verhaal 1 of 100"}.get)
    fictief = rechts.checkbox("Dit zijn verzonnen voorbeeldverhalen (fictief)", False, key=f"{K}.fictief.{bij}")
    waarden = {str(r["in het bestand"]).strip(): r["betekent"] for r in kaart.to_dict("records")
               if str(r.get("in het bestand") or "").strip() and r.get("betekent")}
    basis = {"id": kader_id.strip(), "naam": naam.strip(), "toelichting": "", "triade_schaal": schaal,
             "fictief": fictief, "waarden": {"toestemming": waarden} if waarden else {}}
    kader = kaderconcept.kader_uit_tabel(bewerkt.to_dict("records"), basis)
    kader["sleutels"] = sleutels_formulier(kader, bij)
    tekst = json.dumps(kader, ensure_ascii=False, indent=2)
    st.download_button("Kaderbestand downloaden (JSON)", tekst.encode("utf-8"),
                       file_name=f"kader_{kader['id'] or 'nieuw'}.json", mime="application/json",
                       icon=":material/download:", key=f"{K}.download",
                       help="Bewaar het kader; bij een volgende levering kunt u het als kaderbestand kiezen.")
    return tekst, f"kader_{kader['id'] or 'nieuw'}.json"


def sleutels_formulier(kader: dict, bij: str) -> dict:
    """Which signifiers the pages use for 'positieve ervaring', the netwerklunch and the comparison."""
    sliders = [s["id"] for s in kader["signifiers"] if s["soort"] == "slider"]
    keuzes = [s["id"] for s in kader["signifiers"] if s["soort"] == "keuze"]
    st.write("Welke vragen gebruiken de pagina's? Laat leeg wat niet past; de pagina's laten dat deel dan weg.")
    links, midden, rechts = st.columns(3)
    ervaring = links.selectbox("Vraag achter 'positieve ervaring' (slider)", sliders, index=None,
                               key=f"{K}.ervaring.{bij}", placeholder="Geen")
    lunch = midden.multiselect("Vragen voor de netwerklunch", [s["id"] for s in kader["signifiers"]],
                               key=f"{K}.lunch.{bij}", placeholder="Geen")
    vergelijking = rechts.multiselect("Keuzevragen om te vergelijken", keuzes, key=f"{K}.vergelijking.{bij}",
                                      placeholder="Geen")
    sleutels = {"ervaring": ervaring, "netwerklunch": lunch, "vergelijking": vergelijking}
    return {k: v for k, v in sleutels.items() if v}


def toon_fout(error: TellenError) -> None:
    """A core error as plain text (its message holds file names and values): never as Markdown."""
    st.error(views.letterlijk(error.args[0] if error.args else str(error)), icon=":material/error:")
    problemen = getattr(error, "problemen", None)
    if problemen:
        st.dataframe(pd.DataFrame({"Probleem": problemen}), hide_index=True, width="stretch")


def voorbeeld_en_import(pagina, verhalen: tuple[str, bytes], kader: tuple[str, str]) -> None:
    try:
        voorbeeld = cached.verhalen_voorbeeld(*verhalen, *kader, pagina.build)
    except TellenError as e:
        toon_fout(e)
        return
    st.subheader("Voorbeeld: zo worden de verhalen opgeslagen")
    st.text(f"Bestand: {voorbeeld.bestand} · {_verhalen(voorbeeld.aantal)} · tekens: {voorbeeld.codering} · "
            f"kolommen gescheiden door {SCHEIDING[voorbeeld.scheiding]} · kader: {voorbeeld.kader.id}")
    st.dataframe(voorbeeld.rijen, hide_index=True, width="stretch")
    if voorbeeld.totaal_problemen:
        woord = "probleem" if voorbeeld.totaal_problemen == 1 else "problemen"
        st.error(f"Er {'is' if voorbeeld.totaal_problemen == 1 else 'zijn'} {voorbeeld.totaal_problemen} {woord} "
                 "gevonden. Verbeter het bestand of het kader en kies het opnieuw; dan pas kunt u importeren.",
                 icon=":material/error:")
        st.dataframe(pd.DataFrame({"Probleem": voorbeeld.problemen}), hide_index=True, width="stretch")
        return
    st.success(f"Geen problemen gevonden. Klaar om {_verhalen(voorbeeld.aantal)} te importeren.",
               icon=":material/check:")
    if st.button("Importeren", type="primary", icon=":material/upload:", key=f"{K}.importeren"):
        balk = st.progress(0.0, text="Verhalen importeren …")
        try:
            result = cached.verhalen_importeren(
                *verhalen, *kader, lambda done, total: balk.progress(min(done / max(total, 1), 1.0),
                                                                     text=f"{done} van {_verhalen(total)}"))
        except TellenError as e:
            toon_fout(e)
            return
        staan = "staat" if result.in_controle == 1 else "staan"
        controle = (f" {_verhalen(result.in_controle)} {staan} in controle: er zijn mogelijk persoonsgegevens in "
                    "gevonden. Ze zijn pas te zien als een medewerker ze vrijgeeft (pagina Controle "
                    "persoonsgegevens)." if result.in_controle else " Controle op persoonsgegevens: niets gevonden.")
        st.session_state[f"{K}.melding"] = (f"{_verhalen(result.aantal)} geïmporteerd met kader {result.kader} "
                                           f"(import {result.import_id}).{controle}")
        st.rerun()


def geschiedenis(pagina) -> None:
    st.subheader("Eerdere imports")
    lijst = cached.verhalen_imports(pagina.build)
    if lijst.empty:
        st.write("Er zijn nog geen verhalen geïmporteerd.")
        return
    for rij in lijst.itertuples():
        fictief = " · fictief" if rij.fictief == rij.aantal and rij.aantal else ""
        controle = f" · {rij.in_controle} in controle" if rij.in_controle else ""
        importlijst.import_kaart(
            K, rij.id, f"{rij.bestand}\n{_verhalen(rij.aantal)} · kader {rij.kader} · {rij.op:%d-%m-%Y %H:%M}"
                       f"{fictief}{controle} · import {rij.id}",
            _bevestiging(rij.aantal), lambda i=rij.id: verwijder(i), toon_fout)


def _bevestiging(aantal: int) -> str:
    wat = ("Het verhaal van deze import wordt verwijderd, met de antwoorden." if aantal == 1
           else f"Alle {aantal} verhalen van deze import worden verwijderd, met hun antwoorden.")
    return f"Weet u het zeker? {wat} Dat kan niet ongedaan worden gemaakt."


def verwijder(import_id: str) -> str:
    weg = cached.verhalen_verwijderen(import_id)
    return f"Import {import_id} is verwijderd: {_verhalen(weg)}."


def _verhalen(n: int) -> str:
    return formatting.aantal(n, "verhaal", "verhalen")


def deel(pagina) -> None:
    st.header("Verhalen")
    if melding := st.session_state.pop(f"{K}.melding", None):
        st.success(views.letterlijk(melding), icon=":material/check:")
    st.write("Kies een bestand met verhalen (CSV, bijvoorbeeld een export uit SenseMaker of Excel). De app "
             "herkent zelf de tekens (UTF-8 of Windows) en het scheidingsteken (komma, puntkomma of tab). "
             + UITLEG_KADER)
    verhalen = upload("Verhalenbestand (CSV)", f"{K}.csv", ["csv", "txt"],
                      "Eén rij per verhaal, één kolom per veld of antwoord.")
    manier = st.radio("Kader", [EIGEN, MAKEN], key=f"{K}.manier", horizontal=True,
                      help="Heeft u nog geen kaderbestand? Maak het dan hier uit de kolommen van het bestand.")
    kader = None
    if manier == EIGEN:
        kaderbestand = upload("Kaderbestand (JSON)", f"{K}.kader", ["json"],
                              "Bijvoorbeeld data/verhalen/kader_leiderdorp.json.")
        kader = kader_tekst_uit(kaderbestand) if kaderbestand else None
    elif verhalen:
        kader = kader_formulier(verhalen)
    else:
        st.info("Kies eerst het verhalenbestand; dan stelt de app een kader voor uit de kolommen.")
    if verhalen and kader:
        voorbeeld_en_import(pagina, verhalen, kader)
    geschiedenis(pagina)
