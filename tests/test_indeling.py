"""Issue 13, point 4: every gemeente shows the wijk figures published for it, on the wijk indeling they were
published in (core.tellen.figures, sql/vergelijkingen.sql), with a map only where the shipped 2024 boundaries
have the same wijk codes and a ranked list with its reason elsewhere.

Built from the REAL data/ (every gemeente of the Netherlands): the fixture store has only six gemeenten.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from core.store import verhalen as verhaalopslag
from core.store.build import DataLayout, build_store
from core.store.db import connect_readonly
from core.tellen import figures, queries, wijkfoto
from core.vertellen.consent import Zichtbaarheid

ROOT = Path(__file__).resolve().parent.parent
RIVM = ROOT / "data" / "bronnen" / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020_nl.parquet"
AMSTERDAM = "GM0363"
EENZAAM, VOLWASSENEN = "ggd_eenzaam", "18 jaar of ouder"
GEEN_KAART = "De wijkgrenzen van 2020 zitten niet in de app; daarom een lijst in plaats van een kaart."


@pytest.fixture(scope="module")
def echte_opslag(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("echt") / "tellen.duckdb"
    build_store(ROOT / "data", store)
    return store


@pytest.fixture(scope="module")
def echte_verhalen(echte_opslag) -> Path:
    verhalen = echte_opslag.parent / "verhalen.duckdb"
    layout = DataLayout(ROOT / "data")
    verhaalopslag.maak_met_demo(echte_opslag, verhalen, layout.verhalen, layout.kader)
    return verhalen


@pytest.fixture(scope="module")
def echt(echte_opslag, echte_verhalen):
    with connect_readonly(echte_opslag, echte_verhalen) as conn:
        yield conn


def gepubliceerd() -> set[str]:
    """Gemeenten for which RIVM publishes at least one wijk figure, read from the source file itself (every
    numeric column of 50090NED; trimmed codes)."""
    with duckdb.connect() as mem:
        kolommen = [r[0] for r in mem.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(RIVM)]).fetchall()
                    if r[1] == "DOUBLE"]
        ergens = " OR ".join(f'"{k}" IS NOT NULL' for k in kolommen)  # names from the file's own header
        rows = mem.execute(f"SELECT DISTINCT 'GM' || substr(trim(Codering_3), 3, 4) FROM read_parquet(?) "
                           f"WHERE trim(SoortRegio_2) = 'Wijk' AND ({ergens})", [str(RIVM)]).fetchall()
    return {r[0] for r in rows}


def _ggd_keuze(opties):
    """The RIVM indicator a page opens with: Eenzaam where the gemeente has it, else its first RIVM figure."""
    ggd = opties[opties["id"].str.startswith("ggd_")]
    return ggd.set_index("id").loc[EENZAAM if EENZAAM in set(ggd["id"]) else ggd["id"].iloc[0]]


def _wijkfoto_tegels(conn, keuze, wijk: str) -> int:
    """The filled tiles of the wijkfoto of `wijk` when the wijkfoto offers it, else of its first wijk with
    figures (the wijkfoto stays on today's wijken where they have figures), in the latest year."""
    if wijk not in set(keuze.wijken["code"]):
        wijk = next((w for w in keuze.wijken["code"] if wijkfoto.jaren(conn, w, keuze.indeling)), None)
        if wijk is None:
            return 0
    jaar = wijkfoto.jaren(conn, wijk, keuze.indeling)[-1]
    foto = wijkfoto.wijkfoto(conn, wijk, jaar, Zichtbaarheid.INTERN, 5, keuze.indeling)
    return sum(t.waarde is not None for _, tegels in foto.leefgebieden for t in tegels)


def test_every_gemeente_with_published_wijk_figures_shows_them(echt):
    """The figure pages' core calls for every gemeente: the indicator choice with its indeling (Overzicht,
    Indicatoren: empty means "geen cijfers in de app"), the wijken of that indeling and their values; for every
    gemeente whose figures stand on another indeling than the 2024 one also a wijk's trend (Indicatoren),
    Wijken in cijfers and the wijkfoto of that wijk, the pages that show them apart."""
    gemeenten = list(queries.gemeenten(echt)["code"])
    verwacht = gepubliceerd() & set(gemeenten)
    assert AMSTERDAM in verwacht and len(verwacht) > 300
    zonder, op_verkeerde_kaart, lijsten = [], [], 0
    for gemeente in gemeenten:
        opties = figures.wijk_indicatoren(echt, gemeente)
        if gemeente not in verwacht:
            continue
        if not opties["id"].str.startswith("ggd_").any():
            zonder.append(gemeente)
            continue
        keuze = _ggd_keuze(opties)
        indeling = figures.indeling_van(opties, keuze.name)
        groep, jaar = keuze["groepen"][0], int(keuze["jaren"][-1])
        waarden = figures.wijk_values(echt, gemeente, keuze.name, groep, jaar, indeling.jaar)
        gevuld = waarden.dropna(subset=["waarde"])
        if gevuld.empty:
            zonder.append(gemeente)
            continue
        if indeling.kaart != waarden["geometrie"].notna().all():
            op_verkeerde_kaart.append(gemeente)
        if indeling.kaart:
            continue
        lijsten += 1
        reeks = figures.trend(echt, [gevuld["wijk"].iloc[0]], keuze.name, groep, indeling.jaar)
        overzicht = queries.wijk_overzicht(echt, gemeente, Zichtbaarheid.INTERN, 5)
        foto = wijkfoto.wijk_keuze(echt, gemeente)
        tegels = _wijkfoto_tegels(echt, foto, gevuld["wijk"].iloc[0])
        if reeks.empty or not any(o.tabel[EENZAAM].notna().any() for o in overzicht.andere) or not tegels:
            zonder.append(gemeente)
    assert zonder == [] and op_verkeerde_kaart == []
    assert lijsten >= 100  # the re-divided gemeenten (Amsterdam, Rotterdam, Den Haag, ...) all came through


def test_redivided_gemeenten_show_their_own_indeling_without_a_map(echt):
    """Amsterdam's wijk codes changed after 2020: the RIVM figures stand on its 99 wijken of 2020, named, with
    no geometry; the Vijfheerenlanden rule holds (no 2020 figure on a 2024 polygon)."""
    opties = figures.wijk_indicatoren(echt, AMSTERDAM)
    indeling = figures.indeling_van(opties, EENZAAM)
    assert (indeling.jaar, indeling.kaart) == (2020, False) and indeling.geen_kaart_zin == GEEN_KAART
    waarden = figures.wijk_values(echt, AMSTERDAM, EENZAAM, VOLWASSENEN, 2020, indeling.jaar)
    assert len(waarden) == 99 and waarden["waarde"].notna().all() and waarden["geometrie"].isna().all()
    assert waarden.set_index("wijk").loc["WK036303", "naam"] == "Wijk 03 (indeling 2020)"
    op_kaart = figures.wijk_values(echt, AMSTERDAM, EENZAAM, VOLWASSENEN, 2020)  # the 2024 wijken
    assert op_kaart["waarde"].isna().all() and op_kaart["geometrie"].notna().all()
    assert figures.wijk_values(echt, "GM1961", EENZAAM, VOLWASSENEN, 2020)["waarde"].isna().all()
    assert figures.trend(echt, ["WK196101"], EENZAAM, VOLWASSENEN).empty  # the 2024 Tienhoven aan de Lek
    assert not figures.trend(echt, ["WK196101"], EENZAAM, VOLWASSENEN, 2020).empty  # the 2020 wijk 01


def test_the_wijkfoto_of_amsterdam_offers_its_2020_wijken(echt):
    keuze = wijkfoto.wijk_keuze(echt, AMSTERDAM)
    assert keuze.indeling == 2020 and len(keuze.wijken) == 99 and keuze.zin
    foto = wijkfoto.wijkfoto(echt, "WK036303", 2020, Zichtbaarheid.INTERN, 5, keuze.indeling)
    assert foto.naam == "Wijk 03 (indeling 2020)" and foto.indeling == 2020 and not foto.indeling_gewijzigd
    eenzaam = next(t for _, tegels in foto.leefgebieden for t in tegels if t.info.id == EENZAAM)
    assert eenzaam.waarde is not None and list(eenzaam.reeks["jaar"]) == [2012, 2016, 2020]
    assert wijkfoto.wijk_keuze(echt, "GM0547").indeling == 2024  # Leiderdorp: today's wijken, on the map
    assert wijkfoto.wijk_keuze(echt, "GM1961").indeling == 2024  # Vijfheerenlanden's 2024 wijken have CBS figures


def test_names_of_2020_wijken(echt):
    """A 2020 wijk keeps the 2024 name of its code only where the gemeente's codes all stayed and at most one
    wijk was added (Tilburg: Biezenmortel split off); Almere (6 wijken, then 72) gets numbers."""
    namen = dict(echt.execute("SELECT code, naam FROM regios WHERE indeling = 2020 AND code IN "
                              "('WK085567', 'WK003401', 'WK054700')").fetchall())
    assert namen == {"WK085567": "Udenhout", "WK003401": "Wijk 01 (indeling 2020)", "WK054700": "Wijk 00"}


def test_a_page_with_two_indelingen_says_so(echt):
    assert figures.gemengd_zin(figures.wijk_indicatoren(echt, AMSTERDAM)["indeling"]) == ""  # all RIVM: 2020
    zin = figures.gemengd_zin(figures.wijk_indicatoren(echt, "GM1961")["indeling"])
    assert "2020 en 2024" in zin
    assert figures.gemengd_zin(figures.wijk_indicatoren(echt, "GM0547")["indeling"]) == ""


# --- the pages, on the real store ---------------------------------------------------------------------------

@pytest.fixture()
def echte_app(echte_opslag, echte_verhalen, monkeypatch, tmp_path):
    monkeypatch.setenv("TV_STORE", str(echte_opslag))
    monkeypatch.setenv("TV_VERHALEN", str(echte_verhalen))
    monkeypatch.setenv("TV_WERK", str(tmp_path / "werk.duckdb"))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def _open(app, page, **params):
    app.query_params.update(params)
    at = app.run()
    if page != "pages/overzicht.py":
        at.switch_page(page)
        at.query_params.update(params)
        at = at.run()
    assert not at.exception, at.exception
    return at


def _teksten(at) -> str:
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(i.value for i in at.info),
                     *(w.value for w in at.warning)])


