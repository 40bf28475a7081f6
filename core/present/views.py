"""Turn query results into what a page shows: Dutch labels, Dutch number formatting, caveat lines."""
from __future__ import annotations

import re

import pandas as pd

from core import formatting
from core.tellen import wijkfoto
from core.tellen.queries import Bronregel, WijkOverzicht
from core.vertellen import patterns, triade
from core.vertellen.consent import FICTIEF_LABEL

# Every ASCII punctuation character: CommonMark lets a backslash make each of them a plain character, and
# Streamlit's own markup (":blue[...]", ":material/...:", "$...$") starts with one of them too.
_LEESTEKENS = re.compile(r"([!-/:-@\[-`{-~])")
# The frontend also turns bare addresses into links (GFM autolinks: "http://", "www.", "naam@host"), escaped
# or not; a zero-width space inside them keeps them text and shows nothing.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:/)(?=/)|(?<=www)(?=\.)|(?=@)")
ZERO_BREEDTE = "\u200b"


def letterlijk(tekst) -> str:
    """Text from outside the code (a framework's question, a goal title) for a Streamlit element that reads
    Markdown (a heading, a widget label): every punctuation character escaped and every address broken by an
    invisible space, so it shows as typed and never becomes a link, an image, bold text, a formula or HTML."""
    return _LEESTEKENS.sub(r"\\\1", _AUTOLINK.sub(ZERO_BREEDTE, str(tekst)))


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
    teksten = tabel["verhalen_tekst"] if "verhalen_tekst" in tabel else [None] * len(tabel)
    shown["Verhalen"] = [t if pd.isna(n) else _verhalen_tekst(n, f)  # NaN: hidden small group (core.vertellen.groepen)
                         for n, f, t in zip(tabel["verhalen"], tabel["fictief"], teksten)]
    return pd.concat([shown, _vergelijking_rijen(overzicht)], ignore_index=True)


def _vergelijking_rijen(overzicht: WijkOverzicht) -> pd.DataFrame:
    """'Heel <gemeente>' and 'Nederland' rows under the wijken, for comparison."""
    ref = overzicht.vergelijking
    rows = pd.DataFrame({"Wijk": [f"Heel {ref['naam'].iloc[0]}", "Nederland"]})
    for regel in overzicht.bronnen:
        decimals = 0 if regel.eenheid == "aantal" else 1
        rows[_kolomkop(regel)] = [formatting.getal(v, decimals) for v in ref[regel.indicator]]
    rows["Verhalen"] = [overzicht.verhalen_totaal, ""]
    return rows


def _verhalen_tekst(aantal, fictief) -> str:
    if pd.isna(fictief):  # hidden: a part of 1 to k-1 stories (core.vertellen.groepen)
        return f"{int(aantal)} (deels {FICTIEF_LABEL})"
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


# --- tellen pages ----------------------------------------------------------------------------

def bron_zin(info, groep: str, jaar) -> str:
    """Source line under a chart or map: publisher, table, period, licence, model estimate."""
    groep_tekst = "" if groep == "alle leeftijden" else f"{groep}, "
    tabel = f", tabel {info.tabel_id}" if info.tabel_id else ""
    model = " Wijkcijfers zijn modelschattingen." if info.modelschatting else ""
    return (f"Bron: {info.uitgever}, {info.brontitel}{tabel} ({groep_tekst}{jaar}). "
            f"Licentie {info.licentie}.{model}")


def indicator_keuzetekst(row) -> str:
    return f"{row['label']} ({row['leefgebied']})"


def waarden_tabel(frame: pd.DataFrame, label: str, eenheid: str, afstand: dict | None = None) -> pd.DataFrame:
    """Wijk values as a readable table, highest first (columns: Wijk, <label>; with `afstand`, {wijk: class
    text}, also 'Afstand tot de gemeente')."""
    ordered = frame.sort_values("waarde", ascending=False, na_position="last")
    tabel = pd.DataFrame({"Wijk": ordered["naam"],
                          label: [formatting.met_eenheid(v, eenheid) for v in ordered["waarde"]]})
    if afstand is not None:
        tabel["Afstand tot de gemeente"] = ordered["wijk"].map(afstand).fillna(formatting.GEEN_CIJFER)
    return tabel


