"""The wijkfoto: one wijk, one year, five leefgebieden (schijf van vijf), at most three tiles each.

Each tile compares the wijk with its gemeente, Nederland and a reference group of similar wijken and
says in plain Dutch whether the wijk does better or worse, given the indicator's direction.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core import formatting
from core.tellen import figures
from core.tellen.figures import CATALOG_DIR, IndicatorInfo
from core.vertellen import stories
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid, consent_clause

# A wijk differs from a comparison value when the gap is at least this large: 1,5 percentage point
# for percentages (about the uncertainty of RIVM's wijk estimates), otherwise 5% of the value.
DREMPEL_PROCENTPUNT = 1.5
DREMPEL_RELATIEF = 0.05
REFERENTIE_AANTAL = 8
REFERENTIE_MINIMUM = 3
POSITIEF_VANAF = 60  # slider 'Hoe zou u uw ervaring omschrijven?': 60-100 counts as positive
EXCERPT_WOORDEN = 45


@dataclass(frozen=True)
class Tegel:
    info: IndicatorInfo
    groep: str
    jaar: int | None
    waarde: float | None
    gemeente: float | None
    nederland: float | None
    referentie: float | None
    reeks: pd.DataFrame = field(repr=False)   # jaar, waarde of the wijk
    oordeel: str                              # beter | slechter | gelijk | hoger | lager | onbekend
    oordeel_tekst: str
    trend_tekst: str


@dataclass(frozen=True)
class VerhalenPaneel:
    aantal: int
    aandeel_positief: float | None   # None when fewer than k stories have an answer
    met_antwoord: int
    fragmenten: pd.DataFrame         # id, titel, fragment, jaar, fictief_label


@dataclass(frozen=True)
class Wijkfoto:
    wijk: str
    naam: str
    gemeente: str
    gemeentenaam: str
    inwoners: tuple[int, float] | None
    jaar: int
    leefgebieden: list[tuple[str, list[Tegel]]]
    referentie_wijken: list[str]
    referentie_uitleg: str
    verhalen: VerhalenPaneel
    indeling_gewijzigd: bool


def verschil(waarde, ander, eenheid: str) -> int:
    """-1, 0 or 1: is `waarde` clearly lower, about equal, or clearly higher than `ander`?"""
    if waarde is None or ander is None or pd.isna(waarde) or pd.isna(ander):
        return 0
    gap = waarde - ander
    drempel = DREMPEL_PROCENTPUNT if eenheid == "%" else abs(ander) * DREMPEL_RELATIEF
    return 0 if abs(gap) < drempel else (1 if gap > 0 else -1)


def oordeel(waarde, ander, eenheid: str, richting: str) -> str:
    """beter/slechter/gelijk for indicators with a direction; hoger/lager/gelijk for neutral ones."""
    if waarde is None or ander is None or pd.isna(waarde) or pd.isna(ander):
        return "onbekend"
    teken = verschil(waarde, ander, eenheid)
    if teken == 0:
        return "gelijk"
    if richting == "neutraal":
        return "hoger" if teken > 0 else "lager"
    goed = (teken > 0) == (richting == "hoger_beter")
    return "beter" if goed else "slechter"


OORDEEL_ZIN = {
    "beter": "Beter dan {ref}",
    "slechter": "Slechter dan {ref}",
    "gelijk": "Ongeveer gelijk aan {ref}",
    "hoger": "Hoger dan {ref}",
    "lager": "Lager dan {ref}",
    "onbekend": "Geen vergelijking mogelijk met {ref}",
}


def oordeel_zin(soort: str, ref: str) -> str:
    return OORDEEL_ZIN[soort].format(ref=ref)


def trend_zin(reeks: pd.DataFrame, eenheid: str, richting: str) -> str:
    """'Verbeterd sinds 2012', 'Verslechterd sinds 2016', 'Gelijk gebleven sinds 2012' or ''."""
    if len(reeks) < 2:
        return "Nog geen trend: maar één meting."
    eerste, laatste = reeks.iloc[0], reeks.iloc[-1]
    soort = oordeel(laatste["waarde"], eerste["waarde"], eenheid, richting)
    woorden = {"beter": "Verbeterd", "slechter": "Verslechterd", "gelijk": "Gelijk gebleven",
               "hoger": "Gestegen", "lager": "Gedaald", "onbekend": "Onbekend"}
    return f"{woorden[soort]} sinds {int(eerste['jaar'])}"


def schijf_van_vijf() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(leefgebied, [(indicator, leeftijdsgroep), ...]), ...] from core/catalog/wijkfoto.csv."""
    result: dict[str, list] = {}
    with open(CATALOG_DIR / "wijkfoto.csv", encoding="utf-8") as fh:
        for row in sorted(csv.DictReader(fh), key=lambda r: int(r["volgorde"])):
            result.setdefault(row["leefgebied"], []).append((row["indicator"], row["leeftijdsgroep"]))
    return list(result.items())


