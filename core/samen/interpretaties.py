"""The interpretation log ("wat we hebben geleerd"): what a group saw, what it means, what was agreed.

An entry belongs to a gemeente (and optionally one wijk) and may be linked to a session, to story
sets and to indicators. Pages show the entries next to an indicator, a wijk or a session, so what
was learned in a meeting comes back where the figures and stories are (step 4 of the Movisie
cycle: learn and improve together). Entries live in the werkbestand (core.store.werk); they hold only
what people wrote, never story text.

Partner mode finds only the entries staff marked "delen met partners" (`share_log_entry`,
core.samen.delen); every read takes the mode. A shared entry linked to a set that is not shared keeps
its text, but partner mode leaves that set out of `verhaalsets` (its name is never shown to partners),
and leaves out the session (sessions are never shared).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from core import formatting
from core.dbtools import transaction
from core.errors import TellenError
from core.samen import delen, storysets
from core.samen.sessions import check_gemeentecode, load_session
from core.vertellen.consent import Zichtbaarheid

TEKST_MAX = 4000
ONTBREEKT = "Deze notitie in het logboek bestaat niet (meer). Kies een notitie uit de lijst."
DOOR_MAX = 120

# The three text fields with the Dutch heading a page or document shows above each.
ONDERDELEN = (("observaties", "Wat we zagen"),
              ("interpretaties", "Wat we denken dat het betekent"),
              ("acties", "Wat we afspraken"))


class LogFout(TellenError):
    """A log entry cannot be saved."""


@dataclass(frozen=True)
class LogEntry:
    """One entry. observaties/interpretaties/acties: '' when left empty (at least one is filled).
    gedeeld: staff marked it "delen met partners"."""
    id: str
    gemeentecode: str
    wijk: str | None
    sessie_id: str | None
    observaties: str
    interpretaties: str
    acties: str
    datum: date
    door: str | None
    verhaalsets: tuple[str, ...]
    indicatoren: tuple[str, ...]
    gemaakt_op: datetime
    gedeeld: bool = False

    @property
    def hele_gemeente(self) -> bool:
        """About the whole gemeente (no wijk): pages say so ("Voor de hele gemeente")."""
        return self.wijk is None

    @property
    def onderdelen(self) -> list[tuple[str, str]]:
        """[(Dutch heading, text)] for the filled fields, in the fixed order."""
        return [(kop, getattr(self, veld)) for veld, kop in ONDERDELEN if getattr(self, veld)]


def _clean_text(value: str | None, naam: str) -> str:
    """Trimmed text; inner line breaks stay (an entry may be a short list)."""
    text = "\n".join(line.rstrip() for line in (value or "").strip().splitlines())
    if len(text) > TEKST_MAX:
        raise LogFout(f"De tekst bij '{naam}' is te lang. Gebruik hoogstens {TEKST_MAX} tekens.")
    return text


def _check_wijk(wijk: str | None, gemeentecode: str) -> str | None:
    wijk = (wijk or "").strip().upper() or None
    if wijk is not None and not (len(wijk) == 8 and wijk.startswith("WK") and wijk[2:6] == gemeentecode[2:]):
        raise LogFout(f"De wijk {wijk} hoort niet bij gemeente {gemeentecode}. Kies een wijk uit die gemeente.")
    return wijk


def _check_links(werk_conn, sessie_id, verhaalsets, indicatoren) -> tuple[list[str], list[str]]:
    if sessie_id:
        load_session(werk_conn, sessie_id)          # raises SessieFout when it does not exist
    sets = list(dict.fromkeys(s.strip() for s in verhaalsets or () if s and s.strip()))
    for set_id in sets:
        storysets.load_set(werk_conn, set_id)       # raises VerhaalsetFout when it does not exist
    inds = list(dict.fromkeys(i.strip() for i in indicatoren or () if i and i.strip()))
    return sets, inds


def _check_teksten(observaties, interpretaties, acties) -> tuple[str, str, str]:
    teksten = tuple(_clean_text(t, kop) for t, (_, kop) in zip((observaties, interpretaties, acties), ONDERDELEN))
    if not any(teksten):
        raise LogFout("Vul minstens één veld in: wat u zag, wat het volgens u betekent, of wat u afsprak.")
    return teksten


def _check_door(door: str | None) -> str | None:
    door = formatting.one_line(door) or None
    if door and len(door) > DOOR_MAX:
        raise LogFout(f"De naam bij 'door' is te lang. Gebruik hoogstens {DOOR_MAX} tekens.")
    return door


def add_log_entry(werk_conn, gemeentecode: str, *, observaties: str = "", interpretaties: str = "",
                  acties: str = "", wijk: str | None = None, sessie_id: str | None = None,
                  verhaalsets=(), indicatoren=(), datum: date | None = None, door: str | None = None,
                  gemaakt_op: datetime | None = None, gedeeld: bool = False) -> str:
    """Validate and save one entry in one transaction; returns its id.

    verhaalsets: ids of story sets in the werkbestand; indicatoren: indicator ids of the store
    (not checked here: the werkbestand does not know the store). datum: default today.
    gedeeld: share it with partners at once (default: not; staff may mark it later).
    """
    gemeentecode = check_gemeentecode(gemeentecode)
    teksten = _check_teksten(observaties, interpretaties, acties)
    wijk, door = _check_wijk(wijk, gemeentecode), _check_door(door)
    sets, inds = _check_links(werk_conn, sessie_id, verhaalsets, indicatoren)
    gemaakt_op = gemaakt_op or datetime.now()
    entry_id = uuid.uuid4().hex[:12]
    links = [[entry_id, "verhaalset", s] for s in sets] + [[entry_id, "indicator", i] for i in inds]
    with transaction(werk_conn):
        werk_conn.execute("INSERT INTO logboek (id, gemeentecode, wijk, sessie_id, observaties, interpretaties, "
                          "acties, datum, door, gemaakt_op, gedeeld, gedeeld_op) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [entry_id, gemeentecode, wijk, sessie_id or None, *teksten,
                           datum or gemaakt_op.date(), door, gemaakt_op, bool(gedeeld),
                           gemaakt_op if gedeeld else None])
        if links:
            werk_conn.executemany("INSERT INTO logboek_links VALUES (?, ?, ?)", links)
    return entry_id


# The parts the queries below may use: fixed text, values always bound. The first two parameters say
# whether this is partner mode: then the session and the links to unshared sets are left out.
_ENTRY_SELECT = (
    "SELECT l.id, l.gemeentecode, l.wijk, CASE WHEN ? THEN NULL ELSE l.sessie_id END, l.observaties, "
    "l.interpretaties, l.acties, l.datum, l.door, list(k.ref ORDER BY k.ref) FILTER (WHERE k.soort = 'verhaalset' "
    "AND (NOT ? OR k.ref IN (SELECT id FROM verhaalsets WHERE gedeeld))) AS verhaalsets, "
    "list(k.ref ORDER BY k.ref) FILTER (WHERE k.soort = 'indicator') AS indicatoren, l.gemaakt_op, l.gedeeld "
    "FROM logboek l LEFT JOIN logboek_links k ON k.entry_id = l.id WHERE ")
_ENTRY_ORDER = " GROUP BY ALL ORDER BY l.datum DESC, l.gemaakt_op DESC, l.id"
_LINKED = "l.id IN (SELECT entry_id FROM logboek_links WHERE soort = ? AND ref = ?)"


def _entries(werk_conn, where: str, params: list, mode: Zichtbaarheid) -> list[LogEntry]:
    partner = delen.partner(mode)
    sql = _ENTRY_SELECT + delen.alleen_gedeeld(mode, "l") + " AND " + where + _ENTRY_ORDER
    rows = werk_conn.execute(sql, [partner, partner, *params]).fetchall()
    return [LogEntry(*r[:4], r[4] or "", r[5] or "", r[6] or "", r[7], r[8], tuple(r[9] or ()),
                     tuple(r[10] or ()), r[11], bool(r[12])) for r in rows]


def log_for_indicator(werk_conn, indicator: str, gemeente: str, wijk: str | None = None, *,
                      mode: Zichtbaarheid) -> list[LogEntry]:
    """Entries linked to this indicator in this gemeente that this mode may see, newest first.

    wijk None: every entry of the gemeente; a wijk: that wijk's entries and those about the whole
    gemeente (no wijk).
    """
    where = (_LINKED + " AND l.gemeentecode = ? AND (CAST(? AS VARCHAR) IS NULL OR l.wijk = ? OR l.wijk IS NULL)")
    return _entries(werk_conn, where, ["indicator", indicator, gemeente, wijk, wijk], mode)


def gemeente_van_wijk(wijk: str) -> str:
    """The gemeente of a CBS wijk code: WK054700 -> GM0547. A wijk code carries the code of its gemeente
    in every indeling (2020 and later alike), as `_check_wijk` requires of every saved entry."""
    wijk = (wijk or "").strip().upper()
    if not (len(wijk) == 8 and wijk.startswith("WK") and wijk[2:].isdigit()):
        raise LogFout(f"{wijk or 'Deze code'} is geen wijkcode. Kies een wijk uit de lijst.")
    return "GM" + wijk[2:6]


# A wijk's own entries and those about the whole gemeente it lies in (two parameters: wijk, gemeente).
_WIJK_OF_HEEL = "(l.wijk = ? OR (l.wijk IS NULL AND l.gemeentecode = ?))"


def log_for_wijk(werk_conn, wijk: str, *, mode: Zichtbaarheid) -> list[LogEntry]:
    """Entries about this wijk and about the whole gemeente of the wijk (`hele_gemeente`) that this mode
    may see, newest first."""
    wijk = wijk.strip().upper()
    return _entries(werk_conn, _WIJK_OF_HEEL, [wijk, gemeente_van_wijk(wijk)], mode)


def log_for_wijk_indicator(werk_conn, wijk: str, indicator: str, *, mode: Zichtbaarheid) -> list[LogEntry]:
    """What Tellen & vertellen shows beside one indicator in one wijk, newest first: entries about this wijk
    or the whole gemeente that are linked to this indicator or to no indicator at all (an entry linked only
    to other figures belongs beside those)."""
    wijk = wijk.strip().upper()
    where = (_WIJK_OF_HEEL + " AND (" + _LINKED + " OR l.id NOT IN "
             "(SELECT entry_id FROM logboek_links WHERE soort = 'indicator'))")
    return _entries(werk_conn, where, [wijk, gemeente_van_wijk(wijk), "indicator", indicator], mode)


def log_for_gemeente(werk_conn, gemeente: str, *, mode: Zichtbaarheid) -> list[LogEntry]:
    """Every entry of this gemeente (about a wijk or the whole gemeente) that this mode may see, newest first."""
    return _entries(werk_conn, "l.gemeentecode = ?", [gemeente], mode)


def log_for_session(werk_conn, sessie_id: str, *, mode: Zichtbaarheid) -> list[LogEntry]:
    """Entries written for this session, newest first; none in partner mode (sessions are not shared)."""
    return _entries(werk_conn, "l.sessie_id = ? AND NOT ?", [sessie_id, delen.partner(mode)], mode)


def log_for_set(werk_conn, set_id: str, *, mode: Zichtbaarheid) -> list[LogEntry]:
    """Entries linked to this story set that this mode may see, newest first; in partner mode none
    when the set itself is not shared."""
    where = _LINKED + " AND (NOT ? OR ? IN (SELECT id FROM verhaalsets WHERE gedeeld))"
    return _entries(werk_conn, where, ["verhaalset", set_id, delen.partner(mode), set_id], mode)


def share_log_entry(werk_conn, entry_id: str, gedeeld: bool, mode: Zichtbaarheid) -> None:
    """Mark an entry "delen met partners" (gedeeld True) or take the mark off: a staff action.
    Raises LogFout in partner mode or when the entry does not exist."""
    delen.mark(werk_conn, "logboek", entry_id, gedeeld, mode, LogFout, ONTBREEKT)
