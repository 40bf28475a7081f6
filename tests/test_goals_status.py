"""Goal tree status: op koers / niet op koers / onbekend."""
import pytest

from core.tellen import goals


@pytest.mark.parametrize("richting, nul_jaar, nul, laatste_jaar, laatste, streef, verwacht", [
    ("lager_beter", 2012, 37.3, 2020, 35.0, 34.3, "op koers"),
    ("lager_beter", 2012, 37.3, 2020, 45.8, 34.3, "niet op koers"),
    ("hoger_beter", 2016, 90.0, 2020, 91.0, 93.0, "op koers"),
    ("hoger_beter", 2016, 90.0, 2020, 95.0, 93.0, "op koers"),      # target passed
    ("hoger_beter", 2020, 46.7, 2020, 46.7, 43.7, "onbekend"),      # no figure after the nulmeting
    ("lager_beter", 2012, 37.3, 2020, 35.0, None, "onbekend"),      # no streefwaarde
    ("lager_beter", 2012, 37.3, 2020, 37.3, 34.3, "niet op koers"),  # no movement
])
def test_status(richting, nul_jaar, nul, laatste_jaar, laatste, streef, verwacht):
    assert goals.status(richting, nul_jaar, nul, laatste_jaar, laatste, streef) == verwacht


def test_goal_table_on_fixture(conn):
    table = goals.goal_table(conn, "GM0547")
    assert list(dict.fromkeys(table["resultaat"])) == [
        "Zelfstandig leven", "Opgroeien en ontwikkelen", "Een gezond dorp", "Samen leven in buurten en wijken"]
    row = table[(table["doel_id"] == "R4.a.iv") & (table["indicator"] == "ggd_eenzaam")].iloc[0]
    assert (row.laatste_jaar, row.laatste, row.status) == (2020, pytest.approx(45.8), "niet op koers")
    taal = table[table["doel_id"] == "R1.a.iv"].iloc[0]
    assert taal.indicator is None or taal.indicator != taal.indicator  # no indicator linked
    assert goals.goal_table(conn, "GM0546").empty
