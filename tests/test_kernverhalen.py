"""Kernverhalen (issue 15, point 6a and point 8 for it): staff mark a story as the key story for an indicator with
the reason it was chosen; it leads on Verhalen's story cards, in the wijkfoto's stories band and in the wijkfoto's
PowerPoint. Partners see a key story only when the story is openbaar and the mark is shared; a story whose consent
was withdrawn keeps its mark but is never shown; a band of fewer than k stories shows no key story either.

Fixture stories of WK054700 (Leiderdorp): V0004 and V0006 openbaar (2019), V0014 intern (2020), V0034 nee."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation

from core.exports import pptx
from core.samen import kernverhalen as kern
from core.samen.kernverhalen import KernverhaalFout
from core.store import werk
from core.store.db import connect_readonly, read_sql
from core.tellen import wijkfoto as wf
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter
from tests.conftest import goto, serve

INTERN, PARTNER = Zichtbaarheid.INTERN, Zichtbaarheid.PARTNER
REDEN = "Laat zien hoe 4e8 de buurt helpt"


@pytest.fixture()
def werkpad(tmp_path) -> Path:
    return tmp_path / "werk.duckdb"


@pytest.fixture()
def werk_conn(werkpad):
    with werk.connect_werk(werkpad) as conn:
        yield conn


# --- marking -------------------------------------------------------------------------------------

def test_staff_mark_and_unmark_a_key_story_with_its_reason(conn, werk_conn):
    mark_id = kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", f"  {REDEN}  ", INTERN, datetime(2026, 3, 1))
    [rij] = kern.marks(werk_conn, INTERN, "GM0547").itertuples()
    assert (rij.id, rij.verhaal_id, rij.indicator, rij.gemeentecode, rij.reden, rij.gedeeld) == (
        mark_id, "V0006", "ggd_eenzaam", "GM0547", REDEN, False)
    assert kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", "Een betere reden", INTERN) == mark_id   # replaced
    assert list(kern.marks(werk_conn, INTERN)["reden"]) == ["Een betere reden"]
    kern.unmark(werk_conn, mark_id, INTERN)
    assert kern.marks(werk_conn, INTERN).empty
    with pytest.raises(KernverhaalFout, match="bestaat niet"):
        kern.unmark(werk_conn, mark_id, INTERN)


@pytest.mark.parametrize("verhaal, indicator, reden, melding", [
    ("V0006", "ggd_eenzaam", "   ", "Schrijf kort op waarom u dit verhaal als kernverhaal kiest."),
    ("V0006", "ggd_eenzaam", "x" * 301, "De reden is te lang. Gebruik hoogstens 300 tekens."),
    ("V0034", "ggd_eenzaam", REDEN, "Dit verhaal is niet (meer) beschikbaar. Kies een ander verhaal."),   # nee
    ("V9999", "ggd_eenzaam", REDEN, "Dit verhaal is niet (meer) beschikbaar. Kies een ander verhaal."),
    ("V0006", "bestaat_niet", REDEN, "Dit cijfer bestaat niet in de opslag. Kies een cijfer uit de lijst."),
])
def test_a_mark_without_reason_or_with_an_unreadable_story_is_refused_in_dutch(conn, werk_conn, verhaal, indicator,
                                                                               reden, melding):
    with pytest.raises(KernverhaalFout) as fout:
        kern.mark(conn, werk_conn, verhaal, indicator, reden, INTERN)
    assert str(fout.value) == melding
    assert kern.marks(werk_conn, INTERN).empty


def test_partners_cannot_mark_unmark_or_share(conn, werk_conn):
    mark_id = kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    for actie in (lambda: kern.mark(conn, werk_conn, "V0004", "ggd_eenzaam", REDEN, PARTNER),
                  lambda: kern.unmark(werk_conn, mark_id, PARTNER),
                  lambda: kern.share(werk_conn, mark_id, True, PARTNER)):
        with pytest.raises(KernverhaalFout, match="alleen in de eigen omgeving"):
            actie()
    assert list(kern.marks(werk_conn, INTERN)["gedeeld"]) == [False]


# --- who sees a key story ------------------------------------------------------------------------

def test_partners_see_only_shared_marks_of_openbaar_stories(conn, werk_conn):
    gedeeld = kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    kern.mark(conn, werk_conn, "V0004", "ggd_eenzaam", "Niet gedeeld 9k1", INTERN)
    intern = kern.mark(conn, werk_conn, "V0014", "ggd_eenzaam", "Intern verhaal 2m7", INTERN)
    for mark_id in (gedeeld, intern):
        kern.share(werk_conn, mark_id, True, INTERN)
    f = VerhaalFilter(gemeente="GM0547")
    assert list(kern.in_filter(conn, werk_conn, f, INTERN)["id"]) == ["V0014", "V0004", "V0006"]   # newest first
    partner = kern.in_filter(conn, werk_conn, f, PARTNER)
    assert list(partner["id"]) == ["V0006"]          # V0004: not shared; V0014: intern
    assert partner["kern"].iloc[0] == [f"Kernverhaal bij Eenzaam. Waarom: {REDEN}"]
    kern.share(werk_conn, gedeeld, False, INTERN)
    assert kern.in_filter(conn, werk_conn, f, PARTNER).empty


def test_only_key_stories_the_filter_finds(conn, werk_conn):
    kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    kern.mark(conn, werk_conn, "V0001", "ggd_eenzaam", REDEN, INTERN)
    assert list(kern.in_filter(conn, werk_conn, VerhaalFilter(wijken=("WK054700",)), INTERN)["id"]) == ["V0006"]
    assert kern.in_filter(conn, werk_conn, VerhaalFilter(jaren=(2020, 2020)), INTERN).empty


def test_a_story_whose_consent_was_withdrawn_keeps_its_mark_but_is_never_shown(fixture_store, writable_verhalen,
                                                                              werk_conn):
    with connect_readonly(fixture_store, writable_verhalen) as c:
        kern.mark(c, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    with duckdb.connect(str(writable_verhalen)) as c:
        c.execute("UPDATE verhalen SET toestemming = 'nee' WHERE id = 'V0006'")
    with connect_readonly(fixture_store, writable_verhalen) as c:
        assert list(kern.marks(werk_conn, INTERN)["verhaal_id"]) == ["V0006"]
        assert kern.in_filter(c, werk_conn, VerhaalFilter(), INTERN).empty
        band = wf.verhalen_paneel(c, "WK054700", INTERN, 1).fragmenten
        assert list(kern.voorop(c, werk_conn, band, "WK054700", None, INTERN)["id"]) == ["V0014", "V0004"]


# --- the wijkfoto band and the PowerPoint ---------------------------------------------------------

def test_the_key_story_leads_the_wijkfoto_band(conn, werk_conn):
    band = wf.verhalen_paneel(conn, "WK054700", INTERN, 1).fragmenten
    assert list(band["id"]) == ["V0014", "V0004", "V0006"]
    kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    voor = kern.voorop(conn, werk_conn, band, "WK054700", None, INTERN)
    assert list(voor["id"]) == ["V0006", "V0014", "V0004"]
    assert list(voor["kern"]) == [f"Kernverhaal bij Eenzaam. Waarom: {REDEN}", "", ""]
    assert voor["fragment"].iloc[0] == band.set_index("id").loc["V0006", "fragment"]
    # the band of one year: a key story of another year does not join it
    band_2020 = wf.verhalen_paneel(conn, "WK054700", INTERN, 1, 2020).fragmenten
    assert list(kern.voorop(conn, werk_conn, band_2020, "WK054700", 2020, INTERN)["id"]) == ["V0014"]


def test_no_key_story_in_a_band_of_fewer_than_k_stories(conn, werk_conn):
    kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    band = wf.verhalen_paneel(conn, "WK054700", INTERN, 5).fragmenten     # 3 stories, k = 5: none shown
    assert band.empty and kern.voorop(conn, werk_conn, band, "WK054700", None, INTERN).empty


def test_partner_band_shows_a_key_story_only_when_shared(conn, werk_conn):
    mark_id = kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    band = wf.verhalen_paneel(conn, "WK054700", PARTNER, 1).fragmenten
    assert list(band["id"]) == ["V0004", "V0006"]
    assert list(kern.voorop(conn, werk_conn, band, "WK054700", None, PARTNER)["id"]) == ["V0004", "V0006"]
    kern.share(werk_conn, mark_id, True, INTERN)
    assert list(kern.voorop(conn, werk_conn, band, "WK054700", None, PARTNER)["id"]) == ["V0006", "V0004"]


def _story_slide_texts(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    [slide] = [s for s in prs.slides if s.shapes.title.text == "Wat bewoners vertellen"]
    return [p.text for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title
            for p in shape.text_frame.paragraphs if p.text]


def test_the_key_story_comes_first_in_the_powerpoint(conn, werk_conn):
    foto = wf.wijkfoto(conn, "WK054700", 2020, INTERN, 1)
    zonder = _story_slide_texts(pptx.wijkfoto_pptx(foto, conn, INTERN, 1, werk_conn))
    assert zonder[1] == "Glas op de vloer"                                  # V0014, the newest
    kern.mark(conn, werk_conn, "V0006", "ggd_eenzaam", REDEN, INTERN)
    met = _story_slide_texts(pptx.wijkfoto_pptx(foto, conn, INTERN, 1, werk_conn))
    assert met[1:3] == [f"Kernverhaal bij Eenzaam. Waarom: {REDEN}", "Woorden voor de bakker"]
    assert met.index("Glas op de vloer") > 3
    partner = _story_slide_texts(pptx.wijkfoto_pptx(foto, conn, PARTNER, 1, werk_conn))   # not shared
    assert partner[1] == "Vlot geregeld" and not any(REDEN in t for t in partner)


# --- the werkbestand migration 3 -> 4 ---------------------------------------------------------------

def _version_3_file(path: Path) -> None:
    """A werkbestand as version 3 of the product wrote it: one shared set and one log entry."""
    with duckdb.connect(str(path)) as c:
        for naam in ("werk.sql", "werk_v2.sql", "werk_v3.sql"):
            c.execute(read_sql(naam))
        c.execute("CREATE TABLE werk_versie (versie INTEGER NOT NULL)")
        c.execute("INSERT INTO werk_versie VALUES (1), (2), (3)")
        c.execute("INSERT INTO verhaalsets VALUES ('oud', 'Oude set', 'Wat valt op?', 'ggd_eenzaam', 'GM0547', "
                  "NULL, TIMESTAMP '2025-05-01 10:00', true, TIMESTAMP '2025-05-01 10:00')")
        c.execute("INSERT INTO verhaalset_verhalen VALUES ('oud', 'V0001', 1)")
        c.execute("INSERT INTO logboek VALUES ('l1', 'GM0547', NULL, NULL, 'Oud inzicht', NULL, NULL, "
                  "DATE '2025-05-02', 'Sam', TIMESTAMP '2025-05-02 11:00', false, NULL)")


def test_a_version_3_werkbestand_gets_key_stories_and_keeps_everything(conn, werkpad):
    _version_3_file(werkpad)
    with werk.connect_werk(werkpad) as w:
        assert werk.schema_versie(w) == 4 == werk.WERK_SCHEMA_VERSIE
        assert w.execute("SELECT id, naam, gedeeld FROM verhaalsets").fetchall() == [("oud", "Oude set", True)]
        assert w.execute("SELECT id, observaties, door FROM logboek").fetchall() == [("l1", "Oud inzicht", "Sam")]
        assert kern.marks(w, INTERN).empty
        kern.mark(conn, w, "V0006", "ggd_eenzaam", REDEN, INTERN)
    with werk.connect_werk(werkpad) as w:      # opening again changes nothing
        assert w.execute("SELECT count(*) FROM werk_versie").fetchone()[0] == 4
        assert list(kern.marks(w, INTERN)["verhaal_id"]) == ["V0006"]


# --- the pages ----------------------------------------------------------------------------------------

def _texts(at) -> list[str]:
    return [t.value for t in at.text]


def _mark_in_app_werk(conn, tmp_path, gedeeld: bool = False) -> str:
    """Mark V0006 (openbaar, WK054700) in the app fixture's werkbestand (TV_WERK = tmp_path / werk.duckdb)."""
    with werk.connect_werk(tmp_path / "werk.duckdb") as w:
        mark_id = kern.mark(conn, w, "V0006", "ggd_eenzaam", REDEN, INTERN)
        kern.share(w, mark_id, gedeeld, INTERN)
    return mark_id


