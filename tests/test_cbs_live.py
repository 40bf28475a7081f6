"""The live CBS fetch (core.ingest.cbs_live) on recorded responses: only the network is replaced.

requests.Session.send (what cbsodata sends every request through) serves the files of tests/data/cbs_live/
listed in opnames.json for exactly the request recorded there, and fails on anything else; nothing is fetched.
"""
from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
import requests

from core.ingest import cbs_live
from core.ingest.statline import CijferFout
from core.store import cijfers
from core.store.build import build_store
from core.store.cijfers import Paden
from tests.conftest import TEST_DATA

OPNAMES = TEST_DATA / "cbs_live"


@pytest.fixture()
def cbs(monkeypatch):
    """Replay the recorded answers; returns the list of requests made (path, params)."""
    opnames = json.loads((OPNAMES / "opnames.json").read_text(encoding="utf-8"))
    gevraagd = []

    def send(self, prepared, **kwargs):
        url = urlsplit(prepared.url)
        params = dict(parse_qsl(url.query))
        gevraagd.append((url.path, params))
        opname = next((o for o in opnames if o["pad"] == url.path and o["params"] == params), None)
        if opname is None:
            raise AssertionError(f"niet opgenomen verzoek: {prepared.url}")
        antwoord = requests.Response()
        antwoord.status_code, antwoord.url = 200, prepared.url
        antwoord._content = (OPNAMES / opname["bestand"]).read_bytes()
        return antwoord

    monkeypatch.setattr(requests.Session, "send", send)
    return gevraagd


def test_fetch_filters_on_the_gemeente_and_reads_like_a_typed_file(cbs):
    g = cbs_live.haal("GM1961", 2024)
    assert (g.tabel.id, g.vorm, g.jaren) == ("85984NED", "cbs-live", [2024])
    data = [p for pad, p in cbs if pad.endswith("/TypedDataSet")]
    assert data == [{"$format": "json",
                     "$filter": "startswith(WijkenEnBuurten,'GM1961') or startswith(WijkenEnBuurten,'WK1961')"}]
    w = g.waarden.set_index(["regio", "indicator"])["waarde"]
    assert w[("WK196102", "kwb_inkomen_inwoner")] == 38600
    assert w[("WK196103", "kwb_65plus")] == round(725 / 3015 * 100, 1)
    assert pd.isna(w[("WK196101", "kwb_inkomen_inwoner")])                 # null: NULL, never 0
    namen = dict(zip(g.regios["code"], g.regios["naam"]))
    assert namen == {"GM1961": "Vijfheerenlanden", "WK196101": "Tienhoven aan de Lek",
                     "WK196102": "Tienhoven aan de Lek buitengebied", "WK196103": "Ameide"}


def test_code_without_gm_and_unknown_year(cbs):
    assert cbs_live.haal("1961", 2024).tabel.id == "85984NED"
    with pytest.raises(CijferFout, match="Voor 2011 kent de app geen tabel.*2024"):
        cbs_live.haal("GM1961", 2011)
    with pytest.raises(CijferFout, match="geen gemeentecode"):
        cbs_live.haal("Leiden", 2024)


def test_offline_gives_the_way_round(monkeypatch):
    def geen_net(self, prepared, **kwargs):
        raise requests.ConnectionError("Name or service not known")
    monkeypatch.setattr(requests.Session, "send", geen_net)
    with pytest.raises(CijferFout, match="Geen verbinding met CBS .*Download het bestand dan zelf.*85984NED.*"
                                         "Importeer het daarna op de pagina Eigen gegevens"):
        cbs_live.haal("GM1961", 2024)


def test_a_fetch_is_stored_as_a_live_import(cbs, fixture_verhalen, tmp_path):
    store = tmp_path / "tellen.duckdb"
    build_store(TEST_DATA, store)
    shutil.copyfile(fixture_verhalen, tmp_path / "verhalen.duckdb")
    paden = Paden(store, tmp_path / "verhalen.duckdb", tmp_path / "eigen.duckdb", TEST_DATA)
    import_id = cijfers.importeer(cbs_live.haal("GM1961", 2024), paden)
    lijst = cijfers.lijst(paden.eigen)
    assert lijst.loc[0, ["id", "soort", "tabel_id"]].tolist() == [import_id, "cbs-live", "85984NED"]
    import duckdb
    with duckdb.connect(str(store), read_only=True) as conn:
        herkomst, = conn.execute("SELECT herkomst FROM bronnen WHERE id = ?", [f"eigen_{import_id}"]).fetchone()
        assert herkomst.startswith("Opgehaald bij CBS")
        assert conn.execute("SELECT waarde FROM waarden WHERE regio = 'WK196102' AND indicator = "
                            "'kwb_inkomen_inwoner'").fetchall() == [(38600.0,)]
