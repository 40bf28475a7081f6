"""Figures for the 'tellen' pages: indicator choices, values per wijk, comparisons, trends, breaks.

All functions take a DuckDB connection (or cursor) and return DataFrames or frozen dataclasses with
documented columns. Wijken are the wijken of the current indeling (2024); RIVM figures (indeling 2020)
are never joined to the wijken of a gemeente whose indeling changed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass

import pandas as pd

from core.ingest.figures import GRENZEN_INDELING

ACTUELE_INDELING = GRENZEN_INDELING  # the indeling of the shipped boundaries
from core.catalog import CATALOG_DIR

VOORKEUR_GROEP = ("18 jaar of ouder", "alle leeftijden", "65 jaar of ouder", "18 tot 65 jaar")


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    label: str
    definitie: str
    eenheid: str
    richting: str
    soort: str
    leefgebied: str
    bron: str
    uitgever: str
    brontitel: str
    tabel_id: str | None
    licentie: str
    modelschatting: bool


def indicator_info(conn, indicator: str) -> IndicatorInfo | None:
    row = conn.execute("""
        SELECT i.id, i.label, i.definitie, i.eenheid, i.richting, i.soort, i.leefgebied, i.bron,
               b.uitgever, b.titel, i.tabel_id, i.licentie, i.modelschatting
        FROM indicatoren i JOIN bronnen b ON b.id = i.bron WHERE i.id = ?
    """, [indicator]).fetchone()
    return IndicatorInfo(*row) if row else None


def wijken(conn, gemeente: str) -> pd.DataFrame:
    """Wijken of a gemeente in the current indeling. Columns: code, naam, indeling_gewijzigd."""
    return conn.execute("""
        SELECT code, naam, indeling_gewijzigd FROM regios
        WHERE niveau = 'wijk' AND gemeentecode = ? AND indeling = ? ORDER BY code
    """, [gemeente, ACTUELE_INDELING]).df()


def _joinable(changed: bool) -> str:
    """SQL condition on waarden alias w: which figures may be joined to current wijk codes."""
    return "w.indeling >= 2024 OR w.bron <> 'rivm_50090'" if changed else "TRUE"


def wijk_indicatoren(conn, gemeente: str) -> pd.DataFrame:
    """Indicators with at least one figure for a wijk of this gemeente.

    Columns: id, label, leefgebied, eenheid, groepen (list of age groups, preferred first), jaren (list).
    """
    huidige = wijken(conn, gemeente)
    changed = bool(huidige["indeling_gewijzigd"].any())
    frame = conn.execute(
        "SELECT i.id, i.label, i.leefgebied, i.eenheid, list(DISTINCT w.leeftijdsgroep) AS groepen, "
        "list(DISTINCT w.jaar ORDER BY w.jaar) AS jaren "
        "FROM waarden w JOIN indicatoren i ON i.id = w.indicator "
        "WHERE w.regio IN (SELECT unnest(?)) AND w.waarde IS NOT NULL AND (" + _joinable(changed) + ") "
        "GROUP BY ALL ORDER BY i.leefgebied, i.label", [list(huidige["code"])]).df()
    frame["groepen"] = frame["groepen"].map(sort_groups)
    return frame


def sort_groups(groups) -> list[str]:
    return sorted(groups, key=lambda g: VOORKEUR_GROEP.index(g) if g in VOORKEUR_GROEP else 99)


def wijk_values(conn, gemeente: str, indicator: str, groep: str, jaar: int) -> pd.DataFrame:
    """One figure per current wijk (NULL when missing). Columns: wijk, naam, geometrie, waarde."""
    changed = bool(wijken(conn, gemeente)["indeling_gewijzigd"].any())
    return conn.execute(
        "SELECT r.code AS wijk, r.naam, r.geometrie, w.waarde "
        "FROM regios r LEFT JOIN waarden w ON w.regio = r.code AND w.indicator = ? AND w.leeftijdsgroep = ? "
        "     AND w.jaar = ? AND (" + _joinable(changed) + ") "
        "WHERE r.niveau = 'wijk' AND r.gemeentecode = ? AND r.indeling = ? ORDER BY r.code",
        [indicator, groep, jaar, gemeente, ACTUELE_INDELING]).df()


def region_value(conn, regio: str, indicator: str, groep: str, jaar: int) -> float | None:
    row = conn.execute("SELECT waarde FROM waarden WHERE regio = ? AND indicator = ? AND leeftijdsgroep = ? "
                       "AND jaar = ?", [regio, indicator, groep, jaar]).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def value_at_or_before(conn, regio: str, indicator: str, groep: str, jaar: int) -> tuple[int, float] | None:
    """The latest real figure in or before `jaar`: (year, value), or None."""
    return conn.execute("""
        SELECT jaar, waarde FROM waarden WHERE regio = ? AND indicator = ? AND leeftijdsgroep = ?
          AND jaar <= ? AND waarde IS NOT NULL ORDER BY jaar DESC LIMIT 1
    """, [regio, indicator, groep, jaar]).fetchone()


def trend(conn, regios: list[str], indicator: str, groep: str) -> pd.DataFrame:
    """Every year of every region. Columns: regio, naam, niveau, jaar, waarde, marge_laag, marge_hoog.

    RIVM figures of re-divided gemeenten are left out for their current wijk codes.
    """
    return conn.execute("""
        SELECT w.regio, r.naam, r.niveau, w.jaar, w.waarde, w.marge_laag, w.marge_hoog
        FROM waarden w
        JOIN (SELECT DISTINCT ON (code) code, naam, niveau, indeling_gewijzigd FROM regios
              ORDER BY code, indeling DESC) r ON r.code = w.regio
        WHERE w.regio IN (SELECT unnest(?)) AND w.indicator = ? AND w.leeftijdsgroep = ?
          AND w.waarde IS NOT NULL
          AND NOT (r.indeling_gewijzigd AND r.niveau IN ('wijk', 'buurt') AND w.bron = 'rivm_50090')
        ORDER BY list_position(['buurt', 'wijk', 'gemeente', 'land'], r.niveau), w.regio, w.jaar
    """, [regios, indicator, groep]).df()


def breaks(conn, indicator: str, regios: list[str]) -> pd.DataFrame:
    """Years where method, context or indeling changes. Columns: jaar, soort, uitleg."""
    info = indicator_info(conn, indicator)
    rows = []
    with open(CATALOG_DIR / "breuken.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if info and r["bron"] == info.bron and r["indicator"] in ("*", indicator):
                rows.append({"jaar": int(r["jaar"]), "soort": r["soort"], "uitleg": r["uitleg"]})
    flagged = conn.execute("SELECT DISTINCT naam FROM regios WHERE code IN (SELECT unnest(?)) "
                           "AND indeling_gewijzigd AND indeling = ?", [regios, ACTUELE_INDELING]).fetchall()
    if flagged:
        rows.append({"jaar": ACTUELE_INDELING, "soort": "indeling",
                     "uitleg": "De wijkindeling is na 2020 veranderd; oudere wijkcijfers horen bij andere grenzen."})
    return pd.DataFrame(rows, columns=["jaar", "soort", "uitleg"])


def doel_lijnen(conn, indicator: str, regio: str, groep: str) -> pd.DataFrame:
    """Nulmeting and streefwaarde from the goal tree. Columns: doel, titel, nulmeting_jaar, nulmeting,
    streefwaarde, streefjaar, streefwaarde_fictief."""
    return conn.execute("""
        SELECT d.doel, g.titel, d.nulmeting_jaar, d.nulmeting, d.streefwaarde, d.streefjaar,
               d.streefwaarde_fictief
        FROM doel_indicatoren d JOIN doelen g ON g.id = d.doel
        WHERE d.indicator = ? AND d.regio = ? AND d.leeftijdsgroep = ?
    """, [indicator, regio, groep]).df()