def _grafiekdata(at) -> list[dict]:
    """The rows of every Vega-Lite chart on the page: inline values, or the Arrow data Streamlit sends apart."""
    rows = []
    for chart in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        rows += spec.get("data", {}).get("values", [])
        if chart.proto.HasField("data"):
            rows += pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()
    return rows


def test_overzicht_of_amsterdam_lists_its_2020_wijken(echte_app):
    at = _open(echte_app, "pages/overzicht.py", gemeente=AMSTERDAM, indicator=EENZAAM)
    assert at.selectbox(key="overzicht.indicator").value == EENZAAM
    wijk = at.selectbox(key="overzicht.wijk")
    assert len(wijk.options) == 99 and "Wijk 03 (indeling 2020)" in wijk.options
    assert not at.get("deck_gl_json_chart")  # no map: the 2024 polygons are other areas
    assert GEEN_KAART in _teksten(at) and "De cijfers horen bij de wijkindeling van 2020." in _teksten(at)
    balken = [r for r in _grafiekdata(at) if "naam" in r]
    assert len(balken) == 99 and all(r["waarde"] is not None for r in balken)
    assert "Wijk 03 (indeling 2020)" in {r["naam"] for r in balken}
    assert "geen cijfers in de app" not in _teksten(at)


def test_overzicht_of_leiderdorp_keeps_its_map(echte_app):
    at = _open(echte_app, "pages/overzicht.py", gemeente="GM0547", indicator=EENZAAM)
    assert at.get("deck_gl_json_chart") and GEEN_KAART not in _teksten(at)


