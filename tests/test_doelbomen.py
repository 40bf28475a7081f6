"""Goal trees per gemeente (issue 13, 1c and 1d): the JSON format round trip, checks that name where a
problem is, a saved tree that survives a rebuild, removal back to the shipped tree, the command line, the
Doelen page for a gemeente without demo data, and the Beheer part's editor from tables to the Doelen page."""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import Dataframe, Widget

from core.ingest import goals as goal_files
from core.samen import doelbomen
from core.store.build import build_store
from core.tellen import goals
from tests.conftest import TEST_DATA, goto

ROOT = Path(__file__).resolve().parent.parent
VIJFHEERENLANDEN = "GM1961"  # in the fixture store with GGD figures 2012-2020, no shipped tree, no stories

# A small tree in every shape the format allows: a link on a wijk, one with its own nulmeting, one with a
# streefwaarde, one with a verschil, a doel without indicators, a toelichting and a tree-wide streefjaar.
BOOM = {
    "gemeentecode": VIJFHEERENLANDEN,
    "bron": "Sociaal domein Vijfheerenlanden 2024–2028",
    "toelichting": "Proefboom voor de tests.",
    "streefjaar": 2028,
    "fictief": False,
    "resultaten": [
        {"id": "A", "titel": "Meedoen", "opgaven": [
            {"id": "A.1", "titel": "Niemand staat er alleen voor", "doelen": [
                {"id": "A.1.a", "titel": "Minder inwoners zijn eenzaam", "indicatoren": [
                    {"indicator": "ggd_eenzaam", "leeftijdsgroep": "18 jaar of ouder", "streefwaarde": 40},
                    {"indicator": "ggd_ernstig_eenzaam", "leeftijdsgroep": "65 jaar of ouder",
                     "streefwaarde_verschil": -1.5, "streefjaar": 2026}]},
                {"id": "A.1.b", "titel": "Meer mantelzorgers houden het vol", "indicatoren": []}]}]},
        {"id": "B", "titel": "Gezond leven", "opgaven": [
            {"id": "B.1", "titel": "Gezond oud worden", "doelen": [
                {"id": "B.1.a", "titel": "Meer inwoners voelen zich gezond", "indicatoren": [
                    {"indicator": "ggd_ervaren_gezondheid", "leeftijdsgroep": "18 jaar of ouder",
                     "nulmeting_jaar": 2016, "nulmeting": 70.5, "streefwaarde": 75}]}]}]},
    ],
}


@pytest.fixture()
def paden(fixture_store, fixture_verhalen, tmp_path) -> doelbomen.Paden:
    """A private figures store, story store and (empty) eigen store; the build reads tests/data."""
    store, verhalen = tmp_path / "tellen.duckdb", tmp_path / "verhalen.duckdb"
    shutil.copyfile(fixture_store, store)
    shutil.copyfile(fixture_verhalen, verhalen)
    return doelbomen.Paden(store, verhalen, tmp_path / "eigen.duckdb", TEST_DATA)


def tabel(paden, gemeente):
    with duckdb.connect(str(paden.store), read_only=True) as conn:
        return goals.goal_table(conn, gemeente)


def build_id(store: Path) -> str:
    with duckdb.connect(str(store), read_only=True) as conn:
        return conn.execute("SELECT build_id FROM bouw").fetchone()[0]


# --- the JSON format -----------------------------------------------------------------------------


def test_json_round_trip_through_the_eigen_store(paden):
    """Import, export, import again: the same tree, the same file, the same rows in the eigen store."""
    klaar = doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna")
    assert (klaar.gemeente, klaar.doelen, klaar.koppelingen) == (VIJFHEERENLANDEN, 3, 3)
    export = doelbomen.exporteer(paden, VIJFHEERENLANDEN)
    assert json.loads(export) == BOOM
    doelbomen.importeer(paden, export.encode(), "export.json", "Anna")
    assert doelbomen.exporteer(paden, VIJFHEERENLANDEN) == export
    assert goal_files.lees(goal_files.naar_json(BOOM)) == BOOM


