"""Chart, map and export builders, tested on their specs and outputs (not on pixels)."""
import json

import pandas as pd
import pytest

from core.exports import downloads as exports
from core.present import charts, maps
from core.vertellen import patterns, triade

WIJKEN = pd.DataFrame({
    "wijk": ["WK1", "WK2", "WK3", "WK4"], "naam": ["Noord", "Zuid", "Oost", "West"],
    "geometrie": ['{"type":"Polygon","coordinates":[[[4.4,52.1],[4.5,52.1],[4.5,52.2],[4.4,52.1]]]}'] * 3 + [None],
    "waarde": [10.0, 20.0, None, 40.0]})


def layers(spec):
    return spec.get("layer", [])


def data_of(spec, layer):
    """The rows a layer draws: a named dataset (Altair), its own inline values, or the chart's inline values."""
    data = layer.get("data", spec.get("data"))
    return spec["datasets"][data["name"]] if "name" in data else data["values"]


def test_ranking_bar_spec():
    spec = json.loads(json.dumps(charts.ranking_bar(WIJKEN, "WK2", "Eenzaam", "%", 25.0, 30.0, False)))
    bar, gemeente, nederland = layers(spec)
    assert bar["mark"]["type"] == "bar"
    assert bar["encoding"]["y"]["sort"] == "x"  # lower is better: best first
    assert bar["encoding"]["color"] == {"condition": {"test": "datum.gekozen", "value": charts.NADRUK},
                                        "value": "#a6c8e0"}
    assert [layer["mark"]["strokeDash"] for layer in (gemeente, nederland)] == [[4, 2], [1, 2]]
    assert data_of(spec, gemeente) == [{"waarde": 25.0, "wie": "Gemeente"}]
    assert data_of(spec, nederland) == [{"waarde": 30.0, "wie": "Nederland"}]
    data = data_of(spec, bar)
    assert [d["naam"] for d in data] == ["Noord", "Zuid", "West"]  # the missing figure is left out
    assert [d["gekozen"] for d in data] == [False, True, False]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["config"]["locale"]["time"]["months"][2] == "maart"


def test_trend_chart_has_goal_lines_breaks_and_safe_colours():
    frame = pd.DataFrame({"naam": ["Wijk 00", "Wijk 00", "Leiderdorp", "Leiderdorp"],
                          "niveau": ["wijk", "wijk", "gemeente", "gemeente"], "jaar": [2012, 2020, 2012, 2020],
                          "waarde": [38.7, 47.4, 37.3, 45.8], "marge_laag": [float("nan")] * 4, "marge_hoog": [None] * 4})
    lijnen = pd.DataFrame({"soort": ["nulmeting"], "waarde": [37.3], "tekst": ["Nulmeting 2012: 37,3%"]})
    breuken = pd.DataFrame({"jaar": [2020], "soort": ["context"], "uitleg": ["corona"]})
    spec = json.loads(json.dumps(charts.trend_chart(frame, lijnen, breuken, "Eenzaam", "%"), allow_nan=False))
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers(spec)]
    assert marks == ["line", "point", "rule", "text", "rule", "text"]
    assert layers(spec)[0]["encoding"]["color"]["scale"]["range"] == charts.OKABE_ITO[:2]
    assert layers(spec)[4]["encoding"]["tooltip"][0]["title"] == "Let op"
    assert [row["naam"] for row in data_of(spec, layers(spec)[0])] == list(frame["naam"])
    assert data_of(spec, layers(spec)[2]) == [{"soort": "nulmeting", "waarde": 37.3, "tekst": "Nulmeting 2012: 37,3%"}]
    assert data_of(spec, layers(spec)[0])[0]["marge_laag"] is None  # a missing margin is null, not NaN


def test_trend_chart_draws_margins_only_when_given():
    frame = pd.DataFrame({"naam": ["A", "A"], "niveau": ["wijk", "wijk"], "jaar": [2012, 2016], "waarde": [1.0, 2.0],
                          "marge_laag": [0.5, 1.5], "marge_hoog": [1.5, 2.5]})
    spec = charts.trend_chart(frame, pd.DataFrame(), pd.DataFrame(), "A", "%")
    assert [layer["mark"]["type"] for layer in layers(spec)] == ["area", "line", "point"]
    assert layers(spec)[0]["encoding"]["y2"] == {"field": "marge_hoog"}
    without = charts.trend_chart(frame.assign(marge_laag=None), pd.DataFrame(), pd.DataFrame(), "A", "%")
    assert [layer["mark"]["type"] for layer in layers(without)] == ["line", "point"]


