"""Ingest of the goal tree (maatschappelijk resultaat -> opgave -> doel -> indicator) from a JSON file.

The nulmeting of each link is the earliest real value in the store; the streefwaarde is the
nulmeting plus the file's `streefwaarde_verschil` and is always marked as a fictional example.
"""
from __future__ import annotations

import json
from pathlib import Path

from core.errors import BuildError


def _nodes(tree: dict):
    """Yield (id, niveau, ouder, titel, indicator links) for every node, in file order."""
    for resultaat in tree["resultaten"]:
        yield resultaat["id"], "resultaat", None, resultaat["titel"], []
        for opgave in resultaat["opgaven"]:
            yield opgave["id"], "opgave", resultaat["id"], opgave["titel"], []
            for doel in opgave["doelen"]:
                yield doel["id"], "doel", opgave["id"], doel["titel"], doel.get("indicatoren", [])


def _nulmeting(conn, indicator: str, regio: str, leeftijdsgroep: str):
    return conn.execute("""
        SELECT jaar, waarde FROM waarden
        WHERE indicator = ? AND regio = ? AND leeftijdsgroep = ? AND waarde IS NOT NULL
        ORDER BY jaar LIMIT 1
    """, [indicator, regio, leeftijdsgroep]).fetchone()


def ingest_goal_tree(conn, path: Path) -> None:
    try:
        tree = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise BuildError(f"De doelenboom {path} kan niet worden gelezen ({e}).") from e
    gemeente = tree["gemeentecode"]
    known = {r[0] for r in conn.execute("SELECT id FROM indicatoren").fetchall()}
    for volgorde, (node_id, niveau, ouder, titel, links) in enumerate(_nodes(tree)):
        conn.execute("INSERT INTO doelen VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [node_id, niveau, ouder, titel, gemeente, tree["bron"], volgorde])
        for link in links:
            if link["indicator"] not in known:
                raise BuildError(f"Doelenboom: doel {node_id} verwijst naar onbekende indicator "
                                 f"'{link['indicator']}'.")
            _insert_link(conn, node_id, link, gemeente, tree.get("streefjaar"))


def _insert_link(conn, doel: str, link: dict, gemeente: str, streefjaar) -> None:
    base = _nulmeting(conn, link["indicator"], gemeente, link["leeftijdsgroep"])
    jaar, waarde = base if base else (None, None)
    streef = None if waarde is None else round(waarde + link["streefwaarde_verschil"], 2)
    conn.execute("INSERT INTO doel_indicatoren VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
                 [doel, link["indicator"], gemeente, link["leeftijdsgroep"], jaar, waarde, streef, streefjaar])