def test_shipped_tree_exports_and_imports_for_another_gemeente(paden):
    """The shipped Leiderdorp file is the format: its export imports for a gemeente given on import."""
    export = doelbomen.exporteer(paden, "GM0547")
    shipped = json.loads((TEST_DATA / "doelen" / "doelenboom_leiderdorp.json").read_text(encoding="utf-8"))
    assert json.loads(export) == shipped
    doelbomen.importeer(paden, export, "leiderdorp.json", "Anna", gemeente=VIJFHEERENLANDEN)
    assert json.loads(doelbomen.exporteer(paden, VIJFHEERENLANDEN)) == {**shipped, "gemeentecode": VIJFHEERENLANDEN}
    assert len(tabel(paden, VIJFHEERENLANDEN)) == len(tabel(paden, "GM0547"))  # both trees in the store


def _met(pad: list, veld: str, waarde) -> dict:
    tree = copy.deepcopy(BOOM)
    node = tree
    for stap in pad:
        node = node[stap]
    node[veld] = waarde
    return tree


LINK = ["resultaten", 0, "opgaven", 0, "doelen", 0, "indicatoren", 0]


@pytest.mark.parametrize("tree, melding", [
    (_met(LINK, "indicator", "ggd_bestaat_niet"),
     "Doel A.1.a, indicator 1: 'ggd_bestaat_niet' is geen indicator uit de catalogus"),
    (_met(LINK, "nulmeting_jaar", "twintig"),
     "Doel A.1.a, indicator 1, veld 'nulmeting_jaar': 'twintig' is geen jaartal"),
    (_met(LINK, "streefjaar", 3024), "Doel A.1.a, indicator 1, veld 'streefjaar': '3024' is geen jaartal"),
    (_met(LINK, "streefwaarde", "veertig"), "Doel A.1.a, indicator 1, veld 'streefwaarde': 'veertig' is geen getal"),
    (_met(LINK, "streefwaarde_verschil", -2), "Doel A.1.a, indicator 1: geef een streefwaarde óf een verschil"),
    (_met(LINK, "nulmeting", 30), "Doel A.1.a, indicator 1: geef bij de nulmeting zowel het jaar als de waarde"),
    (_met(LINK, "regio", "WK054700"), "Doel A.1.a, indicator 1, veld 'regio': 'WK054700' is niet de gemeente"),
    (_met(LINK, "leeftijdsgroep", "kinderen"),
     "Doel A.1.a, indicator 1, veld 'leeftijdsgroep': 'kinderen' bestaat niet"),
    (_met([], "streefjaar", None), "Doel A.1.a, indicator 1: geef een streefjaar bij de streefwaarde"),
    (_met(["resultaten", 1], "id", "A"), "Resultaat A: dit nummer komt vaker voor"),
    (_met(["resultaten", 0, "opgaven", 0], "titel", " "), "Opgave A.1: het veld 'titel' ontbreekt of is leeg"),
    (_met([], "gemeentecode", "GM9999"), "De doelenboom, veld 'gemeentecode': 'GM9999' is geen gemeente"),
])
def test_a_bad_tree_names_where_and_writes_nothing(paden, tree, melding):
    voor = build_id(paden.store)
    with pytest.raises(doelbomen.DoelboomFout) as fout:
        doelbomen.importeer(paden, json.dumps(tree), "fout.json", "Anna")
    assert any(p.startswith(melding) for p in fout.value.problemen), fout.value.problemen
    assert "niet opgeslagen" in str(fout.value)
    assert not paden.eigen.exists() and build_id(paden.store) == voor


