"""Headless Debian Chromium driven by Playwright, with the flags this offline machine needs.

Also a small command for looking at pages by hand:
    .venv/bin/python -m tests.browser http://localhost:8501/bronnen /tmp/bronnen.png
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(store: Path, verhalen: Path, start_timeout_s: float = 120, **env_extra):
    """The real app served as scripts/app.sh serves it (`python -m core serve`) on a free loopback port,
    with a werkbestand of its own (unless env_extra names TV_WERK). Yields (url, pid, ms until it answered its
    health check); stops it after. When it does not start, the error holds the end of what the server printed."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as werkmap, tempfile.TemporaryFile() as log:
        env = dict(os.environ, TV_STORE=str(store), TV_VERHALEN=str(verhalen),
                   TV_WERK=str(Path(werkmap) / "werk.duckdb"))
        env.update(env_extra)
        proc = subprocess.Popen(
            [sys.executable, "-m", "core", "serve", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        url = f"http://127.0.0.1:{port}"
        start = time.perf_counter()
        try:
            deadline = time.monotonic() + start_timeout_s
            while True:
                try:
                    if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        log.seek(0)
                        raise RuntimeError("streamlit did not start: " + log.read().decode()[-2000:]) from None
                    time.sleep(0.2)
            yield url, proc.pid, (time.perf_counter() - start) * 1000
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


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


# Streamlit marks its root with the state of the script run ("initial" before the first run has
# started, "running", "notRunning", ...) and of the connection; Streamlit's own e2e tests wait on these.
APP_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""

# charts draw after the script has finished: every Vega chart needs its canvas or svg, every map its canvas,
# every sparkline of a metric (st.metric chart_data, a small Vega chart) its canvas or svg
CHARTS_DRAWN = """() => {
    const drawn = (sel, inner) =>
        Array.from(document.querySelectorAll(sel)).every(c => c.querySelector(inner));
    return drawn('[data-testid="stVegaLiteChart"]', 'canvas, svg')
        && drawn('[data-testid="stDeckGlJsonChart"]', 'canvas')
        && drawn('[data-testid="stMetricChart"]', 'canvas, svg');
}"""

# an exception shown by the app ends the wait too: those texts will not come, the test's checks report it
EXCEPTION = '[data-testid="stException"]'
TEXTS_SHOWN = f"""texts => texts.every(t => document.body.innerText.includes(t))
    || !!document.querySelector('{EXCEPTION}')"""


def wait_for_app(page, expected=(), timeout_ms: int = 90_000) -> None:
    """Wait until the app shows what a test checks: never a fixed sleep.

    A title (h1/h2) or an exception, the script run finished (root says notRunning, no running widget,
    no skeletons), every text in `expected` in the page, and every chart drawn. A wait costs nothing
    when the thing is already there, so the timeouts are generous for a busy machine. A text that never
    comes does not raise here: the wait ends at the timeout and the caller's assertion names the text.
    """
    page.wait_for_selector(f"h1, h2, {EXCEPTION}", timeout=timeout_ms)
    page.wait_for_function(APP_IDLE, timeout=timeout_ms)
    if expected:
        try:
            page.wait_for_function(TEXTS_SHOWN, arg=list(expected), timeout=timeout_ms)
        except PlaywrightTimeoutError:
            pass  # the caller's assertion on the body text reports which text is missing
        # the texts may have come with a new run (e.g. after a rerun): wait for that run to finish too
        page.wait_for_function(APP_IDLE, timeout=timeout_ms)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)


TOOLTIP_SHOWN = """() => {
    const tip = document.querySelector('.deck-tooltip');
    return !!tip && getComputedStyle(tip).display !== 'none' && tip.innerText.trim().length > 0;
}"""


def hover_tooltip(page, x: float, y: float, timeout_ms: int = 90_000, attempt_ms: int = 3_000) -> str:
    """Hover a deck.gl map at (x, y) and return its tooltip's text as soon as the tooltip shows.

    deck.gl picks only on a pointer move: a move made before the layer was drawn shows nothing, ever.
    So move again (a pixel aside) until the tooltip shows; each attempt waits for the tooltip itself.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    attempt = 0
    while True:
        page.mouse.move(x + attempt % 2, y)
        try:
            page.wait_for_function(TOOLTIP_SHOWN, timeout=attempt_ms)
            return page.locator(".deck-tooltip").first.inner_text()
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise
        attempt += 1


def screenshot(url: str, path: str, full_page: bool = True, height: int = 1000, expected=()) -> str:
    """Streamlit scrolls inside its own container, so a tall page needs a tall viewport."""
    with browser_page(height=height) as page:
        page.goto(url)
        wait_for_app(page, expected)
        page.screenshot(path=path, full_page=full_page)
        return page.inner_text("body")


if __name__ == "__main__":
    print(screenshot(sys.argv[1], sys.argv[2], height=int(sys.argv[3]) if len(sys.argv) > 3 else 1000)[:2000])
