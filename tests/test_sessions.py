"""Interpretatiesessies and the interpretation log: varied samples, saving and reloading, consent
checked again on every read, validation in Dutch, and the werkbestand migration from version 1."""
import math
import random
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.samen import interpretaties as log
from core.samen import sessions, storysets
from core.samen.interpretaties import LogFout
from core.samen.sessions import SessieFout
from core.samen.storysets import VerhaalsetFout
from core.store import werk
from core.store.db import connect_readonly, read_sql
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

NEE = {"V0016", "V0026", "V0034", "V0103"}
INTERN = {"V0005", "V0014", "V0020", "V0107"}
VRAGEN = ["Waarom lukt stimuleren minder goed?", "Wat kan de gemeente anders doen?"]
LEIDERDORP = VerhaalFilter(gemeente="GM0547")


@pytest.fixture()
def werkpad(tmp_path):
    return tmp_path / "werk.duckdb"


@pytest.fixture()
def werk_conn(werkpad):
    conn = werk.connect_werk(werkpad)
    yield conn
    conn.close()


def save(werk_conn, ids=("V0001", "V0004"), **kwargs):
    args = dict(titel="Stimuleren", gemeentecode="GM0547", vragen=VRAGEN, story_ids=list(ids))
    args.update(kwargs)
    return sessions.save_session(werk_conn, **args)


# --- sampling --------------------------------------------------------------------------------------

def test_candidates_carry_zones_and_respect_consent(conn):
    intern = sessions.candidates(conn, LEIDERDORP, Zichtbaarheid.INTERN)
    partner = sessions.candidates(conn, LEIDERDORP, Zichtbaarheid.PARTNER)
    assert not set(intern["id"]) & NEE and not set(partner["id"]) & (NEE | INTERN)
    zones = dict(zip(intern["id"], intern["zone"]))
    assert zones["V0001"] == "hoek: mijzelf" and zones["V0004"] == "hoek: mijn gezin"
    assert zones["V0002"] == sessions.GEEN_ZONE   # no triad answer (not about support)


@pytest.mark.parametrize("seed", range(6))
def test_sample_of_the_fixture_holds_every_zone_and_spreads_wijken(conn, seed):
    pool = sessions.candidates(conn, LEIDERDORP, Zichtbaarheid.INTERN)
    zones = set(pool["zone"])
    sample = sessions.draw_sample(pool, len(zones), seed)
    assert set(sample["zone"]) == zones
    six = sessions.draw_sample(pool, 6, seed)
    assert six["wijk"].value_counts().max() <= math.ceil(6 / pool["wijk"].nunique()) + 1
    assert list(six["steekproef"]) == [1, 2, 3, 4, 5, 6] and six["id"].is_unique


def _random_pool(rng: random.Random, grid: bool) -> pd.DataFrame:
    """Stories over wijken, zones and years. grid: every zone has stories in every wijk."""
    wijken, zones = rng.randint(1, 5), rng.randint(1, 7)
    rows = []
    if grid:
        cells = [(w, z) for w in range(wijken) for z in range(zones) for _ in range(rng.randint(1, 3))]
    else:
        cells = [(rng.randrange(wijken), rng.randrange(zones)) for _ in range(rng.randint(1, 50))]
    for i, (w, z) in enumerate(cells):
        rows.append({"id": f"V{i:04d}", "wijk": f"WK{w}", "zone": f"zone {z}", "jaar": 2018 + rng.randrange(5)})
    return pd.DataFrame(rows)


def _fair_after_zones(pool: pd.DataFrame, sample: pd.DataFrame) -> bool:
    """Once every zone is in, each story comes from a wijk with the fewest so far among those with stories left."""
    left = pool["wijk"].value_counts().to_dict()
    taken = dict.fromkeys(left, 0)
    seen_zones = set()
    for wijk, zone in zip(sample["wijk"], sample["zone"]):
        if seen_zones == set(pool["zone"]):
            others = [taken[o] for o in left if o != wijk and left[o] > 0]
            if others and taken[wijk] > min(others):
                return False
        taken[wijk] += 1
        left[wijk] -= 1
        seen_zones.add(zone)
    return True


@pytest.mark.parametrize("case", range(300))
def test_sample_spread_property(case):
    rng = random.Random(case)
    pool = _random_pool(rng, grid=case % 2 == 0)
    n = rng.randint(1, len(pool))
    sample = sessions.draw_sample(pool, n, seed=case)
    assert len(sample) == n and sample["id"].is_unique
    if n >= pool["zone"].nunique():
        assert set(sample["zone"]) == set(pool["zone"])
    assert _fair_after_zones(pool, sample)
    bound = math.ceil(n / pool["wijk"].nunique())
    if case % 2 == 0 and (pool["wijk"].value_counts() >= bound).all():
        assert sample["wijk"].value_counts().max() <= bound + 1


