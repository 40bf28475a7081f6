"""Frameworks of any shape (issue 13): value maps, triads as fractions or percentages, multi-selects,
optional fields, the import's fictief flag, key signifiers, encodings and separators, and signifier ids
that belong to their framework. On the real-shaped second framework in tests/data/kader2."""
import codecs
import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import ImportFout
from core.ingest import csvbestand
from core.ingest.stories import import_stories, kader_van, load_kader
from core.store import verhalen as verhaalopslag
from core.store.db import sql_path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
KADER2 = DATA / "kader2" / "kader_buurtkracht.json"
CSV2 = DATA / "kader2" / "verhalen_buurtkracht.csv"
KADER1 = DATA / "verhalen" / "kader_leiderdorp.json"
CSV1 = DATA / "verhalen" / "verhalen_demo.csv"
TODAY = date(2026, 11, 23)


@pytest.fixture()
def story_conn(fixture_store, tmp_path):
    conn = verhaalopslag.schrijfverbinding(tmp_path / "verhalen.duckdb", fixture_store, nieuw=True)
    yield conn
    conn.close()


def rows2() -> list[dict]:
    with open(CSV2, encoding="cp1252", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def write(path: Path, rows: list[dict], encoding="cp1252", delimiter=";") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def kader2(tmp_path: Path, change=None) -> Path:
    raw = json.loads(KADER2.read_text(encoding="utf-8"))
    if change:
        change(raw)
    path = tmp_path / "kader.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def sig(raw: dict, sig_id: str) -> dict:
    return next(s for s in raw["signifiers"] if s["id"] == sig_id)


def problems(story_conn, csv_path, kader_path) -> list[str]:
    with pytest.raises(ImportFout) as err:
        import_stories(story_conn, csv_path, kader_path, today=TODAY)
    assert story_conn.execute("SELECT count(*) FROM verhalen").fetchone()[0] == 0
    return err.value.problemen


def answers(conn, verhaal: str, signifier: str) -> list[tuple]:
    return conn.execute("SELECT triade_a, triade_b, triade_c, slider, keuze FROM antwoorden WHERE verhaal = ? "
                        "AND signifier = ? ORDER BY keuze", [verhaal, signifier]).fetchall()


# --- the real-shaped second framework: cp1252, ';', value map, percent triad, multi-select, no date ---------

def test_second_framework_file_imports_as_excel_saved_it(story_conn):
    assert b";" in CSV2.read_bytes().splitlines()[0] and "é".encode("cp1252") in CSV2.read_bytes()
    result = import_stories(story_conn, CSV2, KADER2, today=TODAY)
    assert result.aantal == 30 and result.kader == "buurtkracht"
    row = story_conn.execute("SELECT titel, toestemming, verzameld_op, project, fictief FROM verhalen "
                             "WHERE id = 'BK002'").fetchone()
    assert row == ("Ideeën voor het speelveld", "openbaar", None, None, False)  # é/ë read as cp1252
    assert story_conn.execute("SELECT toestemming, count(*) FROM verhalen GROUP BY 1 ORDER BY 1").fetchall() == [
        ("nee", 3), ("openbaar", 27)]  # ja -> openbaar by the framework's value map
    assert story_conn.execute("SELECT fictief FROM imports").fetchone() == (False,)


def test_triads_as_fractions_and_percentages_are_stored_as_fractions(story_conn):
    import_stories(story_conn, CSV2, KADER2, today=TODAY)
    (a, b, c, *_), = answers(story_conn, "BK001", "bereik")  # 50;30;20 in percent
    assert (a, b, c) == pytest.approx((0.5, 0.3, 0.2))
    (a, b, c, *_), = answers(story_conn, "BK018", "bereik")  # 33,3;33,3;33,4
    assert a + b + c == pytest.approx(1.0) and a == pytest.approx(0.333)
    (a, b, c, *_), = answers(story_conn, "BK001", "steun")  # 0,6;0,1;0,3 as fractions
    assert (a, b, c) == pytest.approx((0.6, 0.1, 0.3))
    assert answers(story_conn, "BK004", "steun") == [(None, None, None, None, None)]  # left empty


def test_percent_triad_outside_the_tolerance_is_named(story_conn, tmp_path):
    rows = rows2()
    rows[2].update(bereik_mijzelf_pct="60", bereik_straat_pct="30", bereik_wijk_pct="7")  # 97
    rows[4].update(bereik_mijzelf_pct="90", bereik_straat_pct="5", bereik_wijk_pct="5,5")  # 100,5: within 1 %
    path = write(tmp_path / "procent.csv", rows)
    assert problems(story_conn, path, KADER2) == [
        "Rij 3 (verhaal BK003), kolom 'bereik_mijzelf_pct/bereik_straat_pct/bereik_wijk_pct': "
        "de drie hoeken tellen op tot 97,00 in plaats van 100."]
    ruim = kader2(tmp_path, lambda raw: raw.update(triade_tolerantie=0.05))
    import_stories(story_conn, path, ruim, today=TODAY)
    (a, b, c, *_), = answers(story_conn, "BK003", "bereik")
    assert a + b + c == pytest.approx(1.0) and a == pytest.approx(60 / 97)  # brought back to a sum of 1


def test_a_fixed_scale_refuses_the_other_one(story_conn, tmp_path):
    fractie = kader2(tmp_path, lambda raw: raw.update(triade_schaal="fractie"))
    found = problems(story_conn, CSV2, fractie)
    assert found[0] == ("Rij 1 (verhaal BK001), kolom 'bereik_mijzelf_pct/bereik_straat_pct/bereik_wijk_pct': "
                        "elke hoek moet tussen 0 en 1 liggen.")
    procent = kader2(tmp_path, lambda raw: raw.update(triade_schaal="procent"))
    found = problems(story_conn, CSV2, procent)
    assert found[0] == ("Rij 1 (verhaal BK001), kolom 'steun_buren/steun_familie/steun_organisaties': "
                        "de drie hoeken tellen op tot 1,00 in plaats van 100.")


def test_multi_select_gives_one_answer_row_per_option(story_conn):
    import_stories(story_conn, CSV2, KADER2, today=TODAY)
    assert [r[4] for r in answers(story_conn, "BK002", "plekken")] == ["park", "school"]
    assert answers(story_conn, "BK009", "plekken") == [(None, None, None, None, None)]  # left empty: one row
    assert story_conn.execute("SELECT meerkeuze FROM signifiers WHERE kader = 'buurtkracht' AND id = 'plekken'"
                              ).fetchone() == (True,)
    stories = story_conn.execute("SELECT count(DISTINCT verhaal), count(*) FROM antwoorden "
                                 "WHERE signifier = 'plekken'").fetchone()
    assert stories[0] == 30 and stories[1] > 30


def test_unknown_option_of_a_multi_select_is_named(story_conn, tmp_path):
    rows = rows2()
    rows[1]["plekken"] = "park | bibliotheek|school"
    rows[3]["plekken"] = "Winkel"
    found = problems(story_conn, write(tmp_path / "optie.csv", rows), KADER2)
    assert found == [
        "Rij 2 (verhaal BK002), kolom 'plekken': 'bibliotheek' is geen antwoord op deze vraag. Kies uit: "
        "buurthuis, straat, school, park, winkel, online (meer antwoorden gescheiden door '|').",
        "Rij 4 (verhaal BK004), kolom 'plekken': 'Winkel' is geen antwoord op deze vraag. Kies uit: "
        "buurthuis, straat, school, park, winkel, online (meer antwoorden gescheiden door '|')."]


def test_consent_outside_the_value_map_is_named(story_conn, tmp_path):
    rows = rows2()
    rows[0]["mag_delen"] = "misschien"
    rows[1]["mag_delen"] = "JA"  # matched without case
    found = problems(story_conn, write(tmp_path / "toestemming.csv", rows), KADER2)
    assert found == ["Rij 1 (verhaal BK001), kolom 'mag_delen': 'misschien' is geen geldige toestemming. "
                     "Kies uit: ja, nee."]


def test_fictief_flag_of_the_import_and_a_mapped_column_that_wins(story_conn, tmp_path):
    def fictional(raw):
        raw["fictief"] = True
        raw["velden"]["fictief"] = "echt_verzonnen"
        raw["waarden"]["fictief"] = {"j": "ja", "n": "nee"}
    rows = rows2()
    for row in rows:
        row["echt_verzonnen"] = ""
    rows[0]["echt_verzonnen"] = "n"
    import_stories(story_conn, write(tmp_path / "fictief.csv", rows), kader2(tmp_path, fictional), today=TODAY)
    assert story_conn.execute("SELECT fictief FROM imports").fetchone() == (True,)
    assert story_conn.execute("SELECT id FROM verhalen WHERE NOT fictief").fetchall() == [("BK001",)]


def test_optional_date_and_project_are_checked_when_named(story_conn, tmp_path):
    def with_date(raw):
        raw["velden"]["verzameld"] = "datum"
    rows = rows2()
    for row in rows:
        row["datum"] = "2024-06-01"
    rows[5]["datum"] = ""  # optional: empty is allowed
    rows[6]["datum"] = "1-6-2024"
    found = problems(story_conn, write(tmp_path / "datum.csv", rows), kader2(tmp_path, with_date))
    assert found == ["Rij 7 (verhaal BK007), kolom 'datum': '1-6-2024' is geen datum. Schrijf de datum als "
                     "JJJJ-MM-DD."]
    rows[6]["datum"] = "2024-06-02"
    import_stories(story_conn, write(tmp_path / "datum.csv", rows), kader2(tmp_path, with_date), today=TODAY)
    assert story_conn.execute("SELECT count(verzameld_op), count(*) FROM verhalen").fetchone() == (29, 30)
    with pytest.raises(ImportFout, match="ontbreken de kolommen: datum"):
        import_stories(story_conn, CSV2, kader2(tmp_path, with_date), today=TODAY)


# --- encodings and separators -----------------------------------------------------------------------

def test_utf8_with_bom_and_tabs_imports(story_conn, tmp_path):
    path = write(tmp_path / "tabs.csv", rows2(), encoding="utf-8-sig", delimiter="\t")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert import_stories(story_conn, path, KADER2, today=TODAY).aantal == 30
    assert story_conn.execute("SELECT titel FROM verhalen WHERE id = 'BK002'").fetchone() == (
        "Ideeën voor het speelveld",)


def test_an_unreadable_encoding_says_what_to_do(story_conn, tmp_path):
    path = tmp_path / "raar.csv"
    path.write_bytes(CSV2.read_bytes().replace("ë".encode("cp1252"), b"\x81\xff"))
    with pytest.raises(ImportFout, match=r"De tekens in raar\.csv zijn niet te lezen: het is geen UTF-8 en geen "
                                         r"Windows-1252 .* Sla het bestand op als 'CSV UTF-8"):
        import_stories(story_conn, path, KADER2, today=TODAY)


def test_a_header_with_none_of_the_columns_hints_at_the_separator(story_conn, tmp_path):
    path = tmp_path / "pijp.csv"
    path.write_bytes(CSV2.read_bytes().replace(b";", b"|"))
    with pytest.raises(ImportFout) as err:
        import_stories(story_conn, path, KADER2, today=TODAY)
    text = str(err.value)
    assert "In pijp.csv staat geen enkele kolom die het kader noemt." in text
    assert "De kopregel is één lange kolom: 'nr|kop|verhaal|wijk" in text
    assert "ander scheidingsteken" in text and "Er is niets geïmporteerd." in text


def test_encoding_is_read_over_the_whole_file(tmp_path):
    path = tmp_path / "laat.csv"
    path.write_bytes(b"a,b\n" + b"x,y\n" * 300_000 + "z,café\n".encode("cp1252"))  # beyond the first block
    assert path.stat().st_size > csvbestand.BLOK
    assert csvbestand.codering(path) == "cp1252"
    with csvbestand.als_utf8(path) as utf8:
        assert utf8.pad != path and utf8.pad.read_text(encoding="utf-8").endswith("z,café\n")
        copy = utf8.pad
    assert not copy.exists()


# --- the framework file: key signifiers and the new fields are checked ---------------------------------

@pytest.mark.parametrize("change, melding", [
    (lambda raw: raw["sleutels"].update(ervaring="gevoel"),
     r"'sleutels' noemt 'ervaring' de signifier 'gevoel', maar die staat niet in dit kader\. Kies uit: ervaring, "),
    (lambda raw: raw["sleutels"].update(ervaring="plekken"),
     r"de signifier 'plekken', maar die is een keuze; 'ervaring' moet een slider zijn\. Kies uit: ervaring, thuis"),
    (lambda raw: raw["sleutels"].update(vergelijking=["steun"]),
     r"'vergelijking' de signifier 'steun', maar die is een triade; 'vergelijking' moet een keuze zijn"),
    (lambda raw: raw["sleutels"].update(thema=["plekken"]), r"'sleutels' moet 'thema' één signifier-id zijn"),
    (lambda raw: raw["sleutels"].update(netwerklunch="ervaring"), r"'netwerklunch' een lijst van signifier-ids"),
    (lambda raw: raw["sleutels"].update(positief="ervaring"),
     r"onder 'sleutels' staat 'positief'\. Gebruik alleen: ervaring, netwerklunch, vergelijking, thema"),
    (lambda raw: raw["waarden"]["toestemming"].update(ja="publiek"),
     r"'waarden' vertaalt 'toestemming' naar 'publiek'\. Vertaal naar een van: nee, intern, openbaar"),
    (lambda raw: raw["waarden"].update(verzameld={"x": "y"}), r"Een vertaling kan alleen voor de velden"),
    (lambda raw: raw["waarden"].update(rol={"x": "y"}), r"'rol', maar dat veld staat niet onder 'velden'"),
    (lambda raw: raw.update(triade_schaal="percentage"), r"'triade_schaal' is 'percentage'\. Kies fractie"),
    (lambda raw: raw.update(triade_tolerantie="1%"), r"'triade_tolerantie' moet een getal zijn"),
    (lambda raw: raw.update(fictief="nee"), r"'fictief' moet true of false zijn"),
    (lambda raw: sig(raw, "ervaring").update(meerkeuze=True), r"'meerkeuze' kan alleen bij een keuzevraag"),
    (lambda raw: sig(raw, "plekken").update(scheiding=""), r"'scheiding' moet het teken tussen de antwoorden"),
    (lambda raw: sig(raw, "plekken").update(opties=["a|b", "c"]), r"de scheiding '\|' staat ook in een optie"),
    (lambda raw: sig(raw, "plekken").pop("meerkeuze"), r"'scheiding' hoort bij een meerkeuzevraag"),
])
def test_framework_additions_are_checked(tmp_path, change, melding):
    with pytest.raises(ImportFout, match=melding):
        load_kader(kader2(tmp_path, change))


def test_leiderdorp_framework_names_its_key_signifiers():
    for path in (KADER1, ROOT / "data" / "verhalen" / "kader_leiderdorp.json"):
        assert load_kader(path).sleutels == {"ervaring": "ervaring", "netwerklunch": ["ervaring", "richting"],
                                             "vergelijking": ["ondersteuning"], "thema": "opgave"}
    assert kader_van(json.loads(KADER2.read_text(encoding="utf-8"))).sleutels["vergelijking"] == ["plekken"]


# --- signifier ids belong to their framework ---------------------------------------------------------

def test_two_frameworks_with_the_same_signifier_id_keep_their_answers_apart(story_conn):
    import_stories(story_conn, CSV1, KADER1, today=TODAY)
    import_stories(story_conn, CSV2, KADER2, today=TODAY)
    counts = story_conn.execute(
        "SELECT a.kader, count(*), min(a.slider), max(a.slider), any_value(s.vraag) FROM antwoorden a "
        "JOIN signifiers s ON s.kader = a.kader AND s.id = a.signifier "
        "WHERE a.signifier = 'ervaring' GROUP BY 1 ORDER BY 1").fetchall()
    leiderdorp = story_conn.execute("SELECT count(*) FROM verhalen WHERE kader = 'leiderdorp-oet'").fetchone()[0]
    assert [(k, n) for k, n, *_ in counts] == [("buurtkracht", 30), ("leiderdorp-oet", leiderdorp)]
    assert counts[0][4] == "Hoe voelde deze ervaring voor u?"
    assert counts[1][4] == "Hoe zou u uw ervaring omschrijven?"
    assert story_conn.execute("SELECT count(*) FROM antwoorden a JOIN verhalen v ON v.id = a.verhaal "
                              "WHERE a.kader <> v.kader").fetchone()[0] == 0


# --- a story store from before issue 13 is migrated by its next write --------------------------------

OLD_SCHEMA = DATA / "kader2" / "verhalen_schema_voor_issue13.sql"


def old_store(fixture_verhalen, path: Path) -> Path:
    """A story store in the layout before issue 13, holding the fixture's stories."""
    with duckdb.connect(str(path)) as conn:
        conn.execute(OLD_SCHEMA.read_text(encoding="utf-8"))
        conn.execute((ROOT / "core" / "store" / "sql" / "verhalen_controle.sql").read_text(encoding="utf-8"))
        conn.execute(f"ATTACH '{sql_path(fixture_verhalen)}' AS v (READ_ONLY)")
        for table in verhaalopslag.TABELLEN:  # our own table names
            columns = ", ".join(r[0] for r in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name = ? ORDER BY column_index", [table]).fetchall())
            conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM v.{table}")
        conn.execute("INSERT INTO opslag_versie VALUES ('oud', now())")
        for kader, definitie in conn.execute("SELECT id, definitie FROM kaders").fetchall():  # stored before sleutels
            oud = json.loads(definitie)
            oud.pop("sleutels", None)
            conn.execute("UPDATE kaders SET definitie = ? WHERE id = ?", [json.dumps(oud), kader])
    return path


def test_a_store_from_before_is_migrated_keeping_every_story(fixture_store, fixture_verhalen, tmp_path):
    verhalen = old_store(fixture_verhalen, tmp_path / "verhalen.duckdb")
    with duckdb.connect(str(fixture_verhalen), read_only=True) as conn:
        before = conn.execute("SELECT * FROM verhalen ORDER BY id").fetchall()
        answers_before = conn.execute("SELECT count(*) FROM antwoorden").fetchone()[0]
    assert verhaalopslag.migreer_kaders(fixture_store, verhalen) is True
    assert verhaalopslag.migreer_kaders(fixture_store, verhalen) is False  # once
    with duckdb.connect(str(verhalen), read_only=True) as conn:
        assert conn.execute("SELECT * FROM verhalen ORDER BY id").fetchall() == before
        assert conn.execute("SELECT count(*) FROM antwoorden").fetchone()[0] == answers_before
        assert conn.execute("SELECT DISTINCT fictief FROM imports").fetchall() == [(True,)]  # the demo import
        assert conn.execute("SELECT DISTINCT meerkeuze FROM signifiers").fetchall() == [(False,)]
        assert conn.execute("SELECT versie FROM opslag_versie").fetchone() != ("oud",)
        # the shipped demo framework gets the key signifiers its file names now
        (definitie,), = conn.execute("SELECT definitie FROM kaders WHERE id = 'leiderdorp-oet'").fetchall()
    shipped = json.loads((ROOT / "data" / "verhalen" / "kader_leiderdorp.json").read_text(encoding="utf-8"))
    assert json.loads(definitie)["sleutels"] == shipped["sleutels"]
    result = verhaalopslag.importeer(fixture_store, verhalen, CSV2, KADER2)  # no date, no project: fits now
    assert result.aantal == 30


def test_a_failed_import_leaves_the_old_store_as_it_was(fixture_store, fixture_verhalen, tmp_path):
    verhalen = old_store(fixture_verhalen, tmp_path / "verhalen.duckdb")
    saved = tmp_path / "bewaard.duckdb"
    shutil.copyfile(verhalen, saved)
    rows = rows2()
    rows[0]["wijk"] = "WK999999"
    with pytest.raises(ImportFout):
        verhaalopslag.importeer(fixture_store, verhalen, write(tmp_path / "fout.csv", rows), KADER2)
    assert verhalen.read_bytes() == saved.read_bytes()  # not migrated either: all or nothing


# --- the preview writes nothing; a framework drawn up from the header ---------------------------------

def test_preview_shows_rows_as_stored_and_writes_nothing(fixture_store, writable_verhalen):
    with duckdb.connect(str(writable_verhalen), read_only=True) as conn:
        version = conn.execute("SELECT versie FROM opslag_versie").fetchone()
    stamp = writable_verhalen.stat().st_mtime_ns, writable_verhalen.read_bytes()
    preview = verhaalopslag.voorbeeld(CSV2, KADER2, n=4, store=fixture_store, verhalen=writable_verhalen)
    assert (preview.aantal, preview.problemen, preview.codering, preview.scheiding) == (30, [], "cp1252", ";")
    rows = preview.rijen.to_dict("records")
    assert len(rows) == 4 and rows[1]["id"] == "BK002" and rows[1]["titel"] == "Ideeën voor het speelveld"
    assert rows[0]["toestemming"] == "openbaar"  # mapped from ja
    assert rows[0]["bereik"] == "0,50 / 0,30 / 0,20" and rows[0]["steun"] == "0,60 / 0,10 / 0,30"
    assert sorted(rows[1]["plekken"].split(", ")) == ["park", "school"] and rows[0]["ervaring"] == 82
    assert "verzameld_op" not in preview.rijen.columns
    with duckdb.connect(str(writable_verhalen), read_only=True) as conn:
        assert conn.execute("SELECT versie FROM opslag_versie").fetchone() == version
        assert conn.execute("SELECT count(*) FROM verhalen WHERE kader = 'buurtkracht'").fetchone()[0] == 0
    assert (writable_verhalen.stat().st_mtime_ns, writable_verhalen.read_bytes()) == stamp


def test_preview_lists_the_problems_of_the_whole_file(fixture_store, fixture_verhalen):
    raw = json.loads(KADER2.read_text(encoding="utf-8"))
    del raw["waarden"]  # a framework dict, as drawn up in the app, without the consent map
    preview = verhaalopslag.voorbeeld(CSV2, raw, store=fixture_store, verhalen=fixture_verhalen)
    assert preview.totaal_problemen == 27 and len(preview.rijen) == 10
    assert preview.problemen[0] == ("Rij 1 (verhaal BK001), kolom 'mag_delen': 'ja' is geen geldige toestemming. "
                                    "Kies uit: nee, intern, openbaar.")
    again = verhaalopslag.voorbeeld(CSV1, KADER1, store=fixture_store, verhalen=fixture_verhalen)
    assert any("komt al voor in de opslag" in p for p in again.problemen)  # the demo stories are stored


def test_a_framework_drawn_up_from_the_header_imports_the_file(story_conn):
    from core.ingest import kaderconcept
    concept = kaderconcept.kader_uit_kop(CSV2)
    assert concept["velden"] == {"id": "nr", "titel": "kop", "tekst": "verhaal", "wijk": "wijk", "jaar": "jaar",
                                 "toestemming": "mag_delen"}
    assert concept["waarden"] == {"toestemming": {"ja": "openbaar", "nee": "nee"}}
    soorten = {s["id"]: (s["soort"], s.get("hoeken"), s.get("meerkeuze")) for s in concept["signifiers"]}
    assert soorten == {"gevoel": ("slider", None, None), "thuis": ("slider", None, None),
                       "veilig": ("slider", None, None), "plekken": ("keuze", None, True),
                       "steun": ("triade", ["buren", "familie", "organisaties"], None),
                       "bereik": ("triade", ["mijzelf", "straat", "wijk"], None)}
    kop = kaderconcept.lees_voorbeeld(CSV2)[0]
    tabel = kaderconcept.concept_tabel(kop, concept)
    assert [r["gebruik"] for r in tabel][:6] == ["id", "titel", "tekst", "wijk", "jaar", "toestemming"]
    for row in tabel:  # the user corrects the table: a question text and the poles of the slider
        if row["signifier"] == "gevoel":
            row.update(signifier="ervaring", vraag="Hoe voelde het?", labels="naar, fijn")
    kader = kaderconcept.kader_uit_tabel(tabel, concept)
    assert kader_van(kader).signifiers[0].labels == ("naar", "fijn")
    assert import_stories(story_conn, CSV2, kader, today=TODAY).aantal == 30
    assert story_conn.execute("SELECT vraag FROM signifiers WHERE id = 'ervaring'").fetchone() == ("Hoe voelde het?",)


def test_command_line_imports_the_second_framework(fixture_store, writable_verhalen, tmp_path):
    env = dict(os.environ, TV_STORE=str(fixture_store), TV_VERHALEN=str(writable_verhalen),
               TV_ZOEKINDEX=str(tmp_path / "zoekindex"))
    result = subprocess.run([sys.executable, "-m", "core", "import-stories", str(CSV2), "--framework", str(KADER2)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "30 verhalen geïmporteerd met kader 'buurtkracht'" in result.stdout
    with duckdb.connect(str(writable_verhalen), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM verhalen WHERE kader = 'buurtkracht'").fetchone()[0] == 30
