"""Dutch full-text search in the stories (titel + tekst), with stemming, through DuckDB's `fts` extension.

The app opens the store read-only, and an FTS index must be written somewhere. So each search
index lives in its own in-memory DuckDB that holds only the stories the mode may read (id, titel,
tekst): a `nee` story is never copied, so it can never be found. The extension is loaded by
path from the installed PyPI package `duckdb_extension_fts` (same version as duckdb); nothing is
ever installed from the network. When it cannot be loaded, search falls back to a plain
case-insensitive substring match and says so in `SearchResult.notice`.

How a query is read (both methods): lower case, accents removed (é -> e), everything except
a–z and 0–9 splits words, Dutch stopwords (the Snowball list, STOPWOORDEN) are dropped, and a
story must contain *every* remaining word (AND). A query of stopwords only finds nothing.

What the Dutch Snowball stemmer does (verified in tests/test_search.py::test_dutch_stemming):
  - "eenzaam", "eenzame" and "eenzaamheid" share the stem "eenzam": each finds the others;
  - "wijk" and "wijken" share "wijk"; "gemeente"/"gemeenten" share "gemeent";
  - "mantelzorger" and "mantelzorgers" share "mantelzorger", but "mantelzorg" stays
    "mantelzorg": searching "mantelzorg" does not find "mantelzorger", and the other way round;
  - "buurthuis" -> "buurthuis" but "buurthuizen" -> "buurthuiz": the plural is not found, and
    neither is "huizen" from "huis"; "kinderen" -> "kinder" does not find "kind";
  - compounds are not split: "buurthuis" does not find "huis".
The plain fallback matches letters anywhere: "eenzaam" finds "eenzaamheid", "mantelzorg" finds
"mantelzorger" and "huis" finds "buurthuis" and "thuis"; but "eenzame" does not find "eenzaam",
"wijken" does not find "wijk", and "buurthuis" does not find "buurthuizen" in either method.

Indexes are cached per (build id, mode, fingerprint of the readable stories). The build id
alone is not enough: `python -m core import-stories` adds stories and keeps the build id.
"""
from __future__ import annotations

import importlib.util
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from core.store.db import build_id
from core.vertellen.consent import Zichtbaarheid, consent_clause

# Snowball's Dutch stop list (snowball.tartarus.org/algorithms/dutch/stop.txt).
STOPWOORDEN = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan
zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft
hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen
moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons
zelf tegen na reeds wil kon niets uw iemand geweest andere
""".split())

MAX_WOORDEN = 12       # longer queries are cut: a search box, not a document
CACHE_GROOTTE = 4      # indexes kept (two modes x two builds)
FTS_LIMIET_STANDAARD = 50

MELDING_GEEN_FTS = ("Slim zoeken werkt nu niet. We zoeken alleen naar precies dezelfde letters "
                    "in de titel en de tekst. Woorden als 'wijken' vinden dan geen 'wijk'.")
MELDING_STOPWOORDEN = ("Deze woorden staan in bijna elk verhaal, daarom zoeken we er niet op. "
                       "Kies een woord dat meer zegt.")

_SPLIT = re.compile(r"[^a-z0-9]+")
# The same rules in the index (lower, strip_accents, split on anything but a–z/0–9).
_INDEX_PRAGMA = ("PRAGMA create_fts_index('docs', 'id', 'titel', 'tekst', stemmer = 'dutch', "
                 "stopwords = 'stopwoorden', ignore = '(\\.|[^a-z0-9])+', strip_accents = 1, lower = 1, "
                 "overwrite = 1)")


@dataclass(frozen=True)
class SearchResult:
    """hits columns: id, score (higher is better), best first. method: 'fts' or 'plain'.
    notice: a Dutch sentence for the page (fallback used, or nothing to search on), else None."""
    hits: pd.DataFrame
    method: str
    notice: str | None


def query_terms(query: str) -> list[str]:
    """The words a query searches for: lower case, no accents, no stopwords, at most MAX_WOORDEN."""
    text = unicodedata.normalize("NFKD", (query or "").lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [w for w in _SPLIT.split(text) if w and w not in STOPWOORDEN][:MAX_WOORDEN]


def extension_path() -> Path | None:
    """The fts extension file shipped in the duckdb_extension_fts package, for this duckdb version."""
    spec = importlib.util.find_spec("duckdb_extension_fts")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    exact = root / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if exact.exists():
        return exact
    return next(iter(sorted(root.rglob("fts.duckdb_extension"))), None)


def _offline_memory_db() -> duckdb.DuckDBPyConnection:
    # No automatic install or load: the only extension we use is loaded by path below.
    return duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                              "autoload_known_extensions": False})


def _load_fts(db: duckdb.DuckDBPyConnection) -> bool:
    path = extension_path()
    if path is None:
        return False
    try:
        # LOAD takes no bound parameter; the path is the installed package's own file, quoted.
        db.execute("LOAD '" + _sql_path(path) + "'")
    except duckdb.Error:
        return False
    return True


def _sql_path(path: Path) -> str:
    # LOAD takes no parameters; the path is ours (package folder), quotes doubled to be safe.
    return str(path).replace("'", "''")


def _readable_stories(conn, mode: Zichtbaarheid) -> pd.DataFrame:
    sql = "SELECT v.id, v.titel, v.tekst FROM verhalen v WHERE " + consent_clause(mode) + " ORDER BY v.id"
    return conn.execute(sql).df()


def _fingerprint(conn, mode: Zichtbaarheid) -> tuple:
    """Changes whenever the readable stories change (import, consent withdrawn)."""
    sql = ("SELECT count(*), coalesce(sum(hash(v.id, v.titel, v.tekst)), 0) FROM verhalen v WHERE "
           + consent_clause(mode))
    return tuple(conn.execute(sql).fetchone())


@dataclass
class _Index:
    db: duckdb.DuckDBPyConnection


def _build_index(conn, mode: Zichtbaarheid) -> _Index | None:
    """A new in-memory FTS index over the readable stories, or None when fts cannot load."""
    db = _offline_memory_db()
    if not _load_fts(db):
        db.close()
        return None
    docs = _readable_stories(conn, mode)
    db.execute("CREATE TABLE docs (id VARCHAR, titel VARCHAR, tekst VARCHAR)")
    db.register("bron", docs)
    db.execute("INSERT INTO docs SELECT id, titel, tekst FROM bron")
    db.unregister("bron")
    db.execute("CREATE TABLE stopwoorden (sw VARCHAR)")
    db.executemany("INSERT INTO stopwoorden VALUES (?)", [[w] for w in sorted(STOPWOORDEN)])
    if len(docs):
        db.execute(_INDEX_PRAGMA)
    return _Index(db)


class _IndexCache:
    """A small, thread-safe LRU of search indexes. Entries are never changed after they are built."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict[tuple, _Index | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn, mode: Zichtbaarheid) -> _Index | None:
        key = (build_id(conn), Zichtbaarheid(mode).value, _fingerprint(conn, mode))
        with self._lock:
            if key not in self._items:
                self._items[key] = _build_index(conn, mode)
                while len(self._items) > self._size:
                    _, old = self._items.popitem(last=False)
                    if old is not None:
                        old.db.close()
            self._items.move_to_end(key)
            return self._items[key]

    def clear(self) -> None:
        with self._lock:
            for index in self._items.values():
                if index is not None:
                    index.db.close()
            self._items.clear()


