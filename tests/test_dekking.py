"""Dekking (issue 15, point 5): stories per wijk and leefgebied against a hand count of the fixture stories, the
list "cijfers maar (bijna) geen verhalen", small cells hidden without a total that gives them back (point 8),
and the page in staff and partner mode."""
from itertools import product

import pandas as pd
import pytest

from core.present import dekking as dekking_grafiek
from core.tellen.figures import ACTUELE_INDELING
from core.tellen.wijkfoto import plekken
from core.vertellen import dekking as dekking_core
from core.vertellen import groepen
from core.vertellen.consent import Zichtbaarheid
from tests.conftest import goto

GEZ, MEE, ZELF, BES, WON = ("gezondheid", "meedoen en sociale contacten", "zelfredzaamheid en zorg",
                            "bestaanszekerheid", "wonen en leefomgeving")
# Hand count of tests/data/verhalen/verhalen_demo.csv, gemeente GM0547: the opgave (thema) of each readable story.
# `nee` stories (V0034, V0026, V0016) are never counted; intern stories (V0014, V0020, V0005) only for staff.
THEMAS = {
    Zichtbaarheid.INTERN: {"WK054700": ["ZL", "ZL", "SL"], "WK054701": ["OO", "SL", "ZL"],
                           "WK054702": ["ZL", "SL", "GD"]},
    Zichtbaarheid.PARTNER: {"WK054700": ["ZL", "ZL"], "WK054701": ["OO", "SL"], "WK054702": ["ZL", "GD"]},
}
# The fixture goal tree: which thema's (resultaten) measure an indicator of each leefgebied (indicatoren.csv).
# ZL Zelfstandig leven, OO Opgroeien en ontwikkelen, GD Een gezond dorp, SL Samen leven in buurten en wijken.
BEREIK = {GEZ: {"GD"}, MEE: {"SL"}, ZELF: {"ZL", "OO", "SL"}, BES: {"ZL"}, WON: set()}


def _dekking(conn, mode, k) -> dekking_core.Dekking:
    return dekking_core.dekking(conn, "GM0547", mode, k, [lg for lg, _ in plekken()], ACTUELE_INDELING)


def _hand(mode) -> dict:
    return {(w, lg): sum(t in BEREIK[lg] for t in themas) for w, themas in THEMAS[mode].items() for lg in BEREIK}


def _cellen(d: dekking_core.Dekking) -> dict:
    return {(w, lg): n for w, lg, n in zip(d.tabel["wijk"], d.tabel["leefgebied"], d.tabel["verhalen"])}


@pytest.mark.parametrize("mode", list(THEMAS))
def test_counts_match_a_hand_count_of_the_fixture_stories(conn, mode):
    d = _dekking(conn, mode, 1)   # k = 1: nothing hidden
    assert d.leefgebieden == (GEZ, MEE, ZELF, BES, WON)
    assert _cellen(d) == _hand(mode)
    assert d.themas[WON] == ()
    assert d.themas[ZELF] == ("Opgroeien en ontwikkelen", "Samen leven in buurten en wijken", "Zelfstandig leven")
    assert not d.zonder_themavraag
    gezondheid = d.tabel[d.tabel["leefgebied"] == GEZ].set_index("wijk")["cijfers"]
    assert (gezondheid > 0).all()    # every wijk has figures of gezondheid (GGD)


def test_figures_but_no_stories_lists_the_empty_and_the_small_cells(conn):
    d = _dekking(conn, Zichtbaarheid.INTERN, 1)
    lijst = d.cijfers_zonder_verhalen
    assert set(zip(lijst["wijk"], lijst["leefgebied"])) == {
        ("WK054700", GEZ), ("WK054701", GEZ), ("WK054700", WON), ("WK054701", WON), ("WK054702", WON)}
    assert list(lijst["leefgebied"][:2]) == [GEZ, GEZ]      # most figures first
    assert d.verhalen_zonder_cijfers.empty                  # every fixture wijk has figures of each leefgebied

    klein = _dekking(conn, Zichtbaarheid.INTERN, 2)
    lijst = klein.cijfers_zonder_verhalen
    cellen = dict(zip(zip(lijst["wijk"], lijst["leefgebied"]), lijst["verhalen_tekst"]))
    assert cellen[("WK054702", GEZ)] == "minder dan 2 verhalen"   # 1 story: 'bijna geen', without its number
    assert ("WK054701", ZELF) not in cellen                         # 3 stories
    assert "niet getoond" not in set(lijst["verhalen_tekst"])       # hidden for differencing: not 'bijna geen'
    assert list(lijst["verhalen_tekst"][:5]) == ["0"] * 5           # no stories at all first


