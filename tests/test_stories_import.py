"""Story import: valid files go in whole; any bad row keeps the whole file out and is named."""
import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import ImportFout
from core.ingest.stories import MAX_PROBLEMEN, import_stories, load_kader
from core.store import verhalen as verhaalopslag

ROOT = Path(__file__).resolve().parent.parent
KADER = Path(__file__).parent / "data" / "verhalen" / "kader_leiderdorp.json"
TODAY = date(2026, 11, 23)


def story_rows():
    with open(Path(__file__).parent / "data" / "verhalen" / "verhalen_demo.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_stories(path: Path, rows, encoding="utf-8", delimiter=",") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def new_rows(count=3):
    """Fixture stories with fresh ids T0001, T0002, ..."""
    rows = story_rows()[:count]
    for i, row in enumerate(rows):
        row["verhaal_id"] = f"T{i + 1:04d}"
    return rows


def count_stories(store: Path) -> int:
    with duckdb.connect(str(store), read_only=True) as conn:
        return conn.execute("SELECT count(*) FROM verhalen").fetchone()[0]


def stories_in(conn) -> int:
    return conn.execute("SELECT count(*) FROM verhalen").fetchone()[0]


def refused(story_conn, path) -> pytest.ExceptionInfo:
    """Import `path` and expect it to be refused; the ImportFout, for the test's assertions."""
    with pytest.raises(ImportFout) as err:
        import_stories(story_conn, path, KADER, today=TODAY)
    return err


@pytest.fixture()
def story_conn(fixture_store, tmp_path):
    """What the app imports into: a new story store, with the figures attached for `regios`."""
    conn = verhaalopslag.schrijfverbinding(tmp_path / "verhalen.duckdb", fixture_store, nieuw=True)
    yield conn
    conn.close()


def test_valid_file_imports_every_row_and_answer(story_conn, tmp_path):
    before = stories_in(story_conn)
    path = write_stories(tmp_path / "goed.csv", new_rows(3))
    result = import_stories(story_conn, path, KADER, today=TODAY)
    answers = story_conn.execute("SELECT count(*) FROM antwoorden WHERE verhaal LIKE 'T%'").fetchone()[0]
    triad = story_conn.execute("SELECT triade_a + triade_b + triade_c FROM antwoorden "
                               "WHERE verhaal = 'T0001' AND signifier = 'richting'").fetchone()[0]
    assert result.aantal == 3 and stories_in(story_conn) == before + 3
    assert answers == 3 * 9  # one row per signifier of the framework, empty ones included
    assert triad == pytest.approx(1.0)


def test_one_bad_row_imports_nothing_and_names_row_and_column(story_conn, tmp_path):
    rows = new_rows(3)
    rows[1]["ervaring"] = "150"
    path = write_stories(tmp_path / "fout.csv", rows)
    before = stories_in(story_conn)
    err = refused(story_conn, path)
    assert "Rij 2 (verhaal T0002), kolom 'ervaring': 150 ligt niet tussen 0 en 100." in str(err.value)
    assert "niet geïmporteerd" in str(err.value)
    assert stories_in(story_conn) == before


def test_triad_weights_must_sum_to_one(story_conn, tmp_path):
    rows = new_rows(1)
    assert rows[0]["ondersteuning"] == "ja"
    rows[0]["richting_mijzelf"], rows[0]["richting_gezin"], rows[0]["richting_omgeving"] = "0.5", "0.3", "0.1"
    path = write_stories(tmp_path / "triade.csv", rows)
    err = refused(story_conn, path)
    assert err.value.problemen == [
        "Rij 1 (verhaal T0001), kolom 'richting_mijzelf/richting_gezin/richting_omgeving': "
        "de drie hoeken tellen op tot 0,90 in plaats van 1."]


def test_unknown_wijk_is_refused(story_conn, tmp_path):
    rows = new_rows(2)
    rows[1]["wijkcode"] = "WK999999"
    path = write_stories(tmp_path / "wijk.csv", rows)
    err = refused(story_conn, path)
    assert "Rij 2 (verhaal T0002), kolom 'wijkcode': wijk 'WK999999' is onbekend" in str(err.value)


def test_triad_only_when_condition_holds(story_conn, tmp_path):
    rows = new_rows(2)
    nee = next(r for r in story_rows() if r["ondersteuning"] == "nee")
    nee.update(verhaal_id="T0099", richting_mijzelf="1", richting_gezin="0", richting_omgeving="0")
    path = write_stories(tmp_path / "voorwaarde.csv", rows + [nee])
    err = refused(story_conn, path)
    assert "mag alleen ingevuld zijn als ondersteuning = ja" in str(err.value)


def test_duplicate_id_and_bad_values_are_all_listed(story_conn, tmp_path):
    rows = new_rows(3)
    rows[2]["verhaal_id"] = "T0001"
    rows[0]["toestemming"] = "misschien"
    rows[1]["datum_verzameld"] = "23-11-2026"
    path = write_stories(tmp_path / "veel.csv", rows)
    err = refused(story_conn, path)
    text = "\n".join(err.value.problemen)
    assert "'misschien' is geen geldige toestemming" in text
    assert "'23-11-2026' is geen datum. Schrijf de datum als JJJJ-MM-DD." in text
    assert "id 'T0001' komt al voor" in text


def test_missing_column_is_named(story_conn, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "rol_sturend"} for r in new_rows(2)]
    path = write_stories(tmp_path / "kolom.csv", rows)
    with pytest.raises(ImportFout, match="ontbreken de kolommen: rol_sturend"):
        import_stories(story_conn, path, KADER, today=TODAY)


