"""AppTest of every 'tellen' page, with URL parameters, bad parameters and every demo wijk."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_meeting_pages import shown

ROOT = Path(__file__).resolve().parent.parent
LEIDEN = [f"WK05460{i}" for i in range(10)]
LEIDERDORP = ["WK054700", "WK054701", "WK054702"]


def open_page(app, page, **params):
    app.query_params.update(params)
    at = app.run()
    if page != "pages/overzicht.py":
        at.switch_page(page)
        at.query_params.update(params)
        at = at.run()
    assert not at.exception, at.exception
    return at


def texts(at):
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(t.value for t in at.text)])


def test_overzicht_default_view(app):
    at = open_page(app, "pages/overzicht.py")
    assert at.title[0].value == "Overzicht"
    assert at.selectbox(key="overzicht.indicator").value == "ggd_eenzaam"
    assert at.selectbox(key="overzicht.jaar").value == 2020
    assert at.subheader[0].value == "Eenzaam per wijk, 2020"
    assert "Wijkcijfers zijn modelschattingen" in texts(at)
    assert at.query_params["indicator"] == ["ggd_eenzaam"] or at.query_params["indicator"] == "ggd_eenzaam"


def test_overzicht_opens_view_from_url(app):
    at = open_page(app, "pages/overzicht.py", gemeente="GM0547", indicator="ggd_moeite_rondkomen",
                   groep="65 jaar of ouder", jaar="2016", wijk="WK054702")
    assert at.selectbox(key="sidebar.gemeente").value == "GM0547"
    assert at.selectbox(key="overzicht.indicator").value == "ggd_moeite_rondkomen"
    assert at.selectbox(key="overzicht.groep").value == "65 jaar of ouder"
    assert at.selectbox(key="overzicht.jaar").value == 2016
    assert at.selectbox(key="overzicht.wijk").value == "WK054702"
    assert not at.info  # no fallback notice


def test_bad_url_parameters_fall_back_with_a_notice(app):
    at = open_page(app, "pages/overzicht.py", gemeente="GM9999", indicator="bestaat_niet", jaar="twintig")
    assert at.selectbox(key="sidebar.gemeente").value == "GM0546"
    assert at.selectbox(key="overzicht.indicator").value == "ggd_eenzaam"
    notices = " ".join(shown(i.value) for i in at.info)       # as read on screen: the notices are escaped
    assert "De gemeente 'GM9999' uit de link bestaat niet (meer). We tonen Leiden." in notices
    assert "De indicator 'bestaat_niet' uit de link bestaat niet (meer). We tonen Eenzaam." in notices
    assert "Het jaar 'twintig' uit de link bestaat niet (meer). We tonen 2020." in notices


def test_wijkfoto_from_url(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")  # the fixture wijk has few stories: k=5 hides them (test_kleine_groepen)
    at = open_page(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701", jaar="2020")
    assert at.title[0].value == "Wijkfoto Wijk 01"
    assert "Beter dan de gemeente" in texts(at) or "Slechter dan de gemeente" in texts(at)
    assert "fictief voorbeeld" in texts(at)
    assert [s.value for s in at.subheader][:3] == ["In één oogopslag", "Wat bewoners vertellen", "Gezondheid"]


@pytest.mark.parametrize("wijk", LEIDEN + LEIDERDORP)
def test_wijkfoto_for_every_demo_wijk(app, wijk):
    gemeente = "GM0547" if wijk in LEIDERDORP else "GM0546"
    at = open_page(app, "pages/wijkfoto.py", gemeente=gemeente, wijk=wijk)
    assert at.selectbox(key="wijkfoto.wijk").value == wijk
    assert at.title[0].value.startswith("Wijkfoto ")
    assert len(at.metric) >= 1


def test_wijkfoto_stale_wijk_falls_back(app):
    app.query_params.update(gemeente="GM0547", wijk="WK054699")
    first = app.run()  # a session reads its URL on the first run
    assert "De wijk 'WK054699' uit de link bestaat niet (meer). We tonen Wijk 00." in [shown(i.value) for i in first.info]
    at = first.switch_page("pages/wijkfoto.py").run()
    assert not at.exception
    assert at.selectbox(key="wijkfoto.wijk").value == "WK054700"


def test_indicatoren_with_goal_lines_and_downloads(app):
    at = open_page(app, "pages/indicatoren.py", gemeente="GM0547", indicator="ggd_eenzaam", wijk="WK054700")
    assert at.multiselect(key="indicatoren.wijken_trend").value == ["WK054700"]
    captions = texts(at)
    assert "Breuk in 2020" in captions and "streefwaarden zijn fictieve voorbeelden" in captions
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download cijfers (CSV)", "Download grafiek (PNG)", "Download grafiek (SVG)"]


def test_indicatoren_table_toggle(app):
    at = open_page(app, "pages/indicatoren.py", gemeente="GM0547", indicator="ggd_eenzaam", wijk="WK054700")
    at.toggle(key="tabel_trend").set_value(True).run()
    table = at.table[0].value
    assert list(table["Gebied"]) == ["Wijk 00", "Leiderdorp", "Nederland"]
    assert table.loc[0, "2020"] == "47,4%" and table.loc[0, "2016"] == "–"


def test_choices_survive_a_page_switch(app):
    at = open_page(app, "pages/overzicht.py", gemeente="GM0546")
    at.selectbox(key="sidebar.gemeente").set_value("GM0547").run()
    at.selectbox(key="overzicht.wijk").set_value("WK054702").run()
    at.switch_page("pages/wijkfoto.py").run()
    assert not at.exception
    assert at.selectbox(key="sidebar.gemeente").value == "GM0547"
    assert at.selectbox(key="wijkfoto.wijk").value == "WK054702"
    assert at.title[0].value == "Wijkfoto Wijk 02"


def test_doelen_for_leiderdorp_and_none_for_leiden(app):
    at = open_page(app, "pages/doelen.py", gemeente="GM0547")
    assert [h.value for h in at.header] == ["Zelfstandig leven", "Opgroeien en ontwikkelen", "Een gezond dorp",
                                            "Samen leven in buurten en wijken"]
    first = at.table[0].value
    assert list(first.columns) == ["Indicator", "Nulmeting", "Laatste", "Streefwaarde", "Status"]
    assert "fictief voorbeeld" in first["Streefwaarde"].iloc[0]
    at2 = open_page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "pages/doelen.py", gemeente="GM0546")
    assert "nog geen doelenboom" in at2.info[0].value


def test_wijkfoto_numbers_as_table(app):
    at = open_page(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054700")
    at.toggle(key="tabel_wijkfoto").set_value(True).run()
    table = at.table[0].value
    row = table[table["Cijfer"] == "Eenzaam (18 jaar of ouder)"].iloc[0]
    assert (row["Wijk"], row["Leiderdorp"], row["Nederland"]) == ("47,4%", "45,8%", "47,0%")
    assert row["Alle jaren"] == "2012: 38,7%, 2020: 47,4%"


@pytest.mark.parametrize(("indicator", "kop", "volgorde"), [
    ("ggd_eenzaam", "Van laag naar hoog (lager is beter)", "x"),
    ("ggd_ervaren_gezondheid", "Van hoog naar laag", "-x")])
def test_overzicht_heading_says_the_order_of_the_bars(app, indicator, kop, volgorde):
    """The ranked bars run best first; the heading says which way that is."""
    import json
    at = open_page(app, "pages/overzicht.py", gemeente="GM0546", indicator=indicator)
    assert kop in [s.value for s in at.subheader]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart")]
    sorts = [layer["encoding"]["y"].get("sort") for spec in specs for layer in spec.get("layer", [spec])
             if layer.get("encoding", {}).get("y", {}).get("field") == "naam"]
    assert sorts and set(sorts) == {volgorde}
