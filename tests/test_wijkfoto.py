"""Wijkfoto logic: direction-aware verdicts, reference groups, tiles, the story panel."""
import numpy as np
import pandas as pd
import pytest

from core.store.vergelijkingen import PROFIEL, REFERENTIE_AANTAL, REFERENTIE_MINIMUM
from core.tellen import wijkfoto as wf
from core.vertellen.consent import Zichtbaarheid


@pytest.mark.parametrize("waarde, ander, eenheid, richting, verwacht", [
    (50.0, 48.0, "%", "lager_beter", "slechter"),
    (46.0, 48.0, "%", "lager_beter", "beter"),
    (49.0, 48.0, "%", "lager_beter", "gelijk"),     # within 1,5 percentage point
    (80.0, 75.0, "%", "hoger_beter", "beter"),
    (13.0, 11.0, "%", "neutraal", "hoger"),
    (30000, 29000, "euro", "hoger_beter", "gelijk"),  # within 5%
    (30000, 27000, "euro", "hoger_beter", "beter"),
    (None, 48.0, "%", "lager_beter", "onbekend"),
    (50.0, float("nan"), "%", "lager_beter", "onbekend"),
])
def test_verdict_follows_direction(waarde, ander, eenheid, richting, verwacht):
    assert wf.oordeel(waarde, ander, eenheid, richting) == verwacht


def test_trend_sentence():
    reeks = pd.DataFrame({"jaar": [2012, 2016, 2020], "waarde": [38.7, 40.0, 47.4]})
    assert wf.trend_zin(reeks, "%", "lager_beter") == "Verslechterd sinds 2012"
    assert wf.trend_zin(reeks.iloc[:1], "%", "lager_beter") == "Nog geen trend: maar één meting."


def _profiles(conn) -> pd.DataFrame:
    """Age and income profile of every unchanged current wijk, straight from waarden (not the build's table)."""
    (leeftijd, lgroep, ljaar), (inkomen, igroep, ijaar) = PROFIEL
    return conn.execute("""
        SELECT r.code AS wijk,
               max(w.waarde) FILTER (WHERE w.indicator = ? AND w.leeftijdsgroep = ? AND w.jaar = ?) AS leeftijd,
               max(w.waarde) FILTER (WHERE w.indicator = ? AND w.leeftijdsgroep = ? AND w.jaar = ?) AS inkomen
        FROM regios r JOIN waarden w ON w.regio = r.code
        WHERE r.niveau = 'wijk' AND r.indeling = 2024 AND NOT r.indeling_gewijzigd
        GROUP BY r.code HAVING leeftijd IS NOT NULL AND inkomen IS NOT NULL
    """, [leeftijd, lgroep, ljaar, inkomen, igroep, ijaar]).df().set_index("wijk")


def test_reference_group_is_the_nearest_wijken(conn):
    group = wf.referentie_wijken(conn, "WK054700")
    profiles = _profiles(conn)
    assert len(group) == REFERENTIE_AANTAL and "WK054700" not in group
    z = (profiles - profiles.mean()) / profiles.std(ddof=0)
    distance = np.sqrt(((z - z.loc["WK054700"]) ** 2).sum(axis=1)).drop("WK054700")
    outside = distance.drop(group)
    assert distance[group].max() <= outside.min()


def test_no_reference_group_without_profile(conn):
    assert wf.referentie_wijken(conn, "WK196101") == []


def test_wijkfoto_tiles_compare_with_gemeente_and_nederland(conn):
    foto = wf.wijkfoto(conn, "WK054700", 2020, Zichtbaarheid.INTERN, k=5)
    assert [name for name, _ in foto.leefgebieden] == [
        "gezondheid", "meedoen en sociale contacten", "zelfredzaamheid en zorg", "bestaanszekerheid",
        "wonen en leefomgeving"]
    assert all(len(tiles) <= 3 for _, tiles in foto.leefgebieden)
    eenzaam = next(t for _, tiles in foto.leefgebieden for t in tiles if t.info.id == "ggd_eenzaam")
    assert (eenzaam.jaar, eenzaam.waarde, eenzaam.gemeente, eenzaam.nederland) == (
        2020, pytest.approx(47.4), pytest.approx(45.8), pytest.approx(47.0))
    assert eenzaam.oordeel == "slechter" and eenzaam.oordeel_tekst == "Slechter dan de gemeente"
    assert list(eenzaam.reeks["jaar"]) == [2012, 2020]
    assert foto.inwoners == (2024, pytest.approx(16375))


