"""Dutch full-text search: what the Snowball stemmer finds, consent, one index per import, the plain fallback.

Stemming cases run on the fixture stories plus a few extra stories imported through the real
importer (the fixture stories hold no "eenzaam…" or "…huizen"). The expected sets below are the
verified behaviour of Snowball's classic Dutch stemmer (PyStemmer 'dutch_porter', the stemmer DuckDB's
fts extension calls 'dutch'); core/vertellen/search.py's docstring explains them.
Every test gets its own index folder (TV_ZOEKINDEX in tmp_path).
"""
import csv
import importlib.util
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest
import tantivy

from core.store import verhalen as verhaalopslag
from core.store.db import build_id, connect_readonly
from core.vertellen import search, stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

TEST_DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).resolve().parent.parent / "data" / "verhalen" / "verhalen_demo.csv"
KADER = TEST_DATA / "verhalen" / "kader_leiderdorp.json"
NEE = {"V0016", "V0026", "V0034", "V0103"}
INTERN = {"V0005", "V0014", "V0020", "V0107"}

# Extra stories, each with one word form. X005 has consent 'nee' and contains "eenzaam" itself.
EXTRA = [
    ("X001", "openbaar", "Alleen in de flat", "Na de dood van mijn man kwam de eenzaamheid langzaam."),
    ("X002", "openbaar", "Dicht", "In onze wijken gingen twee buurthuizen dicht."),
    ("X003", "openbaar", "Zorgen voor vader", "Mantelzorg voor mijn vader kost veel tijd."),
    ("X004", "intern", "Stille avonden", "Het waren eenzame avonden na de verhuizing."),
    ("X005", "nee", "Niemand belt", "Ik ben eenzaam en niemand weet het."),
]


def _header() -> list[str]:
    with open(TEST_DATA / "verhalen" / "verhalen_demo.csv", encoding="utf-8") as fh:
        return next(csv.reader(fh))


def write_stories(path: Path, rows) -> Path:
    """A story CSV in the fixture's format; signifiers left empty (n.v.t.)."""
    header = _header()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for ident, toestemming, titel, tekst in rows:
            row = dict.fromkeys(header, "")
            row.update(verhaal_id=ident, titel=titel, verhaal=tekst, wijkcode="WK054700", jaar_ervaring="2021",
                       datum_verzameld="2021-05-01", project="Test", toestemming=toestemming,
                       leeftijdsgroep="41 tot 66 jaar", rol="inwoner", fictief="ja")
            writer.writerow(row)
    return path


def import_extra(store: Path, verhalen: Path, tmp_path: Path, rows=EXTRA, name="extra.csv") -> str:
    """Import rows through the real story store; returns the import id."""
    return verhaalopslag.importeer(store, verhalen, write_stories(tmp_path / name, rows), KADER).import_id


@pytest.fixture(autouse=True)
def index_root(tmp_path, monkeypatch) -> Path:
    """A fresh index folder and an empty cache for every test."""
    root = tmp_path / "zoekindex"
    monkeypatch.setenv("TV_ZOEKINDEX", str(root))
    search.clear_cache()
    yield root
    search.clear_cache()


@pytest.fixture()
def extended(fixture_store, writable_verhalen, tmp_path):
    import_extra(fixture_store, writable_verhalen, tmp_path)
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        yield conn


def found(conn, query, mode=Zichtbaarheid.INTERN) -> set[str]:
    return set(search.search(conn, query, mode, limit=None).hits["id"])