def test_a_wijk_of_the_gemeente_is_a_valid_regio(paden, fixture_store):
    with duckdb.connect(str(fixture_store), read_only=True) as conn:
        wijk = conn.execute("SELECT code FROM regios WHERE niveau = 'wijk' AND gemeentecode = ? LIMIT 1",
                            [VIJFHEERENLANDEN]).fetchone()[0]
    doelbomen.importeer(paden, json.dumps(_met(LINK, "regio", wijk)), "wijk.json", "Anna")
    rij = tabel(paden, VIJFHEERENLANDEN).iloc[0]
    assert json.loads(doelbomen.exporteer(paden, VIJFHEERENLANDEN))["resultaten"][0]["opgaven"][0]["doelen"][0][
        "indicatoren"][0]["regio"] == wijk
    assert rij.indicator == "ggd_eenzaam" and rij.nulmeting_jaar == 2012  # the wijk's own earliest figure


def test_not_json_and_not_utf8_say_so(paden):
    with pytest.raises(doelbomen.DoelboomFout, match="geen geldige JSON: regel 1"):
        doelbomen.importeer(paden, "{kapot", "kapot.json", "Anna")
    with pytest.raises(doelbomen.DoelboomFout, match="geen UTF-8-tekst"):
        doelbomen.importeer(paden, json.dumps(BOOM, ensure_ascii=False).replace("–", "-").encode() + b"\xe9",
                            "cp1252.json", "Anna")


# --- the figures: nulmeting, laatste, streefwaarde, status ------------------------------------------


def test_figures_of_a_saved_tree_come_from_the_store(paden):
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna")
    t = tabel(paden, VIJFHEERENLANDEN).set_index("indicator")
    with duckdb.connect(str(paden.store), read_only=True) as conn:
        def waarde(indicator, groep, jaar):
            return conn.execute("SELECT waarde FROM waarden WHERE regio = ? AND indicator = ? AND leeftijdsgroep = ? "
                                "AND jaar = ?", [VIJFHEERENLANDEN, indicator, groep, jaar]).fetchone()[0]
        eenzaam_2012 = waarde("ggd_eenzaam", "18 jaar of ouder", 2012)
        eenzaam_2020 = waarde("ggd_eenzaam", "18 jaar of ouder", 2020)
        ernstig_2012 = waarde("ggd_ernstig_eenzaam", "65 jaar of ouder", 2012)
    eenzaam = t.loc["ggd_eenzaam"]
    assert (eenzaam.nulmeting_jaar, eenzaam.nulmeting) == (2012, pytest.approx(eenzaam_2012))
    assert (eenzaam.laatste_jaar, eenzaam.laatste) == (2020, pytest.approx(eenzaam_2020))
    assert (eenzaam.streefwaarde, eenzaam.streefjaar, eenzaam.streefwaarde_fictief) == (40, 2028, False)
    assert eenzaam.status == goals.status("lager_beter", 2012, eenzaam_2012, 2020, eenzaam_2020, 40)
    ernstig = t.loc["ggd_ernstig_eenzaam"]
    assert ernstig.streefwaarde == pytest.approx(round(ernstig_2012 - 1.5, 2)) and ernstig.streefjaar == 2026
    gezond = t.loc["ggd_ervaren_gezondheid"]
    assert (gezond.nulmeting_jaar, gezond.nulmeting, gezond.streefwaarde) == (2016, 70.5, 75)


def test_preview_is_the_table_the_doelen_page_gets_after_saving(paden):
    with duckdb.connect(str(paden.store), read_only=True) as conn:
        voorbeeld = doelbomen.voorbeeld(conn, goal_files.vorm(BOOM))
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna")
    pd.testing.assert_frame_equal(voorbeeld, tabel(paden, VIJFHEERENLANDEN), check_dtype=False)


# --- primary data: rebuilds, removal, history -------------------------------------------------------


