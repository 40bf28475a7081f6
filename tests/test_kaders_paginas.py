"""Issue 13, points 2 and 3: a second framework next to the Leiderdorp demo stories shows its patterns on every
story page, with counts from the store and nothing of the other framework's `ervaring`; a framework without
"sleutels" gets a one-line reason where a part is left out; story cards show question texts; "fictief
voorbeeld" follows each story's own flag."""
import io
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from core.exports import content
from core.exports.pdf import wijkfoto_pdf
from core.exports.pptx import wijkfoto_pptx
from core.present import views
from core.present.views import letterlijk
from core.samen import netwerklunch, sessions
from core.store import verhalen as verhaalopslag
from core.store.db import connect_readonly
from core.store.werk import connect_werk
from core.tellen import goals
from core.tellen import wijkfoto as wf
from core.vertellen import groepen, kaders, patterns
from core.vertellen.consent import Zichtbaarheid, consent_clause
from core.vertellen.stories import VerhaalFilter
from tests.conftest import goto
from tests.test_documents import pdf_pages, slide_texts

KADER2 = Path(__file__).parent / "data" / "kader2"
CSV2, JSON2 = KADER2 / "verhalen_buurtkracht.csv", KADER2 / "kader_buurtkracht.json"
INTERN, PARTNER = Zichtbaarheid.INTERN, Zichtbaarheid.PARTNER
LEIDEN, LEIDERDORP = "GM0546", "GM0547"
BUURTKRACHT, DEMO = "buurtkracht", "leiderdorp-oet"
VRAGEN2 = ("ervaring", "steun", "bereik", "thuis", "veilig", "plekken")   # two triads, three sliders, a multi-select


@pytest.fixture(scope="module")
def twee_kaders(fixture_store, fixture_verhalen, tmp_path_factory) -> Path:
    """A copy of the fixture story store (the Leiderdorp demo stories) with the second framework imported."""
    store = tmp_path_factory.mktemp("twee_kaders") / "verhalen.duckdb"
    shutil.copyfile(fixture_verhalen, store)
    verhaalopslag.importeer(fixture_store, store, CSV2, JSON2)
    return store


@pytest.fixture(scope="module")
def zonder_sleutels(fixture_store, tmp_path_factory) -> Path:
    """A story store holding only the second framework's stories, its file without "sleutels"."""
    folder = tmp_path_factory.mktemp("zonder_sleutels")
    definitie = json.loads(JSON2.read_text(encoding="utf-8"))
    definitie.pop("sleutels")
    definitie["id"] = "zonder-sleutels"
    kader = folder / "kader.json"
    kader.write_text(json.dumps(definitie, ensure_ascii=False), encoding="utf-8")
    store = folder / "verhalen.duckdb"
    verhaalopslag.importeer(fixture_store, store, CSV2, kader)
    return store


@pytest.fixture()
def conn2(fixture_store, twee_kaders):
    with connect_readonly(fixture_store, twee_kaders) as connection:
        yield connection


def aantal(conn, kader: str, signifier: str, mode=INTERN, gemeente=None, wijk=None, keuze=None) -> int:
    """Stories with an answer, counted straight from the store (not through the code under test)."""
    sql = (f"SELECT count(DISTINCT a.verhaal) FROM antwoorden a JOIN verhalen v ON v.id = a.verhaal "
           f"WHERE a.kader = ? AND a.signifier = ? AND {consent_clause(mode)} "
           "AND (a.triade_a IS NOT NULL OR a.slider IS NOT NULL OR a.keuze IS NOT NULL)")
    params = [kader, signifier]
    for column, value in (("v.gemeentecode", gemeente), ("v.wijk", wijk), ("a.keuze", keuze)):
        if value is not None:
            sql, params = sql + f" AND {column} = ?", [*params, value]
    return conn.execute(sql, params).fetchone()[0]


def vraag_van(conn, kader: str, signifier: str) -> str:
    return conn.execute("SELECT vraag FROM signifiers WHERE kader = ? AND id = ?", [kader, signifier]).fetchone()[0]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def op(app, monkeypatch, verhalen: Path, page: str, **params):
    """The app on this story store (the fixture figures store), at `page`, in a new session (a URL value is read
    on a session's first run)."""
    monkeypatch.setenv("TV_VERHALEN", str(verhalen))
    return goto(AppTest.from_file(app._script_path, default_timeout=60), page, **params)


