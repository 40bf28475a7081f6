"""Aandachtslijst (issue 15, points 1 and 8): the figures where a wijk is worse than its gemeente AND got worse since
its previous measurement, ranked, with the stories that belong to them (core.tellen.aandacht, pages/aandacht.py,
the wijkfoto's section "Aandachtspunten"). Small groups and consent as everywhere (core.vertellen.groepen)."""
import pandas as pd
import pytest

from core.present import views
from core.tellen import aandacht, wijkfoto
from core.vertellen.consent import Zichtbaarheid
from tests.conftest import goto

GEMEENTEN = ["GM0546", "GM0547", "GM1961", "GM0003", "GM0344"]


def _paren(frame) -> set:
    return set(zip(frame["wijk"], frame["indicator"]))


def _rij(frame, wijk, indicator):
    rijen = frame[(frame["wijk"] == wijk) & (frame["indicator"] == indicator)]
    assert len(rijen) == 1, rijen
    return rijen.iloc[0]


# --- core, on the fixture store ----------------------------------------------------------------------------

def test_a_wijk_worse_than_its_gemeente_and_worse_than_before_is_listed(conn):
    """Wijk 00 of Leiderdorp, risico op angst of depressie (18 tot 65 jaar): 51,6% against 49,5% for the gemeente
    in 2016, and 38,7% in 2012 (lower is better): worse than the gemeente and worse than before."""
    lijst = aandacht.aandachtslijst(conn, "GM0547")
    rij = _rij(lijst.items, "WK054700", "ggd_risico_angst_depressie")
    assert (rij.status, rij.leeftijdsgroep, rij.jaar, rij.vorig_jaar) == ("verslechterd", "18 tot 65 jaar", 2016, 2012)
    assert (rij.waarde, rij.gemeente_waarde, rij.vorige_waarde) == (51.6, 49.5, 38.7)
    assert rij["naam"] == "Wijk 00"


def test_a_figure_worse_than_the_gemeente_that_improved_is_not_listed(conn):
    """Wijk 00, moeite met rondkomen (18 tot 65 jaar): worse than the gemeente in 2016, but better than in 2012."""
    rij = conn.execute("SELECT waarde, gemeente_waarde, vorige_waarde, oordeel FROM vergelijkingen WHERE regio = "
                       "'WK054700' AND indicator = 'ggd_moeite_rondkomen' AND leeftijdsgroep = '18 tot 65 jaar' "
                       "AND jaar = 2016").fetchone()
    assert rij == (19.8, 17.4, 24.7, "slechter")     # the case: worse than the gemeente, improved since 2012
    lijst = aandacht.aandachtslijst(conn, "GM0547")
    assert ("WK054700", "ggd_moeite_rondkomen") not in _paren(lijst.items) | _paren(lijst.breuken)


def test_a_change_across_a_break_is_not_a_worsening(conn):
    """Binnenstad-Zuid (Leiden), emotioneel eenzaam (18+): 25,8% in 2016, 34,7% in 2020, worse than the gemeente;
    but RIVM's 2020 measurement is a break (corona, catalog breuken.csv): 'niet te vergelijken (breuk)'."""
    lijst = aandacht.aandachtslijst(conn, "GM0546")
    rij = _rij(lijst.breuken, "WK054600", "ggd_emotioneel_eenzaam")
    assert (rij.status, rij.vorig_jaar, rij.jaar, rij.vorige_waarde, rij.waarde) == ("breuk", 2016, 2020, 25.8, 34.7)
    assert pd.isna(rij.verslechtering)
    assert ("WK054600", "ggd_emotioneel_eenzaam") not in _paren(lijst.items)
    assert aandacht.BREUK_TEKST == "niet te vergelijken (breuk)"


def test_ranked_by_the_gap_with_the_gemeente_and_the_worsening_in_threshold_steps(conn):
    items = aandacht.aandachtslijst(conn, "GM0547").items
    assert list(items["indicator"]) == ["ggd_risico_angst_depressie", "ggd_eenzaam", "ggd_emotioneel_eenzaam"]
    assert list(items["rang"]) == [1, 2, 3]
    eerste = items.iloc[0]     # 51,6 - 49,5 = 2,1 and 51,6 - 38,7 = 12,9 procentpunt, in steps of 1,5
    assert eerste.achterstand == pytest.approx(1.4) and eerste.verslechtering == pytest.approx(8.6)
    assert eerste.score == pytest.approx(10.0)
    for gemeente in GEMEENTEN:
        scores = aandacht.aandachtslijst(conn, gemeente).items["score"]
        assert scores.is_monotonic_decreasing


