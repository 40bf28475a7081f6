"""AppTest of the interpretation log on the pages (issue 14, point 5): entries about the whole gemeente on
every wijkfoto of that gemeente and on Tellen & vertellen, partner mode only what is shared, and the log
form offering the session just saved."""
import os
from pathlib import Path

from core.samen import interpretaties
from core.store import werk
from tests.test_weinig_verhalen import goto, ok


def werkpad(app) -> Path:
    """The werkbestand the `app` fixture points the app at (TV_WERK)."""
    return Path(os.environ["TV_WERK"])


def fill_log(app, entries: list[dict]) -> None:
    with werk.connect_werk(werkpad(app)) as conn:
        for entry in entries:
            entry = dict(entry)
            interpretaties.add_log_entry(conn, entry.pop("gemeente", "GM0547"), observaties=entry.pop("tekst"),
                                         **entry)


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


ENTRIES = [
    {"tekst": "Heel Leiderdorp: de bus rijdt minder."},
    {"tekst": "Heel Leiderdorp, bij eenzaamheid.", "indicatoren": ["ggd_eenzaam"]},
    {"tekst": "Heel Leiderdorp, alleen over mantelzorg.", "indicatoren": ["ggd_mantelzorg"]},
    {"tekst": "Alleen een andere wijk.", "wijk": "WK054701"},
    {"tekst": "Heel Leiden.", "gemeente": "GM0546"},
]


def test_gemeente_wide_entries_show_on_every_wijkfoto_of_that_gemeente(app):
    fill_log(app, ENTRIES)
    for wijk in ("WK054700", "WK054702"):
        app.query_params.clear()
        at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk=wijk)
        shown = texts(at)
        assert "Wat we hebben geleerd" in [s.value for s in at.subheader]
        for tekst in ("Heel Leiderdorp: de bus rijdt minder.", "Heel Leiderdorp, bij eenzaamheid.",
                      "Heel Leiderdorp, alleen over mantelzorg."):
            assert tekst in shown, f"{tekst!r} missing on the wijkfoto of {wijk}"
        assert "Alleen een andere wijk." not in shown and "Heel Leiden." not in shown
        assert captions(at).count("Voor de hele gemeente") == 3


def test_tellen_vertellen_shows_the_log_of_its_indicator_wijk_and_gemeente(app):
    fill_log(app, ENTRIES + [{"tekst": "Zuid: eenzaam na verhuizing.", "wijk": "WK054700",
                              "indicatoren": ["ggd_eenzaam"]}])
    at = goto(app, "pages/tellen_vertellen.py", gemeente="GM0547", wijk="WK054700", indicator="ggd_eenzaam")
    shown = texts(at)
    assert "Wat we hebben geleerd" in [s.value for s in at.subheader]
    for tekst in ("Heel Leiderdorp: de bus rijdt minder.", "Heel Leiderdorp, bij eenzaamheid.",
                  "Zuid: eenzaam na verhuizing."):
        assert tekst in shown
    for tekst in ("Heel Leiderdorp, alleen over mantelzorg.", "Alleen een andere wijk.", "Heel Leiden."):
        assert tekst not in shown
    assert captions(at).count("Voor de hele gemeente") == 2


def test_partner_mode_shows_only_shared_gemeente_wide_entries(app, monkeypatch):
    fill_log(app, [{"tekst": "Gedeeld met partners.", "gedeeld": True}, {"tekst": "Alleen voor de gemeente."}])
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    for page, params in (("pages/wijkfoto.py", {"wijk": "WK054700"}),
                         ("pages/tellen_vertellen.py", {"wijk": "WK054700", "indicator": "ggd_eenzaam"})):
        app.query_params.clear()
        at = goto(app, page, gemeente="GM0547", **params)
        assert "Gedeeld met partners." in texts(at) and "Alleen voor de gemeente." not in texts(at), page


def test_log_form_offers_and_selects_the_session_just_saved(app):
    at = goto(app, "pages/sessies.py", gemeente="GM0547")
    assert at.selectbox(key="log.sessie").value == ""
    at.text_input(key="sessie.titel").set_value("Buurthuis en eenzaamheid")
    at.text_input(key="sessie.vraag1").set_value("Wat valt u op?")
    ok(at.button(key="sessie.opslaan").click().run())
    keuze = at.selectbox(key="log.sessie")
    assert "Buurthuis en eenzaamheid" in keuze.options
    assert keuze.value not in ("", None) and keuze.options[keuze.index] == "Buurthuis en eenzaamheid"

    at.text_area(key="log.observaties").set_value("De groep zag veel over de bus.")
    ok(at.button(key="log.opslaan").click().run())
    with werk.connect_werk(werkpad(app)) as conn:
        sessie_id = conn.execute("SELECT id FROM sessies WHERE titel = 'Buurthuis en eenzaamheid'").fetchone()[0]
        assert [e.observaties for e in interpretaties.log_for_session(
            conn, sessie_id, mode=interpretaties.Zichtbaarheid.INTERN)] == ["De groep zag veel over de bus."]



def test_the_log_in_chromium_on_tellen_vertellen_and_the_wijkfoto(fixture_store, fixture_verhalen, tmp_path, artifacts):
    from tests.browser import browser_page, server, wait_for_app
    pad = tmp_path / "werk.duckdb"
    with werk.connect_werk(pad) as conn:
        interpretaties.add_log_entry(conn, "GM0547", observaties="Heel Leiderdorp: de bus rijdt minder.",
                                     door="Fatima de Vries")
        interpretaties.add_log_entry(conn, "GM0547", wijk="WK054702", acties="Koffieochtend in Wijk 02.",
                                     indicatoren=["ggd_eenzaam"])
    pages = {"tellen_vertellen": "/tellen_vertellen?gemeente=GM0547&wijk=WK054702&indicator=ggd_eenzaam",
             "wijkfoto": "/wijkfoto?gemeente=GM0547&wijk=WK054702"}
    with server(fixture_store, fixture_verhalen, start_timeout_s=60, TV_WERK=str(pad)) as (url, _, _), \
            browser_page(height=1000) as page:
        for naam, pad_url in pages.items():
            page.goto(url + pad_url)
            wait_for_app(page, ["Heel Leiderdorp: de bus rijdt minder.", "Koffieochtend in Wijk 02."])
            page.get_by_text("Heel Leiderdorp: de bus rijdt minder.", exact=True).scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"logboek_{naam}.png"), full_page=True)
            body = page.inner_text("body")
            assert "Heel Leiderdorp: de bus rijdt minder." in body and "Koffieochtend in Wijk 02." in body, naam
            assert body.count("Voor de hele gemeente") == 1, naam


def test_one_story_on_the_interpretatiesessie_in_chromium(fixture_store, fixture_verhalen, artifacts):
    from tests.browser import browser_page, server, wait_for_app
    with server(fixture_store, fixture_verhalen, start_timeout_s=60) as (url, _, _), browser_page(height=1000) as page:
        page.goto(url + "/sessies?gemeente=GM0547")
        wait_for_app(page, ["Aantal verhalen"])
        page.get_by_text("Filter", exact=True).first.click()
        zoek = page.get_by_label("Zoeken in de verhalen")
        zoek.fill("stoelyoga")
        zoek.press("Enter")
        wait_for_app(page, ["1 verhaal om uit te kiezen"])
        page.screenshot(path=str(artifacts / "sessie_een_verhaal.png"), full_page=True)
        body = page.inner_text("body")
    assert "1 verhaal om uit te kiezen" in body and "\n1 verhaal\n" in body   # the sample's table is a canvas
    assert "Aantal verhalen" not in body and "Er ging iets mis" not in body
