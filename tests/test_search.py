"""Dutch full-text search: what the Snowball stemmer finds, consent, the cache key, the plain fallback.

Stemming cases run on the fixture store plus a few extra stories imported through the real
importer (the fixture stories hold no "eenzaam…" or "…huizen"). The expected sets below are the
verified behaviour of duckdb fts 1.5.5 with stemmer 'dutch'; core/search.py's docstring explains them.
"""
import csv
from pathlib import Path

import duckdb
import pytest

from core.ingest.stories import import_stories
from core.store.db import build_id
from core.vertellen import search, stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

TEST_DATA = Path(__file__).parent / "data"
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


def import_extra(store: Path, tmp_path: Path, rows=EXTRA) -> None:
    with duckdb.connect(str(store)) as conn:
        import_stories(conn, write_stories(tmp_path / "extra.csv", rows), KADER)


@pytest.fixture()
def extended(writable_store, tmp_path):
    import_extra(writable_store, tmp_path)
    with duckdb.connect(str(writable_store), read_only=True) as conn:
        yield conn


@pytest.fixture(autouse=True)
def fresh_cache():
    search.clear_cache()
    yield
    search.clear_cache()


def found(conn, query, mode=Zichtbaarheid.INTERN) -> set[str]:
    return set(search.search(conn, query, mode, limit=None).hits["id"])


STEMMING = [
    # query, stories found in INTERN mode, why
    ("eenzaam", {"X001", "X004"}, "eenzaam/eenzame/eenzaamheid all stem to 'eenzam'"),
    ("eenzaamheid", {"X001", "X004"}, "same stem 'eenzam'"),
    ("eenzame", {"X001", "X004"}, "same stem 'eenzam'"),
    ("wijk", {"X002"}, "'wijken' stems to 'wijk'"),
    ("buurthuis", {"V0001", "V0003"}, "'buurthuizen' stems to 'buurthuiz', not 'buurthuis'"),
    ("buurthuizen", {"X002"}, "the plural does not find the singular either"),
    ("huis", {"V0005", "V0006", "V0007"}, "compounds are not split: no buurthuis, no buurthuizen"),
    ("mantelzorger", {"V0107"}, "'mantelzorger(s)' stem to 'mantelzorger'"),
    ("mantelzorgers", {"V0107"}, "plural -s is removed"),
    ("mantelzorg", {"X003"}, "'mantelzorg' is another stem than 'mantelzorger'"),
    ("kinderen", {"V0001"}, "V0016 also says 'kinderen' but has consent nee"),
    ("kind", set(), "'kinderen' stems to 'kinder', not 'kind'"),
    ("Eenzaam BUURTHUIZEN", set(), "every word must occur (AND): no story has both"),
    ("Syrië", {"V0006"}, "accents are removed in text and query"),
]


@pytest.mark.parametrize("query, expected, why", STEMMING, ids=[q for q, _, _ in STEMMING])
def test_dutch_stemming(extended, query, expected, why):
    result = search.search(extended, query, Zichtbaarheid.INTERN, limit=None)
    assert result.method == "fts" and result.notice is None
    assert set(result.hits["id"]) == expected, why


def test_stems_are_what_the_docstring_says(extended):
    """The stems themselves, from the loaded extension's stem() function."""
    db = search._offline_memory_db()
    assert search._load_fts(db)
    stems = {w: db.execute("SELECT stem(?, 'dutch')", [w]).fetchone()[0]
             for w in ("eenzaam", "eenzame", "eenzaamheid", "buurthuis", "buurthuizen",
                       "mantelzorg", "mantelzorger", "mantelzorgers", "wijken", "kinderen")}
    assert stems == {"eenzaam": "eenzam", "eenzame": "eenzam", "eenzaamheid": "eenzam",
                     "buurthuis": "buurthuis", "buurthuizen": "buurthuiz", "mantelzorg": "mantelzorg",
                     "mantelzorger": "mantelzorger", "mantelzorgers": "mantelzorger", "wijken": "wijk",
                     "kinderen": "kinder"}


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


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_intern_stories_are_not_found_in_partner_mode(conn, mode):
    hits = found(conn, "mantelzorger", mode)
    assert hits == ({"V0107"} if mode is Zichtbaarheid.INTERN else set())


