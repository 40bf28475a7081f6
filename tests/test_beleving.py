"""Cijfer en beleving (issue 15, point 3, and point 8 for it): per leefgebied the figure next to what the stories
about it say (share positive, n, median), the change of both, and a flag where they point in different directions.

The hand count reads the fixture story file with the csv module (no SQL). The flags are built with extra stories
imported through the real importer (as tests/test_search.py does): on Leiderdorp's Wijk 00 the figure of
gezondheid (ervaren gezondheid, 75,4% in 2016 -> 79,2% in 2020) improves, the one of meedoen (eenzaam, 38,7% in 2012
-> 47,4% in 2020, lower is better) worsens; the extra stories make the first leefgebied's stories negative and the
second's positive from 2019 to 2020.
"""
import csv
import statistics
from pathlib import Path

import pytest

from core.store import verhalen as verhaalopslag
from core.store.db import connect_readonly
from core.tellen import beleving
from core.vertellen.consent import Zichtbaarheid
from tests.conftest import goto

TEST_DATA = Path(__file__).parent / "data"
VERHALEN = TEST_DATA / "verhalen" / "verhalen_demo.csv"
KADER = TEST_DATA / "verhalen" / "kader_leiderdorp.json"
GEMEENTE, WIJK = "GM0547", "WK054700"
GEZOND, SAMEN = "Een gezond dorp", "Samen leven in buurten en wijken"
ZELFSTANDIG = "Zelfstandig leven"


def per_leefgebied(rijen) -> dict:
    return {b.leefgebied: b for b in rijen}


# --- the hand count on the fixture stories --------------------------------------------------------------------

def hand_count(wijk: str, jaar: int, themas: set[str], toegestaan=("openbaar", "intern")) -> tuple[int, int, float]:
    """(n, positive, median) of the fixture stories of a wijk and year with one of the thema's and an answer to
    'ervaring', read from the CSV (none of them is held back by the personal data check but the 'nee' ones)."""
    with open(VERHALEN, encoding="utf-8") as fh:
        antwoorden = [float(r["ervaring"]) for r in csv.DictReader(fh)
                      if r["wijkcode"] == wijk and int(r["jaar_ervaring"]) == jaar and r["opgave"] in themas
                      and r["ervaring"] != "" and r["toestemming"] in toegestaan]
    return len(antwoorden), sum(a >= 60 for a in antwoorden), statistics.median(antwoorden) if antwoorden else None


def test_the_rule_links_leefgebieden_through_the_thema_of_the_goal_tree(conn):
    themas = beleving.leefgebied_themas(conn, GEMEENTE)
    assert themas["gezondheid"] == [GEZOND]
    assert themas["meedoen en sociale contacten"] == [SAMEN]
    assert set(themas["zelfredzaamheid en zorg"]) == {ZELFSTANDIG, SAMEN, "Opgroeien en ontwikkelen"}
    assert "wonen en leefomgeving" not in themas     # no indicator of it in the goal tree: no stories


@pytest.mark.parametrize("leefgebied,themas", [("zelfredzaamheid en zorg", {ZELFSTANDIG, SAMEN,
                                                                              "Opgroeien en ontwikkelen"}),
                                                ("bestaanszekerheid", {ZELFSTANDIG})])
def test_share_n_and_median_match_a_hand_count(conn, leefgebied, themas):
    b = per_leefgebied(beleving.voor_wijk(conn, WIJK, GEMEENTE, Zichtbaarheid.INTERN, 1, 2020))[leefgebied]
    for jaarverhalen, jaar in ((b.nu, 2020), (b.vorig, 2019)):
        n, positief, mediaan = hand_count(WIJK, jaar, themas)
        assert jaarverhalen.jaar == jaar
        assert jaarverhalen.n == n
        if n:
            assert jaarverhalen.aandeel == pytest.approx(positief / n)
            assert jaarverhalen.mediaan == pytest.approx(mediaan)
    assert b.indicator in ("ggd_regie_eigen_leven", "ggd_moeite_rondkomen")   # the leefgebied's outcome figure


