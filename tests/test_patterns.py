"""Pattern maths on small hand-made frames, and the query helpers on the fixture store."""
import math

import numpy as np
import pandas as pd
import pytest

from core.vertellen import patterns, stories, triade
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.patterns import PatroonFout
from core.vertellen.stories import VerhaalFilter

LABELS = ("mijzelf", "mijn gezin", "mijn omgeving")
H = math.sqrt(3) / 2


def triads(*weights) -> pd.DataFrame:
    return pd.DataFrame([{"verhaal": f"T{i}", "triade_a": a, "triade_b": b, "triade_c": c}
                         for i, (a, b, c) in enumerate(weights)])


# --- ternary conversion -------------------------------------------------------------------------

@pytest.mark.parametrize("weights, xy", [
    ((1, 0, 0), (0.5, H)),          # A, first label, at the top
    ((0, 1, 0), (0.0, 0.0)),        # B bottom left
    ((0, 0, 1), (1.0, 0.0)),        # C bottom right
    ((1 / 3, 1 / 3, 1 / 3), (0.5, H / 3)),
    ((0.5, 0.5, 0), (0.25, H / 2)),  # middle of edge AB
    ((0, 0.5, 0.5), (0.5, 0.0)),     # middle of edge BC
])
def test_to_xy_corners_centre_and_edges(weights, xy):
    x, y = triade.to_xy(*weights)
    assert (float(x), float(y)) == pytest.approx(xy)


def test_to_xy_normalises_weights_that_sum_to_nearly_one():
    x, y = triade.to_xy(0.606, 0.202, 0.202)  # sum 1.01, allowed by the store
    assert (float(x), float(y)) == pytest.approx((0.5 * 0.6 + 0.2, H * 0.6))


def test_to_xy_works_on_arrays():
    x, y = triade.to_xy(np.array([1, 0]), np.array([0, 1]), np.array([0, 0]))
    assert list(x) == [0.5, 0.0] and list(y) == pytest.approx([H, 0.0])


# --- zones --------------------------------------------------------------------------------------

@pytest.mark.parametrize("weights, code", [
    ((0.6, 0.2, 0.2), "hoek_a"),       # exactly on the corner threshold
    ((0.2, 0.6, 0.2), "hoek_b"),
    ((0.2, 0.2, 0.6), "hoek_c"),
    ((1.0, 0.0, 0.0), "hoek_a"),
    ((0.59, 0.3, 0.11), "rand_ab"),    # just below the corner threshold
    ((0.59, 0.11, 0.3), "rand_ac"),
    ((0.11, 0.3, 0.59), "rand_bc"),
    ((0.45, 0.45, 0.10), "rand_ab"),
    ((0.0, 0.5, 0.5), "rand_bc"),
    ((1 / 3, 1 / 3, 1 / 3), "midden"),
    ((0.2, 0.33, 0.47), "midden"),     # both centre bounds hit exactly
    ((0.47, 0.33, 0.2), "midden"),
    ((0.19, 0.34, 0.47), "rand_bc"),   # one weight just below 0.2
    ((0.48, 0.32, 0.2), "rand_ab"),    # one weight just above 0.47
    ((0.5, 0.25, 0.25), "rand_ab"),    # tie between b and c: the earlier label wins
    ((0.25, 0.25, 0.5), "rand_ac"),    # tie between a and b: a wins
])
def test_zone_classification_at_and_around_thresholds(weights, code):
    assert triade.zone_code(*weights) == code


def test_zone_names_follow_the_labels():
    assert triade.zone_names(LABELS) == [
        "hoek: mijzelf", "hoek: mijn gezin", "hoek: mijn omgeving", "rand: mijzelf en mijn gezin",
        "rand: mijn gezin en mijn omgeving", "rand: mijzelf en mijn omgeving", "midden"]
    assert triade.zone_short("rand_bc", LABELS) == "mijn gezin en mijn omgeving"
    assert triade.zone_short("midden", LABELS) == "alle drie"


def test_every_point_has_exactly_one_zone():
    rng = np.random.default_rng(7)
    w = rng.dirichlet([1, 1, 1], size=2000)
    codes = {triade.zone_code(*row) for row in w}
    assert codes == set(triade.ZONE_CODES)


