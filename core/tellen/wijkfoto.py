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
from core.errors import TellenError
from core.store.vergelijkingen import DREMPEL_PROCENTPUNT, DREMPEL_RELATIEF
from core.tellen.figures import ACTUELE_INDELING, CATALOG_DIR, INDELING_ZIN, IndicatorInfo, cijfer_wijken
from core.vertellen import groepen, kaders
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
    # method or context breaks inside the series (first year < break <= last year): ((jaar, soort, uitleg), ...)
    breuken: tuple[tuple[int, str, str], ...] = ()
    vervangt: str | None = None   # the label of the slot's first choice this tile stands in for (it had no figure)

    @property
    def bron_kort(self) -> str:
        """'RIVM/GGD 2020', 'CBS KWB 2024', 'Eigen import (CBS) 2024': the tile's source in a few words."""
        return f"{bron_kort(self.info)} {self.jaar}" if self.jaar else bron_kort(self.info)


BRON_KORT = {"rivm_50090": "RIVM/GGD", "cbs_kwb": "CBS KWB", "elan_wijk": "ELAN/LUMC"}


def bron_kort(info: IndicatorInfo) -> str:
    """A source in a few words; a gemeente's own import (bron 'eigen_...') says so and names its publisher."""
    if info.bron in BRON_KORT:
        return BRON_KORT[info.bron]
    return f"Eigen import ({info.uitgever})" if str(info.bron).startswith("eigen_") else info.uitgever


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
    # the questions behind "positieve ervaring" (each framework's `ervaring` key); none: the reason, in
    # geen_ervaring, why the panel has no share positive (core.vertellen.kaders.REDENEN)
    ervaring_vragen: tuple[str, ...] = ()
    geen_ervaring: str | None = None
    jaar: int | None = None           # the year of experience the panel shows; None: every year
    andere_jaren: int | None = None   # the wijk's stories of other years (with a jaar); None when not to be said

    @property
    def ervaring_uitleg(self) -> str:
        """"60 of meer op 'Hoe zou u uw ervaring omschrijven?'": what the share positive counts."""
        vragen = " of ".join(f"'{v}'" for v in self.ervaring_vragen)
        return f"{POSITIEF_VANAF} of meer op {vragen}"


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
    indeling_gewijzigd: bool     # a current wijk of a re-divided gemeente: older figures are left out
    indeling: int = ACTUELE_INDELING   # the wijk indeling of this wijk code and its figures


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


def plekken() -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """[(leefgebied, [slot, ...]), ...] from core/catalog/wijkfoto.csv; a slot lists its indicators in order
    of choice, [(indicator, leeftijdsgroep), ...]: the first is the tile's own, the others stand in for a
    gemeente without figures of it (KWB income for ELAN's, for a gemeente outside Leiden and Leiderdorp)."""
    result: dict[str, dict[int, list]] = {}
    with open(CATALOG_DIR / "wijkfoto.csv", encoding="utf-8") as fh:
        for row in sorted(csv.DictReader(fh), key=lambda r: (int(r["volgorde"]), int(r["keuze"]))):
            slots = result.setdefault(row["leefgebied"], {})
            slots.setdefault(int(row["volgorde"]), []).append((row["indicator"], row["leeftijdsgroep"]))
    return [(leefgebied, list(slots.values())) for leefgebied, slots in result.items()]


def schijf_van_vijf() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(leefgebied, [(indicator, leeftijdsgroep), ...]), ...]: each slot's first choice."""
    return [(leefgebied, [slot[0] for slot in slots]) for leefgebied, slots in plekken()]


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

