"""Kernverhalen: staff mark a story as the key story for an indicator, with the reason it was chosen.

A key story leads where stories are shown: first on Verhalen's story cards (a "Kernverhaal" label and the
reason before the story), first in the wijkfoto's stories band and first in the wijkfoto's PowerPoint.
The mark lives in the werkbestand (core.store.werk, schema 4), so a rebuild of the store never touches it;
it holds the story id, never story text. Every read of a story goes through the store's consent clause:
a story whose consent was withdrawn keeps its mark, but is never shown. Partner mode finds only marks
staff shared ("delen met partners", core.samen.delen) and, through the consent clause, only openbaar
stories. A key story is only shown where the stories around it may be shown (a wijk band of fewer than
k stories shows none: core.tellen.wijkfoto), so a mark never gives a small group away.
"""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

import pandas as pd

from core import formatting
from core.dbtools import transaction
from core.errors import TellenError
from core.samen import delen
from core.tellen.wijkfoto import fragment
from core.vertellen import stories
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid, consent_clause
from core.vertellen.stories import VerhaalFilter

REDEN_MAX = 300
LABEL = "Kernverhaal"
ONTBREEKT = "Deze markering als kernverhaal bestaat niet (meer). Kies er een uit de lijst."
GEEN_REDEN = "Schrijf kort op waarom u dit verhaal als kernverhaal kiest."
GEEN_VERHAAL = "Dit verhaal is niet (meer) beschikbaar. Kies een ander verhaal."
GEEN_CIJFER = "Dit cijfer bestaat niet in de opslag. Kies een cijfer uit de lijst."
MARK_COLUMNS = ("id", "verhaal_id", "indicator", "gemeentecode", "reden", "gemaakt_op", "gedeeld")


class KernverhaalFout(TellenError):
    """A key story cannot be marked, unmarked or found."""


def _check_story(store_conn, verhaal_id: str) -> str:
    """The gemeente of a story staff may read now; raises KernverhaalFout otherwise."""
    row = store_conn.execute("SELECT v.gemeentecode FROM verhalen v WHERE v.id = ? AND "
                             + consent_clause(Zichtbaarheid.INTERN), [verhaal_id or ""]).fetchone()
    if row is None:
        raise KernverhaalFout(GEEN_VERHAAL)
    return row[0]


def _check_indicator(store_conn, indicator: str) -> str:
    if not store_conn.execute("SELECT 1 FROM indicatoren WHERE id = ?", [indicator or ""]).fetchone():
        raise KernverhaalFout(GEEN_CIJFER)
    return indicator


def mark(store_conn, werk_conn, verhaal_id: str, indicator: str, reden: str, mode: Zichtbaarheid,
         nu: datetime | None = None) -> str:
    """Mark a story as the key story for an indicator with the reason, in one transaction; returns the mark's id.
    Marking the same story for the same indicator again replaces the reason (the sharing mark stays).
    Raises KernverhaalFout (Dutch) in partner mode, for an empty or too long reason, a story staff may not
    read, or an unknown indicator."""
    if delen.partner(mode):
        raise KernverhaalFout(delen.ALLEEN_STAF)
    reden = formatting.required_line(reden, REDEN_MAX, KernverhaalFout, GEEN_REDEN, "De reden")
    gemeente = _check_story(store_conn, verhaal_id)
    _check_indicator(store_conn, indicator)
    nu = nu or datetime.now()
    with transaction(werk_conn):
        found = werk_conn.execute("UPDATE kernverhalen SET reden = ?, gemaakt_op = ? WHERE verhaal_id = ? "
                                  "AND indicator = ? RETURNING id", [reden, nu, verhaal_id, indicator]).fetchall()
        if found:
            return found[0][0]
        mark_id = uuid.uuid4().hex[:12]
        werk_conn.execute("INSERT INTO kernverhalen (id, verhaal_id, indicator, gemeentecode, reden, gemaakt_op) "
                          "VALUES (?, ?, ?, ?, ?, ?)", [mark_id, verhaal_id, indicator, gemeente, reden, nu])
    return mark_id


def unmark(werk_conn, mark_id: str, mode: Zichtbaarheid) -> None:
    """Take a key story mark away (a staff action). Raises KernverhaalFout in partner mode or when it is gone."""
    if delen.partner(mode):
        raise KernverhaalFout(delen.ALLEEN_STAF)
    with transaction(werk_conn):
        if not werk_conn.execute("DELETE FROM kernverhalen WHERE id = ? RETURNING id", [mark_id]).fetchall():
            raise KernverhaalFout(ONTBREEKT)