def test_wijkfoto_year_picks_latest_figure_not_after_it(conn):
    foto = wf.wijkfoto(conn, "WK054700", 2016, Zichtbaarheid.INTERN, k=5)
    eenzaam = next(t for _, tiles in foto.leefgebieden for t in tiles if t.info.id == "ggd_eenzaam")
    assert eenzaam.jaar == 2012  # 2016 is missing for this wijk in the fixture


def test_story_panel_respects_consent_and_k(conn):
    intern = wf.verhalen_paneel(conn, "WK054700", Zichtbaarheid.INTERN, k=2)
    partner = wf.verhalen_paneel(conn, "WK054700", Zichtbaarheid.PARTNER, k=2)
    ids = {r[0]: r[1] for r in conn.execute("SELECT id, toestemming FROM verhalen WHERE wijk = 'WK054700'").fetchall()}
    assert intern.aantal == sum(t != "nee" for t in ids.values())
    assert partner.aantal == sum(t == "openbaar" for t in ids.values())
    assert not set(intern.fragmenten["id"]) & {i for i, t in ids.items() if t == "nee"}
    assert (intern.fragmenten["fictief_label"] == "fictief voorbeeld").all()
    assert wf.verhalen_paneel(conn, "WK054700", Zichtbaarheid.INTERN, k=50).aandeel_positief is None


def test_fragment_is_plain_and_cut():
    text = " ".join(f"woord{i}" for i in range(60)) + " *vet* <b>"
    assert wf.fragment(text).endswith("woord44 …")
    assert wf.fragment("kort *verhaal*") == "kort *verhaal*"


class CountingConnection:
    """A thin wrapper that counts the SQL statements sent through it."""

    def __init__(self, conn):
        self.conn, self.statements = conn, 0

    def execute(self, *args, **kwargs):
        self.statements += 1
        return self.conn.execute(*args, **kwargs)

    def sql(self, *args, **kwargs):
        self.statements += 1
        return self.conn.sql(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.conn, name)


@pytest.mark.parametrize("wijk, jaar, tegels", [("WK054700", 2020, 13), ("WK054700", 2016, 12),
                                                ("WK196101", 2024, 1)])
def test_wijkfoto_needs_three_queries_at_most(conn, wijk, jaar, tegels):
    counting = CountingConnection(conn)
    foto = wf.wijkfoto(counting, wijk, jaar, Zichtbaarheid.INTERN, k=5)
    assert sum(len(tiles) for _, tiles in foto.leefgebieden) == tegels   # tiles without a figure are left out
    assert counting.statements <= 3


def test_redivided_gemeente_shows_no_rivm_figures(conn):
    foto = wf.wijkfoto(conn, "WK196101", 2024, Zichtbaarheid.INTERN, k=5)
    assert foto.indeling_gewijzigd
    assert not [t for _, tiles in foto.leefgebieden for t in tiles if t.info.bron == "rivm_50090"]
    assert [name for name, _ in foto.leefgebieden][0] == "gezondheid"    # every leefgebied keeps its place
    assert conn.execute("SELECT count(*) FROM waarden WHERE regio = 'WK196101' AND bron = 'rivm_50090' "
                        "AND waarde IS NOT NULL").fetchone()[0] > 0  # the figures exist; they are held back


def test_build_verdicts_follow_the_python_rules(conn):
    """Every verdict and trend word the build derived equals what oordeel() says for that row."""
    rows = conn.execute("""
        SELECT v.*, i.eenheid, i.richting FROM vergelijkingen v JOIN indicatoren i ON i.id = v.indicator
    """).df()
    assert len(rows) > 1000 and {"gemeente", "nederland"} <= set(rows["vergeleken_met"].dropna())
    for r in rows.itertuples():
        kandidaten = [(r.gemeente_waarde, "gemeente"), (r.referentie_waarde, "referentie"),
                      (r.nederland_waarde, "nederland")]
        ander, tegen = next(((a, t) for a, t in kandidaten if not pd.isna(a)), (None, None))
        assert r.oordeel == wf.oordeel(r.waarde, ander, r.eenheid, r.richting)
        assert (r.vergeleken_met if isinstance(r.vergeleken_met, str) else None) == tegen
        trend = wf.oordeel(r.waarde, r.eerste_waarde, r.eenheid, r.richting) if r.metingen > 1 else None
        assert (r.trend if isinstance(r.trend, str) else None) == trend


