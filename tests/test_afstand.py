"""Overzicht coloured by the distance to the gemeente (issue 15, point 2): z = (wijk - gemeente) / sd of the wijk
figures, |z| >= 1 'duidelijk hoger/lager'; fewer than 3 wijken with a figure give no sd and the quantile classes."""
import json
import statistics

import pyarrow as pa
import pytest

from core.present import charts, maps
from core.tellen import afstand, figures
from tests.conftest import goto
from tests.test_meeting_pages import shown
from tests.test_pages import open_page

VOLWASSENEN = "18 jaar of ouder"
EENZAAM = "ggd_eenzaam"
LEIDEN = "GM0546"
LEIDERDORP = "GM0547"


def _met_de_hand(waarden: list[float], gemeente: float) -> list[str]:
    """The classes computed the long way: plain Python, no pandas."""
    sd = statistics.stdev(waarden)
    return ["hoger" if (w - gemeente) / sd >= 1 else "lager" if (w - gemeente) / sd <= -1 else "gelijk"
            for w in waarden]


@pytest.mark.parametrize(("gemeente", "indicator", "jaar"), [
    (LEIDEN, EENZAAM, 2020), (LEIDEN, "ggd_ervaren_gezondheid", 2020), (LEIDERDORP, EENZAAM, 2020)])
def test_classes_match_a_hand_computation_on_the_fixture_store(conn, gemeente, indicator, jaar):
    waarden = figures.wijk_values(conn, gemeente, indicator, VOLWASSENEN, jaar)
    gem = figures.region_value(conn, gemeente, indicator, VOLWASSENEN, jaar)
    uitkomst = afstand.afstand_tot_gemeente(waarden, gem, "%")
    assert uitkomst.bruikbaar and uitkomst.gemeente == gem
    assert list(uitkomst.klassen["klasse"]) == _met_de_hand(list(waarden["waarde"]), gem)
    sql_sd = conn.execute("SELECT stddev_samp(waarde) FROM vergelijkingen WHERE gemeentecode = ? AND niveau = 'wijk' "
                          "AND indicator = ? AND leeftijdsgroep = ? AND jaar = ? AND wijkindeling = 2024",
                          [gemeente, indicator, VOLWASSENEN, jaar]).fetchone()[0]
    assert uitkomst.sd == pytest.approx(sql_sd)


def test_leiden_eenzaam_2020_has_all_three_classes(conn):
    """Known by hand: gemeente 50,2%, sd 2,34; 53,4% and 53,0% are clearly higher, 46,5% and 47,8% lower."""
    waarden = figures.wijk_values(conn, LEIDEN, EENZAAM, VOLWASSENEN, 2020)
    uitkomst = afstand.afstand_tot_gemeente(waarden, 50.2, "%")
    per_wijk = dict(zip(uitkomst.klassen["wijk"], uitkomst.klassen["klasse"]))
    assert [w for w, k in per_wijk.items() if k == "hoger"] == ["WK054605", "WK054606"]
    assert [w for w, k in per_wijk.items() if k == "lager"] == ["WK054604", "WK054609"]
    assert uitkomst.sd == pytest.approx(2.336, abs=1e-3)


def test_hoger_says_better_or_worse_when_the_indicator_has_a_direction():
    assert afstand.klasse_teksten("lager_beter")["hoger"] == "duidelijk hoger (ongunstig)"
    assert afstand.klasse_teksten("lager_beter")["lager"] == "duidelijk lager (gunstig)"
    assert afstand.klasse_teksten("hoger_beter")["hoger"] == "duidelijk hoger (gunstig)"
    assert afstand.klasse_teksten("neutraal") == {"lager": "duidelijk lager", "gelijk": "ongeveer gelijk",
                                                 "hoger": "duidelijk hoger"}


