"""Jaarfoto's: the wijkfoto of each measured year side by side, with the stories of each year under it.

Per year only the figures measured in that year (one per wijkfoto slot, core/catalog/wijkfoto.csv), each with
its verdict against the gemeente; per leefgebied one line on how it went since the first measurement; the method
breaks between two shown years; and per year of experience the count of stories and up to three fragments.
Story counts follow the small-group rules (core.vertellen.groepen): the counts of all years of the wijk are one
table whose hidden cells add up to 0 or at least k, so no hidden year follows from the shown ones and the wijk's
total; in partner mode each year is also checked against its wider views (rule B).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import formatting
from core.tellen.figures import ACTUELE_INDELING
from core.tellen.wijkfoto import TREND_WOORD, VERGELEKEN_MET, _wijk_aantal, fragment, oordeel_zin, plekken
from core.vertellen import groepen
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid, consent_clause
from core.vertellen.stories import VerhaalFilter

MAX_FRAGMENTEN = 3


@dataclass(frozen=True)
class Cijfer:
    """One figure measured in one year, with its verdict (vs the gemeente where it has one)."""
    indicator: str
    label: str
    groep: str
    eenheid: str
    waarde: float
    oordeel: str          # beter | slechter | gelijk | hoger | lager | onbekend
    oordeel_tekst: str    # 'Slechter dan de gemeente'

    @property
    def waarde_tekst(self) -> str:
        return formatting.met_eenheid(self.waarde, self.eenheid)


@dataclass(frozen=True)
class JaarVerhalen:
    """The stories of one year of experience as they may be shown: aantal None is a hidden count (then
    `verborgen_tekst` says 'minder dan k verhalen' or 'niet getoond', and there are no fragments)."""
    aantal: int | None
    verborgen_tekst: str
    fragmenten: pd.DataFrame     # id, titel, fragment, fictief_label

    @property
    def aantal_tekst(self) -> str:
        if self.aantal is None:
            return self.verborgen_tekst
        return formatting.aantal(self.aantal, "verhaal", "verhalen")


@dataclass(frozen=True)
class Jaarfoto:
    jaar: int
    leefgebieden: list[tuple[str, list[Cijfer]]]   # all five, in order; a list may be empty
    breuken: tuple[str, ...]                        # the method breaks since the previous shown year, in words
    verhalen: JaarVerhalen

    @property
    def heeft_cijfers(self) -> bool:
        return any(cijfers for _, cijfers in self.leefgebieden)


@dataclass(frozen=True)
class Ontwikkeling:
    """How one leefgebied went since its first measurement: 'beter', 'slechter', 'gelijk', 'wisselend'
    (some better, some worse) or None (no trend); delen: (label, trend word) per figure."""
    leefgebied: str
    woord: str | None
    sinds: int | None
    delen: tuple[tuple[str, str], ...]
    breuk: bool

    @property
    def zin(self) -> str:
        """'sinds 2012: slechter' (plain words; the page puts the leefgebied before it)."""
        if self.woord is None:
            return ("geen oordeel: bij deze cijfers is hoger niet beter of slechter." if self.delen
                    else "nog geen trend: te weinig metingen.")
        breuk = " (let op: de meting veranderde in die tijd)" if self.breuk else ""
        return f"sinds {self.sinds}: {self.woord}{breuk}"


@dataclass(frozen=True)
class Jaarfotos:
    wijk: str
    jaren: list[int]             # every year with figures or stories of the wijk
    standaard: list[int]         # the years shown unless the reader chooses
    fotos: list[Jaarfoto]        # the chosen years, oldest first
    ontwikkeling: list[Ontwikkeling]
    k: int


# --- figures: one query for every year ---------------------------------------------------------------

# Per slot of the wijkfoto and per year: the first of the slot's choices measured in that year for this wijk
# (of its own indeling), with the build's verdict; per figure its trend since the first measurement.
_CIJFERS_SQL = """
WITH kandidaten AS (
    SELECT unnest($indicatoren) AS indicator, unnest($groepen) AS groep, unnest($leefgebieden) AS leefgebied,
           unnest($plekken) AS plek, generate_subscripts($indicatoren, 1) AS volgorde
)
SELECT c.leefgebied, c.plek, c.volgorde, v.jaar, v.indicator, v.leeftijdsgroep AS groep, v.waarde, v.oordeel,
       v.vergeleken_met, v.trend, v.eerste_jaar, v.metingen, v.breuk_sinds_eerste, v.bron,
       i.label, i.eenheid, i.richting, b.uitgever