# --- reference group -------------------------------------------------------------------------

PROFIEL = (("kwb_65plus", "alle leeftijden", 2024), ("ggd_moeite_rondkomen", "18 jaar of ouder", 2020))


def _profielen(conn) -> pd.DataFrame:
    """Age and income profile of every current wijk that has both. Columns: wijk, leeftijd, inkomen."""
    return conn.execute("""
        SELECT r.code AS wijk,
               max(w.waarde) FILTER (WHERE w.indicator = ? AND w.leeftijdsgroep = ? AND w.jaar = ?) AS leeftijd,
               max(w.waarde) FILTER (WHERE w.indicator = ? AND w.leeftijdsgroep = ? AND w.jaar = ?) AS inkomen
        FROM regios r JOIN waarden w ON w.regio = r.code
        WHERE r.niveau = 'wijk' AND r.indeling = 2024 AND NOT r.indeling_gewijzigd
        GROUP BY r.code
        HAVING leeftijd IS NOT NULL AND inkomen IS NOT NULL
    """, [*PROFIEL[0], *PROFIEL[1]]).df()


def referentie_wijken(conn, wijk: str, aantal: int = REFERENTIE_AANTAL) -> list[str]:
    """The wijken most like this one in share of 65+ (CBS 2024) and 'moeite met rondkomen' (GGD 2020).

    Both measures are standardised over all wijken that have them; the nearest `aantal` by
    Euclidean distance form the group. Empty when the wijk itself has no profile.
    """
    profielen = _profielen(conn)
    if wijk not in set(profielen["wijk"]):
        return []
    z = profielen[["leeftijd", "inkomen"]]
    z = (z - z.mean()) / z.std(ddof=0).replace(0, 1)
    eigen = z[profielen["wijk"] == wijk].iloc[0]
    afstand = np.sqrt(((z - eigen) ** 2).sum(axis=1))
    ordered = profielen.assign(afstand=afstand).query("wijk != @wijk").sort_values(["afstand", "wijk"])
    return list(ordered["wijk"].head(aantal))


def referentie_waarde(conn, wijken: list[str], indicator: str, groep: str, jaar: int) -> float | None:
    """Median of the reference wijken's figures in that year; None when fewer than 3 have one."""
    if not wijken:
        return None
    values = conn.execute("SELECT waarde FROM waarden WHERE regio IN (SELECT unnest(?)) AND indicator = ? "
                          "AND leeftijdsgroep = ? AND jaar = ? AND waarde IS NOT NULL",
                          [wijken, indicator, groep, jaar]).fetchall()
    return float(np.median([v[0] for v in values])) if len(values) >= REFERENTIE_MINIMUM else None


# --- tiles -----------------------------------------------------------------------------------

def _tegel(conn, wijk: str, gemeente: str, changed: bool, ref: list[str], indicator: str, groep: str,
           jaar: int) -> Tegel | None:
    info = figures.indicator_info(conn, indicator)
    if info is None:
        return None
    reeks = figures.trend(conn, [wijk], indicator, groep)[["jaar", "waarde"]] if not (
        changed and info.bron == "rivm_50090") else pd.DataFrame(columns=["jaar", "waarde"])
    reeks = reeks[reeks["jaar"] <= jaar].reset_index(drop=True)
    if reeks.empty:
        return _lege_tegel(info, groep)
    tegel_jaar, waarde = int(reeks["jaar"].iloc[-1]), float(reeks["waarde"].iloc[-1])
    gem = figures.region_value(conn, gemeente, indicator, groep, tegel_jaar)
    nl = figures.region_value(conn, "NL01", indicator, groep, tegel_jaar)
    referentie = referentie_waarde(conn, ref, indicator, groep, tegel_jaar)
    soort, tegen = vergelijk(waarde, info, [(gem, "de gemeente"), (referentie, "vergelijkbare wijken"),
                                             (nl, "Nederland")])
    return Tegel(info, groep, tegel_jaar, waarde, gem, nl, referentie, reeks, soort,
                 oordeel_zin(soort, tegen), trend_zin(reeks, info.eenheid, info.richting))


