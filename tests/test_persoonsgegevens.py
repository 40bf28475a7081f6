"""Personal data on import (issue 12, point 5): the check finds it, holds the story back ("in controle"),
and nothing of it appears on any page, in search or in an export until a staff member releases the story
with the masked or edited text; then that text is what every page shows.

The fixture tests/data/persoonsgegevens/verhalen_persoonsgegevens.csv holds four stories full of personal
data (names, phone numbers, e-mail, street and number, BSN, dates, ages, a web address, a hospital, a file
number), in the three consent kinds, and one story without any. They are imported through the real importer into a copy of the
fixture story store.
"""
import io
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from core.exports import content
from core.exports.docx import handout_docx
from core.exports.pdf import handout_pdf, wijkfoto_pdf
from core.exports.pptx import wijkfoto_pptx
from core.ingest import persoonsgegevens
from core.samen import sessions
from core.store import verhalen as verhaalopslag
from core.store import werk
from core.store.db import connect_readonly
from core.tellen import wijkfoto as wf
from core.vertellen import controle, search, stories
from core.vertellen.consent import Zichtbaarheid
from pages.parts.frame import BEHEER, PAGES

DATA = Path(__file__).parent / "data"
BESTAND = DATA / "persoonsgegevens" / "verhalen_persoonsgegevens.csv"
KADER = DATA / "verhalen" / "kader_leiderdorp.json"
IDS = ("P001", "P002", "P003", "P004")           # P002 intern, P004 nee, the others openbaar
SCHOON = "P005"   # a story of the same import without personal data: shown at once (and indexed)
WIJKEN = ("WK054700", "WK054701", "WK054702")
# Every piece of personal data in the fixture stories (the check finds each one).
GEHEIM = ("Jan de Vries", "Hoofdstraat 12", "06-12345678", "jan.devries@example.nl", "123456782",
          "12 maart 2023", "Alrijne Ziekenhuis", "jandevries", "Fatima Yilmaz", "Yilmaz", "47 jaar oud",
          "Schoolstraat 7", "06-98765432", "f.yilmaz@voorbeeld.nl", "7654321", "3 februari 2024",
          "Pieter Bakker", "06-11223344", "81 jaar oud", "Dorpsstraat 21")
BEWERKT = ("Een buurvrouw die elke dag kwam",
           "Een buurvrouw hielp mij na mijn opname. Dat betekende veel voor mij. (tekst aangepast bij de controle)")
MODES = (Zichtbaarheid.INTERN, Zichtbaarheid.PARTNER)


def _import(store: Path, verhalen: Path) -> verhaalopslag.ImportResultaat:
    return verhaalopslag.importeer(store, verhalen, BESTAND, KADER, today=date(2026, 11, 23))


@pytest.fixture(scope="module")
def held(fixture_store, fixture_verhalen, tmp_path_factory) -> tuple[Path, verhaalopslag.ImportResultaat]:
    """A story store with the personal data stories imported and nothing released."""
    verhalen = tmp_path_factory.mktemp("vastgehouden") / "verhalen.duckdb"
    verhalen.write_bytes(fixture_verhalen.read_bytes())
    return verhalen, _import(fixture_store, verhalen)


@pytest.fixture(scope="module")
def released(fixture_store, fixture_verhalen, tmp_path_factory) -> Path:
    """The same import, then released by a reviewer: P001 and P003 with the masking as proposed, P002 with
    an edited title and text."""
    verhalen = tmp_path_factory.mktemp("vrijgegeven") / "verhalen.duckdb"
    verhalen.write_bytes(fixture_verhalen.read_bytes())
    _import(fixture_store, verhalen)
    with connect_readonly(fixture_store, verhalen) as conn:
        lijst = controle.in_controle(conn).verhalen.set_index("id")
    besluiten = [controle.Vrijgave(i, lijst.loc[i, "titel_voorstel"], lijst.loc[i, "tekst_voorstel"])
                 for i in ("P001", "P003")] + [controle.Vrijgave("P002", *BEWERKT)]
    assert controle.vrijgeven(fixture_store, verhalen, besluiten, "Test Medewerker") == 3
    return verhalen


