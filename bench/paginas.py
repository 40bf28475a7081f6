"""Page timings for `python -m bench`: every page rerun in AppTest after one widget change, median of 5,
beside the page's raw-query floor.

Each change picks a value not chosen before in this process (another wijk, indicator, question, search
word), so the caches of the changed value are cold, as for a user who picks it. Pages without a widget
of their own (Doelen, Bronnen, Wijken in cijfers) are rerun with an emptied data cache instead.

The floor (bench/opname.py): the calls into core.cached that reached a store during a rerun, made
again directly on the connection without any cache. Page time and floor are each the median of the 5
reruns; their ratio shows what the page adds on top of its queries (Streamlit, Altair, pandas).
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.opname import Opname
from bench.tabel import Rij, cellen
from core import cached
from core.settings import ROOT

HERHAAL = 5
FIGUUR_BUDGET_MS, FIGUUR_FACTOR = 300, 2   # figure pages: 300 ms and at most 2x their floor
VERHAAL_BUDGET_MS = 500                     # story pages, with 1,000,000 stories
GEMEENTE_BUDGET_MS = 1000                   # switching gemeente
TRAAG_MS = 20_000          # a rerun slower than this is not repeated (it is far over budget)
TIMEOUT_S = 300            # one AppTest run; a page that takes longer is reported as such
ZOEKWOORDEN = ("eenzaam", "buurthuis", "mantelzorger", "hulp", "kinderen", "wijk", "gemeente")
SESSIEWOORDEN = ("buurt", "school", "zorg", "geld", "huis")   # other words: the search caches are cold
# --- the changes ---------------------------------------------------------------------------------
# A change is a function (at, i, gebruikt) that sets one widget of the AppTest `at` for the i-th rerun;
# `gebruikt` remembers what was chosen before in this measurement.


def kies(*keys: str, verspreid: bool = False) -> Callable:
    """A select box to a value not chosen before: the first key's options, then the next key's.
    `verspreid` picks options spread over the list (gemeenten from all over the country)."""
    def stap(at, i, gebruikt):
        for key in keys:
            box = at.selectbox(key=key)
            n = len(box.options)
            gezien = gebruikt.setdefault(key, {box.index})
            volgorde = [(box.index + (j + 1) * max(1, n // 7)) % n for j in range(6)] if verspreid else []
            vrij = [j for j in [*volgorde, *range(n)] if j not in gezien]
            if vrij:
                gezien.add(vrij[0])
                _kies_index(box, vrij[0])
                return
        box = at.selectbox(key=keys[0])  # every value chosen once: go round again (warm caches now)
        _kies_index(box, (box.index + 1) % len(box.options))
    return stap


def _kies_index(box, j: int) -> None:
    """Select option j. AppTest's select_index passes the label through format_func again, which a
    `names.get` format_func turns into None; for those, pass the dict key whose name is that label."""
    namen = getattr(box.format_func, "__self__", None)
    if isinstance(namen, dict):
        box.set_value(next(k for k, v in namen.items() if str(v) == box.options[j]))
    else:
        box.select_index(j)


def typ(key: str, woorden=ZOEKWOORDEN[1:]) -> Callable:
    def stap(at, i, gebruikt):
        at.text_input(key=key).input(woorden[i % len(woorden)])
    return stap


def wijken_kiezen(key: str) -> Callable:
    """A multiselect of wijken to one other wijk of the chosen gemeente."""
    def stap(at, i, gebruikt):
        codes = list(cached.wijken(at.session_state["gemeente"], cached.current_build())["code"])
        keuze = codes[(i + 1) % len(codes)]
        at.multiselect(key=key).set_value([keuze])
    return stap


def knop(label: str) -> Callable:
    def stap(at, i, gebruikt):
        next(b for b in at.button if b.label == label).click()
    return stap


def cache_leeg(at, i, gebruikt) -> None:
    """No widget of its own: rerun with an emptied data cache (as after a new build or import)."""
    st.cache_data.clear()


@dataclass(frozen=True)
class Pagina:
    naam: str
    script: str
    wijziging: str            # the change, in words
    stap: Callable
    budget: float
    factor: float | None = None
    params: dict = field(default_factory=dict)
    voorbereiding: Callable | None = None   # a change made once before the timed reruns


def _typ_eerste(key: str) -> Callable:
    return lambda at, i, gebruikt: at.text_input(key=key).input(ZOEKWOORDEN[0])


FIGUURPAGINAS = [
    Pagina("Wijkfoto", "pages/wijkfoto.py", "wijk, dan jaar", kies("wijkfoto.wijk", "wijkfoto.jaar"),
           FIGUUR_BUDGET_MS, FIGUUR_FACTOR),
    Pagina("Overzicht", "pages/overzicht.py", "indicator", kies("overzicht.indicator"),
           FIGUUR_BUDGET_MS, FIGUUR_FACTOR),
    Pagina("Indicatoren", "pages/indicatoren.py", "wijk", wijken_kiezen("indicatoren.wijken_trend"),
           FIGUUR_BUDGET_MS, FIGUUR_FACTOR),
    Pagina("Wijken in cijfers", "pages/wijken.py", "cache leeg", cache_leeg, FIGUUR_BUDGET_MS, FIGUUR_FACTOR),
]
DOELEN = Pagina("Doelen", "pages/doelen.py", "cache leeg", cache_leeg, FIGUUR_BUDGET_MS, FIGUUR_FACTOR)
BRONNEN = Pagina("Bronnen", "pages/bronnen.py", "cache leeg", cache_leeg, FIGUUR_BUDGET_MS, FIGUUR_FACTOR)

VERHAALPAGINAS = [
    Pagina("Verhalen", "pages/verhalen.py", "zoekwoord", typ("verhalen.vf.tekst"), VERHAAL_BUDGET_MS,
           voorbereiding=_typ_eerste("verhalen.vf.tekst")),
    Pagina("Patronen", "pages/patronen.py", "vraag", kies("patronen.vraag"), VERHAAL_BUDGET_MS),
    Pagina("Tellen & vertellen", "pages/tellen_vertellen.py", "wijk, dan indicator", kies("tv.wijk", "tv.indicator"),
           VERHAAL_BUDGET_MS),
    Pagina("Interpretatiesessie", "pages/sessies.py", "zoekwoord in het filter", typ("sessies.vf.tekst", SESSIEWOORDEN),
           VERHAAL_BUDGET_MS),
    Pagina("Netwerklunch", "pages/netwerklunch.py", "volgende dia", knop("Volgende"), VERHAAL_BUDGET_MS),
]

GEMEENTE_WISSELEN = [
    Pagina("Gemeente wisselen (Overzicht)", "pages/overzicht.py", "gemeente", kies("sidebar.gemeente", verspreid=True),
           GEMEENTE_BUDGET_MS),
    Pagina("Gemeente wisselen (Wijkfoto)", "pages/wijkfoto.py", "gemeente", kies("sidebar.gemeente", verspreid=True),
           GEMEENTE_BUDGET_MS),
]


# --- measuring -----------------------------------------------------------------------------------


@contextmanager
def omgeving(store, verhalen, werk):
    """The app's settings for AppTest runs in this process: the bench's stores, a fresh werkbestand."""
    nieuw = {"TV_STORE": str(store), "TV_VERHALEN": str(verhalen), "TV_WERK": str(werk)}
    oud = {k: os.environ.get(k) for k in nieuw}
    os.environ.update(nieuw)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)
        for k, v in oud.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _open(pagina: Pagina, gemeente: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params.update(gemeente=gemeente, **pagina.params)
    at.run()
    if pagina.script != "pages/overzicht.py":
        at.switch_page(pagina.script)
        at.query_params.update(gemeente=gemeente, **pagina.params)
        at.run()
    if pagina.voorbereiding:
        pagina.voorbereiding(at, -1, {})
        at.run()
    _geen_fout(at)
    return at


def _geen_fout(at: AppTest) -> None:
    if at.exception:
        raise RuntimeError(f"de pagina gaf een fout: {at.exception[0].message}")


def _wijzig(pagina: Pagina, at: AppTest, i: int, gebruikt: dict) -> None:
    """Make the i-th change; a widget that is not there is reported with what the page says instead."""
    try:
        pagina.stap(at, i, gebruikt)
    except (KeyError, StopIteration) as e:
        melding = next((m.value for m in [*at.warning, *at.info]), "")
        raise RuntimeError(f"geen widget {e}{f'; de pagina zegt: {melding}' if melding else ''}") from e


@dataclass(frozen=True)
class Reruns:
    tijden: list        # ms per rerun
    vloeren: list       # ms per rerun: its store calls made again without cache
    aanroepen: list     # per rerun: how many calls into core.cached reached a store


def reruns(pagina: Pagina, gemeente: str, herhaal: int = HERHAAL) -> Reruns:
    """Open the page, then `herhaal` times: one change, one timed rerun; then replay each rerun's calls."""
    opname = Opname()
    with opname.geinstalleerd():
        at = _open(pagina, gemeente)
        tijden, opnames, gebruikt = [], [], {}
        for i in range(herhaal):
            _wijzig(pagina, at, i, gebruikt)
            with opname.neem_op() as calls:
                start = time.perf_counter()
                at.run()
                tijden.append((time.perf_counter() - start) * 1000)
            _geen_fout(at)
            opnames.append(calls)
            if tijden[-1] > TRAAG_MS:
                break
        return Reruns(tijden, [opname.herhaal(c) for c in opnames], [len(c) for c in opnames])


