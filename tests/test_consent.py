"""Consent is enforced in the query layer: every story query, in every mode."""
import inspect

import pytest

from core.tellen import queries
from core.vertellen import consent, stories
from core.vertellen.consent import Zichtbaarheid

NEE = {"V0016", "V0026", "V0034", "V0103"}      # toestemming nee in the fixture stories
INTERN = {"V0005", "V0014", "V0020", "V0107"}   # toestemming intern


def test_fixture_has_every_consent_kind(conn):
    kinds = dict(conn.execute("SELECT toestemming, list(id ORDER BY id) FROM verhalen GROUP BY ALL").fetchall())
    assert set(kinds["nee"]) == NEE and set(kinds["intern"]) == INTERN


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_readable_ids_never_contain_nee(conn, mode):
    ids = stories.readable_ids(conn, mode)
    assert not ids & NEE
    assert (ids & INTERN == INTERN) if mode is Zichtbaarheid.INTERN else not ids & INTERN


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_excerpts_respect_consent(conn, mode):
    shown = set()
    for wijk in ("WK054600", "WK054700", "WK054701", "WK054702"):
        shown |= set(stories.excerpts(conn, wijk, mode, limit=100)["id"])
    assert shown == stories.readable_ids(conn, mode)


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_counts_only_count_readable_stories(conn, mode):
    counts = stories.counts_per_wijk(conn, "GM0547", mode)
    readable = conn.execute("SELECT count(*) FROM verhalen WHERE gemeentecode = 'GM0547' AND id IN "
                            "(SELECT unnest(?))", [list(stories.readable_ids(conn, mode))]).fetchone()[0]
    assert counts["verhalen"].sum() == readable
    overzicht = queries.wijk_overzicht(conn, "GM0547", mode)
    assert overzicht.tabel["verhalen"].sum() == readable


def test_every_story_query_takes_a_mode():
    """A new story query without a consent mode would be a way around consent."""
    public = [f for name, f in inspect.getmembers(stories, inspect.isfunction)
              if f.__module__ == "core.vertellen.stories" and not name.startswith("_") and name != "consent_clause"]
    assert public, "no story queries found"
    for func in public:
        assert "mode" in inspect.signature(func).parameters, func.__name__


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        consent.consent_clause("iedereen")
