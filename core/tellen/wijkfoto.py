"""The wijkfoto: one wijk, one year, five leefgebieden (schijf van vijf), at most three tiles each.

Each tile compares the wijk with its gemeente, Nederland and a reference group of similar wijken and
says in plain Dutch whether the wijk does better or worse, given the indicator's direction.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field

import pandas as pd

from core import formatting
from core.errors import TellenError
from core.store.vergelijkingen import DREMPEL_PROCENTPUNT, DREMPEL_RELATIEF
from core.tellen.figures import ACTUELE_INDELING, CATALOG_DIR, IndicatorInfo
from core.vertellen import groepen, stories
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid, consent_clause

# DREMPEL_* (the thresholds of a verdict) and REFERENTIE_AANTAL are defined once, in
# core.store.vergelijkingen, because the build judges every figure with them.
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
    """What residents tell, as it may be shown (core.vertellen.groepen). aantal None: the wijk's count is
    hidden (1 to k-1 stories, or it would give a small group away, as on the Wijken page); then there are no
    fragments either. met_antwoord None and aandeel_positief None unless the share gives no small group back."""
    aantal: int | None
    aandeel_positief: float | None   # None when fewer than k stories have an answer (or a part is 1 to k-1)
    met_antwoord: int | None
    fragmenten: pd.DataFrame         # id, titel, fragment, jaar, fictief_label
    k: int = 5

    @property
    def aantal_tekst(self) -> str:
        """'12', or 'minder dan k verhalen' / 'niet getoond' for a hidden count."""
        return self.verborgen_tekst if self.aantal is None else str(self.aantal)

    verborgen_tekst: str = ""


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


TREND_WOORD = {"beter": "Verbeterd", "slechter": "Verslechterd", "gelijk": "Gelijk gebleven",
               "hoger": "Gestegen", "lager": "Gedaald", "onbekend": "Onbekend"}


def trend_tekst(soort: str | None, eerste_jaar, metingen: int) -> str:
    """'Verbeterd sinds 2012' from the verdict of the last figure against the first of the series."""
    if metingen < 2:
        return "Nog geen trend: maar één meting."
    return f"{TREND_WOORD[soort]} sinds {int(eerste_jaar)}"


def trend_zin(reeks: pd.DataFrame, eenheid: str, richting: str) -> str:
    """'Verbeterd sinds 2012', 'Verslechterd sinds 2016', 'Gelijk gebleven sinds 2012' for a series
    (columns jaar, waarde); the same words the build's `trend` column gives the wijkfoto."""
    if len(reeks) < 2:
        return trend_tekst(None, None, len(reeks))
    eerste, laatste = reeks.iloc[0], reeks.iloc[-1]
    return trend_tekst(oordeel(laatste["waarde"], eerste["waarde"], eenheid, richting), eerste["jaar"], len(reeks))


def schijf_van_vijf() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(leefgebied, [(indicator, leeftijdsgroep), ...]), ...] from core/catalog/wijkfoto.csv."""
    result: dict[str, list] = {}
    with open(CATALOG_DIR / "wijkfoto.csv", encoding="utf-8") as fh:
        for row in sorted(csv.DictReader(fh), key=lambda r: int(r["volgorde"])):
            result.setdefault(row["leefgebied"], []).append((row["indicator"], row["leeftijdsgroep"]))
    return list(result.items())


# --- reference group -------------------------------------------------------------------------

def referentie_wijken(conn, wijk: str) -> list[str]:
    """The wijken most like this one in share of 65+ (CBS 2024) and 'moeite met rondkomen' (GGD 2020).

    Computed once at build (table `referentiegroepen`, sql/vergelijkingen.sql): both measures are
    standardised over all wijken that have them; the nearest REFERENTIE_AANTAL by Euclidean distance
    form the group. Empty when the wijk itself has no profile.
    """
    rows = conn.execute("SELECT referentie FROM referentiegroepen WHERE wijk = ? ORDER BY rang", [wijk]).fetchall()
    return [r[0] for r in rows]


# --- tiles -----------------------------------------------------------------------------------

VERGELEKEN_MET = {"gemeente": "de gemeente", "referentie": "vergelijkbare wijken", "nederland": "Nederland"}

# One query for the wijk and all its tiles: the latest figure in or before the year (with what the build
# derived for it in `vergelijkingen`) and the series up to it. RIVM figures of a re-divided gemeente's
# wijken are not `koppelbaar` and so never appear.
_WIJKFOTO_SQL = """
WITH tegels AS (
    SELECT unnest($indicatoren) AS indicator, unnest($groepen) AS groep, unnest($leefgebieden) AS tegel_leefgebied,
           generate_subscripts($indicatoren, 1) AS volgorde
), eigen AS (
    SELECT * FROM vergelijkingen WHERE regio = $wijk AND koppelbaar AND jaar <= $jaar
), reeksen AS (
    SELECT indicator, leeftijdsgroep, max(jaar) AS jaar, list({'jaar': jaar, 'waarde': waarde} ORDER BY jaar) AS reeks
    FROM eigen GROUP BY ALL
), regio AS (
    SELECT r.naam, r.gemeentecode, r.indeling_gewijzigd,
           (SELECT g.naam FROM regios g WHERE g.code = r.gemeentecode ORDER BY g.indeling DESC LIMIT 1) AS gemeentenaam,
           (SELECT list(referentie ORDER BY rang) FROM referentiegroepen WHERE wijk = $wijk) AS referentie_wijken,
           (SELECT max_by({'jaar': jaar, 'waarde': waarde}, jaar) FROM vergelijkingen
            WHERE regio = $wijk AND indicator = 'kwb_inwoners' AND leeftijdsgroep = 'alle leeftijden'
              AND jaar <= $inwoners_tot) AS inwoners
    FROM regios r WHERE r.code = $wijk AND r.niveau = 'wijk' AND r.indeling = $indeling
)
SELECT t.tegel_leefgebied, t.groep,
       i.id, i.label, i.definitie, i.eenheid, i.richting, i.soort, i.leefgebied, i.bron, b.uitgever, b.titel,
       i.tabel_id, i.licentie, i.modelschatting,
       e.jaar, e.waarde, e.gemeente_waarde, e.nederland_waarde, e.referentie_waarde, e.oordeel, e.vergeleken_met,
       e.trend, e.eerste_jaar, e.metingen, s.reeks, regio.*
