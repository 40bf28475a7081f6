"""Small database helpers every layer may use: one transaction block and identifier quoting.

A leaf module: it imports nothing of core.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

_SAFE = re.compile(r"^[A-Za-z0-9_%\- .>=]+$")


@contextmanager
def transaction(conn) -> Iterator[None]:
    """All writes inside the block, or none of them (rolled back when the block raises)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def quote_ident(name: str) -> str:
    """Quote a column name that comes from our own catalog (never from user input). Refuses anything unusual."""
    if not _SAFE.match(name):
        raise ValueError(f"unexpected identifier {name!r}")
    return '"' + name.replace('"', '""') + '"'
