"""No text from outside the code is ever read as Markdown or HTML, on any page.

Every field a gemeente or a user fills holds the same piece of markup (a link, an image, bold text,
HTML, a coloured span): the framework's name, questions, answers, corners and poles; the stories'
titles, texts, projects, topics and roles; the names and questions of story sets, the texts and author
of log entries, the title and questions of a session; the URL parameters; the search box. Then every
page runs in the real app (AppTest), staff and partner mode, and every element that Streamlit renders
as Markdown (everything but st.text and tables) is read: its source must never hold that markup
unescaped. views.letterlijk() escapes it; st.text shows it as typed.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.samen import interpretaties, sessions, storysets
from core.store import verhalen as verhaalopslag
from core.store.db import connect_readonly
from core.store.werk import connect_werk
from pages.parts.frame import BEHEER, PAGES

ROOT = Path(__file__).resolve().parent.parent
GEMEENTE = "GM0547"

# Markup that would become a live link, an image, bold text, HTML or a coloured span when read as
# Markdown. Deduce (the personal-data check on import) finds nothing in it, so the stories stay shown.
INJECTIE = "[klik hier](#injectie) ![beeld](#plaatje) **vet** <b>html</b> :red[rood]"
# What the source of a Markdown element shows when the text was NOT escaped.
ONGEESCAPED = ("](#injectie)", "](#plaatje)", "**vet**", "<b>html</b>", ":red[rood]")
# Elements that show text as typed (no Markdown): their source may hold the markup.
# Charts too: Vega draws their words as SVG text, and its tooltips escape HTML.
PLATTE_ELEMENTEN = {"text", "arrow_data_frame", "dataframe", "table", "code", "json", "vega_lite_chart",
                    "arrow_vega_lite_chart"}
# Widgets whose options or typed value show as typed (Streamlit renders radio and pills options as
# Markdown, these not): their label and help are still read.
PLATTE_OPTIES = {"selectbox", "multiselect", "select_slider", "text_input", "text_area"}


def _kader(path: Path) -> Path:
    kader = {
        "id": "injectie", "naam": f"Kader {INJECTIE}", "toelichting": INJECTIE,
        "velden": {"id": "verhaal_id", "titel": "titel", "tekst": "verhaal", "wijk": "wijkcode",
                   "jaar": "jaar_ervaring", "verzameld": "datum_verzameld", "project": "project",
                   "toestemming": "toestemming", "leeftijdsgroep": "leeftijdsgroep", "rol": "rol",
                   "fictief": "fictief", "onderwerp": "onderwerp"},
        "leeftijdsgroepen": [f"groep {INJECTIE}"],
        "rollen": [f"rol {INJECTIE}"],
        "signifiers": [
            {"id": "inj_schuif", "soort": "slider", "vraag": f"Schuif {INJECTIE}",
             "polen": [f"links {INJECTIE}", f"rechts {INJECTIE}"], "kolom": "schuif"},
            {"id": "inj_keuze", "soort": "keuze", "vraag": f"Keuze {INJECTIE}",
             "opties": [f"ja {INJECTIE}", f"nee {INJECTIE}"], "kolom": "keuze"},
            {"id": "inj_driehoek", "soort": "triade", "vraag": f"Driehoek {INJECTIE}",
             "hoeken": [f"a {INJECTIE}", f"b {INJECTIE}", f"c {INJECTIE}"],
             "kolommen": ["hoek_a", "hoek_b", "hoek_c"]},
        ],
    }
    path.write_text(json.dumps(kader, ensure_ascii=False), encoding="utf-8")
    return path


def _verhalen(path: Path, wijken: list[str]) -> Path:
    kolommen = ["verhaal_id", "titel", "verhaal", "wijkcode", "jaar_ervaring", "datum_verzameld", "project",
                "toestemming", "leeftijdsgroep", "rol", "fictief", "onderwerp", "schuif", "keuze",
                "hoek_a", "hoek_b", "hoek_c"]
    with path.open("w", newline="", encoding="utf-8") as f:
        schrijver = csv.writer(f)
        schrijver.writerow(kolommen)
        for i in range(12):
            schrijver.writerow([f"INJ{i:03d}", f"Titel {INJECTIE}", f"Een verhaal over de bibliotheek. {INJECTIE}",
                                wijken[i % 2], 2022, "2022-05-01", f"Project {INJECTIE}", "openbaar",
                                f"groep {INJECTIE}", f"rol {INJECTIE}", "ja", f"onderwerp {INJECTIE}",
                                40 + 4 * i, f"{'ja' if i % 2 else 'nee'} {INJECTIE}", 0.6, 0.3, 0.1])
    return path


def _werkbestand(path: Path, store_conn, ids: list[str], wijken: list[str]) -> None:
    indicatoren = [r[0] for r in store_conn.execute("SELECT id FROM indicatoren ORDER BY id").fetchall()]
    werk = connect_werk(path)
    try:
        set_ids = [storysets.save_set(werk, f"Set {INJECTIE}", f"Vraag {INJECTIE}?", ind, GEMEENTE, None, ids)
                   for ind in indicatoren]
        sessie = sessions.save_session(werk, f"Sessie {INJECTIE}", GEMEENTE, [f"Vraag {INJECTIE}?"], ids)
        for wijk in [*wijken, None]:
            interpretaties.add_log_entry(werk, GEMEENTE, observaties=f"Zagen {INJECTIE}",
                                         interpretaties=f"Denken {INJECTIE}", acties=f"Doen {INJECTIE}",
                                         wijk=wijk, sessie_id=sessie, verhaalsets=set_ids[:1],
                                         indicatoren=indicatoren, door=f"Door {INJECTIE}")
        for set_id in set_ids:
            _deel(werk, "verhaalsets", set_id)
        for (entry,) in werk.execute("SELECT id FROM logboek").fetchall():
            _deel(werk, "logboek", entry)
    finally:
        werk.close()


def _deel(werk, tabel: str, ident: str) -> None:
    """Mark the item shared with partners, where the werkbestand knows that mark, so partner pages show it."""
    assert tabel in ("verhaalsets", "logboek")     # an allow-list: the name goes into the SQL text
    kolommen = {r[0] for r in werk.execute(f"DESCRIBE {tabel}").fetchall()}
    if "gedeeld" in kolommen:
        werk.execute(f"UPDATE {tabel} SET gedeeld = true WHERE id = ?", [ident])


@pytest.fixture(scope="module")
def injectie(fixture_store, fixture_verhalen, tmp_path_factory):
    """A story store with the fixture stories plus a framework and twelve stories full of markup, and a
    werkbestand whose sets, session and log entries are full of it too."""
    map_ = tmp_path_factory.mktemp("injectie")
    verhalen = map_ / "verhalen.duckdb"
    verhalen.write_bytes(Path(fixture_verhalen).read_bytes())
    with connect_readonly(fixture_store, fixture_verhalen) as conn:
        wijken = [r[0] for r in conn.execute("SELECT DISTINCT code FROM regios WHERE niveau = 'wijk' AND gemeentecode = ? "
                                             "ORDER BY code", [GEMEENTE]).fetchall()][:2]
    verhaalopslag.importeer(fixture_store, verhalen, _verhalen(map_ / "inj.csv", wijken), _kader(map_ / "kader.json"))
    werk = map_ / "werk.duckdb"
    with connect_readonly(fixture_store, verhalen) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM verhalen WHERE kader = 'injectie'").fetchall()]
        _werkbestand(werk, conn, ids, wijken)
    return fixture_store, verhalen, werk


def _knopen(node):
    yield node
    for kind in getattr(node, "children", {}).values():
        yield from _knopen(kind)


def markdown_bronnen(at) -> list[tuple[str, str]]:
    """(element type, source text) of every element the browser renders as Markdown."""
    gevonden = []
    for node in _knopen(at._tree):
        proto = getattr(node, "proto", None)
        soort = getattr(node, "type", "")
        if proto is None or soort in PLATTE_ELEMENTEN or not hasattr(proto, "DESCRIPTOR"):
            continue
        if soort in PLATTE_OPTIES:
            proto = type(proto).FromString(proto.SerializeToString())
            for veld in ("options", "default", "value", "raw_value", "raw_values", "raw_default"):
                if veld in proto.DESCRIPTOR.fields_by_name:
                    proto.ClearField(veld)
        gevonden.append((soort, str(proto)))
    return gevonden


def ongeescaped(at) -> list[str]:
    return [soort + ": " + re.sub(r"\s+", " ", bron)[:160] for soort, bron in markdown_bronnen(at)
            if any(teken in bron for teken in ONGEESCAPED)]


URL_INJECTIE = {param: INJECTIE for param in ("wijk", "indicator", "groep", "jaar", "vraag", "gebied", "dia")}


def _app(injectie, monkeypatch, partner: bool) -> AppTest:
    store, verhalen, werk = injectie
    monkeypatch.setenv("TV_STORE", str(store))
    monkeypatch.setenv("TV_VERHALEN", str(verhalen))
    monkeypatch.setenv("TV_WERK", str(werk))
    monkeypatch.setenv("TV_PARTNERMODUS", "1" if partner else "0")
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _paginas(partner: bool) -> list[str]:
    return [p[1] for p in PAGES if not (partner and p[1] in BEHEER)]


@pytest.mark.parametrize(("pagina", "partner"), [(p, partner) for partner in (False, True) for p in _paginas(partner)],
                         ids=lambda v: {False: "medewerkers", True: "partners"}.get(v, v) if isinstance(v, bool) else v)
def test_no_markup_from_outside_is_read_as_markdown(injectie, monkeypatch, pagina, partner):
    app = _app(injectie, monkeypatch, partner)
    app.query_params.update({"gemeente": GEMEENTE, **URL_INJECTIE})
    at = app.run()
    at.switch_page(pagina).run()
    assert not at.exception, at.exception
    assert ongeescaped(at) == []
    zoek = [w for w in at.text_input if "Zoeken" in w.label]
    if zoek:                                   # a search for the markup itself: the notice repeats no markup
        zoek[0].set_value(INJECTIE).run()
        assert not at.exception, at.exception
        assert ongeescaped(at) == []


def test_the_check_sees_markup_from_outside(injectie, monkeypatch):
    """The check reads every Markdown element: the markup does come through to the pages (as escaped
    text), and an unescaped copy in a caption is caught."""
    app = _app(injectie, monkeypatch, partner=False)
    app.query_params.update({"gemeente": GEMEENTE})
    at = app.run()
    at.switch_page("pages/patronen.py").run()
    bronnen = " ".join(bron for _, bron in markdown_bronnen(at))
    assert "klik hier" in bronnen                       # the framework's question reached the page …
    assert ongeescaped(at) == []                         # … escaped
    nep = AppTest.from_string(f"import streamlit as st\nst.caption({INJECTIE!r})\nst.text({INJECTIE!r})")
    assert [s for s in ongeescaped(nep.run())] and all(s.startswith("caption") for s in ongeescaped(nep))


@pytest.mark.parametrize("partner", [False, True], ids=["medewerkers", "partners"])
@pytest.mark.parametrize("vraag", ["inj_schuif", "inj_keuze", "inj_driehoek"])
def test_patterns_of_a_framework_full_of_markup(injectie, monkeypatch, vraag, partner):
    """Patronen on the questions of the framework full of markup: its question, corners, poles and answers
    reach headings, labels, zone choices and charts, never as Markdown."""
    app = _app(injectie, monkeypatch, partner)
    app.query_params.update({"gemeente": GEMEENTE, "vraag": vraag})
    at = app.run()
    at.switch_page("pages/patronen.py").run()
    assert not at.exception, at.exception
    assert "klik hier" in " ".join(bron for _, bron in markdown_bronnen(at))
    assert ongeescaped(at) == []
    for sleutel in ("patronen.zone", "patronen.keuze"):   # the stories behind a zone or an answer
        if not [s for s in at.selectbox if s.key == sleutel]:
            continue
        for index in range(len(at.selectbox(key=sleutel).options)):
            at.selectbox(key=sleutel).select_index(index).run()
            assert not at.exception, at.exception
            assert ongeescaped(at) == []
