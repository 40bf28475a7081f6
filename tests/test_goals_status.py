"""Goal tree status: op koers / niet op koers / onbekend."""
import pandas as pd
import pytest

from core.present import views
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


def test_doelen_rows_for_the_whole_tree_are_the_rows_of_each_doel(conn):
    """The Doelen page formats the whole tree once and shows each doel's slice of it."""
    table = goals.goal_table(conn, "GM0547")
    rows = views.doelen_rijen(table)
    linked = table[table["indicator"].notna()]
    assert list(rows.index) == list(linked.index)
    assert list(rows.columns) == ["Indicator", "Nulmeting", "Laatste", "Streefwaarde", "Status"]
    for _, per_doel in table.groupby("doel_id", sort=False):
        eigen = views.doelen_rijen(per_doel)  # empty for a doel without an indicator: compare the content
        assert rows[rows.index.isin(per_doel.index)].to_dict("split") == eigen.to_dict("split")
    eenzaam = rows.loc[linked.index[linked["indicator"] == "ggd_eenzaam"][0]]
    label = linked.loc[linked["indicator"] == "ggd_eenzaam", "label"].iloc[0]
    assert eenzaam.to_dict() == {"Indicator": f"{label} (18 jaar of ouder)", "Nulmeting": "37,3% (2012)",
                                 "Laatste": "45,8% (2020)", "Streefwaarde": "34,3% (2024, fictief voorbeeld)",
                                 "Status": views.STATUS_MARKDOWN["niet op koers"]}


def test_doelen_rows_show_a_dash_for_what_is_missing(conn):
    table = goals.goal_table(conn, "GM0547")
    linked = table[table["indicator"].notna()].head(2).copy()
    linked["leeftijdsgroep"] = "alle leeftijden"
    linked["laatste_jaar"] = pd.array([None, 2020], dtype="Int32")
    linked["streefwaarde"] = [float("nan"), 1.0]
    rows = views.doelen_rijen(linked)
    assert list(rows["Indicator"]) == list(linked["label"])  # no age group for "alle leeftijden"
    assert rows["Laatste"].iloc[0] == "–" and rows["Laatste"].iloc[1] != "–"
    assert rows["Streefwaarde"].iloc[0] == "–" and rows["Streefwaarde"].iloc[1] != "–"
