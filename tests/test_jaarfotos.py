"""Jaarfoto's (issue 15, point 4): the figures measured in each year side by side, the stories of each year of
experience under its year, small groups hidden (point 8), partners only openbaar stories."""
import pandas as pd
import pytest

from core.present import views
from core.tellen import jaarfotos as jf
from core.tellen import wijkfoto as wf
from core.vertellen.consent import Zichtbaarheid, consent_clause
from tests.conftest import goto
from tests.test_wijkfoto import CountingConnection

WIJK = "WK054700"


def _verhalen(conn, mode: Zichtbaarheid, wijk: str = WIJK) -> pd.DataFrame:
    """The readable stories of the wijk (id, jaar), straight from the story table."""
    return conn.execute(f"SELECT v.id, v.jaar FROM verhalen v WHERE v.wijk = ? AND {consent_clause(mode)}",
                        [wijk]).df()


def _alle_jaren(conn, k=1, mode=Zichtbaarheid.INTERN, wijk: str = WIJK):
    alle = jf.jaarfotos(conn, wijk, mode, k).jaren
    return jf.jaarfotos(conn, wijk, mode, k, jaren=tuple(alle))


# --- figures ---------------------------------------------------------------------------------------------

def test_years_are_those_with_figures_or_stories(conn):
    fotos = jf.jaarfotos(conn, WIJK, Zichtbaarheid.INTERN, 1)
    figuur_jaren = set(wf.jaren(conn, WIJK))
    assert set(fotos.jaren) == figuur_jaren | set(_verhalen(conn, Zichtbaarheid.INTERN)["jaar"])
    # first shown: the big measurement years (GGD 2012, 2016, 2020), the latest, the years with stories
    assert fotos.standaard == [2012, 2016, 2019, 2020, 2024]
    assert [f.jaar for f in fotos.fotos] == fotos.standaard


def test_figures_per_year_are_those_measured_that_year(conn):
    fotos = _alle_jaren(conn)
    gezien = 0
    for foto in fotos.fotos:
        for leefgebied, cijfers in foto.leefgebieden:
            assert len(cijfers) <= 3
            for c in cijfers:
                waarde, oordeel = conn.execute(
                    "SELECT waarde, oordeel FROM vergelijkingen WHERE regio = ? AND indicator = ? "
                    "AND leeftijdsgroep = ? AND jaar = ? AND wijkindeling = 2024",
                    [WIJK, c.indicator, c.groep, foto.jaar]).fetchone()
                assert (c.waarde, c.oordeel) == (pytest.approx(waarde), oordeel)
                gezien += 1
    assert gezien > 30
    per_jaar = {f.jaar: {c.indicator for _, cs in f.leefgebieden for c in cs} for f in fotos.fotos}
    assert "ggd_eenzaam" in per_jaar[2012] and "ggd_eenzaam" in per_jaar[2020]
    assert "ggd_eenzaam" not in per_jaar[2016]          # no 2016 figure for this wijk: never carried forward
    eenzaam = next(c for _, cs in fotos.fotos[[f.jaar for f in fotos.fotos].index(2020)].leefgebieden
                   for c in cs if c.indicator == "ggd_eenzaam")
    assert (eenzaam.waarde_tekst, eenzaam.oordeel_tekst) == ("47,4%", "Slechter dan de gemeente")


def test_a_method_break_between_two_shown_years_is_said(conn):
    fotos = jf.jaarfotos(conn, WIJK, Zichtbaarheid.INTERN, 1, jaren=(2012, 2016, 2020))
    breuken = {f.jaar: f.breuken for f in fotos.fotos}
    assert breuken[2012] == () and breuken[2016] == ()
    assert len(breuken[2020]) == 1 and breuken[2020][0].startswith("Breuk in de meting tussen 2016 en 2020")
    overgeslagen = jf.jaarfotos(conn, WIJK, Zichtbaarheid.INTERN, 1, jaren=(2012, 2020))
    assert overgeslagen.fotos[1].breuken[0].startswith("Breuk in de meting tussen 2012 en 2020")
    zonder = jf.jaarfotos(conn, WIJK, Zichtbaarheid.INTERN, 1, jaren=(2012, 2016))
    assert all(f.breuken == () for f in zonder.fotos)


def test_trend_per_leefgebied_since_the_first_measurement(conn):
    fotos = jf.jaarfotos(conn, WIJK, Zichtbaarheid.INTERN, 1)
    meedoen = next(o for o in fotos.ontwikkeling if o.leefgebied == "meedoen en sociale contacten")
    trend = conn.execute("SELECT trend, eerste_jaar FROM vergelijkingen WHERE regio = ? AND indicator = 'ggd_eenzaam' "
                         "AND leeftijdsgroep = '18 jaar of ouder' ORDER BY jaar DESC LIMIT 1", [WIJK]).fetchone()
    assert trend == ("slechter", 2012)
    assert ("Eenzaam", "verslechterd") in meedoen.delen and meedoen.sinds == 2012 and meedoen.breuk
    assert meedoen.zin.startswith(f"sinds 2012: {meedoen.woord}")