def test_the_figure_is_the_latest_against_the_previous_measurement(conn):
    b = per_leefgebied(beleving.voor_wijk(conn, WIJK, GEMEENTE, Zichtbaarheid.INTERN, 5, 2020))["gezondheid"]
    assert (b.indicator, b.vorig_jaar, b.vorige_waarde, b.jaar, b.waarde) == \
        ("ggd_ervaren_gezondheid", 2016, 75.4, 2020, 79.2)
    assert b.cijfer == "beter"
    assert beleving.cijfer_zin(b) == "79,2% in 2020. In 2016: 75,4%, dus verbeterd."


def test_fixture_groups_below_k_show_no_n_share_or_median(conn):
    b = per_leefgebied(beleving.voor_wijk(conn, WIJK, GEMEENTE, Zichtbaarheid.INTERN, 5, 2020))["bestaanszekerheid"]
    assert hand_count(WIJK, 2019, {ZELFSTANDIG})[0] == 2
    assert (b.vorig.n, b.vorig.aandeel, b.vorig.mediaan) == (None, None, None)
    assert b.vorig.verborgen == "minder dan 5 verhalen"
    assert "minder dan 5 verhalen" in beleving.verhalen_zin(b.vorig, 5)
    assert b.verhalen == "onbekend" and b.vlag is None


# --- the flags: extra stories -----------------------------------------------------------------------------------

def _rij(header, nr, jaar, thema, ervaring, toestemming="openbaar") -> dict:
    row = dict.fromkeys(header, "")
    row.update(verhaal_id=f"B{nr:03d}", titel=f"Beleving {nr}", verhaal="Een kort verhaal over de buurt.",
               wijkcode=WIJK, jaar_ervaring=str(jaar), datum_verzameld=f"{jaar}-06-01", project="Test",
               toestemming=toestemming, leeftijdsgroep="41 tot 66 jaar", rol="inwoner", fictief="ja",
               opgave=thema, ervaring=str(ervaring))
    return row


def extra_stories() -> list[tuple]:
    """(jaar, thema, ervaring, toestemming). Gezondheid: 6 positive in 2019, 6 negative in 2020 (openbaar) and 5
    positive in 2020 only staff may read. Meedoen: 5 negative in 2019, 5 positive and 4 negative in 2020 (with the
    fixture's one negative story of 2020: 10, half of them positive)."""
    return ([(2019, GEZOND, 80, "openbaar")] * 6 + [(2020, GEZOND, 20, "openbaar")] * 6
            + [(2020, GEZOND, 90, "intern")] * 5
            + [(2019, SAMEN, 10, "openbaar")] * 5 + [(2020, SAMEN, 90, "openbaar")] * 5
            + [(2020, SAMEN, 30, "openbaar")] * 4)


