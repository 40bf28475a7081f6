"""Search at scale: candidates and the search of core/vertellen/search.py at 10,000 to 1,000,000 stories.

`python -m bench.zoeken [--work DIR] [--sizes 10000,100000,1000000] [--only NAME,...]` writes
fictional stories (bench.verhalen) into a bench story store in DIR (default: a new temporary folder;
pass --work to keep and reuse it), then measures, each in its own process so that peak memory is its
own (VmHWM from /proc, Linux):
  - build: index all stories of one import of N stories (time, peak memory above the start, disk);
  - add: add an import of 100,000 stories to the index of 1,000,000;
  - query: median and worst per-query median of QUERIES in INTERN mode (AND of the words, top 50 by
    BM25 plus the total number of hits).
Candidates: DuckDB `fts` in memory (what search.py used to do; the extension loaded by path,
offline), tantivy with its own Dutch stemmer, tantivy over words stemmed by PyStemmer, SQLite FTS5
over the same stemmed words, and search.py itself (one index per import, on disk).
It prints a table with the budgets beside it and asserts nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.verhalen import write_stories
from core.settings import ROOT
from core.vertellen import search
from core.vertellen.consent import Zichtbaarheid, toegestane_waarden

SIZES = (10_000, 100_000, 1_000_000)
EXTRA = 100_000                      # stories in the import added to the largest index
SPLIT = 10                           # imports the largest size is cut into for "search.py, 10 imports"
QUERIES = ("eenzaam", "buurthuis", "mantelzorger", "gemeente", "hulp", "kinderen", "wijk",
           "eenzaam buurthuis", "hulp gemeente", "kinderen wijk")
REPEAT = 7
LIMIT = 50
BUDGET_QUERY_MS = 150                # median query at 1,000,000 stories
BUDGET_ADD_S = 30                    # index update after an import of 100,000 stories
ALLOWED = toegestane_waarden(Zichtbaarheid.INTERN)
INDEXED = sorted({v for mode in Zichtbaarheid for v in toegestane_waarden(mode)})


# --- the bench story store --------------------------------------------------------------------------

def _load_csv(db, table: str, csv_path: Path, import_id: str, prefix: str = "G") -> None:
    db.execute(f"""CREATE TABLE {table} AS SELECT ? || substr(verhaal_id, 2) AS id, titel, verhaal AS tekst,
        wijkcode AS wijk, 'GM' || substr(wijkcode, 3, 4) AS gemeentecode, CAST(jaar_ervaring AS INTEGER) AS jaar,
        CAST(datum_verzameld AS DATE) AS verzameld_op, project, toestemming, leeftijdsgroep, rol, onderwerp,
        fictief = 'ja' AS fictief, 'leiderdorp-oet' AS kader, ? AS import_id
        FROM read_csv(?, header = true, all_varchar = true) ORDER BY verhaal_id""",
               [prefix, import_id, str(csv_path)])


def prepare(work: Path, sizes: tuple[int, ...]) -> Path:
    """The bench story store: tables basis_<n> (one import of n stories), extra (one import of 100,000,
    ids H...) and gesplitst_<largest> (the largest in SPLIT imports)."""
    store = work / "verhalen.duckdb"
    if store.exists():
        return store
    largest = max(sizes)
    start = time.perf_counter()
    write_stories(work / "verhalen.csv", largest, seed=1)
    write_stories(work / "extra.csv", EXTRA, seed=2)
    print(f"stories written: {largest:,} + {EXTRA:,} in {time.perf_counter() - start:.1f} s", flush=True)
    with duckdb.connect(str(work / "verhalen.tmp.duckdb")) as db:
        _load_csv(db, f"basis_{largest}", work / "verhalen.csv", f"basis{largest}")
        _load_csv(db, "extra", work / "extra.csv", "extra", prefix="H")
        for n in sizes:
            if n != largest:
                db.execute(f"CREATE TABLE basis_{n} AS SELECT * REPLACE ('basis{n}' AS import_id) "
                           f"FROM basis_{largest} ORDER BY id LIMIT {n}")
        db.execute(f"CREATE TABLE gesplitst_{largest} AS SELECT * REPLACE ('deel' || (CAST(substr(id, 2) AS INTEGER) "
                   f"* {SPLIT} // ({largest} + 1)) AS import_id) FROM basis_{largest} ORDER BY id")
    os.replace(work / "verhalen.tmp.duckdb", store)
    return store


def reader(store: Path, table: str, with_extra: bool = False) -> duckdb.DuckDBPyConnection:
    """What the app reads through: an in-memory DuckDB with `verhalen` a view on the attached store."""
    conn = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                              "autoload_known_extensions": False})
    conn.execute(f"ATTACH '{store}' AS b (READ_ONLY)")
    extra = " UNION ALL SELECT * FROM b.extra" if with_extra else ""
    conn.execute(f"CREATE VIEW verhalen AS SELECT * FROM b.{table}{extra}")
    return conn


def _stories(conn, table: str = "verhalen"):
    """Batches of (id, titel, tekst, toestemming) of the stories an index may hold (no `nee`)."""
    result = conn.execute(f"SELECT id, titel, tekst, toestemming FROM {table} "
                          "WHERE list_contains(?, toestemming) ORDER BY id", [INDEXED])
    while rows := result.fetchmany(10_000):
        yield rows


# --- candidates ---------------------------------------------------------------------------------------

class DuckdbFts:
    """DuckDB's fts extension in an in-memory database, as search.py did before (stemmer 'dutch')."""
    name = "duckdb fts (memory)"

    def __init__(self, folder: Path):
        self.db = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                                     "autoload_known_extensions": False})
        self.db.execute("LOAD '" + str(_fts_extension()).replace("'", "''") + "'")
        self.db.execute("CREATE TABLE stopwoorden (sw VARCHAR)")
        self.db.executemany("INSERT INTO stopwoorden VALUES (?)", [[w] for w in sorted(search.STOPWOORDEN)])

    def _index(self) -> None:
        self.db.execute("PRAGMA create_fts_index('docs', 'id', 'titel', 'tekst', stemmer = 'dutch', "
                        "stopwords = 'stopwoorden', ignore = '(\\.|[^a-z0-9])+', strip_accents = 1, lower = 1, "
                        "overwrite = 1)")

    def build(self, conn, store: Path, n: int) -> None:
        self.db.execute(f"ATTACH '{store}' AS b (READ_ONLY)")
        self.db.execute(f"CREATE TABLE docs AS SELECT id, titel, tekst, toestemming FROM b.basis_{n} "
                        "WHERE list_contains(?, toestemming)", [INDEXED])
        self._index()

    def add(self, conn, store: Path) -> None:
        """The extension has no update: the whole index is made again."""
        self.db.execute("INSERT INTO docs SELECT id, titel, tekst, toestemming FROM b.extra "
                        "WHERE list_contains(?, toestemming)", [INDEXED])
        self._index()

    def query(self, terms: list[str]) -> tuple[list, int]:
        rows = self.db.execute(
            "SELECT id, score, count(*) OVER () FROM (SELECT id, toestemming, fts_main_docs.match_bm25("
            "id, ?, conjunctive := 1) AS score FROM docs) WHERE score IS NOT NULL AND list_contains(?, toestemming) "
            "ORDER BY score DESC, id LIMIT ?", [" ".join(terms), list(ALLOWED), LIMIT]).fetchall()
        return [(r[0], r[1]) for r in rows], (rows[0][2] if rows else 0)

    def disk_mb(self) -> float | None:
        return None


