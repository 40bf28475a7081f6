"""What a person sees: the real app in headless Debian Chromium (Playwright, no downloaded browser).

Screenshots are written to test-artifacts/ so a person can open them.
"""
from tests.browser import browser_page, wait_for_app
from tests.conftest import serve


def test_first_page_in_chromium(app_server, artifacts):
    with browser_page() as page:
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(app_server)
        wait_for_app(page)
        page.screenshot(path=str(artifacts / "wijken.png"), full_page=True)
        body = page.inner_text("body")
    assert "Wijken van Leiden" in body
    assert "Binnenstad-Zuid" in body and "Stevenshofdistrict" in body
    assert "fictieve voorbeelden" in body
    assert "Wijkcijfers zijn modelschattingen" in body
    outside = [u for u in requests if not u.startswith(app_server) and not u.startswith("data:")]
    assert outside == [], f"the page fetched from outside: {outside[:5]}"
    assert (artifacts / "wijken.png").stat().st_size > 20_000


def test_shared_link_to_a_page_works_as_first_request_after_start(fixture_store, artifacts):
    """With a pages/ folder Streamlit would run pages/bronnen.py without the frame; it must not."""
    with serve(fixture_store) as url, browser_page() as page:
        page.goto(url + "/bronnen")
        wait_for_app(page)
        page.screenshot(path=str(artifacts / "bronnen.png"), full_page=True)
        body = page.inner_text("body")
    assert "Alle cijfers in deze app zijn echte, gepubliceerde cijfers" in body
    assert "Gemeente" in body            # the frame's sidebar is there
    assert "common" not in body          # no automatic list of pages/ files
    assert "Page not found" not in body
    assert "nan" not in body.split()
