"""Every page that shows stories copes with a choice that leaves 0 or 1 of them (issue 14, point 7).

Two ways to get there. The story filter that Verhalen, Patronen and Interpretatiesessie share: a search
word found in exactly one readable story of Leiderdorp, and one found in none (both counted by SQL on
the fixture store). The pages that pick stories by wijk (Wijkfoto, Wijken in cijfers, Tellen &
vertellen, Netwerklunch): a copy of the story store in which one wijk has exactly 0 or 1 readable story.

Each page must run without an exception and say in Dutch that there is nothing (or too little) to show.
One story is shown where one story may be shown (a list of stories for staff); patterns and counts of a
group below k (min_groep, 5 by default) are never shown, so there the page explains the k-rule instead.
"""
import os
from pathlib import Path

import duckdb
import pytest

from core.store import werk as werkbestand
from core.vertellen.consent import Zichtbaarheid, leesbaar_in
from pages.parts.frame import FOUT
from tests.conftest import goto as goto_page

GEMEENTE, WIJK = "GM0547", "WK054700"
ZELDZAAM = "stoelyoga"     # in exactly one readable story of Leiderdorp
NERGENS = "olifant"        # in none
K = 5                      # the default min_groep


def readable(conn, gemeente: str, woord: str | None = None, wijk: str | None = None,
             mode=Zichtbaarheid.INTERN) -> list[tuple[str, str]]:
    """(id, titel) of the stories this mode may read in a gemeente (or wijk), with the word in them."""
    where, params = leesbaar_in(mode, gemeente, wijk)
    if woord:
        where, params = where + " AND (v.titel ILIKE ? OR v.tekst ILIKE ?)", [*params, f"%{woord}%", f"%{woord}%"]
    return conn.execute(f"SELECT v.id, v.titel FROM verhalen v WHERE {where} ORDER BY v.id", params).fetchall()


def ok(at):
    """No exception, and none that the app's error boundary (frame.FOUT) turned into its Dutch message."""
    assert not at.exception, at.exception
    assert FOUT not in [e.value for e in at.error], "the page stopped on an exception (its traceback is logged)"
    return at


def goto(app, page, **params):
    return ok(goto_page(app, page, **params))


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def all_text(at) -> str:
    parts = [e.value for kind in ("text", "markdown", "caption", "info", "warning", "subheader", "title")
             for e in at.get(kind) if isinstance(getattr(e, "value", None), str)]
    parts += [str(m.value) for m in at.metric]
    for frame in at.get("arrow_data_frame") + at.get("table"):
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def test_the_fixture_words_find_one_story_and_none(conn):
    assert len(readable(conn, GEMEENTE, ZELDZAAM)) == 1
    assert readable(conn, GEMEENTE, NERGENS) == []


# --- the shared story filter: Verhalen, Patronen, Interpretatiesessie -----------------------------------

def search_on_verhalen(app, woord: str):
    at = goto(app, "pages/verhalen.py", gemeente=GEMEENTE)
    at.text_input(key="verhalen.vf.tekst").set_value(woord).run()
    ok(at)
    return at


def test_verhalen_with_one_story_shows_it(app, conn):
    [(_, titel)] = readable(conn, GEMEENTE, ZELDZAAM)
    at = search_on_verhalen(app, ZELDZAAM)
    assert titel in texts(at)
    assert [t for t in texts(at) if t == titel] == [titel]   # only that one story
    assert "1 verhaal gevonden" in [s.value for s in at.subheader]


def test_verhalen_with_no_story_says_so(app, conn):
    at = search_on_verhalen(app, NERGENS)
    assert "Geen verhalen bij deze keuze" in all_text(at)
    assert not any(t in texts(at) for _, t in readable(conn, GEMEENTE))


