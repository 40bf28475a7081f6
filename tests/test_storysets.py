"""Story sets in the werkbestand: validation, saving, reloading, and consent checked again on show."""
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from core.samen import storysets
from core.samen.storysets import VerhaalsetFout
from core.store import werk
from core.store.build import build_store
from core.store.db import connect_readonly
from core.store.werk import WerkbestandFout
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

TEST_DATA = Path(__file__).parent / "data"

VRAAG = "Waarom lukt stimuleren minder goed?"
FILTER = VerhaalFilter(sliders={"ervaring": (60, 100), "stimulerend": (0, 40)})


@pytest.fixture()
def werkpad(tmp_path):
    return tmp_path / "werk" / "werk.duckdb"


@pytest.fixture()
def werk_conn(werkpad):
    conn = werk.connect_werk(werkpad)
    yield conn
    conn.close()


def save(werk_conn, ids=("V0001", "V0005", "V0016"), **kwargs):
    args = dict(naam="Stimuleren", vraag=VRAAG, indicator="ggd_eenzaam", gemeentecode="GM0547",
                filter=FILTER, story_ids=list(ids))
    args.update(kwargs)
    return storysets.save_set(werk_conn, **args)


def test_connect_werk_creates_a_versioned_schema(werkpad):
    with werk.connect_werk(werkpad) as conn:
        assert werk.schema_versie(conn) == werk.WERK_SCHEMA_VERSIE
        assert storysets.list_sets(conn, mode=Zichtbaarheid.INTERN).empty
    with werk.connect_werk(werkpad) as conn:   # opening again changes nothing
        assert conn.execute("SELECT count(*) FROM werk_versie").fetchone()[0] == 1


def test_a_werkbestand_from_a_newer_version_is_refused(werkpad):
    werk.connect_werk(werkpad).close()
    with duckdb.connect(str(werkpad)) as conn:
        conn.execute("INSERT INTO werk_versie VALUES (?)", [werk.WERK_SCHEMA_VERSIE + 1])
    with pytest.raises(WerkbestandFout, match="nieuwere versie"):
        werk.connect_werk(werkpad)


def test_the_store_is_never_used_as_werkbestand(writable_store):
    with pytest.raises(WerkbestandFout, match="geen werkbestand"):
        werk.connect_werk(writable_store)


def test_another_duckdb_file_is_refused(tmp_path):
    other = tmp_path / "ander.duckdb"
    with duckdb.connect(str(other)) as conn:
        conn.execute("CREATE TABLE iets (x INTEGER)")
    with pytest.raises(WerkbestandFout, match="geen werkbestand"):
        werk.connect_werk(other)


def test_saved_set_reloads_in_a_new_connection(werkpad):
    when = datetime(2024, 3, 5, 14, 30)
    with werk.connect_werk(werkpad) as conn:
        set_id = save(conn, ids=["V0004", "V0001", "V0004", "V0006"], gemaakt_op=when)
    with werk.connect_werk(werkpad) as conn:
        loaded = storysets.load_set(conn, set_id)
        listed = storysets.list_sets(conn, mode=Zichtbaarheid.INTERN)
    assert loaded.verhaal_ids == ("V0004", "V0001", "V0006")  # order kept, duplicate once
    assert (loaded.naam, loaded.vraag, loaded.indicator, loaded.gemeentecode) == (
        "Stimuleren", VRAAG, "ggd_eenzaam", "GM0547")
    assert loaded.filter == FILTER and loaded.gemaakt_op == when
    assert listed.loc[0, "id"] == set_id and listed.loc[0, "verhalen"] == 3


@pytest.mark.parametrize("kwargs, message", [
    ({"naam": "   "}, "naam"),
    ({"vraag": ""}, "Schrijf de vraag op"),
    ({"vraag": "Stimuleren lukt minder goed."}, "vraagteken"),
    ({"story_ids": []}, "minstens één verhaal"),
    ({"story_ids": ["  "]}, "minstens één verhaal"),
    ({"naam": "x" * 121}, "te lang"),
])
def test_validation_refuses_in_dutch_and_saves_nothing(werk_conn, kwargs, message):
    with pytest.raises(VerhaalsetFout, match=message):
        save(werk_conn, **kwargs)
    assert storysets.list_sets(werk_conn, mode=Zichtbaarheid.INTERN).empty
    assert werk_conn.execute("SELECT count(*) FROM verhaalset_verhalen").fetchone()[0] == 0


def test_text_is_tidied_and_filter_is_optional(werk_conn):
    set_id = save(werk_conn, naam="  Twee   woorden ", vraag=" Wat  valt op? ", filter=None, indicator=None)
    loaded = storysets.load_set(werk_conn, set_id)
    assert (loaded.naam, loaded.vraag, loaded.filter, loaded.indicator) == ("Twee woorden", "Wat valt op?", None, None)


