"""Interpretatiesessies: a varied sample of stories, the questions to discuss, kept in the werkbestand.

A beleidsmedewerker picks stories by a story set or a filter, draws a varied sample of N stories
(`draw_sample`), writes one to three questions and saves the session (`save_session`). A session
keeps story ids, never story text: `session_stories` reads the stories from the store through
`stories.saved_stories` each time, so consent is checked again. A story whose consent became
`nee` (or that is `intern` in partner mode) disappears from the session, and `melding` says so.

Sampling: every candidate story belongs to three strata, its triad zone (`GEEN_ZONE` when it has
no triad answer), its wijk and its year. `draw_sample` takes stories one by one; each time it takes
the story that, in this order:
  1. comes from a zone that is not in the sample yet;
  2. comes from a wijk with the fewest stories in the sample so far;
  3. comes from a zone, then a year, with the fewest stories in the sample so far;
  4. comes first in a random order fixed by the seed (ties).
What follows (tests/test_sessions.py checks it):
  - with n >= the number of zones present, every zone present appears in the sample;
  - once every zone is in, each next story comes from a wijk with the fewest stories so far
    among the wijken that have stories left;
  - so when every wijk has at least ceil(n / wijken) stories, no wijk gets more than
    ceil(n / wijken) + 1, unless filling in the zones forced it (a zone found in few wijken);
  - the same stories, n and seed give the same sample, whatever the order of the input rows.
The pool a page samples from (`candidates`) is made in SQL and keeps per stratum (zone, wijk, year) the
first POOL_PER_STRATUM stories in a fixed order (a hash of the id), so a million stories become a few
thousand candidates; a sample of at most that many per stratum is drawn by the rule above from them.
"""
from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from core import formatting
from core.dbtools import transaction
from core.errors import TellenError
from core.samen import bewaard, delen, storysets
from core.vertellen import kaders, stories, triade
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

TITEL_MAX = 120
VRAAG_MAX = 400
MAX_VRAGEN = 3
GEEN_ZONE = "geen antwoord"
ONBEKEND = "onbekend"
STRATA = ("zone", "wijk", "jaar")
SESSIE_COLUMNS = ("id", "titel", "gemeentecode", "datum", "vragen", "set_id", "gemaakt_op", "verhalen")
_GEMEENTECODE = re.compile(r"GM\d{4}")


class SessieFout(TellenError):
    """A session or sample cannot be made, saved or found."""


# --- candidates and sampling -------------------------------------------------------------------

def first_triad(store_conn, selectie: stories.Selectie | None = None) -> str | None:
    """The key ('kader:id', core.vertellen.kaders) of the first triad question, or None when there is none:
    of the framework most of the selected stories use (their zones can stratify the sample)."""
    gebruik, params = "SELECT NULL::VARCHAR AS kader, 0 AS n WHERE false", []
    if selectie is not None:
        gebruik = (f"SELECT v.kader, count(*) AS n FROM verhalen v WHERE v.id IN (SELECT id FROM ({selectie.sql})) "
                   "GROUP BY v.kader")
        params = selectie.params
    row = store_conn.execute(f"SELECT s.kader, s.id FROM signifiers s LEFT JOIN ({gebruik}) g ON g.kader = s.kader "
                             "WHERE s.soort = 'triade' ORDER BY g.n DESC NULLS LAST, s.volgorde, s.kader, s.id LIMIT 1",
                             params).fetchone()
    return kaders.sleutel(*row) if row else None


POOL_PER_STRATUM = 30   # stories per (zone, wijk, year) kept in a pool: the most a sample (slider: 30) takes


def _pool_sql(triad: str | None, selection_sql: str) -> str:
    """Per stratum (zone, wijk, year) the first POOL_PER_STRATUM stories of the selection in a fixed random
    order (a hash of the id; a top-n aggregate, no sort of the whole selection).
    Columns: rij, kader, code (zone code or NULL), totaal (stories in the selection)."""
    zone = triade.zone_case_sql(*triade.normalised_sql("a"))
    zones = (f"SELECT a.verhaal, a.kader, {zone} AS code FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? "
             "AND a.triade_a IS NOT NULL AND a.triade_b IS NOT NULL AND a.triade_c IS NOT NULL") if triad else \
        "SELECT NULL::VARCHAR AS verhaal, NULL::VARCHAR AS kader, NULL::VARCHAR AS code WHERE false"
    return (f"WITH gevonden AS ({selection_sql}), zones AS ({zones}), "
            "strata AS (SELECT z.kader, z.code, arg_min(g.rij, hash(g.id), ?) AS rijen, count(*) AS n "
            "FROM gevonden g LEFT JOIN zones z ON z.verhaal = g.id GROUP BY g.wijk, g.jaar, z.kader, z.code) "
            "SELECT unnest(rijen) AS rij, kader, code, sum(n) OVER () AS totaal FROM strata")


