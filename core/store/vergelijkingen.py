"""What the figure pages compare, derived once at build: sql/vergelijkingen.sql after every ingest step.

The rules live here once: the thresholds of a verdict, the size of the reference group and its profile.
core.tellen.wijkfoto judges with the same constants in Python (a test holds both to the same answers).
Tables made (docs/schema.md): `vergelijkingen`, `referentiegroepen`, `breuken`, `bron_tellingen`.
"""
from __future__ import annotations

from core.catalog import CATALOG_DIR
from core.ingest.figures import GRENZEN_INDELING
from core.store.db import read_sql

# A wijk differs from a comparison value when the gap is at least this large: 1,5 percentage point
# for percentages (about the uncertainty of RIVM's wijk estimates), otherwise 5% of the value.
DREMPEL_PROCENTPUNT = 1.5
DREMPEL_RELATIEF = 0.05
REFERENTIE_AANTAL = 8
REFERENTIE_MINIMUM = 3
# The profile that makes wijken alike: share of 65+ (CBS 2024) and 'moeite met rondkomen' (GGD 2020).
PROFIEL = (("kwb_65plus", "alle leeftijden", 2024), ("ggd_moeite_rondkomen", "18 jaar of ouder", 2020))


def variabelen() -> dict:
    """The values sql/vergelijkingen.sql reads with getvariable()."""
    (leeftijd, leeftijd_groep, leeftijd_jaar), (inkomen, inkomen_groep, inkomen_jaar) = PROFIEL
    return {
        "actuele_indeling": GRENZEN_INDELING, "breuken_csv": str(CATALOG_DIR / "breuken.csv"),
        "drempel_procentpunt": DREMPEL_PROCENTPUNT, "drempel_relatief": DREMPEL_RELATIEF,
        "referentie_aantal": REFERENTIE_AANTAL, "referentie_minimum": REFERENTIE_MINIMUM,
        "profiel_leeftijd": leeftijd, "profiel_leeftijd_groep": leeftijd_groep, "profiel_leeftijd_jaar": leeftijd_jaar,
        "profiel_inkomen": inkomen, "profiel_inkomen_groep": inkomen_groep, "profiel_inkomen_jaar": inkomen_jaar,
    }


def derive(conn) -> None:
    """Make the derived tables in the store being built (after the ingest and the indeling flags)."""
    for name, value in variabelen().items():
        conn.execute(f"SET VARIABLE {name} = ?", [value])  # names from the fixed dict above
    conn.execute(read_sql("vergelijkingen.sql"))
    for name in variabelen():
        conn.execute(f"RESET VARIABLE {name}")