# --- point 2: the second framework's patterns on every story page, with the store's counts ----------------

@pytest.mark.parametrize("sid", VRAGEN2)
def test_patronen_shows_every_question_of_the_second_framework(app, monkeypatch, twee_kaders, conn2, sid):
    at = op(app, monkeypatch, twee_kaders, "pages/patronen.py", gemeente=LEIDEN, vraag=f"{BUURTKRACHT}:{sid}")
    assert at.subheader[0].value == letterlijk(vraag_van(conn2, BUURTKRACHT, sid))
    n = aantal(conn2, BUURTKRACHT, sid, gemeente=LEIDEN)
    assert n >= 5 and f"Huidige selectie: {n} verhalen met een antwoord" in captions(at)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")   # drawn, not a notice
    # the question list names each question with its framework: the gemeente's stories use two
    labels = at.selectbox(key="patronen.vraag").options   # AppTest lists the options as shown
    # its key: 'kader:id' where the bare id names the demo's question, else the bare id
    assert at.selectbox(key="patronen.vraag").value == (f"{BUURTKRACHT}:{sid}" if sid == "ervaring" else sid)
    assert f"{vraag_van(conn2, BUURTKRACHT, sid)} (Buurtkracht – verhalen over steun in de buurt)" in labels


def test_the_same_id_in_two_frameworks_never_mixes(app, monkeypatch, twee_kaders, conn2):
    """Both frameworks ask `ervaring`, and Leiderdorp has stories of both: each pattern counts its own."""
    eigen = {k: aantal(conn2, k, "ervaring", gemeente=LEIDERDORP) for k in (BUURTKRACHT, DEMO)}
    assert all(eigen.values())
    for kader, n in eigen.items():
        at = op(app, monkeypatch, twee_kaders, "pages/patronen.py", gemeente=LEIDERDORP, vraag=f"{kader}:ervaring")
        assert at.subheader[0].value == letterlijk(vraag_van(conn2, kader, "ervaring"))
        assert f"Huidige selectie: {n} verhalen met een antwoord" in captions(at)
        f = VerhaalFilter(gemeente=LEIDERDORP)
        assert patterns.patterns_for(conn2, f"{kader}:ervaring", f, INTERN, 5)["histogram"].n == n
    # an older link names the bare id: the question of the framework most of the gemeente's stories use
    at = op(app, monkeypatch, twee_kaders, "pages/patronen.py", gemeente=LEIDERDORP, vraag="ervaring")
    assert at.subheader[0].value == letterlijk(vraag_van(conn2, DEMO, "ervaring"))
    assert f"Huidige selectie: {eigen[DEMO]} verhalen met een antwoord" in captions(at)
    assert at.query_params["vraag"] == "ervaring"   # the demo's key stays the bare id


def test_multi_select_counts_stories_per_option(app, monkeypatch, twee_kaders, conn2):
    at = op(app, monkeypatch, twee_kaders, "pages/patronen.py", gemeente=LEIDEN, vraag=f"{BUURTKRACHT}:plekken")
    n = aantal(conn2, BUURTKRACHT, "plekken", gemeente=LEIDEN)
    assert f"Huidige selectie: {n} verhalen met een antwoord" in captions(at)
    assert views.MEERKEUZE in captions(at)
    at.toggle(key="patronen.tabel").set_value(True).run()
    tabel = at.dataframe[0].value
    per_optie = {o: aantal(conn2, BUURTKRACHT, "plekken", gemeente=LEIDEN, keuze=o) for o in tabel["Antwoord"]}
    assert sum(per_optie.values()) > n   # stories with two places count under both
    for optie, getoond in zip(tabel["Antwoord"], tabel["Aantal"]):
        if 0 < per_optie[optie] < 5:
            assert pd.isna(getoond)   # no number for 1 to k-1 stories
        else:   # rule A may also hide a larger cell, to keep the hidden ones together at k or more
            assert getoond == per_optie[optie] or pd.isna(getoond)
    assert any(getoond == per_optie[o] and per_optie[o] >= 5 for o, getoond in zip(tabel["Antwoord"], tabel["Aantal"]))