def _fts_extension() -> Path:
    spec = importlib.util.find_spec("duckdb_extension_fts")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"


def _folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


class TantivyBase:
    """One tantivy index on disk; `text(...)` decides what the text field holds."""
    tokenizer = "whitespace"

    def __init__(self, folder: Path):
        import tantivy
        self.tantivy, self.folder = tantivy, folder
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("woorden", tokenizer_name=self.tokenizer, index_option="freq")
        builder.add_text_field("toestemming", tokenizer_name="raw", index_option="basic")
        builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=str(folder), reuse=False)
        self._register()

    def _register(self) -> None:
        pass

    def _write(self, conn, table: str) -> None:
        writer = self.index.writer(heap_size=search.SCHRIJFGEHEUGEN, num_threads=1)
        for rows in _stories(conn, table):
            for story_id, titel, tekst, toestemming in rows:
                doc = self.tantivy.Document()
                doc.add_text("woorden", self.text(titel, tekst))
                doc.add_text("toestemming", toestemming)
                doc.add_text("id", story_id)
                writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def build(self, conn, store: Path, n: int) -> None:
        self._write(conn, "verhalen")

    def add(self, conn, store: Path) -> None:
        self._write(conn, "b.extra")

    def query(self, terms: list[str]) -> tuple[list, int]:
        query, occur = self.tantivy.Query, self.tantivy.Occur
        clauses = [(occur.Must, query.term_query(self.schema, "woorden", t)) for t in self.terms(terms)]
        consent = query.const_score_query(query.term_set_query(self.schema, "toestemming", list(ALLOWED)), 0.0)
        found = self.searcher.search(query.boolean_query([*clauses, (occur.Must, consent)]), limit=LIMIT, count=True)
        hits = [(self.searcher.doc(address).get_first("id"), score) for score, address in found.hits]
        return hits, found.count

    def disk_mb(self) -> float:
        return _folder_mb(self.folder)