def test_reference_median_needs_enough_wijken(conn):
    """The reference value is the median of the group's figures in that year, only with enough of them."""
    wijk = "WK054700"
    group = wf.referentie_wijken(conn, wijk)
    rows = conn.execute("SELECT indicator, leeftijdsgroep, jaar, referentie_waarde FROM vergelijkingen "
                        "WHERE regio = ?", [wijk]).fetchall()
    for indicator, groep, jaar, referentie in rows:
        values = [v[0] for v in conn.execute(
            "SELECT waarde FROM waarden WHERE regio IN (SELECT unnest(?)) AND indicator = ? AND leeftijdsgroep = ? "
            "AND jaar = ? AND waarde IS NOT NULL", [group, indicator, groep, jaar]).fetchall()]
        if len(values) >= REFERENTIE_MINIMUM:
            assert referentie == pytest.approx(float(np.median(values)))
        else:
            assert referentie is None or pd.isna(referentie)


# --- issue 14 point 4: stories follow the year; breaks, sources and no empty tile; whole values ----------------

def _verhalen_per_jaar(conn, wijk: str, mode: Zichtbaarheid) -> dict[int, int]:
    """Readable stories of a wijk per year of the experience, straight from the story table."""
    from core.vertellen.consent import consent_clause
    rows = conn.execute(f"SELECT v.jaar, count(*) FROM verhalen v WHERE v.wijk = ? AND {consent_clause(mode)} "
                        "GROUP BY v.jaar", [wijk]).fetchall()
    return dict(rows)


def _met_ervaring(conn, wijk: str, jaar: int | None) -> int:
    """Stories of the wijk (in a year) with an answer on their framework's `ervaring` question."""
    from core.vertellen import kaders
    from core.vertellen.consent import consent_clause
    return conn.execute(f"WITH {kaders.ERVARING_SQL} SELECT count(a.slider) FROM verhalen v "
                        "JOIN ervaring e ON e.kader = v.kader JOIN antwoorden a ON a.verhaal = v.id "
                        "AND a.kader = v.kader AND a.signifier = e.signifier "
                        f"WHERE v.wijk = ? AND v.jaar = coalesce(?, v.jaar) AND {consent_clause(Zichtbaarheid.INTERN)}",
                        [wijk, jaar]).fetchone()[0]


def test_stories_follow_the_year_of_the_foto(conn):
    """The 2019 foto shows the stories of 2019 only: count, share positive and fragments; the others are counted."""
    from core.present import views
    per_jaar = _verhalen_per_jaar(conn, "WK054700", Zichtbaarheid.INTERN)
    assert per_jaar == {2019: 2, 2020: 1}                     # the fixture: two years, so the test means something
    for jaar, aantal in per_jaar.items():
        paneel = wf.wijkfoto(conn, "WK054700", jaar, Zichtbaarheid.INTERN, k=1).verhalen
        assert (paneel.jaar, paneel.aantal, paneel.andere_jaren) == (jaar, aantal, 3 - aantal)
        assert set(paneel.fragmenten["jaar"]) == {jaar} and len(paneel.fragmenten) == aantal
        assert paneel.met_antwoord == _met_ervaring(conn, "WK054700", jaar)
    alle = wf.wijkfoto(conn, "WK054700", 2019, Zichtbaarheid.INTERN, k=1, verhalen_alle_jaren=True).verhalen
    assert (alle.jaar, alle.aantal, set(alle.fragmenten["jaar"])) == (None, 3, {2019, 2020})
    assert alle.met_antwoord == _met_ervaring(conn, "WK054700", None)
    leeg = wf.wijkfoto(conn, "WK054700", 2016, Zichtbaarheid.INTERN, k=2).verhalen
    assert (leeg.aantal, len(leeg.fragmenten), leeg.andere_jaren) == (0, 0, 3)
    assert views.verhalen_jaar_zin(leeg) == "Geen verhalen uit 2016. Wel 3 verhalen uit andere jaren."