def test_staff_mark_a_key_story_on_verhalen_and_it_leads_the_cards(app):
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    eerst = [t for t in _texts(at) if t in ("Vlot geregeld", "Woorden voor de bakker", "Glas op de vloer")]
    assert eerst[0] != "Woorden voor de bakker"
    at.selectbox(key="kern.verhaal").set_value("V0006")
    at.selectbox(key="kern.indicator").set_value("ggd_eenzaam")
    at.button(key="kern.opslaan").click().run()
    assert [e.value for e in at.error] == ["Schrijf kort op waarom u dit verhaal als kernverhaal kiest."]
    at.selectbox(key="kern.verhaal").set_value("V0006")
    at.selectbox(key="kern.indicator").set_value("ggd_eenzaam")
    at.text_input(key="kern.reden").input(REDEN)
    at.button(key="kern.opslaan").click().run()
    assert not at.error and not at.exception
    at.run()
    teksten = _texts(at)
    assert teksten[:2] == [f"Kernverhaal bij Eenzaam. Waarom: {REDEN}", "Woorden voor de bakker"]
    assert teksten.count("Woorden voor de bakker") == 1 + 1     # the card, and the list of marks
    assert "Bij Eenzaam. Waarom: " + REDEN in teksten             # the list of marks, with the buttons
    [weg] = [b for b in at.button if b.label == "Geen kernverhaal meer"]
    weg.click().run()
    assert not [t for t in _texts(at) if t.startswith("Kernverhaal bij")]


