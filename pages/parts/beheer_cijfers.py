"""Beheer, part 'Cijfers' (pages/beheer.py): upload a StatLine export (Kerncijfers wijken en buurten or the
Gezondheidsmonitor 50090NED; typed CSV or web CSV, detected) or fetch Kerncijfers wijken en buurten of a
gemeente and year live from CBS; see what will be stored first; import with a progress bar (the rebuild's
steps); the import history with "Verwijderen" (after a confirmation).

File names, region names and values come from outside: shown with st.text, in tables, or through
views.letterlijk, never as Markdown. The file read for the preview lives in session state under
`beheer.cijfers.bestand` as (name, bytes): an upload puts it there (tests put it there directly)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import cached, formatting
from core.errors import TellenError
from core.ingest.statline import KWB_TABELLEN, TABELLEN, indicator_overzicht, voorbeeld_rijen
from core.present import views
from pages.parts import importlijst

K = "beheer.cijfers"
BESTAND, LIVE = "Bestand van StatLine", "Ophalen bij CBS"
AUTOMATISCH = "Automatisch herkennen"


def toon_fout(error: TellenError) -> None:
    st.error(views.letterlijk(error.args[0] if error.args else str(error)), icon=":material/error:")


def kies_bestand() -> tuple[tuple[str, bytes] | None, str | None]:
    st.write("Download op StatLine (opendata.cbs.nl of statline.rivm.nl) de tabel als CSV: de 'CSV (typed)' of de "
             "gewone CSV van de website. Neem de kolom Regioaanduiding/Codering mee. De app herkent zelf welke "
             "vorm het is.")
    bestand = st.file_uploader("StatLine-bestand (CSV)", type=["csv", "txt"], key=f"{K}.upload",
                               help="Kerncijfers wijken en buurten (2017–2025) of Gezondheid per wijk en buurt "
                                    "(50090NED).")
    if bestand is not None:
        st.session_state[f"{K}.bestand"] = (bestand.name, bestand.getvalue())
    tabel = st.selectbox("Tabel", [AUTOMATISCH, *TABELLEN], key=f"{K}.tabel",
                         format_func=lambda t: t if t == AUTOMATISCH else f"{t}: {TABELLEN[t].titel}",
                         help="Meestal staat de tabel in de bestandsnaam of de titelregel. Zo niet: kies hem hier.")
    return st.session_state.get(f"{K}.bestand"), None if tabel == AUTOMATISCH else tabel


def lees_bestand(bestand: tuple[str, bytes], tabel: str | None):
    try:
        return cached.cijfers_lezen(*bestand, tabel)
    except TellenError as e:
        toon_fout(e)
        return None


def ophalen(pagina):
    gemeenten = cached.gemeenten(pagina.build)
    codes = list(gemeenten["code"])
    namen = dict(zip(gemeenten["code"], gemeenten["naam"]))
    links, rechts = st.columns([3, 1])
    gemeente = links.selectbox("Gemeente", codes, key=f"{K}.gemeente",
                               index=codes.index(pagina.gemeente) if pagina.gemeente in codes else 0,
                               format_func=lambda c: f"{namen.get(c, c)} ({c})")
    jaren = sorted(KWB_TABELLEN, reverse=True)
    jaar = rechts.selectbox("Jaar", jaren, key=f"{K}.jaar", index=jaren.index(2024))
    st.caption("De app vraagt CBS om de Kerncijfers wijken en buurten van deze gemeente (de gemeente en haar wijken). "
               "Daarvoor is internet nodig.")
    if st.button("Ophalen bij CBS", key=f"{K}.ophalen", icon=":material/cloud_download:"):
        try:
            with st.spinner("Bezig met ophalen bij CBS …"):
                st.session_state[f"{K}.live"] = cached.cijfers_ophalen(gemeente, jaar)
        except TellenError as e:
            st.session_state.pop(f"{K}.live", None)
            toon_fout(e)
    return st.session_state.get(f"{K}.live")


def voorbeeld(gelezen) -> None:
    st.subheader("Voorbeeld: zo worden de cijfers opgeslagen")
    t = gelezen.tabel
    vorm = {"typed": "typed CSV", "web": "web-CSV", "cbs-live": "live van CBS"}[gelezen.vorm]
    wijken = int((gelezen.regios["niveau"] == "wijk").sum())
    regios = formatting.aantal(len(gelezen.regios), "regio", "regio's")
    st.text(f"{gelezen.bestand}\nTabel {t.id}: {t.titel} ({vorm}) · periode {gelezen.periode} · "
            f"{regios}, waarvan {formatting.aantal(wijken, 'wijk', 'wijken')} · {_cijfers(len(gelezen.waarden))}")
    st.dataframe(indicator_overzicht(gelezen), hide_index=True, width="stretch")
    st.write("De eerste rijen zoals ze worden opgeslagen (leeg: geen cijfer):")
    st.dataframe(voorbeeld_rijen(gelezen), hide_index=True, width="stretch")
    opmerkingen = list(gelezen.opmerkingen)
    vervangen = cached.cijfers_vervangt(gelezen)
    if vervangen:
        staan = "staat" if vervangen == 1 else "staan"
        opmerkingen.append(f"{_cijfers(vervangen)} {staan} al in de app; het geïmporteerde cijfer komt ervoor in de "
                           "plaats (de bron en de importdatum staan erbij).")
    if opmerkingen:
        st.dataframe(pd.DataFrame({"Let op": opmerkingen}), hide_index=True, width="stretch")


def importeren(gelezen) -> None:
    if not st.button("Importeren", type="primary", icon=":material/upload:", key=f"{K}.importeren"):
        return
    balk = cached.bouw_balk("Cijfers opslaan en de app opnieuw opbouwen …")
    try:
        import_id = cached.cijfers_importeren(gelezen, balk)
    except TellenError as e:
        toon_fout(e)
        return
    for sleutel in (f"{K}.bestand", f"{K}.live"):
        st.session_state.pop(sleutel, None)
    st.session_state[f"{K}.melding"] = (f"{_cijfers(len(gelezen.waarden))} uit {gelezen.tabel.id} geïmporteerd "
                                        f"(import {import_id}). Ze staan nu op de pagina's met cijfers.")
    st.rerun()


def geschiedenis(pagina) -> None:
    st.subheader("Eerdere cijferimports")
    lijst = cached.cijfer_imports(pagina.build)
    if lijst.empty:
        st.write("Er zijn nog geen cijfers geïmporteerd.")
        return
    for rij in lijst.itertuples():
        soort = "opgehaald bij CBS" if rij.soort == "cbs-live" else "bestand"
        importlijst.import_kaart(
            K, rij.id, f"{rij.bestand}\n{rij.tabel_id} ({rij.titel}) · periode {rij.periode} · "
                       f"{_cijfers(rij.aantal)} · {soort} · {rij.op:%d-%m-%Y %H:%M} · import {rij.id}",
            _bevestiging(rij.aantal), lambda i=rij.id: verwijder(i), toon_fout)


def _bevestiging(aantal: int) -> str:
    wat = ("Het cijfer van deze import wordt verwijderd" if aantal == 1
           else f"De {aantal} cijfers van deze import worden verwijderd")
    return f"Weet u het zeker? {wat}; waar de app zelf een cijfer had, komt dat terug."


def verwijder(import_id: str) -> str:
    balk = cached.bouw_balk("Cijfers verwijderen en de app opnieuw opbouwen …")
    weg = cached.cijfers_verwijderen(import_id, balk)
    return f"Cijferimport {import_id} is verwijderd: {_cijfers(weg)}."


def _cijfers(n: int) -> str:
    return formatting.aantal(n, "cijfer", "cijfers")


def deel(pagina) -> None:
    st.header("Cijfers")
    if melding := st.session_state.pop(f"{K}.melding", None):
        st.success(views.letterlijk(melding), icon=":material/check:")
    manier = st.radio("Hoe komen de cijfers binnen?", [BESTAND, LIVE], key=f"{K}.manier", horizontal=True)
    if manier == BESTAND:
        bestand, tabel = kies_bestand()
        gelezen = lees_bestand(bestand, tabel) if bestand else None
    else:
        gelezen = ophalen(pagina)
    if gelezen is not None:
        voorbeeld(gelezen)
        importeren(gelezen)
    geschiedenis(pagina)