_CACHE = _IndexCache(CACHE_GROOTTE)


def clear_cache() -> None:
    """Forget every index (tests; a page never needs this, the cache key follows the store)."""
    _CACHE.clear()


def _empty_hits() -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(dtype=object), "score": pd.Series(dtype=float)})


def _fts_hits(index: _Index, terms: list[str], limit: int | None) -> pd.DataFrame:
    if not index.db.execute("SELECT count(*) FROM docs").fetchone()[0]:
        return _empty_hits()
    sql = ("SELECT id, score FROM (SELECT id, fts_main_docs.match_bm25(id, ?, conjunctive := 1) AS score "
           "FROM docs) WHERE score IS NOT NULL ORDER BY score DESC, id LIMIT ?")
    with index.db.cursor() as cur:  # one cursor per call: searches may run in several threads
        return cur.execute(sql, [" ".join(terms), limit if limit is not None else 2 ** 31 - 1]).df()


def _plain_hits(conn, terms: list[str], mode: Zichtbaarheid, limit: int | None) -> pd.DataFrame:
    """Every term must occur as letters in titel + tekst; score = how often the terms occur."""
    text = "lower(strip_accents(v.titel || ' ' || v.tekst))"
    where = " AND ".join(f"contains({text}, ?)" for _ in terms)
    score = " + ".join(f"(len(string_split({text}, ?)) - 1)" for _ in terms)
    sql = (f"SELECT v.id, CAST({score} AS DOUBLE) AS score FROM verhalen v WHERE {consent_clause(mode)} "
           f"AND {where} ORDER BY score DESC, v.id LIMIT ?")
    return conn.execute(sql, [*terms, *terms, limit if limit is not None else 2 ** 31 - 1]).df()


def search(conn, query: str, mode: Zichtbaarheid, limit: int | None = FTS_LIMIET_STANDAARD) -> SearchResult:
    """Stories this mode may read that contain every word of the query (stemmed), best first.

    limit=None returns every hit. An empty query returns no hits and no notice.
    """
    terms = query_terms(query)
    index = _CACHE.get(conn, mode)
    method = "fts" if index is not None else "plain"
    notice = None if index is not None else MELDING_GEEN_FTS
    if not terms:
        stop_only = bool((query or "").strip())
        return SearchResult(_empty_hits(), method, MELDING_STOPWOORDEN if stop_only else notice)
    hits = _fts_hits(index, terms, limit) if index is not None else _plain_hits(conn, terms, mode, limit)
    return SearchResult(hits.reset_index(drop=True), method, notice)