def test_row_numbers_count_stories_not_lines(story_conn, tmp_path):
    rows = new_rows(5)
    assert "\n" in rows[0]["verhaal"]  # stories span several lines; a row is a story
    rows[3]["jaar_ervaring"] = "1880"
    path = write_stories(tmp_path / "jaar.csv", rows)
    err = refused(story_conn, path)
    assert err.value.problemen == [
        "Rij 4 (verhaal T0004), kolom 'jaar_ervaring': '1880' is geen geldig jaar (1990 tot en met 2026)."]


def test_empty_cells_are_named_and_values_are_trimmed(story_conn, tmp_path):
    rows = new_rows(2)
    rows[0]["wijkcode"] = "  "
    rows[1]["verhaal_id"] = ""
    rows[1]["fictief"] = "misschien"
    path = write_stories(tmp_path / "leeg.csv", rows)
    err = refused(story_conn, path)
    assert err.value.problemen == [
        "Rij 1 (verhaal T0001), kolom 'wijkcode': is leeg; dit veld is verplicht.",
        "Rij 2 (verhaal zonder id), kolom 'verhaal_id': is leeg; dit veld is verplicht.",
        "Rij 2 (verhaal zonder id), kolom 'fictief': vul ja of nee in."]
    rows = new_rows(1)
    rows[0]["titel"] = "  Met spaties\t"
    import_stories(story_conn, write_stories(tmp_path / "spaties.csv", rows), KADER, today=TODAY)
    assert story_conn.execute("SELECT titel FROM verhalen WHERE id = 'T0001'").fetchone()[0] == "Met spaties"


def test_dates_years_and_choices_are_checked(story_conn, tmp_path):
    rows = new_rows(5)
    rows[0]["datum_verzameld"] = "2026-12-01"
    rows[1]["jaar_ervaring"], rows[1]["datum_verzameld"] = "2024", "2023-05-01"
    rows[2]["leeftijdsgroep"] = "heel oud"
    rows[3]["opgave"] = "Iets anders"
    rows[4]["ervaring"] = "veel"
    path = write_stories(tmp_path / "waarden.csv", rows)
    err = refused(story_conn, path)
    assert [p.split(": ", 1)[1] for p in err.value.problemen] == [
        "2026-12-01 ligt in de toekomst.",
        "de verzameldatum ligt vóór het jaar van de ervaring.",
        ("'heel oud' is onbekend. Kies uit: tot 18 jaar, 18 tot 27 jaar, 27 tot 41 jaar, 41 tot 66 jaar, "
         "66 tot 81 jaar, 81 jaar of ouder."),
        ("'Iets anders' is geen antwoord op deze vraag. Kies uit: Zelfstandig leven, Opgroeien en ontwikkelen, "
         "Een gezond dorp, Samen leven in buurten en wijken."),
        "'veel' is geen getal."]


