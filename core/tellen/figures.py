"""Figures for the 'tellen' pages: indicator choices, values per wijk, comparisons, trends, breaks.

All functions take a DuckDB connection (or cursor) and return DataFrames or frozen dataclasses with
documented columns. They read `vergelijkingen`, the real figures of every land, gemeente and wijk that
the build derived once (sql/vergelijkingen.sql), sorted by region: a lookup reads a few blocks, not the
five million rows of `waarden`. A wijk figure belongs to the wijk indeling it was published in
(`wijkindeling`): the current one (2024, with boundaries) where the gemeente's code sets agree, else its own
(e.g. RIVM's 2020 wijken of Amsterdam). It is never joined to the wijken of another indeling.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.catalog import CATALOG_DIR  # noqa: F401  (re-exported: core.tellen.wijkfoto reads the tile list)
from core.ingest.figures import GRENZEN_INDELING

ACTUELE_INDELING = GRENZEN_INDELING  # the indeling of the shipped boundaries

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


def indicator_info(conn, indicator: str, gemeente: str | None = None) -> IndicatorInfo | None:
    """The indicator with its source. With a gemeente: the source of that gemeente's newest wijk figure of
    the indicator, so a figure the gemeente imported itself names its own table, period and import date."""
    row = conn.execute("""
        WITH eigen AS (SELECT arg_max(bron, jaar) AS bron FROM vergelijkingen
                       WHERE indicator = $indicator AND gemeentecode = $gemeente AND niveau = 'wijk')
        SELECT i.id, i.label, i.definitie, i.eenheid, i.richting, i.soort, i.leefgebied, b.id,
               b.uitgever, b.titel, b.tabel_id, b.licentie, b.modelschatting IS NOT NULL
        FROM indicatoren i CROSS JOIN eigen e JOIN bronnen b ON b.id = coalesce(e.bron, i.bron)
        WHERE i.id = $indicator
    """, {"indicator": indicator, "gemeente": gemeente}).fetchone()
    return IndicatorInfo(*row) if row else None


def wijken(conn, gemeente: str) -> pd.DataFrame:
    """Wijken of a gemeente in the current indeling. Columns: code, naam, indeling_gewijzigd."""
    return conn.execute("""
        SELECT code, naam, indeling_gewijzigd FROM regios
        WHERE niveau = 'wijk' AND gemeentecode = ? AND indeling = ? ORDER BY code
    """, [gemeente, ACTUELE_INDELING]).df()


def wijk_indicatoren(conn, gemeente: str) -> pd.DataFrame:
    """Indicators with at least one figure for a wijk of this gemeente, each on the wijk indeling its figures use
    (the one with the newest figure; the current indeling on a tie).

    Columns: id, label, leefgebied, eenheid, groepen (list of age groups, preferred first), jaren (list),
    indeling (the wijk indeling), kaart (True: the shipped boundaries fit that indeling, so a map can be drawn).
    """
    frame = conn.execute("""
        WITH per_indeling AS (
            SELECT indicator, wijkindeling AS indeling, list(DISTINCT leeftijdsgroep) AS groepen,
                   list(DISTINCT jaar ORDER BY jaar) AS jaren, max(jaar) AS laatste
            FROM vergelijkingen WHERE gemeentecode = $gemeente AND niveau = 'wijk'
            GROUP BY ALL
        ), gekozen AS (
            SELECT * FROM per_indeling
            QUALIFY row_number() OVER (PARTITION BY indicator
                                       ORDER BY laatste DESC, indeling = $actueel DESC, indeling DESC) = 1
        )
        SELECT i.id, i.label, i.leefgebied, i.eenheid, v.groepen, v.jaren, v.indeling,
               v.indeling = $actueel AS kaart
        FROM gekozen v JOIN indicatoren i ON i.id = v.indicator
        ORDER BY i.leefgebied, i.label
    """, {"gemeente": gemeente, "actueel": ACTUELE_INDELING}).df()
    frame["groepen"] = frame["groepen"].map(sort_groups)
    return frame


def cijfer_wijken(conn, gemeente: str, indeling: int) -> pd.DataFrame:
    """The wijken of a gemeente in one indeling, as the figures of that indeling name them. Columns: code, naam."""
    return conn.execute("""
        SELECT code, naam FROM regios WHERE niveau = 'wijk' AND gemeentecode = ? AND indeling = ? ORDER BY code
    """, [gemeente, indeling]).df()


INDELING_ZIN = "De cijfers horen bij de wijkindeling van {jaar}."
GEEN_KAART_ZIN = "De wijkgrenzen van {jaar} zitten niet in de app; daarom een lijst in plaats van een kaart."
GEMENGD_ZIN = ("De cijfers van deze gemeente horen bij verschillende wijkindelingen ({jaren}). "
               "Welke wijken u ziet, hangt af van het cijfer.")


@dataclass(frozen=True)
class Indeling:
    """The wijk indeling of a chosen indicator's figures, and what a page says about it."""
    jaar: int
    kaart: bool        # the shipped boundaries fit: draw a map (else a ranked list)

    @property
    def zin(self) -> str:
        """One line under figures of an older indeling; empty for the current one."""
        return "" if self.jaar == ACTUELE_INDELING else INDELING_ZIN.format(jaar=self.jaar)

    @property
    def geen_kaart_zin(self) -> str:
        """Why a ranked list stands where the map would be."""
        return "" if self.kaart else GEEN_KAART_ZIN.format(jaar=self.jaar)


def indeling_van(opties: pd.DataFrame, indicator: str) -> Indeling:
    """The indeling of one indicator in a frame of wijk_indicatoren."""
    rij = opties.set_index("id").loc[indicator]
    return Indeling(int(rij["indeling"]), bool(rij["kaart"]))


