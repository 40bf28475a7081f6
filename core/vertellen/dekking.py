"""Dekking: per wijk and per leefgebied of the schijf van vijf, how many stories touch it, next to how many
figures there are; so staff see where to collect stories next.

The rule (REGEL_TEKST says it in Dutch): a story touches a leefgebied when its answer to its framework's thema
question (the framework's "sleutels": `thema`, core.vertellen.kaders) names a maatschappelijk resultaat of the
goal tree (the gemeente's own tree, else any tree, as core.tellen.goals.themes_for_indicator) with a doel that
is measured by an indicator of that leefgebied (indicatoren.leefgebied). So a story touches a leefgebied
exactly when Tellen & vertellen lists it under at least one indicator of that leefgebied "through the thema".
A story may touch several leefgebieden; a leefgebied no thema reaches has no stories.
A wijk has figures of a leefgebied: the number of that leefgebied's indicators with a figure for the wijk
(any year, any age group, the current wijk indeling), as the wijkfoto picks its tiles from.

Small groups (core.vertellen.groepen): a cell of 1 to k-1 stories shows no number ("minder dan k verhalen").
No total is shown; and a cell is hidden as well when its stories differ by 1 to k-1 from a cell of the same wijk
whose stories contain them (or from the wijk's count where the Wijken page shows it), or, per leefgebied, when
the hidden cells would add up to 1 to k-1 (groepen.verberg_cellen; when the leefgebied has only 1 to k-1 stories
in all, the cells with 0 stay shown: its total is shown nowhere). In partner mode each cell
is also checked against its wider and narrower views (groepen.beoordeel, rule B) where one framework names the
thema question.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.vertellen import groepen, kaders
from core.vertellen.consent import Zichtbaarheid, consent_clause
from core.vertellen.stories import VerhaalFilter

REGEL_TEKST = ("Een verhaal hoort bij een leefgebied als het thema dat de inwoner koos (de themavraag van het "
               "kader) een thema van de doelenboom is, met een doel dat we meten met een cijfer van dat leefgebied. "
               "Een verhaal kan zo bij meer leefgebieden horen. Cijfers: hoeveel cijfers van dat leefgebied er "
               "voor de wijk zijn.")
GEEN_THEMA = "Geen thema van de doelenboom hoort bij dit leefgebied. Daarom horen er geen verhalen bij."

_DEKKING_SQL = """
WITH leefgebieden AS (
    SELECT unnest($leefgebieden) AS leefgebied, generate_subscripts($leefgebieden, 1) AS volgorde
), wijken AS (
    SELECT code AS wijk, naam FROM regios WHERE niveau = 'wijk' AND gemeentecode = $gemeente AND indeling = $indeling
), thema_leefgebied AS (
    -- a maatschappelijk resultaat (thema) of the goal tree -> the leefgebieden of the indicators of its doelen
    SELECT DISTINCT r.titel AS thema, i.leefgebied
    FROM doel_indicatoren l JOIN doelen d ON d.id = l.doel JOIN doelen o ON o.id = d.ouder
    JOIN doelen r ON r.id = o.ouder JOIN indicatoren i ON i.id = l.indicator
    WHERE r.gemeentecode = $gemeente OR NOT EXISTS (SELECT 1 FROM doelen e WHERE e.gemeentecode = $gemeente)
), thema_vraag AS (
    SELECT s.kader, s.id AS signifier FROM kaders k JOIN signifiers s ON s.kader = k.id
    AND s.id = json_extract_string(k.definitie, '$.sleutels.thema') AND s.soort = 'keuze'
), leesbaar AS (
    SELECT v.id, v.wijk, v.kader FROM verhalen v WHERE {leesbaar}
), geraakt AS (
    SELECT DISTINCT v.id, v.wijk, t.leefgebied FROM leesbaar v
    JOIN thema_vraag q ON q.kader = v.kader
    JOIN antwoorden a ON a.verhaal = v.id AND a.kader = q.kader AND a.signifier = q.signifier
    JOIN thema_leefgebied t ON t.thema = a.keuze
), paren AS (
    SELECT a.wijk, a.leefgebied AS l1, b.leefgebied AS l2, count(*) AS n
    FROM geraakt a JOIN geraakt b ON a.id = b.id GROUP BY ALL
), cijfers AS (
    SELECT c.regio AS wijk, i.leefgebied, count(DISTINCT c.indicator) AS cijfers
    FROM vergelijkingen c JOIN indicatoren i ON i.id = c.indicator
    WHERE c.regio IN (SELECT wijk FROM wijken) AND c.wijkindeling = $indeling AND c.waarde IS NOT NULL
    GROUP BY ALL
)
SELECT w.wijk, w.naam, l.leefgebied, coalesce(c.cijfers, 0) AS cijfers, coalesce(p.n, 0) AS verhalen,
       (SELECT count(*) FROM leesbaar t WHERE t.wijk = w.wijk) AS wijk_verhalen,
       (SELECT coalesce(list({'ander': p2.l2, 'samen': p2.n}), []) FROM paren p2
        WHERE p2.wijk = w.wijk AND p2.l1 = l.leefgebied AND p2.l2 <> l.leefgebied) AS overlap,
       (SELECT list(DISTINCT t.thema ORDER BY t.thema) FROM thema_leefgebied t
        WHERE t.leefgebied = l.leefgebied) AS themas,
       (SELECT count(*) FROM thema_vraag) AS themavragen