def leaks(text: str) -> list[str]:
    return [g for g in GEHEIM if g.lower() in text.lower()]


# --- the check itself ---------------------------------------------------------------------------------

def test_the_check_finds_every_kind_and_masks_it():
    found = persoonsgegevens.controleer(
        "Jan de Vries hielp mij",
        "Ik ben Jan de Vries, 47 jaar oud, en woon op de Hoofdstraat 12 in Leiderdorp. Bel 06-12345678 of "
        "mail jan.devries@example.nl. BSN 123456782. Op 12 maart 2023 in het Alrijne Ziekenhuis. "
        "Zie www.jandevries.nl.", frozenset({"leiderdorp"}))
    kinds = {b.soort for b in found.bevindingen}
    assert kinds == {"persoon", "leeftijd", "locatie", "telefoonnummer", "emailadres", "bsn", "datum",
                     "ziekenhuis", "url"}
    assert found.titel == "[PERSOON-1] hielp mij"
    assert not leaks(found.titel + found.tekst)
    assert "in Leiderdorp" in found.tekst   # a gemeente of the figures store is public context, not a finding
    assert persoonsgegevens.controleer("Fijne middag", "In het buurthuis dronken we koffie.") is None


def test_import_holds_back_every_story_with_personal_data(held, fixture_store):
    verhalen, result = held
    assert result.aantal == 5 and result.in_controle == 3   # P004 (no consent) is held back, never reviewed
    with duckdb.connect(str(verhalen), read_only=True) as conn:
        rows = dict(conn.execute("SELECT id, in_controle FROM verhalen WHERE id LIKE 'P%'").fetchall())
        kinds = dict(conn.execute("SELECT verhaal, soorten FROM controle WHERE verhaal = 'P001'").fetchall())
        others = conn.execute("SELECT count(*) FROM verhalen WHERE in_controle AND id NOT LIKE 'P%'").fetchone()[0]
    assert rows == {**dict.fromkeys(IDS, True), SCHOON: False}
    assert set(kinds["P001"]) >= {"persoon", "bsn", "telefoonnummer", "emailadres", "url", "datum", "leeftijd"}
    assert others == 1   # V0034 (no consent); the other flagged fixture demo stories were reviewed
    with connect_readonly(fixture_store, verhalen) as conn:
        assert controle.aantal_in_controle(conn) == 3


def test_the_cli_says_how_many_are_in_controle_and_where(fixture_store, writable_verhalen):
    from tests.test_stories_import import run_cli
    result = run_cli("import-stories", str(BESTAND), "--framework", str(KADER),
                     store=fixture_store, verhalen=writable_verhalen)
    assert result.returncode == 0, result.stderr
    assert "3 verhalen staan in controle" in result.stdout
    assert "Controle persoonsgegevens" in result.stdout
    listed = run_cli("imports", store=fixture_store, verhalen=writable_verhalen)
    assert "3 in controle" in listed.stdout


def test_the_cli_says_so_when_nothing_is_held_back(fixture_store, writable_verhalen, tmp_path):
    from tests.test_search import write_stories
    from tests.test_stories_import import run_cli
    schoon = write_stories(tmp_path / "schoon.csv", [("S001", "openbaar", "Koffie", "Gezellig in het buurthuis.")])
    result = run_cli("import-stories", str(schoon), "--framework", str(KADER),
                     store=fixture_store, verhalen=writable_verhalen)
    assert result.returncode == 0, result.stderr
    assert "geen verhalen in controle" in result.stdout and "staan in controle" not in result.stdout


# --- held back: nowhere before release ----------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_held_back_stories_are_in_no_query_and_no_search(held, fixture_store, mode):
    with connect_readonly(fixture_store, held[0]) as conn:
        assert not stories.readable_ids(conn, mode) & set(IDS)
        assert SCHOON in stories.readable_ids(conn, mode)
        assert SCHOON in set(search.search(conn, "buurthuis", mode, limit=None).hits["id"])  # the import's index
        for word in ("Vries", "Yilmaz", "Bakker", "jandevries", "buurvrouw", "dossiernummer"):
            assert not set(search.search(conn, word, mode, limit=None).hits["id"]) & set(IDS), word
        for wijk in WIJKEN:
            assert not set(stories.excerpts(conn, wijk, mode, limit=100)["id"]) & set(IDS)