def test_a_saved_tree_survives_a_rebuild(paden):
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna")
    build_store(TEST_DATA, paden.store, eigen_path=paden.eigen)  # as `python -m core build` does
    assert list(dict.fromkeys(tabel(paden, VIJFHEERENLANDEN)["resultaat"])) == ["Meedoen", "Gezond leven"]
    build_store(TEST_DATA, paden.store)  # a build without the eigen store has no own trees: it is the source
    assert tabel(paden, VIJFHEERENLANDEN).empty
    assert doelbomen.eigen_boom(paden.eigen, VIJFHEERENLANDEN) == BOOM


def test_an_own_tree_replaces_the_shipped_one_and_removal_brings_it_back(paden):
    shipped = tabel(paden, "GM0547")
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna", gemeente="GM0547")
    eigen = tabel(paden, "GM0547")
    assert list(dict.fromkeys(eigen["resultaat"])) == ["Meedoen", "Gezond leven"]
    assert doelbomen.boom(paden, "GM0547")[1] == "eigen"
    weg = doelbomen.verwijder(paden, "GM0547", "Bert")
    assert weg.doelen == 0 and doelbomen.boom(paden, "GM0547")[1] == "meegeleverd"
    pd.testing.assert_frame_equal(tabel(paden, "GM0547"), shipped)
    historie = doelbomen.historie(paden.eigen, "GM0547")
    assert list(historie["actie"]) == ["verwijderd", "geïmporteerd"]
    assert list(historie["door"]) == ["Bert", "Anna"] and historie["wat"].iloc[1] == "boom.json"
    oud = doelbomen.historie_inhoud(paden.eigen, historie["id"].iloc[1])
    assert json.loads(oud) == {**BOOM, "gemeentecode": "GM0547"}  # the removed tree can still be read back


def test_removal_of_a_gemeente_without_shipped_tree_leaves_none(paden):
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna")
    doelbomen.verwijder(paden, VIJFHEERENLANDEN, "Anna")
    assert doelbomen.boom(paden, VIJFHEERENLANDEN) == (None, None) and tabel(paden, VIJFHEERENLANDEN).empty
    with pytest.raises(doelbomen.DoelboomFout, match="geen eigen doelenboom"):
        doelbomen.verwijder(paden, VIJFHEERENLANDEN, "Anna")


def test_progress_reports_every_build_step(paden):
    stappen = []
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna", melden=lambda deel, stap: stappen.append(
        (deel, stap)))
    delen = [d for d, _ in stappen]
    assert delen == sorted(delen) and 0 < delen[0] and delen[-1] < 1
    assert stappen[-1][1] == "Opslaan" and any("Doelenbomen" in s for _, s in stappen)


# --- the editor's tables ------------------------------------------------------------------------------


def test_editor_tables_give_back_the_tree():
    kop = {k: BOOM[k] for k in ("gemeentecode", "bron", "toelichting", "streefjaar", "fictief")}
    assert doelbomen.uit_tabellen(kop, doelbomen.tabellen(BOOM)) == BOOM


def test_editor_rows_without_number_get_one_and_a_missing_parent_is_named():
    kop = {"gemeentecode": VIJFHEERENLANDEN, "bron": "Test", "fictief": False}
    frames = doelbomen.tabellen(None)
    frames["resultaten"] = pd.DataFrame({"id": [None, "R1"], "titel": ["Tweede", "Eerste"]})
    frames["opgaven"] = pd.DataFrame({"id": [""], "resultaat": ["R2"], "titel": ["Een opgave"]})
    frames["doelen"] = pd.DataFrame({"id": [None, None], "opgave": ["O1", None], "titel": ["Een doel", "Los"]})
    with pytest.raises(doelbomen.DoelboomFout) as fout:
        doelbomen.uit_tabellen(kop, frames)
    assert fout.value.problemen == ["Tabel Doelen, rij 2, kolom 'opgave': kies een van de opgaven "
                                    "(of vul eerst die tabel in)."]
    frames["doelen"] = frames["doelen"].head(1)
    tree = doelbomen.uit_tabellen(kop, frames)
    assert [r["id"] for r in tree["resultaten"]] == ["R2", "R1"]  # R1 was taken: the first free number
    assert tree["resultaten"][0]["opgaven"][0]["doelen"][0] == {"id": "D1", "titel": "Een doel", "indicatoren": []}


