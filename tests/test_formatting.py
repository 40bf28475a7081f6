from datetime import date

from core import formatting


def test_dutch_numbers():
    assert formatting.getal(12345.678) == "12.345,7"
    assert formatting.getal(0.5, 2) == "0,50"
    assert formatting.getal(None) == "–"
    assert formatting.getal(float("nan")) == "–"


def test_units():
    assert formatting.met_eenheid(45.8, "%") == "45,8%"
    assert formatting.met_eenheid(258000, "euro") == "€ 258.000"
    assert formatting.met_eenheid(16375.0, "aantal") == "16.375"
    assert formatting.met_eenheid(1.2, "km") == "1,2 km"


def test_dates():
    assert formatting.datum(date(2024, 3, 5)) == "5 maart 2024"


def test_hidden_and_removed_stories_are_told_apart():
    from core.formatting import verborgen_melding
    assert verborgen_melding(0, "deze set") is None
    assert verborgen_melding(3, "deze set", verwijderd=2) == (
        "1 verhaal uit deze set wordt niet getoond. Het mag hier niet (meer) gebruikt worden. "
        "2 verhalen uit deze set staan niet meer in de opslag: hun import is verwijderd.")
    assert verborgen_melding(2, "deze sessie") == (
        "2 verhalen uit deze sessie worden niet getoond. Ze mogen hier niet (meer) gebruikt worden.")