def test_sample_is_deterministic_for_a_seed(conn):
    pool = sessions.candidates(conn, LEIDERDORP, Zichtbaarheid.INTERN)
    first = list(sessions.draw_sample(pool, 5, 42)["id"])
    shuffled = pool.sample(frac=1, random_state=7)
    assert list(sessions.draw_sample(shuffled, 5, 42)["id"]) == first
    assert len({tuple(sessions.draw_sample(pool, 5, s)["id"]) for s in range(10)}) > 1


def test_sample_larger_than_the_pool_takes_everything_and_works_without_zones(conn):
    pool = sessions.candidates(conn, LEIDERDORP, Zichtbaarheid.PARTNER).drop(columns="zone")
    sample = sessions.draw_sample(pool, 50, 1)
    assert sorted(sample["id"]) == sorted(pool["id"])


@pytest.mark.parametrize("n, frame, message", [
    (0, pd.DataFrame({"id": ["V0001"]}), "minstens 1 verhaal"),
    (3, pd.DataFrame({"id": []}), "geen verhalen"),
])
def test_sample_refuses_in_dutch(n, frame, message):
    with pytest.raises(SessieFout, match=message):
        sessions.draw_sample(frame, n, 1)


def test_sample_from_a_story_set(conn, werk_conn):
    set_id = storysets.save_set(werk_conn, "Stimuleren", "Wat valt op?", None, "GM0547", None,
                                ["V0016", "V0005", "V0001", "V0004", "V0006"], gedeeld=True)
    pool = sessions.set_candidates(conn, werk_conn, set_id, Zichtbaarheid.PARTNER)
    assert set(pool["id"]) == {"V0001", "V0004", "V0006"}
    sample = sessions.draw_sample(pool, 2, 3)
    assert set(sample["zone"]) == {"hoek: mijzelf", "hoek: mijn gezin"}
    sessie_id = save(werk_conn, ids=sample["id"], set_id=set_id, seed=3)
    assert sessions.load_session(werk_conn, sessie_id).set_id == set_id


# --- sessions --------------------------------------------------------------------------------------

def test_session_reloads_in_a_new_connection(werkpad):
    when = datetime(2026, 11, 20, 9, 30)
    f = VerhaalFilter(gemeente="GM0547", sliders={"ervaring": (60, 100)})
    with werk.connect_werk(werkpad) as conn:
        sessie_id = save(conn, ids=["V0004", "V0001", "V0004"], filter=f, seed=7, patroon_vraag="ervaring",
                         datum=date(2026, 11, 23), gemaakt_op=when, vragen=["  Waarom  lukt het niet? ", "", " "])
    with werk.connect_werk(werkpad) as conn:
        loaded = sessions.load_session(conn, sessie_id)
        listed = sessions.list_sessions(conn, "GM0547", mode=Zichtbaarheid.INTERN)
    assert loaded.verhaal_ids == ("V0004", "V0001")        # card order kept, duplicate once
    assert loaded.vragen == ("Waarom lukt het niet?",)      # empty form fields left out
    assert (loaded.titel, loaded.gemeentecode, loaded.filter, loaded.seed, loaded.patroon_vraag) == (
        "Stimuleren", "GM0547", f, 7, "ervaring")
    assert (loaded.datum, loaded.gemaakt_op, loaded.set_id) == (date(2026, 11, 23), when, None)
    assert tuple(listed.columns) == sessions.SESSIE_COLUMNS
    assert listed.loc[0, "id"] == sessie_id and listed.loc[0, "verhalen"] == 2


@pytest.mark.parametrize("kwargs, message", [
    ({"vragen": []}, "minstens één vraag"),
    ({"vragen": ["", "  "]}, "minstens één vraag"),
    ({"vragen": ["Een?", "Twee?", "Drie?", "Vier?"]}, "hoogstens 3 vragen"),
    ({"vragen": ["x" * 401]}, "te lang"),
    ({"titel": "  "}, "titel"),
    ({"titel": "x" * 121}, "te lang"),
    ({"gemeentecode": "Leiderdorp"}, "GM0547"),
    ({"story_ids": []}, "minstens één verhaal"),
    ({"set_id": "abc", "filter": LEIDERDORP}, "niet allebei"),
])
def test_session_validation_refuses_in_dutch_and_saves_nothing(werk_conn, kwargs, message):
    with pytest.raises(SessieFout, match=message):
        save(werk_conn, **kwargs)
    assert sessions.list_sessions(werk_conn, mode=Zichtbaarheid.INTERN).empty
    assert werk_conn.execute("SELECT count(*) FROM sessie_verhalen").fetchone()[0] == 0