def test_the_search_index_on_disk_holds_no_held_back_story(held, fixture_store):
    with connect_readonly(fixture_store, held[0]) as conn:
        assert search.prepare(conn)
    root = Path(search.load_settings().zoekindex)
    files = [f for f in root.rglob("*") if f.is_file()]
    assert any(f.name == "ids.json" for f in files)   # the demo stories' index is there
    assert any(SCHOON in f.read_text() for f in files if f.name == "ids.json")   # this import's index
    for f in files:
        data = f.read_bytes().lower()
        assert b"p001" not in data and b"vries" not in data and b"yilmaz" not in data, f


def export_texts(store: Path, verhalen: Path, tmp_path: Path, mode: Zichtbaarheid) -> str:
    """The text of every wijkfoto PDF and PowerPoint of the stories' wijken, and of the handouts (PDF, Word)
    of a session that holds the stories' ids (saved before they were held back, say)."""
    parts = []
    with connect_readonly(store, verhalen) as conn:
        for wijk in WIJKEN:
            foto = wf.wijkfoto(conn, wijk, 2020, mode, k=1)
            parts += [page.extract_text() for page in PdfReader(io.BytesIO(wijkfoto_pdf(foto, conn, mode, 1))).pages]
            deck = Presentation(io.BytesIO(wijkfoto_pptx(foto, conn, mode, 1)))
            parts += [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
        werk_conn = werk.connect_werk(tmp_path / f"werk-{mode.value}.duckdb")
        try:
            sessie = sessions.save_session(werk_conn, "Sessie", "GM0547", ["Wat valt op?"], [*IDS, "V0001"])
            data = content.handout_data(conn, werk_conn, sessie, mode, 1)
        finally:
            werk_conn.close()
    parts += [page.extract_text() for page in PdfReader(io.BytesIO(handout_pdf(data))).pages]
    parts += [p.text for p in Document(io.BytesIO(handout_docx(data))).paragraphs]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("mode", MODES)
def test_held_back_stories_are_in_no_export(held, fixture_store, tmp_path, mode):
    text = export_texts(fixture_store, held[0], tmp_path, mode)
    assert "Wat valt op?" in text and len(text) > 1000   # the files were read
    assert leaks(text) == []
    assert "lange dag" not in text   # P003's title holds no personal data, but the story is held back whole


# --- every page, in both deployments ------------------------------------------------------------------

def _texts(node, parts: list) -> None:
    """Every string an element holds: labels, values, options, help, and its raw message."""
    proto = getattr(node, "proto", None)
    if proto is not None:
        parts.append(str(proto))
    for attr in ("value", "label", "options", "placeholder", "help", "body"):
        try:
            value = getattr(node, attr, None)
        except Exception:  # noqa: BLE001 - some elements refuse an attribute they do not have
            continue
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, (list, tuple)):
            parts += [str(v) for v in value]
        elif hasattr(value, "to_string"):
            parts.append(value.to_string())
    for child in getattr(node, "children", {}).values():
        _texts(child, parts)


def page_text(at) -> str:
    parts: list = []
    _texts(at._tree, parts)
    text = "\n".join(parts)
    return re.sub(r"\\(.)", r"\1", text.replace("\u200b", ""))  # Markdown escapes (views.letterlijk) out


def app_on(store: Path, verhalen: Path, monkeypatch, tmp_path, partner: bool):
    from streamlit.testing.v1 import AppTest
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("TV_STORE", str(store))
    monkeypatch.setenv("TV_VERHALEN", str(verhalen))
    monkeypatch.setenv("TV_WERK", str(tmp_path / "werk.duckdb"))
    monkeypatch.setenv("TV_PARTNERMODUS", "1" if partner else "0")
    monkeypatch.chdir(root)
    return AppTest.from_file(str(root / "app.py"), default_timeout=90)