def _zone_names(store_conn, triad: tuple[str, str] | None) -> dict[tuple[str, str], str]:
    """(kader, zone code) -> zone name of the triad (kader, id)."""
    if not triad:
        return {}
    rows = store_conn.execute("SELECT kader, labels FROM signifiers WHERE kader = ? AND id = ? AND soort = 'triade'",
                              list(triad)).fetchall()
    return {(kader, code): triade.zone_name(code, tuple(labels)) for kader, labels in rows for code in triade.ZONE_CODES}


POOL_COLUMNS = ("id", "titel", "wijk", "wijknaam", "gemeentecode", "jaar", "fictief", "zone")


def candidates(store_conn, f: VerhaalFilter, mode: Zichtbaarheid, triad: str | None = None) -> pd.DataFrame:
    """The pool to draw a sample from: readable stories matching the filter, with their zone, computed in SQL.

    A sample only ever takes the first stories of each stratum (zone, wijk, year; see the module
    docstring), so the pool keeps per stratum the first POOL_PER_STRATUM in a fixed random order (a hash
    of the id): at 1,000,000 stories a few thousand rows, never all of them. triad: a triad question id;
    None takes the framework's first triad. Columns: POOL_COLUMNS (zone: a zone name or GEEN_ZONE).
    frame.attrs['totaal']: how many readable stories match the filter.
    """
    found = stories.selection(store_conn, f, mode)
    triad = kaders.ontleed(store_conn, triad or first_triad(store_conn, found) or "")   # (kader, id) or None
    params = [*found.params, *(triad or ()), POOL_PER_STRATUM]
    pool = store_conn.execute(_pool_sql(triad, found.sql), params).df()
    frame = stories.stories_at(store_conn, list(pool["rij"]), mode, tekst=False)
    names = _zone_names(store_conn, triad)
    zone = {rij: names.get((kader, code), GEEN_ZONE) for rij, kader, code in zip(pool["rij"], pool["kader"], pool["code"])}
    frame["zone"] = [zone[r] for r in pool["rij"]] if len(pool) else pd.Series(dtype=object)
    frame = frame[list(POOL_COLUMNS)]
    frame.attrs["totaal"] = int(pool["totaal"].iloc[0]) if len(pool) else 0
    return frame


def set_candidates(store_conn, werk_conn, set_id: str, mode: Zichtbaarheid,
                   triad: str | None = None) -> pd.DataFrame:
    """The pool of the readable stories of a story set (columns and attrs as `candidates`); in partner mode
    only of a shared set."""
    ids = storysets.readable_set(werk_conn, set_id, mode).verhaal_ids
    if not ids:  # an empty id list would mean "no filter": every story
        return candidates(store_conn, VerhaalFilter(verhalen=("",)), mode, triad)
    return candidates(store_conn, VerhaalFilter(verhalen=ids), mode, triad)


def _check_n(n) -> int:
    if int(n) < 1:
        raise SessieFout("Kies minstens 1 verhaal voor de sessie.")
    return int(n)