def test_patronen_compares_on_the_frameworks_own_choice(app, monkeypatch, twee_kaders, conn2):
    at = op(app, monkeypatch, twee_kaders, "pages/patronen.py", gemeente=LEIDEN, vraag=f"{BUURTKRACHT}:ervaring")
    radio = at.radio(key="patronen.vergelijk")
    assert list(radio.options) == ["twee wijken", "twee jaren", "plekken: twee antwoorden"]   # no 'ondersteuning'
    radio.set_value("plekken: twee antwoorden").run()
    at.selectbox(key="patronen.keuze_a").set_value("straat").run()
    at.selectbox(key="patronen.keuze_b").set_value("park").run()

    def met_ervaring(plek):
        return conn2.execute(
            "SELECT count(DISTINCT e.verhaal) FROM antwoorden e JOIN antwoorden p ON p.verhaal = e.verhaal "
            "JOIN verhalen v ON v.id = e.verhaal WHERE e.kader = ? AND e.signifier = 'ervaring' AND e.slider IS NOT NULL "
            f"AND p.kader = ? AND p.signifier = 'plekken' AND p.keuze = ? AND v.gemeentecode = ? AND {consent_clause(INTERN)}",
            [BUURTKRACHT, BUURTKRACHT, plek, LEIDEN]).fetchone()[0]

    for plek in ("straat", "park"):
        n = met_ervaring(plek)
        tekst = f"{n} verhalen met een antwoord" if n >= 5 else "minder dan 5 verhalen met een antwoord"
        assert f"Plekken: {plek}: {tekst}" in captions(at)


def test_verhalen_lists_and_filters_the_second_framework(app, monkeypatch, twee_kaders, conn2):
    at = op(app, monkeypatch, twee_kaders, "pages/verhalen.py", gemeente=LEIDEN)
    at.multiselect(key="verhalen.vf.wijken").set_value(["WK054603"]).run()
    leesbaar = conn2.execute(f"SELECT count(*) FROM verhalen v WHERE v.wijk = 'WK054603' AND {consent_clause(INTERN)}"
                             ).fetchone()[0]
    assert at.subheader[0].value == f"{leesbaar} verhalen gevonden"
    at.slider(key=f"verhalen.vf.sig.{BUURTKRACHT}:ervaring").set_value((60, 100)).run()
    positief = conn2.execute(
        "SELECT count(*) FROM verhalen v JOIN antwoorden a ON a.verhaal = v.id AND a.kader = ? AND a.signifier = "
        f"'ervaring' WHERE v.wijk = 'WK054603' AND a.slider >= 60 AND {consent_clause(INTERN)}", [BUURTKRACHT]
    ).fetchone()[0]
    assert 0 < positief < leesbaar and at.subheader[0].value == f"{positief} verhalen gevonden"


def test_tellen_en_vertellen_shows_a_set_of_the_second_framework(app, monkeypatch, twee_kaders, conn2):
    at = op(app, monkeypatch, twee_kaders, "pages/verhalen.py", gemeente=LEIDEN)
    at.multiselect(key="verhalen.vf.sig.plekken").set_value(["buurthuis"]).run()   # an id only this framework has
    n = aantal(conn2, BUURTKRACHT, "plekken", gemeente=LEIDEN, keuze="buurthuis")
    assert at.subheader[0].value == f"{n} verhalen gevonden"
    at.text_input(key="set.naam").set_value("Het buurthuis")   # a form: its values go with the submit
    at.text_input(key="set.vraag").set_value("Wat doet het buurthuis?")
    at.selectbox(key="set.indicator").set_value("ggd_eenzaam")
    at.button(key="set.opslaan").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    at.switch_page("pages/tellen_vertellen.py").run()
    assert not at.exception
    titels = {r[0] for r in conn2.execute(
        "SELECT v.titel FROM verhalen v JOIN antwoorden a ON a.verhaal = v.id WHERE a.kader = ? AND a.signifier = "
        f"'plekken' AND a.keuze = 'buurthuis' AND v.gemeentecode = ? AND {consent_clause(INTERN)}",
        [BUURTKRACHT, LEIDEN]).fetchall()}
    getoond = {t.value for t in at.text} & titels
    assert "Het buurthuis" in {t.value for t in at.text} and len(getoond) == min(4, n)