def test_hits_are_ordered_by_score_and_limited(extended):
    result = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=1)
    full = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=None).hits
    assert list(full["score"]) == sorted(full["score"], reverse=True)
    assert list(result.hits["id"]) == [full["id"].iloc[0]]


def test_query_terms_drop_stopwords_and_accents():
    assert search.query_terms("De één   en de ÉÉNZAAMHEID, in 2020!") == ["eenzaamheid", "2020"]
    assert search.query_terms("") == []


def test_a_query_of_stopwords_only_finds_nothing_and_says_why(conn):
    result = search.search(conn, "de en het", Zichtbaarheid.INTERN)
    assert result.hits.empty and result.notice == search.MELDING_STOPWOORDEN


def test_sql_in_a_query_is_only_text(conn):
    result = search.search(conn, "buurthuis'; DROP TABLE verhalen; --", Zichtbaarheid.INTERN)
    assert result.hits.empty  # AND: 'drop', 'table', 'verhalen' are not in a buurthuis story
    assert conn.execute("SELECT count(*) FROM verhalen").fetchone()[0] == 15


def test_extension_is_the_packaged_file_for_this_duckdb():
    path = search.extension_path()
    assert path is not None and path.name == "fts.duckdb_extension"
    assert f"v{duckdb.__version__}" in path.parts


def test_index_follows_an_import_that_keeps_the_build_id(writable_store, tmp_path):
    """import-stories does not change the build id; the cache key must still see the new stories."""
    with duckdb.connect(str(writable_store), read_only=True) as conn:
        before = build_id(conn)
        assert found(conn, "eenzaam") == set()
    import_extra(writable_store, tmp_path)
    with duckdb.connect(str(writable_store), read_only=True) as conn:
        assert build_id(conn) == before
        assert found(conn, "eenzaam") == {"X001", "X004"}


def test_index_follows_withdrawn_consent(writable_store):
    with duckdb.connect(str(writable_store), read_only=True) as conn:
        assert found(conn, "kleindochter") == {"V0001"}
    with duckdb.connect(str(writable_store)) as conn:
        conn.execute("UPDATE verhalen SET toestemming = 'nee' WHERE id = 'V0001'")
    with duckdb.connect(str(writable_store), read_only=True) as conn:
        assert found(conn, "kleindochter") == set()


def test_plain_fallback_when_the_extension_cannot_load(extended, monkeypatch):
    monkeypatch.setattr(search, "extension_path", lambda: Path("/nonexistent/fts.duckdb_extension"))
    result = search.search(extended, "eenzaam", Zichtbaarheid.INTERN, limit=None)
    assert result.method == "plain" and result.notice == search.MELDING_GEEN_FTS
    # letters, not stems: 'eenzaam' is inside 'eenzaamheid' (X001) but not inside 'eenzame' (X004);
    # X005 (nee) contains 'eenzaam' and is still never found.
    assert set(result.hits["id"]) == {"X001"}
    assert found(extended, "wijken") == {"X002"} and found(extended, "wijk") == {"X002", "V0014"}  # wijkagent
    assert found(extended, "mantelzorg") == {"X003", "V0107"}  # inside 'mantelzorger'
    # 'huis' inside buurthuis (V0001, V0003), thuis (V0003), huisgenoten (V0101); never 'buurthuizen'
    assert found(extended, "huis") == {"V0001", "V0003", "V0005", "V0006", "V0007", "V0101"}
    assert found(extended, "buurthuis") == {"V0001", "V0003"}
    frame = stories.filter_stories(extended, VerhaalFilter(tekst="eenzaam"), Zichtbaarheid.INTERN)
    assert frame.attrs["zoekmethode"] == "plain" and frame.attrs["zoekmelding"] == search.MELDING_GEEN_FTS


def test_filter_stories_uses_search_and_keeps_other_filters(extended):
    both = stories.filter_stories(extended, VerhaalFilter(tekst="buurthuis"), Zichtbaarheid.INTERN)
    assert set(both["id"]) == {"V0001", "V0003"} and both.attrs["zoekmethode"] == "fts"
    narrowed = stories.filter_stories(extended, VerhaalFilter(tekst="buurthuis", wijken=("WK054702",)),
                                      Zichtbaarheid.INTERN)
    assert list(narrowed["id"]) == ["V0001"]