def folders(root: Path) -> dict[str, dict[str, int]]:
    """Index folder name -> {file: mtime_ns} of every file in it."""
    return {d.name: {f.name: f.stat().st_mtime_ns for f in d.iterdir()}
            for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")}


STEMMING = [
    # query, stories found in INTERN mode, why
    ("eenzaam", {"X001", "X004"}, "eenzaam/eenzame/eenzaamheid all stem to 'eenzam'"),
    ("eenzaamheid", {"X001", "X004"}, "same stem 'eenzam'"),
    ("eenzame", {"X001", "X004"}, "same stem 'eenzam'"),
    ("wijk", {"X002", "V0014"}, "'wijken' stems to 'wijk'; 'wijkagent' is wijk + agent"),
    ("buurthuis", {"V0001", "V0003", "X002"}, "'buurthuizen' stems to 'buurthuiz', evened out to 'buurthuis'"),
    ("buurthuizen", {"V0001", "V0003", "X002"}, "the plural finds the singular, and the other way round"),
    ("huis", {"V0005", "V0006", "V0007", "V0001", "V0003", "V0101", "X002"},
     "compounds are split: buurthuis, buurthuizen and huisgenoten hold 'huis'"),
    ("buurt", {"V0001", "V0003", "X002"}, "'buurt' is the head of buurthuis and buurthuizen"),
    ("mantelzorger", {"V0107", "X003"}, "'mantelzorger' has the core 'mantelzorg'"),
    ("mantelzorgers", {"V0107", "X003"}, "plural -s is removed, the core is 'mantelzorg'"),
    ("mantelzorg", {"X003", "V0107"}, "finds 'mantelzorger' through its core"),
    ("zorg", {"X003", "V0107", "V0002"}, "'zorg' is the tail of 'mantelzorg'; 'zorgen' stems to 'zorg'"),
    ("agent", {"V0014"}, "the tail of 'wijkagent'"),
    ("kinderen", {"V0001"}, "V0016 also says 'kinderen' but has consent nee"),
    ("kind", {"V0001"}, "'kinderen' splits as kind + eren, so 'kind' finds it"),
    ("Eenzaam BUURTHUIZEN", set(), "every word must occur (AND): no story has both"),
    ("Syrië", {"V0006"}, "accents are removed in text and query"),
]


@pytest.mark.parametrize("query, expected, why", STEMMING, ids=[q for q, _, _ in STEMMING])
def test_dutch_stemming(extended, query, expected, why):
    result = search.search(extended, query, Zichtbaarheid.INTERN, limit=None)
    assert result.method == "fts" and result.notice is None
    assert set(result.hits["id"]) == expected, why
    assert result.total == len(expected)


STEMS = {"eenzaam": "eenzam", "eenzame": "eenzam", "eenzaamheid": "eenzam", "buurthuis": "buurthuis",
         "buurthuizen": "buurthuis", "mantelzorg": "mantelzorg", "mantelzorger": "mantelzorger",
         "mantelzorgers": "mantelzorger", "wijken": "wijk", "kinderen": "kinder", "gemeenten": "gemeent",
         "gemeente": "gemeent"}


def test_stems_are_what_the_docstring_says():
    assert dict(zip(STEMS, search.stems(list(STEMS)))) == STEMS
    assert search.stems(["de", "het"]) == ["", ""]  # stopwords are not indexed


def test_the_stemmer_is_the_one_duckdb_fts_calls_dutch():
    """The docstring's claim, on every word of the shipped demo stories (fts loaded by path, offline)."""
    spec = importlib.util.find_spec("duckdb_extension_fts")
    if spec is None:
        pytest.skip("duckdb_extension_fts is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    extension = root / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    with open(DEMO, encoding="utf-8") as fh:
        words = sorted({w for row in csv.DictReader(fh) for w in search._words(row["titel"] + " " + row["verhaal"])}
                       - search.STOPWOORDEN | set(STEMS))
    with duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                            "autoload_known_extensions": False}) as db:
        db.execute("LOAD '" + str(extension).replace("'", "''") + "'")
        duck = [r[0] for r in db.execute("SELECT stem(w, 'dutch') FROM unnest(?) AS t(w) ORDER BY w",
                                         [words]).fetchall()]
    evened = [d[:-1] + {"z": "s", "v": "f"}[d[-1]] if d[-1:] in ("z", "v") else d for d in duck]
    assert len(words) > 2000 and search.stems(words) == evened  # plus the z/v plural evening-out


COMPOUNDS = {  # word -> its parts (OpenTaal word list), for search
    "mantelzorg": ("mantel", "zorg"), "buurthuis": ("buurt", "huis"), "buurthuizen": ("buurt", "huizen"),
    "buurtbewoners": ("buurt", "bewoners"), "ouderenwerk": ("ouderen", "werk"), "zorgkosten": ("zorg", "kosten"),
    "wijkteam": ("wijk", "team"), "speeltuin": ("speel", "tuin"), "huiswerkbegeleiding": ("huiswerk", "begeleiding"),
    "schuldhulpverlening": ("schuldhulp", "verlening"), "vrijwilligerswerk": ("vrijwilligers", "werk"),
    "huisarts": ("huis", "arts"), "wijkagent": ("wijk", "agent"), "thuiszorg": ("thuis", "zorg"),
    "voedselbank": ("voedsel", "bank"), "buurtcentrum": ("buurt", "centrum"),
    "gemeente": (), "tablet": (), "eenzaamheid": (), "verhuizing": (),
}


