"""Dutch full-text search in the stories (titel + tekst), with stemming: one tantivy index per import.

An import (all stories with one `import_id`) never changes after it is written, so each import gets
its own small index, built once, on disk under the folder of the setting `zoekindex`
(TV_ZOEKINDEX), one sub-folder per import. A new import builds only its own index; a search asks
the index of every import present in `verhalen` and merges their best hits and totals. The indexes
are derived: any folder may be deleted and is made again from the stories. A `nee` story is never
put in an index, nor a story the personal data check holds back (consent.VRIJGEGEVEN_SQL); each indexed
story carries its `toestemming`, and a query keeps only the values its mode may read
(consent.toegestane_waarden). Scores are BM25 within each import's index.

Per search the store answers one cheap query: the stories per import, toestemming and held-back state,
and the time of the import's last release. Those are the cache key in this process, so a withdrawn or given
consent or a release (the counts or the time change; a release may change a story's text) rebuilds that
import's index. On disk a folder is named after the import id plus a fingerprint (the counts, the
smallest and largest story id and INDEX_VERSIE): a folder left by another store or another test
run with the same import id but other stories is never used. An index is built in a temporary
folder and moved into place with os.replace; when two app servers race, the loser discards its copy.
Folders of imports that are gone are deleted when found (after WEG_NA seconds: a second server
or test run sharing the folder may have made one just now).

When tantivy or PyStemmer is not installed, or the index folder cannot be written or read, search
falls back to a plain case-insensitive substring match and says so in `SearchResult.notice`.

How a query is read (both methods): lower case, accents removed (é -> e), everything except
a–z and 0–9 splits words, Dutch stopwords (the Snowball list, STOPWOORDEN) are dropped, and a
story must contain *every* remaining word (AND). A query of stopwords only finds nothing. The
stories are read the same way when they are indexed.

Stems come from PyStemmer's Snowball 'dutch_porter': the classic Snowball Dutch stemmer, the one
DuckDB's fts extension calls 'dutch'. Two Dutch plural spellings are evened out after stemming: a stem
ending in z or v ends in s or f ("buurthuizen" -> "buurthuiz" -> "buurthuis", "brieven" -> "brief").

A stemmer does not split Dutch compounds, so both sides also go through core.vertellen.samenstellingen
(the OpenTaal word list):
  - a story's word is indexed with its stem, the stem of its core without a person suffix
    ("mantelzorgers" -> also "mantelzorg") and the stems of its parts, parts of parts included
    ("buurthuizen" -> also "buurt", "huis"; "schuldhulpverlening" -> "schuldhulp", "schuld", "hulp",
    "verlening");
  - each compound also gets one token of its parts' stems ("buurt+huis" for buurthuis and buurthuizen);
  - a query word finds a story that holds its stem, its core's stem, or its parts' token (the query is
    split the same way). Separate words do not make a compound: "kleindochter" does not find "een klein
    groepje ... mijn dochter".
So "mantelzorg" finds "mantelzorger" and "mantelzorgers", "buurthuizen" finds "buurthuis" (and the other
way round), and "huis" finds "buurthuis".
Verified in tests/test_search.py (test_dutch_stemming, test_compounds).
The plain fallback matches letters anywhere: "eenzaam" finds "eenzaamheid", "mantelzorg" finds
"mantelzorger" and "huis" finds "buurthuis" and "thuis"; but "eenzame" does not find "eenzaam",
"wijken" does not find "wijk", and "buurthuis" does not find "buurthuizen".
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import time
import unicodedata
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core.settings import load_settings
from core.vertellen import samenstellingen
from core.vertellen.consent import VRIJGEGEVEN_SQL, Zichtbaarheid, consent_clause, toegestane_waarden

try:  # the search engine; without it search falls back to the plain match
    import Stemmer
    import tantivy
except ImportError:  # pragma: no cover - both are in requirements.txt
    Stemmer = tantivy = None

# Snowball's Dutch stop list (snowball.tartarus.org/algorithms/dutch/stop.txt).
STOPWOORDEN = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan
zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft
hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen
moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons
zelf tegen na reeds wil kon niets uw iemand geweest andere
""".split())

