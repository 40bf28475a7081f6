"""Patterns in signified stories: triad points, zone counts, heatmap bins, slider histograms, choice counts,
and the same pattern for two groups side by side.

The functions on DataFrames are pure; the few that take a connection get their answers through
`core.vertellen.stories`, so consent is applied there. Every pattern obeys the minimum group size k
(setting `min_groep`): with fewer than k answers a Pattern keeps only its count n, never data.

The triad maths (corners, zones, positions, heatmap cells) lives in core.vertellen.triade.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np
import pandas as pd

from core.errors import TellenError
from core.vertellen import stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter
from core.vertellen.triade import (
    ZONE_CODES,
    all_cells,
    cell_of,
    normalised,
    to_xy,
    zone_codes_of,
    zone_name,
    zone_names,
)

HEATMAP_DELING = 10            # a heatmap splits each side of the triangle in this many parts
SLIDER_BINS = tuple(range(0, 100, 10))
POSITIEF = 60                  # a slider answer >= 60 counts as "positive" in comparisons
MIN_GROEP_STANDAARD = 5        # settings.min_groep's default; callers pass the setting


class PatroonFout(TellenError):
    """A pattern was asked for with a wrong kind of question or impossible numbers."""


# --- the Pattern result -----------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    """A pattern of n answers. When n < k, too_small is True and data is empty: show only n."""
    soort: str          # 'punten' | 'dichtheid' | 'zones' | 'histogram' | 'keuzes'
    n: int
    k: int
    data: pd.DataFrame
    too_small: bool

    @property
    def melding(self) -> str | None:
        """The Dutch caveat to show under the chart, or None."""
        if not self.too_small:
            return None
        return (f"Er zijn {self.n} verhalen met een antwoord. Dat is minder dan {self.k}. "
                "Daarom laten we geen patroon zien: zo blijft niemand herkenbaar.")


def _check_k(k: int) -> int:
    if int(k) < 1:
        raise PatroonFout("De minimale groepsgrootte moet 1 of meer zijn. Pas TV_MIN_GROEP aan.")
    return int(k)


def _pattern(soort: str, n: int, k: int, data: pd.DataFrame) -> Pattern:
    """Apply the k-rule: a small group keeps its count and the column names, never its rows."""
    k = _check_k(k)
    too_small = n < k
    return Pattern(soort, int(n), k, data.head(0) if too_small else data.reset_index(drop=True), too_small)


def _triads(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.dropna(subset=["triade_a", "triade_b", "triade_c"])


def triad_points(answers: pd.DataFrame, labels: Sequence[str], k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """One dot per answer. Columns: verhaal, a, b, c (normalised), x, y, zone (name)."""
    t = _triads(answers)
    a, b, c = normalised(t["triade_a"], t["triade_b"], t["triade_c"])
    x, y = to_xy(a, b, c)
    codes = zone_codes_of(t)
    data = pd.DataFrame({"verhaal": t.get("verhaal", pd.Series(index=t.index, dtype=object)).to_numpy(),
                         "a": a, "b": b, "c": c, "x": x, "y": y,
                         "zone": [zone_name(code, labels) for code in codes]})
    return _pattern("punten", len(t), k, data)


def density_grid(answers: pd.DataFrame, deling: int = HEATMAP_DELING, k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Heatmap bins over the whole triangle, empty cells included (deling² rows).

    Columns: x, y (cell centre), count, orientatie ('op'/'neer', for a triangle-up/-down mark),
    a, b, c (weights of the centre), i, j, l (cell index). Counts sum to n.
    """
    if deling < 1:
        raise PatroonFout("Verdeel de driehoek in 1 of meer stukken.")
    t = _triads(answers)
    a, b, c = normalised(t["triade_a"], t["triade_b"], t["triade_c"])
    cells = all_cells(deling)
    counts = pd.Series([cell_of(*w, deling) for w in zip(a, b, c)], dtype=object).value_counts()
    cells["count"] = [int(counts.get((i, j, l_), 0)) for i, j, l_ in zip(cells["i"], cells["j"], cells["l"])]
    cells["x"], cells["y"] = to_xy(cells["a"], cells["b"], cells["c"])
    data = cells[["x", "y", "count", "orientatie", "a", "b", "c", "i", "j", "l"]]
    return _pattern("dichtheid", len(t), k, data)