def test_legend_chart_has_a_square_and_a_text_per_class():
    kaart = maps.choropleth(WIJKEN, "WK2", "Eenzaam", "%")
    spec = charts.legend_chart(kaart.legenda, "Lager is beter")
    squares, labels = layers(spec)
    assert squares["mark"]["type"] == "square" and labels["mark"]["type"] == "text"
    assert squares["encoding"]["color"] == {"field": "kleur", "type": "nominal", "scale": None}
    assert [row["tekst"] for row in data_of(spec, squares)] == [item.tekst for item in kaart.legenda]
    assert spec["description"] == "Lager is beter"
    assert spec["config"] == charts.vega_config()


def test_choropleth_without_basemap_with_classes_and_selection():
    kaart = maps.choropleth(WIJKEN, "WK2", "Eenzaam", "%")
    deck = json.loads(kaart.deck.to_json())
    assert kaart.deck.map_provider is None and "mapProvider" not in deck
    assert deck.get("mapStyle") == "__MAP_STYLE__"  # Streamlit draws no basemap for this sentinel
    wijken_layer, gekozen = deck["layers"]
    features = wijken_layer["data"]["features"]
    assert [f["properties"]["naam"] for f in features] == ["Noord", "Zuid", "Oost"]  # West has no geometry
    assert features[2]["properties"]["fill"] == maps.GEEN_CIJFER_KLEUR
    assert features[0]["properties"]["fill"] != features[1]["properties"]["fill"]
    assert [f["properties"]["wijk"] for f in gekozen["data"]["features"]] == ["WK2"]
    assert [item.tekst for item in kaart.legenda][-1] == "geen cijfer"
    assert kaart.legenda[0].tekst.startswith("10,0% tot ")


def test_class_breaks_with_few_values():
    assert maps.class_breaks(pd.Series([5.0, 5.0, None])) == [5.0]
    assert maps.class_breaks(pd.Series([None], dtype=float)) == []
    assert len(maps.class_breaks(pd.Series(range(20), dtype=float))) == 5


def test_class_breaks_are_linear_quantiles_and_drop_repeats():
    # 1..10 at 20/40/60/80/100%: linear interpolation between the ordered values (as mapclassify.Quantiles)
    assert maps.class_breaks(pd.Series(range(1, 11), dtype=float)) == pytest.approx([2.8, 4.6, 6.4, 8.2, 10.0])
    # many equal values: a repeated upper bound is one class, not two
    assert maps.class_breaks(pd.Series([1.0] * 8 + [2.0, 3.0]), k=3) == pytest.approx([1.0, 3.0])


def test_safe_csv_defuses_formulas_and_uses_dutch_decimals():
    frame = pd.DataFrame({"gebied": ["=HYPERLINK(\"x\")", "+31", "Wijk 00"], "waarde": [1.5, -2.25, 3.0]})
    text = exports.safe_csv(frame).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "gebied;waarde"
    assert lines[1].startswith("\"'=HYPERLINK") and lines[2] == "'+31;-2,25" and lines[3] == "Wijk 00;3,0"


def test_chart_png_and_svg_render_offline_with_dutch_numbers():
    incomes = WIJKEN.assign(waarde=[10000.0, 20000.0, None, 40000.0])
    chart = charts.ranking_bar(incomes, "WK2", "Inkomen", "euro", None, None, True)
    png = exports.chart_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    svg = exports.chart_svg(chart)
    assert svg.startswith("<svg")
    assert ">20.000<" in svg and ">40.000<" in svg and ">20,000<" not in svg


def test_triad_heatmap_puts_each_label_at_its_own_corner():
    """labels[0] belongs to corner A (weight a = 1), [1] to B and [2] to C: the label sits where
    core.vertellen.triade puts a story that chose only that corner."""
    labels = ("mijzelf", "mijn gezin", "mijn omgeving")
    grid = patterns.density_grid(pd.DataFrame({"triade_a": [1.0], "triade_b": [0.0], "triade_c": [0.0]}), k=1).data
    spec = charts.ternary_heatmap(grid, labels).to_dict()
    text_layer = next(layer for layer in layers(spec) if layer["mark"]["type"] == "text")
    placed = {row["tekst"]: (row["x"], row["y"]) for row in data_of(spec, text_layer)}
    assert set(placed) == set(labels)
    corners = {labels[0]: (1, 0, 0), labels[1]: (0, 1, 0), labels[2]: (0, 0, 1)}
    for label, weights in corners.items():
        x, y = (float(v) for v in triade.to_xy(*weights))
        nearest = min(placed, key=lambda name: (placed[name][0] - x) ** 2 + (placed[name][1] - y) ** 2)
        assert nearest == label, f"{label!r} should sit at corner {weights}, {nearest!r} sits there"
    assert placed[labels[0]][1] > placed[labels[1]][1] and placed[labels[1]][0] < placed[labels[2]][0]
