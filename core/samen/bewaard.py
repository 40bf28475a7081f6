"""Saved story lists — story sets and sessions: checking the ids to save, and which may be shown now.

Consent is checked on every read, not when saving: a story whose consent was withdrawn, an `intern`
story in partner mode, or a story gone from the store is left out and counted in `verborgen`; the
stories whose import was removed are counted apart (`verwijderd`), so the notice says what happened.
Only staff get that notice: in partner mode it is None, since a count of the stories partners may not
read is itself something they may not see.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from core import formatting
from core.vertellen import stories
from core.vertellen.consent import Zichtbaarheid


@dataclass(frozen=True)
class BewaardeVerhalen:
    """The saved stories that may be shown now. bron: the Verhaalset or Sessie they were saved in.
    verhalen: the filter_stories columns plus volgorde, in the saved order (the first `limit` of
    shown_now, or all). verborgen: how many saved
    stories are not shown. waar: 'deze set' or 'deze sessie', for the notice. partner: read in partner
    mode (then there is no notice)."""
    bron: object
    verhalen: pd.DataFrame
    verborgen: int
    waar: str
    verwijderd: int = 0     # of `verborgen`: gone from the story store (their import was removed)
    partner: bool = False

    @property
    def melding(self) -> str | None:
        """The Dutch notice for the page and the handout, or None when every saved story is shown, and
        always None in partner mode (never a count of hidden stories for partners)."""
        if self.partner:
            return None
        return formatting.verborgen_melding(self.verborgen, self.waar, self.verwijderd)


# The story lists of sets and sessions in the werkbestand: (table, owner column). An allow-list of names.
_LIJSTEN = {"set": ("verhaalset_verhalen", "set_id"), "sessie": ("sessie_verhalen", "sessie_id")}


def store_ids(werk_conn, soort: str, eigenaar: str, ids: list[str]) -> None:
    """Save the story list of a set or session ('set' / 'sessie'), numbered 1, 2, … in this order.
    One INSERT … SELECT from a registered table: a set may hold a whole filter's stories."""
    rows = pa.table({"eigenaar": pa.array([eigenaar] * len(ids), pa.string()), "id": pa.array(ids, pa.string()),
                     "volgorde": pa.array(range(1, len(ids) + 1), pa.int64())})
    name = f"nieuw_{uuid.uuid4().hex[:12]}"
    werk_conn.register(name, rows)
    try:
        werk_conn.execute(f"INSERT INTO {_LIJSTEN[soort][0]} SELECT eigenaar, id, volgorde FROM {name}")
    finally:
        werk_conn.unregister(name)


def saved_ids(werk_conn, soort: str, eigenaar: str) -> tuple[str, ...]:
    """The saved story list of a set or session, in its order."""
    table, owner = _LIJSTEN[soort]
    sql = f"SELECT verhaal_id FROM {table} WHERE {owner} = ? ORDER BY volgorde"
    return tuple(werk_conn.execute(sql, [eigenaar]).to_arrow_table().column(0).to_pylist())


def one_row(werk_conn, sql: str, key: str, missing: Exception) -> tuple:
    """The one row `sql` finds for `key`; raises `missing` (a Dutch error) when there is none."""
    row = werk_conn.execute(sql, [key]).fetchone()
    if row is None:
        raise missing
    return row


def check_ids(story_ids, error, leeg: str) -> list[str]:
    """The story ids to save, in order, each once; raises `error(leeg)` when there are none."""
    ids = list(dict.fromkeys(str(i).strip() for i in (story_ids or []) if str(i).strip()))
    if not ids:
        raise error(leeg)
    return ids


def shown_now(store_conn, bron, mode: Zichtbaarheid, waar: str, limit: int | None = None) -> BewaardeVerhalen:
    """The saved stories of `bron` (it has verhaal_ids) this mode may read now, in the saved order.
    limit: only the first ones become a frame (the counts still cover every saved story)."""
    found = stories.saved_stories(store_conn, bron.verhaal_ids, mode, limit)
    return BewaardeVerhalen(bron, found.verhalen, len(bron.verhaal_ids) - found.leesbaar, waar, found.weg,
                            Zichtbaarheid(mode) is Zichtbaarheid.PARTNER)