FROM kandidaten c
JOIN vergelijkingen v ON v.indicator = c.indicator AND v.leeftijdsgroep = c.groep
JOIN indicatoren i ON i.id = v.indicator
LEFT JOIN bronnen b ON b.id = v.bron
WHERE v.regio = $wijk AND v.wijkindeling = $indeling AND v.waarde IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY c.plek, v.jaar ORDER BY c.volgorde) = 1
ORDER BY v.jaar, c.volgorde
"""


def cijfer_rijen(conn, wijk: str, indeling: int = ACTUELE_INDELING) -> pd.DataFrame:
    """Every figure of the wijkfoto's slots in every year it was measured for this wijk (one query)."""
    tiles = [(leefgebied, f"{leefgebied}|{nr}", ind, groep) for leefgebied, slots in plekken()
             for nr, slot in enumerate(slots) for ind, groep in slot]
    return conn.execute(_CIJFERS_SQL, {
        "wijk": wijk, "indeling": indeling, "leefgebieden": [t[0] for t in tiles],
        "plekken": [t[1] for t in tiles], "indicatoren": [t[2] for t in tiles], "groepen": [t[3] for t in tiles],
    }).df()


def _cijfers_van(rijen: pd.DataFrame) -> list[tuple[str, list[Cijfer]]]:
    """The figures of one year per leefgebied, every leefgebied of the schijf van vijf in order."""
    per = {leefgebied: [] for leefgebied, _ in plekken()}
    for r in rijen.itertuples():
        tegen = VERGELEKEN_MET.get(r.vergeleken_met, "andere gebieden")
        per[r.leefgebied].append(Cijfer(r.indicator, r.label, r.groep, r.eenheid, float(r.waarde), r.oordeel,
                                        oordeel_zin(r.oordeel, tegen)))
    return list(per.items())


def ontwikkeling(rijen: pd.DataFrame) -> list[Ontwikkeling]:
    """Per leefgebied: the trend of each slot's latest figure since its first measurement, in one word."""
    laatste = rijen.sort_values("jaar").groupby("plek", sort=False).tail(1)
    result = []
    for leefgebied, _ in plekken():
        eigen = laatste[(laatste["leefgebied"] == leefgebied) & (laatste["metingen"] > 1)].sort_values("volgorde")
        trends = [t for t in eigen["trend"] if t in ("beter", "slechter", "gelijk")]   # neutral ones: no verdict
        beter, slechter = trends.count("beter"), trends.count("slechter")
        woord = ("wisselend" if beter and slechter else "beter" if beter else "slechter" if slechter
                 else "gelijk" if trends else None)
        delen = tuple((r.label, TREND_WOORD.get(r.trend, "onbekend").lower()) for r in eigen.itertuples()
                      if isinstance(r.trend, str))
        sinds = int(eigen["eerste_jaar"].min()) if woord else None
        result.append(Ontwikkeling(leefgebied, woord, sinds, delen, bool(eigen["breuk_sinds_eerste"].any())))
    return result