def test_indicatoren_of_amsterdam_shows_a_2020_wijk_trend(echte_app):
    at = _open(echte_app, "pages/indicatoren.py", gemeente=AMSTERDAM, indicator=EENZAAM, wijk="WK036303")
    assert at.multiselect(key="indicatoren.wijken_trend").value == ["WK036303"]
    punten = {(r.get("naam"), r.get("jaar")) for r in _grafiekdata(at)}
    assert ("Wijk 03 (indeling 2020)", 2020) in punten and ("Amsterdam", 2020) in punten
    assert "De cijfers horen bij de wijkindeling van 2020." in _teksten(at)


def test_wijken_of_amsterdam_has_a_table_of_its_2020_wijken(echte_app):
    at = _open(echte_app, "pages/wijken.py", gemeente=AMSTERDAM)
    assert "Cijfers per wijk, wijkindeling 2020" in [s.value for s in at.subheader]
    assert "een aparte tabel" in _teksten(at)
    tabel = at.table[1].value
    assert "Wijk 03 (indeling 2020)" in set(tabel["Wijk"]) and "Verhalen" not in tabel.columns
    eenzaam = [c for c in tabel.columns if c.startswith("Eenzaam")]
    assert eenzaam and (tabel[eenzaam[0]] != "–").sum() >= 99


def test_wijkfoto_page_of_amsterdam_shows_a_2020_wijk_with_figures(echte_app):
    at = _open(echte_app, "pages/wijkfoto.py", gemeente=AMSTERDAM, wijk="WK036303", jaar="2020")
    wijk = at.selectbox(key="wijkfoto.wijk")
    assert len(wijk.options) == 99 and wijk.value == "WK036303"
    assert at.title[0].value == "Wijkfoto Wijk 03 (indeling 2020)"
    assert "wijkindeling van 2020" in _teksten(at)
    waarden = [m.value for m in at.metric]
    assert waarden and any(v not in ("–", "-", "") for v in waarden)  # filled tiles, not dashes


def test_a_long_ranked_list_stays_compact():
    """The ranked list that stands in for a map holds every wijk (Amsterdam 2020: 99) in bars of 18 px."""
    import pandas as pd

    from core.present import charts
    frame = pd.DataFrame({"wijk": [f"WK0363{i:02d}" for i in range(99)], "naam": [f"Wijk {i:02d}" for i in range(99)],
                          "waarde": [float(i) for i in range(99)]})
    spec = charts.ranking_bar(frame, "WK036303", "Eenzaam", "%", 53.2, 47.0, False)
    assert spec["height"] == 18 * 99 and len(spec["data"]["values"]) == 99
    assert charts.ranking_bar(frame.head(10), None, "Eenzaam", "%", None, None, False)["height"] == 300
