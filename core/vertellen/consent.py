"""Consent: the one place where what a reader may see of a story is decided.

- `nee` stories are never returned, searched, exported or shown; they only count in totals that say so.
- `intern` stories are for the gemeente's own staff; partners (Zichtbaarheid.PARTNER) see only `openbaar`.
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

FICTIEF_LABEL = "fictief voorbeeld"


def consent_clause(mode: Zichtbaarheid) -> str:
    return _CONSENT_SQL[Zichtbaarheid(mode)]


def toegestane_waarden(mode: Zichtbaarheid) -> tuple[str, ...]:
    """The toestemming values this mode may read, taken from its SQL clause: one table decides both
    (a search index filters on these values)."""
    return tuple(re.findall(r"'([^']*)'", _CONSENT_SQL[Zichtbaarheid(mode)]))