def every_page(app, partner: bool, search_word: str | None = None) -> dict[str, str]:
    """The text of every page of this deployment, for gemeente Leiderdorp (the stories' gemeente)."""
    app.query_params.update(gemeente="GM0547", wijk="WK054700")
    if search_word:
        app.session_state["vf.tekst"] = search_word
    at = app.run()
    shown = {}
    for _, script, _, _ in PAGES:
        if partner and script in BEHEER:
            continue   # not in the partner deployment (the next tests open the review page directly)
        at.switch_page(script).run()
        assert not at.exception, (script, at.exception)
        shown[script] = page_text(at)
    return shown


@pytest.mark.parametrize("partner", [False, True])
def test_held_back_stories_are_on_no_page(held, fixture_store, monkeypatch, tmp_path, partner):
    with connect_readonly(fixture_store, held[0]) as conn:   # Leiderdorp's readable stories: none of P00x
        readable = stories.counts_per_wijk(conn, "GM0547", Zichtbaarheid.PARTNER if partner
                                           else Zichtbaarheid.INTERN)["verhalen"].sum()
    assert readable in (7, 10)
    for word in (None, "Vries"):
        shown = every_page(app_on(fixture_store, held[0], monkeypatch, tmp_path, partner), partner, word)
        for script, text in shown.items():
            if script == "pages/controle.py" and not partner:
                continue   # the review page: staff see what was found (next test)
            assert leaks(text) == [], script
            assert "lange dag" not in text, script
        assert partner or "Interpretatiesessie" in shown["pages/sessies.py"]
        if word is None:   # the list counts the fixture's readable stories, none of the held-back ones
            assert f"{readable} verhalen gevonden" in shown["pages/verhalen.py"]


def test_the_review_page_shows_the_findings_and_the_masked_text(held, fixture_store, monkeypatch, tmp_path):
    at = app_on(fixture_store, held[0], monkeypatch, tmp_path, partner=False)
    at.run()
    at.switch_page("pages/controle.py").run()
    assert not at.exception
    assert at.title[0].value == "Controle persoonsgegevens"
    assert "3 verhalen in controle" in [s.value for s in at.subheader]   # P004 has no consent: not shown
    tables = [f.value for f in at.dataframe]
    p001 = next(t for t in tables if "Jan de Vries" in set(t.get("Gevonden", [])))
    assert {"naam van een persoon", "BSN", "telefoonnummer", "e-mailadres", "webadres"} <= set(p001["Soort"])
    assert at.text_area(key="controle.tekst.P001").value.startswith("Ik ben [PERSOON-1], [LEEFTIJD-1] jaar oud")
    assert at.text_input(key="controle.titel.P001").value == "[PERSOON-1] hielp mij"
    assert "P004" not in page_text(at)
    assert not [m for m in at.markdown if "Jan de Vries" in m.value]   # found text only in the table


def test_the_review_page_is_not_in_the_partner_deployment(held, fixture_store, monkeypatch, tmp_path):
    assert "pages/controle.py" in BEHEER
    at = app_on(fixture_store, held[0], monkeypatch, tmp_path, partner=True)
    at.run()
    assert "Controle persoonsgegevens" not in [link.label for link in at.get("page_link")]
    at.switch_page("pages/verhalen.py").run()   # a direct run registers every pages/ file (a shared link)
    at.switch_page("pages/controle.py").run()
    assert "alleen in de eigen omgeving" in at.info[0].value
    assert not at.text_area and not at.dataframe


# --- the release --------------------------------------------------------------------------------------