FROM tegels t
CROSS JOIN regio
LEFT JOIN indicatoren i ON i.id = t.indicator
LEFT JOIN bronnen b ON b.id = i.bron
LEFT JOIN reeksen s ON s.indicator = t.indicator AND s.leeftijdsgroep = t.groep
LEFT JOIN eigen e ON e.indicator = t.indicator AND e.leeftijdsgroep = t.groep AND e.jaar = s.jaar
ORDER BY t.volgorde
"""


def _tegel(rij: dict) -> Tegel | None:
    """A tile from one row of _WIJKFOTO_SQL; None when the indicator is not in the catalog."""
    if rij["id"] is None:
        return None
    info = IndicatorInfo(*(rij[k] for k in ("id", "label", "definitie", "eenheid", "richting", "soort",
                                            "leefgebied", "bron", "uitgever", "titel", "tabel_id", "licentie",
                                            "modelschatting")))
    if rij["jaar"] is None:
        return _lege_tegel(info, rij["groep"])
    reeks = pd.DataFrame(rij["reeks"], columns=["jaar", "waarde"])
    tegen = VERGELEKEN_MET.get(rij["vergeleken_met"], "andere gebieden")
    return Tegel(info, rij["groep"], int(rij["jaar"]), float(rij["waarde"]), rij["gemeente_waarde"],
                 rij["nederland_waarde"], rij["referentie_waarde"], reeks, rij["oordeel"],
                 oordeel_zin(rij["oordeel"], tegen), trend_tekst(rij["trend"], rij["eerste_jaar"], rij["metingen"]))


def _lege_tegel(info: IndicatorInfo, groep: str) -> Tegel:
    empty = pd.DataFrame(columns=["jaar", "waarde"])
    return Tegel(info, groep, None, None, None, None, None, empty, "onbekend",
                 "Geen cijfer voor deze wijk.", "")


# --- stories panel ---------------------------------------------------------------------------

def fragment(tekst: str, woorden: int = EXCERPT_WOORDEN) -> str:
    """The first `woorden` words of a story, plain text, with an ellipsis when cut."""
    parts = tekst.split()
    return " ".join(parts[:woorden]) + (" …" if len(parts) > woorden else "")


def _wijk_aantal(counts: pd.DataFrame, wijk: str, k: int) -> tuple[int | None, str]:
    """The wijk's story count as the Wijken page shows it (None when hidden) and the text for a hidden one."""
    counts = groepen.wijk_aantallen(counts, k)
    match = counts[counts["wijk"] == wijk]
    if match.empty:
        return 0, ""
    n = match["verhalen"].iloc[0]
    return (None, match["verhalen_tekst"].iloc[0]) if pd.isna(n) else (int(n), "")


