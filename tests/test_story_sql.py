"""The story pages in SQL: the zone and cell rules as SQL against the Python rules, paging with the total,
aggregates equal to the pandas patterns, consent on every page, and the session pool per stratum.

Runs on the fixture store (15 stories, see tests/test_story_filters.py for who is readable in which mode).
"""
import random
from collections import Counter

import duckdb
import numpy as np
import pandas as pd
import pytest

from core.samen import bewaard, sessions
from core.vertellen import patterns, search, stories, triade
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

NEE = {"V0016", "V0026", "V0034", "V0103"}
INTERN = {"V0005", "V0014", "V0020", "V0107"}
FILTERS = [VerhaalFilter(), VerhaalFilter(gemeente="GM0547"), VerhaalFilter(tekst="huis"),
           VerhaalFilter(sliders={"ervaring": (30, 90)}), VerhaalFilter(zones={"richting": "hoek: mijzelf"}),
           VerhaalFilter(keuzes={"ondersteuning": {"ja"}}, wijken=("WK054700", "WK054702"))]
SIGNIFIERS = ["ervaring", "geholpen", "ondersteuning", "opgave", "richting"]


@pytest.fixture(autouse=True)
def index_root(tmp_path, monkeypatch):
    monkeypatch.setenv("TV_ZOEKINDEX", str(tmp_path / "zoekindex"))
    search.clear_cache()
    yield
    search.clear_cache()


# --- the zone and heatmap-cell rules in SQL ---------------------------------------------------------

def _weights() -> np.ndarray:
    """Random answers, every point of a 1/20 and a 1/100 grid (every threshold and grid vertex is hit),
    ties, and weights that sum to 1 ± 0.01 as the store allows."""
    rng = np.random.default_rng(11)
    grid = [(i / n, j / n, 1 - i / n - j / n) for n in (20, 100) for i in range(n + 1) for j in range(n + 1 - i)]
    ties = [(1 / 3, 1 / 3, 1 / 3), (0.4, 0.4, 0.2), (0.5, 0.25, 0.25), (0.25, 0.25, 0.5), (0.6, 0.2, 0.2),
            (0.606, 0.202, 0.202), (0.47, 0.33, 0.2), (0.2, 0.33, 0.47), (0.19, 0.34, 0.47)]
    return np.vstack([rng.dirichlet([1, 1, 1], 20_000), rng.dirichlet([5, 5, 5], 5_000) * 1.01, grid, ties])


def test_zone_rule_in_sql_equals_the_python_rule():
    w = pd.DataFrame(_weights(), columns=["triade_a", "triade_b", "triade_c"])
    sql = f"SELECT {triade.zone_case_sql(*triade.normalised_sql('t'))} AS zone FROM w t"
    in_sql = duckdb.connect().execute(sql).df()["zone"]
    in_python = triade.zone_codes(w["triade_a"], w["triade_b"], w["triade_c"])
    assert list(in_sql) == list(in_python)
    assert set(in_sql) == set(triade.ZONE_CODES)


@pytest.mark.parametrize("deling", [4, 6, 10])
def test_heatmap_cell_in_sql_equals_the_python_rule(deling):
    w = pd.DataFrame(_weights(), columns=["triade_a", "triade_b", "triade_c"])
    i, j, l_ = triade.cell_sql(*triade.normalised_sql("t"), deling)
    cells = duckdb.connect().execute(f"SELECT {i} AS i, {j} AS j, {l_} AS l FROM w t").fetchall()
    a, b, c = triade.normalised(w["triade_a"], w["triade_b"], w["triade_c"])
    assert cells == [triade.cell_of(*p, deling) for p in zip(a, b, c)]