def test_interpretatiesessie_draws_a_pattern_of_the_second_framework(app, monkeypatch, twee_kaders, conn2, tmp_path):
    at = op(app, monkeypatch, twee_kaders, "pages/sessies.py", gemeente=LEIDEN)
    keuze = at.selectbox(key="sessie.patroon")
    naam = "(Buurtkracht – verhalen over steun in de buurt)"
    assert {f"{vraag_van(conn2, BUURTKRACHT, sid)} {naam}" for sid in VRAGEN2} <= set(keuze.options)   # as shown
    keuze.set_value("steun")
    at.text_input(key="sessie.titel").set_value("Wie helpt er?")
    at.text_input(key="sessie.vraag1").set_value("Wat valt u op?")
    at.button(key="sessie.opslaan").click().run()
    assert not at.exception and at.success
    with connect_werk(tmp_path / "werk.duckdb") as werk:
        sessie = sessions.list_sessions(werk, LEIDEN, mode=INTERN)["id"].iloc[0]
        data = content.handout_data(conn2, werk, sessie, INTERN, 5)
        ids = list(sessions.session_stories(conn2, werk, sessie, INTERN).verhalen["id"])
    assert data.patroon_vraag.sleutel == f"{BUURTKRACHT}:steun"
    beantwoord = conn2.execute("SELECT count(*) FROM antwoorden WHERE kader = ? AND signifier = 'steun' AND "
                               "triade_a IS NOT NULL AND verhaal IN (SELECT unnest(?))", [BUURTKRACHT, ids]).fetchone()[0]
    assert data.patroon.n == beantwoord > 0
    kaart_teksten = " ".join(k.duiding for k in data.kaarten)
    assert vraag_van(conn2, BUURTKRACHT, "ervaring") in kaart_teksten   # the cards name the questions


def test_netwerklunch_shows_the_second_frameworks_slides(app, monkeypatch, twee_kaders, conn2, fixture_store):
    """The pattern slides are the questions each framework names for the netwerklunch, openbaar stories only."""
    wijk = "WK054603"
    dias = netwerklunch.dias(conn2, LEIDEN, wijk, 5, "1 december 2026")
    patronen = [(i, d) for i, d in enumerate(dias, 1) if d.soort == "patroon"]
    assert [d.kop for _, d in patronen] == [vraag_van(conn2, BUURTKRACHT, "ervaring"), vraag_van(conn2, BUURTKRACHT, "steun")]
    getoond = 0
    for nummer, dia in patronen:
        at = op(app, monkeypatch, twee_kaders, "pages/netwerklunch.py", gemeente=LEIDEN, gebied=wijk, dia=nummer)
        assert at.header[0].value == letterlijk(dia.kop)
        if not dia.patroon.too_small:
            n = aantal(conn2, BUURTKRACHT, "ervaring" if nummer == patronen[0][0] else "steun", PARTNER, wijk=wijk)
            assert dia.patroon.n == n and any(c.startswith(f"{n} openbare verhalen met een antwoord") for c in captions(at))
            getoond += 1
    assert getoond   # at least one with its count (the other may be hidden by the small-group rules)