def test_triad_half_filled_or_out_of_range(story_conn, tmp_path):
    rows = [dict(r, verhaal_id=f"T{i:04d}") for i, r in enumerate(story_rows()) if r["ondersteuning"] == "ja"][:2]
    rows[0]["richting_gezin"] = ""
    rows[1]["richting_mijzelf"], rows[1]["richting_gezin"], rows[1]["richting_omgeving"] = "1.5", "-0.5", "0"
    path = write_stories(tmp_path / "triade.csv", rows)
    err = refused(story_conn, path)
    assert [p.split(": ", 1)[1] for p in err.value.problemen] == [
        "vul alle drie de hoeken van de driehoek in, of laat ze alle drie leeg.",
        "elke hoek moet tussen 0 en 1 liggen."]


def test_duplicate_id_of_a_story_already_stored(story_conn, tmp_path):
    import_stories(story_conn, write_stories(tmp_path / "eerst.csv", new_rows(2)), KADER, today=TODAY)
    rows = new_rows(3)
    rows[0]["verhaal_id"] = "T0101"
    rows[1]["verhaal_id"] = "T0102"
    rows[2]["verhaal_id"] = "T0002"
    err = refused(story_conn, write_stories(tmp_path / "daarna.csv", rows))
    assert err.value.problemen == [("Rij 3 (verhaal T0002), kolom 'verhaal_id': id 'T0002' komt al voor in de opslag "
                                    "(uit een eerdere import). Elk verhaal heeft een eigen id.")]
    assert stories_in(story_conn) == 2


def test_more_than_fifty_problems_gives_the_total_and_the_first_fifty(story_conn, tmp_path):
    rows = []
    for i in range(60):
        row = dict(new_rows(1)[0], verhaal_id=f"T{i + 1:04d}", toestemming="misschien")
        rows.append(row)
    rows[0]["ervaring"] = "150"
    err = refused(story_conn, write_stories(tmp_path / "veel.csv", rows))
    assert "61 problemen gevonden. Hieronder staan de eerste 50." in str(err.value)
    assert len(err.value.problemen) == MAX_PROBLEMEN == 50
    assert err.value.problemen[0].startswith("Rij 1 (verhaal T0001), kolom 'toestemming'")
    assert err.value.problemen[1].startswith("Rij 1 (verhaal T0001), kolom 'ervaring'")
    assert err.value.problemen[-1].startswith("Rij 49 (verhaal T0049)")
    assert str(err.value).count("\n- Rij ") == 50


def test_cp1252_file_is_read_as_windows_text(story_conn, tmp_path):
    """A file Excel saved as plain CSV on Windows (cp1252) imports with its accents, also when the first
    accent is far beyond the first block (the encoding is read over the whole file)."""
    before = stories_in(story_conn)
    early = new_rows(2)
    early[1]["titel"] = "Koffie in het café"
    late = [dict(new_rows(1)[0], verhaal_id=f"L{i:04d}") for i in range(1, 200)]
    late[-1]["titel"] = "Koffie in het café"  # far beyond the first block the header is read from
    for name, rows in (("vroeg.csv", early), ("laat.csv", late)):
        path = write_stories(tmp_path / name, rows, encoding="cp1252")
        import_stories(story_conn, path, KADER, today=TODAY)
    titels = [r[0] for r in story_conn.execute("SELECT titel FROM verhalen WHERE titel LIKE 'Koffie%'").fetchall()]
    assert titels == ["Koffie in het café", "Koffie in het café"]
    assert stories_in(story_conn) - before == len(early) + len(late)


def test_semicolon_file_with_decimal_commas_is_read(story_conn, tmp_path):
    rows = new_rows(2)
    for row in rows:
        for column in ("richting_mijzelf", "richting_gezin", "richting_omgeving"):
            row[column] = row[column].replace(".", ",")
    assert rows[0]["richting_mijzelf"] == "0,93"
    path = write_stories(tmp_path / "excel.csv", rows, delimiter=";")
    assert import_stories(story_conn, path, KADER, today=TODAY).aantal == 2
    assert story_conn.execute("SELECT triade_a FROM antwoorden WHERE verhaal = 'T0001' AND signifier = 'richting'"
                              ).fetchone()[0] == pytest.approx(0.93)


