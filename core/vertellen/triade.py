"""Triad maths, shared by the patterns and the charts: corners, zones, positions and heatmap cells.

A leaf module: it imports nothing of core.

Triangle (ternary) layout, for weights (a, b, c) in the order of the signifier's three labels:
    corner A (first label)  at the top,          (x, y) = (0.5, sqrt(3)/2)
    corner B (second label) at the bottom left,  (x, y) = (0, 0)
    corner C (third label)  at the bottom right, (x, y) = (1, 0)
A point is the weighted mean of the corners: x = 0.5*a + c, y = sqrt(3)/2 * a. The centre
(1/3, 1/3, 1/3) lies at (0.5, sqrt(3)/6). Weights are divided by their sum first (the store
allows a sum of 1 ± 0.01).

Zones (how practitioners read a triad; seven, every point in exactly one):
    "hoek: <label>"              the weight of that corner >= HOEK (0.6);
    "midden"                     otherwise, when every weight lies in [MIDDEN_LAAG, MIDDEN_HOOG] = [0.2, 0.47];
    "rand: <label1> en <label2>" otherwise: the edge between the two largest weights. When the
                                 second and third weight are equal, the earlier label wins.
Corners are tested first; a corner and the centre cannot overlap (0.47 < 0.6).
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd

HOEK = 0.6
MIDDEN_LAAG, MIDDEN_HOOG = 0.2, 0.47
_EPS = 1e-9  # weights read from the store are floats: 0.6 must count as 0.6

SQRT3_2 = math.sqrt(3) / 2
HOEKPUNTEN = {"a": (0.5, SQRT3_2), "b": (0.0, 0.0), "c": (1.0, 0.0)}

# Zone codes in display order; names follow from the signifier's labels (zone_name).
ZONE_CODES = ("hoek_a", "hoek_b", "hoek_c", "rand_ab", "rand_bc", "rand_ac", "midden")
_RAND_BY_PAIR = {(0, 1): "rand_ab", (1, 2): "rand_bc", (0, 2): "rand_ac"}
# The closed outline of the triangle, corner A (top), B (bottom left), C (bottom right), A.
OMTREK = [list(HOEKPUNTEN[h]) for h in "abca"]


def normalised(a, b, c):
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    total = a + b + c
    return a / total, b / total, c / total


def to_xy(a, b, c) -> tuple[np.ndarray, np.ndarray]:
    """Triad weights (scalars or arrays) -> (x, y) in the triangle described in the module docstring."""
    a, b, c = normalised(a, b, c)
    return 0.5 * a + 1.0 * c, SQRT3_2 * a


def zone_codes(a, b, c) -> np.ndarray:
    """The zone code (one of ZONE_CODES) of every triad answer in the arrays a, b, c (or of scalars)."""
    w = np.column_stack([np.atleast_1d(v) for v in normalised(a, b, c)])
    top = np.argmax(w, axis=1)                         # argmax keeps the earliest index on ties
    corner = w[np.arange(len(w)), top] >= HOEK - _EPS
    centre = ((w >= MIDDEN_LAAG - _EPS) & (w <= MIDDEN_HOOG + _EPS)).all(axis=1)
    largest = np.sort(np.argsort(-w, axis=1, kind="stable")[:, :2], axis=1)  # earlier label on ties
    edge = np.array([_RAND_BY_PAIR[(0, 1)], _RAND_BY_PAIR[(1, 2)], _RAND_BY_PAIR[(0, 2)]], dtype=object)[
        np.where(largest[:, 0] == 1, 1, np.where(largest[:, 1] == 1, 0, 2))]
    return np.where(corner, np.array(ZONE_CODES[:3], dtype=object)[top], np.where(centre, "midden", edge))


def _sql_number(value: float) -> str:
    # repr is the shortest text that reads back as the same double: SQL compares with the same number
    return f"CAST('{value!r}' AS DOUBLE)"


def zone_case_sql(a: str, b: str, c: str) -> str:
    """The zone rule of `zone_codes` as a SQL CASE giving a zone code (one of ZONE_CODES).

    a, b, c: SQL expressions of the three *normalised* weights (see `normalised_sql`); they come
    from code, never from input. tests/test_patterns.py checks it against `zone_codes`.
    """
    hoek, laag, hoog = (_sql_number(v) for v in (HOEK - _EPS, MIDDEN_LAAG - _EPS, MIDDEN_HOOG + _EPS))
    return (f"CASE WHEN greatest({a}, {b}, {c}) >= {hoek} THEN "
            f"(CASE WHEN {a} >= {b} AND {a} >= {c} THEN 'hoek_a' WHEN {b} >= {c} THEN 'hoek_b' ELSE 'hoek_c' END) "
            f"WHEN least({a}, {b}, {c}) >= {laag} AND greatest({a}, {b}, {c}) <= {hoog} THEN 'midden' "
            # the edge of the two largest: the smallest weight is left out, the later label on ties
            f"WHEN {c} <= {a} AND {c} <= {b} THEN 'rand_ab' WHEN {b} <= {a} THEN 'rand_ac' ELSE 'rand_bc' END")


def normalised_sql(alias: str) -> tuple[str, str, str]:
    """SQL expressions of the normalised weights of an `antwoorden` row under `alias` (as `normalised`)."""
    total = f"({alias}.triade_a + {alias}.triade_b + {alias}.triade_c)"
    return tuple(f"({alias}.triade_{x} / {total})" for x in "abc")


def cell_sql(a: str, b: str, c: str, deling: int) -> tuple[str, str, str]:
    """SQL expressions of the heatmap cell (i, j, l) of normalised weights a, b, c: the rule of `cell_of`."""
    d = int(deling)
    i, j, l_ = (f"least(CAST(floor(round({w} * {d}, 9)) AS INTEGER), {d - 1})" for w in (a, b, c))
    on_vertex = f"({i} + {j} + {l_} = {d})"  # a grid vertex: one less on the first non-zero index
    return (f"({i} - CASE WHEN {on_vertex} AND {i} > 0 THEN 1 ELSE 0 END)",
            f"({j} - CASE WHEN {on_vertex} AND {i} = 0 AND {j} > 0 THEN 1 ELSE 0 END)",
            f"({l_} - CASE WHEN {on_vertex} AND {i} = 0 AND {j} = 0 THEN 1 ELSE 0 END)")


def zone_code(a: float, b: float, c: float) -> str:
    """The zone code (one of ZONE_CODES) of one triad answer."""
    return str(zone_codes(a, b, c)[0])


def zone_name(code: str, labels: Sequence[str]) -> str:
    """'hoek_a' -> 'hoek: mijzelf'; 'rand_bc' -> 'rand: mijn gezin en mijn omgeving'; 'midden'."""
    if code == "midden":
        return "midden"
    kind, letters = code.split("_")
    names = [labels["abc".index(x)] for x in letters]
    return f"hoek: {names[0]}" if kind == "hoek" else f"rand: {names[0]} en {names[1]}"


def zone_short(code: str, labels: Sequence[str]) -> str:
    """A short answer text for a story card: 'mijzelf', 'mijzelf en mijn gezin', 'alle drie'."""
    if code == "midden":
        return "alle drie"
    return zone_name(code, labels).split(": ", 1)[1]


def zone_names(labels: Sequence[str]) -> list[str]:
    """The seven zone names of a triad with these labels, in display order."""
    return [zone_name(code, labels) for code in ZONE_CODES]


def zone_codes_of(answers: pd.DataFrame) -> pd.Series:
    """Zone code per row of a frame with triade_a, triade_b, triade_c."""
    if answers.empty:
        return pd.Series([], index=answers.index, dtype=object)
    codes = zone_codes(answers["triade_a"], answers["triade_b"], answers["triade_c"])
    return pd.Series(codes, index=answers.index, dtype=object)


# --- heatmap: triangular bins ------------------------------------------------------------------
#
# Each side is split into `deling` parts, which cuts the triangle into deling² small triangles:
# "op" (pointing like the big triangle) and "neer". A point with weights (a, b, c) lies in the cell
# (i, j, l) = floor(deling * weights); i + j + l = deling - 1 for an "op" cell, deling - 2 for "neer".
# A point exactly on a grid vertex gives i + j + l = deling; it goes to the "op" cell below the
# first non-zero index (a fixed rule, so each point is counted once).

def cell_of(a: float, b: float, c: float, deling: int) -> tuple[int, int, int]:
    idx = [min(int(math.floor(round(w * deling, 9))), deling - 1) for w in (a, b, c)]
    if sum(idx) == deling:
        first = next(i for i, v in enumerate(idx) if v > 0)
        idx[first] -= 1
    return tuple(idx)


def all_cells(deling: int) -> pd.DataFrame:
    rows = []
    for i in range(deling):
        for j in range(deling - i):
            for total, orientatie, offset in ((deling - 1, "op", 1 / 3), (deling - 2, "neer", 2 / 3)):
                l_ = total - i - j
                if l_ >= 0:
                    rows.append((i, j, l_, orientatie, (i + offset) / deling, (j + offset) / deling,
                                 (l_ + offset) / deling))
    return pd.DataFrame(rows, columns=["i", "j", "l", "orientatie", "a", "b", "c"])


def cell_polygon(x: float, y: float, orientatie: str, side: float) -> list[list[float]]:
    """The closed outline of a heatmap cell around its centroid (x, y); side: 1 / deling."""
    h = side * SQRT3_2
    if orientatie == "op":
        pts = [[x - side / 2, y - h / 3], [x + side / 2, y - h / 3], [x, y + 2 * h / 3]]
    else:
        pts = [[x - side / 2, y + h / 3], [x + side / 2, y + h / 3], [x, y - 2 * h / 3]]
    return pts + [pts[0]]