@pytest.mark.parametrize("jaar, tekst", [(2020, "minder dan 2 verhalen"), (2019, "niet getoond")])
def test_a_small_year_stays_hidden(conn, jaar, tekst):
    """k=2: the one story of 2020 is a small group; 2019's two are hidden too, as the total (3) minus them is 1."""
    paneel = wf.wijkfoto(conn, "WK054700", jaar, Zichtbaarheid.INTERN, k=2).verhalen
    assert paneel.aantal is None and paneel.verborgen_tekst == tekst
    assert paneel.fragmenten.empty and paneel.aandeel_positief is None and paneel.andere_jaren is None


def _alle_fotos(conn, gemeenten=("GM0546", "GM0547")):
    """Every wijk of these gemeenten in every year its wijkfoto offers."""
    for gemeente in gemeenten:
        keuze = wf.wijk_keuze(conn, gemeente)
        for wijk in keuze.wijken["code"]:
            for jaar in wf.jaren(conn, wijk, keuze.indeling):
                yield wijk, jaar, wf.wijkfoto(conn, wijk, jaar, Zichtbaarheid.INTERN, 5, keuze.indeling)


def test_no_tile_without_a_figure(conn):
    """Bevolkingsdichtheid was '-' on every wijkfoto of 2020: CBS publishes it per wijk from 2023/2024 on only
    (the KWB wijk editions in the app), not a wrong key. Such a slot takes its next choice or another indicator of
    its leefgebied with a figure (named as a stand-in), or stays away."""
    eerste = conn.execute("SELECT min(jaar) FROM vergelijkingen WHERE indicator = 'kwb_dichtheid' "
                          "AND niveau = 'wijk'").fetchone()[0]
    assert eerste >= 2023
    gezien, vervangers = 0, set()
    for wijk, jaar, foto in _alle_fotos(conn):
        tiles = [t for _, ts in foto.leefgebieden for t in ts]
        assert tiles and all(t.waarde is not None and t.jaar <= jaar for t in tiles), (wijk, jaar)
        assert len({(t.info.id, t.groep) for t in tiles}) == len(tiles)            # no indicator twice
        dichtheid = [t for t in tiles if t.info.id == "kwb_dichtheid"]
        assert bool(dichtheid) == (jaar >= 2024), (wijk, jaar)
        vervangers |= {t.info.id for t in tiles if t.vervangt}
        gezien += 1
    assert gezien >= 13 * 4 and vervangers   # every Leiden and Leiderdorp wijk, in 4 or more years


def _tegel(foto, indicator):
    return next(t for _, ts in foto.leefgebieden for t in ts if t.info.id == indicator)


def test_sparkline_marks_the_break(conn):
    from core.present import sparkline
    foto = wf.wijkfoto(conn, "WK054700", 2020, Zichtbaarheid.INTERN, k=5)
    eenzaam = _tegel(foto, "ggd_eenzaam")
    assert [b[0] for b in eenzaam.breuken] == [2020]
    spec = sparkline.sparkline(eenzaam)
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert len(rules) == 1 and rules[0]["mark"]["strokeDash"] and rules[0]["data"]["values"][0]["jaar"] == 2020
    assert [r["deel"] for r in spec["data"]["values"]] == [0, 1]      # the line stops at the break: two parts
    assert rules[0]["data"]["values"][0]["positie"] == 2016          # halfway between 2012 and 2020
    assert sparkline.breuk_zin(2020, "context").startswith("Breuk in 2020")
    zonder = wf.wijkfoto(conn, "WK054700", 2016, Zichtbaarheid.INTERN, k=5)    # 2012-2016: no break inside
    gezond = _tegel(zonder, "ggd_ervaren_gezondheid")
    assert gezond.breuken == () and len(gezond.reeks) > 1
    spec = sparkline.sparkline(gezond)
    assert not [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert {r["deel"] for r in spec["data"]["values"]} == {0}


def test_each_tile_names_its_source(conn):
    from core.present import views
    foto = wf.wijkfoto(conn, "WK054700", 2020, Zichtbaarheid.INTERN, k=5)
    assert views.tegel_bron(_tegel(foto, "ggd_eenzaam")) == "Bron: RIVM/GGD 2020 · modelschatting"
    assert views.tegel_bron(_tegel(foto, "elan_inkomen")) == "Bron: ELAN/LUMC 2020"
    later = wf.wijkfoto(conn, "WK054700", 2024, Zichtbaarheid.INTERN, k=5)
    assert views.tegel_bron(_tegel(later, "kwb_dichtheid")) == "Bron: CBS KWB 2024"


@pytest.mark.parametrize("eenheid, waarde, verwacht", [
    ("per km²", 3453.0, ("3.453", "per km²")), ("%", 47.4, ("47,4%", "")), ("euro", 31200.0, ("€ 31.200", "")),
    ("per 1.000 inwoners", 0.13, ("0,13", "per 1.000 inwoners"))])
def test_tile_number_and_unit_apart(conn, eenheid, waarde, verwacht):
    from dataclasses import replace

    from core.present import views
    tegel = _tegel(wf.wijkfoto(conn, "WK054700", 2020, Zichtbaarheid.INTERN, k=5), "ggd_eenzaam")
    tegel = replace(tegel, info=replace(tegel.info, eenheid=eenheid), waarde=waarde)
    assert views.tegel_getal(tegel) == verwacht


# --- the page (AppTest) ----------------------------------------------------------------------------------------

def _wijkfoto_page(app, monkeypatch, k="1", **params):
    from tests.test_pages import open_page
    monkeypatch.setenv("TV_MIN_GROEP", k)
    return open_page(app, "pages/wijkfoto.py", **params)


def _page_texts(at) -> str:
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(t.value for t in at.text)])


