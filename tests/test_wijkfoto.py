"""Wijkfoto logic: direction-aware verdicts, reference groups, tiles, the story panel."""
import numpy as np
import pandas as pd
import pytest

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


def test_reference_group_is_the_nearest_wijken(conn):
    group = wf.referentie_wijken(conn, "WK054700")
    profiles = wf._profielen(conn).set_index("wijk")
    assert len(group) == wf.REFERENTIE_AANTAL and "WK054700" not in group
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