# --- paging ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", list(Zichtbaarheid))
@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_pages_cover_the_whole_list_in_order_with_the_total(conn, mode, f):
    whole = stories.filter_stories(conn, f, mode)
    pages = [stories.story_page(conn, f, mode, p, 2) for p in range(1, 9)]
    assert {p.totaal for p in pages} == {len(whole)}
    assert {p.paginas for p in pages} == {max(1, -(-len(whole) // 2))}
    shown = [vid for p in pages[:pages[0].paginas] for vid in p.verhalen["id"]]
    assert shown == list(whole["id"])
    assert all(len(p.verhalen) <= 2 and tuple(p.verhalen.columns) == stories.STORY_COLUMNS for p in pages)
    assert not set(shown) & NEE and (mode is Zichtbaarheid.INTERN or not set(shown) & INTERN)


def test_page_past_the_end_is_the_last_page(conn):
    last = stories.story_page(conn, VerhaalFilter(gemeente="GM0547"), Zichtbaarheid.INTERN, 99, 4)
    assert (last.totaal, last.paginas, last.pagina) == (9, 3, 3)
    assert len(last.verhalen) == 1


def test_list_order_newest_first_then_id(conn):
    rows = stories.filter_stories(conn, VerhaalFilter(), Zichtbaarheid.INTERN)
    keys = list(zip(-rows["jaar"], rows["id"]))
    assert keys == sorted(keys)
    page = stories.story_page(conn, VerhaalFilter(), Zichtbaarheid.INTERN, 2, 3).verhalen
    assert list(page["id"]) == list(rows["id"][3:6])


def test_search_order_best_score_first_and_duiding_per_page(conn):
    f = VerhaalFilter(tekst="huis")
    scores = search.search(conn, "huis", Zichtbaarheid.INTERN, limit=None).hits
    rows = stories.filter_stories(conn, f, Zichtbaarheid.INTERN)
    assert len(rows) == len(scores) >= 2
    jaar = dict(zip(rows["id"], rows["jaar"]))
    expected = sorted(scores.itertuples(), key=lambda h: (-h.score, -jaar[h.id], h.id))
    assert list(rows["id"]) == [h.id for h in expected]
    page = stories.story_page(conn, f, Zichtbaarheid.INTERN, 1, 1)
    assert page.zoekmethode == "fts" and page.totaal == len(rows)
    assert page.verhalen["duiding"].iloc[0] == rows["duiding"].iloc[0] != ""


def test_unordered_search_finds_the_same_hits(conn):
    ordered = search.search(conn, "huis", Zichtbaarheid.INTERN, limit=None).hits
    loose = search.search(conn, "huis", Zichtbaarheid.INTERN, limit=None, ordered=False).hits
    assert sorted(zip(loose["id"], loose["score"])) == sorted(zip(ordered["id"], ordered["score"]))


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_no_nee_story_in_any_page_pool_or_id_list(conn, mode):
    every = VerhaalFilter(verhalen=tuple(sorted(NEE | INTERN | {"V0001", "V0002"})))
    for f in [*FILTERS, every]:
        for p in range(1, 16):
            assert not set(stories.story_page(conn, f, mode, p, 1).verhalen["id"]) & NEE
        assert not set(stories.story_ids(conn, f, mode)) & NEE
        assert stories.story_page(conn, f, mode).totaal == len(stories.story_ids(conn, f, mode))
        assert not set(sessions.candidates(conn, f, mode)["id"]) & NEE
    saved = stories.saved_stories(conn, list(every.verhalen), mode)
    assert not set(saved.verhalen["id"]) & NEE and saved.leesbaar == len(saved.verhalen)


def test_story_ids_are_the_list_order(conn):
    f = VerhaalFilter(gemeente="GM0547")
    assert stories.story_ids(conn, f, Zichtbaarheid.INTERN) == list(
        stories.filter_stories(conn, f, Zichtbaarheid.INTERN)["id"])


def test_saved_stories_keep_the_saved_order_and_count_the_rest(conn):
    ids = ["V0107", "V0016", "GONE01", "V0001", "V0005"]
    shown = stories.saved_stories(conn, ids, Zichtbaarheid.PARTNER, limit=1)
    assert list(shown.verhalen["id"]) == ["V0001"] and list(shown.verhalen["volgorde"]) == [4]
    assert (shown.leesbaar, shown.weg) == (1, 1)   # V0107, V0005 intern; V0016 nee; GONE01 not in the store
    everything = stories.saved_stories(conn, ids, Zichtbaarheid.INTERN)
    assert list(everything.verhalen["id"]) == ["V0107", "V0001", "V0005"]


def test_many_saved_ids_go_in_with_one_insert(tmp_path):
    from core.store import werk
    ids = [f"G{i:07d}" for i in range(20_000)]
    with werk.connect_werk(tmp_path / "werk.duckdb") as w:
        bewaard.store_ids(w, "set", "s1", ids)
        assert bewaard.saved_ids(w, "set", "s1") == tuple(ids)


# --- aggregates in SQL against the pandas patterns ------------------------------------------------------

def _pandas_patterns(conn, signifier, f, mode, k):
    """The patterns as they were computed before: every answer into pandas, then the frame functions."""
    info = patterns.signifier_info(conn, signifier)
    answers = stories.signifier_answers(conn, signifier, f, mode)
    if info.soort == "triade":
        return {"punten": patterns.triad_points(answers, info.labels, k),
                "dichtheid": patterns.density_grid(answers, k=k), "zones": patterns.zone_counts(answers, info.labels, k)}
    if info.soort == "slider":
        return {"histogram": patterns.slider_histogram(answers, k)}
    return {"keuzes": patterns.choice_counts(answers, info.labels, k)}


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
@pytest.mark.parametrize("signifier", SIGNIFIERS)
@pytest.mark.parametrize("k", [1, 3, 5])
def test_patterns_from_group_by_equal_the_pandas_patterns(conn, mode, signifier, k):
    for f in FILTERS:
        in_sql = patterns.patterns_for(conn, signifier, f, mode, k, regels=False)  # the maths; rules: test_kleine_groepen
        in_pandas = _pandas_patterns(conn, signifier, f, mode, k)
        assert in_sql.keys() == in_pandas.keys()
        for name, expected in in_pandas.items():
            got = in_sql[name]
            assert (got.soort, got.n, got.k, got.too_small) == (expected.soort, expected.n, expected.k,
                                                                 expected.too_small), (name, f)
            pd.testing.assert_frame_equal(got.data, expected.data, check_dtype=False, obj=f"{name} {f}")


@pytest.mark.parametrize("signifier", SIGNIFIERS)
def test_comparisons_from_counts_equal_the_pandas_comparison(conn, signifier):
    info = patterns.signifier_info(conn, signifier)
    groups = [(VerhaalFilter(gemeente="GM0547"), VerhaalFilter(gemeente="GM0546")),
              (VerhaalFilter(jaren=(2019, 2019)), VerhaalFilter(jaren=(2020, 2022)))]
    for f_a, f_b in groups:
        for k in (1, 3):
            got = patterns.compare_groups(conn, signifier, f_a, f_b, Zichtbaarheid.INTERN, k, regels=False)
            expected = patterns.compare(stories.signifier_answers(conn, signifier, f_a, Zichtbaarheid.INTERN),
                                        stories.signifier_answers(conn, signifier, f_b, Zichtbaarheid.INTERN),
                                        info.soort, info.labels, k)
            if isinstance(expected, patterns.VerdelingVergelijking):
                pd.testing.assert_frame_equal(got.tabel, expected.tabel)
                assert (got.n_a, got.n_b, got.tvd) == (expected.n_a, expected.n_b, expected.tvd)
            else:
                assert got.a == expected.a and got.b == expected.b
                if expected.cliffs_delta is None:
                    assert got.cliffs_delta is None
                else:
                    assert got.cliffs_delta == pytest.approx(expected.cliffs_delta)


@pytest.mark.parametrize("per, veld, waarden", [("wijk", "wijken", [("WK054700",), ("WK054701", "WK054702")]),
                                                ("jaar", "jaren", [(2019, 2019), (2020, 2022)])])
@pytest.mark.parametrize("signifier", SIGNIFIERS)
def test_a_split_count_gives_each_group_as_its_own_filter(conn, per, veld, waarden, signifier):
    split = patterns.answer_counts(conn, signifier, VerhaalFilter(), Zichtbaarheid.INTERN, per=per)
    whole = patterns.patterns_from_counts(split.deel(None), k=1)
    assert _same(whole, patterns.patterns_for(conn, signifier, VerhaalFilter(), Zichtbaarheid.INTERN, 1, punten=False))
    for value in waarden:
        group = VerhaalFilter(**{veld: value})
        keep = list(value) if per == "wijk" else list(range(value[0], value[1] + 1))
        own = patterns.patterns_for(conn, signifier, group, Zichtbaarheid.INTERN, 1, punten=False)
        assert _same(patterns.patterns_from_counts(split.deel(keep), k=1), own)


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[x].n == b[x].n and a[x].data.equals(b[x].data) for x in a)


def test_triad_dots_are_a_fixed_capped_sample_with_the_full_count(conn, monkeypatch):
    monkeypatch.setattr(patterns, "PUNTEN_MAX", 2)
    first = patterns.patterns_for(conn, "richting", VerhaalFilter(), Zichtbaarheid.INTERN, k=1)["punten"]
    again = patterns.patterns_for(conn, "richting", VerhaalFilter(), Zichtbaarheid.INTERN, k=1)["punten"]
    assert first.n == 4 and len(first.data) == 2 and list(first.data["verhaal"]) == list(again.data["verhaal"])
    small = patterns.patterns_for(conn, "richting", VerhaalFilter(), Zichtbaarheid.INTERN, k=5)["punten"]
    assert small.too_small and small.n == 4 and small.data.empty


# --- the session pool -----------------------------------------------------------------------------------

def test_pool_keeps_at_most_n_per_stratum_and_counts_all(conn, monkeypatch):
    monkeypatch.setattr(sessions, "POOL_PER_STRATUM", 1)
    everyone = sessions.candidates(conn, VerhaalFilter(), Zichtbaarheid.INTERN)
    full = stories.filter_stories(conn, VerhaalFilter(), Zichtbaarheid.INTERN)
    assert everyone.attrs["totaal"] == len(full) == 11
    strata = Counter(zip(everyone["zone"], everyone["wijk"], everyone["jaar"]))
    assert max(strata.values()) == 1
    monkeypatch.setattr(sessions, "POOL_PER_STRATUM", 30)
    all_of_them = sessions.candidates(conn, VerhaalFilter(), Zichtbaarheid.INTERN)
    assert set(all_of_them["id"]) == set(full["id"])
    assert set(strata) == set(zip(all_of_them["zone"], all_of_them["wijk"], all_of_them["jaar"]))


def _greedy_one_by_one(strata: pd.DataFrame, n: int) -> list[str]:
    """The sampling rule of core.samen.sessions applied to every story at every step (the old loop)."""
    left, counts, chosen = strata.to_dict("records"), {s: Counter() for s in sessions.STRATA}, []
    while left and len(chosen) < n:
        best = min(left, key=lambda row: sessions._sort_key(row, counts))
        left.remove(best)
        chosen.append(best["id"])
        for s in sessions.STRATA:
            counts[s][best[s]] += 1
    return chosen


@pytest.mark.parametrize("case", range(60))
def test_sampling_over_strata_heads_equals_the_rule_story_by_story(case):
    rng = random.Random(case)
    rows = [{"id": f"V{i:04d}", "wijk": f"WK{rng.randrange(4)}", "zone": f"zone {rng.randrange(5)}",
             "jaar": 2018 + rng.randrange(4)} for i in range(rng.randint(1, 80))]
    strata = sessions._strata(pd.DataFrame(rows), seed=case)
    n = rng.randint(1, len(rows))
    assert sessions._greedy_order(strata, n) == _greedy_one_by_one(strata, n)