# --- counts ------------------------------------------------------------------------------------

def _shares(counts: pd.Series) -> pd.Series:
    total = counts.sum()
    return counts / total if total else counts.astype(float)


def zone_counts(answers: pd.DataFrame, labels: Sequence[str], k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Answers per zone, all seven zones in display order. Columns: code, zone, count, share (0–1)."""
    t = _triads(answers)
    counts = zone_codes_of(t).value_counts().reindex(list(ZONE_CODES), fill_value=0)
    data = pd.DataFrame({"code": list(ZONE_CODES), "zone": zone_names(labels),
                         "count": counts.to_numpy(dtype=int), "share": _shares(counts).to_numpy()})
    return _pattern("zones", len(t), k, data)


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
    data = pd.DataFrame({"van": SLIDER_BINS, "tot": [lo + 10 for lo in SLIDER_BINS],
                         "label": [f"{lo}–{lo + 10}" for lo in SLIDER_BINS], "count": counts.astype(int)})
    return _pattern("histogram", len(values), k, data)


def _choice_values(answers) -> pd.Series:
    values = answers["keuze"] if isinstance(answers, pd.DataFrame) else pd.Series(answers, dtype=object)
    return values.dropna().astype(str)


def choice_counts(answers, opties: Sequence[str], k: int = MIN_GROEP_STANDAARD) -> Pattern:
    """Answers per option, every option listed (unknown values after them). Columns: keuze, count, share."""
    values = _choice_values(answers)
    order = list(opties) + sorted(set(values) - set(opties))
    counts = values.value_counts().reindex(order, fill_value=0)
    data = pd.DataFrame({"keuze": order, "count": counts.to_numpy(dtype=int), "share": _shares(counts).to_numpy()})
    return _pattern("keuzes", len(values), k, data)


# --- two groups side by side -------------------------------------------------------------------

def cliffs_delta(x, y) -> float:
    """P(X > Y) - P(X < Y) over all pairs: -1 … 1, 0 = no difference. Needs two non-empty groups."""
    x, y = np.asarray(x, dtype=float), np.sort(np.asarray(y, dtype=float))
    if not len(x) or not len(y):
        raise PatroonFout("Voor een vergelijking zijn twee groepen met antwoorden nodig.")
    greater = np.searchsorted(y, x, side="left").sum()          # pairs with x > y
    less = (len(y) - np.searchsorted(y, x, side="right")).sum()  # pairs with x < y
    return float(greater - less) / (len(x) * len(y))


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


def _slider_group(values: pd.Series, k: int) -> SliderGroep:
    if len(values) < k:
        return SliderGroep(len(values), True, None, None, None)
    return SliderGroep(len(values), False, float(values.median()), float(values.mean()),
                       float((values >= POSITIEF).mean()))


def compare_sliders(group_a, group_b, k: int = MIN_GROEP_STANDAARD) -> SliderVergelijking:
    """Compare two groups' slider answers (frames with `slider`, or sequences of values)."""
    k = _check_k(k)
    va, vb = _slider_values(group_a), _slider_values(group_b)
    a, b = _slider_group(va, k), _slider_group(vb, k)
    if a.too_small or b.too_small:
        return SliderVergelijking(k, a, b, None, None, None, None)
    return SliderVergelijking(k, a, b, a.mediaan - b.mediaan, a.gemiddelde - b.gemiddelde,
                              a.aandeel_positief - b.aandeel_positief, cliffs_delta(va, vb))


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
    k = _check_k(k)
    ca, cb = (pd.Series(list(c), dtype=object).dropna() for c in (categories_a, categories_b))
    order = list(order) + sorted((set(ca) | set(cb)) - set(order))
    small_a, small_b = len(ca) < k, len(cb) < k
    share_a = np.nan if small_a else _shares(ca.value_counts().reindex(order, fill_value=0))
    share_b = np.nan if small_b else _shares(cb.value_counts().reindex(order, fill_value=0))
    tabel = pd.DataFrame({"categorie": order})
    tabel["aandeel_a"] = np.nan if small_a else share_a.to_numpy()
    tabel["aandeel_b"] = np.nan if small_b else share_b.to_numpy()
    tabel["verschil"] = tabel["aandeel_a"] - tabel["aandeel_b"]
    tvd = None if small_a or small_b else float(tabel["verschil"].abs().sum() / 2)
    return VerdelingVergelijking(k, len(ca), len(cb), small_a, small_b, tabel, tvd)


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
    """A question of the framework: id, soort (triade/slider/keuze), vraag, labels."""
    id: str
    soort: str
    vraag: str
    labels: tuple[str, ...]


def signifier_info(conn, signifier_id: str) -> SignifierInfo:
    """The question's definition (the first framework that has it). Raises FilterFout when unknown."""
    row = conn.execute("SELECT id, soort, vraag, labels FROM signifiers WHERE id = ? ORDER BY kader LIMIT 1",
                       [signifier_id]).fetchone()
    if row is None:
        raise stories.FilterFout(f"De vraag '{signifier_id}' bestaat niet bij deze verhalen. "
                                 "Kies een vraag uit de lijst.")
    return SignifierInfo(row[0], row[1], row[2], tuple(row[3]))


def patterns_for(conn, signifier_id: str, f: VerhaalFilter, mode: Zichtbaarheid,
                 k: int = MIN_GROEP_STANDAARD) -> dict[str, Pattern]:
    """Every pattern of one question for the readable stories matching f.

    triade -> {'punten', 'dichtheid', 'zones'}; slider -> {'histogram'}; keuze -> {'keuzes'}.
    """
    info = signifier_info(conn, signifier_id)
    answers = stories.signifier_answers(conn, signifier_id, f, mode)
    if info.soort == "triade":
        return {"punten": triad_points(answers, info.labels, k), "dichtheid": density_grid(answers, k=k),
                "zones": zone_counts(answers, info.labels, k)}
    if info.soort == "slider":
        return {"histogram": slider_histogram(answers, k)}
    return {"keuzes": choice_counts(answers, info.labels, k)}


def compare_groups(conn, signifier_id: str, f_a: VerhaalFilter, f_b: VerhaalFilter, mode: Zichtbaarheid,
                   k: int = MIN_GROEP_STANDAARD) -> SliderVergelijking | VerdelingVergelijking:
    """The same question for two filtered groups of readable stories, side by side."""
    info = signifier_info(conn, signifier_id)
    group_a = stories.signifier_answers(conn, signifier_id, f_a, mode)
    group_b = stories.signifier_answers(conn, signifier_id, f_b, mode)
    return compare(group_a, group_b, info.soort, info.labels, k)


def zone_filter(f: VerhaalFilter, signifier_id: str, zone: str) -> VerhaalFilter:
    """f narrowed to the stories whose triad answer lies in this zone (a name from zone_names)."""
    return replace(f, zones={**f.zones, signifier_id: zone})


def range_filter(f: VerhaalFilter, signifier_id: str, lo: float, hi: float) -> VerhaalFilter:
    """f narrowed to the stories whose slider answer lies in [lo, hi]."""
    return replace(f, sliders={**f.sliders, signifier_id: (lo, hi)})


def choice_filter(f: VerhaalFilter, signifier_id: str, keuze: str) -> VerhaalFilter:
    """f narrowed to the stories that gave this answer to a choice question."""
    return replace(f, keuzes={**f.keuzes, signifier_id: [keuze]})
