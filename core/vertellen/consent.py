"""Consent: the one place where what a reader may see of a story is decided.

- `nee` stories are never returned, searched, exported or shown; they only count in totals that say so.
- `intern` stories are for the gemeente's own staff; partners (Zichtbaarheid.PARTNER) see only `openbaar`.
- A story the personal data check holds back (`in_controle`, core.ingest.persoonsgegevens) is shown in no
  mode until a staff member releases it; only the review (core.vertellen.controle, `in_controle_clause`)
  reads it, and never a `nee` story.
Every story query adds `consent_clause(mode)` to its WHERE; no other module writes a consent filter.
A leaf module: it imports nothing of core.
"""
from __future__ import annotations

import re
from enum import Enum


class Zichtbaarheid(Enum):
    INTERN = "intern"      # own staff: openbaar + intern stories
    PARTNER = "partner"    # partners and netwerklunch: openbaar only


# The only consent filters a query may use: an allow-list, never built from input.
_CONSENT_SQL = {
    Zichtbaarheid.INTERN: "v.toestemming IN ('openbaar', 'intern')",
    Zichtbaarheid.PARTNER: "v.toestemming = 'openbaar'",
}
# Released by the personal data check (or never held back): the condition every shown story meets too.
VRIJGEGEVEN_SQL = "NOT v.in_controle"

FICTIEF_LABEL = "fictief voorbeeld"


def consent_clause(mode: Zichtbaarheid) -> str:
    """The WHERE condition of every story query (story table aliased `v`): consent, and not held back."""
    return f"{_CONSENT_SQL[Zichtbaarheid(mode)]} AND {VRIJGEGEVEN_SQL}"


def leesbaar_in(mode: Zichtbaarheid, gemeente: str | None = None, wijk: str | None = None) -> tuple[str, list]:
    """(WHERE condition, parameters) for the stories this mode may read, of a gemeente and/or one wijk."""
    sql, params = consent_clause(mode), []
    if gemeente:
        sql, params = sql + " AND v.gemeentecode = ?", [gemeente]
    if wijk:
        sql, params = sql + " AND v.wijk = ?", [*params, wijk]
    return sql, params


def in_controle_clause() -> str:
    """The held-back stories a staff reviewer may see: every story staff may read, were it released."""
    return f"{_CONSENT_SQL[Zichtbaarheid.INTERN]} AND v.in_controle"


def toegestane_waarden(mode: Zichtbaarheid) -> tuple[str, ...]:
    """The toestemming values this mode may read, taken from its SQL clause: one table decides both
    (a search index filters on these values)."""
    return tuple(re.findall(r"'([^']*)'", _CONSENT_SQL[Zichtbaarheid(mode)]))
