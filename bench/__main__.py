"""Benchmarks: `python -m bench` prints the time and size of a full build and of representative queries.

It builds into a temporary folder from the shipped data/ (full-NL GGD parquet included) and asserts
nothing: budgets come later.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from core.settings import ROOT
from core.store.build import build_store
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
    "filter_stories Leiden + slider": lambda c: stories.filter_stories(
        c, stories.VerhaalFilter(gemeente="GM0546", sliders={"ervaring": (60, 100)}), Zichtbaarheid.INTERN),
    "triad patterns Leiden": lambda c: patterns.patterns_for(
        c, "richting", stories.VerhaalFilter(gemeente="GM0546"), Zichtbaarheid.INTERN, 5),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "tellen.duckdb"
        start = time.perf_counter()
        build_store(ROOT / "data", store)
        seconds = time.perf_counter() - start
        print(f"full build (data/, full-NL GGD included): {seconds:.1f} s, "
              f"{store.stat().st_size / 1e6:.1f} MB")
        with duckdb.connect(str(store), read_only=True) as conn:
            rows = conn.execute("SELECT count(*) FROM waarden").fetchone()[0]
            print(f"figure rows: {rows:,}".replace(",", "."))
            print(f"queries (median / max of {REPEAT} runs, ms):")
            for name, query in QUERIES.items():
                median, worst = timed(lambda: query(conn))
                print(f"  {name:<40} {median:8.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