def vergelijk(waarde, info: IndicatorInfo, kandidaten: list[tuple]) -> tuple[str, str]:
    """Judge against the first comparison that has a figure: the gemeente, else similar wijken, else NL."""
    for ander, naam in kandidaten:
        if ander is not None:
            return oordeel(waarde, ander, info.eenheid, info.richting), naam
    return "onbekend", "andere gebieden"


def _lege_tegel(info: IndicatorInfo, groep: str) -> Tegel:
    empty = pd.DataFrame(columns=["jaar", "waarde"])
    return Tegel(info, groep, None, None, None, None, None, empty, "onbekend",
                 "Geen cijfer voor deze wijk.", "")


# --- stories panel ---------------------------------------------------------------------------

def fragment(tekst: str, woorden: int = EXCERPT_WOORDEN) -> str:
    """The first `woorden` words of a story, plain text, with an ellipsis when cut."""
    parts = tekst.split()
    return " ".join(parts[:woorden]) + (" …" if len(parts) > woorden else "")


def verhalen_paneel(conn, wijk: str, mode: Zichtbaarheid, k: int) -> VerhalenPaneel:
    sql = ("SELECT count(*), count(a.slider), count(*) FILTER (WHERE a.slider >= ?) "
           "FROM verhalen v LEFT JOIN antwoorden a ON a.verhaal = v.id AND a.signifier = 'ervaring' "
           "WHERE v.wijk = ? AND " + consent_clause(mode))
    aantal, met_antwoord, positief = conn.execute(sql, [POSITIEF_VANAF, wijk]).fetchone()
    aandeel = positief / met_antwoord if met_antwoord >= k else None
    frag = stories.excerpts(conn, wijk, mode, limit=3)
    frag = frag.assign(fragment=frag["tekst"].map(fragment),
                       fictief_label=frag["fictief"].map(lambda f: FICTIEF_LABEL if f else ""))
    return VerhalenPaneel(int(aantal), aandeel, int(met_antwoord),
                          frag[["id", "titel", "fragment", "jaar", "fictief_label"]])


# --- the whole picture -----------------------------------------------------------------------

def jaren(conn, wijk: str) -> list[int]:
    """Years in which any wijkfoto indicator has a figure for this wijk, newest last."""
    indicators = [ind for _, tiles in schijf_van_vijf() for ind, _ in tiles]
    rows = conn.execute("SELECT DISTINCT jaar FROM waarden WHERE regio = ? AND indicator IN (SELECT unnest(?)) "
                        "AND waarde IS NOT NULL ORDER BY jaar", [wijk, indicators]).fetchall()
    return [r[0] for r in rows]


def wijkfoto(conn, wijk: str, jaar: int, mode: Zichtbaarheid, k: int) -> Wijkfoto:
    regio = conn.execute("SELECT naam, gemeentecode, indeling_gewijzigd FROM regios WHERE code = ? "
                         "AND niveau = 'wijk' AND indeling = 2024", [wijk]).fetchone()
    naam, gemeente, changed = regio
    gemeentenaam = conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1",
                                [gemeente]).fetchone()[0]
    ref = referentie_wijken(conn, wijk)
    leefgebieden = []
    for leefgebied, tiles in schijf_van_vijf():
        made = [_tegel(conn, wijk, gemeente, changed, ref, ind, groep, jaar) for ind, groep in tiles]
        leefgebieden.append((leefgebied, [t for t in made if t is not None]))
    inwoners = figures.value_at_or_before(conn, wijk, "kwb_inwoners", "alle leeftijden", max(jaar, 2024))
    uitleg = (f"Referentiegroep: de {len(ref)} wijken in de app die het meest lijken op {naam} in aandeel "
              "65-plussers (CBS 2024) en moeite met rondkomen (GGD 2020). Per cijfer de mediaan.")
    return Wijkfoto(wijk, naam, gemeente, gemeentenaam, inwoners, jaar, leefgebieden, ref,
                    uitleg if ref else "Geen referentiegroep: van deze wijk is geen leeftijds- en inkomensprofiel bekend.",
                    verhalen_paneel(conn, wijk, mode, k), bool(changed))


def tegel_regels(tegel: Tegel, gemeentenaam: str) -> list[str]:
    """The comparison lines under a tile's value, Dutch formatted."""
    e = tegel.info.eenheid
    return [f"{gemeentenaam}: {formatting.met_eenheid(tegel.gemeente, e)}",
            f"Nederland: {formatting.met_eenheid(tegel.nederland, e)}",
            f"Vergelijkbare wijken: {formatting.met_eenheid(tegel.referentie, e)}"]