MAX_WOORDEN = 12       # longer queries are cut: a search box, not a document
FTS_LIMIET_STANDAARD = 50
STEMMER = "dutch_porter"
INDEX_VERSIE = "tantivy-2"   # part of every folder name: a new index layout never reads an old folder
OPEN_INDEXEN = 64      # opened import indexes kept in this process (least recently used go first)
MAX_WOORDLENGTE = 200  # longer "words" (digit strings, pasted codes) are not indexed
SCHRIJFGEHEUGEN = 128_000_000   # bytes tantivy's writer may hold before it writes a segment
WEG_NA = 600           # seconds a folder of a gone import stays (another process may just have made it)
OUDE_BOUW = 3600       # seconds after which a temporary build folder counts as left by a killed build

MELDING_GEEN_FTS = ("Slim zoeken werkt nu niet. We zoeken alleen naar precies dezelfde letters "
                    "in de titel en de tekst. Woorden als 'wijken' vinden dan geen 'wijk'.")
MELDING_STOPWOORDEN = ("Deze woorden staan in bijna elk verhaal, daarom zoeken we er niet op. "
                       "Kies een woord dat meer zegt.")

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_KEEP = "abcdefghijklmnopqrstuvwxyz0123456789"
_SEPARATORS = str.maketrans({chr(i): chr(i) if chr(i) in _KEEP else " " for i in range(128)})
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_TANTIVY_ERRORS = (OSError, ValueError, RuntimeError)


@dataclass(frozen=True)
class SearchResult:
    """hits columns: id, score (higher is better), best first. method: 'fts' or 'plain'.
    notice: a Dutch sentence for the page (fallback used, or nothing to search on), else None.
    total: the number of stories found, also when `limit` cut the hits."""
    hits: pd.DataFrame
    method: str
    notice: str | None
    total: int


# --- words and stems ---------------------------------------------------------------------------

def _fold_non_ascii(match: re.Match) -> str:
    # After NFKD an accent is a combining mark: it goes. Any other non-ASCII character splits words.
    return "".join("" if unicodedata.combining(ch) else " " for ch in match.group())


def _words(text: str) -> list[str]:
    """Lower case, accents removed, split on everything but a–z and 0–9 (stopwords still in)."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    if not text.isascii():
        text = _NON_ASCII.sub(_fold_non_ascii, text)
    return text.translate(_SEPARATORS).split()


def query_terms(query: str) -> list[str]:
    """The words a query searches for: lower case, no accents, no stopwords, at most MAX_WOORDEN."""
    return [w for w in _words(query) if w not in STOPWOORDEN][:MAX_WOORDEN]


_MEERVOUD = str.maketrans("zv", "sf")


class _Stems(dict):
    """word -> stem, filled on first use; stopwords and overlong words map to '' (not indexed).
    One per build or query: a PyStemmer stemmer is not thread-safe."""

    def __init__(self):
        super().__init__()
        self._stemmer = Stemmer.Stemmer(STEMMER)

    def __missing__(self, word: str) -> str:
        stem = "" if word in STOPWOORDEN or len(word) > MAX_WOORDLENGTE else self._stemmer.stemWord(word)
        if stem[-1:] in ("z", "v"):  # huiz(en) -> huis, briev(en) -> brief
            stem = stem[:-1] + stem[-1].translate(_MEERVOUD)
        self[word] = stem
        return stem


def _sleutel(stemmer: _Stems, parts: tuple[str, ...]) -> str | None:
    """One token for a compound as its parts' stems ('buurt+huis' for buurthuis and buurthuizen)."""
    stems_ = [stemmer[p] for p in parts]
    return "+".join(stems_) if parts and all(stems_) else None