def test_wijkfoto_positive_experience_per_framework(app, monkeypatch, twee_kaders, conn2):
    """Leiderdorp's wijk 01 has stories of both frameworks: the share counts each one's own `ervaring` question.
    The fixture's wijk groups are too small for a share at k=5 (both parts must reach k): k=1 here."""
    wijk = "WK054701"
    met, positief = conn2.execute(
        "SELECT count(*), count(*) FILTER (WHERE a.slider >= 60) FROM antwoorden a JOIN verhalen v ON v.id = a.verhaal "
        f"WHERE v.wijk = ? AND a.signifier = 'ervaring' AND a.slider IS NOT NULL AND {consent_clause(INTERN)}", [wijk]
    ).fetchone()
    paneel = wf.verhalen_paneel(conn2, wijk, INTERN, 1)
    assert paneel.ervaring_vragen == tuple(sorted({vraag_van(conn2, k, "ervaring") for k in (BUURTKRACHT, DEMO)}))
    assert paneel.aandeel_positief == pytest.approx(positief / met) and paneel.met_antwoord == met
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    at = op(app, monkeypatch, twee_kaders, "pages/wijkfoto.py", gemeente=LEIDERDORP, wijk=wijk)
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()   # the panel follows the year unless asked
    metric = [m for m in at.metric if m.label == "Positieve ervaring"]
    assert metric and metric[0].value == f"{round(positief / met * 100)}%"
    assert all(letterlijk(vraag_van(conn2, k, "ervaring")) in metric[0].help for k in (BUURTKRACHT, DEMO))
    assert wf.verhalen_paneel(conn2, wijk, INTERN, 5).aandeel_positief is None   # k=5: parts below k stay hidden


def test_the_ervaring_key_may_name_any_slider(fixture_store, fixture_verhalen, tmp_path):
    """A framework whose "ervaring" key names another slider: the share positive counts that question only."""
    definitie = json.loads(JSON2.read_text(encoding="utf-8"))
    definitie["sleutels"]["ervaring"] = "thuis"
    kader = tmp_path / "kader.json"
    kader.write_text(json.dumps(definitie, ensure_ascii=False), encoding="utf-8")
    store = tmp_path / "verhalen.duckdb"
    verhaalopslag.importeer(fixture_store, store, CSV2, kader)
    with connect_readonly(fixture_store, store) as conn:
        met, positief = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE a.slider >= 60) FROM antwoorden a JOIN verhalen v ON v.id = "
            f"a.verhaal WHERE v.wijk = 'WK054603' AND a.signifier = 'thuis' AND a.slider IS NOT NULL "
            f"AND {consent_clause(INTERN)}").fetchone()
        paneel = wf.verhalen_paneel(conn, "WK054603", INTERN, 1)
    assert paneel.ervaring_vragen == ("Ik voel me thuis in mijn wijk",)
    assert paneel.aandeel_positief == pytest.approx(positief / met) and paneel.met_antwoord == met


def test_wijkfoto_of_the_second_framework_only(app, monkeypatch, twee_kaders, conn2):
    wijk = "WK054608"
    at = op(app, monkeypatch, twee_kaders, "pages/wijkfoto.py", gemeente=LEIDEN, wijk=wijk)
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()   # the panel follows the year unless asked
    leesbaar = conn2.execute(f"SELECT count(*) FROM verhalen v WHERE v.wijk = ? AND {consent_clause(INTERN)}",
                             [wijk]).fetchone()[0]
    assert [m.value for m in at.metric if m.label == "Verhalen uit deze wijk"] == [str(leesbaar)]
    assert kaders.REDENEN["ervaring"] not in captions(at)
    assert not any("fictief" in c for c in captions(at))   # real stories carry no fictional label


# --- point 3: a framework without "sleutels" leaves parts out with a reason, and does not crash ---------------