def meet(pagina: Pagina, gemeente: str | None, label: str | None = None, herhaal: int = HERHAAL) -> Rij:
    """One row of the table: the page's median rerun beside its median floor, or why it was not measured."""
    naam = f"{pagina.naam}{f' {label}' if label else ''} ({pagina.wijziging})"
    try:
        r = reruns(pagina, gemeente or "GM0546", herhaal)
    except Exception as e:  # the bench reports and goes on: a broken or slow page is a result too
        return voortgang(Rij(naam, None, pagina.budget, factor=pagina.factor, opmerking=_kort(e)))
    opmerking = f"1 run, boven {TRAAG_MS / 1000:g} s" if len(r.tijden) < herhaal else ""
    return voortgang(Rij(naam, statistics.median(r.tijden), pagina.budget, vloer=statistics.median(r.vloeren),
                         factor=pagina.factor, opmerking=opmerking))


def voortgang(rij: Rij) -> Rij:
    """Each row on stderr as soon as it is measured: a long run can be followed while it goes."""
    print(f"bench: {' | '.join(cellen(rij))}", file=sys.stderr, flush=True)
    return rij


def _kort(e: Exception) -> str:
    tekst = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if "timed out" in tekst.lower():
        return f"langer dan {TIMEOUT_S} s"
    return tekst if len(tekst) <= 90 else tekst[:89] + "…"


