"""The story store: the stories, frameworks, answers and imports a gemeente brings. Primary data.

One DuckDB file (setting `verhalen`, TV_VERHALEN, default data/verhalen.duckdb) that no build
replaces. Readers (the app, `info`) open it read-only and never wait. A writer takes the write lock
(core.store.slot), copies the file, changes the copy in one transaction, gives it a new version and
moves it over the live file: a reader sees the old file or the new one, never a half-written one.
A killed writer leaves only its copy, which the next writer removes.

Every write changes the version in `opslag_versie`; with the build id of the figures it makes the
data version that caches key on (core.store.db.data_versie).
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.dbtools import quote_ident, transaction
from core.errors import TellenError
from core.ingest.stories import ImportResultaat, import_stories
from core.store.db import read_sql, sql_path, tabellen
from core.store.slot import opruimen, schrijfslot

# The tables of the story store, in the order they may be filled (frameworks before stories).
TABELLEN = ("kaders", "signifiers", "verhalen", "antwoorden", "imports")


class ImportOnbekend(TellenError):
    """An import id that the story store does not hold."""


def _tmp(live: Path) -> Path:
    return live.with_name(f".{live.name}.{uuid.uuid4().hex[:8]}.import")


def _nieuwe_versie(conn) -> None:
    conn.execute("DELETE FROM opslag_versie")
    conn.execute("INSERT INTO opslag_versie VALUES (?, ?)", [uuid.uuid4().hex, datetime.now()])


def schrijfverbinding(path: Path, cijfers: Path | None, nieuw: bool) -> duckdb.DuckDBPyConnection:
    """A writable connection on a story store file (given its tables when `nieuw`), with the figures
    store attached read-only as `regios` when `cijfers` is given: what the importer checks wijk codes in."""
    conn = duckdb.connect(str(path))
    if nieuw:
        conn.execute(read_sql("verhalen.sql"))
    if cijfers is not None:
        conn.execute(f"ATTACH '{sql_path(cijfers)}' AS cijfers (READ_ONLY)")
        conn.execute("CREATE TEMP VIEW regios AS SELECT * FROM cijfers.regios")
    return conn


@contextmanager
def _kopie(live: Path, cijfers: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of the story store (new and empty when there is none yet) that replaces the live
    file when the block ends without error. `cijfers`: the figures store, attached so that the checks
    can read `regios`. Call only while holding the write lock."""
    live = Path(live)
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(live)
    try:
        nieuw = not live.exists()
        if not nieuw:
            shutil.copyfile(live, tmp)
        conn = schrijfverbinding(tmp, cijfers, nieuw)
        try:
            yield conn  # all or nothing: a copy that fails on the way is thrown away, never moved into place
            _nieuwe_versie(conn)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        os.replace(tmp, live)
    finally:
        for rest in (tmp, tmp.with_name(tmp.name + ".wal")):
            rest.unlink(missing_ok=True)


@contextmanager
def schrijven(store: Path, verhalen: Path, wat: str) -> Iterator[None]:
    """The write lock for the figures and the story store, and clearing what a killed writer left."""
    with schrijfslot(store, wat):
        opruimen(store, verhalen)
        yield


def importeer(store: Path, verhalen: Path, csv_path: Path, kader_path: Path, progress=None,
              today=None) -> ImportResultaat:
    """Import a story file with its framework into the story store, all or nothing, under the write lock."""
    if not Path(store).exists():
        raise TellenError(f"De opslag met cijfers {store} bestaat nog niet: die is nodig om de wijkcodes te "
                          "controleren. Bouw hem eerst met: python -m core build")
    with schrijven(store, verhalen, f"import van {Path(csv_path).name}"):
        with _kopie(verhalen, store) as conn:
            extra = {"progress": progress} if progress is not None else {}
            return import_stories(conn, Path(csv_path), Path(kader_path), today=today, **extra)


def verwijder_import(store: Path, verhalen: Path, import_id: str) -> int:
    """Remove one import's stories and answers in one transaction; returns how many stories went."""
    _bestaand(verhalen)
    with schrijven(store, verhalen, f"verwijderen van import {import_id}"):
        with _kopie(verhalen, None) as conn:
            row = conn.execute("SELECT aantal FROM imports WHERE id = ?", [import_id]).fetchone()
            if row is None:
                raise ImportOnbekend(f"Import '{import_id}' bestaat niet. Kijk met 'python -m core imports' "
                                     "welke imports er zijn.")
            with transaction(conn):
                conn.execute("DELETE FROM antwoorden WHERE verhaal IN "
                             "(SELECT id FROM verhalen WHERE import_id = ?)", [import_id])
                weg = conn.execute("DELETE FROM verhalen WHERE import_id = ?", [import_id]).fetchone()[0]
                conn.execute("DELETE FROM imports WHERE id = ?", [import_id])
                _ongebruikte_kaders_weg(conn)
            return int(weg)


def _ongebruikte_kaders_weg(conn) -> None:
    """A framework no story uses any more goes with its last import."""
    conn.execute("DELETE FROM signifiers WHERE kader NOT IN (SELECT kader FROM verhalen)")
    conn.execute("DELETE FROM kaders WHERE id NOT IN (SELECT kader FROM verhalen)")


def _bestaand(verhalen: Path) -> None:
    if not Path(verhalen).exists():
        raise TellenError(f"De verhalenopslag {verhalen} bestaat nog niet. Maak hem met: python -m core build")


def lijst(conn) -> pd.DataFrame:
    """The imports, oldest first. Columns: id, bestand, kader, aantal, op, fictief (stories marked fictional)."""
    return conn.execute(
        "SELECT i.id, i.bestand, i.kader, i.aantal, i.op, "
        "(SELECT count(*) FROM verhalen v WHERE v.import_id = i.id AND v.fictief) AS fictief "
        "FROM imports i ORDER BY i.op, i.id").df()


def migreer_oude_opslag(store: Path, verhalen: Path) -> int | None:
    """A store of the old layout held the stories itself. Copy them, their answers, frameworks and imports
    into a new story store, before a rebuild replaces that file. Returns the number of stories copied, or
    None when there was nothing to migrate (the story store exists, or the old store holds no stories).
    Call while holding the write lock."""
    if Path(verhalen).exists() or not Path(store).exists():
        return None
    with duckdb.connect(":memory:") as probe:
        probe.execute(f"ATTACH '{sql_path(store)}' AS oud (READ_ONLY)")
        if "verhalen" not in tabellen(probe, "oud"):
            return None
    with _kopie(verhalen, None) as conn:
        conn.execute(f"ATTACH '{sql_path(store)}' AS oud (READ_ONLY)")
        for tabel in TABELLEN:
            kolommen = ", ".join(quote_ident(r[0]) for r in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name = ? ORDER BY column_index", [tabel]).fetchall())
            conn.execute(f"INSERT INTO {tabel} ({kolommen}) SELECT {kolommen} FROM oud.main.{tabel}")
        aantal = conn.execute("SELECT count(*) FROM verhalen").fetchone()[0]
    return int(aantal)


def maak_met_demo(store: Path, verhalen: Path, csv_path: Path, kader_path: Path) -> ImportResultaat | None:
    """On first start: a story store with the shipped fictional demo stories as one import (removable as
    one). Does nothing when the story store exists, so removed demo stories never come back."""
    if Path(verhalen).exists():
        return None
    with schrijven(store, verhalen, "eerste start: voorbeeldverhalen"):
        if Path(verhalen).exists():
            return None
        with _kopie(verhalen, store) as conn:
            return import_stories(conn, Path(csv_path), Path(kader_path))