# --- the command line ---------------------------------------------------------------------------------


def test_cli_import_and_export_goals(paden, tmp_path):
    bestand = tmp_path / "boom.json"
    bestand.write_text(json.dumps({**BOOM, "gemeentecode": "GM0547"}), encoding="utf-8")
    env = {**__import__("os").environ, "TV_EIGEN": str(paden.eigen)}
    algemeen = [sys.executable, "-m", "core", "--store", str(paden.store), "--verhalen", str(paden.verhalen)]
    run = subprocess.run([*algemeen, "import-goals", str(bestand), "--gemeente", VIJFHEERENLANDEN, "--data",
                          str(TEST_DATA)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert f"Doelenboom van {VIJFHEERENLANDEN} opgeslagen: 3 doelen, 3 gekoppelde indicatoren" in run.stdout
    assert not tabel(paden, VIJFHEERENLANDEN).empty
    uit = tmp_path / "uit.json"
    run = subprocess.run([*algemeen, "export-goals", VIJFHEERENLANDEN, str(uit), "--data", str(TEST_DATA)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(uit.read_text(encoding="utf-8")) == BOOM
    bestand.write_text(json.dumps(_met(LINK, "indicator", "onbekend")), encoding="utf-8")
    run = subprocess.run([*algemeen, "import-goals", str(bestand), "--data", str(TEST_DATA)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "Doel A.1.a, indicator 1: 'onbekend' is geen indicator" in run.stderr


# --- the pages ---------------------------------------------------------------------------------------


@pytest.fixture()
def app_eigen(app, paden, monkeypatch):
    """The app on the private stores, with the eigen store and tests/data as the build's data folder."""
    monkeypatch.setenv("TV_STORE", str(paden.store))
    monkeypatch.setenv("TV_VERHALEN", str(paden.verhalen))
    monkeypatch.setenv("TV_EIGEN", str(paden.eigen))
    monkeypatch.setenv("TV_DATA_DIR", str(TEST_DATA))
    return app


def open_doelen(app, gemeente):
    at = goto(app, "pages/doelen.py", gemeente=gemeente)
    at.query_params.update(gemeente=gemeente)
    return at.run()


def test_doelen_page_points_a_gemeente_without_tree_to_beheer(app_eigen):
    at = open_doelen(app_eigen, VIJFHEERENLANDEN)
    assert not at.exception
    assert "nog geen doelenboom" in at.info[0].value and "Beheer → Eigen gegevens → Doelen" in at.info[0].value
    assert "Leiderdorp" not in at.info[0].value


def test_doelen_page_shows_an_own_tree_with_real_figures(app_eigen, paden):
    doelbomen.importeer(paden, json.dumps(BOOM), "boom.json", "Anna")
    at = open_doelen(app_eigen, VIJFHEERENLANDEN)
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == ["Meedoen", "Gezond leven"]
    verwacht = doelbomen_rijen(paden)
    eenzaam = at.table[0].value.iloc[0]
    assert eenzaam.to_dict() == verwacht
    assert "fictief" not in eenzaam["Streefwaarde"] and eenzaam["Streefwaarde"].endswith("(2028)")
    captions = " ".join(c.value for c in at.caption)
    assert "fictieve voorbeelden" not in captions and "Sociaal domein Vijfheerenlanden" in captions
    at.selectbox(key="sidebar.gemeente").set_value("GM0547").run()
    assert at.header[0].value == "Zelfstandig leven"  # the shipped tree: its streefwaarden are examples
    assert "Streefwaarden zijn fictieve voorbeelden" in " ".join(c.value for c in at.caption)


def doelbomen_rijen(paden) -> dict:
    from pages.parts.beheer_doelen import doel_rijen
    t = tabel(paden, VIJFHEERENLANDEN)
    return doel_rijen(t).iloc[0].to_dict()


class _Editor(Widget):
    """A data editor with edits, as the browser sends them (AppTest cannot edit st.data_editor)."""

    value = None

    def __init__(self, proto, root, bewerkingen: dict):
        self.id = proto.id
        self.disabled = False
        super().__init__(proto, root)
        self.type = "data_editor"
        self.bewerkingen = bewerkingen

    @property
    def _widget_state(self) -> WidgetState:
        return WidgetState(id=self.id, string_value=json.dumps(
            {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **self.bewerkingen}))


def bewerk(at, key: str, rijen: list[dict]) -> None:
    """Add these rows to the data editor with this key (its next run gets them)."""
    for node in _knopen(at._tree):
        for plek, kind in list(getattr(node, "children", {}).items()):
            if isinstance(kind, Dataframe) and kind.key == key:
                node.children[plek] = _Editor(kind.proto, kind.root, {"added_rows": rijen})
                return
    raise AssertionError(f"geen data editor {key}")


def _knopen(node):
    yield node
    for kind in getattr(node, "children", {}).values():
        yield from _knopen(kind)


def test_beheer_doelen_makes_a_tree_in_tables_and_the_doelen_page_shows_it(app_eigen, paden):
    at = goto(app_eigen, "pages/beheer.py", gemeente=VIJFHEERENLANDEN)
    at.query_params.update(gemeente=VIJFHEERENLANDEN)
    at.button_group(key="beheer.deel").set_value("Doelen").run()
    assert not at.exception, at.exception
    assert "nog geen doelenboom" in " ".join(m.value for m in at.markdown)
    assert not at.error and "Begin met een maatschappelijk resultaat" in at.info[0].value  # no errors yet
    at.text_input(key="beheer_doelen.door").set_value("Carla")
    sleutel = f"beheer_doelen.{VIJFHEERENLANDEN}.0"
    at.text_input(key=f"{sleutel}.bron").set_value("Coalitieakkoord 2026")
    at.number_input(key=f"{sleutel}.streefjaar").set_value(2030)
    bewerk(at, f"{sleutel}.resultaten", [{"id": "R1", "titel": "Iedereen doet mee"}])
    at.run()
    bewerk(at, f"{sleutel}.opgaven", [{"resultaat": "R1", "titel": "Eenzaamheid verminderen"}])
    at.run()
    bewerk(at, f"{sleutel}.doelen", [{"opgave": "O1", "titel": "Minder eenzame ouderen"}])
    at.run()
    bewerk(at, f"{sleutel}.koppelingen", [{"doel": "D1", "indicator": "ggd_eenzaam",
                                           "leeftijdsgroep": "65 jaar of ouder", "streefwaarde": 38}])
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error] + [t.value for t in at.text]
    assert [h.value for h in at.header] == ["Iedereen doet mee"]  # the preview, before anything is saved
    assert not paden.eigen.exists()
    at.button(key="beheer_doelen.opslaan").click().run()
    assert not at.exception, at.exception
    assert "is opgeslagen" in at.success[0].value
    tree = doelbomen.eigen_boom(paden.eigen, VIJFHEERENLANDEN)
    assert tree["bron"] == "Coalitieakkoord 2026"
    assert tree["resultaten"][0]["opgaven"][0]["doelen"][0]["indicatoren"] == [
        {"indicator": "ggd_eenzaam", "leeftijdsgroep": "65 jaar of ouder", "streefwaarde": 38}]
    assert doelbomen.historie(paden.eigen, VIJFHEERENLANDEN)["door"].tolist() == ["Carla"]
    at.switch_page("pages/doelen.py").run()
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == ["Iedereen doet mee"]
    rij = at.table[0].value.iloc[0]
    assert rij["Indicator"].endswith("(65 jaar of ouder)")
    assert rij["Streefwaarde"].startswith("38") and "fictief" not in rij["Streefwaarde"]


def test_beheer_doelen_import_preview_then_history_and_removal(app_eigen, paden):
    at = goto(app_eigen, "pages/beheer.py", gemeente=VIJFHEERENLANDEN)
    at.query_params.update(gemeente=VIJFHEERENLANDEN)
    at.button_group(key="beheer.deel").set_value("Doelen").run()
    at.button_group(key="beheer_doelen.werk").set_value("Bestand inlezen").run()
    fout = json.dumps(_met(LINK, "indicator", "ggd_bestaat_niet")).encode()
    at.file_uploader(key="beheer_doelen.bestand.0").set_value(("fout.json", fout, "application/json")).run()
    assert "kan zo niet worden opgeslagen" in at.error[0].value
    assert "Doel A.1.a, indicator 1: 'ggd_bestaat_niet' is geen indicator" in at.text[0].value  # as typed
    assert not [b for b in at.button if b.key == "beheer_doelen.importeren"]
    bestand = json.dumps({**BOOM, "gemeentecode": "GM0547"}).encode()
    at.file_uploader(key="beheer_doelen.bestand.0").set_value(("boom.json", bestand, "application/json")).run()
    assert not at.exception, at.exception
    assert "andere gemeente (GM0547)" in at.warning[0].value
    assert [h.value for h in at.header] == ["Meedoen", "Gezond leven"] and not paden.eigen.exists()  # preview
    at.button(key="beheer_doelen.importeren").click().run()
    assert not at.exception, at.exception
    assert "ingelezen voor Vijfheerenlanden" in at.success[0].value
    assert doelbomen.eigen_boom(paden.eigen, VIJFHEERENLANDEN) == BOOM
    at.button_group(key="beheer_doelen.werk").set_value("Geschiedenis").run()
    assert not at.exception, at.exception
    assert at.dataframe[0].value["wat"].tolist() == ["boom.json"]
    at.button(key="beheer_doelen.verwijderen").click().run()
    assert "Weet u het zeker?" in at.warning[0].value and doelbomen.boom(paden, VIJFHEERENLANDEN)[1] == "eigen"
    at.button(key="beheer_doelen.bevestig").click().run()
    assert not at.exception, at.exception
    assert "is verwijderd" in at.success[0].value
    assert doelbomen.boom(paden, VIJFHEERENLANDEN) == (None, None)
    assert at.dataframe[0].value["actie"].tolist() == ["verwijderd", "geïmporteerd"]


def test_beheer_doelen_starts_from_the_shipped_tree(app_eigen, paden):
    """Leiderdorp's editor holds the shipped tree; unchanged it previews as the Doelen page shows it, and
    'Download als JSON' gives the shipped file's tree."""
    at = goto(app_eigen, "pages/beheer.py", gemeente="GM0547")
    at.query_params.update(gemeente="GM0547")
    at.button_group(key="beheer.deel").set_value("Doelen").run()
    assert not at.exception, at.exception
    assert not at.error, [t.value for t in at.text]
    assert "voorbeeldboom die met de app is meegeleverd" in " ".join(m.value for m in at.markdown)
    editors = {e.key: e.value for e in at.data_editor}
    assert len(editors["beheer_doelen.GM0547.0.doelen"]) == 15
    assert len(editors["beheer_doelen.GM0547.0.koppelingen"]) == 15
    assert [h.value for h in at.header] == ["Zelfstandig leven", "Opgroeien en ontwikkelen", "Een gezond dorp",
                                            "Samen leven in buurten en wijken"]
    shipped = json.loads((TEST_DATA / "doelen" / "doelenboom_leiderdorp.json").read_text(encoding="utf-8"))
    assert json.loads(doelbomen.exporteer(paden, "GM0547")) == shipped
    assert [b for b in at.get("download_button") if b.proto.id.endswith("beheer_doelen.download")]


def test_doelen_page_in_partner_mode_names_no_beheer_page(app_eigen, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = open_doelen(app_eigen, VIJFHEERENLANDEN)
    assert "nog geen doelenboom" in at.info[0].value and "Beheer" not in at.info[0].value


def test_beheer_doelen_in_chromium_save_then_doelen_page(paden, artifacts):
    """In a real browser: Beheer → Doelen for Leiderdorp shows the editors and the preview; Opslaan saves the
    tree as Leiderdorp's own (progress bar, then a message) and the Doelen page shows it."""
    from tests.browser import browser_page, wait_for_app
    from tests.conftest import serve
    with serve(paden.store, paden.verhalen, TV_EIGEN=str(paden.eigen), TV_DATA_DIR=str(TEST_DATA)) as url, \
            browser_page(height=2400) as page:
        page.goto(url + "/beheer?gemeente=GM0547")
        wait_for_app(page, ["Beheer: eigen gegevens"])
        page.locator("[data-testid=stButtonGroup] button").filter(has_text="Doelen").first.click()
        wait_for_app(page, ["Doelenboom van Leiderdorp", "Voorbeeld: zo ziet de pagina Doelen eruit"])
        assert not page.query_selector('[data-testid="stException"]')
        assert page.locator('[data-testid="stDataFrame"]').count() >= 4
        page.get_by_role("textbox", name="Uw naam").fill("Dana")
        page.get_by_role("textbox", name="Uw naam").press("Enter")
        wait_for_app(page)
        page.get_by_role("button", name="Opslaan", exact=True).click()
        wait_for_app(page, ["De doelenboom van Leiderdorp is opgeslagen."], timeout_ms=180_000)
        page.screenshot(path=str(artifacts / "beheer_doelen.png"), full_page=True)
        assert "De doelenboom van Leiderdorp is opgeslagen." in page.inner_text("body")
        page.goto(url + "/doelen?gemeente=GM0547")
        wait_for_app(page, ["Zelfstandig leven", "Streefwaarde"])
        assert "Zelfstandig leven" in page.inner_text("body")
    assert doelbomen.boom(paden, "GM0547")[1] == "eigen"
    assert doelbomen.historie(paden.eigen, "GM0547")["door"].tolist() == ["Dana"]


def test_the_gemeente_as_regio_is_the_default_and_left_out():
    met = goal_files.vorm(_met(LINK, "regio", VIJFHEERENLANDEN))
    assert met == BOOM and goal_files.lees(goal_files.naar_json(met)) == BOOM


def test_a_failed_rebuild_keeps_the_saved_tree(paden, data_copy):
    """The tree is written before the rebuild: a build that fails (here a broken source file) loses nothing,
    says so, and leaves the figures store as it was; the next good build shows the tree."""
    voor = build_id(paden.store)
    ggd = data_copy / "bronnen" / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020.csv"
    goed = ggd.read_text(encoding="utf-8")
    ggd.write_text(goed.replace("76.1", "zes-en-zeventig", 1), encoding="utf-8")
    kapot = doelbomen.Paden(paden.store, paden.verhalen, paden.eigen, data_copy)
    with pytest.raises(doelbomen.HerbouwFout, match="is bewaard, maar het opnieuw bouwen .* is mislukt"):
        doelbomen.importeer(kapot, json.dumps(BOOM), "boom.json", "Anna")
    assert build_id(paden.store) == voor and tabel(paden, VIJFHEERENLANDEN).empty
    assert doelbomen.eigen_boom(paden.eigen, VIJFHEERENLANDEN) == BOOM
    ggd.write_text(goed, encoding="utf-8")
    build_store(data_copy, paden.store, eigen_path=paden.eigen)
    assert not tabel(paden, VIJFHEERENLANDEN).empty