# --- the wijkfoto for the council ----------------------------------------------------------------

DOCUMENT_BUDGET_MS = 2000


def documenten(wijken: list[tuple[str, str]]) -> list[Rij]:
    """The wijkfoto as PDF and as PowerPoint, first request per wijk ((code, name) pairs): the wijkfoto
    itself is made first, as the page did, then `cached.wijkfoto_document` is timed once per kind."""
    rijen = []
    for wijk, naam in wijken:
        try:
            build = cached.current_build()
            jaren = cached.wijkfoto_jaren(wijk, build) or [2020]
            jaar = 2020 if 2020 in jaren else jaren[-1]
            cached.wijkfoto(wijk, jaar, cached.mode().value, cached.settings().min_groep, build)
        except Exception as e:
            rijen.append(Rij(f"wijkfoto {naam}", None, DOCUMENT_BUDGET_MS, opmerking=_kort(e)))
            continue
        for soort, label in (("pdf", "PDF"), ("pptx", "PowerPoint")):
            try:
                start = time.perf_counter()
                cached.wijkfoto_document(wijk, jaar, soort, build)
                rijen.append(voortgang(Rij(f"wijkfoto {naam} {jaar} als {label}",
                                           (time.perf_counter() - start) * 1000, DOCUMENT_BUDGET_MS)))
            except Exception as e:
                rijen.append(Rij(f"wijkfoto {naam} als {label}", None, DOCUMENT_BUDGET_MS, opmerking=_kort(e)))
    return rijen