@pytest.mark.parametrize("word", COMPOUNDS)
def test_compounds_are_split_against_the_dutch_word_list(word):
    from core.vertellen import samenstellingen
    assert samenstellingen.delen(word) == COMPOUNDS[word]


def test_person_suffix_core():
    from core.vertellen import samenstellingen
    assert samenstellingen.kern("mantelzorger") == samenstellingen.kern("mantelzorgers") == "mantelzorg"
    assert samenstellingen.kern("vrijwilligers") == "vrijwillig"
    assert samenstellingen.kern("ouders") is None and samenstellingen.kern("bewoners") is None


MORE = [  # (story text, query, found?) through the real index: compounds at index and query time
    ("Mijn moeder is mantelzorger voor mijn vader.", "mantelzorg", True),
    ("Wij zijn met drie mantelzorgers.", "mantelzorg", True),
    ("Het buurthuis gaat dicht.", "buurthuizen", True),
    ("De buurthuizen zijn vol.", "buurthuis", True),
    ("De kosten van de zorg stijgen.", "zorgkosten", False),
    ("Een klein groepje, en mijn dochter ook.", "kleindochter", False),
    ("Mijn kleindochters kwamen op bezoek.", "kleindochter", True),
    ("De jeugdhulpverlener kwam langs.", "jeugdhulp", True),
    ("De jeugdhulpverlener kwam langs.", "jeugd", True),
    ("Ik ging naar de voedselbank.", "voedsel", True),
    ("Het wijkteam belde terug.", "team", True),
    ("Ik help bij de huiswerkbegeleiding.", "huiswerk", True),
    ("Er is een nieuwe speeltuin.", "tuin", True),
    ("Het wijkteam belde terug.", "wijkagent", False),
    ("Ik kocht een tablet.", "let", False),
]


@pytest.mark.parametrize("tekst, query, expected", MORE, ids=[f"{q}-{i}" for i, (_, q, _) in enumerate(MORE)])
def test_compounds_in_search(fixture_store, writable_verhalen, tmp_path, tekst, query, expected):
    import_extra(fixture_store, writable_verhalen, tmp_path, rows=[("Y001", "openbaar", "Verhaal", tekst)])
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert ("Y001" in found(conn, query)) is expected


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
@pytest.mark.parametrize("word", ["gehoorapparaat", "dementie", "mondkapje", "sleutels"])
def test_nee_stories_are_never_found(conn, mode, word):
    """Each word occurs in the fixture, but only in a `nee` story (V0016, V0034, V0026, V0103)."""
    owners = conn.execute("SELECT id, toestemming FROM verhalen WHERE contains(lower(titel || ' ' || tekst), ?)",
                          [word]).fetchall()
    assert owners and all(toestemming == "nee" for _, toestemming in owners)
    assert found(conn, word, mode) == set()
    assert stories.filter_stories(conn, VerhaalFilter(tekst=word), mode).empty


def test_a_nee_story_with_a_found_word_stays_hidden(extended):
    assert "X005" in {r[0] for r in extended.execute("SELECT id FROM verhalen WHERE tekst ILIKE '%eenzaam %'")
                     .fetchall()}
    assert "X005" not in found(extended, "eenzaam")
    assert found(extended, "eenzaam", Zichtbaarheid.PARTNER) == {"X001"}  # X004 is intern


def test_nee_stories_are_not_in_any_index(extended, index_root):
    """Open every index folder: no `nee` story, no `nee` value, no word that only a `nee` story has."""
    search.search(extended, "eenzaam", Zichtbaarheid.INTERN)
    readable = {r[0] for r in extended.execute("SELECT id FROM verhalen WHERE toestemming <> 'nee'").fetchall()}
    indexed = set()
    for name in folders(index_root):
        ids = json.loads((index_root / name / "ids.json").read_text(encoding="utf-8"))
        searcher = tantivy.Index.open(str(index_root / name)).searcher()
        assert searcher.num_docs == len(ids)
        assert searcher.doc_freq("toestemming", "nee") == 0
        assert searcher.doc_freq("woorden", search.stems(["gehoorapparaat"])[0]) == 0
        indexed |= set(ids)
    assert len(folders(index_root)) == 2  # the fixture's demo import and the extra import
    assert indexed == readable and not indexed & (NEE | {"X005"})


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_intern_stories_are_not_found_in_partner_mode(conn, mode):
    hits = found(conn, "mantelzorger", mode)
    assert hits == ({"V0107"} if mode is Zichtbaarheid.INTERN else set())


