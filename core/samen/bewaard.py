"""Saved story lists — story sets and sessions: checking the ids to save, and which may be shown now.

Consent is checked on every read, not when saving: a story whose consent was withdrawn, an `intern`
story in partner mode, or a story gone from the store is left out and counted in `verborgen`; the
stories whose import was removed are counted apart (`verwijderd`), so the notice says what happened.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import formatting
from core.vertellen import stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter


@dataclass(frozen=True)
class BewaardeVerhalen:
    """The saved stories that may be shown now. bron: the Verhaalset or Sessie they were saved in.
    verhalen: the filter_stories columns plus volgorde, in the saved order. verborgen: how many saved
    stories are not shown. waar: 'deze set' or 'deze sessie', for the notice."""
    bron: object
    verhalen: pd.DataFrame
    verborgen: int
    waar: str
    verwijderd: int = 0     # of `verborgen`: gone from the story store (their import was removed)

    @property
    def melding(self) -> str | None:
        """The Dutch notice for the page and the handout, or None when every saved story is shown."""
        return formatting.verborgen_melding(self.verborgen, self.waar, self.verwijderd)


# The story lists of sets and sessions in the werkbestand: (insert, select in saved order). Fixed SQL.
_LIJSTEN = {
    "set": ("INSERT INTO verhaalset_verhalen VALUES (?, ?, ?)",
            "SELECT verhaal_id FROM verhaalset_verhalen WHERE set_id = ? ORDER BY volgorde"),
    "sessie": ("INSERT INTO sessie_verhalen VALUES (?, ?, ?)",
               "SELECT verhaal_id FROM sessie_verhalen WHERE sessie_id = ? ORDER BY volgorde"),
}


def store_ids(werk_conn, soort: str, eigenaar: str, ids: list[str]) -> None:
    """Save the story list of a set or session ('set' / 'sessie'), numbered 1, 2, … in this order."""
    werk_conn.executemany(_LIJSTEN[soort][0], [[eigenaar, vid, i] for i, vid in enumerate(ids, start=1)])


def saved_ids(werk_conn, soort: str, eigenaar: str) -> tuple[str, ...]:
    """The saved story list of a set or session, in its order."""
    return tuple(r[0] for r in werk_conn.execute(_LIJSTEN[soort][1], [eigenaar]).fetchall())


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


def shown_now(store_conn, bron, mode: Zichtbaarheid, waar: str) -> BewaardeVerhalen:
    """The saved stories of `bron` (it has verhaal_ids) this mode may read now, in the saved order."""
    shown = stories.filter_stories(store_conn, VerhaalFilter(verhalen=bron.verhaal_ids), mode)
    volgorde = {vid: i for i, vid in enumerate(bron.verhaal_ids, start=1)}
    shown["volgorde"] = shown["id"].map(volgorde).astype(int)
    shown = shown.sort_values("volgorde").reset_index(drop=True)
    verwijderd = store_conn.execute("SELECT count(*) FROM unnest(?::VARCHAR[]) AS t(id) "
                                    "WHERE id NOT IN (SELECT id FROM verhalen)", [list(bron.verhaal_ids)]).fetchone()[0]
    return BewaardeVerhalen(bron, shown, len(bron.verhaal_ids) - len(shown), waar, int(verwijderd))