def share(werk_conn, mark_id: str, gedeeld: bool, mode: Zichtbaarheid) -> None:
    """Mark a key story "delen met partners" (or take that off). Raises KernverhaalFout in partner mode."""
    delen.mark(werk_conn, "kernverhalen", mark_id, gedeeld, mode, KernverhaalFout, ONTBREEKT)


def marks(werk_conn, mode: Zichtbaarheid, gemeente: str | None = None) -> pd.DataFrame:
    """The key story marks this mode may see (partner mode: the shared ones), newest first. Columns:
    MARK_COLUMNS. The stories are not checked here: every page reads them through the store's consent."""
    sql = (f"SELECT {', '.join(MARK_COLUMNS)} FROM kernverhalen k WHERE {delen.alleen_gedeeld(mode, 'k')} "
           "AND (CAST(? AS VARCHAR) IS NULL OR k.gemeentecode = ?) ORDER BY k.gemaakt_op DESC, k.id")
    return werk_conn.execute(sql, [gemeente, gemeente]).df()


def _labels(store_conn, indicatoren) -> dict[str, str]:
    rows = store_conn.execute("SELECT id, label FROM indicatoren WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                              [list(indicatoren)]).fetchall()
    return dict(rows)


def kern_regels(store_conn, gevonden: pd.DataFrame) -> pd.Series:
    """Per story id the Dutch lines that say it is a key story: 'Kernverhaal bij <cijfer>: <reden>'."""
    labels = _labels(store_conn, gevonden["indicator"].unique())
    regels = [f"{LABEL} bij {labels.get(r.indicator, r.indicator)}. Waarom: {r.reden}" for r in gevonden.itertuples()]
    return pd.Series(regels, index=gevonden.index).groupby(gevonden["verhaal_id"], sort=False).agg(list)


def in_filter(store_conn, werk_conn, f: VerhaalFilter, mode: Zichtbaarheid, gemeente: str | None = None
              ) -> pd.DataFrame:
    """The key stories among the stories f finds that this mode may read, newest mark first: the columns of
    stories.filter_stories plus `kern` (a list of 'Kernverhaal bij …' lines). Empty when none."""
    gevonden = marks(werk_conn, mode, gemeente)
    ids = list(dict.fromkeys(gevonden["verhaal_id"]))
    if f.verhalen:
        ids = [i for i in ids if i in set(f.verhalen)]
    if not ids:
        return pd.DataFrame(columns=[*stories.STORY_COLUMNS, "kern"])
    frame = stories.filter_stories(store_conn, replace(f, verhalen=tuple(ids)), mode)
    regels = kern_regels(store_conn, gevonden[gevonden["verhaal_id"].isin(frame["id"])])
    frame = frame.assign(kern=frame["id"].map(regels))
    return frame.set_index("id").loc[[i for i in ids if i in set(frame["id"])]].reset_index()


_WIJK_SQL = """
SELECT v.id, v.titel, v.tekst, v.jaar, v.fictief FROM verhalen v
WHERE v.id IN (SELECT unnest(?::VARCHAR[])) AND v.wijk = ? AND v.jaar = coalesce(?, v.jaar) AND {clause}
"""


def voorop(store_conn, werk_conn, fragmenten: pd.DataFrame, wijk: str, jaar: int | None, mode: Zichtbaarheid,
           limit: int = 3) -> pd.DataFrame:
    """A wijk's story fragments (id, titel, fragment, jaar, fictief_label: the wijkfoto's band) with the wijk's
    key stories (of `jaar`, or every year for None) first, each once, at most `limit`; a column `kern` holds the
    'Kernverhaal bij …' text ('' for the others). No fragments (none, or fewer than k stories: the band shows
    none) -> no key story either."""
    fragmenten = fragmenten.assign(kern="")
    if fragmenten.empty:
        return fragmenten
    gevonden = marks(werk_conn, mode)
    ids = list(dict.fromkeys(gevonden["verhaal_id"]))
    if not ids:
        return fragmenten
    rijen = store_conn.execute(_WIJK_SQL.format(clause=consent_clause(mode)), [ids, wijk, jaar]).df()
    if rijen.empty:
        return fragmenten
    volgorde = {i: n for n, i in enumerate(ids)}
    rijen = rijen.sort_values("id", key=lambda s: s.map(volgorde))
    regels = kern_regels(store_conn, gevonden[gevonden["verhaal_id"].isin(rijen["id"])])
    kern = rijen.assign(fragment=rijen["tekst"].map(fragment), kern=rijen["id"].map(lambda i: "\n".join(regels[i])),
                        fictief_label=rijen["fictief"].map(lambda x: FICTIEF_LABEL if x else ""))
    rest = fragmenten[~fragmenten["id"].isin(kern["id"])]
    return pd.concat([kern[list(fragmenten.columns)], rest], ignore_index=True).head(limit)