# One query for the wijk and all its tile candidates: every slot's choices (wijkfoto.csv) and, as stand-ins, the
# other indicators of the same leefgebied with a figure for this wijk; per candidate the latest figure in or before
# the year (with what the build derived for it in `vergelijkingen`, and its own source: an import names itself),
# the series up to it and the method breaks of its source. _kies_tegels picks per slot. Only figures of the wijk's
# own indeling (`wijkindeling`): RIVM's 2020 figures never stand on a re-divided gemeente's 2024 wijk.
_WIJKFOTO_SQL = """
WITH kandidaten AS (
    SELECT unnest($indicatoren) AS indicator, unnest($groepen) AS groep, unnest($leefgebieden) AS tegel_leefgebied,
           unnest($plekken) AS plek, generate_subscripts($indicatoren, 1) AS volgorde
), eigen AS (
    SELECT * FROM vergelijkingen WHERE regio = $wijk AND wijkindeling = $indeling AND jaar <= $jaar
), reserve_groepen AS (
    -- one age group per indicator of a tile's leefgebied that no slot names, with a figure for this wijk
    SELECT DISTINCT ON (e.indicator) e.indicator, e.leeftijdsgroep AS groep, i.leefgebied AS tegel_leefgebied,
           i.soort = 'outcome' AS uitkomst
    FROM eigen e JOIN indicatoren i ON i.id = e.indicator
    WHERE list_contains($leefgebieden, i.leefgebied) AND NOT list_contains($indicatoren, e.indicator)
    ORDER BY e.indicator, coalesce(list_position(['18 jaar of ouder', 'alle leeftijden'], e.leeftijdsgroep), 9),
             e.leeftijdsgroep
), tegels AS (
    SELECT * FROM kandidaten
    UNION ALL
    SELECT indicator, groep, tegel_leefgebied, NULL AS plek,
           len($indicatoren) + row_number() OVER (ORDER BY uitkomst DESC, indicator) AS volgorde
    FROM reserve_groepen
), reeksen AS (
    SELECT indicator, leeftijdsgroep, max(jaar) AS jaar, list({'jaar': jaar, 'waarde': waarde} ORDER BY jaar) AS reeks
    FROM eigen GROUP BY ALL
), regio AS (
    SELECT r.naam, r.gemeentecode, r.indeling_gewijzigd,
           (SELECT g.naam FROM regios g WHERE g.code = r.gemeentecode ORDER BY g.indeling DESC LIMIT 1) AS gemeentenaam,
           (SELECT list(referentie ORDER BY rang) FROM referentiegroepen WHERE wijk = $wijk) AS referentie_wijken,
           (SELECT max_by({'jaar': jaar, 'waarde': waarde}, jaar) FROM vergelijkingen
            WHERE regio = $wijk AND indicator = 'kwb_inwoners' AND leeftijdsgroep = 'alle leeftijden'
              AND wijkindeling = $indeling AND jaar <= $inwoners_tot) AS inwoners
    FROM regios r WHERE r.code = $wijk AND r.niveau = 'wijk' AND r.indeling = $indeling
)
SELECT t.tegel_leefgebied, t.groep, t.plek,
       i.id, i.label, i.definitie, i.eenheid, i.richting, i.soort, i.leefgebied, b.id AS bron, b.uitgever, b.titel,
       b.tabel_id, b.licentie, coalesce(b.modelschatting IS NOT NULL, i.modelschatting) AS modelschatting,
       e.jaar, e.waarde, e.gemeente_waarde, e.nederland_waarde, e.referentie_waarde, e.oordeel, e.vergeleken_met,
       e.trend, e.eerste_jaar, e.metingen, s.reeks,
       (SELECT list({'jaar': k.jaar, 'soort': k.soort, 'uitleg': k.uitleg} ORDER BY k.jaar) FROM breuken k
        WHERE k.bron = i.bron AND k.indicator IN ('*', i.id)) AS breuken,
       regio.*
FROM tegels t
CROSS JOIN regio
LEFT JOIN indicatoren i ON i.id = t.indicator
LEFT JOIN reeksen s ON s.indicator = t.indicator AND s.leeftijdsgroep = t.groep
LEFT JOIN eigen e ON e.indicator = t.indicator AND e.leeftijdsgroep = t.groep AND e.jaar = s.jaar
LEFT JOIN bronnen b ON b.id = coalesce(e.bron, i.bron)  -- the figure's own source: an import names itself
ORDER BY t.volgorde
"""


def _breuken_in(reeks: pd.DataFrame, breuken) -> tuple[tuple[int, str, str], ...]:
    """The breaks that fall inside the series: after its first year, up to and including its last."""
    if reeks.empty or not breuken:
        return ()
    eerste, laatste = reeks["jaar"].min(), reeks["jaar"].max()
    return tuple((int(b["jaar"]), b["soort"], b["uitleg"]) for b in breuken if eerste < b["jaar"] <= laatste)


