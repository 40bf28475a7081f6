"""Pure map builder: a choropleth of one indicator per wijk as a `pdk.Deck` without a basemap.

`map_provider=None` without a map_style: no tiles or styles are fetched from the internet. Class breaks are
quantiles, computed in numpy as mapclassify.Quantiles does (that library pulls in scipy: a second at start-up).
The colours are ColorBrewer 'Blues' (sequential, colour-blind safe); the selected wijk gets a thick outline.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk

from core import formatting

# ColorBrewer Blues, 5 classes: light = low, dark = high.
BLAUWEN = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
GEEN_CIJFER_KLEUR = [220, 220, 220, 160]
RAND = [80, 80, 80, 255]
GEKOZEN_RAND = [230, 97, 0, 255]   # Okabe-Ito orange: stands out against every blue


@dataclass(frozen=True)
class Legenda:
    kleur: str
    tekst: str


@dataclass(frozen=True)
class Kaart:
    deck: pdk.Deck
    legenda: list[Legenda]


def _hex_to_rgb(value: str) -> list[int]:
    return [int(value[i:i + 2], 16) for i in (1, 3, 5)]


def class_breaks(values: pd.Series, k: int = 5) -> list[float]:
    """Upper bounds of up to k quantile classes over the non-missing values."""
    clean = values.dropna().astype(float)
    if clean.empty:
        return []
    k = max(1, min(k, clean.nunique()))
    if k == 1:
        return [float(clean.max())]
    step = 100.0 / k
    percentages = np.minimum(np.arange(step, 100 + step, step), 100.0)
    return [float(b) for b in np.unique(np.percentile(clean.to_numpy(), percentages))]


def _class_of(value, bounds: list[float]) -> int | None:
    if value is None or pd.isna(value) or not bounds:
        return None
    return int(min(np.searchsorted(bounds, value, side="left"), len(bounds) - 1))


def _legend(bounds: list[float], values: pd.Series, eenheid: str, colours: list[str]) -> list[Legenda]:
    lows = [float(values.min())] + bounds[:-1]
    return [Legenda(colours[i], f"{formatting.met_eenheid(lo, eenheid)} tot {formatting.met_eenheid(hi, eenheid)}")
            for i, (lo, hi) in enumerate(zip(lows, bounds))]


def _palette(n: int) -> list[str]:
    idx = np.linspace(0, len(BLAUWEN) - 1, n).round().astype(int) if n > 1 else [len(BLAUWEN) - 1]
    return [BLAUWEN[i] for i in idx]


def _features(frame: pd.DataFrame, bounds: list[float], colours: list[str], eenheid: str, selected) -> list[dict]:
    features = []
    for row in frame.itertuples():
        if not isinstance(row.geometrie, str):
            continue
        klass = _class_of(row.waarde, bounds)
        fill = GEEN_CIJFER_KLEUR if klass is None else _hex_to_rgb(colours[klass]) + [230]
        features.append({"type": "Feature", "geometry": json.loads(row.geometrie), "properties": {
            "wijk": row.wijk, "naam": row.naam, "waarde_tekst": formatting.met_eenheid(row.waarde, eenheid),
            "fill": fill, "gekozen": row.wijk == selected}})
    return features


def _view(features: list[dict]) -> pdk.ViewState:
    coords = np.array([pt for f in features for pt in _points(f["geometry"])])
    if coords.size == 0:
        return pdk.ViewState(latitude=52.1, longitude=5.3, zoom=6.5)
    (lon0, lat0), (lon1, lat1) = coords.min(axis=0), coords.max(axis=0)
    span = max(lon1 - lon0, (lat1 - lat0) * 1.6, 1e-3)
    zoom = float(np.clip(np.log2(300 / span), 5, 15))  # the area fills about 300 tiles-px
    return pdk.ViewState(latitude=(lat0 + lat1) / 2, longitude=(lon0 + lon1) / 2, zoom=zoom)


def _points(geometry: dict):
    coords = geometry["coordinates"]
    rings = coords if geometry["type"] == "Polygon" else [r for poly in coords for r in poly]
    for ring in rings:
        yield from ring


def choropleth(frame: pd.DataFrame, selected: str | None, label: str, eenheid: str) -> Kaart:
    """frame columns: wijk, naam, geometrie (GeoJSON text), waarde. Returns the deck and its legend."""
    bounds = class_breaks(frame["waarde"])
    colours = _palette(len(bounds))
    features = _features(frame, bounds, colours, eenheid, selected)
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="wijken",
                        pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color=RAND, line_width_min_pixels=1, auto_highlight=True)]
    gekozen = [f for f in features if f["properties"]["gekozen"]]
    if gekozen:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": gekozen}, id="gekozen",
                                stroked=True, filled=False, get_line_color=GEKOZEN_RAND, line_width_min_pixels=4))
    # map_provider=None and *no* map_style: pydeck then sends its sentinel style, which Streamlit reads
    # as "no basemap". An explicit map_style=None makes Streamlit load a basemap from the internet.
    deck = pdk.Deck(layers=layers, initial_view_state=_view(features), map_provider=None,
                    tooltip={"text": "{naam}\n" + label + ": {waarde_tekst}"})
    legenda = _legend(bounds, frame["waarde"].dropna(), eenheid, colours) if bounds else []
    if frame["waarde"].isna().any():
        legenda.append(Legenda("#dcdcdc", "geen cijfer"))
    return Kaart(deck, legenda)