def test_zone_counts_list_all_seven_zones():
    data = triads((1, 0, 0), (0.7, 0.2, 0.1), (0.3, 0.3, 0.4), (0.1, 0.45, 0.45), (0, 0, 1))
    pattern = patterns.zone_counts(data, LABELS, k=5)
    counts = dict(zip(pattern.data["zone"], pattern.data["count"]))
    assert counts == {"hoek: mijzelf": 2, "hoek: mijn gezin": 0, "hoek: mijn omgeving": 1,
                      "rand: mijzelf en mijn gezin": 0, "rand: mijn gezin en mijn omgeving": 1,
                      "rand: mijzelf en mijn omgeving": 0, "midden": 1}
    assert pattern.data["share"].sum() == pytest.approx(1.0) and pattern.n == 5


# --- heatmap grid -------------------------------------------------------------------------------

def test_density_grid_covers_the_triangle_and_sums_to_n():
    rng = np.random.default_rng(1)
    w = rng.dirichlet([2, 1, 1], size=300)
    data = triads(*w, (1, 0, 0), (0, 1, 0), (0, 0, 1), (0.5, 0.5, 0), (0.3, 0.3, 0.4), (0.2, 0.2, 0.6))
    grid = patterns.density_grid(data, deling=10, k=5)
    assert len(grid.data) == 100 and grid.n == 306
    assert grid.data["count"].sum() == 306
    assert (grid.data[["a", "b", "c"]].sum(axis=1) - 1).abs().max() < 1e-9
    assert set(grid.data["orientatie"]) == {"op", "neer"}
    assert ((grid.data["y"] >= 0) & (grid.data["y"] <= H) & (grid.data["x"] >= 0) & (grid.data["x"] <= 1)).all()


def test_density_grid_puts_each_point_in_the_cell_that_contains_it():
    rng = np.random.default_rng(3)
    deling = 6
    for a, b, c in rng.dirichlet([1, 1, 1], size=200):
        i, j, l_ = triade.cell_of(a, b, c, deling)
        lows = np.array([i, j, l_]) / deling
        weights = np.array([a, b, c])
        assert i + j + l_ in (deling - 1, deling - 2)   # an "op" or a "neer" cell
        assert all(weights >= lows - 1e-9) and all(weights <= lows + 1 / deling + 1e-9)


def test_density_grid_corner_and_vertex_points():
    grid = patterns.density_grid(triads((1, 0, 0), (0.5, 0.5, 0)), deling=4, k=1).data
    assert len(grid) == 16
    top = grid[(grid["i"] == 3)]
    assert list(top["count"]) == [1]       # the top corner cell
    assert grid["count"].sum() == 2        # the grid vertex (0.5, 0.5, 0) counted once


# --- sliders and choices ------------------------------------------------------------------------