def _strata(story_frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One row per distinct story id: id, zone, wijk, jaar (as text), rank (random, fixed by seed)."""
    if "id" not in story_frame.columns:
        raise SessieFout("Er ontbreekt een kolom met verhaalnummers (id).")
    pool = story_frame.drop_duplicates("id").sort_values("id", kind="stable").reset_index(drop=True)
    strata = pd.DataFrame({"id": pool["id"].astype(str)})
    for column in STRATA:
        values = pool[column] if column in pool.columns else pd.Series(index=pool.index, dtype=object)
        fallback = GEEN_ZONE if column == "zone" else ONBEKEND
        strata[column] = [fallback if pd.isna(v) else str(v) for v in values]
    strata["rank"] = np.random.default_rng(int(seed)).permutation(len(strata))
    return strata


def _sort_key(row: dict, counts: dict[str, Counter]) -> tuple:
    """The order in which a candidate is taken (see the module docstring)."""
    zone, wijk, jaar = row["zone"], row["wijk"], row["jaar"]
    return (counts["zone"][zone] > 0, counts["wijk"][wijk], counts["zone"][zone], counts["jaar"][jaar],
            row["rank"])


def _greedy_order(strata: pd.DataFrame, n: int) -> list[str]:
    """The rule of the module docstring. Stories of one stratum differ only in rank, so each step compares
    the first story left of every stratum: the work grows with the strata, not with the stories."""
    queues: dict[tuple, list[dict]] = {}
    for row in strata.sort_values("rank").to_dict("records"):
        queues.setdefault(tuple(row[s] for s in STRATA), []).append(row)
    heads = {key: 0 for key in queues}
    counts = {s: Counter() for s in STRATA}
    chosen = []
    while heads and len(chosen) < n:
        key = min(heads, key=lambda k: _sort_key(queues[k][heads[k]], counts))
        best = queues[key][heads[key]]
        heads[key] += 1
        if heads[key] == len(queues[key]):
            del heads[key]
        chosen.append(best["id"])
        for s in STRATA:
            counts[s][best[s]] += 1
    return chosen


def draw_sample(story_frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """A varied sample of n stories (all of them when there are fewer), spread over zones, wijken, years.

    story_frame: stories with columns id and, when known, zone, wijk, jaar (as from `candidates`).
    Returns the chosen rows in the order they were drawn, with a column `steekproef` (1, 2, …).
    Raises SessieFout when n < 1 or there is nothing to choose from.
    """
    n = _check_n(n)
    if story_frame.empty:
        raise SessieFout("Er zijn geen verhalen om uit te kiezen. Maak de selectie ruimer.")
    order = _greedy_order(_strata(story_frame, seed), n)
    rows = story_frame.drop_duplicates("id").assign(_key=lambda d: d["id"].astype(str)).set_index("_key")
    sample = rows.loc[order].reset_index(drop=True)
    sample["steekproef"] = range(1, len(sample) + 1)
    return sample


# --- sessions ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sessie:
    """One saved session. verhaal_ids: the order of the story cards. set_id or filter: where the
    stories came from (or neither). patroon_vraag: question id of the pattern chart (None: default).
    seed: the sample's seed (None when the stories were picked by hand). datum: day of the session."""
    id: str
    titel: str
    gemeentecode: str
    set_id: str | None
    filter: VerhaalFilter | None
    vragen: tuple[str, ...]
    verhaal_ids: tuple[str, ...]
    patroon_vraag: str | None
    seed: int | None
    datum: date
    gemaakt_op: datetime


def _check_titel(titel: str) -> str:
    return formatting.required_line(titel, TITEL_MAX, SessieFout, "Geef de sessie een titel.", "De titel")


def check_gemeentecode(code: str | None) -> str:
    """A gemeentecode like GM0547, or SessieFout."""
    code = (code or "").strip().upper()
    if not _GEMEENTECODE.fullmatch(code):
        raise SessieFout("Kies een gemeente. De gemeentecode ziet eruit als GM0547.")
    return code


def _check_vragen(vragen) -> tuple[str, ...]:
    """1 to 3 questions. Empty fields (a form has three) are left out, not counted."""
    if isinstance(vragen, str):
        vragen = [vragen]
    filled = tuple(v for v in (formatting.one_line(v) for v in (vragen or [])) if v)
    if not filled:
        raise SessieFout("Schrijf minstens één vraag op om in de sessie te bespreken.")
    if len(filled) > MAX_VRAGEN:
        raise SessieFout(f"Kies hoogstens {MAX_VRAGEN} vragen. Met minder vragen is er meer tijd voor elke vraag.")
    for vraag in filled:
        if len(vraag) > VRAAG_MAX:
            raise SessieFout(f"Een vraag is te lang. Gebruik hoogstens {VRAAG_MAX} tekens per vraag.")
    return filled


def _check_bron(werk_conn, set_id: str | None, filter: VerhaalFilter | None) -> None:
    if set_id and filter is not None:
        raise SessieFout("Kies een verhaalset of een filter als bron van de verhalen, niet allebei.")
    if set_id:
        storysets.load_set(werk_conn, set_id)  # raises VerhaalsetFout when it does not exist


def save_session(werk_conn, titel: str, gemeentecode: str, vragen, story_ids, *, set_id: str | None = None,
                 filter: VerhaalFilter | None = None, patroon_vraag: str | None = None,
                 seed: int | None = None, datum: date | None = None,
                 gemaakt_op: datetime | None = None) -> str:
    """Validate and save a session in one transaction; returns its id.

    vragen: 1 to 3 questions (empty ones are left out). story_ids: the card order; duplicates once.
    Consent is not checked here but on every read (`session_stories`).
    """
    titel, gemeentecode = _check_titel(titel), check_gemeentecode(gemeentecode)
    vragen = _check_vragen(vragen)
    ids = bewaard.check_ids(story_ids, SessieFout, "Kies minstens één verhaal voor de sessie.")
    _check_bron(werk_conn, set_id, filter)
    gemaakt_op = gemaakt_op or datetime.now()
    sessie_id = uuid.uuid4().hex[:12]
    with transaction(werk_conn):
        werk_conn.execute("INSERT INTO sessies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [sessie_id, titel, gemeentecode, set_id or None,
                           filter.to_json() if filter is not None else None, list(vragen),
                           patroon_vraag or None, seed, datum or gemaakt_op.date(), gemaakt_op])
        bewaard.store_ids(werk_conn, "sessie", sessie_id, ids)
    return sessie_id