def test_page_stories_follow_the_year(app, monkeypatch):
    at = _wijkfoto_page(app, monkeypatch, gemeente="GM0547", wijk="WK054700", jaar="2016")
    assert "Geen verhalen uit 2016. Wel 3 verhalen uit andere jaren." in [c.value for c in at.caption]
    assert [m.value for m in at.metric if m.label == "Verhalen uit 2016"] == ["0"]
    assert "fictief voorbeeld" not in _page_texts(at)              # no story card of another year
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()
    assert not at.exception
    assert "Verhalen uit alle jaren." in [c.value for c in at.caption]
    assert [m.value for m in at.metric if m.label == "Verhalen uit deze wijk"] == ["3"]
    assert "2019 · fictief voorbeeld" in [c.value for c in at.caption]


def test_page_tiles_show_whole_values_breaks_and_sources(app, monkeypatch):
    at = _wijkfoto_page(app, monkeypatch, gemeente="GM0547", wijk="WK054700")
    at.selectbox(key="wijkfoto.jaar").set_value(2024).run()     # the year of the CBS wijk figures
    assert not at.exception
    waarden = [m.value for m in at.metric if m.label not in ("Verhalen uit 2024", "Positieve ervaring")]
    assert "4.548" in waarden and not any("…" in w or "..." in w for w in waarden)
    markdown = [m.value for m in at.markdown]
    assert "per km²" in markdown                                   # the unit on its own line
    captions = [c.value for c in at.caption]
    assert "Bron: RIVM/GGD 2020 · modelschatting" in captions and "Bron: CBS KWB 2024" in captions
    assert any(c.startswith("Breuk in 2020") for c in captions)
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert specs and any('"rule"' in s and "2020" in s for s in specs)
    assert "–" not in [m.value for m in at.metric]


def test_page_puts_the_stories_under_the_overview(app, monkeypatch):
    at = _wijkfoto_page(app, monkeypatch, gemeente="GM0546", wijk="WK054600", jaar="2020")
    assert [s.value for s in at.subheader][:3] == ["In één oogopslag", "Wat bewoners vertellen", "Gezondheid"]


@pytest.mark.parametrize("jaar, alle, alle_getoond, verwacht", [
    (6, 12, True, (6, "", 6)),
    (6, 8, True, (None, "niet getoond", None)),      # the other years (2) would follow from the total
    (6, 12, False, (None, "niet getoond", None)),    # the total is hidden on the Wijken page: so is each year
    (0, 12, True, (0, "", 12)),
    (0, 12, False, (0, "", None)),                   # no number that gives a hidden total back
    (0, 3, True, (0, "", None)),                     # other years 1 to k-1
])
def test_year_counts_give_no_hidden_total_away(jaar, alle, alle_getoond, verwacht):
    assert wf._jaar_aantallen(jaar, "", alle, alle_getoond, 5) == verwacht