@pytest.mark.parametrize("trends, woord", [
    (["beter", "gelijk"], "beter"), (["beter", "slechter"], "wisselend"), (["slechter"], "slechter"),
    (["gelijk", "gelijk"], "gelijk"), (["lager"], None)])
def test_one_word_per_leefgebied(trends, woord):
    rijen = pd.DataFrame({"leefgebied": "gezondheid", "plek": [f"gezondheid|{i}" for i in range(len(trends))],
                          "volgorde": range(len(trends)), "jaar": 2020, "trend": trends, "eerste_jaar": 2012,
                          "metingen": 2, "breuk_sinds_eerste": False, "label": [f"c{i}" for i in range(len(trends))]})
    gezondheid = jf.ontwikkeling(rijen)[0]
    assert gezondheid.woord == woord
    if woord is None:   # only figures where higher is neither better nor worse
        assert gezondheid.zin.startswith("geen oordeel") and gezondheid.delen == (("c0", "gedaald"),)


def test_figures_in_one_query(conn):
    counting = CountingConnection(conn)
    jf.jaarfotos(counting, WIJK, Zichtbaarheid.INTERN, 1, jaren=(2012, 2016, 2019, 2020, 2024))
    assert counting.statements <= 4     # figures, story counts, fragments, breaks: not one per year


# --- stories per year, k and consent ---------------------------------------------------------------------------

@pytest.mark.parametrize("wijk", [WIJK, "WK054701"])   # WK054701 2020: an intern and a 'nee' story
def test_stories_stand_under_their_year(conn, wijk):
    fotos = _alle_jaren(conn, k=1, wijk=wijk)
    verhalen = _verhalen(conn, Zichtbaarheid.INTERN, wijk)
    per_jaar = verhalen.groupby("jaar")["id"].apply(set).to_dict()
    assert set(per_jaar) == {2019, 2020}            # the fixture: two years of stories, so this means something
    for foto in fotos.fotos:
        ids = per_jaar.get(foto.jaar, set())
        assert foto.verhalen.aantal == len(ids)
        assert set(foto.verhalen.fragmenten["id"]) == ids      # up to 3: the fixture has fewer per year
    nee = conn.execute("SELECT id FROM verhalen WHERE wijk = ? AND toestemming = 'nee'", [wijk]).fetchall()
    assert nee and not {i for (i,) in nee} & {i for f in fotos.fotos for i in f.verhalen.fragmenten["id"]}


@pytest.mark.parametrize("k, verwacht", [
    (2, {2019: "niet getoond", 2020: "minder dan 2 verhalen"}),   # 2019's 2 would give the 1 of 2020 back
    (5, {2019: "minder dan 5 verhalen", 2020: "minder dan 5 verhalen"})])
def test_a_small_year_shows_no_count_and_no_fragments(conn, k, verwacht):
    fotos = {f.jaar: f.verhalen for f in jf.jaarfotos(conn, WIJK, Zichtbaarheid.INTERN, k).fotos}
    for jaar, tekst in verwacht.items():
        assert fotos[jaar].aantal is None and fotos[jaar].aantal_tekst == tekst
        assert fotos[jaar].fragmenten.empty


@pytest.mark.parametrize("counts, totaal_getoond, verwacht", [
    ([6, 12], True, [6, 12]),
    ([1, 6, 10], True, [None, None, 10]),     # the 1 alone would follow from the total: the smallest other goes too
    ([6, 8], True, [6, 8]),
    ([6, 2], True, [None, None]),             # 2 is small; 6 = the total minus 2
    ([0, 12], True, [0, 12]),
    ([6, 12], False, [None, None]),           # the wijk's total is hidden: the years would add up to it
    ([0, 3], False, [0, None])])
def test_year_counts_give_no_small_group_away(counts, totaal_getoond, verwacht):
    shown = jf.jaar_aantallen(pd.Series(counts, index=range(2019, 2019 + len(counts)), dtype=float),
                              totaal_getoond, 5)
    assert [None if pd.isna(a) else int(a) for a in shown["aantal"]] == verwacht


def test_stories_without_a_year_count_as_hidden():
    """Stories without a year are a cell of the table: the total minus the shown years gives no 1 to k-1 back."""
    shown = jf.jaar_aantallen(pd.Series([6.0, 12.0, 3.0], index=pd.Index([2019, 2020, None], dtype=float)), True, 5)
    assert [None if pd.isna(a) else int(a) for a in shown["aantal"]] == [None, 12, None]


def test_a_year_hidden_by_rule_b_takes_another_with_it():
    """Partner mode: a year hidden because it differs by 1 to k-1 from a wider view (rule B) is a hidden cell too:
    the other years hide until the total can no longer give it back."""
    shown = jf.jaar_aantallen(pd.Series([6.0, 12.0], index=[2019, 2020]), True, 5, extra=[True, False])
    assert shown["aantal"].isna().all() and list(shown["tekst"]) == ["niet getoond", "niet getoond"]


