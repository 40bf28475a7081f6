"""Patterns in signified stories: triad points, zone counts, heatmap bins, slider histograms, choice counts,
and the same pattern for two groups side by side.

The functions on DataFrames are pure maths (small groups, tests): they keep the raw count of every cell. The ones that take a connection count the
answers in SQL (`answer_counts`: one GROUP BY over `stories.answers_sql`, so consent is applied there)
and build the same Patterns from the counts: no answer row comes to Python. Every pattern obeys the
minimum group size k (setting `min_groep`): with fewer than k answers a Pattern keeps only its count n,
never data.
The functions that take a connection (what pages and documents use) also apply the rules of
core.vertellen.groepen: a cell of 1 to k-1 answers has no number, and in partner mode a group or cell that
differs from a related view by 1 to k-1 stories is hidden (`regels=False` gives the raw maths, for tests).

The triad maths (corners, zones, positions, heatmap cells) lives in core.vertellen.triade.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np
import pandas as pd

from core.errors import TellenError
from core.vertellen import groepen, kaders, stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter
from core.vertellen.triade import (
    ZONE_CODES,
    all_cells,
    cell_of,
    cell_sql,
    normalised,
    normalised_sql,
    to_xy,
    zone_case_sql,
    zone_codes_of,
    zone_name,
    zone_names,
)

PUNTEN_MAX = 2000             # triad dots drawn at most: a fixed sample when there are more answers
HEATMAP_DELING = 10            # a heatmap splits each side of the triangle in this many parts
SLIDER_BINS = tuple(range(0, 100, 10))
POSITIEF = 60                  # a slider answer >= 60 counts as "positive" in comparisons
MIN_GROEP_STANDAARD = 5        # settings.min_groep's default; callers pass the setting


class PatroonFout(TellenError):
    """A pattern was asked for with a wrong kind of question or impossible numbers."""


# --- the Pattern result -----------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    """A pattern of n answers. When too_small is True (fewer than k answers, or hidden by the differencing rule
    of core.vertellen.groepen: reden 'verschil'), data is empty: show `melding`, never n.

    Cells (zones, heatmap cells, bins, answers) of 1 to k-1 answers keep their row but lose their number: count
    and share are NaN and the column `verborgen` is True (Rule A of core.vertellen.groepen, with the hidden total
    kept at 0 or at least k)."""
    soort: str          # 'punten' | 'dichtheid' | 'zones' | 'histogram' | 'keuzes'
    n: int
    k: int
    data: pd.DataFrame
    too_small: bool
    reden: str | None = None   # why it is hidden: 'klein' | 'verschil' | 'te_veel'

    @property
    def melding(self) -> str | None:
        """The Dutch caveat to show instead of the chart, or None. Never the count of a hidden group."""
        if not self.too_small:
            return None
        if self.reden in ("verschil", "te_veel"):
            return groepen.MELDINGEN[self.reden].format(k=self.k)
        return (f"Er zijn minder dan {self.k} verhalen met een antwoord. "
                "Daarom laten we geen patroon zien: zo blijft niemand herkenbaar.")

    @property
    def aantal_tekst(self) -> str:
        """'23 verhalen met een antwoord', or no number for a hidden group."""
        if not self.too_small:
            return f"{self.n} {'verhaal' if self.n == 1 else 'verhalen'} met een antwoord"
        if self.reden in (None, "klein"):
            return f"minder dan {self.k} verhalen met een antwoord"
        return "een aantal dat we niet tonen"


def _check_k(k: int) -> int:
    if int(k) < 1:
        raise PatroonFout("De minimale groepsgrootte moet 1 of meer zijn. Pas TV_MIN_GROEP aan.")
    return int(k)


_CEL = {"zones": lambda d: d["code"].astype(str), "keuzes": lambda d: d["keuze"].astype(str),
        "histogram": lambda d: (d["van"] // 10).astype(int).astype(str),
        "dichtheid": lambda d: d["i"].astype(str) + "," + d["j"].astype(str) + "," + d["l"].astype(str)}


def _hide_cells(soort: str, data: pd.DataFrame, k: int, verborgen=frozenset()) -> pd.DataFrame:
    """Rule A per cell: a cell of 1 to k-1 answers (or named in `verborgen`) loses its number; then the smallest
    shown cells too, until the hidden cells add up to 0 or at least k (else total minus shown gives them back)."""
    if "count" not in data.columns or soort not in _CEL:
        return data
    counts = data["count"].to_numpy(dtype=float)
    hidden = groepen.verberg_cellen(counts, k, _CEL[soort](data).isin(set(verborgen)).to_numpy())
    data = data.assign(count=np.where(hidden, np.nan, counts), verborgen=hidden)
    if "share" in data.columns:
        data["share"] = np.where(hidden, np.nan, data["share"].to_numpy(dtype=float))
    return data


def _pattern(soort: str, n: int, k: int, data: pd.DataFrame, verborgen=frozenset(), reden: str | None = None,
             regels: bool = True) -> Pattern:
    """Apply the k-rule: a small (or hidden) group keeps its count and the column names, never its rows.
    regels False: the raw counts of a group of k or more, cells not hidden (the maths, for tests)."""
    k = _check_k(k)
    if reden is None and n < k:
        reden = "klein"
    hide = _hide_cells if regels else (lambda soort, data, k, verborgen=None: data)
    if reden is not None:
        return Pattern(soort, int(n), k, hide(soort, data.head(0), k), True, reden)
    return Pattern(soort, int(n), k, hide(soort, data.reset_index(drop=True), k, verborgen), False)


def _triads(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.dropna(subset=["triade_a", "triade_b", "triade_c"])


def triad_points(answers: pd.DataFrame, labels: Sequence[str], k: int = MIN_GROEP_STANDAARD,
                 n: int | None = None) -> Pattern:
    """One dot per answer. Columns: verhaal, a, b, c (normalised), x, y, zone (name).

    n: the number of answers when `answers` is a sample of them (patterns_for draws at most PUNTEN_MAX
    dots); the k-rule and the caption use n. None: every answer is in `answers`.
    """
    t = _triads(answers)
    a, b, c = normalised(t["triade_a"], t["triade_b"], t["triade_c"])
    x, y = to_xy(a, b, c)
    codes = zone_codes_of(t)
    data = pd.DataFrame({"verhaal": t.get("verhaal", pd.Series(index=t.index, dtype=object)).to_numpy(),
                         "a": a, "b": b, "c": c, "x": x, "y": y,
                         "zone": [zone_name(code, labels) for code in codes]})
    return _pattern("punten", len(t) if n is None else int(n), k, data, regels=False)


def density_grid(answers: pd.DataFrame, deling: int = HEATMAP_DELING, k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Heatmap bins over the whole triangle, empty cells included (deling² rows).

    Columns: x, y (cell centre), count, orientatie ('op'/'neer', for a triangle-up/-down mark),
    a, b, c (weights of the centre), i, j, l (cell index). Counts sum to n.
    """
    if deling < 1:
        raise PatroonFout("Verdeel de driehoek in 1 of meer stukken.")
    t = _triads(answers)
    a, b, c = normalised(t["triade_a"], t["triade_b"], t["triade_c"])
    counts = pd.Series([cell_of(*w, deling) for w in zip(a, b, c)], dtype=object).value_counts()
    return _grid_pattern(counts.to_dict(), deling, len(t), k, regels=False)