def _verwacht(conn, gemeente: str, indeling: int) -> tuple[set, set]:
    """The rule worked out in Python with the wijkfoto's own verdict (core.tellen.wijkfoto.oordeel), per series."""
    reeksen = conn.execute("""
        SELECT v.regio AS wijk, v.indicator, v.waarde, v.gemeente_waarde, v.vorige_waarde, v.breuk_sinds_vorige,
               i.eenheid, i.richting
        FROM vergelijkingen v JOIN indicatoren i ON i.id = v.indicator
        WHERE v.gemeentecode = ? AND v.niveau = 'wijk' AND v.wijkindeling = ?
        QUALIFY row_number() OVER (PARTITION BY v.regio, v.indicator, v.leeftijdsgroep ORDER BY v.jaar DESC) = 1
    """, [gemeente, indeling]).df()
    slechter = pd.Series([wijkfoto.oordeel(r.waarde, r.gemeente_waarde, r.eenheid, r.richting) == "slechter"
                          and not pd.isna(r.vorige_waarde) for r in reeksen.itertuples()], index=reeksen.index,
                         dtype=bool)
    reeksen = reeksen[slechter]
    achteruit = pd.Series([wijkfoto.oordeel(r.waarde, r.vorige_waarde, r.eenheid, r.richting) == "slechter"
                           for r in reeksen.itertuples()], index=reeksen.index, dtype=bool)
    items = _paren(reeksen[~reeksen["breuk_sinds_vorige"] & achteruit])
    return items, _paren(reeksen[reeksen["breuk_sinds_vorige"]]) - items


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_the_list_follows_the_wijkfotos_verdicts(conn, gemeente):
    """Every figure listed, and no other, by the wijkfoto's thresholds; neutral figures never count. Each gemeente
    in the wijk indeling of its wijkfoto (Utrecht's GM1961 and GM0003: RIVM's 2020 wijken)."""
    indeling = wijkfoto.wijk_keuze(conn, gemeente).indeling
    lijst = aandacht.aandachtslijst(conn, gemeente, indeling)
    items, breuken = _verwacht(conn, gemeente, indeling)
    assert _paren(lijst.items) == items
    assert _paren(lijst.breuken) == breuken
    assert "neutraal" not in set(lijst.items["richting"]) | set(lijst.breuken["richting"])
    assert set(lijst.items["status"]) <= {"verslechterd"} and set(lijst.breuken["status"]) <= {"breuk"}


def test_one_wijk_is_its_part_of_the_gemeentes_list(conn):
    lijst = aandacht.aandachtslijst(conn, "GM0546")
    wijk = aandacht.aandachtslijst(conn, "GM0546", wijk="WK054601")
    deel = lijst.voor_wijk("WK054601")
    assert len(deel.items) and _paren(deel.items) == _paren(wijk.items)
    assert _paren(deel.breuken) == _paren(wijk.breuken)
    assert set(deel.items["wijk"]) == {"WK054601"}


# --- the stories of an item: thema of the goal tree, consent, small groups -------------------------------

def _verhalen(conn, paar, mode, k):
    return aandacht.verhalen_bij(conn, "GM0547", [paar], mode, k)[paar]


def test_the_stories_of_an_item_come_through_the_thema_of_the_goal_tree(conn):
    """Eenzaam measures 'Samen leven in buurten en wijken' in Leiderdorp's goal tree; the one story of Wijk 00
    with that thema is intern: staff read it where k allows a group of 1."""
    item = _verhalen(conn, ("WK054700", "ggd_eenzaam"), Zichtbaarheid.INTERN, 1)
    assert item.themas == ("Samen leven in buurten en wijken",) and item.reden is None
    (groep,) = item.groepen
    assert groep.getoond and groep.aantal_tekst == "1 verhaal"
    assert list(groep.verhalen["titel"]) == ["Glas op de vloer"]


def test_a_group_below_k_shows_no_count_and_no_story(conn):
    for mode in Zichtbaarheid:
        (groep,) = _verhalen(conn, ("WK054700", "ggd_moeite_rondkomen"), mode, 5).groepen
        assert not groep.getoond and groep.aantal_tekst == "minder dan 5 verhalen"
        assert groep.verhalen.empty


def test_partner_mode_shows_only_openbaar_stories(conn):
    (staf,) = _verhalen(conn, ("WK054700", "ggd_eenzaam"), Zichtbaarheid.INTERN, 1).groepen
    (partner,) = _verhalen(conn, ("WK054700", "ggd_eenzaam"), Zichtbaarheid.PARTNER, 1).groepen
    assert "Glas op de vloer" in set(staf.verhalen["titel"])     # intern: staff only
    assert partner.verhalen.empty
    (openbaar,) = _verhalen(conn, ("WK054700", "ggd_moeite_rondkomen"), Zichtbaarheid.PARTNER, 1).groepen
    assert sorted(openbaar.verhalen["titel"]) == ["Vlot geregeld", "Woorden voor de bakker"]