def _tegel(rij: dict, vervangt: str | None = None) -> Tegel:
    """A tile from one row of _WIJKFOTO_SQL that has a figure."""
    info = IndicatorInfo(*(rij[k] for k in ("id", "label", "definitie", "eenheid", "richting", "soort",
                                            "leefgebied", "bron", "uitgever", "titel", "tabel_id", "licentie",
                                            "modelschatting")))
    reeks = pd.DataFrame(rij["reeks"], columns=["jaar", "waarde"])
    tegen = VERGELEKEN_MET.get(rij["vergeleken_met"], "andere gebieden")
    return Tegel(info, rij["groep"], int(rij["jaar"]), float(rij["waarde"]), rij["gemeente_waarde"],
                 rij["nederland_waarde"], rij["referentie_waarde"], reeks, rij["oordeel"],
                 oordeel_zin(rij["oordeel"], tegen), trend_tekst(rij["trend"], rij["eerste_jaar"], rij["metingen"]),
                 _breuken_in(reeks, rij["breuken"]), vervangt)


def _kies_tegels(rijen: list[dict]) -> dict[str, list[Tegel]]:
    """Per leefgebied its tiles: per slot the first of its choices with a figure for the wijk; else the first
    other indicator of the leefgebied with one (a stand-in, once per wijkfoto); else no tile. A '-' tile never
    shows: Bevolkingsdichtheid, for one, has wijk figures from 2024 only (CBS KWB), none for 2012-2020."""
    leefgebieden: dict[str, list[Tegel]] = {}
    gebruikt: set[tuple[str, str]] = set()
    for plek in dict.fromkeys(r["plek"] for r in rijen if r["plek"] is not None):
        eigen = [r for r in rijen if r["plek"] == plek]
        leefgebied = eigen[0]["tegel_leefgebied"]
        reserves = [r for r in rijen if r["plek"] is None and r["tegel_leefgebied"] == leefgebied]
        tiles = leefgebieden.setdefault(leefgebied, [])
        keuze = next((r for r in eigen + reserves if r["id"] is not None and r["jaar"] is not None
                      and (r["id"], r["groep"]) not in gebruikt), None)
        if keuze is not None:
            gebruikt.add((keuze["id"], keuze["groep"]))
            eerste = eigen[0]["label"] or eigen[0]["id"]
            tiles.append(_tegel(keuze, None if keuze is eigen[0] else eerste))
    return leefgebieden


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


_PANEEL_SQL = """
WITH {ervaring},
antw AS (SELECT count(a.slider) AS met, count(*) FILTER (WHERE a.slider >= $positief) AS positief,
                list(DISTINCT e.vraag ORDER BY e.vraag) FILTER (WHERE e.vraag IS NOT NULL) AS vragen
         FROM verhalen v LEFT JOIN ervaring e ON e.kader = v.kader
         LEFT JOIN antwoorden a ON a.verhaal = v.id AND a.kader = v.kader AND a.signifier = e.signifier
         WHERE v.wijk = $wijk AND v.jaar = coalesce($jaar, v.jaar) AND {clause}),
wijken AS (SELECT v.wijk, count(*) FILTER (WHERE v.jaar = coalesce($jaar, v.jaar)) AS verhalen,
                  count(*) FILTER (WHERE v.fictief AND v.jaar = coalesce($jaar, v.jaar)) AS fictief,
                  count(*) AS alle_jaren, count(*) FILTER (WHERE v.fictief) AS alle_fictief
           FROM verhalen v WHERE {clause} AND v.gemeentecode =
               (SELECT any_value(gemeentecode) FROM verhalen WHERE wijk = $wijk) GROUP BY v.wijk)
SELECT w.wijk, w.verhalen, w.fictief, w.alle_jaren, w.alle_fictief, antw.met, antw.positief, antw.vragen
FROM antw LEFT JOIN wijken w ON true
"""
_FRAGMENTEN_SQL = """
SELECT v.id, v.titel, v.tekst, v.jaar, v.fictief FROM verhalen v
WHERE v.wijk = $wijk AND v.jaar = coalesce($jaar, v.jaar) AND {clause} ORDER BY v.jaar DESC, v.id LIMIT $limit
"""


