"""Benchmarks of the build, the queries and every page, each beside its budget.

`python -m bench` prints the time and size of a full build and of representative queries, and a table
of every page with the demo stories (bench/paginatabel.py): AppTest reruns after one widget change
(median of 5) beside the page's raw-query floor, switching gemeente, the wijkfoto as PDF and
PowerPoint, and each page opened in headless Chromium with the server's memory afterwards.
`python -m bench --stories 10000,100000,1000000` also imports that many fictional stories per scale and
prints import time and peak memory, search, filter and pattern latency, and the page table of that
scale, each beside its budget.

It builds into a temporary folder from the shipped data/ (full-NL GGD parquet included), never writes
into data/, and asserts nothing: figures are printed beside their budgets with "gehaald"/"niet gehaald".
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.paginatabel import paginatabel
from core.settings import ROOT
from core.store import verhalen as verhaalopslag
from core.store.build import DataLayout, build_store
from core.store.db import connect_readonly
from core.tellen import figures, queries
from core.tellen import wijkfoto as wf
from core.vertellen import patterns, search, stories
from core.vertellen.consent import Zichtbaarheid

REPEAT = 20


def timed(func, repeat: int = REPEAT) -> tuple[float, float]:
    """(median, max) wall time in milliseconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


QUERIES = {
    "gemeenten (picker)": lambda c: queries.gemeenten(c),
    "wijk_overzicht Leiden": lambda c: queries.wijk_overzicht(c, "GM0546", Zichtbaarheid.INTERN),
    "wijk_overzicht Utrecht": lambda c: queries.wijk_overzicht(c, "GM0344", Zichtbaarheid.INTERN),
    "story counts Leiden": lambda c: stories.counts_per_wijk(c, "GM0546", Zichtbaarheid.INTERN),
    "eenzaam 18+ 2020, all 3 177 wijken NL": lambda c: c.execute(
        "SELECT regio, waarde FROM waarden WHERE indicator = 'ggd_eenzaam' AND jaar = 2020 "
        "AND leeftijdsgroep = '18 jaar of ouder' AND regio LIKE 'WK%'").df(),
    "bronnen page": lambda c: queries.bronnen(c),
    "wijkfoto Leiden-Noord 2020": lambda c: wf.wijkfoto(c, "WK054603", 2020, Zichtbaarheid.INTERN, 5),
    "trend eenzaam, 3 wijken + gemeente + NL": lambda c: figures.trend(
        c, ["WK054600", "WK054601", "WK054603", "GM0546", "NL01"], "ggd_eenzaam", "18 jaar of ouder"),
    "search 'eenzaam' (index cached)": lambda c: search.search(c, "eenzaam", Zichtbaarheid.INTERN),
    "story_page Leiden + slider": lambda c: stories.story_page(
        c, stories.VerhaalFilter(gemeente="GM0546", sliders={"ervaring": (60, 100)}), Zichtbaarheid.INTERN),
    "triad patterns Leiden": lambda c: patterns.patterns_for(
        c, "richting", stories.VerhaalFilter(gemeente="GM0546"), Zichtbaarheid.INTERN, 5),
}


def _figures(store: Path, verhalen: Path) -> None:
    with connect_readonly(store, verhalen) as conn:
        rows = conn.execute("SELECT count(*) FROM waarden").fetchone()[0]
        print(f"figure rows: {rows:,}".replace(",", "."))
        print(f"queries (median / max of {REPEAT} runs, ms):")
        for name, query in QUERIES.items():
            median, worst = timed(lambda: query(conn))
            print(f"  {name:<40} {median:8.1f} {worst:8.1f}")


# Budgets of the story store issue, on a 2-core machine. Import: seconds per scale; memory: MB.
IMPORT_BUDGET_S = {100_000: 15, 1_000_000: 150}
MEMORY_BUDGET_MB = 1500
INDEX_BUDGET_S = {100_000: 30}  # updating the search index after an import of this many stories
EXTRA = 100_000                 # on top of the largest scale: one more import, as a gemeente would add
SEARCH_BUDGET_MS = 150          # median, top 50 and the total, for common Dutch words
QUERY_BUDGET_MS = 500           # filter and pattern queries (the story pages' budget)
ZOEKWOORDEN = ("eenzaam", "buurthuis", "mantelzorger", "gemeente", "hulp", "kinderen", "wijk")


def verdict(value: float, budget: float | None) -> str:
    if budget is None:
        return "(geen budget)"
    return f"budget {budget:g}: " + ("gehaald" if value <= budget else "niet gehaald")


# The import runs in its own process, which writes its own peak memory (VmHWM of its memory map) to a
# file when it ends. rusage of a child is no good here: it also counts the pages of the bench process
# the child was started from, which holds a million stories by the last scale.
_CHILD = """
import runpy, sys
sys.argv = ["core", *sys.argv[2:]]
try:
    runpy.run_module("core", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status, open(PEAK, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM")).split()[1])
"""


def _timed_import(store: Path, verhalen: Path, csv_path: Path) -> tuple[float, float, int, str]:
    """(seconds, peak memory in MB, exit code, what it printed) of `python -m core import-stories` in its
    own process (the import and the search index update it does right after)."""
    peak = csv_path.with_suffix(".piek")
    cmd = [sys.executable, "-c", f"PEAK = {str(peak)!r}\n" + _CHILD, "--", "--store", str(store),
           "--verhalen", str(verhalen), "import-stories", str(csv_path),
           "--framework", str(DataLayout(ROOT / "data").kader)]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    memory = int(peak.read_text()) / 1024 if peak.exists() else float("nan")
    return seconds, memory, result.returncode, result.stdout


