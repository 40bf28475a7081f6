"""The bench's page table on the fixture stores: rows carry a median, a floor, a ratio and a verdict.
Never an assertion on time: speed is only printed by `python -m bench`."""
import pytest
import streamlit as st
from streamlit.runtime.caching.cache_utils import CachedFunc

from bench import paginas
from bench.opname import Opname
from bench.tabel import KOPPEN, Rij, tabel
from core import cached


@pytest.fixture()
def bench_env(fixture_store, fixture_verhalen, tmp_path):
    with paginas.omgeving(fixture_store, fixture_verhalen, tmp_path / "werk.duckdb"):
        yield


def test_a_figure_page_row_has_median_floor_ratio_and_verdict(bench_env):
    rij = paginas.meet(paginas.FIGUURPAGINAS[1], "GM0547", "Leiderdorp")  # Overzicht, indicator changed
    assert rij.naam == "Overzicht Leiderdorp (indicator)"
    assert rij.opmerking == ""
    assert rij.waarde > 0 and rij.vloer > 0
    assert rij.verhouding == pytest.approx(rij.waarde / rij.vloer)
    assert rij.oordeel in ("gehaald", "niet gehaald")
    assert (rij.budget, rij.factor) == (300, 2)


def test_a_story_page_rerun_replays_the_store_calls_it_made(bench_env):
    r = paginas.reruns(paginas.VERHAALPAGINAS[0], "GM0546", herhaal=2)  # Verhalen, a search word typed
    assert len(r.tijden) == len(r.vloeren) == len(r.aanroepen) == 2
    assert all(n >= 2 for n in r.aanroepen)  # at least the data version and the search for the new word
    assert all(v > 0 for v in r.vloeren)


def test_the_floor_is_the_calls_that_reached_the_store_made_again_without_cache(bench_env):
    opname = Opname()
    with opname.geinstalleerd():
        st.cache_data.clear()
        build = cached.current_build()
        cached.wijken("GM0547", build)
        with opname.neem_op() as calls:
            cached.wijken("GM0547", build)                 # served from the cache: not part of the floor
            cached.indicator_options("GM0547", build)      # computed: part of the floor
        assert [f.__name__ for f, _, _ in calls] == ["indicator_options"]
        voor = opname.cursors
        opname.herhaal(calls)
        assert opname.cursors == voor + 1                  # made again on a cursor, not taken from the cache
    assert isinstance(cached.wijken, CachedFunc) and not hasattr(cached.cursor, "__wrapped__")  # as it was


def test_a_page_that_breaks_is_reported_not_raised(bench_env):
    kapot = paginas.Pagina("Kapot", "pages/wijkfoto.py", "wijk", paginas.kies("bestaat.niet"), 300, 2)
    rij = paginas.meet(kapot, "GM0547")
    assert rij.waarde is None and rij.oordeel == "niet gemeten" and "'bestaat.niet'" in rij.opmerking


def test_every_change_picks_a_value_not_chosen_before(bench_env):
    wijkfoto = paginas.FIGUURPAGINAS[0]  # the wijk first, then the year
    at = paginas._open(wijkfoto, "GM0547")

    def keuze():
        return at.selectbox(key="wijkfoto.wijk").value, at.selectbox(key="wijkfoto.jaar").value

    gezien, gebruikt = [keuze()], {}
    for i in range(4):
        wijkfoto.stap(at, i, gebruikt)
        at.run()
        gezien.append(keuze())
    assert len(set(gezien)) == 5, gezien
    assert [w for w, _ in gezien[:3]] == ["WK054700", "WK054701", "WK054702"]


def test_verdict_needs_both_the_budget_and_the_ratio():
    assert Rij("a", 250, 300, vloer=200, factor=2).oordeel == "gehaald"
    assert Rij("a", 250, 300, vloer=100, factor=2).oordeel == "niet gehaald"   # 2.5x its floor
    assert Rij("a", 350, 300, vloer=300, factor=2).oordeel == "niet gehaald"   # over 300 ms
    assert Rij("a", 350, 500).oordeel == "gehaald"


def test_the_table_prints_every_column_in_dutch():
    uit = tabel("pagina's", ["verhaalpagina's", Rij("Verhalen (zoekwoord)", 1234.5, 500, vloer=617.25),
                             Rij("Patronen (vraag)", None, 500, opmerking="langer dan 300 s")]).splitlines()
    assert uit[1].split() == list(KOPPEN)
    assert uit[3] == "  verhaalpagina's"
    assert uit[4].split() == ["Verhalen", "(zoekwoord)", "1.234", "ms", "617", "ms", "2,0x", "500", "ms",
                              "niet", "gehaald"]
    assert uit[5].split()[-5:] == ["gemeten", "(langer", "dan", "300", "s)"]