def _jaar_aantallen(aantal: int | None, verborgen: str, alle: int, alle_getoond: bool,
                    k: int) -> tuple[int | None, str, int | None]:
    """The year's count, its hidden text and the count of the wijk's other years as they may be shown. The year's
    count is hidden too when the other years are 1 to k-1 (the total on the Wijken page would give them back) or
    when that total is hidden itself (the years would add up to it); the other years only beside a shown (or
    zero) count of the year and a shown total, and only when 0 or at least k."""
    if aantal and (not alle_getoond or 0 < alle - aantal < k):
        return None, "niet getoond", None
    andere = None if aantal is None or not alle_getoond else alle - aantal
    return aantal, verborgen, andere if andere is not None and not 0 < andere < k else None


def verhalen_paneel(conn, wijk: str, mode: Zichtbaarheid, k: int, jaar: int | None = None) -> VerhalenPaneel:
    """The stories panel: the count, the share with a positive experience and three fragments, each only when
    it gives no group of 1 to k-1 stories away (core.vertellen.groepen); in both modes (the council sees it).
    With a `jaar`, all of it only from the stories of that year (the year of the experience). One query for the
    counts of every wijk of the gemeente (the hidden counts depend on each other) and this wijk's answers to each
    framework's `ervaring` question (core.vertellen.kaders), one for the fragments."""
    clause = consent_clause(mode)
    rows = conn.execute(_PANEEL_SQL.format(ervaring=kaders.ERVARING_SQL, clause=clause),
                        {"positief": POSITIEF_VANAF, "wijk": wijk, "jaar": jaar}).df()
    vragen = rows["vragen"].iloc[0]
    teksten = tuple(vragen) if isinstance(vragen, (list, tuple, np.ndarray)) else ()
    met_antwoord, positief = int(rows["met"].iloc[0]), int(rows["positief"].iloc[0])
    wijken = rows.dropna(subset=["wijk"])
    aantal, verborgen = _wijk_aantal(wijken[["wijk", "verhalen", "fictief"]], wijk, k)
    andere = None
    if jaar is not None:   # the wijk's total of all years as the Wijken page shows it (None when hidden)
        alle = wijken[["wijk", "alle_jaren", "alle_fictief"]].set_axis(["wijk", "verhalen", "fictief"], axis=1)
        totaal, _ = _wijk_aantal(alle, wijk, k)
        eigen = wijken.loc[wijken["wijk"] == wijk, "alle_jaren"]
        aantal, verborgen, andere = _jaar_aantallen(aantal, verborgen, int(eigen.iloc[0]) if len(eigen) else 0,
                                                    totaal is not None, k)
    deel_veilig = met_antwoord >= k and all(not 0 < x < k for x in (positief, met_antwoord - positief))
    aandeel = positief / met_antwoord if aantal is not None and deel_veilig else None
    frag = conn.execute(_FRAGMENTEN_SQL.format(clause=clause),
                        {"wijk": wijk, "jaar": jaar, "limit": 3 if aantal else 0}).df()
    frag = frag.assign(fragment=frag["tekst"].map(fragment),
                       fictief_label=frag["fictief"].map(lambda f: FICTIEF_LABEL if f else ""))
    reden = kaders.REDENEN["ervaring"] if aantal and not teksten else None
    return VerhalenPaneel(aantal, aandeel, met_antwoord if aandeel is not None else None,
                          frag[["id", "titel", "fragment", "jaar", "fictief_label"]], k, verborgen, teksten, reden,
                          jaar, andere)


# --- the whole picture -----------------------------------------------------------------------

@dataclass(frozen=True)
class WijkKeuze:
    """The wijken a gemeente's wijkfoto offers: those of the indeling that holds most of its tile figures."""
    indeling: int
    wijken: pd.DataFrame     # code, naam

    @property
    def zin(self) -> str:
        """One line when the wijkfoto's wijken are not today's (empty otherwise)."""
        return "" if self.indeling == ACTUELE_INDELING else INDELING_ZIN.format(jaar=self.indeling)