def test_no_distance_below_three_wijken_for_a_count_or_without_a_gemeente_figure(conn):
    twee = figures.wijk_values(conn, LEIDERDORP, EENZAAM, VOLWASSENEN, 2016)   # one of three wijken has none
    assert twee["waarde"].notna().sum() == 2
    uitkomst = afstand.afstand_tot_gemeente(twee, 41.9, "%")
    assert not uitkomst.bruikbaar and uitkomst.sd is None and uitkomst.klassen.empty
    assert uitkomst.reden.startswith("Minder dan 3 wijken hebben hier een cijfer.")
    drie = figures.wijk_values(conn, LEIDERDORP, EENZAAM, VOLWASSENEN, 2020)
    assert afstand.afstand_tot_gemeente(drie, None, "%").reden == afstand.GEEN_GEMEENTE
    assert afstand.afstand_tot_gemeente(drie, 45.8, "aantal").reden == afstand.AANTAL
    assert afstand.afstand_tot_gemeente(drie.assign(waarde=45.0), 45.8, "%").reden == afstand.ALLEMAAL_GELIJK


# --- the page ------------------------------------------------------------------------------------------

def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in _charts(at)]


def _bars(at) -> dict:
    return next(layer for spec in _specs(at) for layer in spec.get("layer", [])
                if layer.get("mark", {}).get("type") == "bar")


def _rows(chart) -> list[dict]:
    """The rows of a chart's own data (Streamlit sends inline values as Arrow)."""
    return pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()


def _charts(at):
    return at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart")


def _ranking_rows(at) -> list[dict]:
    return next(_rows(c) for c in _charts(at) if "afstand tot" not in json.loads(c.proto.spec).get("description", "")
                and any(layer.get("mark", {}).get("type") == "bar" for layer in json.loads(c.proto.spec)["layer"]))


def _legend_texts(at) -> list[str]:
    """The texts of the map legend (the chart with a description: charts.legend_chart)."""
    return [row["tekst"] for c in _charts(at) if "description" in json.loads(c.proto.spec) for row in _rows(c)]


def _map_fills(at) -> dict[str, str]:
    """wijk code -> fill colour (hex) of the map's wijken layer."""
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layer = next(layer for layer in deck["layers"] if layer["id"] == "wijken")
    return {f["properties"]["wijk"]: "#{:02X}{:02X}{:02X}".format(*f["properties"]["fill"][:3])
            for f in layer["data"]["features"]}


def _texts(at) -> str:
    return " ".join([*(c.value for c in at.caption), *(shown(i.value) for i in at.info)])


def test_page_colours_map_and_bars_by_distance(app):
    at = goto(app, "pages/overzicht.py", gemeente=LEIDEN, indicator=EENZAAM, kleur="afstand", wijk="WK054605")
    assert at.radio(key="overzicht.kleur").value == "afstand"
    assert _legend_texts(at) == ["duidelijk lager (gunstig)", "ongeveer gelijk", "duidelijk hoger (ongunstig)"]
    fills = _map_fills(at)
    assert fills["WK054605"] == fills["WK054606"] == maps.ONGUNSTIG          # eenzaam: higher is worse
    assert fills["WK054604"] == fills["WK054609"] == maps.GUNSTIG
    assert {fills[w] for w in ("WK054600", "WK054603", "WK054608")} == {maps.GELIJK_KLEUR}
    bars = _bars(at)
    assert bars["encoding"]["color"]["field"] == "afstand"
    assert bars["encoding"]["color"]["scale"]["range"] == [maps.GUNSTIG, maps.GELIJK_KLEUR, maps.ONGUNSTIG]
    assert bars["encoding"]["stroke"]["condition"] == {"test": "datum.gekozen", "value": "#000000"}
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    gekozen = next(layer for layer in deck["layers"] if layer["id"] == "gekozen")
    assert gekozen["getLineColor"] == maps.GEKOZEN_RAND_AFSTAND
    assert "{afstand}" in json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)["text"]
    rows = {r["wijk"]: r["afstand"] for r in _ranking_rows(at)}
    assert rows["WK054606"] == "duidelijk hoger (ongunstig)" and rows["WK054600"] == "ongeveer gelijk"
    tekst = _texts(at)
    assert "Duidelijk hoger of lager: het verschil met Leiden (50,2%) is minstens zo groot als de gewone " \
           "spreiding tussen de wijken (één standaardafwijking: 2,3%)." in tekst
    assert "Zwarte rand: de gekozen wijk." in tekst


def test_page_keeps_quantile_classes_by_default(app):
    at = goto(app, "pages/overzicht.py", gemeente=LEIDEN, indicator=EENZAAM)
    assert at.radio(key="overzicht.kleur").value == "klassen"
    assert set(_map_fills(at).values()) <= {c.upper() for c in maps.BLAUWEN}
    assert all(" tot " in t for t in _legend_texts(at))
    assert _bars(at)["encoding"]["color"] == {"condition": {"test": "datum.gekozen", "value": charts.NADRUK},
                                              "value": "#a6c8e0"}
    assert "Oranje rand: de gekozen wijk." in _texts(at) and "standaardafwijking" not in _texts(at)


