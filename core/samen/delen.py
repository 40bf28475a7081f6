"""Sharing with partners: partner mode shows from the werkbestand only what staff marked "delen met partners".

Story sets, log entries and key stories carry a mark `gedeeld` (werkbestand schema 3 and 4; new ones start unshared).
Marking and unmarking is a staff action (`mark`), one transaction, refused in partner mode. Every read
that a page or document uses takes the mode and adds `alleen_gedeeld(mode, alias)` to its WHERE: in
partner mode only shared rows are found. Sessions have no mark: they are never shown to partners.
"""
from __future__ import annotations

from datetime import datetime

from core.dbtools import transaction
from core.errors import TellenError
from core.vertellen.consent import Zichtbaarheid

ALLEEN_STAF = "Delen met partners kan alleen in de eigen omgeving van de gemeente."
GEDEELD = "Gedeeld met partners"
NIET_GEDEELD = "Niet gedeeld"

# The werkbestand tables that carry the mark. An allow-list of names: `mark` puts the name into SQL.
_TABELLEN = ("verhaalsets", "logboek", "kernverhalen")


def partner(mode) -> bool:
    """True in partner mode (mode: a Zichtbaarheid or its value)."""
    return Zichtbaarheid(mode) is Zichtbaarheid.PARTNER


def alleen_gedeeld(mode, alias: str) -> str:
    """The WHERE part that keeps only shared rows in partner mode ('true' for staff). alias: fixed text."""
    return f"{alias}.gedeeld" if partner(mode) else "true"


def mark(werk_conn, tabel: str, ref: str, gedeeld: bool, mode, fout: type[TellenError], ontbreekt: str,
         nu: datetime | None = None) -> None:
    """Mark one row of `tabel` shared (gedeeld True) or not, in one transaction.
    Raises fout(ALLEEN_STAF) in partner mode and fout(ontbreekt) when the row does not exist."""
    if tabel not in _TABELLEN:
        raise ValueError(f"no sharing mark on {tabel!r}")
    if partner(mode):
        raise fout(ALLEEN_STAF)
    with transaction(werk_conn):
        found = werk_conn.execute(
            f"UPDATE {tabel} SET gedeeld = ?, gedeeld_op = CASE WHEN ? THEN ? ELSE gedeeld_op END "
            "WHERE id = ? RETURNING id", [bool(gedeeld), bool(gedeeld), nu or datetime.now(), ref]).fetchall()
        if not found:
            raise fout(ontbreekt)


def status(gedeeld: bool) -> str:
    """The Dutch state staff see next to a set or entry."""
    return GEDEELD if gedeeld else NIET_GEDEELD
