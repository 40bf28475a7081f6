"""Pure map builder: a choropleth of one indicator per wijk as a `pdk.Deck` without a basemap.

`map_provider=None` without a map_style: no tiles or styles are fetched from the internet. Class breaks are
quantiles, computed in numpy as mapclassify.Quantiles does (that library pulls in scipy: a second at start-up).
The colours are ColorBrewer 'Blues' (sequential, colour-blind safe); the selected wijk gets a thick outline.
Coloured by distance to the gemeente (core.tellen.afstand) the classes take Okabe-Ito colours that follow their
meaning: blue 'gunstig', vermillion 'ongunstig', white 'ongeveer gelijk'; the outline of the chosen wijk is then
black (orange would read as 'ongunstig').
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
GEKOZEN_RAND_AFSTAND = [0, 0, 0, 255]
GEKOZEN_ZIN = {False: "Oranje rand: de gekozen wijk.", True: "Zwarte rand: de gekozen wijk."}

# Distance classes by meaning (Okabe-Ito): better than the gemeente blue, worse vermillion; without a direction
# reddish purple (higher) and sky blue (lower), which say nothing of better or worse.
GUNSTIG, ONGUNSTIG, GELIJK_KLEUR = "#0072B2", "#D55E00", "#FFFFFF"
AFSTAND_KLEUREN = {"hoger_beter": {"hoger": GUNSTIG, "gelijk": GELIJK_KLEUR, "lager": ONGUNSTIG},
                   "lager_beter": {"hoger": ONGUNSTIG, "gelijk": GELIJK_KLEUR, "lager": GUNSTIG}}
AFSTAND_NEUTRAAL = {"hoger": "#CC79A7", "gelijk": GELIJK_KLEUR, "lager": "#56B4E9"}


@dataclass(frozen=True)
class Legenda:
    kleur: str
    tekst: str


@dataclass(frozen=True)
class Kaart:
    deck: pdk.Deck
    legenda: list[Legenda]
    gekozen_zin: str = GEKOZEN_ZIN[False]   # how the chosen wijk is marked


@dataclass(frozen=True)
class AfstandKleuring:
    """Wijken coloured by their distance to the gemeente: the class text per wijk code (no entry without a
    class) and the legend (class text and colour, low to high). Shared by the map and the ranked bars."""
    tekst: dict[str, str]
    legenda: list[Legenda]

    @property
    def kleur(self) -> dict[str, str]:
        return {item.tekst: item.kleur for item in self.legenda}


def afstand_kleuring(klassen: pd.DataFrame, teksten: dict[str, str], volgorde, richting: str) -> AfstandKleuring:
    """klassen columns: wijk, klasse (a key of `teksten`, or None); `teksten` names each class
    (core.tellen.afstand.klasse_teksten), `volgorde` orders the legend."""
    kleuren = AFSTAND_KLEUREN.get(richting, AFSTAND_NEUTRAAL)
    bekend = klassen.dropna(subset=["klasse"])
    return AfstandKleuring(dict(zip(bekend["wijk"], bekend["klasse"].map(teksten))),
                           [Legenda(kleuren[k], teksten[k]) for k in volgorde])


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


def _quantile_fills(frame: pd.DataFrame, bounds: list[float], colours: list[str]) -> list[str | None]:
    """The colour of each row's quantile class (None without a figure)."""
    return [None if (klass := _class_of(v, bounds)) is None else colours[klass] for v in frame["waarde"]]


def _features(frame: pd.DataFrame, fills: list[str | None], eenheid: str, selected,
              afstand: AfstandKleuring | None = None) -> list[dict]:
    features = []
    for row, colour in zip(frame.itertuples(), fills):
        if not isinstance(row.geometrie, str):
            continue
        fill = GEEN_CIJFER_KLEUR if colour is None else _hex_to_rgb(colour) + [230]
        extra = {"afstand": afstand.tekst.get(row.wijk, "geen cijfer")} if afstand else {}
        features.append({"type": "Feature", "geometry": json.loads(row.geometrie), "properties": {
            "wijk": row.wijk, "naam": row.naam, "waarde_tekst": formatting.met_eenheid(row.waarde, eenheid),
            "fill": fill, "gekozen": row.wijk == selected, **extra}})
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


def choropleth(frame: pd.DataFrame, selected: str | None, label: str, eenheid: str,
               afstand: AfstandKleuring | None = None) -> Kaart:
    """frame columns: wijk, naam, geometrie (GeoJSON text), waarde. Returns the deck and its legend.
    Coloured by quantile classes, or with `afstand` by the distance to the gemeente."""
    if afstand is None:
        bounds = class_breaks(frame["waarde"])
        colours = _palette(len(bounds))
        fills = _quantile_fills(frame, bounds, colours)
        legenda = _legend(bounds, frame["waarde"].dropna(), eenheid, colours) if bounds else []
    else:
        fills = [afstand.kleur.get(afstand.tekst.get(w)) for w in frame["wijk"]]
        legenda = list(afstand.legenda)
    features = _features(frame, fills, eenheid, selected, afstand)
    rand = GEKOZEN_RAND if afstand is None else GEKOZEN_RAND_AFSTAND
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="wijken",
                        pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color=RAND, line_width_min_pixels=1, auto_highlight=True)]
    gekozen = [f for f in features if f["properties"]["gekozen"]]
    if gekozen:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": gekozen}, id="gekozen",
                                stroked=True, filled=False, get_line_color=rand, line_width_min_pixels=4))
    # map_provider=None and *no* map_style: pydeck then sends its sentinel style, which Streamlit reads
    # as "no basemap". An explicit map_style=None makes Streamlit load a basemap from the internet.
    tooltip = "{naam}\n" + label + ": {waarde_tekst}" + ("\n{afstand}" if afstand else "")
    deck = pdk.Deck(layers=layers, initial_view_state=_view(features), map_provider=None, tooltip={"text": tooltip})
    if frame["waarde"].isna().any():
        legenda.append(Legenda("#dcdcdc", "geen cijfer"))
    return Kaart(deck, legenda, GEKOZEN_ZIN[afstand is not None])
