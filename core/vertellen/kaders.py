"""Frameworks (kaders) as the story pages read them: which question a key names, and a framework's "sleutels".

Signifier ids belong to their framework: two frameworks may both ask `ervaring`, with other questions. A
question is therefore named by a key 'kader:id' (`sleutel`). A bare id (an older link, a saved filter) still
works: it names the question of the framework of the oldest import that has that id (`ontleed`).

A framework file may name its key signifiers (common agreement, read from `kaders.definitie`):
`"sleutels": {"ervaring": slider id, "netwerklunch": [ids], "vergelijking": [keuze ids], "thema": keuze id}`.
`sleutels(conn, kader)` reads them as keys; an id the framework does not have (of that soort) is left out.
Pages leave a part out, with a one-line reason (REDENEN), where the frameworks of the stories have no such key.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.vertellen.consent import Zichtbaarheid, leesbaar_in

SCHEIDING = ":"

# Why a page leaves a part out: the frameworks of the stories shown have no such key signifier.
REDENEN = {
    "ervaring": ("Het kader van deze verhalen heeft geen vraag naar positieve of negatieve ervaring; daarom staat "
                 "hier geen aandeel positief."),
    "netwerklunch": ("Het kader van deze verhalen noemt geen vragen voor de netwerklunch; daarom zijn er geen "
                     "dia's met patronen."),
    "vergelijking": ("Het kader van deze vraag noemt geen keuzevraag om groepen mee te vergelijken; daarom kunt u "
                     "hier alleen wijken of jaren vergelijken."),
    "thema": ("Het kader van deze verhalen heeft geen vraag naar het thema van de doelenboom; daarom horen er via "
              "het thema geen verhalen bij dit cijfer."),
}
_SOORT = {"ervaring": "slider", "netwerklunch": None, "vergelijking": "keuze", "thema": "keuze"}


# A CTE `ervaring` (kader, signifier, vraag): each framework's `ervaring` key read in SQL from the framework file,
# where it is a slider of that framework: for a query that may not spend another statement on the sleutels.
ERVARING_SQL = ("ervaring AS (SELECT s.kader, s.id AS signifier, s.vraag FROM kaders k JOIN signifiers s "
                "ON s.kader = k.id AND s.id = json_extract_string(k.definitie, '$.sleutels.ervaring') "
                "AND s.soort = 'slider')")


def sleutel(kader: str, signifier: str) -> str:
    """The key of one framework's question: 'kader:id'."""
    return f"{kader}{SCHEIDING}{signifier}"


def korte_sleutels(conn) -> dict[tuple[str, str], str]:
    """(kader, id) -> the key pages use: the bare id where a bare id names this very question (the framework of
    the oldest import that asks it, as `ontleed` reads it), else 'kader:id'. So the demo's links and saved
    choices ('ervaring') keep naming the demo's question when a second framework also asks `ervaring`."""
    rows = conn.execute(
        "SELECT s.kader, s.id, row_number() OVER (PARTITION BY s.id ORDER BY i.op NULLS LAST, s.kader) FROM signifiers s "
        "LEFT JOIN (SELECT kader, min(op) AS op FROM imports GROUP BY kader) i ON i.kader = s.kader").fetchall()
    return {(k, i): i if eerste == 1 and SCHEIDING not in i else sleutel(k, i) for k, i, eerste in rows}


def _vragen(conn) -> dict[tuple[str, str], str]:
    """(kader, id) -> soort, for every question in the store."""
    return {(k, i): s for k, i, s in conn.execute("SELECT kader, id, soort FROM signifiers").fetchall()}


def _oudste_kader(conn, signifier: str) -> str | None:
    row = conn.execute(
        "SELECT s.kader FROM signifiers s LEFT JOIN (SELECT kader, min(op) AS op FROM imports GROUP BY kader) i "
        "ON i.kader = s.kader WHERE s.id = ? ORDER BY i.op NULLS LAST, s.kader LIMIT 1", [signifier]).fetchone()
    return row[0] if row else None


def ontleed(conn, key: str) -> tuple[str, str] | None:
    """(kader, signifier id) of a key 'kader:id', or of a bare id (the framework of the oldest import that asks
    it); None when the store has no such question."""
    key = str(key)
    bekend = _vragen(conn)
    for deel in (key.partition(SCHEIDING), key.rpartition(SCHEIDING)):
        if deel[1] and (deel[0], deel[2]) in bekend:
            return deel[0], deel[2]
    kader = _oudste_kader(conn, key)
    return (kader, key) if kader is not None else None


def soort_van(conn, key: str) -> str | None:
    """'triade' | 'slider' | 'keuze' of the question a key names, None when unknown."""
    found = ontleed(conn, key)
    return _vragen(conn)[found] if found else None


def meerkeuze(conn, kader: str, signifier: str) -> bool:
    """True for a multi-select choice (several options per story, one answer row each): the column
    signifiers.meerkeuze, or the framework file's `"meerkeuze": true` in a store from before that column."""
    try:
        row = conn.execute("SELECT meerkeuze FROM signifiers WHERE kader = ? AND id = ?", [kader, signifier]).fetchone()
        return bool(row and row[0])
    except duckdb.Error:
        row = conn.execute("SELECT definitie FROM kaders WHERE id = ?", [kader]).fetchone()
        vragen = json.loads(row[0]).get("signifiers", []) if row else []
        return any(v.get("id") == signifier and v.get("meerkeuze") is True for v in vragen if isinstance(v, dict))


