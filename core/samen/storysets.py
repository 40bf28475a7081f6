"""Story sets: stories a beleidsmedewerker picked for an interpretatiesessie, with the question to discuss.

A set lives in the werkbestand (core.store.werk), so it survives a rebuild of the store. It keeps the
story ids, not the stories: each time a set is shown, `set_stories` reads the stories from the
store through `stories.saved_stories`, so consent is checked again. A story whose consent was
withdrawn (or that is `intern` in partner mode) disappears from the set; the count says so (to staff only).

Partner mode finds only the sets staff marked "delen met partners" (`share_set`, core.samen.delen): every
read a page uses takes the mode.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from core import formatting
from core.dbtools import transaction
from core.errors import TellenError
from core.samen import bewaard, delen
from core.vertellen import stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

NAAM_MAX = 120
VRAAG_MAX = 400
SET_COLUMNS = ("id", "naam", "vraag", "indicator", "gemeentecode", "gemaakt_op", "verhalen", "gedeeld")
ONTBREEKT = "Deze verhaalset bestaat niet (meer). Kies een set uit de lijst."


class VerhaalsetFout(TellenError):
    """A story set cannot be saved or found."""


@dataclass(frozen=True)
class Verhaalset:
    """One saved set. verhaal_ids in the order the user chose; filter: how they were found (or None).
    gedeeld: staff marked it "delen met partners" (gedeeld_op: when; None when never)."""
    id: str
    naam: str
    vraag: str
    indicator: str | None
    gemeentecode: str | None
    filter: VerhaalFilter | None
    verhaal_ids: tuple[str, ...]
    gemaakt_op: datetime
    gedeeld: bool = False
    gedeeld_op: datetime | None = None


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
             filter: VerhaalFilter | None, story_ids, gemaakt_op: datetime | None = None,
             gedeeld: bool = False) -> str:
    """Validate and save a set in one transaction; returns its id. Duplicate ids are kept once.
    gedeeld: share it with partners at once (default: not; staff may mark it later)."""
    naam, vraag = _check_naam(naam), _check_vraag(vraag)
    ids = bewaard.check_ids(story_ids, VerhaalsetFout, "Kies minstens één verhaal voor de set.")
    set_id = uuid.uuid4().hex[:12]
    gemaakt_op = gemaakt_op or datetime.now()
    with transaction(werk_conn):
        werk_conn.execute("INSERT INTO verhaalsets (id, naam, vraag, indicator, gemeentecode, filter_json, gemaakt_op, "
                          "gedeeld, gedeeld_op) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [set_id, naam, vraag, indicator or None, gemeentecode or None,
                           filter.to_json() if filter is not None else None, gemaakt_op, bool(gedeeld),
                           gemaakt_op if gedeeld else None])
        bewaard.store_ids(werk_conn, "set", set_id, ids)
    return set_id


def save_filter_set(store_conn, werk_conn, naam: str, vraag: str, indicator: str | None, gemeentecode: str | None,
                    f: VerhaalFilter, mode: Zichtbaarheid, gemaakt_op: datetime | None = None,
                    gedeeld: bool = False) -> int:
    """Save every readable story the filter finds now as a set, in list order; returns how many.
    The ids come from an id-only query: no story frame is built, also for a whole gemeente."""
    naam, vraag = _check_naam(naam), _check_vraag(vraag)   # before the query: a form error needs no ids
    if gedeeld and delen.partner(mode):
        raise VerhaalsetFout(delen.ALLEEN_STAF)
    ids = stories.story_ids(store_conn, f, mode)
    save_set(werk_conn, naam, vraag, indicator, gemeentecode, f, ids, gemaakt_op, gedeeld)
    return len(ids)


def list_sets(werk_conn, gemeentecode: str | None = None, indicator: str | None = None, *,
              mode: Zichtbaarheid) -> pd.DataFrame:
    """Saved sets this mode may see (partner mode: only shared ones), newest first. Columns: id, naam,
    vraag, indicator, gemeentecode, gemaakt_op, verhalen (how many stories were saved, intern and
    withdrawn ones too; set_stories says how many may be shown; None in partner mode, where it would
    count hidden stories), gedeeld."""
    telling = "NULL::BIGINT" if delen.partner(mode) else \
        "(SELECT count(*) FROM verhaalset_verhalen sv WHERE sv.set_id = s.id)"
    sql = (f"SELECT s.id, s.naam, s.vraag, s.indicator, s.gemeentecode, s.gemaakt_op, {telling} AS verhalen, "
           f"s.gedeeld FROM verhaalsets s WHERE {delen.alleen_gedeeld(mode, 's')} "
           "AND (CAST(? AS VARCHAR) IS NULL OR s.gemeentecode = ?) "
           "AND (CAST(? AS VARCHAR) IS NULL OR s.indicator = ?) ORDER BY s.gemaakt_op DESC, s.naam")
    return werk_conn.execute(sql, [gemeentecode, gemeentecode, indicator, indicator]).df()


def sets_for_indicator(werk_conn, indicator: str, gemeentecode: str | None, *, mode: Zichtbaarheid) -> pd.DataFrame:
    """Sets linked to an indicator (of one gemeente when given) this mode may see. Columns as list_sets."""
    return list_sets(werk_conn, gemeentecode=gemeentecode, indicator=indicator, mode=mode)


def load_set(werk_conn, set_id: str) -> Verhaalset:
    """One set with its story ids in order, shared or not (for checks and staff; a read for a page goes
    through `readable_set`). Raises VerhaalsetFout when it does not exist."""
    row = bewaard.one_row(werk_conn, "SELECT id, naam, vraag, indicator, gemeentecode, filter_json, gemaakt_op, "
                          "gedeeld, gedeeld_op FROM verhaalsets WHERE id = ?", set_id, VerhaalsetFout(ONTBREEKT))
    filt = VerhaalFilter.from_json(row[5]) if row[5] else None
    return Verhaalset(row[0], row[1], row[2], row[3], row[4], filt, bewaard.saved_ids(werk_conn, "set", set_id),
                      row[6], bool(row[7]), row[8])


def readable_set(werk_conn, set_id: str, mode: Zichtbaarheid) -> Verhaalset:
    """One set this mode may see: in partner mode an unshared set is refused as if it did not exist."""
    found = load_set(werk_conn, set_id)
    if delen.partner(mode) and not found.gedeeld:
        raise VerhaalsetFout(ONTBREEKT)
    return found


def share_set(werk_conn, set_id: str, gedeeld: bool, mode: Zichtbaarheid) -> None:
    """Mark a set "delen met partners" (gedeeld True) or take the mark off: a staff action.
    Raises VerhaalsetFout in partner mode or when the set does not exist."""
    delen.mark(werk_conn, "verhaalsets", set_id, gedeeld, mode, VerhaalsetFout, ONTBREEKT)


def delete_set(werk_conn, set_id: str) -> None:
    """Delete a set and its story list. Raises VerhaalsetFout when it does not exist."""
    load_set(werk_conn, set_id)
    with transaction(werk_conn):
        werk_conn.execute("DELETE FROM verhaalset_verhalen WHERE set_id = ?", [set_id])
        werk_conn.execute("DELETE FROM verhaalsets WHERE id = ?", [set_id])


def set_stories(store_conn, werk_conn, set_id: str, mode: Zichtbaarheid,
                limit: int | None = None) -> bewaard.BewaardeVerhalen:
    """The set's stories that this mode may read now, in the saved order, consent checked again.
    limit: only the first ones as a frame (the counts in the result cover the whole set).
    Partner mode: only a shared set (else VerhaalsetFout), and no notice that counts hidden stories."""
    return bewaard.shown_now(store_conn, readable_set(werk_conn, set_id, mode), mode, "deze set", limit)