def test_stories_without_figures_is_the_reverse():
    tabel = pd.DataFrame({"wijk": ["W1", "W1", "W2"], "naam": ["Een", "Een", "Twee"], "leefgebied": [GEZ, WON, WON],
                          "cijfers": [2, 0, 0], "verhalen": [6.0, float("nan"), 0.0],
                          "verhalen_tekst": ["6", "minder dan 5 verhalen", "0"]})
    d = dekking_core.Dekking("GM0", 5, (GEZ, WON), tabel, {}, False)
    omgekeerd = d.verhalen_zonder_cijfers
    assert list(zip(omgekeerd["wijk"], omgekeerd["leefgebied"])) == [("W1", WON)]
    assert list(dekking_core.lijst_tabel(omgekeerd).columns) == ["Wijk", "Leefgebied", "Cijfers", "Verhalen"]


def test_small_cells_say_minder_dan_k_and_hide_their_number(conn):
    d = _dekking(conn, Zichtbaarheid.INTERN, 2)
    assert d.matrix.set_index("Wijk").loc["Wijk 01"].tolist() == [
        "0", "minder dan 2 verhalen", "3", "minder dan 2 verhalen", "0"]
    # Wijk 00: the Wijken page shows the wijk's 3 stories; bestaanszekerheid (2) would give the 1 other away
    assert d.matrix.set_index("Wijk").loc["Wijk 00"].tolist() == [
        "0", "minder dan 2 verhalen", "3", "niet getoond", "0"]
    # the chart carries no hidden number either (its data is what a tooltip could show)
    spec = dekking_grafiek.heatmap(d).to_dict()
    rijen = next(iter(spec["datasets"].values()))
    verborgen = [r for r in rijen if r["tooltip"] in ("minder dan 2 verhalen", "niet getoond")]
    assert verborgen and all(r["verhalen"] is None and r["kort"] in ("< 2", "–") for r in verborgen)


def test_of_two_nested_cells_that_differ_by_less_than_k_the_wider_is_hidden():
    """Zelfredzaamheid (13: 3 'Zelfstandig leven' and 10 'Samen leven' stories) minus meedoen (the 10) would give
    the 3 of bestaanszekerheid back, which show as 'minder dan 5'."""
    overlap = {ZELF: [{"ander": MEE, "samen": 10}, {"ander": BES, "samen": 3}],
               MEE: [{"ander": ZELF, "samen": 10}], BES: [{"ander": ZELF, "samen": 3}], GEZ: []}
    ruw = pd.DataFrame({"wijk": "W1", "leefgebied": list(overlap), "verhalen": [13, 10, 3, 0],
                        "wijk_verhalen": 40, "overlap": list(overlap.values())})
    assert dict(zip(ruw["leefgebied"], dekking_core._genest(ruw, 5))) == {ZELF: True, MEE: False, BES: True,
                                                                           GEZ: False}
    assert not dekking_core._genest(ruw.assign(verhalen=[15, 10, 5, 0]), 5).any()   # 5 apart: nothing hidden