def test_session_with_an_unknown_set_is_refused(werk_conn):
    with pytest.raises(VerhaalsetFout, match="bestaat niet"):
        save(werk_conn, set_id="bestaatniet")


@pytest.mark.parametrize("mode, shown, hidden", [
    (Zichtbaarheid.INTERN, ["V0005", "V0001"], 1),   # V0016 is nee
    (Zichtbaarheid.PARTNER, ["V0001"], 2),           # and V0005 is intern
])
def test_session_stories_check_consent(conn, werk_conn, mode, shown, hidden):
    sessie_id = save(werk_conn, ids=["V0016", "V0005", "V0001"])
    result = sessions.session_stories(conn, werk_conn, sessie_id, mode)
    assert list(result.verhalen["id"]) == shown
    assert result.verborgen == hidden
    if mode is Zichtbaarheid.PARTNER:   # partners never get a count of hidden stories (tests/test_delen.py)
        assert result.melding is None
    else:
        assert f"{hidden} verha" in result.melding
    assert list(result.verhalen["volgorde"]) == sorted(result.verhalen["volgorde"])


def test_withdrawn_consent_removes_a_story_from_a_session(fixture_store, writable_verhalen, werkpad):
    with werk.connect_werk(werkpad) as w:
        sessie_id = save(w, ids=["V0001", "V0004"])
    with duckdb.connect(str(writable_verhalen)) as verhalen:
        verhalen.execute("UPDATE verhalen SET toestemming = 'nee' WHERE id = 'V0001'")
    with connect_readonly(fixture_store, writable_verhalen) as store, werk.connect_werk(werkpad) as w:
        after = sessions.session_stories(store, w, sessie_id, Zichtbaarheid.INTERN)
    assert list(after.verhalen["id"]) == ["V0004"] and after.verborgen == 1
    assert after.melding.startswith("1 verhaal uit deze sessie wordt niet getoond")


def test_delete_session_keeps_its_log_unlinked(werk_conn):
    keep, gone = save(werk_conn, titel="Blijft"), save(werk_conn, titel="Weg")
    entry = log.add_log_entry(werk_conn, "GM0547", observaties="Veel mensen kennen het buurthuis niet.",
                              sessie_id=gone, indicatoren=["ggd_eenzaam"])
    sessions.delete_session(werk_conn, gone)
    assert list(sessions.list_sessions(werk_conn, mode=Zichtbaarheid.INTERN)["id"]) == [keep]
    assert werk_conn.execute("SELECT count(*) FROM sessie_verhalen WHERE sessie_id = ?", [gone]).fetchone()[0] == 0
    assert log.log_for_session(werk_conn, gone, mode=Zichtbaarheid.INTERN) == []
    assert [e.id for e in log.log_for_indicator(werk_conn, "ggd_eenzaam", "GM0547", mode=Zichtbaarheid.INTERN)] == [entry]
    with pytest.raises(SessieFout, match="bestaat niet"):
        sessions.delete_session(werk_conn, gone)


# --- interpretation log ----------------------------------------------------------------------------

def test_log_entry_reloads_in_a_new_connection(werkpad):
    with werk.connect_werk(werkpad) as conn:
        sessie_id = save(conn)
        set_id = storysets.save_set(conn, "Set", "Wat valt op?", None, "GM0547", None, ["V0001"])
        entry = log.add_log_entry(conn, "GM0547", wijk="wk054700", sessie_id=sessie_id, verhaalsets=[set_id],
                                  indicatoren=["ggd_eenzaam", "ggd_mantelzorg"],
                                  observaties="  Ouderen voelen zich alleen.\nVooral in de winter.  ",
                                  acties="Buurthuis vaker open.", door=" Fatima  de Vries ",
                                  datum=date(2026, 11, 23), gemaakt_op=datetime(2026, 11, 23, 16, 0))
    with werk.connect_werk(werkpad) as conn:
        [loaded] = log.log_for_session(conn, sessie_id, mode=Zichtbaarheid.INTERN)
    assert loaded.id == entry and (loaded.gemeentecode, loaded.wijk, loaded.door) == ("GM0547", "WK054700",
                                                                                       "Fatima de Vries")
    assert loaded.observaties == "Ouderen voelen zich alleen.\nVooral in de winter."
    assert loaded.interpretaties == "" and loaded.datum == date(2026, 11, 23)
    assert loaded.indicatoren == ("ggd_eenzaam", "ggd_mantelzorg") and loaded.verhaalsets == (set_id,)
    assert [kop for kop, _ in loaded.onderdelen] == ["Wat we zagen", "Wat we afspraken"]