def test_a_framework_without_sleutels_gets_the_reasons(app, monkeypatch, zonder_sleutels, fixture_store):
    with connect_readonly(fixture_store, zonder_sleutels) as conn:
        assert kaders.sleutels(conn, "zonder-sleutels") == kaders.Sleutels("zonder-sleutels", conn.execute(
            "SELECT naam FROM kaders").fetchone()[0])
        foto = wf.wijkfoto(conn, "WK054603", 2024, INTERN, 5, verhalen_alle_jaren=True)
        assert foto.verhalen.geen_ervaring == kaders.REDENEN["ervaring"] and foto.verhalen.aandeel_positief is None
        assert kaders.REDENEN["ervaring"] in content.wijkfoto_export(foto, conn, INTERN, 5).verhalen_zin
    at = op(app, monkeypatch, zonder_sleutels, "pages/wijkfoto.py", gemeente=LEIDEN, wijk="WK054603")
    at.toggle(key="verhalen_alle_jaren").set_value(True).run()   # the panel follows the year unless asked
    assert kaders.REDENEN["ervaring"] in captions(at) and not [m for m in at.metric if m.label == "Positieve ervaring"]
    at.switch_page("pages/patronen.py").run()
    assert not at.exception and kaders.REDENEN["vergelijking"] in captions(at)
    assert list(at.radio(key="patronen.vergelijk").options) == ["twee wijken", "twee jaren"]
    at.switch_page("pages/netwerklunch.py").run()
    assert not at.exception
    with connect_readonly(fixture_store, zonder_sleutels) as conn:
        dias = netwerklunch.dias(conn, LEIDEN, None, 5, "1 december 2026")
    meldingen = [(i, d) for i, d in enumerate(dias, 1) if d.soort == "melding"]
    assert [d.uitleg for _, d in meldingen] == [kaders.REDENEN["netwerklunch"]]
    assert not [d for d in dias if d.soort == "patroon"]
    at = op(app, monkeypatch, zonder_sleutels, "pages/netwerklunch.py", gemeente=LEIDEN, dia=meldingen[0][0])
    assert [i.value for i in at.info] == [kaders.REDENEN["netwerklunch"]]
    at = op(app, monkeypatch, zonder_sleutels, "pages/tellen_vertellen.py", gemeente=LEIDEN, indicator="ggd_eenzaam")
    assert kaders.REDENEN["thema"] in captions(at)


# --- story cards show question texts; "fictief voorbeeld" follows each story's flag -------------------------

def test_story_cards_show_question_texts(app, monkeypatch, twee_kaders, conn2):
    at = op(app, monkeypatch, twee_kaders, "pages/verhalen.py", gemeente=LEIDEN)
    at.multiselect(key="verhalen.vf.wijken").set_value(["WK054603"]).run()
    teksten = [t.value for t in at.text]
    duidingen = [t for t in teksten if vraag_van(conn2, BUURTKRACHT, "ervaring") in t]
    assert duidingen and all(" · " in d or "?" in d for d in duidingen)
    assert not [t for t in teksten if t.startswith(("Ervaring:", "Steun:", "Plekken:"))]   # no ids
    # a triad: its question and corner labels; a slider: in words between its poles; a multi-select: the options
    eerste = dict(conn2.execute("SELECT a.signifier, a.slider FROM antwoorden a JOIN verhalen v ON v.id = a.verhaal "
                                "WHERE v.titel = 'Koffie in het buurthuis' AND a.slider IS NOT NULL").fetchall())
    kaart = next(d for d in duidingen if "heel fijn (82)" in d)
    assert eerste["ervaring"] == 82 and "Wie hielp u in dit verhaal? buren" in kaart


def test_fictief_follows_each_storys_own_flag(app, monkeypatch, twee_kaders, zonder_sleutels):
    at = op(app, monkeypatch, zonder_sleutels, "pages/verhalen.py", gemeente=LEIDEN)
    assert not any("fictie" in c for c in captions(at))
    assert not any("fictief voorbeeld" in c for c in captions(at))
    at.switch_page("pages/bronnen.py").run()
    assert not at.exception
    assert any("echte verhalen van inwoners" in m.value for m in at.markdown)
    assert not any("fictieve voorbeelden" in m.value for m in at.markdown)
    at = op(app, monkeypatch, twee_kaders, "pages/verhalen.py", gemeente=LEIDEN)
    assert any(c.startswith("Een deel van de verhalen is een fictief voorbeeld") for c in captions(at))
    at.switch_page("pages/bronnen.py").run()
    assert any("Een deel van de verhalen in deze app is een fictief voorbeeld" in m.value for m in at.markdown)