FROM wijken w CROSS JOIN leefgebieden l
LEFT JOIN cijfers c ON c.wijk = w.wijk AND c.leefgebied = l.leefgebied
LEFT JOIN paren p ON p.wijk = w.wijk AND p.l1 = l.leefgebied AND p.l2 = l.leefgebied
ORDER BY w.wijk, l.volgorde
"""

KOLOMMEN = ["wijk", "naam", "leefgebied", "cijfers", "verhalen", "verhalen_tekst"]


@dataclass(frozen=True)
class Dekking:
    """The coverage of one gemeente. tabel: one row per wijk and leefgebied (KOLOMMEN): cijfers (indicators
    with a figure), verhalen (NaN where hidden), verhalen_tekst (the count, or 'minder dan k verhalen', or
    'niet getoond'). themas: leefgebied -> the goal tree's thema's that reach it. zonder_themavraag: no
    framework of the stories names a thema question (kaders.REDENEN['thema'])."""
    gemeente: str
    k: int
    leefgebieden: tuple[str, ...]
    tabel: pd.DataFrame
    themas: dict
    zonder_themavraag: bool

    @property
    def matrix(self) -> pd.DataFrame:
        """Wijk x leefgebied as text, for a table: one row per wijk, a column 'Wijk' and one per leefgebied."""
        wide = self.tabel.pivot(index=["wijk", "naam"], columns="leefgebied", values="verhalen_tekst")
        wide = wide[list(self.leefgebieden)].reset_index().drop(columns="wijk").rename(columns={"naam": "Wijk"})
        wide = wide.rename(columns={lg: lg.capitalize() for lg in self.leefgebieden})
        wide.columns.name = None
        return wide

    @property
    def cijfers_zonder_verhalen(self) -> pd.DataFrame:
        """Cells with figures but no stories or fewer than k (hidden small): where to collect stories next.
        Columns wijk, naam, leefgebied, cijfers, verhalen_tekst; fewest stories first, then most figures."""
        t = self.tabel
        weinig = (t["verhalen"] == 0) | (t["verhalen_tekst"] == groepen.minder_dan(self.k))
        found = t[(t["cijfers"] > 0) & weinig]
        orde = found["verhalen"].fillna(0.5)   # 0 first, then 'minder dan k'
        return found.assign(_orde=orde).sort_values(["_orde", "cijfers", "naam"], ascending=[True, False, True],
                                                      kind="stable").drop(columns="_orde")[KOLOMMEN]

    @property
    def verhalen_zonder_cijfers(self) -> pd.DataFrame:
        """The reverse: cells with stories (shown or hidden) but no figure of that leefgebied for the wijk."""
        t = self.tabel
        heeft = (t["verhalen"] > 0) | t["verhalen"].isna()
        return t[heeft & (t["cijfers"] == 0)][KOLOMMEN]


def _ruwe_tabel(conn, gemeente: str, mode: Zichtbaarheid, leefgebieden: list[str], indeling: int) -> pd.DataFrame:
    # the consent condition comes from an allow-list (core.vertellen.consent), never from input
    sql = _DEKKING_SQL.replace("{leesbaar}", consent_clause(mode) + " AND v.gemeentecode = $gemeente")
    return conn.execute(sql, {"gemeente": gemeente, "indeling": indeling,
                              "leefgebieden": leefgebieden}).df()


def _genest(ruw: pd.DataFrame, k: int) -> np.ndarray:
    """Cells of 1 to k-1 stories; cells 1 to k-1 short of their wijk's count where the Wijken page shows that
    count (groepen.wijk_aantallen); then of two shown cells of a wijk where the stories of one lie inside the
    other and they differ by 1 to k-1, the wider one (e.g. 'Samen leven' stories are in both meedoen and
    zelfredzaamheid: zelfredzaamheid minus meedoen would give the other stories of zelfredzaamheid)."""
    n = ruw["verhalen"].to_numpy(dtype=float)
    per_wijk = ruw.drop_duplicates("wijk")[["wijk", "wijk_verhalen"]].rename(columns={"wijk_verhalen": "verhalen"})
    getoond = groepen.wijk_aantallen(per_wijk.assign(fictief=0), k).set_index("wijk")["verhalen"]
    wijk_n = ruw["wijk"].map(getoond).to_numpy(dtype=float)   # NaN where the Wijken page hides the count
    hidden = ((n > 0) & (n < k)) | (groepen._klein_verschil(np.nan_to_num(wijk_n, nan=0.0), n, k) & ~np.isnan(wijk_n))
    positie = {(w, lg): i for i, (w, lg) in enumerate(zip(ruw["wijk"], ruw["leefgebied"]))}
    for i, (wijk, overlap) in enumerate(zip(ruw["wijk"], ruw["overlap"])):
        for paar in overlap:   # a few leefgebieden per cell: stories of this cell also in cell `ander`
            j = positie[(wijk, paar["ander"])]
            inside = paar["samen"] == n[i] and not hidden[i] and not hidden[j]   # this shown cell lies inside j
            if inside and 0 < n[j] - n[i] < k:
                hidden[j] = True
    return hidden


def _per_leefgebied(ruw: pd.DataFrame, hidden: np.ndarray, k: int) -> np.ndarray:
    """groepen.verberg_cellen down each leefgebied: the hidden cells together 0 or at least k (so the
    leefgebied's total, which this page does not show, minus the shown cells gives no small group)."""
    hidden = hidden.copy()
    for lg in ruw["leefgebied"].unique():
        rows = np.flatnonzero((ruw["leefgebied"] == lg).to_numpy())
        counts = ruw["verhalen"].to_numpy(dtype=float)[rows]
        hidden[rows] = groepen.verberg_cellen(counts, k, extra=hidden[rows])
    return hidden


def _regel_b(conn, ruw: pd.DataFrame, gemeente: str, k: int, themas: dict, hidden: np.ndarray) -> np.ndarray:
    """Partner mode: each shown cell with stories against its wider and narrower views (groepen.beoordeel),
    where exactly one framework of the stories names a thema question."""
    alle = sorted({t for v in themas.values() for t in v})
    vragen = kaders.thema_keuzes(conn, gemeente, Zichtbaarheid.PARTNER, alle)
    if len(vragen) != 1:
        return hidden
    (vraag, opties), = vragen.items()
    hidden = hidden.copy()
    for i, (wijk, lg, n) in enumerate(zip(ruw["wijk"], ruw["leefgebied"], ruw["verhalen"])):
        keuze = frozenset(t for t in themas[lg] if t in opties)
        if n > 0 and not hidden[i] and keuze:
            filt = VerhaalFilter(gemeente=gemeente, wijken=(wijk,), keuzes={vraag: keuze})
            hidden[i] = not groepen.beoordeel(conn, filt, Zichtbaarheid.PARTNER, k).getoond
    return hidden


def _tekst(n: float, hidden: bool, k: int) -> str:
    if not hidden:
        return str(int(n))
    return groepen.minder_dan(k) if 0 < n < k else "niet getoond"


def dekking(conn, gemeente: str, mode: Zichtbaarheid, k: int, leefgebieden: list[str], indeling: int) -> Dekking:
    """The coverage of a gemeente's wijken (one query; then the small-group rules on the few cells).
    leefgebieden: the five of the wijkfoto, in order (core.tellen.wijkfoto.plekken); indeling: the wijk indeling
    of the wijken (core.tellen.figures.ACTUELE_INDELING). The caller passes both: core.vertellen does not import
    core.tellen."""
    leefgebieden = list(leefgebieden)
    ruw = _ruwe_tabel(conn, gemeente, mode, leefgebieden, indeling)
    themas = {lg: () for lg in leefgebieden}
    themas.update({lg: tuple(t) for lg, t in zip(ruw["leefgebied"], ruw["themas"])
                   if isinstance(t, (list, np.ndarray))})
    hidden = _per_leefgebied(ruw, _genest(ruw, k), k)
    if Zichtbaarheid(mode) == Zichtbaarheid.PARTNER:
        hidden = _per_leefgebied(ruw, _regel_b(conn, ruw, gemeente, k, themas, hidden), k)
    n = ruw["verhalen"].to_numpy(dtype=float)
    tabel = ruw.assign(verhalen=np.where(hidden, np.nan, n),
                       verhalen_tekst=[_tekst(x, h, k) for x, h in zip(n, hidden)])[KOLOMMEN]
    zonder = bool(len(ruw)) and int(ruw["themavragen"].iloc[0]) == 0
    return Dekking(gemeente, k, tuple(leefgebieden), tabel.reset_index(drop=True), themas, zonder)


def lijst_tabel(cellen: pd.DataFrame) -> pd.DataFrame:
    """A list of cells (Dekking.cijfers_zonder_verhalen, .verhalen_zonder_cijfers) as a table for the page."""
    return pd.DataFrame({"Wijk": cellen["naam"], "Leefgebied": cellen["leefgebied"].str.capitalize(),
                         "Cijfers": cellen["cijfers"].astype(int), "Verhalen": cellen["verhalen_tekst"]})