def _pattern_checked(soort: str, n: int, k: int, data: pd.DataFrame, oordeel=None, regels: bool = True) -> Pattern:
    """_pattern, with the verdict of core.vertellen.groepen (partner mode) when there is one."""
    if oordeel is None:
        return _pattern(soort, n, k, data, regels=regels)
    return _pattern(soort, n, k, data, oordeel.verborgen, None if oordeel.getoond else oordeel.reden, regels)


def _grid_pattern(counts: dict, deling: int, n: int, k: int, oordeel=None, regels: bool = True) -> Pattern:
    """The heatmap pattern from {(i, j, l): count} (from Python or from a GROUP BY)."""
    cells = all_cells(deling)
    cells["count"] = [int(counts.get((i, j, l_), 0)) for i, j, l_ in zip(cells["i"], cells["j"], cells["l"])]
    cells["x"], cells["y"] = to_xy(cells["a"], cells["b"], cells["c"])
    data = cells[["x", "y", "count", "orientatie", "a", "b", "c", "i", "j", "l"]]
    return _pattern_checked("dichtheid", n, k, data, oordeel, regels)


# --- counts ------------------------------------------------------------------------------------

def _shares(counts: pd.Series, total: int | None = None) -> pd.Series:
    """Counts as shares of `total` (default: their sum)."""
    total = counts.sum() if total is None else total
    return counts / total if total else counts.astype(float)