def test_small_group_rule_counts_a_multi_select_narrowing_with_every_story_in_it(conn2):
    """Rule B compares a view with its narrowings: with several options per story, the narrowing to one option
    holds every story that chose it, also those that chose the other one too."""
    f = VerhaalFilter(gemeente=LEIDEN, keuzes={f"{BUURTKRACHT}:plekken": ["park", "straat"]})
    voorwaarden = groepen._voorwaarden(conn2, f, PARTNER)
    cellen = groepen._cellen(conn2, f, PARTNER, voorwaarden)
    nauwer = groepen._maskers(cellen, voorwaarden)[1][-1]   # the narrowings of the choice: {park}, {straat}, both
    gevonden = [int(m @ cellen["n"].to_numpy()) for m in nauwer]
    beide = conn2.execute(
        "SELECT count(*) FROM (SELECT a.verhaal FROM antwoorden a JOIN verhalen v ON v.id = a.verhaal WHERE a.kader = ? "
        f"AND a.signifier = 'plekken' AND a.keuze IN ('park', 'straat') AND v.gemeentecode = ? AND {consent_clause(PARTNER)} "
        "GROUP BY a.verhaal HAVING count(*) = 2)", [BUURTKRACHT, LEIDEN]).fetchone()[0]
    park, straat = (aantal(conn2, BUURTKRACHT, "plekken", PARTNER, gemeente=LEIDEN, keuze=o) for o in ("park", "straat"))
    assert beide and gevonden == [park, straat, park + straat - beide]


def test_session_sample_spreads_over_the_zones_of_the_gemeentes_own_framework(app, monkeypatch, twee_kaders):
    """The sample is spread over the zones of a triad of the framework most of the stories use."""
    for gemeente, hoeken in ((LEIDERDORP, ("mijn gezin", "mijn omgeving", "mijzelf")),
                             (LEIDEN, ("buren", "familie", "organisaties"))):
        at = op(app, monkeypatch, twee_kaders, "pages/sessies.py", gemeente=gemeente)
        zones = set(at.dataframe[0].value["Zone"])
        assert any(h in z for z in zones for h in hoeken), zones


@pytest.mark.parametrize("verhalen, wijk, verwacht", [
    ("zonder_sleutels", "WK054603", kaders.REDENEN["ervaring"]),
    ("twee_kaders", "WK054608", "op 'Hoe voelde deze ervaring voor u?'"),   # k=1: the groups are small
])
def test_wijkfoto_documents_follow_the_frameworks_sleutels(request, fixture_store, verhalen, wijk, verwacht):
    """The PDF and the PowerPoint say what the page says: the share positive on the framework's own question, or
    why there is none."""
    with connect_readonly(fixture_store, request.getfixturevalue(verhalen)) as conn:
        foto = wf.wijkfoto(conn, wijk, 2024, INTERN, 1)
        pdf = " ".join(pdf_pages(wijkfoto_pdf(foto, conn, INTERN, 1)))
        pptx = " ".join(slide_texts(s) for s in Presentation(io.BytesIO(wijkfoto_pptx(foto, conn, INTERN, 1))).slides)
    for tekst in (pdf, pptx):
        assert verwacht in " ".join(tekst.split())
        assert "Hoe zou u uw ervaring omschrijven?" not in tekst and "fictief voorbeeld" not in tekst


def test_thema_of_a_figure_comes_from_the_gemeentes_own_goal_tree(writable_store):
    """A gemeente with its own goal tree links stories to a figure through its own thema's; one without a tree
    through any tree's."""
    with duckdb.connect(str(writable_store)) as conn:
        leiderdorp = goals.themes_for_indicator(conn, "ggd_eenzaam", LEIDERDORP)
        assert leiderdorp and goals.themes_for_indicator(conn, "ggd_eenzaam", LEIDEN) == leiderdorp
        for id_, niveau, ouder, titel in (("t-r", "resultaat", None, "Iedereen doet mee in Leiden"),
                                         ("t-o", "opgave", "t-r", "Ontmoeten"), ("t-d", "doel", "t-o", "Minder eenzaam")):
            conn.execute("INSERT INTO doelen VALUES (?, ?, ?, ?, ?, 'test', 1)", [id_, niveau, ouder, titel, LEIDEN])
        conn.execute("INSERT INTO doel_indicatoren VALUES ('t-d', 'ggd_eenzaam', ?, '18 jaar of ouder', NULL, NULL, "
                     "NULL, NULL, false)", [LEIDEN])
        assert goals.themes_for_indicator(conn, "ggd_eenzaam", LEIDEN) == ["Iedereen doet mee in Leiden"]
        assert goals.themes_for_indicator(conn, "ggd_eenzaam", LEIDERDORP) == leiderdorp
