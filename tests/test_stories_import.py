"""Story import: valid files go in whole; any bad row keeps the whole file out and is named."""
import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import ImportFout
from core.ingest.stories import import_stories

ROOT = Path(__file__).resolve().parent.parent
KADER = Path(__file__).parent / "data" / "verhalen" / "kader_leiderdorp.json"
TODAY = date(2026, 11, 23)


def story_rows():
    with open(Path(__file__).parent / "data" / "verhalen" / "verhalen_demo.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_stories(path: Path, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    return path


def new_rows(count=3):
    """Fixture stories with fresh ids, so they can be imported into the fixture store once more."""
    rows = story_rows()[:count]
    for i, row in enumerate(rows):
        row["verhaal_id"] = f"T{i + 1:04d}"
    return rows


def count_stories(store: Path) -> int:
    with duckdb.connect(str(store), read_only=True) as conn:
        return conn.execute("SELECT count(*) FROM verhalen").fetchone()[0]


def test_valid_file_imports_every_row_and_answer(writable_store, tmp_path):
    before = count_stories(writable_store)
    path = write_stories(tmp_path / "goed.csv", new_rows(3))
    with duckdb.connect(str(writable_store)) as conn:
        result = import_stories(conn, path, KADER, today=TODAY)
        answers = conn.execute("SELECT count(*) FROM antwoorden WHERE verhaal LIKE 'T%'").fetchone()[0]
        triad = conn.execute("SELECT triade_a + triade_b + triade_c FROM antwoorden "
                             "WHERE verhaal = 'T0001' AND signifier = 'richting'").fetchone()[0]
    assert result.aantal == 3 and count_stories(writable_store) == before + 3
    assert answers == 3 * 9  # one row per signifier of the framework, empty ones included
    assert triad == pytest.approx(1.0)


def test_one_bad_row_imports_nothing_and_names_row_and_column(writable_store, tmp_path):
    rows = new_rows(3)
    rows[1]["ervaring"] = "150"
    path = write_stories(tmp_path / "fout.csv", rows)
    before = count_stories(writable_store)
    with duckdb.connect(str(writable_store)) as conn, pytest.raises(ImportFout) as err:
        import_stories(conn, path, KADER, today=TODAY)
    assert "Rij 2 (verhaal T0002), kolom 'ervaring': 150 ligt niet tussen 0 en 100." in str(err.value)
    assert "niet geïmporteerd" in str(err.value)
    assert count_stories(writable_store) == before


def test_triad_weights_must_sum_to_one(writable_store, tmp_path):
    rows = new_rows(1)
    assert rows[0]["ondersteuning"] == "ja"
    rows[0]["richting_mijzelf"], rows[0]["richting_gezin"], rows[0]["richting_omgeving"] = "0.5", "0.3", "0.1"
    path = write_stories(tmp_path / "triade.csv", rows)
    with duckdb.connect(str(writable_store)) as conn, pytest.raises(ImportFout) as err:
        import_stories(conn, path, KADER, today=TODAY)
    assert err.value.problemen == [
        "Rij 1 (verhaal T0001), kolom 'richting_mijzelf/richting_gezin/richting_omgeving': "
        "de drie hoeken tellen op tot 0,90 in plaats van 1."]


def test_unknown_wijk_is_refused(writable_store, tmp_path):
    rows = new_rows(2)
    rows[1]["wijkcode"] = "WK999999"
    path = write_stories(tmp_path / "wijk.csv", rows)
    with duckdb.connect(str(writable_store)) as conn, pytest.raises(ImportFout) as err:
        import_stories(conn, path, KADER, today=TODAY)
    assert "Rij 2 (verhaal T0002), kolom 'wijkcode': wijk 'WK999999' is onbekend" in str(err.value)


def test_triad_only_when_condition_holds(writable_store, tmp_path):
    rows = new_rows(2)
    nee = next(r for r in story_rows() if r["ondersteuning"] == "nee")
    nee.update(verhaal_id="T0099", richting_mijzelf="1", richting_gezin="0", richting_omgeving="0")
    path = write_stories(tmp_path / "voorwaarde.csv", rows + [nee])
    with duckdb.connect(str(writable_store)) as conn, pytest.raises(ImportFout) as err:
        import_stories(conn, path, KADER, today=TODAY)
    assert "mag alleen ingevuld zijn als ondersteuning = ja" in str(err.value)


def test_duplicate_id_and_bad_values_are_all_listed(writable_store, tmp_path):
    rows = new_rows(3)
    rows[2]["verhaal_id"] = "T0001"
    rows[0]["toestemming"] = "misschien"
    rows[1]["datum_verzameld"] = "23-11-2026"
    path = write_stories(tmp_path / "veel.csv", rows)
    with duckdb.connect(str(writable_store)) as conn, pytest.raises(ImportFout) as err:
        import_stories(conn, path, KADER, today=TODAY)
    text = "\n".join(err.value.problemen)
    assert "'misschien' is geen geldige toestemming" in text
    assert "'23-11-2026' is geen datum. Schrijf de datum als JJJJ-MM-DD." in text
    assert "id 'T0001' komt al voor" in text


def test_missing_column_is_named(writable_store, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "rol_sturend"} for r in new_rows(2)]
    path = write_stories(tmp_path / "kolom.csv", rows)
    with duckdb.connect(str(writable_store)) as conn, pytest.raises(ImportFout, match="ontbreken de kolommen: rol_sturend"):
        import_stories(conn, path, KADER, today=TODAY)


def run_cli(*args, store: Path):
    return subprocess.run([sys.executable, "-m", "core", "--store", str(store), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_import_all_or_nothing(writable_store, tmp_path):
    before = count_stories(writable_store)
    bad = new_rows(2)
    bad[0]["wijkcode"] = ""
    result = run_cli("import-stories", str(write_stories(tmp_path / "slecht.csv", bad)),
                     "--framework", str(KADER), store=writable_store)
    assert result.returncode == 1
    assert "Rij 1 (verhaal T0001), kolom 'wijkcode': is leeg; dit veld is verplicht." in result.stderr
    assert count_stories(writable_store) == before
    result = run_cli("import-stories", str(write_stories(tmp_path / "goed.csv", new_rows(2))),
                     "--framework", str(KADER), store=writable_store)
    assert result.returncode == 0, result.stderr
    assert "2 verhalen geïmporteerd" in result.stdout
    assert count_stories(writable_store) == before + 2
