"""The werkbestand: a separate, writable DuckDB file for what users make (story sets, sessions, log,
key stories).

The store is rebuilt as a new file that replaces the old one, so nothing a user makes may live
there. The werkbestand survives every rebuild. Its schema is versioned (table werk_versie);
`connect_werk` creates it when missing and refuses a file from a newer version of the product.
The caller passes the path (the settings object will get a `werk` path).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from core.dbtools import transaction
from core.errors import TellenError
from core.store.db import read_sql

WERK_SCHEMA_VERSIE = 4

# werk.sql is the schema of version 1. Each step brings a werkbestand from a version to the next:
# version -> SQL file that leads to version + 1. A new file gets werk.sql plus every step at once.
_MIGRATIES: dict[int, str] = {1: "werk_v2.sql", 2: "werk_v3.sql", 3: "werk_v4.sql"}


class WerkbestandFout(TellenError):
    """The werkbestand cannot be opened or is not a werkbestand of this product."""


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(path))
    except (OSError, duckdb.Error) as e:
        raise WerkbestandFout(f"Het werkbestand {path} kan niet worden geopend ({e}). "
                              "Sluit andere programma's die het gebruiken, of kies een ander pad.") from e


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}


def schema_versie(conn) -> int | None:
    """The werkbestand's schema version, or None for an empty file."""
    if "werk_versie" not in _tables(conn):
        return None
    return conn.execute("SELECT max(versie) FROM werk_versie").fetchone()[0]


def _create(conn) -> None:
    with transaction(conn):
        conn.execute(read_sql("werk.sql"))
        for versie in range(1, WERK_SCHEMA_VERSIE):
            conn.execute(read_sql(_MIGRATIES[versie]))
        conn.execute("CREATE TABLE werk_versie (versie INTEGER NOT NULL)")
        conn.execute("INSERT INTO werk_versie VALUES (?)", [WERK_SCHEMA_VERSIE])


def _migrate(conn, versie: int) -> None:
    """Apply each migration in its own transaction; a failed step leaves the file as it was."""
    while versie < WERK_SCHEMA_VERSIE:
        with transaction(conn):
            conn.execute(read_sql(_MIGRATIES[versie]))
            conn.execute("INSERT INTO werk_versie VALUES (?)", [versie + 1])
        versie += 1


def _check(conn, path: Path) -> int | None:
    tables = _tables(conn)
    if "bouw" in tables or "verhalen" in tables:
        raise WerkbestandFout(f"{path} is de opslag met cijfers en verhalen, geen werkbestand. "
                              "Kies een eigen bestand voor het werkbestand.")
    versie = schema_versie(conn)
    if versie is None and tables:
        raise WerkbestandFout(f"{path} is geen werkbestand van Tellen & Vertellen. Kies een ander bestand.")
    if versie is not None and versie > WERK_SCHEMA_VERSIE:
        raise WerkbestandFout(f"Het werkbestand {path} komt van een nieuwere versie van Tellen & Vertellen "
                              f"(versie {versie}). Werk het programma bij.")
    return versie


def connect_werk(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (and if needed create or update) the werkbestand. Raises WerkbestandFout."""
    path = Path(path)
    conn = _open(path)
    try:
        versie = _check(conn, path)
        if versie is None:
            _create(conn)
        else:
            _migrate(conn, versie)
    except BaseException:
        conn.close()
        raise
    return conn


def werk_stand(path: Path) -> tuple:
    """What the werkbestand looks like now (size and change time of the file and its .wal), to tell
    when a read-only copy is out of date; () when there is no werkbestand yet."""
    stand = []
    for deel in (Path(path), Path(f"{path}.wal")):
        try:
            info = deel.stat()
        except FileNotFoundError:
            continue
        stand.append((deel.name, info.st_size, info.st_mtime_ns))
    return tuple(stand)


def connect_werk_lezen(path: Path, pogingen: int = 3) -> duckdb.DuckDBPyConnection:
    """A read-only connection on a copy of the werkbestand, for the partner server.

    DuckDB lets one process write a file and refuses every other process, readers included, while it
    does. So the partner server never opens the werkbestand itself: it copies the file and its .wal (the
    writes since the last checkpoint), brings the copy to the current schema, opens it read-only and
    removes the copy from disk (the open connection keeps reading it). A copy taken while the staff
    server was just writing may not open: then it copies again, up to `pogingen` times. Without a
    werkbestand it is an empty one in memory. Raises WerkbestandFout.
    """
    path = Path(path)
    for poging in range(1, pogingen + 1):
        if not path.exists():
            conn = duckdb.connect()
            _create(conn)
            return conn
        try:
            return _kopie_lezen(path)
        except (OSError, duckdb.Error, WerkbestandFout) as e:
            if poging == pogingen:
                raise WerkbestandFout(f"Een kopie van het werkbestand {path} kan niet worden gelezen ({e}).") from e
    raise AssertionError("unreachable")


def _kopie_lezen(path: Path) -> duckdb.DuckDBPyConnection:
    with tempfile.TemporaryDirectory(prefix="tv-werk-") as map_:
        kopie = Path(map_) / "werk.duckdb"
        shutil.copyfile(path, kopie)
        if os.path.exists(f"{path}.wal"):
            shutil.copyfile(f"{path}.wal", f"{kopie}.wal")
        connect_werk(kopie).close()        # checks and, if needed, migrates the copy; closing checkpoints it
        return duckdb.connect(str(kopie), read_only=True)