def test_verhalen_with_one_story_in_partner_mode_hides_the_small_group(app, conn, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    assert len(readable(conn, GEMEENTE, ZELDZAAM, mode=Zichtbaarheid.PARTNER)) == 1
    at = search_on_verhalen(app, ZELDZAAM)
    assert f"minder dan {K}" in all_text(at)    # k-rule: a group below k shows nothing in partner mode
    assert not any(t in texts(at) for _, t in readable(conn, GEMEENTE))


@pytest.mark.parametrize("woord", [ZELDZAAM, NERGENS])
def test_patronen_explains_the_k_rule_instead_of_a_pattern(app, conn, woord):
    at = search_on_verhalen(app, woord)
    at.switch_page("pages/patronen.py").run()
    ok(at)
    assert at.text_input(key="patronen.vf.tekst").value == woord      # the shared filter came along
    assert f"minder dan {K} verhalen" in all_text(at)
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")   # no pattern of a small group
    assert not any(t in texts(at) for _, t in readable(conn, GEMEENTE))


def test_sessie_with_one_story_has_no_slider_and_samples_it(app, conn):
    [(_, titel)] = readable(conn, GEMEENTE, ZELDZAAM)
    at = search_on_verhalen(app, ZELDZAAM)
    at.switch_page("pages/sessies.py").run()
    ok(at)
    assert not [s for s in at.slider if s.key == "sessie.aantal"]
    assert "1 verhaal" in [m.value for m in at.markdown]
    assert "1 verhaal om uit te kiezen" in all_text(at)
    steekproef = at.dataframe[0].value
    assert list(steekproef["Titel"]) == [titel]

    at.text_input(key="sessie.titel").set_value("Eén verhaal")
    at.text_input(key="sessie.vraag1").set_value("Wat valt u op?")
    at.button(key="sessie.opslaan").click().run()
    ok(at)
    assert any("is opgeslagen" in s.value for s in at.success)
    assert any(t.startswith("Eén verhaal · ") and t.endswith(" · 1 verhaal") for t in texts(at))   # not "1 verhalen"


def test_sessie_with_no_story_says_so(app):
    at = search_on_verhalen(app, NERGENS)
    at.switch_page("pages/sessies.py").run()
    ok(at)
    assert "Er zijn geen verhalen bij deze keuze" in all_text(at)
    assert not at.get("form")   # nothing to save


def test_a_story_set_of_one_story_on_the_pages_that_show_sets(app, conn):
    [(_, titel)] = readable(conn, GEMEENTE, ZELDZAAM)
    at = search_on_verhalen(app, ZELDZAAM)
    at.text_input(key="set.naam").set_value("Eén verhaal over stoelyoga")
    at.text_input(key="set.vraag").set_value("Wat houdt mensen thuis?")
    at.selectbox(key="set.indicator").set_value("ggd_eenzaam")
    ok(at.button(key="set.opslaan").click().run())
    assert any("opgeslagen met 1 verhaal" in s.value for s in at.success), [s.value for s in at.success]

    at.switch_page("pages/tellen_vertellen.py").run()
    ok(at)
    assert "Eén verhaal over stoelyoga" in texts(at) and titel in texts(at)   # staff read the set's one story
    at.switch_page("pages/indicatoren.py").run()
    ok(at)
    assert "Verhaalset bij dit cijfer · 1 verhaal" in [c.value for c in at.caption]
    at.switch_page("pages/sessies.py").run()
    ok(at)
    at.text_input(key="sessies.vf.tekst").set_value("").run()      # the filter alone finds more than one
    assert len(at.dataframe[0].value) > 1
    with werkbestand.connect_werk(Path(os.environ["TV_WERK"])) as werk:   # the app's own configuration
        [(set_id,)] = werk.execute("SELECT id FROM verhaalsets").fetchall()
    ok(at.radio(key="sessie.bron").set_value(set_id).run())
    assert "1 verhaal om uit te kiezen" in all_text(at)
    assert not [s for s in at.slider if s.key == "sessie.aantal"]
    assert list(at.dataframe[0].value["Titel"]) == [titel]


@pytest.mark.parametrize("n", [0, 1])
def test_controle_with_no_or_one_story_in_review(app, writable_verhalen, monkeypatch, n):
    """Controle persoonsgegevens lists the held-back stories staff may read. The fixture's one held-back
    story has no consent (so none); with consent 'intern' it is exactly one."""
    with duckdb.connect(str(writable_verhalen)) as conn:
        conn.execute("UPDATE verhalen SET toestemming = 'intern' WHERE in_controle AND ? = 1", [n])
        conn.execute("UPDATE opslag_versie SET versie = versie || ?", [f"-controle{n}"])
        where = leesbaar_in(Zichtbaarheid.INTERN)[0].replace("NOT v.in_controle", "v.in_controle")
        ids = [r[0] for r in conn.execute(f"SELECT v.id FROM verhalen v WHERE {where}").fetchall()]
    assert len(ids) == n
    monkeypatch.setenv("TV_VERHALEN", str(writable_verhalen))
    at = goto(app, "pages/controle.py", gemeente=GEMEENTE)
    assert f"{n} {'verhaal' if n == 1 else 'verhalen'} in controle" in [s.value for s in at.subheader]
    if n:
        assert [b.key for b in at.button if b.key and b.key.startswith("controle.vrijgeven.")] == \
            [f"controle.vrijgeven.{ids[0]}"]
    else:
        assert "Er staan geen verhalen in controle" in all_text(at)


# --- pages that pick stories by wijk: a story store where one wijk has 0 or 1 readable story ------------

WIJK_1 = "WK054701"     # Wijk 01: three readable stories in the fixture, V0003 among them
HOUDEN = "V0003"        # 'Te ver om even te gaan': openbaar, and about the thema of ggd_eenzaam


@pytest.fixture(params=[0, 1], ids=["0 verhalen", "1 verhaal"])
def wijk_store(request, app, writable_verhalen, fixture_store, monkeypatch):
    """The app on a story store in which WIJK_1 has exactly n readable stories (n=1: only HOUDEN; the others
    lose their consent), with a new store version so no cache serves the old counts. Returns n and the titles
    of the readable stories of the wijk (checked by SQL)."""
    n = request.param
    with duckdb.connect(str(writable_verhalen)) as conn:
        conn.execute("UPDATE verhalen SET toestemming = 'nee' WHERE wijk = ? AND (? = 0 OR id <> ?)",
                     [WIJK_1, n, HOUDEN])
        conn.execute("UPDATE opslag_versie SET versie = versie || ?", [f"-weinig{n}"])
    monkeypatch.setenv("TV_VERHALEN", str(writable_verhalen))
    with duckdb.connect(str(writable_verhalen), read_only=True) as conn:
        titels = [t for _, t in readable(conn, GEMEENTE, wijk=WIJK_1)]
    assert len(titels) == n
    return n, titels


def test_wijkfoto_with_few_stories_of_the_wijk(app, wijk_store):
    n, titels = wijk_store
    at = goto(app, "pages/wijkfoto.py", gemeente=GEMEENTE, wijk=WIJK_1)
    assert "Wat bewoners vertellen" in [s.value for s in at.subheader]
    [aantal] = [m for m in at.metric if m.label.startswith("Verhalen uit")]
    assert aantal.value != "1"                  # k-rule: a count of 1 to k-1 is never shown
    assert not any(t in texts(at) for t in titels), "a story of a wijk below k on the wijkfoto"
    assert "Positieve ervaring" not in [m.label for m in at.metric]   # no share of a group below k


def test_wijken_in_cijfers_with_few_stories_of_a_wijk(app, wijk_store):
    n, _ = wijk_store
    at = goto(app, "pages/wijken.py", gemeente=GEMEENTE)
    tabel = at.table[0].value
    [verhalen] = tabel.loc[tabel["Wijk"] == "Wijk 01", "Verhalen"]
    assert verhalen == ("geen" if n == 0 else f"minder dan {K} verhalen")
    assert f"minder dan {K} verhalen krijgt geen aantal" in all_text(at)


def test_tellen_vertellen_with_few_stories_of_the_wijk(app, wijk_store):
    n, titels = wijk_store
    at = goto(app, "pages/tellen_vertellen.py", gemeente=GEMEENTE, wijk=WIJK_1, indicator="ggd_eenzaam")
    assert at.toggle(key="tv.alleen_wijk").value
    assert [t for t in texts(at) if t in titels] == titels        # staff read the one story of the wijk
    teller = [c.value for c in at.caption if c.value.startswith("Thema:")]
    assert teller and teller[0].endswith("0 verhalen" if n == 0 else "1 verhaal")


def test_tellen_vertellen_with_one_story_in_partner_mode_hides_it(app, wijk_store, monkeypatch):
    n, titels = wijk_store
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/tellen_vertellen.py", gemeente=GEMEENTE, wijk=WIJK_1, indicator="ggd_eenzaam")
    assert not any(t in texts(at) for t in titels)
    if n:
        assert any(f"minder dan {K}" in c.value for c in at.caption), [c.value for c in at.caption]


@pytest.mark.parametrize("k", [K, 1])
def test_netwerklunch_with_few_stories_of_the_wijk(app, wijk_store, monkeypatch, k):
    n, titels = wijk_store
    monkeypatch.setenv("TV_MIN_GROEP", str(k))
    at = goto(app, "pages/netwerklunch.py", gemeente=GEMEENTE, gebied=WIJK_1)
    seen = [all_text(at)]
    for _ in range(15):
        volgende = next((b for b in at.button if b.label == "Volgende"), None)
        if volgende is None or volgende.disabled:
            break
        volgende.click().run()
        ok(at)
        seen.append(all_text(at))
    text = "\n".join(seen)
    if k > n:
        assert not any(t in text for t in titels), "a story of a wijk below k in the netwerklunch"
    else:
        assert all(t in text for t in titels), "the one story that k=1 allows is not in the netwerklunch"
