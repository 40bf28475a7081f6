"""Small groups: which views of stories may be shown, given the minimum group size k (setting min_groep).

A *view* is a group of stories picked by a filter (a VerhaalFilter, a zone or range on Patronen, one
group of a comparison) and everything we show of it: its count, its pattern, its table, its story cards.
Two rules decide what a view may show; `REGEL_TEKST` says the same in Dutch for the Bronnen page.

Rule A (the k rule, both modes). A view of 1 to k-1 stories shows nothing derived from it: not its
count ("minder dan k verhalen"), no pattern, table, tooltip or cards. The same holds for one cell of a
pattern (a zone, a heatmap cell, a histogram bin, an answer): a cell of 1 to k-1 answers shows no number,
and when the hidden cells of a pattern add up to 1 to k-1 more cells are hidden (else the total minus
the shown cells gives the hidden ones back). Rule A holds for patterns, exports and meeting screens in
both modes. Staff (INTERN) may read every story one by one anyway, so their Verhalen list is not hidden.

Rule B (differencing, partner mode). Hiding small views is not enough: "wijk X" (20 stories) minus
"wijk X, 65+" (17 stories) gives a group of 3. So a view defined by conditions c1..cm is hidden when
some related view differs from it by 1 to k-1 stories:
- every sub-filter: every *subset* of the conditions (the empty one: all stories of the gemeente this
  mode may read). Checking only the parents one condition away is not enough: two conditions may
  only matter together (e.g. "wijk X, rol jongere, tot 18 jaar" when in wijk X every jongere is under 18 and
  the other way round: dropping either of the two changes nothing, dropping both adds the 3 stories of
  wijk X that are neither);
- every narrowing the interface can ask for inside one condition: one or some of the chosen wijken
  (answers, age groups, ...), a shorter run of years, a slider range with ends on the grid of 10 or one
  histogram bin. Together with the sub-filters this covers every pair "view, the same view narrowed and
  with conditions added" (the difference splits in two steps, each 0 or at least k).
- every view of up to two conditions that all stories of this view happen to meet as well (*implied*
  conditions: all are "tot 18 jaar", all answered between 60 and 70): "rol jongere, onderwerp jeugd" is then
  checked against "tot 18 jaar" too, though neither is a sub-filter of the other. A wider range or list that
  contains an implied one is checked by that wider view's own narrowings.
The implied conditions come from one small aggregate over the view's stories; the counts of all those
views come from ONE SQL query: the stories of the gemeente grouped by one key
per condition (which chosen value they match, NULL when they match none); the sub-filters and narrowings
are then sums over those few groups in numpy, never a loop over stories. Cells of a pattern are checked
the same way (the cell with and without each condition). What the rule does not cover: a view nested
by coincidence in a view of three or more conditions; a group of 1 to k-1 that only follows from three or
more shown numbers; a search term as an implied condition (a search is checked as a condition of the view
itself, with its sub-filters).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from core.vertellen import kaders, search, stories, triade
from core.vertellen.consent import Zichtbaarheid, consent_clause
from core.vertellen.stories import VerhaalFilter

REGEL_TEKST = (
    "Kleine groepen. Een groep van minder dan {k} verhalen laten we niet zien: geen aantal, geen patroon, "
    "geen tabel en geen verhalen. U leest dan 'minder dan {k} verhalen'. Ook een vak in een grafiek met 1 tot "
    "{k_min} verhalen krijgt geen getal. Partners zien nog minder: een groep die met 1 tot {k_min} verhalen "
    "verschilt van een ruimere keuze (bijvoorbeeld een wijk, en dezelfde wijk met één leeftijdsgroep) tonen we "
    "ook niet. Anders kunt u een kleine groep uitrekenen door twee getallen van elkaar af te trekken. We ronden "
    "niet af: zo kloppen de getallen die u wel ziet. Medewerkers van de gemeente zien alle verhalen in de "
    "lijst; patronen, tabellen en documenten volgen ook voor hen de grens van {k}.")

MAX_COMBINATIES = 20_000   # related views checked at most; a filter with more is hidden (choose fewer values)
_SUBSETS_TOT = 4           # a list of up to this many values: every part of it is a narrowing; else each value


def regel_tekst(k: int) -> str:
    """REGEL_TEKST for this k (the Bronnen page)."""
    return REGEL_TEKST.format(k=int(k), k_min=int(k) - 1)


def minder_dan(k: int) -> str:
    return f"minder dan {int(k)} verhalen"


def verschil_regel(mode: Zichtbaarheid) -> bool:
    """Rule B holds in partner mode; staff may read every story, so there is nothing to work out."""
    return Zichtbaarheid(mode) is Zichtbaarheid.PARTNER


@dataclass(frozen=True)
class Oordeel:
    """What a view may show. n: its size (for code and tests only: show `aantal_tekst`).
    getoond False: show nothing derived from the group; `melding` says why in Dutch (never n)."""
    n: int
    k: int
    getoond: bool
    reden: str | None = None            # None | 'klein' | 'verschil' | 'te_veel'
    verborgen: frozenset = field(default_factory=frozenset)   # cells of a pattern without a number

    @property
    def aantal_tekst(self) -> str:
        if not self.getoond:
            return minder_dan(self.k) if self.reden == "klein" else "een aantal dat we niet tonen"
        return f"{self.n} {'verhaal' if self.n == 1 else 'verhalen'}"

    @property
    def melding(self) -> str | None:
        return None if self.getoond else MELDINGEN[self.reden].format(k=self.k)


MELDINGEN = {
    "klein": "Deze groep heeft minder dan {k} verhalen. Daarom laten we er niets van zien: zo blijft niemand "
             "herkenbaar.",
    "verschil": "Deze groep laten we niet zien. Hij verschilt met minder dan {k} verhalen van een ruimere keuze: "
                "door af te trekken zou u een kleine groep kunnen uitrekenen. Maak de keuze ruimer.",
    "te_veel": "Bij zoveel keuzes tegelijk kunnen we niet nagaan of een kleine groep herkenbaar wordt. "
               "Kies minder waarden of minder filters.",
}


def oordeel_k(n: int, k: int) -> Oordeel:
    """Rule A only (staff lists and checks without the related views)."""
    n, k = int(n), int(k)
    return Oordeel(n, k, not 0 < n < k, "klein" if 0 < n < k else None)


# --- the conditions of a filter, each as a key per story ------------------------------------------------

@dataclass(frozen=True)
class _Voorwaarde:
    """One condition of a filter: `sleutel` (SQL) gives each story a small integer key, NULL when it does not
    meet the condition; `join` (SQL, may be empty) brings in what the key needs. nauwer: the key sets of the
    narrowings the interface can ask for within this condition (the condition itself among them)."""
    sleutel: str
    sleutel_params: list
    join: str
    join_params: list
    nauwer: tuple[frozenset, ...]


def _deelverzamelingen(aantal: int) -> tuple[frozenset, ...]:
    if aantal <= _SUBSETS_TOT:
        return tuple(frozenset(c) for r in range(1, aantal + 1) for c in combinations(range(aantal), r))
    alles = frozenset(range(aantal))
    return (alles, *(frozenset([i]) for i in range(aantal)), *(alles - {i} for i in range(aantal)))


def _reeksen(atomen: int, stap: int = 1, start: int = 0) -> tuple[frozenset, ...]:
    """Every run of atoms [i, j] whose ends lie on the grid start, start+stap, …"""
    ends = list(range(start, atomen, stap))
    return tuple(frozenset(range(i, j + 1)) for a, i in enumerate(ends) for j in ends[a:])


def _lijst(kolom: str, waarden) -> _Voorwaarde:
    waarden = sorted(waarden)
    return _Voorwaarde(f"list_position(?::VARCHAR[], {kolom}) - 1", [waarden], "", [], _deelverzamelingen(len(waarden)))


def _antwoord_join(alias: str, sleutel: str, voorwaarde: str, params: list) -> str:
    return (f"LEFT JOIN (SELECT a.verhaal, min({sleutel}) AS s FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? AND "
            f"{voorwaarde} GROUP BY a.verhaal) {alias} ON {alias}.verhaal = v.id")


def _slider(alias: str, vraag: tuple[str, str], lo: float, hi: float) -> _Voorwaarde:
    """Atoms: the grid points (lo, hi and the tens between) and the open stretches between them; key 2i for
    point i, 2i+1 for the stretch after it. Narrowings: closed grid ranges and the histogram's bins."""
    punten = sorted({lo, hi, *[float(g) for g in range(0, 101, 10) if lo < g < hi]})
    whens, params = [], []
    for i, g in enumerate(punten):
        whens.append(f"WHEN a.slider = ? THEN {2 * i}")
        params.append(g)
        if i + 1 < len(punten):
            whens.append(f"WHEN a.slider < ? THEN {2 * i + 1}")
            params.append(punten[i + 1])
    sleutel = "CASE " + " ".join(whens) + " END"
    atomen = 2 * len(punten) - 1
    bins = tuple(frozenset({2 * i, 2 * i + 1}) for i in range(len(punten) - 1))
    join = _antwoord_join(alias, sleutel, "a.slider BETWEEN ? AND ?", [])
    return _Voorwaarde(f"{alias}.s", [], join, [*params, *vraag, lo, hi],
                       tuple(dict.fromkeys(_reeksen(atomen, 2) + bins)))


