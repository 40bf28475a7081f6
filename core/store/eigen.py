"""The eigen store: figures and goal trees that a gemeente brings itself. Primary data.

One small DuckDB file (setting `eigen`, TV_EIGEN, default data/eigen.duckdb) that no build replaces.
Imported figures (core.ingest.statline, core.ingest.cbs_live) and goal trees (core.samen.doelbomen)
live here. The build (core.store.build) reads it read-only and copies what pages need into the figures
store, which is derived: after a write the caller rebuilds the figures store, under the same write lock.

A writer holds the write lock (core.store.slot, through core.store.verhalen.schrijven), changes a copy
in one transaction, gives it a new version and moves it over the live file: a reader (the build, another
process) sees the old file or the new one, never a half-written one.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from core.store.db import read_sql
from core.store.slot import vervangende_kopie

# The schema of the eigen store, one file per part: imported figures, goal trees. Every statement in
# them is idempotent (CREATE ... IF NOT EXISTS): each write runs them all, so a file made by an
# earlier version gets the tables of a newer one.
SCHEMA = ("eigen.sql", "eigen_cijfers.sql", "eigen_doelen.sql")


def _maak(conn: duckdb.DuckDBPyConnection) -> None:
    for naam in SCHEMA:
        conn.execute(read_sql(naam))


@contextmanager
def kopie(live: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of the eigen store (new when there is none yet; given any tables it lacks) that
    replaces the live file when the block ends without error; one transaction. Call only while holding
    the write lock."""
    with vervangende_kopie(live) as tmp:
        conn = duckdb.connect(str(tmp))
        try:
            conn.execute("BEGIN TRANSACTION")
            _maak(conn)
            yield conn
            conn.execute("DELETE FROM eigen_versie")
            conn.execute("INSERT INTO eigen_versie VALUES (?, ?)", [uuid.uuid4().hex, datetime.now()])
            conn.execute("COMMIT")
            conn.execute("CHECKPOINT")
        finally:
            conn.close()


@contextmanager
def lezen(live: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection on the eigen store; an empty in-memory one with its tables when there is none."""
    live = Path(live)
    if live.exists():
        conn = duckdb.connect(str(live), read_only=True)
    else:
        conn = duckdb.connect(":memory:")
        _maak(conn)
    try:
        yield conn
    finally:
        conn.close()


def versie(live: Path) -> str | None:
    """The version of the eigen store (changes with every write), None when there is none."""
    if not Path(live).exists():
        return None
    with lezen(live) as conn:
        row = conn.execute("SELECT max(versie) FROM eigen_versie").fetchone()
    return row[0] if row else None
