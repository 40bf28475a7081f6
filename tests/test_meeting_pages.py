"""AppTest of the meeting pages: sessions and handouts, the interpretation log on other pages, the
netwerklunch, and the partner deployment across every page."""
import re

import pytest

from core.present.views import ZERO_BREEDTE
from pages.parts.frame import BEHEER, PAGES
from tests.conftest import goto

NEE = ("V0016", "V0026", "V0034", "V0103")
INTERN = ("V0005", "V0014", "V0020", "V0107")


def all_text(at):
    """Every text the page shows, as a reader sees it: Markdown escapes (views.letterlijk) taken out."""
    parts = [shown(e.value) for kind in ("text", "markdown", "caption", "title", "header", "subheader", "info")
             for e in at.get(kind) if isinstance(getattr(e, "value", None), str)]
    for frame in at.get("arrow_data_frame") + at.get("table"):
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def shown(markdown: str) -> str:
    """A Markdown source as it reads on screen, as far as views.letterlijk escaped it."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(ZERO_BREEDTE, ""))


def titles(conn, ids):
    return [r[0] for r in conn.execute("SELECT titel FROM verhalen WHERE id IN (SELECT unnest(?))",
                                       [list(ids)]).fetchall()]


def test_session_saved_with_handouts_and_log_shown_elsewhere(app):
    at = goto(app, "pages/sessies.py", gemeente="GM0547")
    assert at.title[0].value == "Interpretatiesessie"
    sample = at.dataframe[0].value
    assert len(sample) == 8 and not set(sample["Titel"]) & {"Sleutels tussen mijn vingers"}
    at.text_input(key="sessie.titel").set_value("Waarom lukt stimuleren minder goed?")
    at.text_input(key="sessie.vraag1").set_value("Wat valt u op?")
    at.button(key="sessie.opslaan").click().run()
    assert not at.exception
    assert any("is opgeslagen" in s.value for s in at.success)
    assert any("Waarom lukt stimuleren minder goed?" in t.value for t in at.text)
    labels = [b.label for b in at.get("download_button")]
    assert [lab for lab in labels if lab.startswith("Handout")] == ["Handout (PDF)", "Handout (Word)"]  # one session
    assert {"Terugkoppeling (PDF)", "Terugkoppeling (Word)"} <= set(labels)   # the log's summary for residents

    at.text_area(key="log.observaties").set_value("Mensen vinden de weg naar het buurthuis niet.")
    at.text_area(key="log.acties").set_value("Folder in de wachtkamer van de huisarts.")
    at.selectbox(key="log.wijk").set_value("WK054700")
    at.multiselect(key="log.indicatoren").set_value(["ggd_eenzaam"])
    at.button(key="log.opslaan").click().run()
    assert any("logboek" in s.value for s in at.success)

    at.switch_page("pages/wijkfoto.py")
    at.query_params.update(wijk="WK054700")
    at.run()
    assert "Wat we hebben geleerd" in [s.value for s in at.subheader]
    assert "Mensen vinden de weg naar het buurthuis niet." in [t.value for t in at.text]
    at.switch_page("pages/indicatoren.py").run()
    assert "Folder in de wachtkamer van de huisarts." in [t.value for t in at.text]


def test_session_needs_a_question(app):
    at = goto(app, "pages/sessies.py", gemeente="GM0547")
    at.text_input(key="sessie.titel").set_value("Zonder vraag")
    at.button(key="sessie.opslaan").click().run()
    assert not at.success and at.error, "a session without a question must be refused with a message"


def test_wijkfoto_offers_council_exports(app):
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054700")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Wijkfoto als PDF", "Wijkfoto als PowerPoint"]


def test_netwerklunch_steps_through_screens(app, conn, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")  # Wijk 00 has 2 openbaar stories: k=5 hides them (test_kleine_groepen)
    at = goto(app, "pages/netwerklunch.py", gemeente="GM0547", gebied="WK054700")
    assert at.title[0].value == "Netwerklunch Wijk 00"
    seen = [at.title[0].value]
    for _ in range(12):
        volgende = next(b for b in at.button if b.label == "Volgende")
        if volgende.disabled:
            break
        volgende.click().run()
        assert not at.exception
        seen.append(all_text(at))
    text = "\n".join(seen)
    assert "Eenzaam" in text and "Waar richtte de ondersteuner zich op?" in text and "Een verhaal" in text
    for title in titles(conn, NEE + INTERN):
        assert title not in text


@pytest.mark.parametrize("script", [p[1] for p in PAGES if p[1] not in BEHEER])
def test_partner_mode_never_shows_intern_or_nee_stories(app, conn, monkeypatch, script):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    for gemeente in ("GM0547", "GM0546"):
        app.query_params.clear()
        at = goto(app, script, gemeente=gemeente, wijk="WK054700" if gemeente == "GM0547" else "WK054600")
        text = all_text(at)
        for title in titles(conn, NEE + INTERN):
            assert title not in text, f"{title!r} visible on {script} in partner mode"


def test_partner_mode_has_no_beheer(app, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    links = [link.label for link in at.get("page_link")]
    assert "Interpretatiesessie" not in links and "Verhalen" in links
    assert not at.get("form")


def test_beheer_page_refuses_partners_even_by_direct_url(app, monkeypatch):
    """Streamlit may run a pages/ file directly (shared link after a restart): the page checks itself."""
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")  # a direct run registers every pages/ file
    at.switch_page("pages/sessies.py").run()
    assert not at.exception
    assert "alleen in de eigen omgeving" in at.info[0].value
    assert not at.get("form") and not at.get("download_button")
