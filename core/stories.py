"""Story queries. Consent is enforced here, in every query, never in a page.

- `nee` stories are never returned, searched or shown; they only count in totals that say so.
- `intern` stories are hidden in partner mode.
"""
from __future__ import annotations

from enum import Enum

import pandas as pd


class Zichtbaarheid(Enum):
    INTERN = "intern"      # own staff: openbaar + intern stories
    PARTNER = "partner"    # partners and netwerklunch: openbaar only


# The only consent filters a query may use: an allow-list, never built from input.
_CONSENT_SQL = {
    Zichtbaarheid.INTERN: "v.toestemming IN ('openbaar', 'intern')",
    Zichtbaarheid.PARTNER: "v.toestemming = 'openbaar'",
}

FICTIEF_LABEL = "fictief voorbeeld"


def consent_clause(mode: Zichtbaarheid) -> str:
    return _CONSENT_SQL[Zichtbaarheid(mode)]


def counts_per_wijk(conn, gemeentecode: str, mode: Zichtbaarheid) -> pd.DataFrame:
    """Columns: wijk, verhalen (readable in this mode), fictief (how many of those are fictional)."""
    sql = ("SELECT v.wijk, count(*) AS verhalen, count(*) FILTER (WHERE v.fictief) AS fictief "
           "FROM verhalen v WHERE v.gemeentecode = ? AND " + consent_clause(mode) + " GROUP BY v.wijk")
    return conn.execute(sql, [gemeentecode]).df()


def excerpts(conn, wijk: str, mode: Zichtbaarheid, limit: int = 3) -> pd.DataFrame:
    """Newest readable stories of a wijk. Columns: id, titel, tekst, jaar, fictief, onderwerp."""
    sql = ("SELECT v.id, v.titel, v.tekst, v.jaar, v.fictief, v.onderwerp FROM verhalen v "
           "WHERE v.wijk = ? AND " + consent_clause(mode) + " ORDER BY v.jaar DESC, v.id LIMIT ?")
    return conn.execute(sql, [wijk, limit]).df()


def readable_ids(conn, mode: Zichtbaarheid) -> set[str]:
    """Every story id this mode may show (used by tests and exports)."""
    sql = "SELECT v.id FROM verhalen v WHERE " + consent_clause(mode)
    return {r[0] for r in conn.execute(sql).fetchall()}