def verhalen_paneel(conn, wijk: str, mode: Zichtbaarheid, k: int) -> VerhalenPaneel:
    """The stories panel: the count, the share with a positive experience and three fragments, each only when
    it gives no group of 1 to k-1 stories away (core.vertellen.groepen); in both modes (the council sees it).
    One query for the counts of every wijk of the gemeente (the hidden counts depend on each other) and this
    wijk's answers, one for the fragments."""
    clause = consent_clause(mode)
    sql = (f"WITH antw AS (SELECT count(a.slider) AS met, count(*) FILTER (WHERE a.slider >= ?) AS positief "
           f"FROM verhalen v LEFT JOIN antwoorden a ON a.verhaal = v.id AND a.signifier = 'ervaring' "
           f"WHERE v.wijk = ? AND {clause}), "
           f"wijken AS (SELECT v.wijk, count(*) AS verhalen, count(*) FILTER (WHERE v.fictief) AS fictief "
           f"FROM verhalen v WHERE {clause} AND v.gemeentecode = "
           f"(SELECT any_value(gemeentecode) FROM verhalen WHERE wijk = ?) GROUP BY v.wijk) "
           f"SELECT w.wijk, w.verhalen, w.fictief, antw.met, antw.positief FROM antw LEFT JOIN wijken w ON true")
    rows = conn.execute(sql, [POSITIEF_VANAF, wijk, wijk]).df()
    met_antwoord, positief = int(rows["met"].iloc[0]), int(rows["positief"].iloc[0])
    aantal, verborgen = _wijk_aantal(rows.dropna(subset=["wijk"])[["wijk", "verhalen", "fictief"]], wijk, k)
    deel_veilig = met_antwoord >= k and all(not 0 < x < k for x in (positief, met_antwoord - positief))
    aandeel = positief / met_antwoord if aantal is not None and deel_veilig else None
    frag = stories.excerpts(conn, wijk, mode, limit=3 if aantal else 0)
    frag = frag.assign(fragment=frag["tekst"].map(fragment),
                       fictief_label=frag["fictief"].map(lambda f: FICTIEF_LABEL if f else ""))
    return VerhalenPaneel(aantal, aandeel, met_antwoord if aandeel is not None else None,
                          frag[["id", "titel", "fragment", "jaar", "fictief_label"]], k, verborgen)


# --- the whole picture -----------------------------------------------------------------------

def jaren(conn, wijk: str) -> list[int]:
    """Years in which any wijkfoto indicator has a figure for this wijk, newest last."""
    indicators = [ind for _, tiles in schijf_van_vijf() for ind, _ in tiles]
    rows = conn.execute("SELECT DISTINCT jaar FROM vergelijkingen WHERE regio = ? "
                        "AND indicator IN (SELECT unnest(?)) ORDER BY jaar", [wijk, indicators]).fetchall()
    return [r[0] for r in rows]


def _tegel_rijen(conn, wijk: str, jaar: int) -> list[dict]:
    tiles = [(leefgebied, ind, groep) for leefgebied, made in schijf_van_vijf() for ind, groep in made]
    cursor = conn.execute(_WIJKFOTO_SQL, {
        "wijk": wijk, "jaar": jaar, "inwoners_tot": max(jaar, ACTUELE_INDELING), "indeling": ACTUELE_INDELING,
        "leefgebieden": [t[0] for t in tiles], "indicatoren": [t[1] for t in tiles], "groepen": [t[2] for t in tiles]})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def wijkfoto(conn, wijk: str, jaar: int, mode: Zichtbaarheid, k: int) -> Wijkfoto:
    """One wijk in one year in three queries: the wijk with all its tiles, then the stories panel (two)."""
    rijen = _tegel_rijen(conn, wijk, jaar)
    if not rijen:
        raise TellenError(f"De wijk {wijk} staat niet in de opslag met cijfers. Kies een andere wijk.")
    eerste = rijen[0]
    naam, ref = eerste["naam"], list(eerste["referentie_wijken"] or [])
    leefgebieden: dict[str, list[Tegel]] = {}
    for rij in rijen:
        tegel = _tegel(rij)
        leefgebieden.setdefault(rij["tegel_leefgebied"], [])
        if tegel is not None:
            leefgebieden[rij["tegel_leefgebied"]].append(tegel)
    inwoners = eerste["inwoners"]
    uitleg = (f"Referentiegroep: de {len(ref)} wijken in de app die het meest lijken op {naam} in aandeel "
              "65-plussers (CBS 2024) en moeite met rondkomen (GGD 2020). Per cijfer de mediaan.")
    return Wijkfoto(wijk, naam, eerste["gemeentecode"], eerste["gemeentenaam"],
                    (inwoners["jaar"], inwoners["waarde"]) if inwoners else None, jaar, list(leefgebieden.items()),
                    ref, uitleg if ref else "Geen referentiegroep: van deze wijk is geen leeftijds- en inkomensprofiel bekend.",
                    verhalen_paneel(conn, wijk, mode, k), bool(eerste["indeling_gewijzigd"]))


def tegel_regels(tegel: Tegel, gemeentenaam: str) -> list[str]:
    """The comparison lines under a tile's value, Dutch formatted."""
    e = tegel.info.eenheid
    return [f"{gemeentenaam}: {formatting.met_eenheid(tegel.gemeente, e)}",
            f"Nederland: {formatting.met_eenheid(tegel.nederland, e)}",
            f"Vergelijkbare wijken: {formatting.met_eenheid(tegel.referentie, e)}"]
