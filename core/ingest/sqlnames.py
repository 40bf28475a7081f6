"""Identifier quoting for SQL built from allow-listed names (catalog columns), never from user input."""
from __future__ import annotations

import re

_SAFE = re.compile(r"^[A-Za-z0-9_%\- .>=]+$")


def quote_ident(name: str) -> str:
    """Quote a column name that comes from our own catalog. Refuses anything unusual."""
    if not _SAFE.match(name):
        raise ValueError(f"unexpected identifier {name!r}")
    return '"' + name.replace('"', '""') + '"'