def test_release_from_the_page_shows_the_masked_text_everywhere(fixture_store, writable_verhalen, monkeypatch,
                                                                 tmp_path):
    _import(fixture_store, writable_verhalen)
    at = app_on(fixture_store, writable_verhalen, monkeypatch, tmp_path, partner=False)
    at.run()
    at.switch_page("pages/controle.py").run()
    at.button(key="controle.vrijgeven.P001").click().run()
    assert "Vul uw naam in" in at.error[0].value            # who released it is recorded
    at.text_input(key="controle.door").set_value("Anna Medewerker").run()
    at.button(key="controle.vrijgeven.P001").click().run()
    assert not at.exception
    assert "Verhaal P001 is vrijgegeven." in [s.value for s in at.success]
    assert "2 verhalen in controle" in [s.value for s in at.subheader]
    log = at.dataframe[-1].value
    assert (log["verhaal"].iloc[0], log["door"].iloc[0], log["besluit"].iloc[0]) == ("P001", "Anna Medewerker",
                                                                                    "gemaskeerd")
    assert set(log["door"].iloc[1:]) == {"makers van Tellen & Vertellen"}   # the shipped review of the demo
    at.button(key="controle.terug.P003").click().run()    # the findings were no personal data, say
    assert at.text_input(key="controle.titel.P003").value == "Een lange dag"
    assert "Pieter Bakker" in at.text_area(key="controle.tekst.P003").value
    at.button(key="controle.vrijgeven.P003").click().run()
    assert not at.exception and not at.warning
    assert "1 verhaal in controle" in [s.value for s in at.subheader]
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert stories.story_detail(conn, "P001", Zichtbaarheid.PARTNER).verhaal["titel"] == "[PERSOON-1] hielp mij"
        assert "Pieter Bakker" in stories.story_detail(conn, "P003", Zichtbaarheid.PARTNER).verhaal["tekst"]
        assert controle.vrijgegeven(conn)["besluit"].iloc[0] == "ongewijzigd"


@pytest.mark.parametrize("mode", MODES)
def test_after_release_the_released_text_is_shown_and_nothing_else(released, fixture_store, mode):
    with connect_readonly(fixture_store, released) as conn:
        readable = stories.readable_ids(conn, mode)
        assert {"P001", "P003"} <= readable and "P004" not in readable
        assert ("P002" in readable) == (mode is Zichtbaarheid.INTERN)
        p001 = stories.story_detail(conn, "P001", mode).verhaal
        assert p001["titel"] == "[PERSOON-1] hielp mij"
        assert p001["tekst"].startswith("Ik ben [PERSOON-1], [LEEFTIJD-1] jaar oud, en woon op de [LOCATIE-1] in "
                                         "Leiderdorp.")
        assert "buurvrouw [PERSOON-2] kwam" in p001["tekst"]
        assert "P001" in set(search.search(conn, "buurvrouw", mode, limit=None).hits["id"])
        assert not set(search.search(conn, "Vries", mode, limit=None).hits["id"]) & set(IDS)
        if mode is Zichtbaarheid.INTERN:
            p002 = stories.story_detail(conn, "P002", mode).verhaal
            assert (p002["titel"], p002["tekst"]) == BEWERKT
            assert "P002" in set(search.search(conn, "opname", mode, limit=None).hits["id"])
        assert controle.aantal_in_controle(conn) == 0


def test_after_release_the_store_keeps_no_copy_of_the_personal_data(released):
    with duckdb.connect(str(released), read_only=True) as conn:   # P004 (no consent) is never released
        rows = [*conn.execute("SELECT * FROM verhalen WHERE id <> 'P004'").fetchall(),
                *conn.execute("SELECT * FROM controle WHERE verhaal <> 'P004'").fetchall()]
        rows += [row for table in set(verhaalopslag.TABELLEN) - {"verhalen", "controle"}
                 for row in conn.execute(f"SELECT * FROM {table}").fetchall()]   # our own table names
        everything = " ".join(map(str, rows))
        log = conn.execute("SELECT verhaal, status, besluit, door, vrijgegeven_op IS NOT NULL, bevindingen, "
                           "titel_voorstel FROM controle WHERE verhaal LIKE 'P%' ORDER BY verhaal").fetchall()
    assert "[PERSOON-1] hielp mij" in everything and leaks(everything) == []
    assert log[:3] == [("P001", "vrijgegeven", "gemaskeerd", "Test Medewerker", True, None, None),
                       ("P002", "vrijgegeven", "aangepast", "Test Medewerker", True, None, None),
                       ("P003", "vrijgegeven", "gemaskeerd", "Test Medewerker", True, None, None)]
    assert log[3][:2] == ("P004", "in controle")   # no consent: never reviewed, never shown


