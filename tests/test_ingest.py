"""Ingest quirks of the real sources, on fixture files cut from them (tests/data/make_fixtures.py)."""
import duckdb
import pytest

from core.errors import BuildError
from core.ingest.figures import check_unique_values


def value(conn, regio, indicator, jaar, groep="18 jaar of ouder"):
    rows = conn.execute("SELECT waarde FROM waarden WHERE regio = ? AND indicator = ? AND jaar = ? "
                        "AND leeftijdsgroep = ?", [regio, indicator, jaar, groep]).fetchall()
    assert len(rows) == 1, f"expected one row for {regio} {indicator} {jaar} {groep}, got {rows}"
    return rows[0][0]


def test_cbs_missing_marker_becomes_null_not_zero(conn):
    # make_fixtures.py put '.' in Eenzaam_28 of WK054700, 2016, 18+
    assert value(conn, "WK054700", "ggd_eenzaam", 2016) is None
    assert value(conn, "WK054700", "ggd_eenzaam", 2012) == pytest.approx(38.7)


def test_parquet_missing_markers_become_null_not_zero(conn):
    # make_fixtures.py put -99995 and -99997 (CBS/PDOK "geheim" and "niet beschikbaar") into the parquet
    # in WK054609, 2012, 18 tot 65 jaar; the same wijk's other cells keep their figures
    assert value(conn, "WK054609", "ggd_eenzaam", 2012, "18 tot 65 jaar") is None
    assert value(conn, "WK054609", "ggd_ervaren_gezondheid", 2012, "18 tot 65 jaar") is None
    assert value(conn, "WK054609", "ggd_eenzaam", 2012) == pytest.approx(36.3)
    assert value(conn, "WK054609", "ggd_ervaren_gezondheid", 2012, "65 jaar of ouder") == pytest.approx(59.4)
    assert conn.execute("SELECT count(*) FROM waarden WHERE waarde < -9000").fetchone()[0] == 0


def test_empty_cell_becomes_null(conn):
    # RIVM has no beweegrichtlijn figure in 2012: the cell is empty in the source
    assert value(conn, "NL01", "ggd_beweegrichtlijn", 2012) is None
    assert value(conn, "NL01", "ggd_ervaren_gezondheid", 2012) == pytest.approx(76.1)


def test_elan_zero_means_not_available(conn):
    # make_fixtures.py put 0.0 in ZVWKOSTENPSYCHO_MEAN of WK054600, 2009
    assert value(conn, "WK054600", "elan_kosten_ggz", 2009, "alle leeftijden") is None
    assert value(conn, "WK054600", "elan_kosten_ggz", 2010, "alle leeftijden") > 0


def test_codes_are_trimmed(conn):
    assert value(conn, "WK054701", "ggd_eenzaam", 2020) is not None
    padded = conn.execute("SELECT count(*) FROM waarden WHERE regio <> trim(regio)").fetchone()[0]
    assert padded == 0
    assert conn.execute("SELECT count(*) FROM regios WHERE code <> trim(code)").fetchone()[0] == 0


def test_fractions_become_labelled_percentages(conn):
    # ELAN gemeente file: Welfare_benefit_user is a fraction 0.0111889... for Leiderdorp 2011
    assert value(conn, "GM0547", "elan_bijstand", 2011, "alle leeftijden") == pytest.approx(1.11889, rel=1e-4)
    assert conn.execute("SELECT eenheid FROM indicatoren WHERE id = 'elan_bijstand'").fetchone()[0] == "%"


def test_thousands_of_euros_become_euros(conn):
    assert value(conn, "GM0547", "kwb_woz", 2012, "alle leeftijden") == pytest.approx(258000)


def test_age_groups_from_codes_and_missing_2020_18_65(conn):
    groups = {r[0] for r in conn.execute(
        "SELECT DISTINCT leeftijdsgroep FROM waarden WHERE bron = 'rivm_50090'").fetchall()}
    assert groups == {"18 jaar of ouder", "18 tot 65 jaar", "65 jaar of ouder"}
    years = conn.execute("SELECT list(DISTINCT jaar ORDER BY jaar) FROM waarden WHERE regio = 'GM0547' "
                         "AND leeftijdsgroep = '18 tot 65 jaar'").fetchone()[0]
    assert years == [2012, 2016]


def test_csv_and_parquet_overlap_once(conn):
    # NL01 is in both the selection CSV and the national parquet; every figure is stored once
    n = conn.execute("SELECT count(*) FROM waarden WHERE regio = 'NL01' AND indicator = 'ggd_eenzaam'").fetchone()[0]
    assert n == 8  # 3 years x 3 age groups, minus 2020 18-65


def test_indeling_change_is_flagged(conn):
    flags = dict(conn.execute("SELECT code || '/' || indeling, indeling_gewijzigd FROM regios "
                              "WHERE code IN ('WK196101', 'WK054700')").fetchall())
    assert flags == {"WK196101/2020": True, "WK196101/2024": True,
                     "WK054700/2020": False, "WK054700/2024": False}
    name_2020 = conn.execute("SELECT naam FROM regios WHERE code = 'WK196101' AND indeling = 2020").fetchone()[0]
    name_2024 = conn.execute("SELECT naam FROM regios WHERE code = 'WK196101' AND indeling = 2024").fetchone()[0]
    assert name_2020 == "Wijk 01 (indeling 2020)" and name_2024 == "Tienhoven aan de Lek"


def test_demo_wijken_have_three_ggd_years_and_geometry(conn):
    rows = conn.execute("""
        SELECT r.code, count(DISTINCT w.jaar), any_value(r.geometrie IS NOT NULL)
        FROM regios r JOIN waarden w ON w.regio = r.code AND w.bron = 'rivm_50090' AND w.waarde IS NOT NULL
        WHERE r.gemeentecode = 'GM0547' AND r.niveau = 'wijk' AND r.indeling = 2024 GROUP BY r.code
    """).fetchall()
    assert sorted(rows) == [("WK054700", 3, True), ("WK054701", 3, True), ("WK054702", 3, True)]


def test_duplicate_figures_fail_the_build(conn):
    mem = duckdb.connect()
    mem.execute("CREATE TABLE waarden AS SELECT * FROM (VALUES ('GM0547', 'x', 2020, 'alle leeftijden'), "
                "('GM0547', 'x', 2020, 'alle leeftijden')) t(regio, indicator, jaar, leeftijdsgroep)")
    with pytest.raises(BuildError, match="Dubbele cijfers"):
        check_unique_values(mem)


def test_goal_tree_nulmeting_is_earliest_real_value(conn):
    row = conn.execute("SELECT nulmeting_jaar, nulmeting, streefwaarde, streefwaarde_fictief FROM doel_indicatoren "
                       "WHERE doel = 'R4.a.iv' AND indicator = 'ggd_eenzaam'").fetchone()
    assert row == (2012, pytest.approx(37.3), pytest.approx(34.3), True)
    levels = dict(conn.execute("SELECT niveau, count(*) FROM doelen GROUP BY ALL").fetchall())
    assert levels == {"resultaat": 4, "opgave": 4, "doel": 15}  # Bijlage 1: 4 + 5 + 2 + 4 doelen
