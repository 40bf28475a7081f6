"""The one connection factory. The app reads; only the build and the story store (core.store.verhalen) write.

A reader gets one in-memory DuckDB with two files attached read-only: the figures store (derived,
`python -m core build`) and the story store (primary data). Every table of both is a view in the
reader's own catalog, so a query names `waarden` or `verhalen` without knowing where they live.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from core.dbtools import quote_ident
from core.errors import StoreMissing

SCHEMA_VERSIE = 3  # 3: derived tables vergelijkingen, referentiegroepen, breuken, bron_tellingen
SQL_DIR = Path(__file__).parent / "sql"
BRONNEN = (("cijfers", "de opslag met cijfers"), ("verhalenopslag", "de verhalenopslag"))


def sql_path(path: Path) -> str:
    """A file path inside a quoted SQL literal (ATTACH takes no parameters). Only our own paths."""
    return str(path).replace("'", "''")


def _check(path: Path, wat: str) -> Path:
    path = Path(path)
    if not path.exists():
        raise StoreMissing(f"{wat[0].upper()}{wat[1:]} ({path}) bestaat nog niet. Bouw hem met: python -m core build")
    return path


def connect_readonly(store: Path, verhalen: Path) -> duckdb.DuckDBPyConnection:
    """Open the figures store and the story store read-only, as one catalog of views.

    Raises StoreMissing with a Dutch hint when a file is absent or cannot be opened.
    """
    conn = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                              "autoload_known_extensions": False})
    try:
        for (alias, wat), path in zip(BRONNEN, (store, verhalen)):
            conn.execute(f"ATTACH '{sql_path(_check(path, wat))}' AS {alias} (READ_ONLY)")
            for tabel in tabellen(conn, alias):
                conn.execute(f"CREATE VIEW {quote_ident(tabel)} AS SELECT * FROM {alias}.main.{quote_ident(tabel)}")
    except duckdb.Error as e:
        conn.close()
        raise StoreMissing(f"De opslag kan niet worden geopend ({e}). Bouw hem opnieuw met: python -m core build") from e
    except BaseException:
        conn.close()
        raise
    return conn


def tabellen(conn: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """The tables in the main schema of an attached database."""
    return [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ? "
                                       "AND schema_name = 'main' ORDER BY table_name", [catalog]).fetchall()]


def connect_write(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path))


def read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def build_id(conn: duckdb.DuckDBPyConnection) -> str:
    """The id of the build the figures came from."""
    return conn.execute("SELECT build_id FROM bouw").fetchone()[0]


def data_versie(conn: duckdb.DuckDBPyConnection) -> str:
    """Changes with every build, import and removal: caches and the search index key on it."""
    versie = conn.execute("SELECT max(versie) FROM opslag_versie").fetchone()[0]
    return f"{build_id(conn)}:{versie}"
