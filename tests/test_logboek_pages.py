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

