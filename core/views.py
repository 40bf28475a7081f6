"""Turn query results into what a page shows: Dutch labels, Dutch number formatting, caveat lines."""
from __future__ import annotations

import pandas as pd

from core import formatting
from core.queries import Bronregel, WijkOverzicht
from core.stories import FICTIEF_LABEL


def bronregel_tekst(regel: Bronregel) -> str:
    """'Eenzaam (18 jaar of ouder, 2020): RIVM, GGD'en en CBS, tabel 50090NED. Licentie CC BY 4.0. Modelschatting.'"""
    periode = str(regel.jaar) if regel.jaar else "geen jaar met cijfers"
    groep = "" if regel.leeftijdsgroep == "alle leeftijden" else f"{regel.leeftijdsgroep}, "
    tabel = f", tabel {regel.tabel_id}" if regel.tabel_id else ""
    model = " Wijkcijfers zijn modelschattingen." if regel.modelschatting else ""
    return (f"{regel.label} ({groep}{periode}): {regel.uitgever}{tabel}. "
            f"Licentie {regel.licentie}.{model}")


def _kolomkop(regel: Bronregel) -> str:
    eenheid = f" ({regel.eenheid})" if regel.eenheid not in ("aantal",) else ""
    return f"{regel.label}{eenheid} {regel.jaar or ''}".strip()


def wijk_tabel(overzicht: WijkOverzicht) -> pd.DataFrame:
    """The first page's table as display strings with Dutch headers, one row per wijk."""
    tabel = overzicht.tabel
    shown = pd.DataFrame({"Wijk": tabel["naam"]})
    for regel in overzicht.bronnen:
        decimals = 0 if regel.eenheid == "aantal" else 1
        shown[_kolomkop(regel)] = [formatting.getal(v, decimals) for v in tabel[regel.indicator]]
    shown["Verhalen"] = [_verhalen_tekst(n, f) for n, f in zip(tabel["verhalen"], tabel["fictief"])]
    return pd.concat([shown, _vergelijking_rijen(overzicht)], ignore_index=True)


def _vergelijking_rijen(overzicht: WijkOverzicht) -> pd.DataFrame:
    """'Heel <gemeente>' and 'Nederland' rows under the wijken, for comparison."""
    ref = overzicht.vergelijking
    rows = pd.DataFrame({"Wijk": [f"Heel {ref['naam'].iloc[0]}", "Nederland"]})
    for regel in overzicht.bronnen:
        decimals = 0 if regel.eenheid == "aantal" else 1
        rows[_kolomkop(regel)] = [formatting.getal(v, decimals) for v in ref[regel.indicator]]
    totaal = int(overzicht.tabel["verhalen"].sum())
    rows["Verhalen"] = [_verhalen_tekst(totaal, overzicht.tabel["fictief"].sum()), ""]
    return rows


def _verhalen_tekst(aantal, fictief) -> str:
    aantal, fictief = int(aantal), int(fictief)
    if aantal == 0:
        return "geen"
    if fictief == aantal:
        return f"{aantal} ({FICTIEF_LABEL})"
    return f"{aantal} (waarvan {fictief} {FICTIEF_LABEL})" if fictief else str(aantal)


def _tekst(value, leeg: str) -> str:
    return leeg if value is None or pd.isna(value) or value == "" else str(value)


def bronnen_kaart(rij: dict) -> list[tuple[str, str]]:
    """(label, text) pairs describing one source on the Bronnen page."""
    rij = {k: _tekst(v, "") if k != "waarden" else v for k, v in rij.items()}
    pairs = [
        ("Uitgever", rij["uitgever"]),
        ("Tabel", rij["tabel_id"] or "–"),
        ("Periode", rij["periode"]),
        ("Licentie", rij["licentie"]),
        ("Bestanden in data/bronnen", rij["bestand"]),
        ("Herkomst", rij["herkomst"]),
        ("Wat wij hebben veranderd", rij["bewerkingen"]),
        ("Modelschattingen", rij["modelschatting"] or "Geen: dit zijn gemeten of geregistreerde cijfers."),
        ("Indicatoren", rij["indicatoren"] or "– (alleen grenzen en namen)"),
        ("Cijfers in de opslag", formatting.getal(rij["waarden"], 0)),
    ]
    return pairs