def trend_tabel(frame: pd.DataFrame, eenheid: str) -> pd.DataFrame:
    """Regions as rows, years as columns, Dutch formatted values."""
    if frame.empty:
        return pd.DataFrame()
    wide = frame.pivot_table(index="naam", columns="jaar", values="waarde", aggfunc="first", sort=False)
    shown = wide.apply(lambda col: col.map(lambda v: formatting.met_eenheid(v, eenheid)))
    shown.columns = [str(c) for c in shown.columns]
    return shown.reset_index().rename(columns={"naam": "Gebied"})


def trend_download(frame: pd.DataFrame, info, groep: str) -> pd.DataFrame:
    """The shown trend data with its caveats as columns, for the CSV download."""
    return pd.DataFrame({
        "gebied": frame["naam"], "code": frame["regio"], "jaar": frame["jaar"], "waarde": frame["waarde"],
        "eenheid": info.eenheid, "indicator": info.label, "leeftijdsgroep": groep,
        "bron": f"{info.uitgever}, {info.brontitel}", "tabel": info.tabel_id or "", "licentie": info.licentie,
        "modelschatting": "ja" if info.modelschatting else "nee"})


def doel_lijnen_grafiek(lijnen: pd.DataFrame, eenheid: str) -> pd.DataFrame:
    """Horizontal reference lines for the trend chart. Columns: soort, waarde, tekst."""
    rows = []
    for r in lijnen.itertuples():
        if r.nulmeting is not None and not pd.isna(r.nulmeting):
            rows.append(("nulmeting", r.nulmeting,
                         f"Nulmeting {int(r.nulmeting_jaar)}: {formatting.met_eenheid(r.nulmeting, eenheid)}"))
        if r.streefwaarde is not None and not pd.isna(r.streefwaarde):
            fictief = f" ({FICTIEF_LABEL})" if r.streefwaarde_fictief else ""
            rows.append(("streefwaarde", r.streefwaarde,
                         f"Streefwaarde {int(r.streefjaar)}{fictief}: {formatting.met_eenheid(r.streefwaarde, eenheid)}"))
    return pd.DataFrame(rows, columns=["soort", "waarde", "tekst"]).drop_duplicates("tekst")


OORDEEL_KLEUR = {"beter": "blue", "slechter": "orange", "gelijk": "gray", "hoger": "gray", "lager": "gray",
                 "onbekend": "gray"}


def tegel_waarde(tegel) -> str:
    if tegel.waarde is None:
        return formatting.GEEN_CIJFER
    return formatting.met_eenheid(tegel.waarde, tegel.info.eenheid)


def tegel_getal(tegel) -> tuple[str, str]:
    """The tile's figure in two parts that each fit a narrow tile: ('3.453', 'per km²'), ('47,4%', ''),
    ('€ 31.200', ''). The page shows the number big and the unit on its own line, so nothing is cut off."""
    e = tegel.info.eenheid
    if tegel.waarde is None or e in ("%", "euro", "aantal"):
        return tegel_waarde(tegel), ""
    return formatting.getal(tegel.waarde, formatting.auto_decimals(tegel.waarde, e)), e


def tegel_bron(tegel) -> str:
    """'Bron: RIVM/GGD 2020 · modelschatting': the source of the tile's figure in a few words."""
    model = " · modelschatting" if tegel.info.modelschatting else ""
    return f"Bron: {tegel.bron_kort}{model}"


def tegel_vervangt(tegel, jaar: int) -> str | None:
    """Why this tile stands where another was planned, or None."""
    if not tegel.vervangt:
        return None
    return f"In plaats van {tegel.vervangt}: daarvan is geen wijkcijfer tot en met {jaar}."