def breuk_zinnen(breuken: pd.DataFrame, rijen: pd.DataFrame, gekozen: list[int]) -> dict[int, tuple[str, ...]]:
    """Per chosen year: the method breaks (breuken: bron, jaar, uitleg) of the sources of its figures that lie
    after the previous chosen year with figures of the same source, in words."""
    zinnen: dict[int, list[str]] = {j: [] for j in gekozen}
    eigen = rijen[rijen["jaar"].isin(gekozen)]
    for bron, jaren in eigen.groupby("bron")["jaar"]:
        meetjaren = sorted(set(jaren))
        uitgever = eigen.loc[eigen["bron"] == bron, "uitgever"].iloc[0] or bron
        for vorig, jaar in zip(meetjaren, meetjaren[1:]):
            for b in breuken[(breuken["bron"] == bron) & (breuken["jaar"] > vorig)
                             & (breuken["jaar"] <= jaar)].itertuples():
                zinnen[jaar].append(f"Breuk in de meting tussen {vorig} en {jaar} ({uitgever}): {b.uitleg}")
    return {j: tuple(z) for j, z in zinnen.items()}


# --- stories per year ------------------------------------------------------------------------------

_VERHAAL_JAREN_SQL = """
SELECT v.wijk, v.jaar, count(*) AS verhalen, count(*) FILTER (WHERE v.fictief) AS fictief
FROM verhalen v WHERE {clause} AND v.gemeentecode = (SELECT any_value(gemeentecode) FROM verhalen WHERE wijk = $wijk)
GROUP BY ALL
"""
_FRAGMENTEN_SQL = """
SELECT v.id, v.titel, v.tekst, v.jaar, v.fictief FROM verhalen v
WHERE v.wijk = $wijk AND list_contains($jaren, v.jaar) AND {clause}
QUALIFY row_number() OVER (PARTITION BY v.jaar ORDER BY v.id) <= $max
ORDER BY v.jaar, v.id
"""


def jaar_aantallen(per_jaar: pd.Series, totaal_getoond: bool, k: int, extra=None) -> pd.DataFrame:
    """The counts of a wijk's years (index: jaar, NaN for stories without a year) as they may be shown:
    columns aantal (NaN when hidden) and tekst. All years are one table (core.vertellen.groepen.verberg_cellen):
    a year of 1 to k-1 is hidden, and more years until the hidden ones add up to 0 or at least k, and a year
    whose difference with the wijk's total is 1 to k-1; a single hidden year takes the smallest other one with it.
    When the total itself is hidden on the Wijken page, every year with stories is hidden (they would add up to
    it). `extra`: years hidden for another reason (rule B). Stories without a year (index NaN) are a cell too."""
    n = per_jaar.to_numpy(dtype=float)
    verborgen = (n > 0) if not totaal_getoond else groepen.verberg_cellen(n, k, extra, totaal=n.sum())
    if (verborgen & (n > 0)).sum() == 1:   # one hidden year of k or more (rule B) would follow from the total
        rest = np.flatnonzero(~verborgen & (n > 0))
        if len(rest):
            verborgen[rest[np.argmin(n[rest])]] = True
    teksten = [groepen.minder_dan(k) if 0 < x < k else "niet getoond" for x in n]
    return pd.DataFrame({"aantal": np.where(verborgen, np.nan, n),
                         "tekst": np.where(verborgen, teksten, "")}, index=per_jaar.index)


def _jaar_tellingen(conn, wijk: str, mode: Zichtbaarheid, k: int) -> tuple[pd.Series, bool]:
    """The readable stories of the wijk per year (index jaar, NaN for none) and whether the Wijken page shows the
    wijk's total (its count among the gemeente's wijken, core.vertellen.groepen.wijk_aantallen)."""
    rijen = conn.execute(_VERHAAL_JAREN_SQL.format(clause=consent_clause(mode)), {"wijk": wijk}).df()
    per_wijk = rijen.groupby("wijk", as_index=False)[["verhalen", "fictief"]].sum()
    totaal, _ = _wijk_aantal(per_wijk, wijk, k)
    eigen = rijen[rijen["wijk"] == wijk]
    per_jaar = eigen.groupby(eigen["jaar"], dropna=False)["verhalen"].sum().sort_index()
    return per_jaar, totaal is not None


