"""What a person sees: the real app in headless Debian Chromium (Playwright, no downloaded browser).

Screenshots are written to test-artifacts/ so a person can open them and judge them.
"""
import re

import pytest

from tests.browser import browser_page, hover_tooltip, wait_for_app
from tests.conftest import serve

PAGES = [
    # (name, path and query, viewport height, texts that must be visible)
    ("overzicht", "/?gemeente=GM0546&indicator=ggd_eenzaam", 1100,
     ["Eenzaam per wijk, 2020", "Van laag naar hoog (lager is beter)", "Wijkcijfers zijn modelschattingen", "Legenda — lager is beter"]),
    ("wijkfoto", "/wijkfoto?gemeente=GM0547&wijk=WK054700", 2600,
     ["Wijkfoto Wijk 00", "In één oogopslag", "Slechter dan de gemeente", "Wat bewoners vertellen",
      "minder dan 5 verhalen", "Vergelijkbare wijken"]),   # the fixture's few stories of Wijk 00: below k
    ("indicatoren", "/indicatoren?gemeente=GM0547&indicator=ggd_eenzaam&wijk=WK054700", 1200,
     ["Eenzaam (18 jaar of ouder)", "Breuk in 2020", "Download grafiek (PNG)"]),
    ("doelen", "/doelen?gemeente=GM0547", 1800,
     ["Zelfstandig leven", "Streefwaarde", "fictief voorbeeld", "op koers"]),
    ("wijken", "/wijken?gemeente=GM0546", 1200,
     ["Wijken van Leiden", "Binnenstad-Zuid", "Stevenshofdistrict", "fictieve voorbeelden"]),
    ("bronnen", "/bronnen", 1400, ["Bronnen", "50090NED", "Wat wij hebben veranderd"]),
    ("verhalen", "/verhalen?gemeente=GM0547", 1800, ["9 verhalen gevonden", "fictief voorbeeld", "Lees",
                                                     "Bewaar als verhaalset"]),
    ("patronen", "/patronen?gemeente=GM0547&vraag=richting", 1800,
     ["Waar richtte de ondersteuner zich op?", "Meer van dit soort verhalen", "Twee groepen naast elkaar"]),
    ("sessies", "/sessies?gemeente=GM0547", 2200, ["Interpretatiesessie", "2. Steekproef", "Wat we hebben geleerd"]),
    ("netwerklunch", "/netwerklunch?gemeente=GM0547&gebied=WK054700&dia=2", 1000,
     ["Ervaren gezondheid goed", "Dia 2 van", "Volgende"]),
    ("tellen_vertellen", "/tellen_vertellen?gemeente=GM0547&wijk=WK054700&indicator=ggd_eenzaam", 1400,
     ["Eenzaam in Wijk 00", "Verhalen bij dit thema", "Thema: Samen leven in buurten en wijken"]),
]


@pytest.mark.parametrize("name, path, height, expected", PAGES, ids=[p[0] for p in PAGES])
def test_page_in_chromium(app_server, artifacts, name, path, height, expected):
    with browser_page(height=height) as page:
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(app_server + path)
        wait_for_app(page, expected)
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        body = page.inner_text("body")
        lang = page.evaluate("document.documentElement.lang")
    for text in expected:
        assert text in body, f"{text!r} not visible on {name}; the page shows:\n{body[:1500]}"
    assert "Traceback" not in body and "Page not found" not in body
    assert lang == "nl"
    outside = [u for u in requests if not u.startswith(app_server) and not u.startswith(("data:", "blob:"))]
    assert outside == [], f"the page fetched from outside: {outside[:5]}"
    assert (artifacts / f"{name}.png").stat().st_size > 20_000


def test_map_click_opens_the_wijkfoto(app_server):
    with browser_page(height=1100) as page:
        page.goto(app_server + "/?gemeente=GM0547&indicator=ggd_eenzaam")
        wait_for_app(page, ["Eenzaam per wijk"])
        canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
        box = canvas.bounding_box()
        middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tooltip = hover_tooltip(page, *middle)
        assert tooltip.startswith("Wijk 0") and "Eenzaam: " in tooltip and "," in tooltip  # Dutch decimal
        page.mouse.click(*middle)
        page.wait_for_url(re.compile(r"/wijkfoto(\?|$)"), timeout=90_000)
        wait_for_app(page, ["Wijkfoto Wijk 0"])
        title = page.locator("h1").first.inner_text()
        url = page.url
    assert title.startswith("Wijkfoto Wijk 0")
    assert "/wijkfoto" in url and "wijk=WK0547" in url


def test_shared_link_to_a_page_works_as_first_request_after_start(fixture_store, fixture_verhalen, artifacts):
    """With a pages/ folder Streamlit would run pages/bronnen.py without the frame; it must not."""
    with serve(fixture_store, fixture_verhalen) as url, browser_page() as page:
        page.goto(url + "/bronnen")
        wait_for_app(page, ["Alle cijfers in deze app zijn echte, gepubliceerde cijfers", "Gemeente"])
        body = page.inner_text("body")
    assert "Alle cijfers in deze app zijn echte, gepubliceerde cijfers" in body
    assert "Gemeente" in body            # the frame's sidebar is there
    assert "common" not in body          # no automatic list of pages/ files
    assert "Page not found" not in body
    assert "nan" not in body.split()