def test_partner_mode_never_finds_an_intern_story_by_any_of_its_words(extended):
    texts = extended.execute("SELECT titel || ' ' || tekst FROM verhalen WHERE toestemming = 'intern'").fetchall()
    words = sorted({w for (text,) in texts for w in search._words(text)} - search.STOPWOORDEN)
    openbaar = {r[0] for r in extended.execute("SELECT id FROM verhalen WHERE toestemming = 'openbaar'").fetchall()}
    assert len(words) > 100
    for word in words:
        partner = search.search(extended, word, Zichtbaarheid.PARTNER, limit=None)
        assert set(partner.hits["id"]) <= openbaar, word
        assert partner.total == len(partner.hits)
    assert "X004" in found(extended, "verhuizing") and "X004" not in found(extended, "verhuizing",
                                                                            Zichtbaarheid.PARTNER)


def test_hits_are_ordered_by_score_and_limited(extended):
    result = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=1)
    full = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=None).hits
    assert list(full["score"]) == sorted(full["score"], reverse=True)
    assert list(result.hits["id"]) == [full["id"].iloc[0]]


def test_total_counts_every_hit_when_the_limit_cuts(extended):
    cut = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=1)
    assert len(cut.hits) == 1 and cut.total == 2
    everything = search.search(extended, "buurthuis", Zichtbaarheid.INTERN, limit=None)
    assert everything.total == len(everything.hits) == 3  # V0001, V0003 and buurthuizen (X002)
    assert search.search(extended, "de", Zichtbaarheid.INTERN).total == 0


def test_query_terms_drop_stopwords_and_accents():
    assert search.query_terms("De één   en de ÉÉNZAAMHEID, in 2020!") == ["eenzaamheid", "2020"]
    assert search.query_terms("") == []
    assert search.query_terms("Søren's café-ﬁets") == ["s", "ren", "s", "cafe", "fiets"]


def test_an_overlong_word_finds_nothing(conn):
    """Words longer than MAX_WOORDLENGTE are not indexed: such a query word matches no story."""
    result = search.search(conn, "buurthuis " + "9" * (search.MAX_WOORDLENGTE + 1), Zichtbaarheid.INTERN)
    assert result.method == "fts" and result.hits.empty and result.total == 0


def test_a_query_of_stopwords_only_finds_nothing_and_says_why(conn):
    result = search.search(conn, "de en het", Zichtbaarheid.INTERN)
    assert result.hits.empty and result.notice == search.MELDING_STOPWOORDEN


def test_sql_in_a_query_is_only_text(conn):
    result = search.search(conn, "buurthuis'; DROP TABLE verhalen; --", Zichtbaarheid.INTERN)
    assert result.hits.empty  # AND: 'drop', 'table', 'verhalen' are not in a buurthuis story
    assert conn.execute("SELECT count(*) FROM verhalen").fetchone()[0] == 15


def test_index_follows_an_import_that_keeps_the_build_id(fixture_store, writable_verhalen, tmp_path):
    """An import does not change the build id; the index must still see the new stories."""
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        before = build_id(conn)
        assert found(conn, "eenzaam") == set()
    import_extra(fixture_store, writable_verhalen, tmp_path)
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert build_id(conn) == before
        assert found(conn, "eenzaam") == {"X001", "X004"}


def test_index_follows_withdrawn_consent(fixture_store, writable_verhalen):
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert found(conn, "kleindochter") == {"V0001"}
    with duckdb.connect(str(writable_verhalen)) as conn:
        conn.execute("UPDATE verhalen SET toestemming = 'nee' WHERE id = 'V0001'")
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert found(conn, "kleindochter") == set()


def test_a_new_import_is_found_without_rebuilding_the_old_index(fixture_store, writable_verhalen, tmp_path,
                                                                  index_root):
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert found(conn, "buurthuis") == {"V0001", "V0003"}
    old = folders(index_root)
    assert len(old) == 1
    import_extra(fixture_store, writable_verhalen, tmp_path)
    search.clear_cache()  # as a fresh app server: the old index comes from disk
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert found(conn, "eenzaam") == {"X001", "X004"}
        assert found(conn, "buurthuis") == {"V0001", "V0003", "X002"}  # X002: 'buurthuizen'
    now = folders(index_root)
    assert len(now) == 2 and {name: now[name] for name in old} == old  # untouched: same files, same mtimes