def _regel_b(conn, wijk: str, jaren: list[int], mode: Zichtbaarheid, k: int) -> set[int]:
    """Partner mode: the years whose view 'this wijk, this year' differs by 1 to k-1 from a wider view."""
    if not groepen.verschil_regel(mode):
        return set()
    gemeente = "GM" + wijk[2:6]     # CBS codes: WK054700 lies in GM0547 (the widest view: its stories)
    return {j for j in jaren if not groepen.beoordeel(
        conn, VerhaalFilter(wijken=(wijk,), gemeente=gemeente, jaren=(j, j)), mode, k).getoond}


def verhalen_per_jaar(conn, wijk: str, mode: Zichtbaarheid, k: int) -> dict[int, tuple[int | None, str]]:
    """{jaar: (count or None, text for a hidden count)} for every year of experience of the wijk's stories."""
    per_jaar, totaal_getoond = _jaar_tellingen(conn, wijk, mode, k)
    jaren = [int(j) for j, n in per_jaar.items() if not pd.isna(j) and n >= k]
    extra = per_jaar.index.isin(list(_regel_b(conn, wijk, jaren, mode, k)))
    shown = jaar_aantallen(per_jaar, totaal_getoond, k, extra)
    return {int(j): (None if pd.isna(r.aantal) else int(r.aantal), r.tekst)
            for j, r in shown.iterrows() if not pd.isna(j)}


def _fragmenten(conn, wijk: str, mode: Zichtbaarheid, jaren: list[int]) -> pd.DataFrame:
    frag = conn.execute(_FRAGMENTEN_SQL.format(clause=consent_clause(mode)),
                        {"wijk": wijk, "jaren": jaren, "max": MAX_FRAGMENTEN}).df()
    return frag.assign(fragment=frag["tekst"].map(fragment),
                       fictief_label=frag["fictief"].map(lambda f: FICTIEF_LABEL if f else ""))


# --- the whole page --------------------------------------------------------------------------------

def standaard_jaren(rijen: pd.DataFrame, verhaal_jaren: list[int]) -> list[int]:
    """The years shown first: the big measurement years (at least half as many figures as the richest year),
    the latest year with figures, and every year with stories."""
    per_jaar = rijen.groupby("jaar").size()
    groot = per_jaar[per_jaar * 2 >= per_jaar.max()].index.tolist() if len(per_jaar) else []
    laatste = [int(per_jaar.index.max())] if len(per_jaar) else []
    return sorted({int(j) for j in groot} | set(laatste) | set(verhaal_jaren))


def jaarfotos(conn, wijk: str, mode: Zichtbaarheid, k: int, indeling: int = ACTUELE_INDELING,
              jaren: tuple[int, ...] | None = None) -> Jaarfotos:
    """The jaarfoto's of one wijk: the chosen years (None: standaard_jaren), oldest first."""
    mode = Zichtbaarheid(mode)
    rijen = cijfer_rijen(conn, wijk, indeling)
    verhalen = verhalen_per_jaar(conn, wijk, mode, k)
    alle = sorted({int(j) for j in rijen["jaar"]} | set(verhalen))
    standaard = standaard_jaren(rijen, list(verhalen))
    gekozen = sorted(j for j in (standaard if jaren is None else jaren) if j in alle)
    getoond = [j for j in gekozen if verhalen.get(j, (0, ""))[0]]
    frag = _fragmenten(conn, wijk, mode, getoond)
    breuken = breuk_zinnen(conn.execute("SELECT DISTINCT bron, jaar, uitleg FROM breuken").df(), rijen, gekozen)
    fotos = []
    for jaar in gekozen:
        aantal, tekst = verhalen.get(jaar, (0, ""))
        fragmenten = frag[frag["jaar"] == jaar][["id", "titel", "fragment", "fictief_label"]].reset_index(drop=True)
        fotos.append(Jaarfoto(jaar, _cijfers_van(rijen[rijen["jaar"] == jaar]), breuken[jaar],
                              JaarVerhalen(aantal, tekst, fragmenten)))
    return Jaarfotos(wijk, alle, standaard, fotos, ontwikkeling(rijen), k)
