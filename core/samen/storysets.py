"""Story sets: stories a beleidsmedewerker picked for an interpretatiesessie, with the question to discuss.

A set lives in the werkbestand (core.store.werk), so it survives a rebuild of the store. It keeps the
story ids, not the stories: each time a set is shown, `set_stories` reads the stories from the
store through `stories.saved_stories`, so consent is checked again. A story whose consent was
withdrawn (or that is `intern` in partner mode) disappears from the set; the count says so.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from core import formatting
from core.dbtools import transaction
from core.errors import TellenError
from core.samen import bewaard
from core.vertellen import stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

NAAM_MAX = 120
VRAAG_MAX = 400
SET_COLUMNS = ("id", "naam", "vraag", "indicator", "gemeentecode", "gemaakt_op", "verhalen")


class VerhaalsetFout(TellenError):
    """A story set cannot be saved or found."""


@dataclass(frozen=True)
class Verhaalset:
    """One saved set. verhaal_ids in the order the user chose; filter: how they were found (or None)."""
    id: str
    naam: str
    vraag: str
    indicator: str | None
    gemeentecode: str | None
    filter: VerhaalFilter | None
    verhaal_ids: tuple[str, ...]
    gemaakt_op: datetime


def _check_naam(naam: str) -> str:
    return formatting.required_line(naam, NAAM_MAX, VerhaalsetFout, "Geef de set een naam.", "De naam")


def _check_vraag(vraag: str) -> str:
    vraag = formatting.one_line(vraag)
    if not vraag:
        raise VerhaalsetFout("Schrijf de vraag op die u met deze verhalen wilt bespreken.")
    if not vraag.endswith("?"):
        raise VerhaalsetFout("Schrijf de vraag als een vraag, met een vraagteken aan het eind. "
                             "Bijvoorbeeld: Waarom lukt stimuleren minder goed?")
    if len(vraag) > VRAAG_MAX:
        raise VerhaalsetFout(f"De vraag is te lang. Gebruik hoogstens {VRAAG_MAX} tekens.")
    return vraag


def save_set(werk_conn, naam: str, vraag: str, indicator: str | None, gemeentecode: str | None,
             filter: VerhaalFilter | None, story_ids, gemaakt_op: datetime | None = None) -> str:
    """Validate and save a set in one transaction; returns its id. Duplicate ids are kept once."""
    naam, vraag = _check_naam(naam), _check_vraag(vraag)
    ids = bewaard.check_ids(story_ids, VerhaalsetFout, "Kies minstens één verhaal voor de set.")
    set_id = uuid.uuid4().hex[:12]
    with transaction(werk_conn):
        werk_conn.execute("INSERT INTO verhaalsets VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [set_id, naam, vraag, indicator or None, gemeentecode or None,
                           filter.to_json() if filter is not None else None, gemaakt_op or datetime.now()])
        bewaard.store_ids(werk_conn, "set", set_id, ids)
    return set_id


def save_filter_set(store_conn, werk_conn, naam: str, vraag: str, indicator: str | None, gemeentecode: str | None,
                    f: VerhaalFilter, mode: Zichtbaarheid, gemaakt_op: datetime | None = None) -> int:
    """Save every readable story the filter finds now as a set, in list order; returns how many.
    The ids come from an id-only query: no story frame is built, also for a whole gemeente."""
    naam, vraag = _check_naam(naam), _check_vraag(vraag)   # before the query: a form error needs no ids
    ids = stories.story_ids(store_conn, f, mode)
    save_set(werk_conn, naam, vraag, indicator, gemeentecode, f, ids, gemaakt_op)
    return len(ids)


def list_sets(werk_conn, gemeentecode: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Saved sets, newest first. Columns: id, naam, vraag, indicator, gemeentecode, gemaakt_op,
    verhalen (how many stories were saved; set_stories says how many may be shown)."""
    sql = ("SELECT s.id, s.naam, s.vraag, s.indicator, s.gemeentecode, s.gemaakt_op, "
           "(SELECT count(*) FROM verhaalset_verhalen sv WHERE sv.set_id = s.id) AS verhalen "
           "FROM verhaalsets s WHERE (CAST(? AS VARCHAR) IS NULL OR s.gemeentecode = ?) "
           "AND (CAST(? AS VARCHAR) IS NULL OR s.indicator = ?) ORDER BY s.gemaakt_op DESC, s.naam")
    return werk_conn.execute(sql, [gemeentecode, gemeentecode, indicator, indicator]).df()


def sets_for_indicator(werk_conn, indicator: str, gemeentecode: str | None) -> pd.DataFrame:
    """Sets linked to an indicator (of one gemeente when given). Columns as list_sets."""
    return list_sets(werk_conn, gemeentecode=gemeentecode, indicator=indicator)


def load_set(werk_conn, set_id: str) -> Verhaalset:
    """One set with its story ids in order. Raises VerhaalsetFout when it does not exist."""
    row = bewaard.one_row(werk_conn, "SELECT id, naam, vraag, indicator, gemeentecode, filter_json, gemaakt_op "
                          "FROM verhaalsets WHERE id = ?", set_id,
                          VerhaalsetFout("Deze verhaalset bestaat niet (meer). Kies een set uit de lijst."))
    filt = VerhaalFilter.from_json(row[5]) if row[5] else None
    return Verhaalset(row[0], row[1], row[2], row[3], row[4], filt, bewaard.saved_ids(werk_conn, "set", set_id), row[6])


def delete_set(werk_conn, set_id: str) -> None:
    """Delete a set and its story list. Raises VerhaalsetFout when it does not exist."""
    load_set(werk_conn, set_id)
    with transaction(werk_conn):
        werk_conn.execute("DELETE FROM verhaalset_verhalen WHERE set_id = ?", [set_id])
        werk_conn.execute("DELETE FROM verhaalsets WHERE id = ?", [set_id])


def set_stories(store_conn, werk_conn, set_id: str, mode: Zichtbaarheid,
                limit: int | None = None) -> bewaard.BewaardeVerhalen:
    """The set's stories that this mode may read now, in the saved order, consent checked again.
    limit: only the first ones as a frame (the counts in the result cover the whole set)."""
    return bewaard.shown_now(store_conn, load_set(werk_conn, set_id), mode, "deze set", limit)
