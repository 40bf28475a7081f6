"""The page table of one scale for `python -m bench`: figure pages (demo scale), story pages, switching
gemeente, the wijkfoto documents (bench/paginas.py), and every page in Chromium with the server's memory
(bench/browser.py), printed as one table (bench/tabel.py).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from bench import paginas
from bench.tabel import Rij, tabel

# a large gemeente, the largest two (Amsterdam's wijken changed after 2020: no GGD wijk figures), a small one
GEMEENTEN = [("GM0546", "Leiden"), ("GM0363", "Amsterdam"), ("GM0344", "Utrecht"), ("GM0547", "Leiderdorp")]
VERHAAL_GEMEENTE = "GM0546"   # the demo and generated stories are from Leiden and Leiderdorp
# Every page in Chromium: (title as in the table, url path and query)
BROWSERPAGINAS = [
    ("Overzicht", "overzicht?gemeente=GM0546"), ("Wijkfoto", "wijkfoto?gemeente=GM0546"),
    ("Indicatoren", "indicatoren?gemeente=GM0546"), ("Doelen", "doelen?gemeente=GM0547"),
    ("Wijken in cijfers", "wijken?gemeente=GM0546"), ("Verhalen", "verhalen?gemeente=GM0546"),
    ("Patronen", "patronen?gemeente=GM0546"), ("Tellen & vertellen", "tellen_vertellen?gemeente=GM0546"),
    ("Interpretatiesessie", "sessies?gemeente=GM0546"), ("Netwerklunch", "netwerklunch?gemeente=GM0546"),
    ("Bronnen", "bronnen?gemeente=GM0546"),
]
_te_traag_pagina: dict[str, int] = {}   # page -> the scale at which its rerun took longer than TRAAG_MS


def _verhaalpagina(pagina: paginas.Pagina, n: int) -> Rij:
    """A story page at scale n, unless it was already far too slow (or did not finish) at a smaller one."""
    if pagina.naam in _te_traag_pagina:
        return Rij(f"{pagina.naam} ({pagina.wijziging})", None, pagina.budget, opmerking=(
            f"bij {_te_traag_pagina[pagina.naam]:,} verhalen al boven {paginas.TRAAG_MS / 1000:g} s"
            .replace(",", ".")))
    rij = paginas.meet(pagina, VERHAAL_GEMEENTE)
    if rij.waarde is None or rij.waarde > paginas.TRAAG_MS:
        _te_traag_pagina[pagina.naam] = n
    return rij


def _cijferpaginas() -> list:
    """Every figure page for a big, the biggest and a small gemeente, switching gemeente, the documents."""
    rijen: list = ["gemeente wisselen (AppTest, elke keer een andere gemeente)"]
    rijen += [paginas.meet(p, "GM0546") for p in paginas.GEMEENTE_WISSELEN]
    rijen.append("cijferpagina's (AppTest: mediaan van 5 reruns, elk na één wijziging)")
    for code, naam in GEMEENTEN:
        rijen += [paginas.meet(p, code, naam) for p in paginas.FIGUURPAGINAS]
    rijen += [paginas.meet(paginas.DOELEN, "GM0547", "Leiderdorp"), paginas.meet(paginas.BRONNEN, None)]
    rijen.append("wijkfoto voor de raad (eerste aanvraag per wijk)")
    rijen += paginas.documenten(_documentwijken())
    return rijen


def _documentwijken() -> list[tuple[str, str]]:
    from core import cached
    utrecht = cached.wijken("GM0344", cached.current_build()).head(1)  # its first wijk, if the store has it
    return [("WK054603", "Leiden-Noord"), *zip(utrecht["code"], "Utrecht, " + utrecht["naam"]),
            ("WK054701", "Leiderdorp, Wijk 01")]


def paginatabel(store: Path, verhalen: Path, n: int | None, apptest: bool = True, browser: bool = True) -> None:
    """Print the page table of one scale: n generated stories, or None for the demo stories."""
    schaal = "demoverhalen" if n is None else f"{n:,} verhalen".replace(",", ".")
    rijen: list = []
    if apptest:
        with tempfile.TemporaryDirectory() as werkmap, paginas.omgeving(store, verhalen, Path(werkmap) / "werk.duckdb"):
            if n is None:
                rijen += _cijferpaginas()
            else:
                rijen.append("cijferpagina's met verhalen (AppTest)")
                rijen += [paginas.meet(p, VERHAAL_GEMEENTE, "Leiden") for p in paginas.FIGUURPAGINAS
                          if p.naam in ("Wijkfoto", "Wijken in cijfers")]
            rijen.append("verhaalpagina's (AppTest: mediaan van 5 reruns, elk na één wijziging)")
            rijen += [_verhaalpagina(p, n or 0) for p in paginas.VERHAALPAGINAS]
    if browser:
        rijen += _browser(store, verhalen, rijen)
    print()
    print(tabel(f"pagina's met {schaal} (ms; vloer = dezelfde core-aanroepen zonder cache)", rijen))


def _browser(store: Path, verhalen: Path, rijen: list) -> list:
    """Every page in Chromium, except a story page that was far too slow in AppTest at this scale."""
    from bench.browser import chromium
    te_traag = {r.naam.split(" (")[0] for r in rijen if isinstance(r, Rij) and r.budget == paginas.VERHAAL_BUDGET_MS
                and (r.waarde is None or r.waarde > paginas.TRAAG_MS)}
    open_ = [(t, pad) for t, pad in BROWSERPAGINAS if t not in te_traag]
    uit: list = ["in Chromium (tot de app klaar is met rekenen en de grafieken staan)"]
    try:
        uit += chromium(store, verhalen, open_, {})
    except Exception as e:  # no browser, or the server did not start: say so and go on
        uit.append(Rij("Chromium", None, None, opmerking=str(e).splitlines()[0][:100]))
    uit += [Rij(f"{t} (browser)", None, None, opmerking=f"in AppTest al boven {paginas.TRAAG_MS / 1000:g} s")
            for t, _ in BROWSERPAGINAS if t in te_traag]
    return uit