def test_list_and_filter_sets(werk_conn):
    a = save(werk_conn, naam="A", gemaakt_op=datetime(2024, 1, 1))
    b = save(werk_conn, naam="B", indicator="ggd_mantelzorg", gemaakt_op=datetime(2024, 2, 1))
    c = save(werk_conn, naam="C", gemeentecode="GM0546", gemaakt_op=datetime(2024, 3, 1))
    assert list(storysets.list_sets(werk_conn, mode=Zichtbaarheid.INTERN)["id"]) == [c, b, a]   # newest first
    assert list(storysets.list_sets(werk_conn, gemeentecode="GM0547", mode=Zichtbaarheid.INTERN)["id"]) == [b, a]
    assert list(storysets.sets_for_indicator(werk_conn, "ggd_eenzaam", "GM0547", mode=Zichtbaarheid.INTERN)["id"]) == [a]
    assert list(storysets.sets_for_indicator(werk_conn, "ggd_eenzaam", None, mode=Zichtbaarheid.INTERN)["id"]) == [c, a]
    assert tuple(storysets.list_sets(werk_conn, mode=Zichtbaarheid.INTERN).columns) == storysets.SET_COLUMNS


def test_delete_set(werk_conn):
    keep, gone = save(werk_conn, naam="Blijft"), save(werk_conn, naam="Weg")
    storysets.delete_set(werk_conn, gone)
    assert list(storysets.list_sets(werk_conn, mode=Zichtbaarheid.INTERN)["id"]) == [keep]
    assert werk_conn.execute("SELECT count(*) FROM verhaalset_verhalen WHERE set_id = ?", [gone]).fetchone()[0] == 0
    with pytest.raises(VerhaalsetFout, match="bestaat niet"):
        storysets.load_set(werk_conn, gone)
    with pytest.raises(VerhaalsetFout):
        storysets.delete_set(werk_conn, gone)


@pytest.mark.parametrize("mode, shown, hidden", [
    (Zichtbaarheid.INTERN, ["V0005", "V0001"], 1),   # V0016 is nee
    (Zichtbaarheid.PARTNER, ["V0001"], 2),           # and V0005 is intern
])
def test_set_stories_check_consent(conn, werk_conn, mode, shown, hidden):
    set_id = save(werk_conn, ids=["V0016", "V0005", "V0001"], gedeeld=True)
    result = storysets.set_stories(conn, werk_conn, set_id, mode)
    assert list(result.verhalen["id"]) == shown
    assert list(result.verhalen["volgorde"]) == sorted(result.verhalen["volgorde"])
    assert result.verborgen == hidden
    if mode is Zichtbaarheid.PARTNER:   # partners never get a count of hidden stories (tests/test_delen.py)
        assert result.melding is None
    else:
        assert f"{hidden} verha" in result.melding
    assert "duiding" in result.verhalen.columns


def test_withdrawn_consent_removes_a_story_from_a_saved_set(fixture_store, writable_verhalen, werkpad):
    with werk.connect_werk(werkpad) as w:
        set_id = save(w, ids=["V0001", "V0004"], gedeeld=True)
    with connect_readonly(fixture_store, writable_verhalen) as store, werk.connect_werk(werkpad) as w:
        before = storysets.set_stories(store, w, set_id, Zichtbaarheid.PARTNER)
    assert list(before.verhalen["id"]) == ["V0001", "V0004"] and before.melding is None
    with duckdb.connect(str(writable_verhalen)) as verhalen:
        verhalen.execute("UPDATE verhalen SET toestemming = 'nee' WHERE id = 'V0001'")
    with connect_readonly(fixture_store, writable_verhalen) as store, werk.connect_werk(werkpad) as w:
        after = storysets.set_stories(store, w, set_id, Zichtbaarheid.INTERN)
    assert list(after.verhalen["id"]) == ["V0004"] and after.verborgen == 1


def test_sets_survive_a_rebuild_of_the_store(writable_store, fixture_verhalen, werkpad):
    with werk.connect_werk(werkpad) as w:
        set_id = save(w, ids=["V0001", "V0101"], gedeeld=True)
    build_store(TEST_DATA, writable_store)   # replaces the figures store file wholesale
    with connect_readonly(writable_store, fixture_verhalen) as store, werk.connect_werk(werkpad) as w:
        result = storysets.set_stories(store, w, set_id, Zichtbaarheid.PARTNER)
    assert list(result.verhalen["id"]) == ["V0001", "V0101"]