def test_a_removed_import_is_no_longer_found_and_its_folder_goes(fixture_store, writable_verhalen, tmp_path,
                                                                 index_root, monkeypatch):
    import_id = import_extra(fixture_store, writable_verhalen, tmp_path)
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert found(conn, "eenzaam") == {"X001", "X004"}
    assert len(folders(index_root)) == 2
    verhaalopslag.verwijder_import(fixture_store, writable_verhalen, import_id)
    monkeypatch.setattr(search, "WEG_NA", 0)  # no other server shares this folder
    with connect_readonly(fixture_store, writable_verhalen) as conn:
        assert found(conn, "eenzaam") == set()
        assert found(conn, "buurthuis") == {"V0001", "V0003"}
    assert len(folders(index_root)) == 1 and not any(n.startswith(import_id) for n in folders(index_root))


def test_a_folder_of_other_stories_under_the_same_import_id_is_never_used(fixture_store, fixture_verhalen,
                                                                           tmp_path):
    """Two story stores (as two test runs) whose imports share an id but hold other stories."""
    other = [("Y" + ident[1:], consent, titel, tekst.replace("eenzaam", "verdrietig"))
             for ident, consent, titel, tekst in EXTRA]
    found_in = {}
    for name, rows in (("een", EXTRA), ("twee", other)):
        store = tmp_path / f"{name}.duckdb"
        store.write_bytes(fixture_verhalen.read_bytes())
        import_id = import_extra(fixture_store, store, tmp_path, rows, f"{name}.csv")
        with duckdb.connect(str(store)) as conn:
            conn.execute("UPDATE verhalen SET import_id = 'vast' WHERE import_id = ?", [import_id])
        search.clear_cache()
        with connect_readonly(fixture_store, store) as conn:
            found_in[name] = found(conn, "flat") | found(conn, "verdrietig")
    assert found_in == {"een": {"X001"}, "twee": {"Y001"}}


def test_concurrent_first_searches_build_each_index_once(extended, index_root):
    def one(_):
        with extended.cursor() as cur:
            return frozenset(search.search(cur, "eenzaam", Zichtbaarheid.INTERN).hits["id"])

    with ThreadPoolExecutor(8) as pool:
        results = set(pool.map(one, range(16)))
    assert results == {frozenset({"X001", "X004"})}
    assert len(folders(index_root)) == 2 and not [p for p in os.listdir(index_root) if p.startswith(".")]


def test_plain_fallback_when_the_index_folder_cannot_be_written(extended, tmp_path, monkeypatch):
    blocked = tmp_path / "geen-map"
    blocked.write_text("a file where the index folder should be", encoding="utf-8")
    monkeypatch.setenv("TV_ZOEKINDEX", str(blocked))
    result = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=None)
    assert result.method == "plain" and result.notice == search.MELDING_GEEN_FTS
    # letters, not stems: 'eenzaam' is inside 'eenzaamheid' (X001) but not inside 'eenzame' (X004);
    # X005 (nee) contains 'eenzaam' and is still never found.
    assert set(result.hits["id"]) == {"X001"} and result.total == 1
    assert found(extended, "wijken") == {"X002"} and found(extended, "wijk") == {"X002", "V0014"}  # wijkagent
    assert found(extended, "mantelzorg") == {"X003", "V0107"}  # inside 'mantelzorger'
    # 'huis' inside buurthuis (V0001, V0003), thuis (V0003), huisgenoten (V0101); never 'buurthuizen'
    assert found(extended, "huis") == {"V0001", "V0003", "V0005", "V0006", "V0007", "V0101"}
    assert found(extended, "buurthuis") == {"V0001", "V0003"}
    cut = search.search(extended, "huis", Zichtbaarheid.INTERN, limit=2)
    assert len(cut.hits) == 2 and cut.total == 6
    frame = stories.filter_stories(extended, VerhaalFilter(tekst="eenzaam"), Zichtbaarheid.INTERN)
    assert frame.attrs["zoekmethode"] == "plain" and frame.attrs["zoekmelding"] == search.MELDING_GEEN_FTS


def test_plain_fallback_without_the_engine(extended, monkeypatch):
    monkeypatch.setattr(search, "tantivy", None)
    result = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=None)
    assert result.method == "plain" and set(result.hits["id"]) == {"X001"}


def test_filter_stories_uses_search_and_keeps_other_filters(extended):
    both = stories.filter_stories(extended, VerhaalFilter(tekst="buurthuis"), Zichtbaarheid.INTERN)
    assert set(both["id"]) == {"V0001", "V0003", "X002"} and both.attrs["zoekmethode"] == "fts"
    narrowed = stories.filter_stories(extended, VerhaalFilter(tekst="buurthuis", wijken=("WK054702",)),
                                      Zichtbaarheid.INTERN)
    assert list(narrowed["id"]) == ["V0001"]
