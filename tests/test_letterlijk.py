"""Text from outside the code shows as typed in elements that read Markdown (headings, widget labels):
`core.present.views.letterlijk` escapes it. Checked in the real frontend, because only the browser's
Markdown renderer can tell whether a link, an image, bold text, a formula or HTML came out of it."""
import subprocess
import sys
import time
import urllib.request

from core.present.views import ZERO_BREEDTE, letterlijk
from tests.browser import ROOT, _free_port, browser_page, wait_for_app

ONVEILIG = ("[Klik hier](http://example.org) ![x](http://example.org/x.png) **vet** `code` :blue[kleur] "
            ":material/home: $x^2$ <b>html</b> <img src=x> 50% a_b_c # kop www.example.org mail@example.org")

SCRIPT = '''
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from core.present.views import letterlijk
tekst = {tekst!r}
st.header(letterlijk(tekst))
st.markdown(letterlijk(tekst))
st.selectbox(letterlijk(tekst), ["a", "b"])
'''


def test_letterlijk_escapes_every_markup_character():
    assert letterlijk("a_b") == r"a\_b"
    assert letterlijk("[x](y)") == r"\[x\]\(y\)"
    assert letterlijk("gewone tekst 2024") == "gewone tekst 2024"
    assert letterlijk("www.x.nl a@b.nl https://c.nl").replace(ZERO_BREEDTE, "") == r"www\.x\.nl a\@b\.nl https\:\/\/c\.nl"


def test_escaped_text_shows_as_typed_in_the_browser(tmp_path):
    script = tmp_path / "letterlijk_app.py"
    script.write_text(SCRIPT.format(root=str(ROOT), tekst=ONVEILIG), encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "streamlit did not start"
                time.sleep(0.2)
        with browser_page() as page:
            page.goto(url)
            wait_for_app(page, expected=["50%"])
            main = page.locator('[data-testid="stMain"]')
            made = main.locator("a:not([aria-label='Link to heading']), img, strong, b, code, .katex, "
                                "[data-testid='stIconMaterial']")
            assert made.count() == 0, main.inner_html()[:2000]
            header = main.locator("h2").first.inner_text().replace(ZERO_BREEDTE, "")
            assert header.strip().startswith("[Klik hier](http://example.org) ![x](http://example.org/x.png)")
            shown = main.inner_text().replace(ZERO_BREEDTE, "")
            for stuk in ("**vet**", ":blue[kleur]", "$x^2$", "<b>html</b>", "<img src=x>", "a_b_c", "# kop"):
                assert shown.count(stuk) >= 3, stuk  # header, paragraph and widget label
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_injection_url_makes_no_link_or_image(app_server):
    """The link from issue 12: Markdown in URL values must not become a live link or a remote image."""
    from urllib.parse import quote
    wijk, indicator = "[Klik hier](http://example.org/val)", "![x](http://example.org/beeld.png)"
    groep = "www.example.org _schuin_"          # an address without markup: GFM makes it a link by itself
    with browser_page() as page:
        page.goto(f"{app_server}/tellen_vertellen?wijk={quote(wijk)}&indicator={quote(indicator)}"
                  f"&groep={quote(groep)}")
        wait_for_app(page, expected=["Tellen & vertellen"])
        assert page.locator('a[href*="example.org"], img[src*="example.org"]').count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stMain"] em').count() == 0
        shown = page.locator('[data-testid="stMain"]').inner_text().replace(ZERO_BREEDTE, "")
        assert "We tonen" in shown  # the notice says which value is shown instead
        assert "www.example.org _schuin_" in shown