def verhalen_jaar_zin(paneel) -> str | None:
    """What the stories panel shows with respect to the chosen year, in one plain line (None: every year).
    'Geen verhalen uit 2016. Wel 12 verhalen uit andere jaren.' A hidden count stays hidden (core.vertellen.groepen)."""
    if paneel.jaar is None:
        return "Verhalen uit alle jaren."
    jaar, andere = paneel.jaar, paneel.andere_jaren
    wel = ("" if andere is None else " Er zijn geen verhalen uit andere jaren." if andere == 0
           else f" Wel {andere} {'verhaal' if andere == 1 else 'verhalen'} uit andere jaren.")
    if paneel.aantal is None:
        return (f"Verhalen uit {jaar}: {paneel.verborgen_tekst}. Die laten we niet zien, zo blijven "
                "vertellers onherkenbaar.")
    if paneel.aantal == 0:
        return f"Geen verhalen uit {jaar}.{wel}"
    return f"Verhalen uit {jaar} (het jaar van de ervaring).{wel}"


def _met_jaar(waarden: pd.Series, jaren: pd.Series, eenheden: pd.Series, bekend: pd.Series,
              toevoeging: str = "") -> list[str]:
    """'37,3% (2012)' per row where `bekend` holds, else '–'."""
    return [f"{formatting.met_eenheid(w, e)} ({int(j)}{toevoeging})" if b else "–"
            for w, j, e, b in zip(waarden.tolist(), jaren.tolist(), eenheden.tolist(), bekend.tolist())]


def doelen_rijen(frame: pd.DataFrame) -> pd.DataFrame:
    """One display row per indicator link of a doel (frame: core.tellen.goals.goal_table, any part of it),
    indexed like the frame. Columns: Indicator, Nulmeting, Laatste, Streefwaarde, Status (Markdown)."""
    linked = frame[frame["indicator"].notna()]
    eenheid = linked["eenheid"]
    alle_leeftijden = (linked["leeftijdsgroep"] == "alle leeftijden").fillna(False).tolist()
    return pd.DataFrame({
        "Indicator": [label if alle else f"{label} ({groep})" for label, groep, alle
                      in zip(linked["label"].tolist(), linked["leeftijdsgroep"].tolist(), alle_leeftijden)],
        "Nulmeting": _met_jaar(linked["nulmeting"], linked["nulmeting_jaar"], eenheid,
                               linked["nulmeting_jaar"].notna()),
        "Laatste": _met_jaar(linked["laatste"], linked["laatste_jaar"], eenheid, linked["laatste_jaar"].notna()),
        "Streefwaarde": _met_jaar(linked["streefwaarde"], linked["streefjaar"], eenheid,
                                  linked["streefwaarde"].notna(), f", {FICTIEF_LABEL}"),
        "Status": [STATUS_MARKDOWN.get(s, s) for s in linked["status"].tolist()],
    }, index=linked.index)


# Blue/orange/grey: distinguishable with colour-vision deficiencies; the words carry the meaning too.
STATUS_MARKDOWN = {"op koers": ":blue[op koers]",
                   "niet op koers": ":orange[niet op koers]",
                   "onbekend": ":gray[onbekend]"}


def richting_tekst(richting: str) -> str:
    return {"hoger_beter": "Hoger is beter", "lager_beter": "Lager is beter"}.get(richting, "Hoger is niet beter of slechter")


def hoger_is_beter(richting: str) -> bool | None:
    return {"hoger_beter": True, "lager_beter": False}.get(richting)


def ranglijst_kop(richting: str) -> str:
    """The heading over the ranked bars, in the order charts.ranking_bar draws them: best first."""
    return "Van laag naar hoog (lager is beter)" if hoger_is_beter(richting) is False else "Van hoog naar laag"


def referentie_zin(gemeente, nederland, eenheid: str, gemeentenaam: str) -> str:
    return (f"Zwarte streeplijn: {gemeentenaam} ({formatting.met_eenheid(gemeente, eenheid)}). "
            f"Grijze stippellijn: Nederland ({formatting.met_eenheid(nederland, eenheid)}).")


def picked_wijk(event) -> str | None:
    """The wijk code clicked on the map, from st.pydeck_chart's selection event."""
    try:
        objects = event.selection.objects.get("wijken", [])
    except AttributeError:
        return None
    if not objects:
        return None
    obj = objects[0]
    return obj.get("properties", {}).get("wijk") or obj.get("wijk")


def samenvatting_uitleg(tegels) -> str:
    return "; ".join(f"{t.info.label}: {t.oordeel_tekst.lower()}" for t in tegels)