def test_row_with_too_many_columns_is_named(story_conn, tmp_path):
    path = write_stories(tmp_path / "kolommen.csv", new_rows(3))
    path.write_bytes(path.read_bytes().removesuffix(b"\r\n") + b",extra\r\n")
    with pytest.raises(ImportFout, match="heeft rij 3 24 kolommen, maar de kopregel heeft er 23"):
        import_stories(story_conn, path, KADER, today=TODAY)


def test_file_without_stories_or_missing(story_conn, tmp_path):
    path = tmp_path / "alleen_kop.csv"
    path.write_text(",".join(new_rows(1)[0].keys()) + "\n", encoding="utf-8")
    with pytest.raises(ImportFout, match="bevat geen verhalen"):
        import_stories(story_conn, path, KADER, today=TODAY)
    with pytest.raises(ImportFout, match="bestaat niet. Controleer het pad"):
        import_stories(story_conn, tmp_path / "weg.csv", KADER, today=TODAY)


def test_progress_rises_to_the_total(story_conn, tmp_path):
    calls = []
    rows = new_rows(15)
    path = write_stories(tmp_path / "goed.csv", rows)
    import_stories(story_conn, path, KADER, today=TODAY, progress=lambda done, total: calls.append((done, total)))
    done = [d for d, _ in calls]
    assert len(calls) >= 4 and {t for _, t in calls} == {len(rows)} == {15}
    assert done == sorted(set(done)) and done[-1] == 15


def kader_raw() -> dict:
    return json.loads(KADER.read_text(encoding="utf-8"))


def sig(raw: dict, sig_id: str) -> dict:
    return next(s for s in raw["signifiers"] if s["id"] == sig_id)


def _dup_id(raw):
    sig(raw, "stimulerend")["id"] = "ervaring"


def _no_signifiers(raw):
    raw["signifiers"] = []


def _options_as_string(raw):
    sig(raw, "ondersteuning")["opties"] = "ja, nee"


def _poles_as_string(raw):
    sig(raw, "ervaring")["polen"] = "negatief - positief"


def _two_corners(raw):
    sig(raw, "richting")["hoeken"] = ["mijzelf", "mijn gezin"]


def _three_poles(raw):
    sig(raw, "ervaring")["polen"] = ["negatief", "neutraal", "positief"]


def _unknown_condition(raw):
    sig(raw, "geholpen")["alleen_als"] = {"ondersteuing": "ja"}


def _condition_on_slider(raw):
    sig(raw, "geholpen")["alleen_als"] = {"ervaring": "ja"}


def _condition_value(raw):
    sig(raw, "geholpen")["alleen_als"] = {"ondersteuning": "Ja"}


def _unknown_soort(raw):
    sig(raw, "opgave")["soort"] = "meerkeuze"


def _missing_kolom(raw):
    del sig(raw, "ervaring")["kolom"]


def _missing_kolommen(raw):
    del sig(raw, "richting")["kolommen"]


def _missing_veld(raw):
    del raw["velden"]["wijk"]


def _column_twice(raw):
    sig(raw, "sturend")["kolom"] = "rol_stimulerend"