def _kern_en_delen(stemmer: _Stems, word: str) -> list[str]:
    """The tokens a word adds besides its stem: the stems of its core and of its parts (parts of parts
    included), and for each compound the token of its parts (core.vertellen.samenstellingen)."""
    found, todo = [], [word]
    while todo:
        current = todo.pop()
        if core := samenstellingen.kern(current):
            found.append(stemmer[core])
            todo.append(core)
        parts = samenstellingen.delen(current)
        found.extend([stemmer[p] for p in parts] + [_sleutel(stemmer, parts)])
        todo.extend(parts)
    return found


class _Termen(dict):
    """word -> what the index holds of it: its stem, the stems of its core and parts and the token of
    its parts, space-separated."""

    def __init__(self):
        super().__init__()
        self._stems = _Stems()

    def __missing__(self, word: str) -> str:
        stem = self._stems[word]
        extra = _kern_en_delen(self._stems, word) if stem else []
        text = " ".join(dict.fromkeys(t for t in (stem, *extra) if t))
        self[word] = text
        return text


def stems(words: list[str]) -> list[str]:
    """The Dutch Snowball stem of each word ('' for a stopword or an overlong word)."""
    return list(map(_Stems().__getitem__, words))


def _indexed_text(termen: _Termen, titel: str, tekst: str) -> str:
    """The stems of a story and of its words' cores and parts, separated by spaces: what the index holds."""
    return " ".join(filter(None, map(termen.__getitem__, _words(titel + " " + tekst))))


@dataclass(frozen=True)
class _Zoekwoord:
    """One query word: found by its stem, its core's stem, or the token of its parts (the same compound
    in another form: 'buurthuizen' finds 'buurthuis')."""
    stem: str
    kern: str | None
    delen: str | None


def _zoekwoorden(terms: list[str]) -> list[_Zoekwoord]:
    stemmer = _Stems()
    result = []
    for word in terms:
        core = samenstellingen.kern(word)
        result.append(_Zoekwoord(stemmer[word], stemmer[core] if core else None,
                                 _sleutel(stemmer, samenstellingen.delen(word))))
    return result


# --- which imports there are ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Import:
    """One import as the store holds it now: its id, its stories per (toestemming value, held back), and
    the time of its last release by the personal data check (None: none yet)."""
    import_id: str
    counts: tuple[tuple[str, bool, int], ...]
    vrijgave: str | None = None

    @property
    def indexed(self) -> int:
        return sum(n for value, held, n in self.counts if value in _INDEXED and not held)


# Every value some mode may read; `nee` is in no mode, so it is never indexed.
_INDEXED = frozenset(v for mode in Zichtbaarheid for v in toegestane_waarden(mode))


def _imports(conn) -> list[_Import]:
    """The one query per search: stories per import, toestemming and held-back state; last release."""
    rows = conn.execute("SELECT import_id, toestemming, in_controle, count(*) FROM verhalen GROUP BY ALL "
                        "ORDER BY ALL").fetchall()
    released = dict(conn.execute("SELECT import_id, max(vrijgegeven_op)::VARCHAR FROM controle "
                                 "GROUP BY import_id").fetchall())
    counts: dict[str, list] = {}
    for import_id, toestemming, held, n in rows:
        counts.setdefault(import_id, []).append((toestemming, bool(held), n))
    return [_Import(i, tuple(c), released.get(i)) for i, c in counts.items()]


def _folder_name(conn, imp: _Import) -> str:
    """The import id plus a fingerprint of its stories, so that other stories never use this folder."""
    low, high = conn.execute("SELECT min(id), max(id) FROM verhalen WHERE import_id = ?",
                             [imp.import_id]).fetchone()
    fingerprint = json.dumps([INDEX_VERSIE, imp.import_id, imp.counts, imp.vrijgave, low, high])
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
    return f"{_UNSAFE.sub('_', imp.import_id)[:40]}-{digest}"


# --- one import's index on disk --------------------------------------------------------------------