def oordeel_markdown(tegel) -> str:
    """The verdict as coloured Markdown. Only our own fixed words and labels, never story text."""
    return f":{OORDEEL_KLEUR[tegel.oordeel]}[**{tegel.oordeel_tekst}**]"


def samenvatting_kleur(tegels) -> str:
    beter = sum(t.oordeel == "beter" for t in tegels)
    slechter = sum(t.oordeel == "slechter" for t in tegels)
    gelijk = sum(t.oordeel in ("gelijk", "hoger", "lager") for t in tegels)
    parts = []
    if beter:
        parts.append(f":blue[{beter} beter]")
    if slechter:
        parts.append(f":orange[{slechter} slechter]")
    if gelijk:
        parts.append(f":gray[{gelijk} gelijk of neutraal]")
    return "  \n".join(parts) if parts else ":gray[geen oordeel]"


def wijkfoto_tabel(foto) -> pd.DataFrame:
    """Every tile of a wijkfoto as one table row: the numbers behind the tiles and sparklines."""
    rows = []
    for leefgebied, tegels in foto.leefgebieden:
        for t in tegels:
            e = t.info.eenheid
            reeks = ", ".join(f"{int(j)}: {formatting.met_eenheid(w, e)}" for j, w in zip(t.reeks["jaar"], t.reeks["waarde"]))
            rows.append({"Leefgebied": leefgebied, "Cijfer": f"{t.info.label} ({t.groep})",
                         "Wijk": formatting.met_eenheid(t.waarde, e), foto.gemeentenaam: formatting.met_eenheid(t.gemeente, e),
                         "Nederland": formatting.met_eenheid(t.nederland, e),
                         "Vergelijkbare wijken": formatting.met_eenheid(t.referentie, e),
                         "Oordeel": t.oordeel_tekst, "Alle jaren": reeks or "–"})
    return pd.DataFrame(rows)


# --- vertellen pages -------------------------------------------------------------------------

def fragment(tekst: str) -> str:
    return wijkfoto.fragment(tekst)


def verhaal_kop(verhaal: dict) -> str:
    """'Leiden-Noord · 2022 · fictief voorbeeld' for a story row or detail dict."""
    parts = [str(verhaal.get("wijknaam") or verhaal.get("wijk") or ""), str(verhaal.get("jaar") or "")]
    if verhaal.get("fictief"):
        parts.append(FICTIEF_LABEL)
    return " · ".join(p for p in parts if p)


def antwoorden_tabel(antwoorden: pd.DataFrame) -> pd.DataFrame:
    """A story's answers in framework order: question and answer (n.v.t. when left empty)."""
    ordered = antwoorden.sort_values("volgorde")
    woorden = ordered["woorden"].fillna(ordered["antwoord"]) if "woorden" in ordered else ordered["antwoord"]
    return pd.DataFrame({"Vraag": ordered["vraag"], "Antwoord": woorden})   # a slider in words between its poles


def zone_aantallen(patronen: dict, labels) -> dict:
    """Zone name -> number of stories (None below the minimum group size), in display order."""
    zones = patronen["zones"]
    if zones.too_small:
        return {z: None for z in triade.zone_names(tuple(labels))}
    return {z: None if pd.isna(c) else int(c) for z, c in zip(zones.data["zone"], zones.data["count"])}


VERBORGEN = "–"   # a hidden share in a table (core.vertellen.groepen): no number; a hidden count is empty


def _aantal(counts: pd.Series) -> pd.Series:
    return counts.astype("Int64")   # NaN (hidden) stays empty


def _aandeel(s) -> str:
    return VERBORGEN if pd.isna(s) else f"{formatting.getal(s * 100, 0)}%"


def verborgen_delen(patronen: dict) -> set[str]:
    """Zone names and answers whose count the pattern hides (core.vertellen.groepen): their stories are not
    listed either, or the list's length would give the hidden count back. Everything when the group is hidden."""
    if next(iter(patronen.values())).too_small:
        return {"*"}
    for key, kolom in (("zones", "zone"), ("keuzes", "keuze")):
        if key in patronen:
            data = patronen[key].data
            return set(data.loc[data["verborgen"], kolom].astype(str))
    return set()