def test_the_choice_lives_in_the_url(app):
    at = goto(app, "pages/overzicht.py", gemeente=LEIDEN, indicator=EENZAAM)
    assert "kleur" not in at.query_params                    # the default keeps the link short
    at.radio(key="overzicht.kleur").set_value("afstand").run()
    assert at.query_params["kleur"] in ("afstand", ["afstand"])
    assert _legend_texts(at)[0] == "duidelijk lager (gunstig)"
    at.radio(key="overzicht.kleur").set_value("klassen").run()
    assert "kleur" not in at.query_params
    assert all(" tot " in t for t in _legend_texts(at))


def test_a_bad_choice_in_the_url_falls_back_with_a_notice(app):
    at = open_page(app, "pages/overzicht.py", gemeente=LEIDEN, kleur="regenboog")   # notices show on the first run
    assert at.radio(key="overzicht.kleur").value == "klassen"
    assert "De kleuring 'regenboog' uit de link bestaat niet (meer). We tonen Klassen (kwintielen)." in _texts(at)


def test_fewer_than_three_wijken_fall_back_to_quantile_classes_and_say_so(app):
    at = goto(app, "pages/overzicht.py", gemeente=LEIDERDORP, indicator=EENZAAM, jaar="2016", kleur="afstand")
    assert at.radio(key="overzicht.kleur").value == "afstand"
    assert afstand.TE_WEINIG in _texts(at)
    assert all(" tot " in t for t in _legend_texts(at) if t != "geen cijfer")
    assert "geen cijfer" in _legend_texts(at)
    assert "afstand" not in json.dumps(_bars(at)["encoding"]["color"])
    assert "standaardafwijking" not in _texts(at)


def test_partner_mode_shows_the_distance_too(app, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/overzicht.py", gemeente=LEIDERDORP, indicator=EENZAAM, kleur="afstand", wijk="WK054700")
    assert any("Partnerweergave" in c.value for c in at.sidebar.caption)
    fills = _map_fills(at)
    assert fills["WK054701"] == maps.GUNSTIG and fills["WK054700"] == fills["WK054702"] == maps.GELIJK_KLEUR
    assert "één standaardafwijking: 2,2%" in _texts(at)


def test_distance_colouring_fits_a_phone_and_a_desktop(app_server, artifacts):
    """The one browser test: the distance view at phone width passes the phone checks (nothing sticks out, cut
    off or overlapping); both widths are saved as screenshots."""
    from tests.browser import browser_page, wait_for_app
    from tests.test_telefoon import _bekijk, _geen_fouten
    query = f"?gemeente={LEIDEN}&indicator={EENZAAM}&kleur=afstand"
    verwacht = ["Eenzaam per wijk, 2020", "één standaardafwijking"]
    _geen_fouten("overzicht afstand", _bekijk(app_server, "overzicht", query, verwacht,
                                               artifacts / "telefoon_overzicht_afstand.png"))
    with browser_page(1400, 1300) as page:
        page.goto(app_server + "/overzicht" + query)
        wait_for_app(page, verwacht + ["duidelijk hoger (ongunstig)"])
        assert "duidelijk lager (gunstig)" in page.inner_text("body")
        page.screenshot(path=str(artifacts / "overzicht_afstand.png"), full_page=True)


def test_the_table_names_the_distance_class(app):
    at = goto(app, "pages/overzicht.py", gemeente=LEIDEN, indicator=EENZAAM, kleur="afstand")
    at.toggle(key="tabel_overzicht").set_value(True).run()
    tabel = at.table[0].value.set_index("Wijk")
    assert tabel.loc["Morsdistrict", "Afstand tot de gemeente"] == "duidelijk hoger (ongunstig)"
    assert tabel.loc["Leiden-Noord", "Afstand tot de gemeente"] == "ongeveer gelijk"
    at.radio(key="overzicht.kleur").set_value("klassen").run()
    assert list(at.table[0].value.columns) == ["Wijk", "Eenzaam"]