@pytest.mark.parametrize("wijk, aantallen", [(WIJK, {2019: 2, 2020: 0}),
                                             ("WK054702", {2019: 2, 2020: 0})])   # 2019: also an intern story
def test_partners_see_only_openbaar_stories(conn, wijk, aantallen):
    fotos = _alle_jaren(conn, k=1, mode=Zichtbaarheid.PARTNER, wijk=wijk)
    openbaar = _verhalen(conn, Zichtbaarheid.PARTNER, wijk)
    gezien = {i for f in fotos.fotos for i in f.verhalen.fragmenten["id"]}
    assert gezien == set(openbaar["id"])
    assert {f.jaar: f.verhalen.aantal for f in fotos.fotos if f.jaar in (2019, 2020)} == aantallen


# --- the page (AppTest) ----------------------------------------------------------------------------------------

def _page(app, monkeypatch, k="1", **params):
    monkeypatch.setenv("TV_MIN_GROEP", k)
    return goto(app, "pages/jaarfotos.py", **params)


def _kolommen(at) -> dict[str, str]:
    """Per year column: the texts in it (subheader, markdown, captions, plain text)."""
    kolommen = {}
    for kolom in at.columns:
        koppen = [s.value for s in kolom.subheader]
        if koppen and koppen[0].isdigit():
            kolommen[koppen[0]] = " ".join([*(m.value for m in kolom.markdown), *(c.value for c in kolom.caption),
                                            *(w.value for w in kolom.warning),
                                            *(t.value for t in kolom.text)])
    return kolommen


def test_page_years_side_by_side_with_their_stories(app, monkeypatch, conn):
    at = _page(app, monkeypatch, gemeente="GM0547", wijk=WIJK)
    assert at.title[0].value == "Jaarfoto's Wijk 00"
    kolommen = _kolommen(at)
    assert list(kolommen) == ["2012", "2016", "2019", "2020", "2024"]
    titels = dict(conn.execute("SELECT id, titel FROM verhalen WHERE wijk = ?", [WIJK]).fetchall())
    for verhaal, jaar in _verhalen(conn, Zichtbaarheid.INTERN).itertuples(index=False):
        assert titels[verhaal] in kolommen[str(jaar)]
        assert not any(titels[verhaal] in tekst for j, tekst in kolommen.items() if j != str(jaar))
    assert f"Eenzaam: **{views.letterlijk('47,4%')}**" in kolommen["2020"]   # the figure measured in 2020
    assert "Breuk in de meting tussen 2016 en 2020" in kolommen["2020"]
    assert "Meedoen en sociale contacten" in " ".join(m.value for m in at.markdown)


def test_page_hides_small_years(app, monkeypatch):
    at = _page(app, monkeypatch, k="2", gemeente="GM0547", wijk=WIJK)
    kolommen = _kolommen(at)
    assert "Minder dan 2 verhalen" in kolommen["2020"] and "Het aantal tonen we niet" in kolommen["2019"]
    assert "fictief voorbeeld" not in " ".join(kolommen.values())     # no story card of a hidden year


def test_page_partner_mode_only_openbaar(app, monkeypatch, conn):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = _page(app, monkeypatch, gemeente="GM0547", wijk=WIJK)
    tekst = " ".join(t.value for t in at.text)
    for titel, toestemming in conn.execute("SELECT titel, toestemming FROM verhalen WHERE wijk = ?", [WIJK]).fetchall():
        assert (titel in tekst) == (toestemming == "openbaar"), titel


def test_page_keeps_the_wijk_in_the_url(app, monkeypatch):
    at = _page(app, monkeypatch, gemeente="GM0547", wijk="WK054701")
    assert at.selectbox(key="jaarfotos.wijk").value == "WK054701"
    at.selectbox(key="jaarfotos.wijk").set_value("WK054702").run()
    assert not at.exception
    assert at.query_params["wijk"] in ("WK054702", ["WK054702"])
    assert at.title[0].value.startswith("Jaarfoto's") and "WK054702" in str(at.query_params)


def test_wijkfoto_links_to_the_jaarfotos_of_its_wijk(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701")
    links = [link.proto for link in at.get("page_link") if link.proto.page == "jaarfotos"
             and link.proto.label != "Jaarfoto's"]     # not the sidebar's link
    assert len(links) == 1 and links[0].query_string == "gemeente=GM0547&wijk=WK054701"


def test_partner_mode_checks_each_year_against_its_wider_views(conn):
    """Rule B (core.vertellen.groepen.beoordeel): with k=2 the 2 openbaar stories of 2019 pass rule A, but the view
    'this wijk, 2019' differs by 1 from a wider view; partners then see no count and no story of that year."""
    partner = {f.jaar: f.verhalen for f in jf.jaarfotos(conn, WIJK, Zichtbaarheid.PARTNER, 2, jaren=(2019,)).fotos}
    assert partner[2019].aantal is None and partner[2019].fragmenten.empty
    zonder_regel_b = jf.jaar_aantallen(pd.Series([2.0], index=[2019]), True, 2)
    assert zonder_regel_b["aantal"].tolist() == [2.0]          # rule A alone would show it