def zone_counts(answers: pd.DataFrame, labels: Sequence[str], k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Answers per zone, all seven zones in display order. Columns: code, zone, count, share (0–1)."""
    t = _triads(answers)
    return _zone_pattern(zone_codes_of(t).value_counts(), labels, len(t), k, regels=False)


def _zone_pattern(counts: pd.Series, labels: Sequence[str], n: int, k: int, oordeel=None, regels: bool = True
                  ) -> Pattern:
    """The zone pattern from answers per zone code (from Python or from a GROUP BY)."""
    counts = counts.reindex(list(ZONE_CODES), fill_value=0)
    data = pd.DataFrame({"code": list(ZONE_CODES), "zone": zone_names(labels),
                         "count": counts.to_numpy(dtype=int), "share": _shares(counts).to_numpy()})
    return _pattern_checked("zones", n, k, data, oordeel, regels)


def _slider_values(answers) -> pd.Series:
    values = answers["slider"] if isinstance(answers, pd.DataFrame) else pd.Series(answers, dtype=float)
    return values.dropna().astype(float)


def slider_histogram(answers, k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Ten bins 0–10 … 90–100: a bin holds lo <= v < hi; the last one also holds 100.

    Takes a frame with a `slider` column or a sequence of values. Columns: van, tot, label, count.
    """
    values = _slider_values(answers)
    index = np.minimum(np.floor(values.to_numpy() / 10), 9).astype(int)
    counts = np.bincount(index, minlength=10) if len(index) else np.zeros(10, dtype=int)
    return _histogram_pattern(counts, len(values), k, regels=False)


def _histogram_pattern(counts, n: int, k: int, oordeel=None, regels: bool = True) -> Pattern:
    """The slider pattern from ten bin counts (from numpy or from a GROUP BY)."""
    data = pd.DataFrame({"van": SLIDER_BINS, "tot": [lo + 10 for lo in SLIDER_BINS],
                         "label": [f"{lo}–{lo + 10}" for lo in SLIDER_BINS], "count": np.asarray(counts, dtype=int)})
    return _pattern_checked("histogram", n, k, data, oordeel, regels)


def _choice_values(answers) -> pd.Series:
    values = answers["keuze"] if isinstance(answers, pd.DataFrame) else pd.Series(answers, dtype=object)
    return values.dropna().astype(str)


def choice_counts(answers, opties: Sequence[str], k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Answers per option, every option listed (unknown values after them). Columns: keuze, count, share."""
    values = _choice_values(answers)
    return _choice_pattern(values.value_counts(), opties, len(values), k, regels=False)


def _choice_pattern(counts: pd.Series, opties: Sequence[str], n: int, k: int, oordeel=None, regels: bool = True
                    ) -> Pattern:
    """The choice pattern from answers per option (from Python or from a GROUP BY)."""
    order = list(opties) + sorted(set(counts.index) - set(opties))
    counts = counts.reindex(order, fill_value=0)
    # share of the stories with an answer: with several options per story the shares add up to more than 1
    shares = counts / n if n else counts.astype(float)
    data = pd.DataFrame({"keuze": order, "count": counts.to_numpy(dtype=int), "share": shares.to_numpy(dtype=float)})
    return _pattern_checked("keuzes", n, k, data, oordeel, regels)


# --- two groups side by side -------------------------------------------------------------------

def _value_counts(values) -> pd.Series:
    """Answers per distinct value, sorted by value (float index, int counts)."""
    return pd.Series(np.asarray(values, dtype=float)).value_counts().sort_index()


def cliffs_delta(x, y) -> float:
    """P(X > Y) - P(X < Y) over all pairs: -1 … 1, 0 = no difference. Needs two non-empty groups."""
    return _cliffs_delta_counts(_value_counts(x), _value_counts(y))


def _cliffs_delta_counts(x: pd.Series, y: pd.Series) -> float:
    """cliffs_delta from answers per distinct value (value -> count) of each group: exact, in integers."""
    nx, ny = int(x.sum()), int(y.sum())
    if not nx or not ny:
        raise PatroonFout("Voor een vergelijking zijn twee groepen met antwoorden nodig.")
    yv, yc = y.index.to_numpy(dtype=float), np.cumsum(y.to_numpy(dtype=np.int64))
    below = np.concatenate([[0], yc])
    greater = below[np.searchsorted(yv, x.index.to_numpy(dtype=float), side="left")]      # y < x
    less = ny - below[np.searchsorted(yv, x.index.to_numpy(dtype=float), side="right")]   # y > x
    return float(int((x.to_numpy(dtype=np.int64) * (greater - less)).sum())) / (nx * ny)


def cliffs_delta_label(delta: float) -> str:
    """Dutch size word for |delta| (thresholds of Romano et al. 2006: 0.147, 0.33, 0.474)."""
    size = abs(delta)
    if size < 0.147:
        return "verwaarloosbaar"
    if size < 0.33:
        return "klein"
    if size < 0.474:
        return "middelgroot"
    return "groot"


@dataclass(frozen=True)
class SliderGroep:
    """One group's slider numbers; all None when the group is smaller than k."""
    n: int
    too_small: bool
    mediaan: float | None
    gemiddelde: float | None
    aandeel_positief: float | None   # share of answers >= POSITIEF, 0–1


@dataclass(frozen=True)
class SliderVergelijking:
    """Group a against group b. The differences (a minus b) are None unless both groups reach k."""
    k: int
    a: SliderGroep
    b: SliderGroep
    verschil_mediaan: float | None
    verschil_gemiddelde: float | None
    verschil_aandeel_positief: float | None
    cliffs_delta: float | None

    @property
    def vergelijkbaar(self) -> bool:
        return not (self.a.too_small or self.b.too_small)


def _weighted_median(counts: pd.Series) -> float:
    """The median of the values counted in `counts` (value -> count, sorted): the mean of the two middle
    values for an even number, as pandas' median of the values themselves."""
    ends = np.cumsum(counts.to_numpy(dtype=np.int64))
    n, values = int(ends[-1]), counts.index.to_numpy(dtype=float)
    low, high = values[np.searchsorted(ends, (n - 1) // 2, side="right")], values[np.searchsorted(ends, n // 2,
                                                                                                   side="right")]
    return float((low + high) / 2)


def _slider_group(counts: pd.Series, k: int, getoond: bool = True, regels: bool = True) -> SliderGroep:
    n = int(counts.sum())
    if n < k or not getoond:
        return SliderGroep(n, True, None, None, None)
    values = counts.index.to_numpy(dtype=float)
    weights = counts.to_numpy(dtype=np.int64)
    positief = int(weights[values >= POSITIEF].sum())
    # a share gives its count back (share × n): only when the positive and the other answers are 0 or >= k
    deel = float(positief / n) if not regels or all(not 0 < x < k for x in (positief, n - positief)) else None
    return SliderGroep(n, False, _weighted_median(counts), float((values * weights).sum() / n), deel)


def compare_sliders(group_a, group_b, k: int = MIN_GROEP_STANDAARD) -> SliderVergelijking:
    """Compare two groups' slider answers (frames with `slider`, or sequences of values)."""
    return _compare_slider_counts(_value_counts(_slider_values(group_a)), _value_counts(_slider_values(group_b)), k,
                                  regels=False)


def _compare_slider_counts(counts_a: pd.Series, counts_b: pd.Series, k: int, getoond_a: bool = True,
                           getoond_b: bool = True, regels: bool = True) -> SliderVergelijking:
    """compare_sliders from answers per distinct value of each group (from Python or from a GROUP BY).
    getoond_a/b False: that group is hidden by core.vertellen.groepen (as if it were too small)."""
    k = _check_k(k)
    a, b = _slider_group(counts_a, k, getoond_a, regels), _slider_group(counts_b, k, getoond_b, regels)
    if a.too_small or b.too_small:
        return SliderVergelijking(k, a, b, None, None, None, None)
    positief = None if None in (a.aandeel_positief, b.aandeel_positief) else a.aandeel_positief - b.aandeel_positief
    return SliderVergelijking(k, a, b, a.mediaan - b.mediaan, a.gemiddelde - b.gemiddelde,
                              positief, _cliffs_delta_counts(counts_a, counts_b))


@dataclass(frozen=True)
class VerdelingVergelijking:
    """Share per category (zone or option) in two groups.

    tabel columns: categorie, aandeel_a, aandeel_b (0–1; NaN for a group smaller than k),
    verschil (a minus b; NaN unless both groups reach k). tvd: total variation distance
    (half the sum of |verschil|, 0 = same distribution, 1 = no overlap), None unless both reach k.
    """
    k: int
    n_a: int
    n_b: int
    too_small_a: bool
    too_small_b: bool
    tabel: pd.DataFrame
    tvd: float | None

    @property
    def vergelijkbaar(self) -> bool:
        return not (self.too_small_a or self.too_small_b)


def compare_shares(categories_a, categories_b, order: Sequence[str], k: int = MIN_GROEP_STANDAARD
                   ) -> VerdelingVergelijking:
    """Compare two groups given one category per answer (zone names or chosen options)."""
    ca, cb = (pd.Series(list(c), dtype=object).dropna() for c in (categories_a, categories_b))
    return _compare_share_counts(ca.value_counts(), cb.value_counts(), order, k, regels=False)


def _shown_shares(counts: pd.Series, order: list, k: int, regels: bool, n: int | None = None) -> np.ndarray:
    """Shares per category, NaN where the category holds 1 to k-1 answers (a share × n gives the count back)."""
    counts = counts.reindex(order, fill_value=0)
    shares = _shares(counts, n).to_numpy(dtype=float)
    return np.where(regels & (counts.to_numpy() > 0) & (counts.to_numpy() < k), np.nan, shares)


def _compare_share_counts(counts_a: pd.Series, counts_b: pd.Series, order: Sequence[str],
                          k: int, getoond_a: bool = True, getoond_b: bool = True, regels: bool = True,
                          n_a: int | None = None, n_b: int | None = None) -> VerdelingVergelijking:
    """compare_shares from answers per category of each group (from Python or from a GROUP BY).
    getoond_a/b False: that group is hidden by core.vertellen.groepen (as if it were too small).
    n_a/n_b: the stories with an answer when a story may give several (a multi-select choice): shares are of
    the stories, not of the answers. None: the counts add up to the stories."""
    k = _check_k(k)
    counts_a, counts_b = counts_a[counts_a > 0], counts_b[counts_b > 0]
    order = list(order) + sorted((set(counts_a.index) | set(counts_b.index)) - set(order))
    n_a = int(counts_a.sum()) if n_a is None else int(n_a)
    n_b = int(counts_b.sum()) if n_b is None else int(n_b)
    small_a, small_b = n_a < k or not getoond_a, n_b < k or not getoond_b
    tabel = pd.DataFrame({"categorie": order})
    tabel["aandeel_a"] = np.nan if small_a else _shown_shares(counts_a, order, k, regels, n_a)
    tabel["aandeel_b"] = np.nan if small_b else _shown_shares(counts_b, order, k, regels, n_b)
    tabel["verschil"] = tabel["aandeel_a"] - tabel["aandeel_b"]
    tvd = None if small_a or small_b else float(
        (_shares(counts_a.reindex(order, fill_value=0), n_a)
         - _shares(counts_b.reindex(order, fill_value=0), n_b)).abs().sum() / 2)
    return VerdelingVergelijking(k, n_a, n_b, small_a, small_b, tabel, tvd)


def compare(group_a: pd.DataFrame, group_b: pd.DataFrame, soort: str, labels: Sequence[str] = (),
            k: int = MIN_GROEP_STANDAARD) -> SliderVergelijking | VerdelingVergelijking:
    """Compare two groups' answers to one question (frames as from stories.signifier_answers).

    soort 'slider' -> SliderVergelijking; 'triade' -> VerdelingVergelijking over the seven zones
    (labels: the three corners); 'keuze' -> VerdelingVergelijking over the options (labels).
    """
    if soort == "slider":
        return compare_sliders(group_a, group_b, k)
    if soort == "triade":
        ta, tb = _triads(group_a), _triads(group_b)
        return compare_shares([zone_name(c, labels) for c in zone_codes_of(ta)],
                              [zone_name(c, labels) for c in zone_codes_of(tb)], zone_names(labels), k)
    if soort == "keuze":
        return compare_shares(_choice_values(group_a), _choice_values(group_b), labels, k)
    raise PatroonFout(f"Onbekende soort vraag '{soort}'. Kies triade, slider of keuze.")


# --- query helpers (consent goes through core.vertellen.stories) -----------------------------------------

@dataclass(frozen=True)
class SignifierInfo:
    """A question of one framework: id, soort (triade/slider/keuze), vraag, labels; kader (the framework's id),
    meerkeuze (a choice with several options per story). sleutel: 'kader:id', what filters and patterns take."""
    id: str
    soort: str
    vraag: str
    labels: tuple[str, ...]
    kader: str = ""
    meerkeuze: bool = False

    @property
    def sleutel(self) -> str:
        return kaders.sleutel(self.kader, self.id) if self.kader else self.id


def signifier_info(conn, signifier_id: str) -> SignifierInfo:
    """The question a key 'kader:id' names (a bare id: see core.vertellen.kaders.ontleed). Raises FilterFout
    when unknown."""
    kader, sid, soort, labels = stories._question(conn, signifier_id)
    vraag = conn.execute("SELECT vraag FROM signifiers WHERE kader = ? AND id = ?", [kader, sid]).fetchone()[0]
    return SignifierInfo(sid, soort, vraag, labels, kader, soort == "keuze" and kaders.meerkeuze(conn, kader, sid))


# --- aggregates in SQL: only counts come to Python ---------------------------------------------------

_TRIADE = "t.triade_a IS NOT NULL AND t.triade_b IS NOT NULL AND t.triade_c IS NOT NULL"


@dataclass(frozen=True)
class Telling:
    """The answers to one question by a group of stories, counted in SQL: all a pattern or a comparison needs.

    info: the question. aantallen columns by soort — triade: zone (code), i, j, l (heatmap cell), n;
    slider: waarde (each distinct value), n; keuze: keuze, n; plus the column `per` ('wijk' or 'jaar')
    when the counts are split by it. Counts only: never shown as such, so the k-rule is applied by the
    patterns built from it. sql/params: the answers, for a sample of dots.
    """
    info: SignifierInfo
    aantallen: pd.DataFrame
    sql: str
    params: list
    per: str | None = None

    @property
    def n(self) -> int:
        """Stories with an answer. A choice is counted per option and once in all (the row whose keuze is
        empty): a story with several options counts once."""
        if self.info.soort == "keuze" and "keuze" in self.aantallen.columns:
            return int(self.aantallen.loc[self.aantallen["keuze"].isna(), "n"].sum())
        return int(self.aantallen["n"].sum())

    def deel(self, waarden) -> "Telling":
        """The counts of the stories whose `per` column has one of these values (a wijk, a year): a group
        of the same question without another query. waarden None: every story."""
        if waarden is None:
            return self
        if self.per is None:
            raise PatroonFout("Deze telling is niet gesplitst; vraag hem op met per='wijk' of per='jaar'.")
        kept = self.aantallen[self.aantallen[self.per].isin(list(waarden))]
        return replace(self, aantallen=kept.reset_index(drop=True))


PER = {"wijk": "wijken", "jaar": "jaren"}   # a split of the counts -> the filter field it stands for
_COUNTED = {"slider": ("t.slider AS waarde", "t.slider"), "keuze": ("t.keuze", "t.keuze")}


def _count_sql(soort: str, sql: str, per: str | None) -> str:
    """One GROUP BY over the answers `sql` selects: (zone, heatmap cell) for a triad, each value for a slider,
    each option for a choice; `per` (from the allow-list PER) adds that story column."""
    extra = f", t.{per}" if per else ""
    if soort == "triade":
        weights = normalised_sql("t")
        i, j, l_ = cell_sql(*weights, HEATMAP_DELING)
        return (f"SELECT {zone_case_sql(*weights)} AS zone, {i} AS i, {j} AS j, {l_} AS l, count(*) AS n{extra} "
                f"FROM ({sql}) t WHERE {_TRIADE} GROUP BY ALL")
    if soort == "keuze":   # stories per option, and stories in all (keuze NULL): several options per story
        per_sql = f", t.{per}" if per else ""
        return (f"SELECT t.keuze, count(DISTINCT t.verhaal) AS n{extra} FROM ({sql}) t WHERE t.keuze IS NOT NULL "
                f"GROUP BY GROUPING SETS ((t.keuze{per_sql}), ({per_sql.lstrip(', ')})) ORDER BY ALL")
    column, value = _COUNTED[soort]
    return f"SELECT {column}, count(*) AS n{extra} FROM ({sql}) t WHERE {value} IS NOT NULL GROUP BY ALL ORDER BY ALL"


def answer_counts(conn, signifier_id: str, f: VerhaalFilter, mode: Zichtbaarheid, per: str | None = None
                  ) -> Telling:
    """The readable stories matching f, their answers to one question counted in one GROUP BY query.
    per: 'wijk' or 'jaar' splits the counts by that story column (see Telling.deel).
    Raises FilterFout when the question does not exist."""
    if per is not None and per not in PER:
        raise PatroonFout(f"Splitsen kan per wijk of per jaar, niet per '{per}'.")
    info = signifier_info(conn, signifier_id)
    sql, params = stories.answers_sql(conn, signifier_id, f, mode)
    return Telling(info, conn.execute(_count_sql(info.soort, sql, per), params).df(), sql, params, per)


def _series(aantallen: pd.DataFrame, key: str) -> pd.Series:
    return aantallen.groupby(key)["n"].sum() if len(aantallen) else pd.Series(dtype=np.int64)


def _point_sample(conn, telling: Telling) -> pd.DataFrame:
    """At most PUNTEN_MAX triad answers, a fixed sample (the same stories every time), ordered by story."""
    query = (f"SELECT * FROM (SELECT t.verhaal, t.triade_a, t.triade_b, t.triade_c FROM ({telling.sql}) t "
             f"WHERE {_TRIADE} ORDER BY hash(t.verhaal), t.verhaal LIMIT ?) ORDER BY verhaal")
    return conn.execute(query, [*telling.params, PUNTEN_MAX]).df()


_TRIAD_COLUMNS = pd.DataFrame({"verhaal": pd.Series(dtype=object), "triade_a": pd.Series(dtype=float),
                               "triade_b": pd.Series(dtype=float), "triade_c": pd.Series(dtype=float)})


# Which pattern cells core.vertellen.groepen checks for each pattern (its `categorie`).
CATEGORIE = {"dichtheid": "cel", "zones": "zone", "histogram": "bin", "keuzes": "keuze"}
PATROON_SLEUTELS = {"triade": ("dichtheid", "zones"), "slider": ("histogram",), "keuze": ("keuzes",)}


def group_checks(conn, signifier_id: str, f: VerhaalFilter, mode: Zichtbaarheid, k: int) -> dict | None:
    """Rule B of core.vertellen.groepen for the patterns of one question (partner mode; None in staff mode,
    where rule A alone holds): pattern key -> groepen.Oordeel (whole group, and the cells without a number)."""
    if not groepen.verschil_regel(mode):
        return None
    info = signifier_info(conn, signifier_id)
    keys = PATROON_SLEUTELS[info.soort]
    found = groepen.beoordeel_patronen(conn, f, mode, _check_k(k), signifier_id, info.soort,
                                       tuple(CATEGORIE[key] for key in keys), HEATMAP_DELING)
    return {key: found[CATEGORIE[key]] for key in keys}


def patterns_from_counts(telling: Telling, k: int = MIN_GROEP_STANDAARD, punten: pd.DataFrame | None = None,
                         controle: dict | None = None, regels: bool = True) -> dict[str, Pattern]:
    """The patterns of patterns_for from counted answers. punten: a sample of triad answers for the dots
    (as from _point_sample); None leaves the 'punten' pattern out. controle: group_checks of the same group
    (partner mode): a hidden group shows nothing, a hidden cell no number."""
    info, counts, n = telling.info, telling.aantallen, telling.n
    check = (controle or {}).get
    if info.soort == "triade":
        cells = counts.groupby(["i", "j", "l"])["n"].sum() if len(counts) else pd.Series(dtype=np.int64)
        found = {"dichtheid": _grid_pattern({tuple(map(int, key)): int(v) for key, v in cells.items()},
                                            HEATMAP_DELING, n, k, check("dichtheid"), regels),
                 "zones": _zone_pattern(_series(counts, "zone"), info.labels, n, k, check("zones"), regels)}
        if punten is None:
            return found
        zones = found["zones"]   # dots are single answers: only with a group that may be shown
        dots = triad_points(punten.head(0) if zones.too_small else punten, info.labels, k, n=n)
        if zones.too_small:
            dots = replace(dots, too_small=True, reden=zones.reden)
        return {"punten": dots, **found}
    if info.soort == "slider":
        values = counts["waarde"].to_numpy(dtype=float)
        bins = np.minimum(np.floor(values / 10), 9).astype(int)
        weights = counts["n"].to_numpy(dtype=float)
        return {"histogram": _histogram_pattern(np.bincount(bins, weights=weights, minlength=10), n, k,
                                                check("histogram"), regels)}
    return {"keuzes": _choice_pattern(_series(counts, "keuze"), info.labels, n, k, check("keuzes"), regels)}


def patterns_for(conn, signifier_id: str, f: VerhaalFilter, mode: Zichtbaarheid,
                 k: int = MIN_GROEP_STANDAARD, punten: bool = True, regels: bool = True) -> dict[str, Pattern]:
    """Every pattern of one question for the readable stories matching f, from GROUP BY queries.

    triade -> {'punten', 'dichtheid', 'zones'}; slider -> {'histogram'}; keuze -> {'keuzes'}.
    'punten' holds at most PUNTEN_MAX dots (a fixed sample; one more query), its n counts all answers;
    punten=False leaves it out (the pages draw the heatmap).
    """
    telling = answer_counts(conn, signifier_id, f, mode)
    sample = None
    if punten and telling.info.soort == "triade":
        sample = _point_sample(conn, telling) if telling.n >= _check_k(k) else _TRIAD_COLUMNS
    controle = group_checks(conn, signifier_id, f, mode, k) if regels else None
    return patterns_from_counts(telling, k, sample, controle, regels)


def _value_series(telling: Telling) -> pd.Series:
    """Answers per distinct value (slider) or category: zone name (triad) or option (keuze)."""
    counts, info = telling.aantallen, telling.info
    if info.soort == "slider":
        values = _series(counts, "waarde")   # sorted by value (a groupby sorts its keys)
        return pd.Series(values.to_numpy(dtype=np.int64), index=values.index.to_numpy(dtype=float))
    if info.soort == "triade":
        zones = _series(counts, "zone")
        return pd.Series(zones.to_numpy(dtype=np.int64), index=[zone_name(c, info.labels) for c in zones.index])
    options = _series(counts, "keuze")
    return pd.Series(options.to_numpy(dtype=np.int64), index=options.index.astype(str).to_numpy())


def compare_counts(a: Telling, b: Telling, k: int = MIN_GROEP_STANDAARD, getoond_a: bool = True,
                   getoond_b: bool = True, regels: bool = True) -> SliderVergelijking | VerdelingVergelijking:
    """Two groups' counted answers to the same question, side by side (as `compare`). getoond_a/b False: that
    group is hidden by core.vertellen.groepen (partner mode) and is treated as too small."""
    info = a.info
    if info.soort == "slider":
        return _compare_slider_counts(_value_series(a), _value_series(b), k, getoond_a, getoond_b, regels)
    order = zone_names(info.labels) if info.soort == "triade" else info.labels
    return _compare_share_counts(_value_series(a), _value_series(b), order, k, getoond_a, getoond_b, regels,
                                 a.n, b.n)


def compare_groups(conn, signifier_id: str, f_a: VerhaalFilter, f_b: VerhaalFilter, mode: Zichtbaarheid,
                   k: int = MIN_GROEP_STANDAARD, regels: bool = True) -> SliderVergelijking | VerdelingVergelijking:
    """The same question for two filtered groups of readable stories, side by side (counts from SQL)."""
    shown = [not regels or all(o.getoond for o in (group_checks(conn, signifier_id, f, mode, k) or {}).values())
             for f in (f_a, f_b)]
    return compare_counts(answer_counts(conn, signifier_id, f_a, mode), answer_counts(conn, signifier_id, f_b, mode), k,
                          *shown, regels=regels)


def zone_filter(f: VerhaalFilter, signifier_id: str, zone: str) -> VerhaalFilter:
    """f narrowed to the stories whose triad answer lies in this zone (a name from zone_names)."""
    return replace(f, zones={**f.zones, signifier_id: zone})


def range_filter(f: VerhaalFilter, signifier_id: str, lo: float, hi: float) -> VerhaalFilter:
    """f narrowed to the stories whose slider answer lies in [lo, hi]."""
    return replace(f, sliders={**f.sliders, signifier_id: (lo, hi)})


def choice_filter(f: VerhaalFilter, signifier_id: str, keuze: str) -> VerhaalFilter:
    """f narrowed to the stories that gave this answer to a choice question."""
    return replace(f, keuzes={**f.keuzes, signifier_id: [keuze]})