@pytest.mark.parametrize("breek, melding", [
    (_dup_id, r"signifier-id 'ervaring' komt twee keer voor\. Geef elke signifier een eigen id"),
    (_no_signifiers, r"er staan geen signifiers in het kader\. Zet onder 'signifiers' een lijst"),
    (_options_as_string, r"'opties' is één tekst \(\"ja, nee\"\) in plaats van een lijst\. Zet elke waarde apart"),
    (_poles_as_string, r"'polen' is één tekst .* in plaats van een lijst"),
    (_two_corners, r"bij signifier 'richting': 'hoeken' heeft 2 waarden; dat moeten er precies 3 zijn"),
    (_three_poles, r"bij signifier 'ervaring': 'polen' heeft 3 waarden; dat moeten er precies 2 zijn"),
    (_unknown_condition, (r"alleen_als 'ondersteuing', maar er is geen andere signifier met id 'ondersteuing'\. "
                          r"Gebruik de id van een keuzevraag: ondersteuning, opgave")),
    (_condition_on_slider, r"'ervaring' is geen keuzevraag\. Gebruik de id van een keuzevraag"),
    (_condition_value, (r"alleen_als ondersteuning = 'Ja', maar dat is geen optie van 'ondersteuning'\. "
                        r"Kies uit: ja, nee")),
    (_unknown_soort, r"onbekende soort 'meerkeuze'\. Gebruik triade, slider of keuze"),
    (_missing_kolom, (r"bij signifier 'ervaring': 'kolom' ontbreekt of is leeg\. "
                      r"Vul bij 'kolom' de naam van de kolom")),
    (_missing_kolommen, r"bij signifier 'richting': 'kolommen' ontbreekt\. Zet onder 'kolommen' een lijst"),
    (_missing_veld, r"de velden wijk ontbreken onder 'velden'\. Vul bij elk de naam van de kolom"),
    (_column_twice, r"de kolom 'rol_stimulerend' wordt twee keer gebruikt\. Geef elk veld en elke signifier"),
])
def test_framework_problem_says_what_to_change(story_conn, tmp_path, breek, melding):
    raw = kader_raw()
    breek(raw)
    path = tmp_path / "kader.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportFout, match=melding) as err:
        load_kader(path)
    assert str(err.value).startswith("Kader kader.json: ")
    with pytest.raises(ImportFout, match=melding):
        import_stories(story_conn, write_stories(tmp_path / "goed.csv", new_rows(2)), path, today=TODAY)
    assert stories_in(story_conn) == 0


def test_framework_file_problems_say_what_to_change(tmp_path):
    text = KADER.read_text(encoding="utf-8")
    cp1252 = tmp_path / "ansi.json"
    cp1252.write_bytes(text.encode("cp1252"))
    with pytest.raises(ImportFout, match=r"ansi\.json is geen UTF-8-tekst\. Sla het op als UTF-8"):
        load_kader(cp1252)
    broken = tmp_path / "kapot.json"
    broken.write_text(text.replace('"naam": "Omdat', '"naam" "Omdat'), encoding="utf-8")
    with pytest.raises(ImportFout, match=r"kapot\.json is geen geldige JSON: er klopt iets niet op regel 3, "
                                         r"positie 10\. Kijk daar .* naar komma's, aanhalingstekens en haakjes"):
        load_kader(broken)
    with pytest.raises(ImportFout, match=r"is een map, geen kaderbestand\. Kies het JSON-bestand van het kader zelf"):
        load_kader(tmp_path)
    with pytest.raises(ImportFout, match=r"bestaat niet\. Controleer het pad"):
        load_kader(tmp_path / "weg.json")
    with pytest.raises(ImportFout, match=r"moet één JSON-object zijn"):
        (tmp_path / "lijst.json").write_text("[]", encoding="utf-8")
        load_kader(tmp_path / "lijst.json")


def run_cli(*args, store: Path, verhalen: Path):
    return subprocess.run([sys.executable, "-m", "core", "--store", str(store), "--verhalen", str(verhalen), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_import_all_or_nothing(fixture_store, writable_verhalen, tmp_path):
    before = count_stories(writable_verhalen)
    bad = new_rows(2)
    bad[0]["wijkcode"] = ""
    result = run_cli("import-stories", str(write_stories(tmp_path / "slecht.csv", bad)),
                     "--framework", str(KADER), store=fixture_store, verhalen=writable_verhalen)
    assert result.returncode == 1
    assert "Rij 1 (verhaal T0001), kolom 'wijkcode': is leeg; dit veld is verplicht." in result.stderr
    assert count_stories(writable_verhalen) == before
    result = run_cli("import-stories", str(write_stories(tmp_path / "goed.csv", new_rows(2))),
                     "--framework", str(KADER), store=fixture_store, verhalen=writable_verhalen)
    assert result.returncode == 0, result.stderr
    assert "2 verhalen geïmporteerd" in result.stdout
    assert "2 van 2 rijen" in result.stderr  # the progress line
    assert count_stories(writable_verhalen) == before + 2