class TantivyOwnStemmer(TantivyBase):
    """tantivy's analyzer does everything: Unicode words, lower case, ASCII folding, stopwords, and its
    own Dutch Snowball stemmer (the newer algorithm: other stems than search.py's docstring)."""
    name = "tantivy, own 'dutch' stemmer"
    tokenizer = "nl"

    def _register(self) -> None:
        tv = self.tantivy
        self.analyzer = (tv.TextAnalyzerBuilder(tv.Tokenizer.regex(r"[^\W_]+")).filter(tv.Filter.lowercase())
                         .filter(tv.Filter.ascii_fold()).filter(tv.Filter.custom_stopword(sorted(search.STOPWOORDEN)))
                         .filter(tv.Filter.stemmer("dutch")).build())
        self.index.register_tokenizer("nl", self.analyzer)

    def text(self, titel: str, tekst: str) -> str:
        return titel + " " + tekst

    def terms(self, terms: list[str]) -> list[str]:
        return [t for term in terms for t in self.analyzer.analyze(term)]


class TantivyPyStemmer(TantivyBase):
    """tantivy over the words of search.py, stemmed by PyStemmer 'dutch_porter' in Python."""
    name = "tantivy + PyStemmer"

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.stemmer = search._Stems()

    def text(self, titel: str, tekst: str) -> str:
        return search._indexed_text(self.stemmer, titel, tekst)

    def terms(self, terms: list[str]) -> list[str]:
        return [s for s in search.stems(terms) if s]


class SqliteFts5:
    """SQLite FTS5 on disk over the same stemmed words; toestemming is a column the MATCH filters on."""
    name = "sqlite fts5 + PyStemmer"

    def __init__(self, folder: Path):
        self.path = folder / "index.sqlite"
        self.db = sqlite3.connect(self.path)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                              "CREATE VIRTUAL TABLE docs USING fts5(woorden, toestemming, id UNINDEXED, "
                              "tokenize = 'ascii');")
        self.stemmer = search._Stems()

    def _write(self, conn, table: str) -> None:
        with self.db:
            for rows in _stories(conn, table):
                self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                                    [(search._indexed_text(self.stemmer, ti, te), to, i) for i, ti, te, to in rows])

    def build(self, conn, store: Path, n: int) -> None:
        self._write(conn, "verhalen")

    def add(self, conn, store: Path) -> None:
        self._write(conn, "b.extra")

    def query(self, terms: list[str]) -> tuple[list, int]:
        stems = [s for s in search.stems(terms) if s]
        match = ("woorden : (" + " AND ".join(f'"{s}"' for s in stems) + ") AND toestemming : ("
                 + " OR ".join(f'"{v}"' for v in ALLOWED) + ")")
        hits = self.db.execute("SELECT id, -bm25(docs, 1.0, 0.0) AS score FROM docs WHERE docs MATCH ? "
                               "ORDER BY bm25(docs, 1.0, 0.0) LIMIT ?", [match, LIMIT]).fetchall()
        total = self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", [match]).fetchone()[0]
        return hits, total

    def disk_mb(self) -> float:
        return self.path.stat().st_size / 1e6


class SearchModule:
    """core/vertellen/search.py as the app calls it: one index per import, on disk."""
    name = "search.py (per import)"
    table = "basis"

    def __init__(self, folder: Path):
        self.folder = folder
        os.environ["TV_ZOEKINDEX"] = str(folder)
        search.clear_cache()

    def build(self, conn, store: Path, n: int) -> None:
        self.conn, self.n = conn, n
        search.search(conn, QUERIES[0], Zichtbaarheid.INTERN)  # the first search builds the index

    def add(self, conn, store: Path) -> None:
        self.conn = reader(store, f"{self.table}_{self.n}", with_extra=True)
        search.search(self.conn, QUERIES[0], Zichtbaarheid.INTERN)  # builds only the new import's index

    def query(self, terms: list[str]) -> tuple[list, int]:
        result = search.search(self.conn, " ".join(terms), Zichtbaarheid.INTERN, limit=LIMIT)
        return list(result.hits.itertuples(index=False, name=None)), result.total

    def disk_mb(self) -> float:
        return _folder_mb(self.folder)


class SearchModuleSplit(SearchModule):
    """search.py when the largest size came in SPLIT imports: a query asks SPLIT (+1) indexes."""
    name = f"search.py ({SPLIT} imports)"
    table = "gesplitst"
    largest_only = True


CANDIDATES = {c.name: c for c in (DuckdbFts, TantivyOwnStemmer, TantivyPyStemmer, SqliteFts5, SearchModule,
                                  SearchModuleSplit)}