def test_the_key_story_leads_the_wijkfoto_band_on_the_page(app, conn, tmp_path, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")   # the fixture wijk has 3 stories: k=5 hides them
    _mark_in_app_werk(conn, tmp_path)
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054700", jaar="2020")
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()
    kaarten = [t for t in _texts(at) if t in ("Vlot geregeld", "Woorden voor de bakker", "Glas op de vloer")]
    assert kaarten == ["Woorden voor de bakker", "Glas op de vloer", "Vlot geregeld"]
    assert any(t.startswith(f"Kernverhaal bij Eenzaam. Waarom: {REDEN}") for t in _texts(at))


def test_no_key_story_on_the_wijkfoto_below_k(app, conn, tmp_path):
    _mark_in_app_werk(conn, tmp_path)       # k = 5: the band of 3 stories shows none, the key story neither
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054700", jaar="2020")
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()
    assert not [t for t in _texts(at) if "Woorden voor de bakker" in t or "Kernverhaal" in t]


@pytest.mark.parametrize("gedeeld", [True, False])
def test_partners_see_a_key_story_only_when_shared(app, conn, tmp_path, monkeypatch, gedeeld):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    _mark_in_app_werk(conn, tmp_path, gedeeld)
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    teksten = _texts(at)
    assert (f"Kernverhaal bij Eenzaam. Waarom: {REDEN}" in teksten) is gedeeld
    assert "Glas op de vloer" not in teksten and not [b for b in at.button if b.label == "Geen kernverhaal meer"]
    assert not [s for s in at.subheader if s.value == "Kernverhaal kiezen"]
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054700", jaar="2020")
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()
    assert any(t.startswith("Kernverhaal bij") for t in _texts(at)) is gedeeld


def test_key_story_cards_fit_a_phone(fixture_store, fixture_verhalen, conn, tmp_path, artifacts):
    """The one browser test: Verhalen and the wijkfoto with a key story at 390 px (nothing sticks out, is cut off
    or overlaps; tests/test_telefoon.py's checks), screenshots in test-artifacts/kernverhaal_*.png."""
    from tests.test_telefoon import _bekijk, _geen_fouten
    _mark_in_app_werk(conn, tmp_path)
    kop = f"Kernverhaal bij Eenzaam. Waarom: {REDEN}"
    with serve(fixture_store, fixture_verhalen, TV_WERK=str(tmp_path / "werk.duckdb"), TV_MIN_GROEP="1") as url:
        for naam, query in (("verhalen", "?gemeente=GM0547"), ("wijkfoto", "?gemeente=GM0547&wijk=WK054700&jaar=2019")):
            _geen_fouten(naam, _bekijk(url, naam, query, [kop, "Woorden voor de bakker"],
                                       artifacts / f"kernverhaal_{naam}.png"))
