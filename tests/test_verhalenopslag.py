"""The story store keeps what a gemeente brings: builds never touch it, one writer at a time, imports can
be listed and removed, an old store is migrated, nothing is left behind, a running app sees new stories."""
import csv
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from core.dbtools import quote_ident
from core.errors import TellenError
from core.samen import storysets
from core.store import verhalen as verhaalopslag
from core.store import werk
from core.store.build import DataLayout, build_store
from core.store.db import connect_readonly, data_versie, sql_path
from core.store.slot import schrijfslot
from core.vertellen.consent import Zichtbaarheid
from tests.conftest import TEST_DATA, goto

ROOT = Path(__file__).resolve().parent.parent
DEMO = DataLayout(TEST_DATA)


def stories_file(path: Path, prefix: str, count: int = 3) -> Path:
    """`count` stories copied from the fixture demo file under new ids (prefix + number)."""
    with open(DEMO.verhalen, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    usable = [r for r in rows if r["toestemming"] == "openbaar"][:count]
    for i, row in enumerate(usable, start=1):
        row["verhaal_id"] = f"{prefix}{i:03d}"
        row["titel"] = f"{row['titel']} ({prefix})"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(usable)
    return path


def story_ids(store: Path, verhalen: Path) -> set[str]:
    with connect_readonly(store, verhalen) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM verhalen").fetchall()}


def cli(*args, store: Path, verhalen: Path, env_extra=None, background=False):
    cmd = [sys.executable, "-m", "core", "--store", str(store), "--verhalen", str(verhalen), *map(str, args)]
    env = dict(os.environ, **(env_extra or {}))
    if background:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def paths(fixture_store, fixture_verhalen, tmp_path):
    """A private figures store and story store (with the demo stories) that a test may change."""
    store, verhalen = tmp_path / "tellen.duckdb", tmp_path / "verhalen.duckdb"
    shutil.copyfile(fixture_store, store)
    shutil.copyfile(fixture_verhalen, verhalen)
    return store, verhalen


def test_a_rebuild_keeps_imported_stories(paths, tmp_path):
    store, verhalen = paths
    imported = cli("import-stories", stories_file(tmp_path / "a.csv", "A"), "--framework", DEMO.kader,
                   store=store, verhalen=verhalen)
    assert imported.returncode == 0, imported.stderr
    before = story_ids(store, verhalen)
    assert {"A001", "A002", "A003"} <= before and len(before) == 18
    rebuilt = cli("build", "--data", TEST_DATA, store=store, verhalen=verhalen)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert story_ids(store, verhalen) == before


def test_demo_stories_are_one_removable_import_that_never_comes_back(paths):
    store, verhalen = paths
    listed = cli("imports", store=store, verhalen=verhalen)
    assert listed.returncode == 0 and "verhalen_demo.csv" in listed.stdout and "(fictief)" in listed.stdout
    with connect_readonly(store, verhalen) as conn:
        demo_id = verhaalopslag.lijst(conn)["id"].iloc[0]
    removed = cli("remove-import", demo_id, store=store, verhalen=verhalen)
    assert removed.returncode == 0, removed.stderr
    assert "15 verhalen" in removed.stdout
    assert story_ids(store, verhalen) == set()
    cli("build", "--data", TEST_DATA, store=store, verhalen=verhalen)
    assert story_ids(store, verhalen) == set()
    assert "Er zijn geen imports." in cli("imports", store=store, verhalen=verhalen).stdout


def test_removing_an_import_keeps_the_other_stories_of_a_set(paths, tmp_path):
    store, verhalen = paths
    result = verhaalopslag.importeer(store, verhalen, stories_file(tmp_path / "b.csv", "B"), DEMO.kader)
    with werk.connect_werk(tmp_path / "werk.duckdb") as w:
        set_id = storysets.save_set(w, "Gemengd", "Wat valt op?", None, "GM0547", None, ["B001", "V0001"])
        assert verhaalopslag.verwijder_import(store, verhalen, result.import_id) == 3
        with connect_readonly(store, verhalen) as conn:
            shown = storysets.set_stories(conn, w, set_id, Zichtbaarheid.INTERN)
    assert list(shown.verhalen["id"]) == ["V0001"]
    assert shown.verborgen == 1 and shown.verwijderd == 1
    assert shown.melding == "1 verhaal uit deze set staat niet meer in de opslag: de import ervan is verwijderd."


def test_removing_an_unknown_import_says_what_to_do(paths):
    store, verhalen = paths
    result = cli("remove-import", "bestaatniet", store=store, verhalen=verhalen)
    assert result.returncode == 1
    assert "Import 'bestaatniet' bestaat niet" in result.stderr and "python -m core imports" in result.stderr


def test_every_write_changes_the_data_version(paths, tmp_path):
    store, verhalen = paths

    def version():
        with connect_readonly(store, verhalen) as conn:
            return data_versie(conn)

    first = version()
    result = verhaalopslag.importeer(store, verhalen, stories_file(tmp_path / "c.csv", "C"), DEMO.kader)
    second = version()
    verhaalopslag.verwijder_import(store, verhalen, result.import_id)
    third = version()
    build_store(TEST_DATA, store)
    assert len({first, second, third, version()}) == 4


def test_a_second_writer_waits_then_stops_with_a_dutch_message(paths, tmp_path):
    store, verhalen = paths
    before = story_ids(store, verhalen)
    with schrijfslot(store, "een test die het slot vasthoudt"):
        result = cli("import-stories", stories_file(tmp_path / "d.csv", "D"), "--framework", DEMO.kader,
                     store=store, verhalen=verhalen, env_extra={"TV_SLOT_WACHTEN": "1"})
    assert result.returncode == 1
    assert "Er wordt al in de opslag geschreven: een test die het slot vasthoudt, sinds " in result.stderr
    assert "proces " in result.stderr and "Er is niets veranderd" in result.stderr
    assert story_ids(store, verhalen) == before


def test_two_imports_and_a_build_at_once_lose_nothing(paths, tmp_path):
    store, verhalen = paths
    files = [stories_file(tmp_path / f"{p}.csv", p) for p in ("E", "F")]
    procs = [cli("import-stories", f, "--framework", DEMO.kader, store=store, verhalen=verhalen, background=True)
             for f in files]
    procs.append(cli("build", "--data", TEST_DATA, store=store, verhalen=verhalen, background=True))
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    ids = story_ids(store, verhalen)
    for (code, out, err), prefix in zip(outcomes[:2], ("E", "F")):
        if code == 0:
            assert "3 verhalen geïmporteerd" in out
            assert {f"{prefix}001", f"{prefix}002", f"{prefix}003"} <= ids
        else:
            assert "Er wordt al in de opslag geschreven" in err
            assert not any(i.startswith(prefix) for i in ids)
    assert outcomes[2][0] == 0 or "Er wordt al in de opslag geschreven" in outcomes[2][2]
    assert sum(code == 0 for code, _, _ in outcomes) >= 1
    assert not [p.name for p in tmp_path.glob(".*.import*")] + [p.name for p in tmp_path.glob(".*.bouw*")]


def test_the_next_writer_clears_what_a_killed_one_left(paths, tmp_path):
    store, verhalen = paths
    left = [tmp_path / f".{verhalen.name}.deadbeef.import", tmp_path / f".{verhalen.name}.deadbeef.import.wal",
            tmp_path / f".{store.name}.cafebabe.bouw"]
    for path in left:
        path.write_bytes(b"x" * 1000)
    verhaalopslag.importeer(store, verhalen, stories_file(tmp_path / "g.csv", "G"), DEMO.kader)
    assert not any(path.exists() for path in left)


def test_sigterm_during_a_write_cleans_up_like_an_error(paths):
    store, verhalen = paths
    before = verhalen.read_bytes()
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from core.__main__ import _stop_on_sigterm
        from core.store import verhalen as v
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        with v.schrijven(Path({str(store)!r}), Path({str(verhalen)!r}), "test"):
            with v._kopie(Path({str(verhalen)!r}), None) as conn:
                conn.execute("DELETE FROM verhalen")
                os.kill(os.getpid(), signal.SIGTERM)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert verhalen.read_bytes() == before
    assert not list(verhalen.parent.glob(".*.import*"))


def test_an_old_store_is_migrated_without_losing_a_story_or_a_set(fixture_store, fixture_verhalen, tmp_path):
    """Old layout: the stories lived in the figures store. Import, upgrade, rebuild: same stories, same sets."""
    data = tmp_path / "data"
    shutil.copytree(TEST_DATA, data)
    store, verhalen = data / "tellen.duckdb", data / "verhalen.duckdb"
    shutil.copyfile(fixture_store, store)
    with duckdb.connect(str(store)) as old:  # the old layout: story tables inside the figures store
        old.execute(f"ATTACH '{sql_path(fixture_verhalen)}' AS v (READ_ONLY)")  # ATTACH binds no values
        for table in map(quote_ident, verhaalopslag.TABELLEN):  # an allow-list of our own table names
            old.execute(f"CREATE TABLE {table} AS SELECT * FROM v.{table}")
        old.execute("INSERT INTO verhalen SELECT * REPLACE ('OUD' || id AS id, 'oud' AS import_id) "
                    "FROM v.verhalen WHERE id = 'V0001'")
        old.execute("INSERT INTO imports (id, bestand, kader, aantal, op) "
                    "VALUES ('oud', 'eigen.csv', 'leiderdorp-oet', 1, now())")
        old.execute("UPDATE bouw SET bronnen_hash = 'oude schema', schema_versie = 1")  # built by the old code
        expected = {r[0] for r in old.execute("SELECT id FROM verhalen").fetchall()}
    with werk.connect_werk(data / "werk.duckdb") as w:
        set_id = storysets.save_set(w, "Oud", "Wat blijft?", None, "GM0547", None, ["OUDV0001", "V0004"])
    upgraded = cli("build", "--data", data, "--if-stale", store=store, verhalen=verhalen)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"{len(expected)} verhalen overgezet" in upgraded.stdout and "Opslag gebouwd" in upgraded.stdout
    assert story_ids(store, verhalen) == expected
    assert "oud" in cli("imports", store=store, verhalen=verhalen).stdout
    cli("build", "--data", data, store=store, verhalen=verhalen)
    assert story_ids(store, verhalen) == expected
    with connect_readonly(store, verhalen) as conn, werk.connect_werk(data / "werk.duckdb") as w:
        kept = storysets.set_stories(conn, w, set_id, Zichtbaarheid.INTERN)
    assert list(kept.verhalen["id"]) == ["OUDV0001", "V0004"] and kept.verborgen == 0


def test_a_running_app_shows_new_stories_on_its_next_rerun(app, fixture_store, writable_verhalen, monkeypatch,
                                                           tmp_path):
    monkeypatch.setenv("TV_VERHALEN", str(writable_verhalen))
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    before = next(int(s.value.split()[0]) for s in at.subheader if "verhalen gevonden" in s.value)
    verhaalopslag.importeer(fixture_store, writable_verhalen, stories_file(tmp_path / "h.csv", "H"), DEMO.kader)
    at.run()
    assert not at.exception, at.exception
    after = next(int(s.value.split()[0]) for s in at.subheader if "verhalen gevonden" in s.value)
    assert after == before + 3


def test_import_into_a_missing_figures_store_says_what_to_do(tmp_path):
    with pytest.raises(TellenError, match="Bouw hem eerst met: python -m core build"):
        verhaalopslag.importeer(tmp_path / "geen.duckdb", tmp_path / "v.duckdb", DEMO.verhalen, DEMO.kader)


def test_lock_is_reentrant_in_one_thread_and_refuses_a_second_file_lock(tmp_path):
    store = tmp_path / "tellen.duckdb"
    with schrijfslot(store, "buiten"), schrijfslot(store, "binnen"):
        script = ("from pathlib import Path; from core.store.slot import schrijfslot\n"
                  f"with schrijfslot(Path({str(store)!r}), 'ander', wachten=0.3): pass")
        other = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert other.returncode != 0 and "SlotBezet" in other.stderr and "buiten" in other.stderr
    with schrijfslot(store, "daarna", wachten=0.3):  # released: free again at once
        assert "daarna" in (tmp_path / ".schrijfslot").read_text()


def test_import_progress_line_gives_rows_speed_and_time_left():
    from core.store.progress import RowProgress
    assert RowProgress.line(25_000, 100_000, 2.0) == (
        "25.000 van 100.000 rijen · 12.500 rijen per seconde · nog 6 s")
    assert RowProgress.line(100_000, 100_000, 8.0) == "100.000 van 100.000 rijen · 12.500 rijen per seconde"
    seen = RowProgress(quiet=True, every=0)
    for done in (0, 50, 100):
        seen(done, 100)
    assert len(seen.lines) == 3 and seen.lines[-1].startswith("100 van 100 rijen")


def test_readers_are_never_blocked_and_see_whole_versions(paths, tmp_path):
    store, verhalen = paths
    with connect_readonly(store, verhalen) as reader:
        before = reader.execute("SELECT count(*) FROM verhalen").fetchone()[0]
        with schrijfslot(store, "een import"):  # a writer holds the lock: readers still open and read
            with connect_readonly(store, verhalen) as second:
                assert second.execute("SELECT count(*) FROM verhalen").fetchone()[0] == before
        verhaalopslag.importeer(store, verhalen, stories_file(tmp_path / "r.csv", "R"), DEMO.kader)
        assert reader.execute("SELECT count(*) FROM verhalen").fetchone()[0] == before  # its own version
    with connect_readonly(store, verhalen) as after:
        assert after.execute("SELECT count(*) FROM verhalen").fetchone()[0] == before + 3
        assert after.execute("SELECT count(*) FROM antwoorden WHERE verhaal LIKE 'R%'").fetchone()[0] == 27
