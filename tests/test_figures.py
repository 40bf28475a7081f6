"""Figure queries on the fixture store: choices, values per wijk, trends, missing years, breaks, goals."""
import pytest

from core.tellen import figures

EENZAAM = "ggd_eenzaam"
ADULTS = "18 jaar of ouder"


def test_indicator_choices_for_a_gemeente(conn):
    frame = figures.wijk_indicatoren(conn, "GM0547").set_index("id")
    assert frame.loc[EENZAAM, "groepen"] == [ADULTS, "65 jaar of ouder", "18 tot 65 jaar"]
    assert list(frame.loc[EENZAAM, "jaren"]) == [2012, 2016, 2020]
    assert list(frame.loc["elan_inkomen", "jaren"]) == list(range(2011, 2023))


def test_values_per_wijk(conn):
    frame = figures.wijk_values(conn, "GM0547", EENZAAM, ADULTS, 2020).set_index("wijk")
    assert list(frame.index) == ["WK054700", "WK054701", "WK054702"]
    assert frame.loc["WK054700", "waarde"] == pytest.approx(47.4)
    assert frame["geometrie"].str.startswith('{"type":').all()


def test_missing_year_stays_missing(conn):
    # the fixture's '.' in 2016 for WK054700: the wijk's trend skips 2016, the gemeente's does not
    frame = figures.trend(conn, ["WK054700", "GM0547", "NL01"], EENZAAM, ADULTS)
    years = frame.groupby("regio")["jaar"].apply(list).to_dict()
    assert years == {"WK054700": [2012, 2020], "GM0547": [2012, 2016, 2020], "NL01": [2012, 2016, 2020]}
    assert set(frame["niveau"]) == {"wijk", "gemeente", "land"}


def test_rivm_figures_not_joined_to_redivided_wijken(conn):
    frame = figures.wijk_values(conn, "GM1961", EENZAAM, ADULTS, 2020)
    assert len(frame) == 3 and frame["waarde"].isna().all()
    assert figures.trend(conn, ["WK196101"], EENZAAM, ADULTS).empty
    # the RIVM figures are offered on the wijken of their own indeling (2020), without a map (issue 13, point 4)
    choice = figures.wijk_indicatoren(conn, "GM1961").set_index("id").loc[EENZAAM]
    assert (choice["indeling"], choice["kaart"]) == (2020, False)


def test_breaks_from_catalog_and_indeling(conn):
    ggd = figures.breaks(conn, EENZAAM, ["WK054700"])
    assert list(ggd["jaar"]) == [2020] and "corona" in ggd["uitleg"].iloc[0]
    assert figures.breaks(conn, "elan_inkomen", ["WK054700"]).empty
    redivided = figures.breaks(conn, "elan_inkomen", ["WK196101"])
    assert list(redivided["soort"]) == ["indeling"]


def test_goal_lines_for_the_trend(conn):
    lines = figures.doel_lijnen(conn, EENZAAM, "GM0547", ADULTS)
    row = lines.iloc[0]
    assert (row.nulmeting_jaar, row.nulmeting, row.streefwaarde, row.streefwaarde_fictief) == (
        2012, pytest.approx(37.3), pytest.approx(34.3), True)
    assert figures.doel_lijnen(conn, EENZAAM, "GM0546", ADULTS).empty  # Leiden has no goal tree


def test_value_at_or_before(conn):
    assert figures.value_at_or_before(conn, "WK054700", EENZAAM, ADULTS, 2019) == (2012, pytest.approx(38.7))
    assert figures.value_at_or_before(conn, "WK054700", EENZAAM, ADULTS, 2011) is None


def test_source_counts_are_the_figures_per_source(conn):
    from core.tellen import queries
    counted = dict(conn.execute("SELECT bron, count(waarde) FROM waarden GROUP BY bron").fetchall())
    shown = queries.bronnen(conn).set_index("id")["waarden"]
    assert shown.to_dict() == {bron: counted.get(bron, 0) for bron in shown.index}
    assert shown["rivm_50090"] > 0


def test_key_figures_of_a_redivided_gemeente_leave_out_rivm(conn):
    from core.tellen import queries
    from core.vertellen.consent import Zichtbaarheid
    overzicht = queries.wijk_overzicht(conn, "GM1961", Zichtbaarheid.INTERN)
    assert overzicht.indeling_gewijzigd and overzicht.tabel["ggd_eenzaam"].isna().all()
    assert overzicht.tabel["kwb_inwoners"].notna().any()
    assert overzicht.vergelijking.set_index("regio")["ggd_eenzaam"].notna().all()  # gemeente and NL keep theirs
    leiderdorp = queries.wijk_overzicht(conn, "GM0547", Zichtbaarheid.INTERN).tabel.set_index("wijk")
    assert leiderdorp.loc["WK054700", "ggd_eenzaam"] == pytest.approx(47.4)
    assert [r.jaar for r in queries.wijk_overzicht(conn, "GM0547", Zichtbaarheid.INTERN).bronnen][1] == 2020


def test_figures_come_from_the_derived_table(conn):
    """region_value reads `vergelijkingen`: the same figure as `waarden` for a land, gemeente or wijk."""
    for regio in ("NL01", "GM0547", "WK054700"):
        raw = conn.execute("SELECT waarde FROM waarden WHERE regio = ? AND indicator = ? AND leeftijdsgroep = ? "
                           "AND jaar = 2020", [regio, EENZAAM, ADULTS]).fetchone()[0]
        assert figures.region_value(conn, regio, EENZAAM, ADULTS, 2020) == pytest.approx(raw)
    assert figures.region_value(conn, "WK054700", EENZAAM, ADULTS, 2016) is None  # missing stays missing