def test_a_story_without_consent_is_never_shown(conn):
    """'Ik ben ook nog iemand' (Wijk 00, thema 'Een gezond dorp') has consent 'nee'."""
    for mode in Zichtbaarheid:
        (groep,) = _verhalen(conn, ("WK054700", "ggd_risico_angst_depressie"), mode, 1).groepen
        assert "Ik ben ook nog iemand" not in set(groep.verhalen["titel"])
        if mode is Zichtbaarheid.INTERN:
            assert groep.aantal_tekst == "0 verhalen"


def test_a_figure_without_a_thema_says_why_it_has_no_stories(conn):
    item = _verhalen(conn, ("WK054700", "ggd_emotioneel_eenzaam"), Zichtbaarheid.INTERN, 1)
    assert item.groepen == () and item.reden == aandacht.GEEN_THEMA


# --- the page and the wijkfoto (AppTest) -----------------------------------------------------------------

def _teksten(at) -> list[str]:
    return ([m.value for m in at.markdown] + [t.value for t in at.text] + [c.value for c in at.caption]
            + [i.value for i in at.info])


def test_page_lists_the_items_of_every_wijk_with_their_figures(app):
    at = goto(app, "pages/aandacht.py", gemeente="GM0547")
    teksten = _teksten(at)
    assert at.title[0].value == "Aandachtslijst"
    assert "**1\\. Risico op angst of depressie in Wijk 00**" in teksten
    assert "Wijk 00: 51,6% · Leiderdorp: 49,5% (2016)" in teksten
    assert "Vorige meting: 2012 38,7% → 2016 51,6%" in teksten
    assert aandacht.GEEN_THEMA in teksten     # emotioneel eenzaam hangs under no thema
    assert any("minder dan 5 verhalen" in t for t in teksten)     # k = 5: the small groups say so
    assert "Glas op de vloer" not in teksten


def test_page_for_one_wijk_shows_its_break_figures(app):
    at = goto(app, "pages/aandacht.py", gemeente="GM0547", wijk="WK054701")
    teksten = _teksten(at)
    assert any(t.startswith("Geen cijfers waarbij een wijk slechter is") for t in teksten)
    assert at.subheader[0].value == "Niet te vergelijken (breuk)"
    tabel = at.dataframe[0].value
    assert list(tabel["Cijfer"]) == ["Voldoet aan alcoholrichtlijn"]
    assert set(tabel["Verandering"]) == {"niet te vergelijken (breuk)"}


def test_page_shows_stories_where_k_allows_and_partners_only_openbaar(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    teksten = _teksten(goto(app, "pages/aandacht.py", gemeente="GM0547"))
    assert "Glas op de vloer" in teksten
    assert views.letterlijk("Verhalen bij het thema Samen leven in buurten en wijken: 1 verhaal") in teksten
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    teksten = _teksten(goto(app, "pages/aandacht.py", gemeente="GM0547"))
    assert "**1\\. Risico op angst of depressie in Wijk 00**" in teksten    # the figures are public
    assert "Glas op de vloer" not in teksten


def test_wijkfoto_shows_the_aandachtspunten_of_its_wijk(app):
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054700")
    assert "Aandachtspunten" in [s.value for s in at.subheader]
    teksten = _teksten(at)
    assert "**Risico op angst of depressie**" in teksten
    assert "Vorige meting: 2012 38,7% → 2016 51,6%" in teksten
    assert "Verhalen bij dit cijfer: minder dan 5 verhalen" in teksten


def test_wijkfoto_of_a_wijk_with_only_a_break_says_so(app):
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701")
    teksten = _teksten(at)
    assert any(t.startswith("Geen cijfers waarbij deze wijk slechter is") for t in teksten)
    assert "Bij 1 cijfer is de wijk slechter dan de gemeente, maar is de verandering niet te vergelijken (breuk)." \
        in teksten


def test_page_names_the_story_sets_of_a_figure_and_partners_see_only_shared_ones(app, tmp_path, monkeypatch):
    from tests.test_delen import GEDEELD_TEKST, GEHEIM_TEKST, _werk_voor_app  # a shared and an unshared set
    _werk_voor_app(tmp_path)                                                    # on ggd_eenzaam, GM0547
    teksten = _teksten(goto(app, "pages/aandacht.py", gemeente="GM0547"))
    assert GEDEELD_TEKST["set_naam"] in teksten and GEHEIM_TEKST["set_naam"] in teksten
    assert "Verhaalset bij dit cijfer (niet gedeeld):" in teksten
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    teksten = _teksten(goto(app, "pages/aandacht.py", gemeente="GM0547"))
    assert GEDEELD_TEKST["set_naam"] in teksten and GEHEIM_TEKST["set_naam"] not in teksten