def wijk_keuze(conn, gemeente: str) -> WijkKeuze:
    """The wijk indeling of the gemeente's wijkfoto and its wijken: the current one when its wijken have any
    wijkfoto figure (stories and imports belong to them too), else the one with the most figures (the current
    one without any). Amsterdam: its 99 wijken of 2020 (RIVM), as its 2024 wijken have no figures in the app;
    Vijfheerenlanden: its 2024 wijken (CBS 2024 and imported figures), whose GGD figures stand on Overzicht."""
    indicators = [ind for _, slots in plekken() for slot in slots for ind, _ in slot]
    row = conn.execute("""
        SELECT wijkindeling FROM vergelijkingen
        WHERE gemeentecode = ? AND niveau = 'wijk' AND indicator IN (SELECT unnest(?))
        GROUP BY wijkindeling ORDER BY wijkindeling = ? DESC, count(*) DESC, wijkindeling DESC LIMIT 1
    """, [gemeente, indicators, ACTUELE_INDELING]).fetchone()
    indeling = int(row[0]) if row else ACTUELE_INDELING
    return WijkKeuze(indeling, cijfer_wijken(conn, gemeente, indeling))


def jaren(conn, wijk: str, indeling: int = ACTUELE_INDELING) -> list[int]:
    """Years in which any wijkfoto indicator has a figure for this wijk (of this indeling), newest last."""
    indicators = [ind for _, slots in plekken() for slot in slots for ind, _ in slot]
    rows = conn.execute("SELECT DISTINCT jaar FROM vergelijkingen WHERE regio = ? AND wijkindeling = ? "
                        "AND indicator IN (SELECT unnest(?)) ORDER BY jaar", [wijk, indeling, indicators]).fetchall()
    return [r[0] for r in rows]


def _tegel_rijen(conn, wijk: str, jaar: int, indeling: int = ACTUELE_INDELING) -> list[dict]:
    # every slot's candidates in order of choice; the query picks one per slot and gemeente (plekken())
    tiles = [(leefgebied, f"{leefgebied}|{nr}", ind, groep) for leefgebied, slots in plekken()
             for nr, slot in enumerate(slots) for ind, groep in slot]
    cursor = conn.execute(_WIJKFOTO_SQL, {
        "wijk": wijk, "jaar": jaar, "inwoners_tot": max(jaar, ACTUELE_INDELING), "indeling": indeling,
        "leefgebieden": [t[0] for t in tiles], "plekken": [t[1] for t in tiles], "indicatoren": [t[2] for t in tiles],
        "groepen": [t[3] for t in tiles]})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def wijkfoto(conn, wijk: str, jaar: int, mode: Zichtbaarheid, k: int, indeling: int = ACTUELE_INDELING,
             verhalen_alle_jaren: bool = False) -> Wijkfoto:
    """One wijk (a code of `indeling`, see wijk_keuze) in one year in three queries: the wijk with all its
    tiles, then the stories panel (two): the stories of that year, or of every year when asked."""
    rijen = _tegel_rijen(conn, wijk, jaar, indeling)
    if not rijen:
        raise TellenError(f"De wijk {wijk} staat niet in de opslag met cijfers. Kies een andere wijk.")
    eerste = rijen[0]
    naam, ref = eerste["naam"], list(eerste["referentie_wijken"] or [])
    leefgebieden = _kies_tegels(rijen)
    inwoners = eerste["inwoners"]
    uitleg = (f"Referentiegroep: de {formatting.aantal(len(ref), 'wijk', 'wijken')} in de app die het meest lijken "
              f"op {naam} in aandeel 65-plussers (CBS 2024) en moeite met rondkomen (GGD 2020). Per cijfer de mediaan.")
    geen_ref = "Geen referentiegroep: van deze wijk is geen leeftijds- en inkomensprofiel bekend."
    return Wijkfoto(wijk, naam, eerste["gemeentecode"], eerste["gemeentenaam"],
                    (inwoners["jaar"], inwoners["waarde"]) if inwoners else None, jaar, list(leefgebieden.items()),
                    ref, uitleg if ref else geen_ref,
                    verhalen_paneel(conn, wijk, mode, k, None if verhalen_alle_jaren else jaar),
                    bool(eerste["indeling_gewijzigd"]) and indeling == ACTUELE_INDELING, indeling)


def tegel_regels(tegel: Tegel, gemeentenaam: str) -> list[str]:
    """The comparison lines under a tile's value, Dutch formatted."""
    e = tegel.info.eenheid
    return [f"{gemeentenaam}: {formatting.met_eenheid(tegel.gemeente, e)}",
            f"Nederland: {formatting.met_eenheid(tegel.nederland, e)}",
            f"Vergelijkbare wijken: {formatting.met_eenheid(tegel.referentie, e)}"]