# --- one measurement, in its own process --------------------------------------------------------------

def _status(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> float:
    """Reset the peak (VmHWM) to the current size; returns the current size in MB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return _status("VmRSS")


def _timed(func) -> tuple[float, float]:
    """(seconds, peak MB above the start) of func()."""
    start_mb = _reset_peak()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start, _status("VmHWM") - start_mb


def _queries(candidate) -> tuple[float, float, dict]:
    """(median over all runs, worst per-query median, totals per query) in ms."""
    runs, medians, totals = [], [], {}
    for text in QUERIES:
        terms = search.query_terms(text)
        candidate.query(terms)  # warm-up
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            _, totals[text] = candidate.query(terms)
            times.append((time.perf_counter() - start) * 1000)
        runs += times
        medians.append(statistics.median(times))
    return statistics.median(runs), max(medians), totals


def measure(name: str, n: int, store: Path, work: Path, add: bool) -> dict:
    folder = work / f"index-{''.join(c for c in name if c.isalnum())}-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    kind = CANDIDATES[name]
    conn = reader(store, f"{getattr(kind, 'table', 'basis')}_{n}")
    candidate = kind(folder)
    build_s, build_mb = _timed(lambda: candidate.build(conn, store, n))
    out = {"name": name, "n": n, "build_s": build_s, "build_mb": build_mb, "disk_mb": candidate.disk_mb()}
    out["query_ms"], out["query_worst_ms"], out["totals"] = _queries(candidate)
    if isinstance(candidate, SearchModule):
        out["imports_query_ms"] = _imports_query_ms(candidate.conn)
    if add:
        out["add_s"], out["add_mb"] = _timed(lambda: candidate.add(conn, store))
        out["after_add_ms"], _, _ = _queries(candidate)
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _imports_query_ms(conn) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        search._imports(conn)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# --- the table -----------------------------------------------------------------------------------------

def _row(r: dict) -> str:
    disk = f"{r['disk_mb']:8.0f}" if r.get("disk_mb") is not None else "       -"
    add = f"{r['add_s']:8.1f} {r['add_mb']:8.0f} {r['after_add_ms']:9.1f}" if "add_s" in r else " " * 27
    return (f"{r['name']:<30} {r['n']:>9,} {r['build_s']:8.1f} {r['build_mb']:8.0f} {disk} "
            f"{r['query_ms']:9.1f} {r['query_worst_ms']:9.1f} {add}")


def print_table(results: list[dict]) -> None:
    print()
    print(f"{'candidate':<30} {'stories':>9} {'build s':>8} {'peak MB':>8} {'disk MB':>8} {'query ms':>9} "
          f"{'worst ms':>9} {'+100k s':>8} {'peak MB':>8} {'query ms':>9}")
    for r in results:
        print(_row(r))
    print(f"budgets at 1,000,000: median query <= {BUDGET_QUERY_MS} ms; index update after an import of "
          f"100,000 <= {BUDGET_ADD_S} s. query ms: median of {len(QUERIES)} queries x {REPEAT} runs (INTERN, "
          f"top {LIMIT} + total); worst: the slowest query's median. peak MB: above the process size at the start. "
          f"+100k: an import of {EXTRA:,} stories added to the largest index, then the queries again.")
    for r in results:
        if "imports_query_ms" in r:
            print(f"{r['name']} at {r['n']:,}: of each query, the query for the imports took "
                  f"{r['imports_query_ms']:.1f} ms")
    largest = [r for r in results if r["n"] == max(x["n"] for x in results)]
    if largest:
        print("totals at the largest size:", {r["name"]: r["totals"]["gemeente"] for r in largest}, "(gemeente)")


def _worker(args) -> None:
    print(json.dumps(measure(args.worker, args.n, Path(args.store), Path(args.work), args.add)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", help="folder for stories and indexes (kept; reused when it holds them)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--only", help="candidate names, comma-separated (default: all)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--add", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-zoeken-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    names = args.only.split(",") if args.only else list(CANDIDATES)
    store = prepare(work, sizes)
    results = []
    for name in names:
        for n in sizes[-1:] if getattr(CANDIDATES[name], "largest_only", False) else sizes:
            cmd = [sys.executable, "-m", "bench.zoeken", "--worker", name, "--n", str(n), "--store", str(store),
                   "--work", str(work)] + (["--add"] if n == max(sizes) else [])
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
            if done.returncode:
                print(f"{name} at {n:,} failed:\n{done.stderr[-2000:]}", flush=True)
                continue
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(_row(results[-1]), flush=True)
    print_table(results)


if __name__ == "__main__":
    main()