def patroon_tabel(patronen: dict) -> pd.DataFrame:
    """The numbers behind the pattern chart (empty below the minimum group size; a hidden cell has an empty
    count and – as its share)."""
    if "zones" in patronen:
        data = patronen["zones"].data
        return pd.DataFrame({"Zone": data["zone"], "Aantal": _aantal(data["count"]),
                             "Aandeel": data["share"].map(_aandeel)})
    if "histogram" in patronen:
        data = patronen["histogram"].data
        return pd.DataFrame({"Antwoord": data["label"], "Aantal": _aantal(data["count"])})
    data = patronen["keuzes"].data
    return pd.DataFrame({"Antwoord": data["keuze"], "Aantal": _aantal(data["count"]),
                         "Aandeel": data["share"].map(_aandeel)})


MEERKEUZE = "Meer antwoorden per verhaal mogelijk: samen zijn de aandelen soms meer dan 100%."


def vergelijk_label(info) -> str:
    """The comparison choice for a framework's choice question (its sleutels): 'ondersteuning ja of nee', or
    'plekken: twee antwoorden' when it has more than two options."""
    naam = info.id.replace("_", " ")
    return f"{naam} {info.labels[0]} of {info.labels[1]}" if len(info.labels) == 2 else f"{naam}: twee antwoorden"


def groep_naam(info, antwoord: str) -> str:
    """'Ondersteuning: ja': the name of the group of stories that gave this answer."""
    return f"{info.id.replace('_', ' ').capitalize()}: {antwoord}"


def verschil_zin(vergelijking, info, k: int, naam_a: str, naam_b: str) -> str:
    """One Dutch sentence on how different the two groups answered (patterns.compare_groups), or why we
    cannot say."""
    if not vergelijking.vergelijkbaar:  # no counts: a hidden group's size is never said (core.vertellen.groepen)
        return (f"Niet te vergelijken: een van de groepen heeft minder dan {k} verhalen met een antwoord, of we "
                "laten hem niet zien om een kleine groep te beschermen.")
    if info.soort == "slider":
        v = vergelijking
        richting = "hoger" if v.verschil_mediaan > 0 else "lager" if v.verschil_mediaan < 0 else "even hoog"
        # a share is left out when it would give a group of fewer than k answers back (patterns._slider_group)
        positief = ("" if v.verschil_aandeel_positief is None else
                    f"; {formatting.getal(v.a.aandeel_positief * 100, 0)}% tegen "
                    f"{formatting.getal(v.b.aandeel_positief * 100, 0)}% positief (60 of meer)")
        return (f"{naam_a} antwoordt {richting} dan {naam_b}: mediaan {formatting.getal(v.a.mediaan, 0)} tegen "
                f"{formatting.getal(v.b.mediaan, 0)}{positief}. Verschil: "
                f"{patterns.cliffs_delta_label(v.cliffs_delta)} (Cliff's delta {formatting.getal(v.cliffs_delta, 2)}).")
    verdeling = (f"De verdeling verschilt {formatting.getal(vergelijking.tvd * 100, 0)}% (0% = gelijk, 100% = geen "
                 "overlap).")
    shown = vergelijking.tabel.dropna(subset=["verschil"])   # a share of 1 to k-1 answers is hidden
    if shown.empty:
        return verdeling
    top = shown.loc[shown["verschil"].abs().idxmax()]
    return (f"{verdeling} Grootste verschil: '{letterlijk(top['categorie'])}', {formatting.getal(top['aandeel_a'] * 100, 0)}% bij "
            f"{naam_a} tegen {formatting.getal(top['aandeel_b'] * 100, 0)}% bij {naam_b}.")



# --- meetings --------------------------------------------------------------------------------

def datum_tekst(value) -> str:
    return formatting.datum(pd.Timestamp(value).date()) if value is not None and not pd.isna(value) else "–"


def steekproef_tabel(steekproef: pd.DataFrame) -> pd.DataFrame:
    """The sampled stories as a table: number, title, wijk, year, zone (shown with st.dataframe: plain)."""
    return pd.DataFrame({"Nr": steekproef["steekproef"], "Titel": steekproef["titel"],
                         "Wijk": steekproef["wijknaam"], "Jaar": steekproef["jaar"], "Zone": steekproef["zone"]})
