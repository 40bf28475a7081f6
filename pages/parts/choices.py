"""Choices that live in the URL and in session state: a shared link opens the same view."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import cached
from core.present import urlstate, views

GEMEENTE_KEY = "gemeente"


def url_choice(param: str, options: list, default, label: str, cast=str, shown=str):
    """The current value of a URL-backed choice, kept in session state under `param`.

    On a session's first run the value comes from the URL; a bad or stale URL value falls back to
    `default` with a short notice. A remembered value that no longer fits (another gemeente) resets.
    """
    if param not in st.session_state:
        keuze = urlstate.resolve(st.query_params.get(param), options, default, label, cast, shown)
        st.session_state[param] = keuze.waarde
        if keuze.melding:
            st.session_state.setdefault("_meldingen", []).append(keuze.melding)
    elif st.session_state[param] not in options:
        st.session_state[param] = default
    return st.session_state[param]


def bound(widget, label: str, options: list, param: str, scope: str, **kwargs):
    """A widget bound to the logical choice `param` in session state.

    Streamlit forgets a keyed widget's value when the same key shows up on another page (a new widget
    id). So the logical value lives under `param`, the widget under `scope.param`, and a callback
    copies the user's change back. Returns the logical value.
    """
    key = f"{scope}.{param}"

    def sync():
        st.session_state[param] = st.session_state[key]

    st.session_state[key] = st.session_state[param]
    widget(label, options, key=key, on_change=sync, **kwargs)
    return st.session_state[param]


def show_notices() -> None:
    """The notices about URL values that could not be used. They repeat part of the URL value, so the
    whole notice is escaped: an address in it never becomes a link, an underscore never italics."""
    for melding in st.session_state.pop("_meldingen", []):
        st.info(views.letterlijk(melding), icon=":material/link_off:")


def keep_in_url(**values) -> None:
    """Write the view into the URL so a shared link opens the same view."""
    for key, value in values.items():
        if value is None:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def gemeente() -> str:
    return st.session_state[GEMEENTE_KEY]


def wijk_namen(gemeente_code: str, build: str) -> dict:
    """{wijk code: name} for the wijken of a gemeente, in the store's order."""
    wijken = cached.wijken(gemeente_code, build)
    return dict(zip(wijken["code"], wijken["naam"]))


def wijk_choice(namen: dict) -> str:
    """The chosen wijk (URL parameter 'wijk'), the first wijk by default."""
    codes = list(namen)
    return url_choice("wijk", codes, codes[0], "de wijk", shown=namen.get)


@dataclass(frozen=True)
class IndicatorKeuze:
    """The indicator and age group chosen on a page, from the URL or the widgets."""
    opties: object      # DataFrame of figures.wijk_indicatoren
    indicator: str
    groep: str
    groepen: list
    jaren: list


def choose_indicator(opties, default: str = "ggd_eenzaam") -> IndicatorKeuze:
    """Resolve indicator and age group (URL first); stop the page when the gemeente has no figures."""
    if opties.empty:
        st.warning("Voor de wijken van deze gemeente zijn geen cijfers in de app. Kies een andere gemeente.")
        st.stop()
    ids = list(opties["id"])
    labels = dict(zip(opties["id"], opties["label"]))
    indicator = url_choice("indicator", ids, default if default in ids else ids[0], "de indicator",
                           shown=labels.get)
    rij = opties.set_index("id").loc[indicator]
    groepen = list(rij["groepen"])
    groep = url_choice("groep", groepen, groepen[0], "de leeftijdsgroep")
    return IndicatorKeuze(opties, indicator, groep, groepen, [int(j) for j in rij["jaren"]])


def indicator_widgets(keuze: IndicatorKeuze, scope: str, cijfer_kolom, groep_kolom) -> None:
    """The 'Cijfer' and 'Leeftijdsgroep' select boxes, bound to the URL-backed choice."""
    per_id = keuze.opties.set_index("id")
    with cijfer_kolom:
        bound(st.selectbox, "Cijfer", list(per_id.index), "indicator", scope,
              format_func=lambda i: views.indicator_keuzetekst(per_id.loc[i]))
    with groep_kolom:
        bound(st.selectbox, "Leeftijdsgroep", keuze.groepen, "groep", scope)