def _index_seconds(printed: str) -> float | None:
    """The time of "Zoekindex bijgewerkt (3.2 s)." in what the import printed."""
    found = re.search(r"Zoekindex bijgewerkt \(([0-9.]+) s\)", printed)
    return float(found.group(1)) if found else None


# A story query that took longer than this at a smaller scale is not run at a larger one: it grows
# faster than the number of stories (the issue "Every page within budget" is about that).
TE_TRAAG_MS = 10_000
_te_traag: dict[str, int] = {}


def _story_query(naam: str, n: int, func) -> None:
    if naam in _te_traag:
        print(f"  {naam:<23} niet gemeten: bij {_te_traag[naam]:,} verhalen al boven {TE_TRAAG_MS / 1000:g} s"
              .replace(",", "."))
        return
    ms = _median_ms(func)
    if ms > TE_TRAAG_MS:
        _te_traag[naam] = n
    print(f"  {naam:<23} {ms:8.1f} ms    {verdict(ms, QUERY_BUDGET_MS)}")


def _median_ms(func, repeat: int = 5, slow_ms: float = 5000) -> float:
    """Median of `repeat` runs; a first run slower than `slow_ms` is not repeated (it is far over budget)."""
    first = timed(func, 1)[0]
    return first if first > slow_ms else timed(func, repeat)[0]


def _story_scale(store: Path, tmp: Path, n: int) -> bool:
    """Import n stories and time the story queries; False when the import failed."""
    from bench.verhalen import write_stories
    csv_path = write_stories(tmp / f"verhalen_{n}.csv", n)
    verhalen = tmp / f"verhalen_{n}.duckdb"
    seconds, memory, code, printed = _timed_import(store, verhalen, csv_path)
    csv_path.unlink()
    print(f"{n:>9,} verhalen".replace(",", "."))
    if not _print_import(seconds, memory, code, printed, n):
        return False
    with connect_readonly(store, verhalen) as conn:
        zoek = statistics.median(_median_ms(lambda w=w: search.search(conn, w, Zichtbaarheid.INTERN))
                                 for w in ZOEKWOORDEN)
        print(f"  zoeken, mediaan         {zoek:8.1f} ms    {verdict(zoek, SEARCH_BUDGET_MS)}")
        f = stories.VerhaalFilter(gemeente="GM0546", sliders={"ervaring": (60, 100)})
        _story_query("filterpagina + totaal", n, lambda: stories.story_page(conn, f, Zichtbaarheid.INTERN))
        _story_query("patroon driehoek Leiden", n, lambda: patterns.patterns_for(
            conn, "richting", stories.VerhaalFilter(gemeente="GM0546"), Zichtbaarheid.INTERN, 5))
    return True


def _print_import(seconds: float, memory: float, code: int, printed: str, n: int) -> bool:
    if code != 0:
        print(f"  import mislukt (exit {code})")
        return False
    index = _index_seconds(printed)
    if index is not None:
        seconds -= index
        print(f"  zoekindex bijwerken     {index:8.1f} s     {verdict(index, INDEX_BUDGET_S.get(n))}")
    print(f"  import                  {seconds:8.1f} s     {verdict(seconds, IMPORT_BUDGET_S.get(n))}")
    print(f"  piekgeheugen import     {memory:8.0f} MB    {verdict(memory, MEMORY_BUDGET_MB)}")
    return True


def _extra_import(store: Path, tmp: Path, n: int) -> None:
    """One more import of EXTRA stories into the store of `n`: what adding a new project costs."""
    from bench.verhalen import write_stories
    csv_path = write_stories(tmp / "extra.csv", EXTRA, seed=2, prefix="X")
    result = _timed_import(store, tmp / f"verhalen_{n}.duckdb", csv_path)
    csv_path.unlink()
    print(f"  + {EXTRA:,} verhalen erbij".replace(",", "."))
    _print_import(*result, EXTRA)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--stories", help="aantallen fictieve verhalen, gescheiden door komma's, bv. 10000,100000")
    p.add_argument("--zonder-paginas", dest="paginas", action="store_false",
                   help="meet de pagina's niet in AppTest")
    p.add_argument("--zonder-browser", dest="browser", action="store_false",
                   help="open de pagina's niet in Chromium (ook geen geheugen van de server)")
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store, verhalen = Path(tmp) / "tellen.duckdb", Path(tmp) / "verhalen.duckdb"
        os.environ["TV_ZOEKINDEX"] = str(Path(tmp) / "zoekindex")  # the bench never writes into data/
        start = time.perf_counter()
        build_store(ROOT / "data", store)
        seconds = time.perf_counter() - start
        print(f"full build (data/, full-NL GGD included): {seconds:.1f} s, "
              f"{store.stat().st_size / 1e6:.1f} MB")
        layout = DataLayout(ROOT / "data")
        verhaalopslag.maak_met_demo(store, verhalen, layout.verhalen, layout.kader)
        _figures(store, verhalen)
        if args.paginas or args.browser:
            paginatabel(store, verhalen, None, args.paginas, args.browser)
        if args.stories:
            print("verhalen (fictief, gegenereerd in een tijdelijke map):")
            scales = [int(x) for x in args.stories.split(",")]
            for n in scales:
                if _story_scale(store, Path(tmp), n) and (args.paginas or args.browser):
                    paginatabel(store, Path(tmp) / f"verhalen_{n}.duckdb", n, args.paginas, args.browser)
            _extra_import(store, Path(tmp), max(scales))


if __name__ == "__main__":
    main()
