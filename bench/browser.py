"""Chromium timings and server memory for `python -m bench`: a real server (`python -m core serve`, as
scripts/app.sh starts it; tests.browser.server) on the bench's stores; headless Debian Chromium
(tests/browser.py) opens the first page right after the server started, then every page once, each
timed until the app stops running and its charts are drawn; then the server's resident memory (VmRSS,
its child processes included) is read from /proc.
"""
from __future__ import annotations

import time
from pathlib import Path

from bench.tabel import Rij

EERSTE_BUDGET_MS = 3000      # first page after a server start
GEHEUGEN_BUDGET_MB = 800     # the server after every page was opened once
WACHT_MS = 300_000           # one page; a page that takes longer is reported as such


def _kinderen(pid: int) -> list[int]:
    kinderen = []
    for taak in Path(f"/proc/{pid}/task").glob("*/children"):
        kinderen += [int(p) for p in taak.read_text().split()]
    return kinderen


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (VmRSS from /proc/<pid>/status)."""
    totaal, open_ = 0, [pid]
    while open_:
        p = open_.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            open_ += _kinderen(p)
        except OSError:
            continue
        regel = next((r for r in status.splitlines() if r.startswith("VmRSS:")), None)
        totaal += int(regel.split()[1]) if regel else 0
    return totaal / 1024


def open_ms(page, url: str) -> float:
    """Milliseconds from navigating to `url` until the app stops running and its charts are drawn."""
    from tests.browser import wait_for_app
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    wait_for_app(page, timeout_ms=WACHT_MS)
    return (time.perf_counter() - start) * 1000


def _rij(naam: str, func, budget: float | None = None) -> Rij:
    from bench.paginas import voortgang
    try:
        return voortgang(Rij(naam, func(), budget))
    except Exception as e:  # a page that never stops running is a result too
        tekst = str(e).strip().splitlines()[0][:100] if str(e).strip() else type(e).__name__
        return voortgang(Rij(naam, None, budget, opmerking=tekst))


def chromium(store: Path, verhalen: Path, paginas: list[tuple[str, str]], budget_ms: dict) -> list[Rij]:
    """Rows: the first page after a server start, each page in `paginas` ((title, url path + query)), and
    the server's memory after all of them. `budget_ms` maps a title to its budget (none: no budget)."""
    from tests.browser import browser_page, server
    with server(store, verhalen) as (url, pid, start_ms), browser_page() as page:
        rijen = [Rij("server start (tot hij antwoordt)", start_ms, None),
                 _rij("eerste pagina na serverstart", lambda: open_ms(page, url + "/"), EERSTE_BUDGET_MS)]
        for titel, pad in paginas:
            rijen.append(_rij(f"{titel} (browser)", lambda pad=pad: open_ms(page, f"{url}/{pad}"),
                              budget_ms.get(titel)))
        rijen.append(Rij("geheugen server na alle pagina's", rss_mb(pid), GEHEUGEN_BUDGET_MB, eenheid="MB"))
    return rijen