def test_slider_histogram_bins():
    pattern = patterns.slider_histogram(pd.DataFrame({"slider": [0, 9.9, 10, 55, 99, 100, None]}), k=5)
    assert pattern.n == 6
    assert list(pattern.data["label"])[:2] == ["0–10", "10–20"]
    assert list(pattern.data["count"]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_choice_counts_list_every_option():
    pattern = patterns.choice_counts(pd.DataFrame({"keuze": ["ja", "ja", "nee", None, "ja", "ja"]}), ["ja", "nee"], k=5)
    assert pattern.n == 5
    assert dict(zip(pattern.data["keuze"], pattern.data["count"])) == {"ja": 4, "nee": 1}
    assert list(pattern.data["share"]) == pytest.approx([0.8, 0.2])


# --- the k-rule ---------------------------------------------------------------------------------

FOUR = triads((1, 0, 0), (0.7, 0.2, 0.1), (0.3, 0.3, 0.4), (0, 0, 1))


@pytest.mark.parametrize("build", [
    lambda d, k: patterns.triad_points(d, LABELS, k),
    lambda d, k: patterns.density_grid(d, k=k),
    lambda d, k: patterns.zone_counts(d, LABELS, k),
    lambda d, k: patterns.slider_histogram(d.assign(slider=[10, 20, 30, 40])[["slider"]], k),
    lambda d, k: patterns.choice_counts(d.assign(keuze=["ja"] * 4)[["keuze"]], ["ja", "nee"], k),
], ids=["punten", "dichtheid", "zones", "histogram", "keuzes"])
def test_fewer_than_k_keeps_only_the_count(build):
    small = build(FOUR, 5)
    assert small.too_small and small.n == 4 and small.data.empty
    assert len(small.data.columns) > 0                 # a chart can still be drawn empty
    assert "minder dan 5" in small.melding
    enough = build(FOUR, 4)
    assert not enough.too_small and not enough.data.empty and enough.melding is None


def test_k_must_be_positive():
    with pytest.raises(PatroonFout):
        patterns.zone_counts(FOUR, LABELS, k=0)


# --- comparisons --------------------------------------------------------------------------------

def test_compare_sliders_numbers():
    result = patterns.compare_sliders([60, 60, 70, 20, 50], [50, 50, 50, 50, 50], k=5)
    assert result.vergelijkbaar
    assert (result.a.mediaan, result.b.mediaan, result.verschil_mediaan) == (60, 50, 10)
    assert result.verschil_gemiddelde == pytest.approx(2.0)       # 52 - 50
    assert (result.a.aandeel_positief, result.verschil_aandeel_positief) == (0.6, 0.6)
    assert result.cliffs_delta == pytest.approx(0.4)              # (15 - 5) / 25


def test_cliffs_delta_extremes_and_symmetry():
    assert patterns.cliffs_delta([1, 2, 3], [4, 5, 6]) == -1
    assert patterns.cliffs_delta([4, 5, 6], [1, 2, 3]) == 1
    assert patterns.cliffs_delta([1, 2, 3, 4, 5], [3, 3, 3, 3, 3]) == 0
    rng = np.random.default_rng(5)
    x, y = rng.integers(0, 101, 40), rng.integers(0, 101, 30)
    brute = (np.sign(x[:, None] - y[None, :])).mean()
    assert patterns.cliffs_delta(x, y) == pytest.approx(brute)
    assert patterns.cliffs_delta_label(0.4) == "middelgroot" and patterns.cliffs_delta_label(-0.1) == "verwaarloosbaar"


def test_compare_sliders_hides_a_small_group():
    result = patterns.compare_sliders(pd.DataFrame({"slider": [10, 20, 30, 40, 50]}),
                                      pd.DataFrame({"slider": [60, 70, 80, 90, None]}), k=5)
    assert not result.vergelijkbaar
    assert (result.a.n, result.a.too_small, result.a.mediaan) == (5, False, 30)
    assert (result.b.n, result.b.too_small, result.b.mediaan, result.b.gemiddelde) == (4, True, None, None)
    assert result.cliffs_delta is None and result.verschil_mediaan is None


def test_compare_shares_and_total_variation_distance():
    result = patterns.compare_shares(["x", "x", "y", "y", "z"], ["x", "x", "x", "x", "y"], ["x", "y", "z"], k=5)
    table = result.tabel.set_index("categorie")
    assert list(table["aandeel_a"]) == pytest.approx([0.4, 0.4, 0.2])
    assert list(table["aandeel_b"]) == pytest.approx([0.8, 0.2, 0.0])
    assert list(table["verschil"]) == pytest.approx([-0.4, 0.2, 0.2])
    assert result.tvd == pytest.approx(0.4) and (result.n_a, result.n_b) == (5, 5)


def test_compare_triads_by_zone_and_hide_small_group():
    a = triads(*[(1, 0, 0)] * 3, *[(0, 0, 1)] * 2)
    b = triads(*[(1, 0, 0)] * 5)
    result = patterns.compare(a, b, "triade", LABELS, k=5)
    table = result.tabel.set_index("categorie")
    assert table.loc["hoek: mijzelf", "aandeel_a"] == pytest.approx(0.6)
    assert table.loc["hoek: mijn omgeving", "verschil"] == pytest.approx(0.4)
    assert result.tvd == pytest.approx(0.4)
    small = patterns.compare(a, b.head(3), "triade", LABELS, k=5)
    assert small.too_small_b and not small.too_small_a and small.tvd is None
    assert small.tabel["aandeel_b"].isna().all() and small.tabel["aandeel_a"].notna().all()


def test_compare_choices():
    a = pd.DataFrame({"keuze": ["ja"] * 5 + ["nee"] * 5})
    b = pd.DataFrame({"keuze": ["ja"] * 8 + ["nee"] * 2})
    result = patterns.compare(a, b, "keuze", ["ja", "nee"], k=5)
    assert result.tvd == pytest.approx(0.3)
    with pytest.raises(PatroonFout):
        patterns.compare(a, b, "schaal", [], k=5)


# --- query helpers on the fixture store ---------------------------------------------------------

@pytest.mark.parametrize("mode, n", [(Zichtbaarheid.INTERN, 4), (Zichtbaarheid.PARTNER, 3)])
def test_patterns_for_a_triad_obey_consent_and_k(conn, mode, n):
    shown = patterns.patterns_for(conn, "richting", VerhaalFilter(), mode, k=5)
    assert {p.n for p in shown.values()} == {n}
    assert all(p.too_small and p.data.empty for p in shown.values())
    small_k = patterns.patterns_for(conn, "richting", VerhaalFilter(), mode, k=3, regels=False)  # raw cell counts
    zones = dict(zip(small_k["zones"].data["zone"], small_k["zones"].data["count"]))
    assert zones["hoek: mijzelf"] == n - 1 and zones["hoek: mijn gezin"] == 1


def test_patterns_for_a_slider_counts_readable_answers(conn):
    intern = patterns.patterns_for(conn, "ervaring", VerhaalFilter(), Zichtbaarheid.INTERN, k=5,
                                   regels=False)["histogram"]   # raw cell counts; the rules: test_kleine_groepen
    partner = patterns.patterns_for(conn, "ervaring", VerhaalFilter(), Zichtbaarheid.PARTNER, k=5,
                                    regels=False)["histogram"]
    assert (intern.n, partner.n) == (11, 7)   # 15 stories minus 4 nee; minus 4 intern
    assert intern.data["count"].sum() == 11
    assert dict(zip(intern.data["label"], intern.data["count"]))["80–90"] == 3  # 83, 87, 84


def test_compare_groups_on_the_store(conn):
    leiderdorp, leiden = VerhaalFilter(gemeente="GM0547"), VerhaalFilter(gemeente="GM0546")
    result = patterns.compare_groups(conn, "ervaring", leiderdorp, leiden, Zichtbaarheid.INTERN, k=5)
    assert (result.a.n, result.b.n) == (9, 2) and result.b.too_small and result.cliffs_delta is None


def _ids(conn, f, mode) -> set[str]:
    return set(stories.filter_stories(conn, f, mode)["id"])


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_stories_in_zone_range_and_choice(conn, mode):
    """The filters the Patronen page uses for "Meer van dit soort verhalen"."""
    in_zone = _ids(conn, patterns.zone_filter(VerhaalFilter(), "richting", "hoek: mijzelf"), mode)
    assert in_zone == ({"V0001", "V0006", "V0020"} if mode is Zichtbaarheid.INTERN else {"V0001", "V0006"})
    in_range = _ids(conn, patterns.range_filter(VerhaalFilter(wijken=("WK054700",)), "ervaring", 80, 100), mode)
    assert in_range == {"V0004", "V0006"}
    ja = _ids(conn, patterns.choice_filter(VerhaalFilter(), "ondersteuning", "ja"), mode)
    nee = _ids(conn, patterns.choice_filter(VerhaalFilter(), "ondersteuning", "nee"), mode)
    assert ja and nee and not ja & nee
    narrowed = patterns.choice_filter(VerhaalFilter(keuzes={"opgave": ["x"]}), "ondersteuning", "ja")
    assert narrowed.keuzes == {"opgave": frozenset({"x"}), "ondersteuning": frozenset({"ja"})}


def test_signifier_info(conn):
    info = patterns.signifier_info(conn, "richting")
    assert (info.soort, info.labels) == ("triade", LABELS)


def _zone_by_the_docstring(a, b, c) -> str:
    """The zone rules of core.vertellen.triade's docstring, written out one answer at a time."""
    w = [a / (a + b + c), b / (a + b + c), c / (a + b + c)]
    top = max(range(3), key=lambda i: w[i])
    if w[top] >= 0.6 - 1e-9:
        return ("hoek_a", "hoek_b", "hoek_c")[top]
    if all(0.2 - 1e-9 <= v <= 0.47 + 1e-9 for v in w):
        return "midden"
    pair = tuple(sorted(sorted(range(3), key=lambda i: -w[i])[:2]))
    return {(0, 1): "rand_ab", (1, 2): "rand_bc", (0, 2): "rand_ac"}[pair]


def test_zone_codes_of_whole_columns_follow_the_documented_rules():
    """The column version (used for patterns and story cards) on random weights and on a grid that hits
    every threshold, against the rules written out one answer at a time."""
    rng = np.random.default_rng(7)
    grid = [(i / 20, j / 20, 1 - i / 20 - j / 20) for i in range(21) for j in range(21 - i)]
    weights = np.vstack([rng.dirichlet([1, 1, 1], 2000), grid, [(1 / 3, 1 / 3, 1 / 3), (0.4, 0.4, 0.2)]])
    frame = pd.DataFrame(weights, columns=["triade_a", "triade_b", "triade_c"])
    expected = [_zone_by_the_docstring(*w) for w in weights]
    assert list(triade.zone_codes_of(frame)) == expected
    assert set(expected) == set(triade.ZONE_CODES)
    assert triade.zone_codes_of(frame.head(0)).empty