@dataclass(frozen=True)
class Sleutels:
    """The key signifiers of one framework, as keys 'kader:id' (None / empty where the framework names none)."""
    kader: str
    naam: str
    ervaring: str | None = None
    netwerklunch: tuple[str, ...] = ()
    vergelijking: tuple[str, ...] = ()
    thema: str | None = None


def _ids(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in ([value] if isinstance(value, str) else value)]


def sleutels(conn, kader: str) -> Sleutels:
    """The "sleutels" of a framework file (kaders.definitie), each checked against the framework's questions."""
    row = conn.execute("SELECT naam, definitie FROM kaders WHERE id = ?", [kader]).fetchone()
    if row is None:
        return Sleutels(kader, kader)
    try:
        raw = json.loads(row[1]).get("sleutels") or {}
    except (ValueError, AttributeError):
        raw = {}
    bekend = {i: s for (k, i), s in _vragen(conn).items() if k == kader}

    def geldig(naam: str) -> tuple[str, ...]:
        soort = _SOORT[naam]
        return tuple(sleutel(kader, i) for i in _ids(raw.get(naam)) if i in bekend and soort in (None, bekend[i]))

    ervaring, thema = geldig("ervaring"), geldig("thema")
    return Sleutels(kader, row[0], ervaring[0] if ervaring else None, geldig("netwerklunch"), geldig("vergelijking"),
                    thema[0] if thema else None)


def kaders_van(conn, gemeente: str | None, mode: Zichtbaarheid, wijk: str | None = None) -> list[str]:
    """The frameworks the readable stories of a gemeente (or one wijk) use, most stories first."""
    waar, params = leesbaar_in(mode, gemeente, wijk)
    rows = conn.execute(f"SELECT v.kader, count(*) FROM verhalen v WHERE {waar} GROUP BY v.kader ORDER BY 2 DESC, 1",
                        params).fetchall()
    return [r[0] for r in rows]


def sleutels_van(conn, gemeente: str | None, mode: Zichtbaarheid, wijk: str | None = None) -> list[Sleutels]:
    """The sleutels of every framework the readable stories of a gemeente (or wijk) use, most stories first."""
    return [sleutels(conn, k) for k in kaders_van(conn, gemeente, mode, wijk)]


def keuze_label(vraag: str, kadernaam: str, meer_kaders: bool) -> str:
    """The label of a question in a choice list: its text, with the framework's name when several are shown."""
    return f"{vraag} ({kadernaam})" if meer_kaders else vraag


def thema_keuzes(conn, gemeente: str, mode: Zichtbaarheid, themas) -> dict[str, list[str]]:
    """How the stories of a gemeente belong to a figure: for each framework of its readable stories that names a
    `thema` question, that question's key -> the options among `themas` (the goal tree's maatschappelijke
    resultaten the figure measures). Empty: no framework names a thema question (see REDENEN['thema'])."""
    found: dict[str, list[str]] = {}
    for s in sleutels_van(conn, gemeente, mode):
        if s.thema:
            kader, sid = ontleed(conn, s.thema)
            labels = conn.execute("SELECT labels FROM signifiers WHERE kader = ? AND id = ?", [kader, sid]).fetchone()[0]
            found[s.thema] = [t for t in themas if t in set(labels)]
    return found


def sleutel_aliassen(signifiers: pd.DataFrame) -> dict[str, str]:
    """Another way a link may name a question -> its key in `signifiers` (a frame as signifiers_of, most used
    framework first): 'kader:id' always; a bare id that is no key itself, the first question with that id."""
    aliassen = {sleutel(k, i): key for k, i, key in zip(signifiers["kader"], signifiers["id"],
                                                                signifiers["sleutel"])}
    for sid, key in zip(signifiers["id"][::-1], signifiers["sleutel"][::-1]):
        if sid not in set(signifiers["sleutel"]):
            aliassen[sid] = key
    return {alias: key for alias, key in aliassen.items() if alias != key}


def signifiers_of(opties, gemeente: str | None) -> pd.DataFrame:
    """The questions of the frameworks the readable stories of a gemeente use (all when none does), with
    `label`: the question, with the framework's name when the gemeente's stories use more than one framework."""
    found = opties.signifiers
    if gemeente:
        eigen = found[found["gemeenten"].map(lambda g: gemeente in g)]
        found = eigen if len(eigen) else found
    if len(opties.kaders):   # the framework with most of the gemeente's stories first: its questions come first
        eigen = opties.kaders[opties.kaders["gemeentecode"] == gemeente] if gemeente else opties.kaders
        aantal = eigen.groupby("kader")["verhalen"].sum()
        found = found.iloc[(-found["kader"].map(aantal).fillna(0)).to_numpy().argsort(kind="stable")]
    meer = found["kader"].nunique() > 1
    return found.assign(label=[keuze_label(v, n, meer) for v, n in zip(found["vraag"], found["kadernaam"])])