def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("woorden", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("toestemming", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("nr", fast=True)  # position of the story id in ids.json
    return builder.build()


def _stories_of(conn, import_id: str):
    """The indexable stories of one import in batches of (id, titel, tekst, toestemming), in the order
    they were imported (no ORDER BY: the rows stream instead of being sorted in memory first). A story the
    personal data check holds back is never indexed: its text is on no disk but the story store."""
    result = conn.execute("SELECT v.id, v.titel, v.tekst, v.toestemming FROM verhalen v "
                          f"WHERE v.import_id = ? AND list_contains(?, v.toestemming) AND {VRIJGEGEVEN_SQL}",
                          [import_id, sorted(_INDEXED)])
    while rows := result.fetchmany(10_000):
        yield rows


def _document(text: str, toestemming: str, nr: int):
    doc = tantivy.Document()
    doc.add_text("woorden", text)
    doc.add_text("toestemming", toestemming)
    doc.add_unsigned("nr", nr)
    return doc


def _write_index(conn, import_id: str, folder: Path) -> None:
    """A complete index of one import in `folder` (which must be new and empty)."""
    writer = tantivy.Index(_schema(), path=str(folder), reuse=False).writer(heap_size=SCHRIJFGEHEUGEN,
                                                                             num_threads=1)
    termen, ids = _Termen(), []
    for rows in _stories_of(conn, import_id):
        for story_id, titel, tekst, toestemming in rows:
            writer.add_document(_document(_indexed_text(termen, titel, tekst), toestemming, len(ids)))
            ids.append(story_id)
    writer.commit()
    writer.wait_merging_threads()
    (folder / "ids.json").write_text(json.dumps(ids), encoding="utf-8")
    about = {"import_id": import_id, "verhalen": len(ids), "versie": INDEX_VERSIE}
    (folder / "import.json").write_text(json.dumps(about), encoding="utf-8")  # written last: complete


def _build(conn, import_id: str, folder: Path) -> None:
    """Build into a temporary folder and move it into place; a folder already there (another server
    won the race) is kept and our copy is thrown away."""
    tmp = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.bouw")
    tmp.mkdir(parents=True)
    try:
        _write_index(conn, import_id, tmp)
        try:
            os.replace(tmp, folder)
        except OSError:
            if not (folder / "import.json").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class _ImportIndex:
    folder: Path
    schema: object
    searcher: object
    ids: np.ndarray      # story id per position `nr` (an object array: hits are looked up as a whole)


def _open(folder: Path, import_id: str) -> _ImportIndex:
    about = json.loads((folder / "import.json").read_text(encoding="utf-8"))
    if about != {"import_id": import_id, "verhalen": about.get("verhalen"), "versie": INDEX_VERSIE}:
        raise ValueError(f"{folder} holds another import's index")
    index = tantivy.Index.open(str(folder))
    ids = np.array(json.loads((folder / "ids.json").read_text(encoding="utf-8")), dtype=object)
    return _ImportIndex(folder, index.schema, index.searcher(), ids)


def _open_or_build(conn, imp: _Import, root: Path) -> _ImportIndex:
    folder = root / _folder_name(conn, imp)
    if folder.exists():
        try:
            return _open(folder, imp.import_id)
        except _TANTIVY_ERRORS:
            _discard(folder)  # damaged (a disk error, a half-deleted folder): made again below
    _build(conn, imp.import_id, folder)
    return _open(folder, imp.import_id)


def _discard(folder: Path) -> None:
    aside = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.weg")
    try:
        os.replace(folder, aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _sweep(root: Path, keep: set[str]) -> None:
    """Delete index folders of imports that are gone, and temporary folders of killed builds."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False) or entry.name in keep:
            continue
        age = time.time() - entry.stat(follow_symlinks=False).st_mtime
        if entry.name.startswith("."):
            if age > OUDE_BOUW:
                shutil.rmtree(entry.path, ignore_errors=True)
        elif age > WEG_NA and (Path(entry.path) / "import.json").exists():
            _discard(Path(entry.path))


# --- the indexes of this process -------------------------------------------------------------------

class _IndexCache:
    """Opened import indexes, keyed by (root, import id, counts per toestemming); thread-safe.
    An import's index is built by one thread at a time; other imports are not held up."""

    def __init__(self, size: int):
        self._size = size
        self._open: OrderedDict[tuple, _ImportIndex] = OrderedDict()
        self._building: dict[tuple, threading.Lock] = {}
        self._swept: dict[Path, frozenset] = {}
        self._lock = threading.Lock()

    def _cached(self, key: tuple) -> _ImportIndex | None:
        with self._lock:
            if key in self._open:
                self._open.move_to_end(key)
            return self._open.get(key)

    def _keep(self, key: tuple, index: _ImportIndex) -> None:
        with self._lock:
            self._open[key] = index
            while len(self._open) > self._size:
                self._open.popitem(last=False)
            self._building.pop(key, None)

    def get(self, conn, root: Path, imp: _Import) -> _ImportIndex:
        key = (root, imp.import_id, imp.counts, imp.vrijgave)
        if (index := self._cached(key)) is not None:
            return index
        with self._lock:
            build_lock = self._building.setdefault(key, threading.Lock())
        with build_lock:
            if (index := self._cached(key)) is None:
                index = _open_or_build(conn, imp, root)
                self._keep(key, index)
            return index

    def sweep_once(self, root: Path, indexes: list[_ImportIndex]) -> None:
        """Sweep the folder when this process sees a new set of imports there."""
        names = frozenset(ix.folder.name for ix in indexes)
        with self._lock:
            if self._swept.get(root) == names:
                return
            self._swept[root] = names
        _sweep(root, set(names))

    def clear(self) -> None:
        with self._lock:
            self._open.clear()
            self._swept.clear()


_CACHE = _IndexCache(OPEN_INDEXEN)


def clear_cache() -> None:
    """Forget the opened indexes (tests; a page never needs this: the key follows the stories).
    The folders on disk stay."""
    _CACHE.clear()


def _indexes(conn) -> list[_ImportIndex] | None:
    """The index of every import with indexable stories, or None when the engine cannot be used."""
    if tantivy is None or Stemmer is None or not samenstellingen.beschikbaar():
        return None
    root = Path(load_settings().zoekindex).resolve()
    try:
        indexes = [_CACHE.get(conn, root, imp) for imp in _imports(conn) if imp.indexed]
    except _TANTIVY_ERRORS:
        return None
    _CACHE.sweep_once(root, indexes)
    return indexes


# --- searching -----------------------------------------------------------------------------------

def _empty_hits() -> pd.DataFrame:
    return _frame(np.array([], dtype=object), np.array([], dtype=float))


def _frame(ids: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(ids, dtype=object), "score": np.asarray(scores, dtype=float)})


def _word_query(schema, woord: _Zoekwoord):
    """The stem, or the core's stem, or the token of the parts."""
    query, occur = tantivy.Query, tantivy.Occur
    return query.boolean_query([(occur.Should, query.term_query(schema, "woorden", t))
                                for t in dict.fromkeys(t for t in (woord.stem, woord.kern, woord.delen) if t)])


def _query(schema, woorden: list[_Zoekwoord], allowed: tuple[str, ...]):
    """Every query word must be found (AND); toestemming filters without changing the score."""
    query, occur = tantivy.Query, tantivy.Occur
    words = [(occur.Must, _word_query(schema, w)) for w in dict.fromkeys(woorden)]
    consent = query.const_score_query(query.term_set_query(schema, "toestemming", list(allowed)), 0.0)
    return query.boolean_query([*words, (occur.Must, consent)])


def _hits_of(index: _ImportIndex, woorden: list[_Zoekwoord], allowed, limit: int | None
             ) -> tuple[np.ndarray, np.ndarray, int]:
    """(ids, scores, total) of one import: whole arrays, no Python object per hit beyond tantivy's own."""
    searcher = index.searcher
    found = searcher.search(_query(index.schema, woorden, allowed),
                            limit=max(1, limit if limit is not None else searcher.num_docs), count=True)
    hits = found.hits  # a property that builds a new list on every access: read it once
    scores = np.fromiter((score for score, _ in hits), dtype=float, count=len(hits))
    numbers = np.asarray(searcher.fast_field_values("nr", [address for _, address in hits]), dtype=np.int64)
    return index.ids[numbers], scores, found.count


def _best_first(ids: np.ndarray, scores: np.ndarray, limit: int | None, ordered: bool = True
                ) -> tuple[np.ndarray, np.ndarray]:
    """Highest score first, ties by id; at most `limit`. Sorted on whole arrays (lexsort), not per hit."""
    if not ordered and limit is None:
        return ids, scores
    order = np.lexsort((ids.astype(str), -scores)) if len(ids) else np.array([], dtype=np.int64)
    order = order[:limit] if limit is not None else order
    return ids[order], scores[order]


def _fts_hits(indexes: list[_ImportIndex], terms: list[str], mode: Zichtbaarheid,
              limit: int | None, ordered: bool = True) -> tuple[pd.DataFrame, int]:
    woorden = _zoekwoorden(terms)
    if not all(w.stem for w in woorden):  # an overlong word is in no index, so no story has every word
        return _empty_hits(), 0
    allowed = toegestane_waarden(mode)
    found = [_hits_of(index, woorden, allowed, limit) for index in indexes]
    if not found:
        return _empty_hits(), 0
    ids = np.concatenate([f[0] for f in found])
    scores = np.concatenate([f[1] for f in found])
    return _frame(*_best_first(ids, scores, limit, ordered)), sum(f[2] for f in found)


def _plain_hits(conn, terms: list[str], mode: Zichtbaarheid, limit: int | None) -> tuple[pd.DataFrame, int]:
    """Every term must occur as letters in titel + tekst; score = how often the terms occur.
    Returns (hits, total number of matching stories)."""
    text = "lower(strip_accents(v.titel || ' ' || v.tekst))"
    where = " AND ".join(f"contains({text}, ?)" for _ in terms)
    score = " + ".join(f"(len(string_split({text}, ?)) - 1)" for _ in terms)
    sql = (f"SELECT v.id, CAST({score} AS DOUBLE) AS score, count(*) OVER () AS total FROM verhalen v "
           f"WHERE {consent_clause(mode)} AND {where} ORDER BY score DESC, v.id LIMIT ?")
    frame = conn.execute(sql, [*terms, *terms, limit if limit is not None else 2 ** 31 - 1]).df()
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    return frame[["id", "score"]], total


def search(conn, query: str, mode: Zichtbaarheid, limit: int | None = FTS_LIMIET_STANDAARD,
           ordered: bool = True) -> SearchResult:
    """Stories this mode may read that contain every word of the query (stemmed), best first.

    limit=None returns every hit. ordered=False (with limit=None) leaves them unsorted, for a caller that
    orders in SQL (sorting 200,000 hits by score and id costs more than the search). An empty query
    returns no hits and no notice.
    """
    terms = query_terms(query)
    if not terms:
        stop_only = bool((query or "").strip())
        engine = tantivy is not None and Stemmer is not None
        notice = MELDING_STOPWOORDEN if stop_only else (None if engine else MELDING_GEEN_FTS)
        return SearchResult(_empty_hits(), "fts" if engine else "plain", notice, 0)
    indexes = _indexes(conn)
    if indexes is None:
        hits, total = _plain_hits(conn, terms, mode, limit)
        return SearchResult(hits.reset_index(drop=True), "plain", MELDING_GEEN_FTS, total)
    hits, total = _fts_hits(indexes, terms, mode, limit, ordered)
    return SearchResult(hits.reset_index(drop=True), "fts", None, total)


def prepare(conn) -> bool:
    """Build (or open) the index of every import now, so the first search after an import is fast.
    The command line calls this right after an import. False when the engine cannot be used."""
    return _indexes(conn) is not None