def _voorwaarden(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> list[_Voorwaarde]:
    """The conditions of f (not the gemeente and consent: they make the base every view is part of)."""
    found: list[_Voorwaarde] = []
    for name, column in stories._LIST_COLUMNS.items():
        values = getattr(f, name)
        if name == "verhalen" and values:   # a saved set: one condition, its parts are not views
            found.append(_Voorwaarde("CASE WHEN v.id IN (SELECT unnest(?::VARCHAR[])) THEN 0 END", [list(values)],
                                     "", [], (frozenset({0}),)))
        elif values:
            found.append(_lijst(column, values))
    if f.jaren:
        lo, hi = f.jaren
        found.append(_Voorwaarde("CASE WHEN v.jaar BETWEEN ? AND ? THEN v.jaar - ? END", [lo, hi, lo], "", [],
                                 _reeksen(hi - lo + 1)))
    for i, (sid, (lo, hi)) in enumerate(f.sliders.items()):
        found.append(_slider(f"sl{i}", stories._question(conn, sid)[:2], lo, hi))
    for i, (sid, opties) in enumerate(f.keuzes.items()):
        vraag = stories._question(conn, sid)[:2]
        found.append(_keuze(f"ke{i}", vraag, opties, kaders.meerkeuze(conn, *vraag)))
    for i, (sid, zone) in enumerate(f.zones.items()):
        found.append(_zone(conn, f"zo{i}", sid, zone))
    if f.tekst:
        hits = search.search(conn, f.tekst, mode, limit=None, ordered=False)
        tabel = stories._register_hits(conn, f.tekst, mode, hits)   # a name from a hash, never from input
        found.append(_Voorwaarde("CASE WHEN zt.id IS NOT NULL THEN 0 END", [],
                                 f"LEFT JOIN {tabel} zt ON zt.id = v.id", [], (frozenset({0}),)))
    return found


def _keuze(alias: str, vraag: tuple[str, str], opties, meerkeuze: bool = False) -> _Voorwaarde:
    opties = sorted(opties)
    if meerkeuze and len(opties) > 1:
        return _meerkeuze(alias, vraag, opties)
    join = _antwoord_join(alias, "list_position(?::VARCHAR[], a.keuze) - 1", "a.keuze IN (SELECT unnest(?::VARCHAR[]))",
                          [])
    return _Voorwaarde(f"{alias}.s", [], join, [opties, *vraag, opties], _deelverzamelingen(len(opties)))


def _meerkeuze(alias: str, vraag: tuple[str, str], opties: list[str]) -> _Voorwaarde:
    """A multi-select choice: a story may have chosen several of the options, so its key is the set of them (a bit
    per option) and a narrowing to some options holds every story with one of those bits."""
    join = (f"LEFT JOIN (SELECT a.verhaal, bit_or(CAST(1 AS BIGINT) << CAST(list_position(?::VARCHAR[], a.keuze) - 1 "
            f"AS BIGINT)) AS s FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? AND a.keuze IN "
            f"(SELECT unnest(?::VARCHAR[])) GROUP BY a.verhaal) {alias} ON {alias}.verhaal = v.id")
    sets = tuple(frozenset(m for m in range(1, 2 ** len(opties)) if m & sum(1 << i for i in deel))
                 for deel in _deelverzamelingen(len(opties)))
    return _Voorwaarde(f"{alias}.s", [], join, [opties, *vraag, opties], sets)


def _zone(conn, alias: str, sid: str, naam: str) -> _Voorwaarde:
    """sid: a question key (core.vertellen.kaders): the triad of one framework."""
    zone = triade.zone_case_sql(*triade.normalised_sql("a"))
    kader, signifier, _, labels = stories._question(conn, sid)
    codes = [code for code in triade.ZONE_CODES if triade.zone_name(code, labels) == naam]
    join = (f"LEFT JOIN (SELECT DISTINCT verhaal, 0 AS s FROM (SELECT a.verhaal, {zone} AS zone "
            f"FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? AND a.triade_a IS NOT NULL) a "
            f"WHERE zone IN (SELECT unnest(?::VARCHAR[]))) {alias} ON {alias}.verhaal = v.id")
    return _Voorwaarde(f"{alias}.s", [], join, [kader, signifier, codes], (frozenset({0}),))


# --- one query: the stories of the base grouped by every condition's key (and a category) -----------------

_GEVOLG_KOLOMMEN = {"wijken": "wijk", "leeftijdsgroepen": "leeftijdsgroep", "rollen": "rol", "projecten": "project",
                    "onderwerpen": "onderwerp"}


def _gevolgen(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> list[_Voorwaarde]:
    """Conditions every story of f meets though f does not ask for them (see the module docstring): one value
    of a story column, one run of years, the tightest range of tens around a slider's answers, one zone, one
    answer. Two aggregates over f's stories (its columns, its answers)."""
    found = stories.selection(conn, f, mode)
    kolommen = ", ".join(f"count(DISTINCT v.{c}), count(v.{c}), any_value(v.{c})" for c in _GEVOLG_KOLOMMEN.values())
    rij = conn.execute(f"SELECT count(*), min(v.jaar), max(v.jaar), {kolommen} FROM {stories._VERHALEN} v "
                       f"WHERE v.id IN (SELECT id FROM ({found.sql}))", found.params).fetchone()
    n, result = rij[0], []
    if not n:
        return []
    if not f.jaren and rij[1] is not None:
        result.append(_Voorwaarde("CASE WHEN v.jaar BETWEEN ? AND ? THEN 0 END", [rij[1], rij[2]], "", [],
                                  (frozenset({0}),)))
    for i, (veld, kolom) in enumerate(_GEVOLG_KOLOMMEN.items()):
        distinct, count, value = rij[3 + 3 * i: 6 + 3 * i]
        if not getattr(f, veld) and distinct == 1 and count == n:
            result.append(_lijst(f"v.{kolom}", [value]))
    return result + _antwoord_gevolgen(conn, f, found, n)


def _antwoord_gevolgen(conn, f: VerhaalFilter, found, n: int) -> list[_Voorwaarde]:
    zone = triade.zone_case_sql(*triade.normalised_sql("a"))
    rows = conn.execute(
        f"SELECT a.kader, a.signifier, any_value(s.soort), count(DISTINCT a.verhaal), min(a.slider), max(a.slider), "
        f"min(a.keuze), max(a.keuze), min({zone}), max({zone}), any_value(s.labels) "
        f"FROM antwoorden a JOIN signifiers s ON s.id = a.signifier AND s.kader = a.kader "
        f"WHERE a.verhaal IN (SELECT id FROM ({found.sql})) "
        f"AND (a.slider IS NOT NULL OR a.keuze IS NOT NULL OR a.triade_a IS NOT NULL) GROUP BY a.kader, a.signifier "
        f"ORDER BY a.kader, a.signifier", found.params).fetchall()
    gevraagd = {veld: {stories._question(conn, key)[:2] for key in getattr(f, veld)}
                for veld in ("sliders", "keuzes", "zones")}
    result = []
    for kader, sid, soort, count, lo, hi, keuze, keuze_max, code, code_max, labels in rows:
        if count != n:
            continue
        vraag = (kader, sid)
        if soort == "slider" and vraag not in gevraagd["sliders"]:
            lo, hi = float(np.floor(lo / 10) * 10), float(min(100, np.ceil(hi / 10) * 10))
            if (lo, hi) != (0.0, 100.0):
                result.append(_slider(f"gs{len(result)}", vraag, lo, hi))
        elif soort == "keuze" and vraag not in gevraagd["keuzes"] and keuze == keuze_max:
            result.append(_keuze(f"gk{len(result)}", vraag, [keuze]))
        elif soort == "triade" and vraag not in gevraagd["zones"] and code == code_max:
            result.append(_zone(conn, f"gz{len(result)}", kaders.sleutel(kader, sid),
                                triade.zone_name(code, tuple(labels))))
    return result


def _cellen(conn, f: VerhaalFilter, mode: Zichtbaarheid, voorwaarden: list[_Voorwaarde],
            categorie: tuple[str, list[str], list] | None = None) -> pd.DataFrame:
    """Columns s0..s(m-1) (keys, NaN for 'not met'), cat0.. (when categorie: (join, key SQLs, params)), n."""
    keys = [f"{v.sleutel} AS s{i}" for i, v in enumerate(voorwaarden)]
    params = [p for v in voorwaarden for p in v.sleutel_params]
    joins = [v.join for v in voorwaarden if v.join]
    join_params = [p for v in voorwaarden for p in v.join_params]
    if categorie is not None:
        joins.append(categorie[0])
        join_params += categorie[2]
        keys += [f"{key} AS cat{i}" for i, key in enumerate(categorie[1])]
    where, where_params = consent_clause(mode), []
    if f.gemeente:
        where, where_params = where + " AND v.gemeentecode = ?", [f.gemeente]
    sql = (f"SELECT {', '.join(keys + ['count(*) AS n'])} FROM {stories._VERHALEN} v {' '.join(joins)} "
           f"WHERE {where} GROUP BY ALL")
    return conn.execute(sql, params + join_params + where_params).df()


def _maskers(cellen: pd.DataFrame, voorwaarden: list[_Voorwaarde]) -> tuple[list, list]:
    """Per condition: [met, everything] (its sub-filters) and its narrowings, as boolean rows over the cells."""
    ruimer, nauwer = [], []
    alles = np.ones(len(cellen), dtype=bool)
    for i, v in enumerate(voorwaarden):
        keys = pd.to_numeric(cellen[f"s{i}"], errors="coerce").to_numpy(dtype=float)
        met = ~np.isnan(keys)
        ruimer.append(np.stack([met, alles]))
        nauwer.append(np.stack([np.isin(keys, sorted(s)) for s in v.nauwer]))
    return ruimer, nauwer


def _combinaties(maskers: list[np.ndarray], cellen: int) -> np.ndarray:
    """Every choice of one row per condition, ANDed: (product of the row counts) × cells."""
    result = np.ones((1, cellen), dtype=bool)
    for m in maskers:
        result = (result[:, None, :] & m[None, :, :]).reshape(-1, cellen)
    return result


def _klein_verschil(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    d = a - b
    return (d > 0) & (d < k)


def _gevolg_rijen(cellen: pd.DataFrame, eerste: int, aantal: int) -> np.ndarray:
    """The implied conditions (key columns eerste.. of the cells) added none, one or two at a time."""
    met = [~np.isnan(pd.to_numeric(cellen[f"s{eerste + i}"], errors="coerce").to_numpy(dtype=float))
           for i in range(aantal)]
    rows = [np.ones(len(cellen), dtype=bool), *met, *(a & b for a, b in combinations(met, 2))]
    return np.stack(rows)


def _te_veel(voorwaarden: list[_Voorwaarde], gevolgen: int = 0) -> bool:
    ruimer = 2 ** len(voorwaarden) * (1 + gevolgen + gevolgen * (gevolgen - 1) // 2)
    return ruimer + int(np.prod([len(v.nauwer) for v in voorwaarden] or [1])) > MAX_COMBINATIES


def _ruimer(cellen: pd.DataFrame, voorwaarden: list, gevolgen: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(every wider or implied related view, every narrowing, this view) as boolean rows over the cells."""
    ruimer, nauwer = _maskers(cellen, voorwaarden)
    full = np.logical_and.reduce([m[0] for m in ruimer]) if ruimer else np.ones(len(cellen), dtype=bool)
    ruimer.append(_gevolg_rijen(cellen, len(voorwaarden), len(gevolgen)))
    return _combinaties(ruimer, len(cellen)), _combinaties(nauwer, len(cellen)), full


def _aantal(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> int:
    found = stories.selection(conn, f, mode)
    return int(conn.execute(f"SELECT count(*) FROM ({found.sql})", found.params).fetchone()[0])


def beoordeel(conn, f: VerhaalFilter, mode: Zichtbaarheid, k: int) -> Oordeel:
    """May the stories matching f be shown (a count, a list of cards)? Rule A; in partner mode rule B
    (one query). Raises stories.FilterFout for an unknown question, answer or zone."""
    stories._validate_signifiers(conn, f)
    if not verschil_regel(mode):
        return oordeel_k(_aantal(conn, f, mode), k)
    voorwaarden, gevolgen = _voorwaarden(conn, f, mode), _gevolgen(conn, f, mode)
    if _te_veel(voorwaarden, len(gevolgen)):
        return Oordeel(_aantal(conn, f, mode), k, False, "te_veel")
    cellen = _cellen(conn, f, mode, voorwaarden + gevolgen)
    w = cellen["n"].to_numpy(dtype=np.int64)
    ruimer, nauwer, full = _ruimer(cellen, voorwaarden, gevolgen)
    n = int(w[full].sum())
    if 0 < n < k:
        return Oordeel(n, k, False, "klein")
    if _klein_verschil(ruimer @ w, n, k).any() or _klein_verschil(n, nauwer @ w, k).any():
        return Oordeel(n, k, False, "verschil")
    return Oordeel(n, k, True)


# --- patterns: the group of answers and each cell --------------------------------------------------------

def _categorie_sql(vraag: tuple[str, str], soort: str, categorieen, deling: int, opties=()) -> tuple[str, list[str], list]:
    """(join, keys, params) giving each story the pattern cells of its answer to one framework's question
    `vraag` (kader, id) (NULL: no answer), one key per categorie: 'zone' (a zone code), 'cel' (a heatmap cell
    'i,j,l'), 'bin' (a histogram bin 0–9), 'keuze' (the option); deling: the heatmap's cells per side. One join
    for all of them. opties (a multi-select choice): after the keys, one more key per option (the option when
    the story chose it, else NULL): a story is in the cell of every option it chose."""
    w = triade.normalised_sql("a")
    sql = {"zone": triade.zone_case_sql(*w),
           "cel": "concat_ws(',', " + ", ".join(triade.cell_sql(*w, deling)) + ")",
           "bin": "CAST(least(floor(a.slider / 10), 9) AS INTEGER)", "keuze": "a.keuze"}
    voorwaarde = {"triade": "a.triade_a IS NOT NULL AND a.triade_b IS NOT NULL AND a.triade_c IS NOT NULL",
                  "slider": "a.slider IS NOT NULL", "keuze": "a.keuze IS NOT NULL"}[soort]
    keys = [f"min({sql[c]}) AS c{i}" for i, c in enumerate(categorieen)]
    keys += [f"max(CASE WHEN a.keuze = ? THEN a.keuze END) AS c{len(categorieen) + i}" for i in range(len(opties))]
    join = (f"LEFT JOIN (SELECT a.verhaal, {', '.join(keys)} FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? "
            f"AND {voorwaarde} GROUP BY a.verhaal) pc ON pc.verhaal = v.id")
    return join, [f"pc.c{i}" for i in range(len(categorieen) + len(opties))], [*opties, *vraag]


def beoordeel_patronen(conn, f: VerhaalFilter, mode: Zichtbaarheid, k: int, signifier: str, soort: str,
                       categorieen: tuple[str, ...], deling: int = 10) -> dict[str, Oordeel]:
    """Rule B for the patterns of one question (partner mode): may the group of answers to `signifier` by the
    stories of f be shown, and which cells must lose their number (`verborgen`: zone codes, 'i,j,l' cells,
    bins, options), per categorie? One query for all of them. Rule A (n < k, small cells, the hidden total)
    is applied by core.vertellen.patterns itself."""
    stories._validate_signifiers(conn, f)
    kader, sid, _, labels = stories._question(conn, signifier)
    opties = labels if soort == "keuze" and kaders.meerkeuze(conn, kader, sid) else ()
    voorwaarden, gevolgen = _voorwaarden(conn, f, mode), _gevolgen(conn, f, mode)
    if _te_veel(voorwaarden, len(gevolgen)):
        return {c: Oordeel(0, k, False, "te_veel") for c in categorieen}
    cellen = _cellen(conn, f, mode, voorwaarden + gevolgen,
                     _categorie_sql((kader, sid), soort, categorieen, deling, opties))
    w = cellen["n"].to_numpy(dtype=np.int64)
    beantwoord = cellen["cat0"].notna().to_numpy()
    ruim, nauw, full = _ruimer(cellen, voorwaarden, gevolgen)
    n = int(w[full & beantwoord].sum())
    if 0 < n < k:
        return {c: Oordeel(n, k, False, "klein") for c in categorieen}
    # the group of answers: also against the same stories with or without an answer
    groep_ruim = np.concatenate([ruim @ (w * beantwoord), ruim @ w])
    if _klein_verschil(groep_ruim, n, k).any() or _klein_verschil(n, nauw @ (w * beantwoord), k).any():
        return {c: Oordeel(n, k, False, "verschil") for c in categorieen}
    if opties:   # a multi-select choice: each option is a cell of its own (a story may be in several)
        verborgen = frozenset().union(*(_verborgen_cellen(cellen[f"cat{len(categorieen) + i}"], ruim, nauw, full, w,
                                                           beantwoord, k) & {o} for i, o in enumerate(opties)))
        return {c: Oordeel(n, k, True, verborgen=verborgen) for c in categorieen}
    return {c: Oordeel(n, k, True, verborgen=_verborgen_cellen(cellen[f"cat{i}"], ruim, nauw, full, w, beantwoord, k))
            for i, c in enumerate(categorieen)}


def _naam(cel) -> str:
    """A cell's name as core.vertellen.patterns names it (a bin read as 3.0 is '3')."""
    return str(int(cel)) if isinstance(cel, (float, np.floating, int, np.integer)) else str(cel)


def _verborgen_cellen(cat: pd.Series, ruim, nauw, full, w, beantwoord, k) -> frozenset:
    """Cells whose count differs by 1 to k-1 from the same cell (or the whole group) in a related view."""
    cats = pd.Index(cat[beantwoord].unique())
    if not len(cats):
        return frozenset()
    onehot = np.zeros((len(cat), len(cats)))
    rows = np.flatnonzero(beantwoord)
    onehot[rows, cats.get_indexer(cat[beantwoord])] = 1
    wc = onehot * w[:, None]
    eigen = (full.astype(float) @ wc)                       # the cells of this view
    tegen = np.concatenate([ruim @ wc, ruim @ (w * beantwoord)[:, None] * np.ones(len(cats)),
                            ruim @ w[:, None] * np.ones(len(cats))])
    klein = _klein_verschil(tegen, eigen[None, :], k).any(axis=0) | _klein_verschil(eigen[None, :], nauw @ wc, k).any(axis=0)
    return frozenset(_naam(c) for c in cats[klein])


# --- counts side by side: cells of one table (wijken of a gemeente, cells of a pattern) ---------------

def verberg_cellen(counts, k: int, extra=None, totaal: int | None = None) -> np.ndarray:
    """Rule A for the cells of one table: which cells lose their number. A cell of 1 to k-1 (or marked in
    `extra`, or 1 to k-1 short of `totaal`) is hidden; then the smallest shown cells as well, until the hidden
    cells add up to 0 or at least k (else the total minus the shown cells gives them back)."""
    counts = np.asarray(counts, dtype=float)
    hidden = (counts > 0) & (counts < k)
    if extra is not None:
        hidden |= np.asarray(extra, dtype=bool)
    if totaal is not None:
        hidden |= _klein_verschil(float(totaal), counts, k)
    for i in np.argsort(counts, kind="stable"):
        if not 0 < counts[hidden].sum() < k:
            break
        if not hidden[i] and counts[i] > 0:
            hidden[i] = True
    return hidden


def wijk_aantallen(counts: pd.DataFrame, k: int) -> pd.DataFrame:
    """Story counts per wijk of one gemeente (columns wijk, verhalen, fictief) as they may be shown, plus
    verhalen_tekst (what to say instead of a hidden count: 'minder dan k verhalen', or 'niet getoond' for a wijk
    hidden only to keep the others hidden): verhalen NaN for a hidden wijk (1 to k-1 stories, or the gemeente minus this wijk is 1 to k-1, or needed to keep
    the hidden wijken together at k or more); fictief NaN unless it is 0, all, or both parts reach k."""
    counts = counts.copy()
    n = counts["verhalen"].to_numpy(dtype=float)
    hidden = verberg_cellen(n, k, totaal=n.sum())
    fictief = counts["fictief"].to_numpy(dtype=float)
    veilig = (fictief == 0) | (fictief == n) | ((fictief >= k) & (n - fictief >= k))
    counts["verhalen"] = np.where(hidden, np.nan, n)
    counts["fictief"] = np.where(hidden | ~veilig, np.nan, fictief)
    counts["verhalen_tekst"] = [None if not h else minder_dan(k) if 0 < x < k else "niet getoond"
                                for h, x in zip(hidden, n)]
    return counts


def totaal_tekst(totaal: int, k: int) -> str:
    """A gemeente's total of stories: 'minder dan k verhalen' below k."""
    return minder_dan(k) if 0 < totaal < k else str(int(totaal))


def story_page(conn, f: VerhaalFilter, mode: Zichtbaarheid, k: int, pagina: int = 1,
               per_pagina: int = stories.PER_PAGINA) -> stories.VerhaalPagina:
    """stories.story_page for a view that follows the rules (partner lists, story cards on Patronen): a hidden
    group gives no stories and no total, only `verborgen` (a Dutch notice)."""
    oordeel = beoordeel(conn, f, mode, k)
    if not oordeel.getoond:
        leeg = pd.DataFrame({c: pd.Series(dtype=object) for c in stories.STORY_COLUMNS})
        return stories.VerhaalPagina(leeg, 0, 1, 1, verborgen=oordeel.melding)
    return stories.story_page(conn, f, mode, pagina, per_pagina)


def wijk_labels(wijken: pd.DataFrame, k: int) -> dict[str, str]:
    """code -> 'naam (12)', or 'naam (minder dan k verhalen)', for the wijken of one gemeente (columns code,
    naam, verhalen): the wijk choice of the story filter says the counts the Wijken page says."""
    shown = wijk_aantallen(wijken.rename(columns={"code": "wijk"}).assign(fictief=0), k)
    return {code: f"{naam} ({tekst if pd.isna(n) else int(n)})"
            for code, naam, n, tekst in zip(shown["wijk"], shown["naam"], shown["verhalen"], shown["verhalen_tekst"])}