def gemengd_zin(indelingen) -> str:
    """One line for a page that offers figures of several wijk indelingen ('' when there is one)."""
    jaren = sorted({int(j) for j in indelingen})
    if len(jaren) < 2:
        return ""
    return GEMENGD_ZIN.format(jaren=", ".join(str(j) for j in jaren[:-1]) + f" en {jaren[-1]}")


def sort_groups(groups) -> list[str]:
    return sorted(groups, key=lambda g: VOORKEUR_GROEP.index(g) if g in VOORKEUR_GROEP else 99)


def wijk_values(conn, gemeente: str, indicator: str, groep: str, jaar: int,
                indeling: int = ACTUELE_INDELING) -> pd.DataFrame:
    """One figure per wijk of the indeling (NULL when missing). Columns: wijk, naam, geometrie, waarde.
    geometrie is NULL for an indeling without shipped boundaries."""
    return conn.execute("""
        SELECT r.code AS wijk, r.naam, r.geometrie, v.waarde
        FROM regios r LEFT JOIN vergelijkingen v ON v.regio = r.code AND v.indicator = ? AND v.leeftijdsgroep = ?
             AND v.jaar = ? AND v.wijkindeling = r.indeling
        WHERE r.niveau = 'wijk' AND r.gemeentecode = ? AND r.indeling = ? ORDER BY r.code
    """, [indicator, groep, jaar, gemeente, indeling]).df()


def region_value(conn, regio: str, indicator: str, groep: str, jaar: int) -> float | None:
    """The figure of one land, gemeente or current wijk in one year; None when missing."""
    row = conn.execute("SELECT waarde FROM vergelijkingen WHERE regio = ? AND indicator = ? AND leeftijdsgroep = ? "
                       "AND jaar = ? AND koppelbaar", [regio, indicator, groep, jaar]).fetchone()
    return None if row is None else float(row[0])


def value_at_or_before(conn, regio: str, indicator: str, groep: str, jaar: int) -> tuple[int, float] | None:
    """The latest real figure in or before `jaar` of a land, gemeente or current wijk: (year, value), or None."""
    return conn.execute("""
        SELECT jaar, waarde FROM vergelijkingen WHERE regio = ? AND indicator = ? AND leeftijdsgroep = ?
          AND jaar <= ? AND koppelbaar ORDER BY jaar DESC LIMIT 1
    """, [regio, indicator, groep, jaar]).fetchone()


def trend(conn, regios: list[str], indicator: str, groep: str, indeling: int = ACTUELE_INDELING) -> pd.DataFrame:
    """Every year of every region (land, gemeente, wijk); wijk codes are read in `indeling`.
    Columns: regio, naam, niveau, jaar, waarde, marge_laag, marge_hoog.

    A wijk's figures of another indeling are left out (RIVM 2020 figures of a re-divided gemeente are not
    those of its 2024 wijk with the same code).
    """
    return conn.execute("""
        SELECT v.regio, r.naam, v.niveau, v.jaar, v.waarde, v.marge_laag, v.marge_hoog
        FROM vergelijkingen v
        JOIN (SELECT DISTINCT ON (code) code, naam FROM regios WHERE code IN (SELECT unnest($1))
              ORDER BY code, indeling = $4 DESC, indeling DESC) r ON r.code = v.regio
        WHERE v.regio IN (SELECT unnest($1)) AND v.indicator = $2 AND v.leeftijdsgroep = $3
          AND (v.niveau <> 'wijk' OR v.wijkindeling = $4)
        ORDER BY list_position(['buurt', 'wijk', 'gemeente', 'land'], v.niveau), v.regio, v.jaar
    """, [regios, indicator, groep, indeling]).df()


INDELING_UITLEG = "De wijkindeling is na 2020 veranderd; oudere wijkcijfers horen bij andere grenzen."


def breaks(conn, indicator: str, regios: list[str]) -> pd.DataFrame:
    """Years where method, context or indeling changes. Columns: jaar, soort, uitleg.

    Method and context breaks come from core/catalog/breuken.csv (table `breuken`); an indeling
    break when one of the regions belongs to a re-divided gemeente.
    """
    return conn.execute("""
        SELECT jaar, soort, uitleg FROM (
            SELECT b.jaar, b.soort, b.uitleg, 1 AS deel
            FROM breuken b JOIN indicatoren i ON i.bron = b.bron
            WHERE i.id = $1 AND b.indicator IN ('*', $1)
            UNION ALL
            SELECT DISTINCT $3::INTEGER, 'indeling', $4::VARCHAR, 2 FROM regios
            WHERE code IN (SELECT unnest($2)) AND indeling_gewijzigd AND indeling = $3)
        ORDER BY deel, jaar
    """, [indicator, regios, ACTUELE_INDELING, INDELING_UITLEG]).df()


def doel_lijnen(conn, indicator: str, regio: str, groep: str) -> pd.DataFrame:
    """Nulmeting and streefwaarde from the goal tree. Columns: doel, titel, nulmeting_jaar, nulmeting,
    streefwaarde, streefjaar, streefwaarde_fictief."""
    return conn.execute("""
        SELECT d.doel, g.titel, d.nulmeting_jaar, d.nulmeting, d.streefwaarde, d.streefjaar,
               d.streefwaarde_fictief
        FROM doel_indicatoren d JOIN doelen g ON g.id = d.doel
        WHERE d.indicator = ? AND d.regio = ? AND d.leeftijdsgroep = ?
    """, [indicator, regio, groep]).df()