def load_session(werk_conn, sessie_id: str) -> Sessie:
    """One session with its story ids in card order. Raises SessieFout when it does not exist."""
    row = bewaard.one_row(werk_conn, "SELECT id, titel, gemeentecode, set_id, filter_json, vragen, patroon_vraag, "
                          "seed, datum, gemaakt_op FROM sessies WHERE id = ?", sessie_id,
                          SessieFout("Deze sessie bestaat niet (meer). Kies een sessie uit de lijst."))
    filt = VerhaalFilter.from_json(row[4]) if row[4] else None
    ids = bewaard.saved_ids(werk_conn, "sessie", sessie_id)
    return Sessie(row[0], row[1], row[2], row[3], filt, tuple(row[5]), ids, row[6], row[7], row[8], row[9])


def list_sessions(werk_conn, gemeentecode: str | None = None, *, mode: Zichtbaarheid) -> pd.DataFrame:
    """Saved sessions, newest day first; none in partner mode (sessions cannot be shared with partners).
    Columns: id, titel, gemeentecode, datum, vragen (list), set_id, gemaakt_op, verhalen (how many were
    saved; session_stories says how many may be shown)."""
    sql = ("SELECT s.id, s.titel, s.gemeentecode, s.datum, s.vragen, s.set_id, s.gemaakt_op, "
           "(SELECT count(*) FROM sessie_verhalen sv WHERE sv.sessie_id = s.id) AS verhalen "
           "FROM sessies s WHERE ? AND (CAST(? AS VARCHAR) IS NULL OR s.gemeentecode = ?) "
           "ORDER BY s.datum DESC, s.gemaakt_op DESC, s.titel")
    return werk_conn.execute(sql, [not delen.partner(mode), gemeentecode, gemeentecode]).df()


def delete_session(werk_conn, sessie_id: str) -> None:
    """Delete a session and its story list. Log entries about it stay, no longer linked to it."""
    load_session(werk_conn, sessie_id)
    with transaction(werk_conn):
        werk_conn.execute("DELETE FROM sessie_verhalen WHERE sessie_id = ?", [sessie_id])
        werk_conn.execute("DELETE FROM sessies WHERE id = ?", [sessie_id])
        werk_conn.execute("UPDATE logboek SET sessie_id = NULL WHERE sessie_id = ?", [sessie_id])


def session_stories(store_conn, werk_conn, sessie_id: str, mode: Zichtbaarheid) -> bewaard.BewaardeVerhalen:
    """The session's stories this mode may read now, in card order, consent checked again."""
    saved = load_session(werk_conn, sessie_id)
    if not saved.verhaal_ids:  # an empty id list would mean "no filter": every story
        raise SessieFout("Deze sessie heeft geen verhalen. Maak de sessie opnieuw.")
    return bewaard.shown_now(store_conn, saved, mode, "deze sessie")
