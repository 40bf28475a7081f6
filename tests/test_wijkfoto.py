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


@pytest.mark.parametrize("wijk, jaar", [("WK054700", 2020), ("WK054700", 2016), ("WK196101", 2024)])
def test_wijkfoto_needs_three_queries_at_most(conn, wijk, jaar):
    counting = CountingConnection(conn)
    foto = wf.wijkfoto(counting, wijk, jaar, Zichtbaarheid.INTERN, k=5)
    assert sum(len(tiles) for _, tiles in foto.leefgebieden) == 14
    assert counting.statements <= 3


def test_redivided_gemeente_shows_no_rivm_figures(conn):
    foto = wf.wijkfoto(conn, "WK196101", 2024, Zichtbaarheid.INTERN, k=5)
    assert foto.indeling_gewijzigd
    rivm = [t for _, tiles in foto.leefgebieden for t in tiles if t.info.bron == "rivm_50090"]
    assert rivm and all(t.waarde is None and t.reeks.empty for t in rivm)
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