def test_log_queries_by_indicator_wijk_session_and_set(werk_conn):
    set_id = storysets.save_set(werk_conn, "Set", "Wat valt op?", None, "GM0547", None, ["V0001"])
    sessie_id = save(werk_conn)

    def add(dag, **kwargs):
        return log.add_log_entry(werk_conn, kwargs.pop("gemeente", "GM0547"), observaties=f"dag {dag}",
                                 datum=date(2026, 11, dag), **kwargs)

    heel = add(1, indicatoren=["ggd_eenzaam"])
    zuid = add(2, indicatoren=["ggd_eenzaam"], wijk="WK054700", sessie_id=sessie_id)
    noord = add(3, indicatoren=["ggd_eenzaam"], wijk="WK054701", verhaalsets=[set_id])
    add(4, indicatoren=["ggd_eenzaam"], gemeente="GM0546")
    add(5, indicatoren=["ggd_mantelzorg"], wijk="WK054700")

    def ids(entries):
        return [e.id for e in entries]

    assert ids(log.log_for_indicator(werk_conn, "ggd_eenzaam", "GM0547", mode=Zichtbaarheid.INTERN)) == [noord, zuid, heel]
    assert ids(log.log_for_indicator(werk_conn, "ggd_eenzaam", "GM0547", "WK054700", mode=Zichtbaarheid.INTERN)) == [zuid, heel]
    assert len(log.log_for_wijk(werk_conn, "WK054700", mode=Zichtbaarheid.INTERN)) == 3   # with `heel`
    assert ids(log.log_for_session(werk_conn, sessie_id, mode=Zichtbaarheid.INTERN)) == [zuid]
    assert ids(log.log_for_set(werk_conn, set_id, mode=Zichtbaarheid.INTERN)) == [noord]


def test_gemeente_wide_entries_show_for_every_wijk_of_that_gemeente_only(werk_conn):
    def add(tekst, **kwargs):
        return log.add_log_entry(werk_conn, kwargs.pop("gemeente", "GM0547"), observaties=tekst, **kwargs)

    heel = add("heel Leiderdorp")
    zuid = add("alleen zuid", wijk="WK054700")
    add("alleen noord", wijk="WK054701")
    add("heel Leiden", gemeente="GM0546")
    add("ander deel van Leiden", gemeente="GM0546", wijk="WK054600")
    intern = Zichtbaarheid.INTERN
    assert {e.id for e in log.log_for_wijk(werk_conn, "WK054700", mode=intern)} == {heel, zuid}
    assert [e.observaties for e in log.log_for_wijk(werk_conn, "wk054702", mode=intern)] == ["heel Leiderdorp"]
    entries = {e.id: e for e in log.log_for_wijk(werk_conn, "WK054700", mode=intern)}
    assert entries[heel].hele_gemeente and not entries[zuid].hele_gemeente
    assert log.gemeente_van_wijk("WK036301") == "GM0363" and log.gemeente_van_wijk("wk054600") == "GM0546"
    with pytest.raises(LogFout, match="geen wijkcode"):
        log.gemeente_van_wijk("GM0547")


def test_gemeente_wide_entries_in_partner_mode_only_when_shared(werk_conn):
    log.add_log_entry(werk_conn, "GM0547", observaties="niet gedeeld")
    gedeeld = log.add_log_entry(werk_conn, "GM0547", observaties="gedeeld", gedeeld=True)
    assert [e.id for e in log.log_for_wijk(werk_conn, "WK054700", mode=Zichtbaarheid.PARTNER)] == [gedeeld]
    assert [e.id for e in log.log_for_wijk_indicator(werk_conn, "WK054700", "ggd_eenzaam",
                                                     mode=Zichtbaarheid.PARTNER)] == [gedeeld]
    assert len(log.log_for_wijk(werk_conn, "WK054700", mode=Zichtbaarheid.INTERN)) == 2


