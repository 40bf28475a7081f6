"""A staff and a partner server side by side on one werkbestand, and the error boundary around every page run."""
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core import cached
from core.samen import interpretaties
from core.store.werk import WerkbestandFout, connect_werk_lezen
from core.vertellen.consent import Zichtbaarheid
from pages.parts import frame
from tests.browser import browser_page, server, wait_for_app

ROOT = Path(__file__).resolve().parent.parent

# A staff process: writes one log entry in the werkbestand and keeps it open (as the staff server does)
# until the test closes its stdin.
SCHRIJVER = """
import sys
from core.samen.interpretaties import add_log_entry
from core.store.werk import connect_werk
conn = connect_werk(sys.argv[1])
add_log_entry(conn, "GM0547", observaties="Meer jongeren bij de inloop", wijk="WK054700", gedeeld=True)
print("open", flush=True)
sys.stdin.read()
"""


def test_partner_reads_a_werkbestand_another_process_writes(tmp_path):
    werk = tmp_path / "werk.duckdb"
    staf = subprocess.Popen([sys.executable, "-c", SCHRIJVER, str(werk)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert staf.stdout.readline().strip() == "open"
        with pytest.raises(duckdb.IOException, match="lock"):   # why the partner side cannot open it itself
            duckdb.connect(str(werk), read_only=True)
        lezer = connect_werk_lezen(werk)
        entries = interpretaties.log_for_wijk(lezer, "WK054700", mode=Zichtbaarheid.PARTNER)
        assert [e.observaties for e in entries] == ["Meer jongeren bij de inloop"]
        with pytest.raises(duckdb.Error, match="read-only"):
            lezer.execute("DELETE FROM logboek")
    finally:
        staf.stdin.close()
        staf.wait(timeout=30)


def test_partner_without_werkbestand_reads_empty(tmp_path):
    lezer = connect_werk_lezen(tmp_path / "nog_niet.duckdb")
    assert interpretaties.log_for_wijk(lezer, "WK054700", mode=Zichtbaarheid.PARTNER) == []
    assert not (tmp_path / "nog_niet.duckdb").exists()


LOCK_TEXTS = ("lock", "Conflicting", "werkbestand", "Traceback", "Er ging iets mis")


def test_staff_and_partner_server_side_by_side(fixture_store, fixture_verhalen, tmp_path):
    werk = str(tmp_path / "werk.duckdb")
    path = "/wijkfoto?gemeente=GM0547&wijk=WK054700"
    with server(fixture_store, fixture_verhalen, TV_WERK=werk) as (staf_url, _, _), \
            server(fixture_store, fixture_verhalen, TV_WERK=werk, TV_PARTNERMODUS="1") as (partner_url, _, _), \
            browser_page() as page:
        for url in (staf_url, partner_url, staf_url + "/tellen_vertellen?gemeente=GM0547", partner_url):
            page.goto(url + path if url in (staf_url, partner_url) else url)
            wait_for_app(page, ["Wijkfoto Wijk 00"] if url in (staf_url, partner_url) else ())
            body = page.inner_text("body")
            assert page.locator('[data-testid="stException"]').count() == 0, url
            for text in LOCK_TEXTS:
                assert text not in body, (url, text)
        assert Path(werk).exists()   # the staff server made it and holds it; the partner server read copies


# --- the error boundary --------------------------------------------------------------------------------


def _kapot(*args, **kwargs):
    raise RuntimeError("/geheim/pad/opslag.duckdb (PID 4242) kapot")


@pytest.mark.parametrize("direct", [False, True], ids=["via_app", "page_file"])
def test_error_in_a_page_shows_dutch_message_only(app, monkeypatch, direct):
    """Through app.py (st.navigation), and a page file run on its own: what Streamlit does with the first
    request after a server start that names a page URL, and with every AppTest page switch."""
    if direct:
        at = app.run()
        assert not at.exception and not at.error
        monkeypatch.setattr(cached, "wijk_values", _kapot)
        at.switch_page("pages/overzicht.py")
        at = at.run()
    else:
        monkeypatch.setattr(cached, "wijk_values", _kapot)
        at = app.run()
    assert not at.exception
    assert frame.FOUT in [e.value for e in at.error]
    shown = " ".join(str(el.value) for el in [*at.markdown, *at.error, *at.caption, *at.text])
    assert "geheim" not in shown and "4242" not in shown and "RuntimeError" not in shown


def test_stop_passes_the_boundary(app, monkeypatch):
    """st.stop is control flow, not an error: the partner page stops where it should, with no message."""
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = app.run()
    at.switch_page("pages/verhalen.py")
    at = at.run()
    assert not at.exception
    assert frame.FOUT not in [e.value for e in at.error]
    assert not any(b.label == "Verhaalset opslaan" for b in at.button)


def test_partner_copy_of_a_file_that_is_no_werkbestand_says_so(tmp_path):
    """A copy that cannot be read (here: not a DuckDB file at all) is tried again, then a Dutch error."""
    werk = tmp_path / "werk.duckdb"
    werk.write_bytes(b"geen duckdb")
    with pytest.raises(WerkbestandFout, match="kopie van het werkbestand"):
        connect_werk_lezen(werk)