def test_partner_mode_also_hides_a_cell_that_a_narrower_story_filter_would_give_away(conn):
    """Wijk 01 has 2 openbaar stories of zelfredzaamheid en zorg (Opgroeien, Samen leven); on Verhalen a partner
    may filter Wijk 01 and one of those thema's (1 story): rule B of core.vertellen.groepen hides the cell."""
    partner = _dekking(conn, Zichtbaarheid.PARTNER, 2).matrix.set_index("Wijk")
    assert partner.loc["Wijk 01"].tolist() == ["0", "minder dan 2 verhalen", "niet getoond", "0", "0"]
    staf = _dekking(conn, Zichtbaarheid.INTERN, 2).matrix.set_index("Wijk")
    assert staf.loc["Wijk 01", ZELF.capitalize()] == "3"    # rule B is for partners only


@pytest.mark.parametrize("mode, k", list(product(THEMAS, (2, 3, 4, 5))))
def test_no_shown_number_gives_a_small_group_away(conn, mode, k):
    """Every shown cell is 0 or at least k; hidden cells of a leefgebied add up to 0 or at least k (or to its
    whole count, when that is 1 to k-1: then the leefgebied's total is nowhere shown either); two shown
    cells of a wijk whose stories lie one inside the other (the thema rule) differ by 0 or at least k; and so does
    a shown cell from its wijk's count where the Wijken page shows that."""
    d = _dekking(conn, mode, k)
    echt, getoond = _hand(mode), _cellen(d)
    klein = lambda x: 0 < x < k   # noqa: E731
    assert not [c for c, n in getoond.items() if pd.notna(n) and klein(n)]
    assert all(pd.isna(getoond[c]) == (d.tabel.set_index(["wijk", "leefgebied"]).loc[c, "verhalen_tekst"]
                                       in (groepen.minder_dan(k), "niet getoond")) for c in getoond)
    for lg in BEREIK:   # unless the leefgebied has 1 to k-1 stories in all: then no total of it is shown anywhere
        if not klein(sum(echt[(w, lg)] for w in THEMAS[mode])):
            assert not klein(sum(echt[(w, lg)] for w in THEMAS[mode] if pd.isna(getoond[(w, lg)]))), lg
    for w, themas in THEMAS[mode].items():
        wijk_n = len(themas) if len(themas) >= k else None
        for a, b in product(BEREIK, BEREIK):
            if a != b and BEREIK[a] <= BEREIK[b] and pd.notna(getoond[(w, a)]) and pd.notna(getoond[(w, b)]):
                assert not klein(getoond[(w, b)] - getoond[(w, a)]), (w, a, b)
        for lg in BEREIK:
            if wijk_n is not None and pd.notna(getoond[(w, lg)]):
                assert not klein(wijk_n - getoond[(w, lg)]), (w, lg)


def test_the_page_for_staff(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    at = goto(app, "pages/dekking.py", gemeente="GM0547")
    assert at.title[0].value == "Dekking"
    matrix = at.table[0].value.set_index("Wijk")
    assert matrix.loc["Wijk 00"].tolist() == ["0", "1", "3", "2", "0"]    # the intern story counts for staff
    lijst = at.table[1].value
    assert ("Wijk 00", "Gezondheid") in set(zip(lijst["Wijk"], lijst["Leefgebied"]))
    assert "Hier zijn verhalen maar geen cijfers" in [s.value for s in at.subheader]
    teksten = " ".join(c.value for c in at.caption)
    assert dekking_core.GEEN_THEMA in teksten and dekking_core.REGEL_TEKST in teksten


def test_the_page_at_k_5_shows_no_small_number(app):
    at = goto(app, "pages/dekking.py", gemeente="GM0547")
    matrix = at.table[0].value.set_index("Wijk")
    waarden = set(matrix.to_numpy().ravel())
    assert waarden <= {"0", "minder dan 5 verhalen", "niet getoond"}
    assert "minder dan 5 verhalen" in waarden


def test_the_page_in_partner_mode_counts_only_openbaar_stories(app, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    at = goto(app, "pages/dekking.py", gemeente="GM0547")
    matrix = at.table[0].value.set_index("Wijk")
    assert matrix.loc["Wijk 00"].tolist() == ["0", "0", "2", "2", "0"]    # V0014 (intern, Samen leven) left out
    assert matrix.loc["Wijk 02"].tolist() == ["1", "0", "1", "1", "0"]
