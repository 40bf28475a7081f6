"""The one connection factory. The app reads; only core.store.build and core.ingest.stories write."""
from __future__ import annotations

from pathlib import Path

import duckdb

from core.errors import StoreMissing

SCHEMA_VERSIE = 1
SQL_DIR = Path(__file__).parent / "sql"


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the store read-only. Raises StoreMissing with a Dutch hint when it is absent."""
    path = Path(path)
    if not path.exists():
        raise StoreMissing(
            f"De opslag {path} bestaat nog niet. Bouw hem met: python -m core build"
        )
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise StoreMissing(
            f"De opslag {path} kan niet worden geopend ({e}). Bouw hem opnieuw met: python -m core build"
        ) from e


def connect_write(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path))


def read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def build_id(conn: duckdb.DuckDBPyConnection) -> str:
    """The id of the build this store came from; caches key on it."""
    return conn.execute("SELECT build_id FROM bouw").fetchone()[0]
