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