def test_tellen_vertellen_log_holds_the_indicator_the_wijk_and_the_whole_gemeente(werk_conn):
    def add(tekst, **kwargs):
        return log.add_log_entry(werk_conn, kwargs.pop("gemeente", "GM0547"), observaties=tekst,
                                 datum=date(2026, 11, len(tekst)), **kwargs)

    shown = {add("heel, geen cijfer"), add("heel, dit cijfer", indicatoren=["ggd_eenzaam"]),
             add("zuid, dit cijfer en meer", wijk="WK054700", indicatoren=["ggd_mantelzorg", "ggd_eenzaam"]),
             add("zuid, geen cijfer", wijk="WK054700")}
    add("heel, ander cijfer", indicatoren=["ggd_mantelzorg"])
    add("zuid, ander cijfer", wijk="WK054700", indicatoren=["ggd_mantelzorg"])
    add("noord, dit cijfer", wijk="WK054701", indicatoren=["ggd_eenzaam"])
    add("Leiden, dit cijfer", gemeente="GM0546", indicatoren=["ggd_eenzaam"])
    found = log.log_for_wijk_indicator(werk_conn, "WK054700", "ggd_eenzaam", mode=Zichtbaarheid.INTERN)
    assert {e.id for e in found} == shown
    assert [e.datum for e in found] == sorted((e.datum for e in found), reverse=True)


@pytest.mark.parametrize("kwargs, error, message", [
    ({}, LogFout, "minstens één veld"),
    ({"observaties": "  ", "acties": "\n"}, LogFout, "minstens één veld"),
    ({"observaties": "x" * 4001}, LogFout, "te lang"),
    ({"acties": "Bellen.", "wijk": "WK054600"}, LogFout, "hoort niet bij gemeente GM0547"),
    ({"acties": "Bellen.", "sessie_id": "bestaatniet"}, SessieFout, "bestaat niet"),
    ({"acties": "Bellen.", "verhaalsets": ["bestaatniet"]}, VerhaalsetFout, "bestaat niet"),
    ({"acties": "Bellen.", "gemeente": ""}, SessieFout, "Kies een gemeente"),
])
def test_log_validation_refuses_in_dutch_and_saves_nothing(werk_conn, kwargs, error, message):
    gemeente = kwargs.pop("gemeente", "GM0547")
    with pytest.raises(error, match=message):
        log.add_log_entry(werk_conn, gemeente, **kwargs)
    assert werk_conn.execute("SELECT count(*) FROM logboek").fetchone()[0] == 0
    assert werk_conn.execute("SELECT count(*) FROM logboek_links").fetchone()[0] == 0


# --- werkbestand version 2 ---------------------------------------------------------------------------

def _version_1_file(path: Path) -> str:
    """A werkbestand as version 1 of the product wrote it, with one story set in it."""
    with duckdb.connect(str(path)) as conn:
        conn.execute(read_sql("werk.sql"))
        conn.execute("CREATE TABLE werk_versie (versie INTEGER NOT NULL)")
        conn.execute("INSERT INTO werk_versie VALUES (1)")
        conn.execute("INSERT INTO verhaalsets VALUES ('oud', 'Oude set', 'Wat valt op?', 'ggd_eenzaam', 'GM0547', "
                      "NULL, TIMESTAMP '2024-01-01 10:00')")   # the columns of version 1
        conn.execute("INSERT INTO verhaalset_verhalen VALUES ('oud', 'V0001', 1), ('oud', 'V0004', 2)")
        return "oud"


def test_a_version_1_werkbestand_is_migrated_and_keeps_its_sets(werkpad):
    set_id = _version_1_file(werkpad)
    with werk.connect_werk(werkpad) as conn:
        assert werk.schema_versie(conn) == werk.WERK_SCHEMA_VERSIE
        versies = [r[0] for r in conn.execute("SELECT versie FROM werk_versie ORDER BY versie").fetchall()]
        assert versies == list(range(1, werk.WERK_SCHEMA_VERSIE + 1))
        assert storysets.load_set(conn, set_id).verhaal_ids == ("V0001", "V0004")
        sessie_id = save(conn, set_id=set_id)
        log.add_log_entry(conn, "GM0547", interpretaties="Het buurthuis is onbekend.", sessie_id=sessie_id)
    with werk.connect_werk(werkpad) as conn:   # opening again changes nothing
        assert conn.execute("SELECT count(*) FROM werk_versie").fetchone()[0] == werk.WERK_SCHEMA_VERSIE
        assert len(log.log_for_session(conn, sessie_id, mode=Zichtbaarheid.INTERN)) == 1


def test_a_new_werkbestand_has_every_table_at_once(werkpad):
    with werk.connect_werk(werkpad) as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert conn.execute("SELECT count(*) FROM werk_versie").fetchone()[0] == 1
    assert {"verhaalsets", "verhaalset_verhalen", "sessies", "sessie_verhalen", "logboek",
            "logboek_links"} <= tables
