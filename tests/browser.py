"""Headless Debian Chromium driven by Playwright, with the flags this offline machine needs.

Also a small command for looking at pages by hand:
    .venv/bin/python -m tests.browser http://localhost:8501/bronnen /tmp/bronnen.png
"""
from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def browser_page(width: int = 1400, height: int = 1000):
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": width, "height": height}, locale="nl-NL")
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def wait_for_app(page, timeout_ms: int = 30000) -> None:
    """Wait until Streamlit has finished running the script (no running indicator, a title shown)."""
    page.wait_for_selector("h1, h2", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    # charts draw after the script has finished: wait until every Vega chart has its canvas or svg
    page.wait_for_function("""() => {
        const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
        return Array.from(charts).every(c => c.querySelector('canvas, svg'));
    }""", timeout=timeout_ms)
    page.wait_for_timeout(1500)


def screenshot(url: str, path: str, full_page: bool = True, height: int = 1000) -> str:
    """Streamlit scrolls inside its own container, so a tall page needs a tall viewport."""
    with browser_page(height=height) as page:
        page.goto(url)
        wait_for_app(page)
        page.screenshot(path=path, full_page=full_page)
        return page.inner_text("body")


if __name__ == "__main__":
    print(screenshot(sys.argv[1], sys.argv[2], height=int(sys.argv[3]) if len(sys.argv) > 3 else 1000)[:2000])
