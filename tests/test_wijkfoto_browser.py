"""The wijkfoto in headless Chromium at desktop and phone width (issue 14, points 4 and 8): the overview and
the stories near the top, values whole, break rules drawn. Screenshots: test-artifacts/wijkfoto_*.png."""
import pytest

from core.present.sparkline import BREUK_KLEUR
from tests.browser import browser_page, wait_for_app

PAD = "/wijkfoto?gemeente=GM0546&wijk=WK054600&jaar=2020"
KLAAR = ["Wijkfoto Binnenstad-Zuid", "In één oogopslag", "Wat bewoners vertellen", "Bron: RIVM/GGD 2020"]

# the top of a heading inside Streamlit's own scrolling container, measured from the top of the page
BOVENKANT = """text => {
    const h = Array.from(document.querySelectorAll('h1, h2, h3')).find(e => e.innerText.trim() === text);
    return h ? h.getBoundingClientRect().top + (document.querySelector('[data-testid="stMain"]')?.scrollTop || 0)
             : null;
}"""
VOLLEDIGE_HOOGTE = """() => Math.max(...Array.from(document.querySelectorAll('[data-testid="stMain"], body'))
                                   .map(e => e.scrollHeight))"""
# a metric value that the browser cuts off: its text is wider than its box
AFGEKAPT = """() => Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'))
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.mark.parametrize("breedte, hoogte", [(1440, 900), (390, 844)], ids=["desktop", "telefoon"])
def test_wijkfoto_puts_overview_and_stories_first(app_server, artifacts, breedte, hoogte):
    with browser_page(breedte, hoogte) as page:
        page.goto(app_server + PAD)
        wait_for_app(page, KLAAR)
        body = page.inner_text("body")
        oogopslag = page.evaluate(BOVENKANT, "In één oogopslag")
        verhalen = page.evaluate(BOVENKANT, "Wat bewoners vertellen")
        gezondheid = page.evaluate(BOVENKANT, "Gezondheid")
        afgekapt = page.evaluate(AFGEKAPT)
        grafieken = page.locator('[data-testid="stVegaLiteChart"]').count()
        fouten = page.locator('[data-testid="stVegaLiteChart"] :text("Error")').count()
        breuken = page.locator(f'[data-testid="stVegaLiteChart"] svg [stroke="{BREUK_KLEUR}"]').count()
        page.screenshot(path=str(artifacts / f"wijkfoto_{breedte}_boven.png"))
        page.set_viewport_size({"width": breedte, "height": min(page.evaluate(VOLLEDIGE_HOOGTE), 16_000)})
        wait_for_app(page, KLAAR)
        page.screenshot(path=str(artifacts / f"wijkfoto_{breedte}.png"), full_page=True)
    for tekst in KLAAR:
        assert tekst in body, f"{tekst!r} not on the page"
    assert oogopslag is not None and verhalen is not None and gezondheid is not None
    assert oogopslag < verhalen < gezondheid           # overview, then the stories, then the leefgebieden
    assert verhalen < 2_500, f"'Wat bewoners vertellen' starts at {verhalen:.0f} px"
    assert afgekapt == [], f"cut-off values: {afgekapt}"
    assert grafieken >= 5 and fouten == 0              # the sparklines are drawn, without a Vega error
    assert breuken >= 1                                # the 2020 break as a rule in the break colour
