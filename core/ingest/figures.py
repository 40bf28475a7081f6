"""Ingest of the shipped real figures (CBS, RIVM/GGD, ELAN) and boundaries into the store.

Every reader turns the source's missing-value markers into NULL (never 0), trims codes, normalises
fractions to percentages via the catalog's `schaal` column and records the indeling year of each code.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from core.catalog import CATALOG_DIR
from core.dbtools import quote_ident
from core.errors import BuildError

ALLE_LEEFTIJDEN = "alle leeftijden"

# RIVM 50090NED age codes -> labels (checked against the source file names).
GGD_LEEFTIJD = {"20300": "18 jaar of ouder", "53115": "18 tot 65 jaar", "80200": "65 jaar of ouder"}
GGD_INDELING = 2020
GRENZEN_INDELING = 2024

# Markers that mean "no figure" in the shipped files: CBS '.', PDOK -99995/-99997, empty cells.
MISSING_CODES = (-99995, -99997)    # "geheim" and "(nog) niet beschikbaar" (PROVENANCE.md)
MISSING_MARKERS = ("", ".", *(str(c) for c in MISSING_CODES), *(f"{c}.0" for c in MISSING_CODES))

# num(text) and numd(number): a figure, or NULL for a missing marker. The lists are our own constants.
NUM_MACRO = f"""
CREATE OR REPLACE TEMP MACRO num(x) AS
    CASE WHEN x IS NULL OR trim(CAST(x AS VARCHAR)) IN ({", ".join(f"'{m}'" for m in MISSING_MARKERS)})
         THEN NULL ELSE CAST(trim(CAST(x AS VARCHAR)) AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO numd(x) AS
    CASE WHEN x IN ({", ".join(str(c) for c in MISSING_CODES)}) THEN NULL ELSE CAST(x AS DOUBLE) END;
"""


@dataclass(frozen=True)
class CatalogColumn:
    indicator: str
    kolom: str
    schaal: float


def load_catalog(conn: duckdb.DuckDBPyConnection) -> None:
    """Insert the declared sources and indicators (core/catalog/*.csv)."""
    bronnen = pd.read_csv(CATALOG_DIR / "bronnen.csv", dtype=str, keep_default_na=False)
    bronnen = bronnen.replace({"": None})
    conn.register("bronnen_df", bronnen)
    conn.execute("INSERT INTO bronnen SELECT * FROM bronnen_df")
    conn.unregister("bronnen_df")
    conn.execute("""
        INSERT INTO indicatoren
        SELECT c.id, c.label, c.definitie, c.eenheid, c.richting, c.soort, c.leefgebied, c.bron,
               b.tabel_id, b.licentie, b.modelschatting IS NOT NULL
        FROM read_csv(?, all_varchar = true) c JOIN bronnen b ON b.id = c.bron
    """, [str(CATALOG_DIR / "indicatoren.csv")])


def catalog_columns(bron: str) -> list[CatalogColumn]:
    with open(CATALOG_DIR / "indicatoren.csv", encoding="utf-8") as fh:
        return [CatalogColumn(r["id"], r["kolom"], float(r["schaal"]))
                for r in csv.DictReader(fh) if r["bron"] == bron]


def _require(path: Path) -> Path:
    if not path.exists():
        raise BuildError(f"Bronbestand ontbreekt: {path}. Zet het terug in de map data/ en bouw opnieuw.")
    return path


def _mapping_table(conn, columns: list[CatalogColumn]) -> None:
    rows = pd.DataFrame([(c.kolom, c.indicator, c.schaal) for c in columns],
                        columns=["kolom", "indicator", "schaal"])
    conn.register("kolom_map", rows)


def _unpivot_into_waarden(conn, source_view: str, columns: list[CatalogColumn], bron: str,
                          convert: bool = True) -> None:
    """Unpivot the catalog columns of `source_view` (regio, jaar, leeftijdsgroep, indeling, ...) into waarden.

    Column names come from the catalog (an allow-list), never from input.
    """
    _mapping_table(conn, columns)
    quoted = ", ".join(quote_ident(c.kolom) for c in columns)
    wrap = "num({})" if convert else "{}"
    casts = ", ".join(f"{wrap.format(quote_ident(c.kolom))} AS {quote_ident(c.kolom)}" for c in columns)
    sql = (
        f"INSERT INTO waarden "
        f"SELECT u.regio, m.indicator, u.jaar, u.leeftijdsgroep, u.ruw * m.schaal, NULL, NULL, u.indeling, ? "
        f"FROM (SELECT regio, jaar, leeftijdsgroep, indeling, {casts} FROM {source_view}) "
        f"     UNPIVOT INCLUDE NULLS (ruw FOR kolom IN ({quoted})) u "
        f"JOIN kolom_map m ON m.kolom = u.kolom"
    )
    conn.execute(NUM_MACRO)
    conn.execute(sql, [bron])
    conn.unregister("kolom_map")


# --- boundaries -------------------------------------------------------------------------------

def _geojson_rows(path: Path) -> list[dict]:
    data = json.loads(_require(path).read_text(encoding="utf-8"))
    return [dict(f["properties"], geometrie=json.dumps(f["geometry"], separators=(",", ":")))
            for f in data["features"]]


def ingest_boundaries(conn, bronnen_dir: Path) -> None:
    """Gemeente and wijk boundaries 2024 (indeling 2024) with names."""
    gemeenten = pd.DataFrame(_geojson_rows(bronnen_dir / "cbs_gemeenten_2024_wgs84_nl.geojson"))
    wijken = pd.DataFrame(_geojson_rows(bronnen_dir / "cbs_wijken_2024_wgs84_nl.geojson"))
    conn.register("gem_df", gemeenten)
    conn.register("wijk_df", wijken)
    conn.execute("""
        INSERT INTO regios (code, naam, niveau, ouder, gemeentecode, indeling, geometrie)
        SELECT trim(gemeentecode), trim(gemeentenaam), 'gemeente', 'NL01', trim(gemeentecode), ?, geometrie
        FROM gem_df WHERE trim(gemeentecode) <> 'GM0998'
    """, [GRENZEN_INDELING])
    conn.execute("""
        INSERT INTO regios (code, naam, niveau, ouder, gemeentecode, indeling, geometrie)
        SELECT trim(wijkcode), trim(wijknaam), 'wijk', trim(gemeentecode), trim(gemeentecode), ?, geometrie
        FROM wijk_df WHERE trim(gemeentecode) <> 'GM0998'
    """, [GRENZEN_INDELING])
    conn.unregister("gem_df")
    conn.unregister("wijk_df")


# --- RIVM/GGD 50090NED -----------------------------------------------------------------------

def _ggd_source_sql(columns: list[CatalogColumn], converter: str) -> str:
    picked = ", ".join(f"{converter}({quote_ident(c.kolom)}) AS {quote_ident(c.kolom)}" for c in columns)
    return (
        "SELECT CAST(jaar AS INTEGER) AS jaar, trim(CAST(Codering_3 AS VARCHAR)) AS regio, "
        "trim(CAST(Leeftijd AS VARCHAR)) AS leeftijd_code, trim(SoortRegio_2) AS soort, "
        "trim(Gemeentenaam_1) AS gemeentenaam, " + picked
    )


def ingest_ggd(conn, bronnen_dir: Path) -> None:
    """RIVM 50090NED: the selection CSV plus the full-NL parquet (same table; duplicates dropped)."""
    columns = catalog_columns("rivm_50090")
    csv_path = _require(bronnen_dir / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020.csv")
    pq_path = _require(bronnen_dir / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020_nl.parquet")
    conn.execute(NUM_MACRO)
    conn.execute(
        "CREATE TEMP TABLE ggd_raw AS "
        f"{_ggd_source_sql(columns, 'num')}, 1 AS voorkeur FROM read_csv(?, all_varchar = true) "
        f"UNION ALL {_ggd_source_sql(columns, 'numd')}, 2 AS voorkeur FROM read_parquet(?)",
        [str(csv_path), str(pq_path)],
    )
    unknown = conn.execute(
        "SELECT DISTINCT leeftijd_code FROM ggd_raw WHERE leeftijd_code NOT IN (SELECT unnest(?))",
        [list(GGD_LEEFTIJD)]).fetchall()
    if unknown:
        raise BuildError(f"Onbekende leeftijdscode in de GGD-cijfers: {unknown}. Vul GGD_LEEFTIJD aan.")
    conn.register("leeftijd_map", pd.DataFrame(list(GGD_LEEFTIJD.items()), columns=["code", "label"]))
    conn.execute("""
        CREATE TEMP TABLE ggd_src AS
        SELECT r.*, l.label AS leeftijdsgroep, ? AS indeling
        FROM ggd_raw r JOIN leeftijd_map l ON l.code = r.leeftijd_code
        QUALIFY row_number() OVER (PARTITION BY regio, jaar, leeftijd_code ORDER BY voorkeur) = 1
    """, [GGD_INDELING])
    _ggd_regions(conn)
    _unpivot_into_waarden(conn, "ggd_src", columns, "rivm_50090", convert=False)
    conn.execute("DROP TABLE ggd_src")
    conn.execute("DROP TABLE ggd_raw")
    conn.unregister("leeftijd_map")


def _ggd_regions(conn) -> None:
    """Regions of indeling 2020 as RIVM lists them; names from the 2024 layer where the code matches."""
    conn.execute("""
        INSERT INTO regios (code, naam, niveau, ouder, gemeentecode, indeling)
        SELECT DISTINCT ON (g.regio) g.regio,
               CASE g.soort
                    WHEN 'Land' THEN 'Nederland'
                    WHEN 'Gemeente' THEN g.gemeentenaam
                    ELSE coalesce(r24.naam, CASE g.soort WHEN 'Wijk' THEN 'Wijk ' ELSE 'Buurt ' END
                                             || right(g.regio, 2) || ' (' || g.gemeentenaam || ')')
               END,
               lower(g.soort),
               CASE g.soort WHEN 'Land' THEN NULL
                            WHEN 'Gemeente' THEN 'NL01'
                            WHEN 'Wijk' THEN 'GM' || substr(g.regio, 3, 4)
                            ELSE 'WK' || substr(g.regio, 3, 6) END,
               CASE WHEN g.soort = 'Land' THEN NULL ELSE 'GM' || substr(g.regio, 3, 4) END,
               ?
        FROM ggd_src g
        LEFT JOIN regios r24 ON r24.code = g.regio AND r24.indeling = ?
        ORDER BY g.regio
    """, [GGD_INDELING, GRENZEN_INDELING])


# --- CBS Kerncijfers wijken en buurten --------------------------------------------------------

def ingest_kwb_gemeenten(conn, bronnen_dir: Path) -> None:
    """KWB gemeente layer 2012-2024 (PDOK renames); each code in the indeling of its own year."""
    path = _require(bronnen_dir / "cbs_kwb_gemeenten_2012_2024_pdok.csv")
    conn.execute("""
        CREATE TEMP TABLE kwb_gem AS
        SELECT *, trim(gemeentecode) AS regio, CAST(jaar AS INTEGER) AS jaar_i
        FROM read_csv(?, all_varchar = true)
    """, [str(path)])
    conn.execute("""
        CREATE TEMP TABLE kwb_gem_src AS
        SELECT * EXCLUDE (jaar, jaar_i), jaar_i AS jaar, ? AS leeftijdsgroep, jaar_i AS indeling FROM kwb_gem
    """, [ALLE_LEEFTIJDEN])
    present = set(conn.execute("SELECT * FROM kwb_gem LIMIT 0").df().columns)
    columns = [c for c in catalog_columns("cbs_kwb") if c.kolom in present]
    _unpivot_into_waarden(conn, "kwb_gem_src", columns, "cbs_kwb")
    # Gemeenten that no longer exist (merged) get a region row in the last indeling they appear in.
    conn.execute("""
        INSERT INTO regios (code, naam, niveau, ouder, gemeentecode, indeling)
        SELECT regio, arg_max(trim(gemeentenaam), jaar_i), 'gemeente', 'NL01', regio, max(jaar_i)
        FROM kwb_gem WHERE regio NOT IN (SELECT code FROM regios) GROUP BY regio
    """)
    conn.execute("DROP TABLE kwb_gem_src")
    conn.execute("DROP TABLE kwb_gem")


def ingest_kwb_wijken_2024(conn, bronnen_dir: Path) -> None:
    """KWB 2024 attributes of the wijken of the selected gemeenten (Wijk- en buurtkaart 2024)."""
    rows = _geojson_rows(bronnen_dir / "cbs_wijken_2024_wgs84_selectie.geojson")
    frame = pd.DataFrame(rows).drop(columns=["geometrie"]).astype(str)
    # Utrecht's wijken come from its full KWB file (ingest_kwb_utrecht); one figure, one source.
    frame = frame[frame["gemeentecode"].str.strip() != UTRECHT]
    frame["regio"] = frame["wijkcode"].str.strip()
    frame["jaar"] = GRENZEN_INDELING
    frame["leeftijdsgroep"] = ALLE_LEEFTIJDEN
    frame["indeling"] = GRENZEN_INDELING
    frame = frame.replace({"None": None, "nan": None})
    conn.register("kwb_wijk_src", frame)
    columns = [c for c in catalog_columns("cbs_kwb") if c.kolom in frame.columns]
    _unpivot_into_waarden(conn, "kwb_wijk_src", columns, "cbs_kwb")
    conn.unregister("kwb_wijk_src")


UTRECHT = "GM0344"
# Utrecht KWB xlsx short names -> the catalog's column names (PDOK renames).
UTRECHT_KOLOMMEN = {
    "a_inw": "aantal_inwoners", "a_hh": "huishoudens", "g_hhgro": "gem_huishouden_grootte",
    "bev_dich": "bevolkingsdichtheid", "g_wozbag": "gem_woz_waarde", "p_koopw": "koopwoningen",
}


def ingest_kwb_utrecht(conn, bronnen_dir: Path) -> None:
    """KWB 2023/2024 for gemeente Utrecht at gemeente, wijk and buurt level."""
    path = _require(bronnen_dir / "cbs_kwb_utrecht_wijk_buurt_2023_2024.csv")
    renames = ", ".join(f"{quote_ident(src)} AS {quote_ident(dst)}" for src, dst in UTRECHT_KOLOMMEN.items())
    conn.execute(NUM_MACRO)
    conn.execute(
        "CREATE TEMP TABLE kwb_utr_src AS "
        f"SELECT trim(gwb_code_10) AS regio, CAST(jaar AS INTEGER) AS jaar, ? AS leeftijdsgroep, "
        f"CAST(jaar AS INTEGER) AS indeling, {renames}, "
        "round(num(a_00_14) / nullif(num(a_inw), 0) * 100, 1) AS \"0_15\", "
        "round(num(a_65_oo) / nullif(num(a_inw), 0) * 100, 1) AS \"65plus\" "
        "FROM read_csv(?, all_varchar = true) "
        "WHERE recs <> 'Gemeente'",  # the gemeente row is in the KWB gemeente series already
        [ALLE_LEEFTIJDEN, str(path)],
    )
    wanted = set(UTRECHT_KOLOMMEN.values()) | {"0_15", "65plus"}
    columns = [c for c in catalog_columns("cbs_kwb") if c.kolom in wanted]
    _unpivot_into_waarden(conn, "kwb_utr_src", columns, "cbs_kwb")
    conn.execute("DROP TABLE kwb_utr_src")


# --- ELAN / LUMC ------------------------------------------------------------------------------

ELAN_ZERO_IS_MISSING = "0.0 means 'not available' in ELAN files (PROVENANCE.md §7)"


def _ingest_elan(conn, path: Path, code_column: str, bron: str) -> None:
    conn.execute(
        "CREATE TEMP TABLE elan_src AS "
        f"SELECT trim({quote_ident(code_column)}) AS regio, CAST(YEAR AS INTEGER) AS jaar, "
        "? AS leeftijdsgroep, CAST(YEAR AS INTEGER) AS indeling, * "
        "FROM read_csv(?, all_varchar = true)",
        [ALLE_LEEFTIJDEN, str(path)],
    )
    _unpivot_into_waarden(conn, "elan_src", catalog_columns(bron), bron)
    conn.execute("DROP TABLE elan_src")
    # ELAN_ZERO_IS_MISSING: a real mean income, cost or share of exactly zero does not occur here.
    conn.execute("UPDATE waarden SET waarde = NULL WHERE bron = ? AND waarde = 0", [bron])


def ingest_elan(conn, bronnen_dir: Path) -> None:
    _ingest_elan(conn, _require(bronnen_dir / "elan_lumc_wijk_zorgkosten_inkomen_leiden_leiderdorp_2009_2022.csv"),
                 "WKC", "elan_wijk")
    _ingest_elan(conn, _require(bronnen_dir / "elan_lumc_gemeente_indicatoren_leiden_leiderdorp_2009_2022.csv"),
                 "GMC", "elan_gemeente")


# --- indeling changes -------------------------------------------------------------------------

def check_unique_values(conn) -> None:
    """Each (regio, indicator, jaar, leeftijdsgroep) once: two sources must never give one figure twice."""
    dupes = conn.execute("""
        SELECT regio, indicator, jaar, leeftijdsgroep, count(*) FROM waarden
        GROUP BY ALL HAVING count(*) > 1 LIMIT 5
    """).fetchall()
    if dupes:
        raise BuildError(f"Dubbele cijfers in de opslag, bijvoorbeeld {dupes}. Controleer de bronbestanden.")


def flag_indeling_changes(conn) -> None:
    """Flag the wijken and buurten of every indeling whose wijk code set of a gemeente differs from the
    boundaries' indeling (2024), and that gemeente's 2024 wijken and buurten too; then name RIVM's wijken.

    Works for any indeling year in `regios` (RIVM's 2020, an imported KWB year): figures of a flagged indeling
    are shown on that indeling's own wijken, never drawn on the 2024 polygons (e.g. Vijfheerenlanden: 11 wijken
    in 2020, 39 in 2024). An indeling with the same code set as 2024 stays unflagged: its figures go on the map.
    """
    conn.execute("""
        WITH sets AS (
            SELECT gemeentecode, indeling, list(code ORDER BY code) AS codes
            FROM regios WHERE niveau = 'wijk' GROUP BY ALL
        ), changed AS (
            SELECT a.gemeentecode, a.indeling FROM sets a JOIN sets b
              ON a.gemeentecode = b.gemeentecode AND b.indeling = $grenzen AND a.indeling <> $grenzen
            WHERE a.codes <> b.codes
        )
        UPDATE regios SET indeling_gewijzigd = TRUE
        WHERE niveau IN ('wijk', 'buurt')
          AND ((gemeentecode, indeling) IN (SELECT (gemeentecode, indeling) FROM changed)
               OR (indeling = $grenzen AND gemeentecode IN (SELECT gemeentecode FROM changed)))
    """, {"grenzen": GRENZEN_INDELING})
    _name_ggd_wijken(conn)


def _name_ggd_wijken(conn) -> None:
    """RIVM lists codes without names. A 2020 wijk of a re-divided gemeente keeps the name of the 2024 wijk
    with its code only when the gemeente's 2020 codes all still exist and at most one wijk was added (a split
    such as Biezenmortel from Udenhout, Tilburg); otherwise the same code may denote another area (Almere:
    6 wijken in 2020, 72 in 2024) and the wijk is named by its number: 'Wijk 03 (indeling 2020)'."""
    conn.execute("""
        WITH sets AS (
            SELECT gemeentecode, indeling, list(code) AS codes, count(*) AS aantal
            FROM regios WHERE niveau = 'wijk' AND indeling IN ($ggd, $grenzen) GROUP BY ALL
        ), zelfde_namen AS (
            SELECT a.gemeentecode FROM sets a JOIN sets b
              ON a.gemeentecode = b.gemeentecode AND a.indeling = $ggd AND b.indeling = $grenzen
            WHERE list_has_all(b.codes, a.codes) AND b.aantal - a.aantal <= 1
        )
        UPDATE regios SET naam = 'Wijk ' || right(code, 2) || ' (indeling ' || indeling || ')'
        WHERE niveau = 'wijk' AND indeling = $ggd AND indeling_gewijzigd
          AND gemeentecode NOT IN (SELECT gemeentecode FROM zelfde_namen)
    """, {"ggd": GGD_INDELING, "grenzen": GRENZEN_INDELING})
