"""The goal tree as the Doelen page reads it: each doel with its indicators, latest value and status.

core.ingest.goals loads the tree at build; this module only reads it, with the latest figures from the
derived table `vergelijkingen` (every real figure of a land, gemeente or wijk).
"""
from __future__ import annotations

import pandas as pd

STATUS_OP_KOERS = "op koers"
STATUS_NIET_OP_KOERS = "niet op koers"
STATUS_ONBEKEND = "onbekend"


def status(richting: str, nul_jaar, nulmeting, laatste_jaar, laatste, streefwaarde) -> str:
    """Op koers when the latest figure moved from the nulmeting towards the streefwaarde (or reached it).

    Onbekend without a streefwaarde, or without a figure later than the nulmeting.
    """
    values = (nul_jaar, nulmeting, laatste_jaar, laatste, streefwaarde)
    if any(_ontbreekt(v) for v in values) or laatste_jaar <= nul_jaar:
        return STATUS_ONBEKEND
    doelrichting = streefwaarde - nulmeting
    if doelrichting == 0:
        doelrichting = 1 if richting == "hoger_beter" else -1
    beweging = laatste - nulmeting
    return STATUS_OP_KOERS if beweging * doelrichting > 0 else STATUS_NIET_OP_KOERS


def _ontbreekt(v) -> bool:
    """None, NaN or pandas' NA (a nullable year column of a tree whose link has no figure)."""
    return v is None or v is pd.NA or v != v


def goal_table(conn, gemeente: str):
    """Every node of the goal tree with its indicator links, latest value and status.

    Columns: resultaat, opgave, doel, doel_id, volgorde, indicator, label, eenheid, richting,
    leeftijdsgroep, nulmeting_jaar, nulmeting, laatste_jaar, laatste, streefwaarde, streefjaar,
    streefwaarde_fictief, bron (of the tree), status (NULL indicator columns for doelen without a linked
    indicator).
    """
    return _goal_table(conn, gemeente, "doelen", "doel_indicatoren")


DOELEN_KOLOMMEN = ["id", "niveau", "ouder", "titel", "gemeentecode", "bron", "volgorde"]
LINK_KOLOMMEN = ["doel", "indicator", "regio", "leeftijdsgroep", "nulmeting_jaar", "nulmeting", "streefwaarde",
                 "streefjaar", "streefwaarde_fictief"]


def goal_table_voorbeeld(conn, gemeente: str, doelen: list[tuple], links: list[tuple]):
    """goal_table for a tree that is not saved yet: its rows (core.ingest.goals.rijen) in place of the
    store's. A preview of the Doelen page; works on the read-only store."""
    conn.register("voorbeeld_doelen", pd.DataFrame(doelen, columns=DOELEN_KOLOMMEN).astype(
        {"id": "object", "ouder": "object", "titel": "object", "gemeentecode": "object", "volgorde": "int64"}))
    conn.register("voorbeeld_links", pd.DataFrame(links, columns=LINK_KOLOMMEN).astype(
        {"doel": "object", "indicator": "object", "regio": "object", "leeftijdsgroep": "object",
         "nulmeting_jaar": "Int64", "nulmeting": "float64", "streefwaarde": "float64", "streefjaar": "Int64",
         "streefwaarde_fictief": "bool"}))
    try:
        return _goal_table(conn, gemeente, "voorbeeld_doelen", "voorbeeld_links")
    finally:
        conn.unregister("voorbeeld_doelen")
        conn.unregister("voorbeeld_links")


# The relations a goal table may read: the store's tables or a preview's registered frames.
_BRONNEN = {("doelen", "doel_indicatoren"), ("voorbeeld_doelen", "voorbeeld_links")}


def _goal_table(conn, gemeente: str, doelen: str, links: str):
    if (doelen, links) not in _BRONNEN:  # identifiers only from this allow-list
        raise ValueError(f"Geen doelentabellen: {doelen}, {links}")
    frame = conn.execute(f"""
        SELECT r.titel AS resultaat, o.titel AS opgave, d.titel AS doel, d.id AS doel_id, d.volgorde,
               l.indicator, i.label, i.eenheid, i.richting, l.leeftijdsgroep, l.nulmeting_jaar, l.nulmeting,
               lw.jaar AS laatste_jaar, lw.waarde AS laatste, l.streefwaarde, l.streefjaar,
               l.streefwaarde_fictief, d.bron
        FROM {doelen} d
        JOIN {doelen} o ON o.id = d.ouder
        JOIN {doelen} r ON r.id = o.ouder
        LEFT JOIN {links} l ON l.doel = d.id
        LEFT JOIN indicatoren i ON i.id = l.indicator
        LEFT JOIN (
            SELECT l2.doel, l2.indicator, l2.regio, l2.leeftijdsgroep, max(v.jaar) AS jaar,
                   arg_max(v.waarde, v.jaar) AS waarde
            FROM {links} l2 JOIN vergelijkingen v ON v.regio = l2.regio AND v.indicator = l2.indicator
                 AND v.leeftijdsgroep = l2.leeftijdsgroep
            GROUP BY ALL) lw ON lw.doel = l.doel AND lw.indicator = l.indicator AND lw.regio = l.regio
                                AND lw.leeftijdsgroep = l.leeftijdsgroep
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


def themes_for_indicator(conn, indicator: str, gemeente: str | None = None) -> list[str]:
    """The maatschappelijke resultaten (thema's) whose doelen this indicator measures: in the gemeente's own goal
    tree when it has one, else in any goal tree.

    Stories name the same thema's in the answer to their framework's `thema` question (its "sleutels",
    core.vertellen.kaders.thema_keuzes): that is how a story belongs to a figure.
    """
    rows = conn.execute("""
        SELECT DISTINCT r.titel, r.volgorde FROM doel_indicatoren l
        JOIN doelen d ON d.id = l.doel JOIN doelen o ON o.id = d.ouder JOIN doelen r ON r.id = o.ouder
        WHERE l.indicator = $indicator AND ($gemeente IS NULL OR r.gemeentecode = $gemeente
              OR NOT EXISTS (SELECT 1 FROM doelen e WHERE e.gemeentecode = $gemeente))
        ORDER BY r.volgorde, r.titel
    """, {"indicator": indicator, "gemeente": gemeente}).fetchall()
    return list(dict.fromkeys(r[0] for r in rows))


def indicator_keuzes(conn) -> list[tuple[str, str]]:
    """(id, label) of every catalog indicator, by label: what a goal tree may link a doel to."""
    return conn.execute("SELECT id, label FROM indicatoren ORDER BY label, id").fetchall()


def leeftijdsgroepen(conn) -> list[str]:
    """Every age group that figures come in, 'alle leeftijden' first."""
    rows = conn.execute("SELECT DISTINCT leeftijdsgroep FROM vergelijkingen").fetchall()
    return sorted((r[0] for r in rows), key=lambda g: (g != "alle leeftijden", g))
