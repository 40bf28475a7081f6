"""Figures a gemeente brings: StatLine exports (typed and web CSV) of KWB and RIVM 50090NED, stored as primary
data in the eigen store and built into the figures store; the wijkfoto of a gemeente outside Leiden/Leiderdorp.

The files in tests/data/statline/ are small, real-shaped StatLine exports (see HERKOMST.md there): the typed
CSV as the TypedDataSet download writes it (UTF-8, ';', quoted, codes padded with spaces, keys with suffix
numbers), the web CSV as "Download -> CSV" writes it (Windows-1252, ';', Dutch column titles as a path,
decimal comma, '.' and 'x' markers, a title line and a footer line).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.errors import TellenError
from core.ingest import statline
from core.ingest.statline import CijferFout
from core.store import cijfers, eigen
from core.store.build import build_store
from core.store.cijfers import Paden
from core.store.db import connect_readonly
from core.tellen import wijkfoto as wf
from core.vertellen.consent import Zichtbaarheid
from tests.conftest import TEST_DATA

STATLINE = TEST_DATA / "statline"
KWB_TYPED = STATLINE / "85984NED_TypedDataSet_02122026_151500.csv"
KWB_WEB = STATLINE / "Kerncijfers_wijken_en_buurten_2024_02122026_151812.csv"
GGD_TYPED = STATLINE / "50090NED_TypedDataSet_02122026_152010.csv"
GGD_WEB = STATLINE / "Gezondheid_per_wijk_en_buurt__2012_2016_2020__50090NED_02122026_152233.csv"


def lees(path: Path, naam: str | None = None, data: bytes | None = None, **kw) -> statline.Gelezen:
    return statline.lees(data if data is not None else path.read_bytes(), naam or path.name, **kw)


def waarde(gelezen, regio, indicator, groep="alle leeftijden"):
    w = gelezen.waarden
    rij = w[(w["regio"] == regio) & (w["indicator"] == indicator) & (w["leeftijdsgroep"] == groep)]
    assert len(rij) == 1, (regio, indicator, rij)
    return rij["waarde"].iloc[0]


# --- 1. readers -----------------------------------------------------------------------------------

def test_typed_kwb_keys_without_suffix_counts_as_shares_and_markers_as_null():
    g = lees(KWB_TYPED)
    assert (g.tabel.id, g.vorm, g.jaren) == ("85984NED", "typed", [2024])
    assert ("GemiddeldInkomenPerInwoner_78", "kwb_inkomen_inwoner") in g.kolommen
    assert waarde(g, "WK196102", "kwb_inkomen_inwoner") == 38600          # x 1 000 euro
    assert waarde(g, "WK196102", "kwb_65plus") == round(115 / 625 * 100, 1)  # a count, stored as a share
    assert waarde(g, "WK196103", "kwb_dichtheid") == 4597
    assert pd.isna(waarde(g, "WK196101", "kwb_inkomen_inwoner"))          # empty cell: NULL, not 0
    assert pd.isna(waarde(g, "WK196101", "kwb_woz"))                      # padded '.': NULL, not 0
    assert not g.waarden["regio"].str.startswith("BU").any()              # buurten are not imported
    assert set(g.regios["code"]) == {"GM1961", "WK196101", "WK196102", "WK196103", "WK196104", "WK054600"}
    assert g.regios["naam"].isna().all()                                  # the typed CSV has no names


def test_web_kwb_cp1252_decimal_comma_title_and_footer_lines():
    raw = KWB_WEB.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")                                               # really Windows-1252 ('km²')
    g = lees(KWB_WEB)
    assert (g.tabel.id, g.vorm, g.jaren) == ("85984NED", "web", [2024])   # table from the title line/name
    assert waarde(g, "GM1961", "kwb_inkomen_inwoner") == 33400            # '33,4' x 1 000 euro
    assert waarde(g, "WK196104", "kwb_0_15") == round(15 / 145 * 100, 1)
    assert pd.isna(waarde(g, "WK196101", "kwb_inkomen_inwoner"))          # 'x' (geheim): NULL
    assert pd.isna(waarde(g, "WK196101", "kwb_woz"))                      # '.': NULL
    namen = dict(zip(g.regios["code"], g.regios["naam"]))
    assert namen["WK196104"] == "Ameide buitengebied" and namen["WK054600"] == "Binnenstad-Zuid"
    assert any("onder de tabel" in o for o in g.opmerkingen)              # the footer line 'Bron: CBS'


def test_typed_and_web_kwb_give_the_same_figures_where_both_have_them():
    typed, web = lees(KWB_TYPED), lees(KWB_WEB)
    keys = ["regio", "indicator", "jaar", "leeftijdsgroep"]
    both = typed.waarden.merge(web.waarden, on=keys, suffixes=("_t", "_w"))
    assert len(both) == len(web.waarden)
    pd.testing.assert_series_equal(both["waarde_t"], both["waarde_w"], check_names=False)


def test_typed_50090_age_codes_periods_and_a_padded_marker():
    g = lees(GGD_TYPED)
    assert (g.tabel.id, g.vorm, g.jaren) == ("50090NED", "typed", [2020])
    assert set(g.waarden["leeftijdsgroep"]) == {"18 jaar of ouder", "65 jaar of ouder"}
    assert waarde(g, "WK034401", "ggd_eenzaam", "65 jaar of ouder") == 55.1
    assert pd.isna(waarde(g, "WK034402", "ggd_ernstig_eenzaam", "18 jaar of ouder"))
    assert set(g.waarden["indeling"]) == {2020}


def test_web_50090_titles_with_slashes_match_the_keys_and_equal_the_typed_figures():
    web, typed = lees(GGD_WEB), lees(GGD_TYPED)
    assert (web.tabel.id, web.vorm) == ("50090NED", "web")
    assert ("Eenzaamheid/Ernstig/zeer ernstig eenzaam (%)", "ggd_ernstig_eenzaam") in web.kolommen
    assert ("Gezondheid/Ervaren gezondheid/Goed/zeer goed (%)", "ggd_ervaren_gezondheid") in web.kolommen
    pd.testing.assert_frame_equal(web.waarden, typed.waarden)


def test_unknown_or_wrong_table_names_what_is_supported():
    with pytest.raises(CijferFout, match="(?s)12345NED wordt \\(nog\\) niet ondersteund.*85984NED"):
        lees(KWB_TYPED, "12345NED_TypedDataSet.csv")
    with pytest.raises(CijferFout, match="(?s)blijkt niet van welke StatLine-tabel.*50090NED"):
        lees(KWB_TYPED, "kerncijfers.csv")
    with pytest.raises(CijferFout, match="(?s)Leeftijd' en 'Perioden'.*goede tabel"):
        lees(KWB_TYPED, "50090NED_TypedDataSet.csv")
    with pytest.raises(CijferFout, match="Gezondheidsmonitor"):
        lees(GGD_TYPED, "85984NED_TypedDataSet.csv")


def test_a_chosen_table_overrides_a_file_name_without_one():
    assert lees(KWB_TYPED, "kerncijfers.csv", tabel_id="85618NED").jaren == [2023]


def test_wrong_encoding_and_not_a_statline_file():
    utf16 = KWB_TYPED.read_text(encoding="utf-8").encode("utf-16")
    with pytest.raises(CijferFout, match="geen gewone tekst"):
        lees(KWB_TYPED, data=utf16)
    with pytest.raises(CijferFout, match="geen StatLine-bestand"):
        lees(KWB_TYPED, data=b"code,waarde\nWK196101,3\n")


def test_garbled_number_names_row_and_column():
    kapot = KWB_WEB.read_bytes().replace(b'"625"', b'"6,2,5"')
    with pytest.raises(CijferFout, match="Rij 5, kolom 'Bevolking/Aantal inwoners \\(aantal\\)': '6,2,5' is geen getal"):
        lees(KWB_WEB, data=kapot)
    kapot = KWB_TYPED.read_bytes().replace(b'"38.6"', b'"38,6"')    # a typed CSV has a decimal point
    with pytest.raises(CijferFout, match="Rij 5, kolom 'GemiddeldInkomenPerInwoner_78': '38,6'"):
        lees(KWB_TYPED, data=kapot)


def test_missing_code_column_and_duplicate_rows():
    tekst = KWB_WEB.read_bytes().decode("cp1252")
    zonder = "\r\n".join(";".join(c for i, c in enumerate(r.split(";")) if i != 3) for r in tekst.split("\r\n"))
    with pytest.raises(CijferFout, match="'Codering'"):
        lees(KWB_WEB, data=zonder.encode("cp1252"))
    regels = tekst.split("\r\n")
    dubbel = "\r\n".join([*regels[:4], regels[3], *regels[4:]])
    with pytest.raises(CijferFout, match="De rijen 4, 5 geven allebei een cijfer voor WK196101"):
        lees(KWB_WEB, data=dubbel.encode("cp1252"))


# --- 2. stored as primary data, built into the figures store ----------------------------------------

@pytest.fixture()
def paden(fixture_verhalen, tmp_path) -> Paden:
    store = tmp_path / "tellen.duckdb"
    build_store(TEST_DATA, store)
    verhalen = tmp_path / "verhalen.duckdb"
    shutil.copyfile(fixture_verhalen, verhalen)
    return Paden(store, verhalen, tmp_path / "eigen.duckdb", TEST_DATA)


def rijen(store: Path, sql: str, params=()):
    with duckdb.connect(str(store), read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


def test_import_is_stored_with_its_source_and_survives_every_rebuild(paden):
    import_id = cijfers.importeer(lees(KWB_WEB), paden)
    bron = f"eigen_{import_id}"
    (titel, tabel, periode, licentie, herkomst), = rijen(
        paden.store, "SELECT titel, tabel_id, periode, licentie, herkomst FROM bronnen WHERE id = ?", [bron])
    assert (tabel, periode, licentie) == ("85984NED", "2024", "CC BY 4.0")
    assert "eigen import" in titel and herkomst.startswith("Geïmporteerd door de gemeente op ")
    vraag = "SELECT waarde, bron FROM waarden WHERE regio = 'WK196102' AND indicator = 'kwb_inkomen_inwoner'"
    assert rijen(paden.store, vraag) == [(38600.0, bron)]
    build_store(paden.data_dir, paden.store, None, paden.eigen)          # a rebuild (python -m core build)
    assert rijen(paden.store, vraag) == [(38600.0, bron)]
    assert cijfers.lijst(paden.eigen)["id"].tolist() == [import_id]


def test_an_imported_figure_replaces_the_shipped_one(paden):
    vraag = "SELECT waarde, bron FROM waarden WHERE regio = 'WK196103' AND indicator = 'kwb_dichtheid' AND jaar = 2024"
    assert [b for _, b in rijen(paden.store, vraag)] == ["cbs_kwb"]
    import_id = cijfers.importeer(lees(KWB_TYPED), paden)               # the build checks uniqueness
    assert rijen(paden.store, vraag) == [(4597.0, f"eigen_{import_id}")]


def test_newest_of_two_imports_wins_and_names_come_from_the_import(paden):
    cijfers.importeer(lees(KWB_TYPED), paden)
    naam = "SELECT naam FROM regios WHERE code = 'WK196104' AND indeling = 2024"
    assert rijen(paden.store, naam) == [("Wijk 04 (Vijfheerenlanden)",)]  # typed: no names
    nieuw = cijfers.importeer(lees(KWB_WEB), paden)
    assert rijen(paden.store, naam) == [("Ameide buitengebied",)]         # the web CSV names it
    assert rijen(paden.store, "SELECT bron FROM waarden WHERE regio = 'WK196104' AND indicator = 'kwb_inwoners'") == [
        (f"eigen_{nieuw}",)]


def test_removing_an_import_brings_the_shipped_figure_back(paden):
    import_id = cijfers.importeer(lees(KWB_TYPED), paden)
    assert cijfers.verwijder(import_id, paden) > 0
    assert rijen(paden.store, "SELECT count(*) FROM waarden WHERE bron = ?", [f"eigen_{import_id}"]) == [(0,)]
    assert rijen(paden.store, "SELECT count(*) FROM bronnen WHERE id LIKE 'eigen_%'") == [(0,)]
    assert rijen(paden.store, "SELECT bron FROM waarden WHERE regio = 'WK196103' AND indicator = 'kwb_dichtheid' "
                              "AND jaar = 2024") == [("cbs_kwb",)]
    assert cijfers.lijst(paden.eigen).empty
    with eigen.lezen(paden.eigen) as conn:                                # nothing of it left in the eigen store
        assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cijfer_waarden", "cijfer_regios")] \
            == [0, 0]
    with pytest.raises(CijferFout, match="bestaat niet"):
        cijfers.verwijder(import_id, paden)


def test_a_failed_read_writes_nothing(paden):
    with pytest.raises(TellenError):
        lees(KWB_WEB, data=KWB_WEB.read_bytes().replace(b'"625"', b'"zeshonderd"'))
    assert not paden.eigen.exists()


def test_50090_import_goes_in_with_its_age_groups_and_model_note(paden):
    import_id = cijfers.importeer(lees(GGD_WEB), paden)
    assert rijen(paden.store, "SELECT modelschatting IS NOT NULL FROM bronnen WHERE id = ?",
                 [f"eigen_{import_id}"]) == [(True,)]
    assert rijen(paden.store, "SELECT waarde FROM waarden WHERE regio = 'WK034401' AND indicator = 'ggd_eenzaam' "
                              "AND jaar = 2020 AND leeftijdsgroep = '65 jaar of ouder'") == [(55.1,)]


def test_eigen_store_is_only_changed_through_a_copy(paden):
    cijfers.importeer(lees(KWB_TYPED), paden)
    with eigen.lezen(paden.eigen) as conn:
        assert conn.execute("SELECT count(DISTINCT regio) FROM cijfer_waarden").fetchone()[0] == 6


# --- 6. issue point 5: a complete wijkfoto outside Leiden and Leiderdorp ---------------------------

def tegels(paden, wijk="WK196102"):
    with connect_readonly(paden.store, paden.verhalen) as conn:
        foto = wf.wijkfoto(conn, wijk, 2024, Zichtbaarheid.INTERN, 5)
        from core.exports.content import wijkfoto_export
        export = wijkfoto_export(foto, conn, Zichtbaarheid.INTERN)
    return foto, {t.info.id: t for _, ts in foto.leefgebieden for t in ts}, export


def test_wijkfoto_of_another_gemeente_fills_its_tiles_from_the_import(paden):
    _, voor, _ = tegels(paden)
    assert "elan_inkomen" not in voor and "kwb_inkomen_inwoner" not in voor  # ELAN is Leiden only: no '-' tile
    cijfers.importeer(lees(KWB_WEB), paden)
    foto, na, export = tegels(paden)
    inkomen = na["kwb_inkomen_inwoner"]                                   # the slot's alternate, now filled
    assert "elan_inkomen" not in na and (inkomen.waarde, inkomen.jaar) == (38600.0, 2024)
    assert inkomen.info.tabel_id == "85984NED" and "eigen import" in inkomen.info.brontitel
    assert na["kwb_dichtheid"].waarde == 159 and "eigen import" in na["kwb_dichtheid"].info.brontitel
    assert any("85984NED" in b and "eigen import" in b for b in export.bronnen)   # PDF and PowerPoint
    imported = {i for i in statline.lees(KWB_WEB.read_bytes(), KWB_WEB.name).waarden["indicator"]}
    slot_ids = {i for _, slots in wf.plekken() for slot in slots for i, _ in slot}
    for ind in imported & slot_ids:                                       # no '-' tile with an imported figure
        assert na[ind].waarde is not None, ind


def test_wijkfoto_powerpoint_names_the_import(paden):
    import io
    import zipfile

    from core.exports.pptx import wijkfoto_pptx
    statline_import = cijfers.importeer(lees(KWB_TYPED), paden)
    with connect_readonly(paden.store, paden.verhalen) as conn:
        foto = wf.wijkfoto(conn, "WK196102", 2024, Zichtbaarheid.INTERN, 5)
        data = wijkfoto_pptx(foto, conn, Zichtbaarheid.INTERN)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slides = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert "Gemiddeld inkomen per inwoner" in slides and "38.600" in slides
    assert "eigen import" in slides and "85984NED" in slides, statline_import


def test_leiden_keeps_its_elan_tile(paden):
    cijfers.importeer(lees(KWB_WEB), paden)
    _, tiles, _ = tegels(paden, "WK054600")
    assert tiles["elan_inkomen"].waarde is not None and "kwb_inkomen_inwoner" not in tiles


# --- 4. command line ---------------------------------------------------------------------------------

def cli(paden: Paden, *args: str):
    import os
    import subprocess
    import sys
    env = dict(os.environ, TV_EIGEN=str(paden.eigen), TV_DATA_DIR=str(paden.data_dir))
    return subprocess.run([sys.executable, "-m", "core", "--store", str(paden.store), "--verhalen",
                           str(paden.verhalen), *args], capture_output=True, text=True, env=env, timeout=300,
                          cwd=Path(__file__).resolve().parent.parent)


def test_cli_import_list_and_remove(paden):
    done = cli(paden, "import-figures", str(KWB_WEB))
    assert done.returncode == 0, done.stderr
    assert "85984NED (Kerncijfers wijken en buurten 2024), 2024" in done.stdout
    assert "Eigen cijfers van de gemeente (imports)" in done.stderr            # the build's progress lines
    import_id = done.stdout.split("(import ")[1].split(")")[0]
    lijst = cli(paden, "figure-imports")
    assert import_id in lijst.stdout and "85984NED" in lijst.stdout and "bestand" in lijst.stdout
    assert rijen(paden.store, "SELECT count(*) FROM waarden WHERE bron = ?", [f"eigen_{import_id}"])[0][0] > 0
    weg = cli(paden, "remove-figures", import_id)
    assert weg.returncode == 0 and f"Cijferimport {import_id} verwijderd" in weg.stdout
    assert "Er zijn geen cijferimports." in cli(paden, "figure-imports").stdout


def test_cli_errors_are_dutch_with_exit_1(paden, tmp_path):
    slecht = tmp_path / "85984NED_kapot.csv"
    slecht.write_bytes(KWB_WEB.read_bytes().replace(b'"625"', b'"6x5"'))
    done = cli(paden, "import-figures", str(slecht))
    assert done.returncode == 1 and "Fout: Rij 5, kolom 'Bevolking/Aantal inwoners (aantal)'" in done.stderr
    assert not paden.eigen.exists()
    done = cli(paden, "fetch-cbs", "GM1961", "--jaar", "2011")
    assert done.returncode == 1 and "Voor 2011 kent de app geen tabel" in done.stderr


# --- 5. the Cijfers part of the Beheer page (AppTest) ---------------------------------------------------

@pytest.fixture()
def beheer(app, writable_store, writable_verhalen, tmp_path, monkeypatch):
    monkeypatch.setenv("TV_STORE", str(writable_store))
    monkeypatch.setenv("TV_VERHALEN", str(writable_verhalen))
    monkeypatch.setenv("TV_EIGEN", str(tmp_path / "eigen.duckdb"))
    monkeypatch.setenv("TV_DATA_DIR", str(TEST_DATA))
    return app


def open_cijfers(app):
    from tests.conftest import goto
    at = goto(app, "pages/beheer.py", gemeente="GM1961")
    at.button_group(key="beheer.deel").set_value("Cijfers").run()
    assert not at.exception, at.exception
    return at


def teksten(at) -> str:
    return "\n".join(str(t.value) for t in at.text)


def test_beheer_cijfers_preview_then_import_then_remove(beheer, writable_store, tmp_path):
    from pages.parts.beheer_cijfers import K
    at = open_cijfers(beheer)
    assert "Er zijn nog geen cijfers geïmporteerd." in [m.value for m in at.markdown]
    at.file_uploader(key=f"{K}.upload").set_value((KWB_WEB.name, KWB_WEB.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert "Tabel 85984NED: Kerncijfers wijken en buurten 2024 (web-CSV) · periode 2024 · 6 regio's, waarvan 5 " \
           "wijken · 36 cijfers" in teksten(at)
    overzicht, rijen_df = at.dataframe[0].value, at.dataframe[1].value
    assert "Gemiddeld inkomen per inwoner" in list(overzicht["Indicator"])
    assert list(rijen_df.columns) == ["Regio", "Naam", "Indicator", "Jaar", "Leeftijdsgroep", "Waarde"]
    assert rijen_df["Naam"][0] == "Vijfheerenlanden" and len(rijen_df) == 10
    assert any("cijfers staan al in de app" in str(x) for x in at.dataframe[2].value["Let op"])
    assert not (tmp_path / "eigen.duckdb").exists()                           # the preview wrote nothing

    at.button(key=f"{K}.importeren").click().run()
    assert not at.exception, at.exception
    assert any("36 cijfers uit 85984NED geïmporteerd" in str(s.value).replace("\\", "") for s in at.success)
    import_id = cijfers.lijst(tmp_path / "eigen.duckdb")["id"][0]
    assert f"import {import_id}" in teksten(at)                              # the history
    assert rijen(writable_store, "SELECT count(*) FROM waarden WHERE bron = ?", [f"eigen_{import_id}"])[0][0] > 0

    at.switch_page("pages/wijkfoto.py").run()
    at.selectbox(key="wijkfoto.wijk").set_value("WK196102").run()
    assert not at.exception, at.exception
    assert any("38.600" in str(m.value) for m in at.metric)                   # the new figure on the next rerun
    at.switch_page("pages/bronnen.py").run()                                  # the import as a source of its own
    assert any("Kerncijfers wijken en buurten 2024 (eigen import" in str(s.value).replace("\\", "")
               for s in at.subheader)

    at = open_cijfers(beheer)
    at.button(key=f"{K}.weg.{import_id}").click().run()
    assert any("Weet u het zeker?" in w.value for w in at.warning)
    at.button(key=f"{K}.ja.{import_id}").click().run()
    assert not at.exception, at.exception
    assert any(f"Cijferimport {import_id} is verwijderd" in str(s.value).replace("\\", "") for s in at.success)
    assert rijen(writable_store, "SELECT count(*) FROM waarden WHERE bron LIKE 'eigen_%'") == [(0,)]


def test_beheer_cijfers_bad_file_and_offline_fetch(beheer, monkeypatch):
    import requests

    from pages.parts.beheer_cijfers import K
    at = open_cijfers(beheer)
    kapot = KWB_WEB.read_bytes().replace(b'"625"', b'"6x5"')
    at.file_uploader(key=f"{K}.upload").set_value((KWB_WEB.name, kapot, "text/csv")).run()
    assert any("Rij 5, kolom 'Bevolking/Aantal inwoners (aantal)'" in str(e.value).replace("\\", "") for e in at.error)
    assert not [b for b in at.button if b.key == f"{K}.importeren"]

    def geen_net(self, prepared, **kwargs):
        raise requests.ConnectionError("offline")
    monkeypatch.setattr(requests.Session, "send", geen_net)
    at.radio(key=f"{K}.manier").set_value("Ophalen bij CBS").run()
    assert at.selectbox(key=f"{K}.gemeente").value == "GM1961"              # default: the page's gemeente
    at.button(key=f"{K}.ophalen").click().run()
    assert any("Geen verbinding met CBS" in str(e.value).replace("\\", "") for e in at.error)