def test_after_release_no_page_and_no_export_shows_personal_data(released, fixture_store, monkeypatch, tmp_path):
    shown = every_page(app_on(fixture_store, released, monkeypatch, tmp_path, partner=False), False, "buurvrouw")
    assert "[PERSOON-1] hielp mij" in shown["pages/verhalen.py"]
    for script, text in shown.items():
        assert leaks(text) == [], script
    text = export_texts(fixture_store, released, tmp_path, Zichtbaarheid.INTERN)
    assert "[PERSOON-1] hielp mij" in text and BEWERKT[0] in text
    assert leaks(text) == []


def test_a_story_no_longer_in_controle_cannot_be_released_again(released, fixture_store):
    with pytest.raises(controle.VrijgaveFout, match="staat niet \\(meer\\) in controle"):
        controle.vrijgeven(fixture_store, released, [controle.Vrijgave("P001", "x", "y")], "Iemand")
    with pytest.raises(controle.VrijgaveFout, match="staat niet \\(meer\\) in controle"):
        controle.vrijgeven(fixture_store, released, [controle.Vrijgave("P004", "x", "y")], "Iemand")


# --- a story store from before the check ----------------------------------------------------------------

def make_old(verhalen: Path) -> None:
    """Take the check's column and table out again: a story store as an earlier version made it."""
    with duckdb.connect(str(verhalen)) as conn:
        conn.execute("DROP TABLE controle")
        conn.execute("ALTER TABLE verhalen DROP COLUMN in_controle")


def test_an_old_story_store_is_migrated_and_every_story_checked(fixture_store, writable_store, writable_verhalen):
    from tests.test_stories_import import run_cli
    _import(fixture_store, writable_verhalen)
    make_old(writable_verhalen)
    result = run_cli("build", "--if-stale", "--data", str(DATA), store=writable_store, verhalen=writable_verhalen)
    assert result.returncode == 0, result.stderr
    assert "gecontroleerd op persoonsgegevens" in result.stdout and "3 verhalen staan in controle" in result.stdout
    with connect_readonly(writable_store, writable_verhalen) as conn:
        assert not stories.readable_ids(conn, Zichtbaarheid.INTERN) & set(IDS)
        assert controle.aantal_in_controle(conn) == 3   # the demo stories got their shipped review again
        assert set(controle.in_controle(conn).verhalen["id"]) == {"P001", "P002", "P003"}
    again = run_cli("build", "--if-stale", "--data", str(DATA), store=writable_store, verhalen=writable_verhalen)
    assert "gecontroleerd" not in again.stdout   # once


def test_a_write_to_an_old_store_checks_it_first(fixture_store, writable_verhalen, tmp_path):
    _import(fixture_store, writable_verhalen)
    make_old(writable_verhalen)
    from tests.test_search import write_stories
    verhaalopslag.importeer(fixture_store, writable_verhalen,
                            write_stories(tmp_path / "schoon.csv", [("S001", "openbaar", "Koffie", "Gezellig.")]), KADER)
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        readable = stories.readable_ids(conn, Zichtbaarheid.INTERN)
    assert "S001" in readable and not readable & set(IDS)


# --- the shipped review of the demo stories ------------------------------------------------------------

def test_the_demo_review_releases_only_what_it_reviewed(fixture_store, data_copy, tmp_path):
    """A demo story with a finding the review does not name, or one not marked fictional, stays in controle."""
    import csv
    path = data_copy / "verhalen" / "verhalen_demo.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["verhaal_id"] == "V0006":
            row["verhaal"] += " Bel Jan de Vries op 06-12345678."
        if row["verhaal_id"] == "V0014":
            row["fictief"] = "nee"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    verhalen = tmp_path / "demo.duckdb"
    result = verhaalopslag.maak_met_demo(fixture_store, verhalen, path, data_copy / "verhalen" / "kader_leiderdorp.json")
    assert result.in_controle == 2
    with connect_readonly(fixture_store, verhalen) as conn:
        assert set(controle.in_controle(conn).verhalen["id"]) == {"V0006", "V0014"}
        log = controle.vrijgegeven(conn)
    assert list(log["verhaal"]) == ["V0107"] and log["door"].iloc[0] == "makers van Tellen & Vertellen"
    assert log["besluit"].iloc[0] == "ongewijzigd" and "Fictief voorbeeld" in log["reden"].iloc[0]