@pytest.fixture()
def extended(fixture_store, writable_verhalen, tmp_path) -> Path:
    with open(VERHALEN, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    path = tmp_path / "beleving.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for nr, verhaal in enumerate(extra_stories()):
            writer.writerow(_rij(header, nr, *verhaal))
    verhaalopslag.importeer(fixture_store, writable_verhalen, path, KADER)
    return writable_verhalen


def rijen(store, verhalen, mode=Zichtbaarheid.INTERN, k=5) -> dict:
    with connect_readonly(store, verhalen) as conn:
        return per_leefgebied(beleving.voor_wijk(conn, WIJK, GEMEENTE, mode, k, 2020))


def test_figure_improves_while_stories_turn_negative(fixture_store, extended):
    b = rijen(fixture_store, extended)["gezondheid"]
    assert (b.vorig.n, b.vorig.aandeel, b.nu.n, b.nu.aandeel) == (6, 1.0, 11, pytest.approx(5 / 11))
    assert (b.vorig.mediaan, b.nu.mediaan) == (80, 20)
    assert (b.cijfer, b.verhalen, b.vlag) == ("beter", "negatiever", beleving.VLAG_BETER)


def test_partner_mode_hides_a_year_that_differs_by_less_than_k_from_a_wider_view(fixture_store, extended):
    """Rule B: the 6 gezondheid stories of Wijk 00 in 2019 are all openbaar stories of Leiderdorp about that thema
    in 2019 but one (V0007, Wijk 02): the gemeente's view minus this one would give that one story away."""
    assert hand_count("WK054702", 2019, {GEZOND}, ("openbaar",))[0] == 1
    b = rijen(fixture_store, extended, Zichtbaarheid.PARTNER)["gezondheid"]
    assert (b.vorig.n, b.vorig.aandeel, b.vorig.verborgen) == (None, None, "niet getoond")
    assert (b.nu.n, b.nu.aandeel) == (6, 0.0)
    assert b.vlag is None


def test_figure_worsens_while_stories_turn_positive(fixture_store, extended):
    b = rijen(fixture_store, extended)["meedoen en sociale contacten"]
    assert (b.indicator, b.cijfer) == ("ggd_eenzaam", "slechter")
    assert (b.vorig.n, b.vorig.aandeel, b.nu.n, b.nu.aandeel) == (5, 0.0, 10, 0.5)
    assert (b.verhalen, b.vlag) == ("positiever", beleving.VLAG_SLECHTER)


def test_extended_share_n_and_median_match_a_hand_count(fixture_store, extended, conn):
    """The fixture's groups hold one or two answers (their median is their mean): the extended store's groups of
    5 to 11 answers against a count of the fixture file and the extra stories, in Python."""
    themas = beleving.leefgebied_themas(conn, GEMEENTE)
    for mode, toegestaan in ((Zichtbaarheid.INTERN, ("openbaar", "intern")), (Zichtbaarheid.PARTNER, ("openbaar",))):
        for leefgebied, b in rijen(fixture_store, extended, mode, k=1).items():
            for jaarverhalen, jaar in ((b.nu, 2020), (b.vorig, 2019)):
                thema = set(themas.get(leefgebied, []))
                extra = [e for j, t, e, c in extra_stories() if j == jaar and t in thema and c in toegestaan]
                n, positief, _ = hand_count(WIJK, jaar, thema, toegestaan)
                with open(VERHALEN, encoding="utf-8") as fh:
                    fixture = [float(r["ervaring"]) for r in csv.DictReader(fh) if r["wijkcode"] == WIJK
                               and int(r["jaar_ervaring"]) == jaar and r["opgave"] in thema and r["ervaring"]
                               and r["toestemming"] in toegestaan]
                alle = fixture + extra
                assert jaarverhalen.verborgen is None     # k = 1: nothing is hidden
                assert jaarverhalen.n == len(alle) == n + len(extra), (leefgebied, jaar, mode)
                if alle:
                    assert jaarverhalen.aandeel == pytest.approx(sum(a >= 60 for a in alle) / len(alle))
                    assert jaarverhalen.mediaan == pytest.approx(statistics.median(alle))


def test_a_neutral_indicator_gets_no_flag():
    assert beleving.vlag("hoger", "negatiever") is None and beleving.vlag("lager", "positiever") is None
    assert beleving.vlag("beter", "positiever") is None and beleving.vlag("slechter", "negatiever") is None


def test_a_group_below_k_hides_share_median_and_flag(fixture_store, extended):
    b = rijen(fixture_store, extended, k=11)["meedoen en sociale contacten"]
    assert (b.nu.n, b.nu.aandeel, b.nu.mediaan, b.nu.verborgen) == (None, None, None, "minder dan 11 verhalen")
    assert (b.verhalen, b.vlag) == ("onbekend", None)


def test_a_share_whose_part_is_below_k_is_not_shown(fixture_store, extended):
    """Staff, gezondheid 2020: 11 stories, 5 positive and 6 not; with k = 6 the 5 positive are a small group."""
    b = rijen(fixture_store, extended, k=6)["gezondheid"]
    assert (b.nu.n, b.nu.aandeel) == (11, None)
    assert b.vlag is None


def test_partner_mode_counts_only_openbaar_stories(fixture_store, extended):
    staff = rijen(fixture_store, extended)["gezondheid"]
    partner = rijen(fixture_store, extended, Zichtbaarheid.PARTNER)["gezondheid"]
    assert (staff.nu.n, staff.nu.aandeel) == (11, pytest.approx(5 / 11))
    assert (partner.nu.n, partner.nu.aandeel) == (6, 0.0)


# --- the pages -----------------------------------------------------------------------------------------------

def page_text(at) -> str:
    parts = [e.value for kind in ("text", "markdown", "caption", "warning", "subheader") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def test_wijkfoto_shows_the_flags(app, extended, monkeypatch):
    monkeypatch.setenv("TV_VERHALEN", str(extended))
    at = goto(app, "pages/wijkfoto.py", gemeente=GEMEENTE, wijk=WIJK, jaar="2020")
    assert "Cijfer en beleving" in [s.value for s in at.subheader]
    waarschuwingen = [w.value for w in at.warning]
    assert f"Let op: {beleving.VLAG_BETER}." in waarschuwingen
    assert f"Let op: {beleving.VLAG_SLECHTER}." in waarschuwingen
    tekst = page_text(at)
    assert "Verhalen uit 2020: 11 verhalen met een antwoord, 45% positief, mediaan 20." in tekst
    assert "Verhalen uit 2019: minder dan 5 verhalen. Geen aandeel en geen mediaan." in tekst   # bestaanszekerheid
    assert beleving.GEEN_THEMA in tekst                                                        # wonen


def test_tellen_vertellen_shows_the_chosen_indicator(app, extended, monkeypatch):
    monkeypatch.setenv("TV_VERHALEN", str(extended))
    at = goto(app, "pages/tellen_vertellen.py", gemeente=GEMEENTE, wijk=WIJK, indicator="ggd_eenzaam")
    assert "Cijfer en beleving" in [s.value for s in at.subheader]
    assert [w.value for w in at.warning if "Let op: cijfer" in w.value] == [f"Let op: {beleving.VLAG_SLECHTER}."]
    assert "47,4% in 2020. In 2012: 38,7%, dus verslechterd." in page_text(at)
    assert beleving.uitleg(5, per_leefgebied=False) in page_text(at)


def test_partner_mode_page_shows_only_openbaar_counts(app, extended, monkeypatch):
    monkeypatch.setenv("TV_VERHALEN", str(extended))
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/wijkfoto.py", gemeente=GEMEENTE, wijk=WIJK, jaar="2020")
    tekst = page_text(at)
    assert "Verhalen uit 2020: 6 verhalen met een antwoord, 0% positief, mediaan 20." in tekst
    assert "11 verhalen" not in tekst     # the intern stories are not counted for partners


def test_the_fixture_wijkfoto_says_small_groups_are_hidden(app):
    at = goto(app, "pages/wijkfoto.py", gemeente=GEMEENTE, wijk=WIJK, jaar="2020")
    assert "Cijfer en beleving" in [s.value for s in at.subheader]
    assert "Verhalen uit 2019: minder dan 5 verhalen. Geen aandeel en geen mediaan." in page_text(at)
    assert not [w for w in at.warning if "Let op: cijfer" in w.value]


def test_the_flags_fit_a_phone(fixture_store, extended, artifacts):
    """The one browser test: the wijkfoto with both flags at 390 px (the phone check of test_telefoon)."""
    from tests.conftest import serve
    from tests.test_telefoon import _bekijk, _geen_fouten
    verwacht = ["Cijfer en beleving", f"Let op: {beleving.VLAG_BETER}.", f"Let op: {beleving.VLAG_SLECHTER}."]
    with serve(fixture_store, extended) as url:
        uitkomst = _bekijk(url, "wijkfoto", f"?gemeente={GEMEENTE}&wijk={WIJK}&jaar=2020", verwacht,
                           artifacts / "telefoon_beleving.png")
    _geen_fouten("wijkfoto met cijfer en beleving", uitkomst)
