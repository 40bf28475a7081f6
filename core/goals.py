"""The goal tree (maatschappelijk resultaat -> opgave -> doel -> indicator) from a JSON file.

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


# --- reading the goal tree -------------------------------------------------------------------

STATUS_OP_KOERS = "op koers"
STATUS_NIET_OP_KOERS = "niet op koers"
STATUS_ONBEKEND = "onbekend"


def status(richting: str, nul_jaar, nulmeting, laatste_jaar, laatste, streefwaarde) -> str:
    """Op koers when the latest figure moved from the nulmeting towards the streefwaarde (or reached it).

    Onbekend without a streefwaarde, or without a figure later than the nulmeting.
    """
    values = (nul_jaar, nulmeting, laatste_jaar, laatste, streefwaarde)
    if any(v is None or v != v for v in values) or laatste_jaar <= nul_jaar:
        return STATUS_ONBEKEND
    doelrichting = streefwaarde - nulmeting
    if doelrichting == 0:
        doelrichting = 1 if richting == "hoger_beter" else -1
    beweging = laatste - nulmeting
    return STATUS_OP_KOERS if beweging * doelrichting > 0 else STATUS_NIET_OP_KOERS


def goal_table(conn, gemeente: str):
    """Every node of the goal tree with its indicator links, latest value and status.

    Columns: resultaat, opgave, doel, doel_id, volgorde, indicator, label, eenheid, richting,
    leeftijdsgroep, nulmeting_jaar, nulmeting, laatste_jaar, laatste, streefwaarde, streefjaar,
    streefwaarde_fictief, status (NULL indicator columns for doelen without a linked indicator).
    """
    frame = conn.execute("""
        SELECT r.titel AS resultaat, o.titel AS opgave, d.titel AS doel, d.id AS doel_id, d.volgorde,
               l.indicator, i.label, i.eenheid, i.richting, l.leeftijdsgroep, l.nulmeting_jaar, l.nulmeting,
               lw.jaar AS laatste_jaar, lw.waarde AS laatste, l.streefwaarde, l.streefjaar,
               l.streefwaarde_fictief
        FROM doelen d
        JOIN doelen o ON o.id = d.ouder
        JOIN doelen r ON r.id = o.ouder
        LEFT JOIN doel_indicatoren l ON l.doel = d.id
        LEFT JOIN indicatoren i ON i.id = l.indicator
        LEFT JOIN LATERAL (
            SELECT w.jaar, w.waarde FROM waarden w
            WHERE w.regio = l.regio AND w.indicator = l.indicator AND w.leeftijdsgroep = l.leeftijdsgroep
              AND w.waarde IS NOT NULL ORDER BY w.jaar DESC LIMIT 1) lw ON TRUE
        WHERE d.niveau = 'doel' AND d.gemeentecode = ?
        ORDER BY d.volgorde, l.indicator
    """, [gemeente]).df()
    frame["status"] = [
        status(r.richting, r.nulmeting_jaar, r.nulmeting, r.laatste_jaar, r.laatste, r.streefwaarde)
        if isinstance(r.indicator, str) else None
        for r in frame.itertuples()]
    return frame


def gemeenten_met_doelen(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT gemeentecode FROM doelen ORDER BY 1").fetchall()]


def themes_for_indicator(conn, indicator: str) -> list[str]:
    """The maatschappelijke resultaten (thema's) whose doelen this indicator measures, in any goal tree.

    Stories name the same thema's in their 'opgave' answer: that is how a story belongs to a figure.
    """
    rows = conn.execute("""
        SELECT DISTINCT r.titel, r.volgorde FROM doel_indicatoren l
        JOIN doelen d ON d.id = l.doel JOIN doelen o ON o.id = d.ouder JOIN doelen r ON r.id = o.ouder
        WHERE l.indicator = ? ORDER BY r.volgorde
    """, [indicator]).fetchall()
    return [r[0] for r in rows]
