"""The story filter shared by Verhalen, Patronen and Interpretatiesessie: widgets in, VerhaalFilter out.

The filter's values live in session state under
'vf.<name>'; each page's widgets under '<page>.vf.<name>' (Streamlit forgets a keyed widget's value
when the same key appears on another page), so the same filter carries over between the story pages.
"""
from __future__ import annotations

import streamlit as st

from core import cached
from core.present.views import letterlijk
from core.vertellen import groepen
from core.vertellen.kaders import signifiers_of
from core.vertellen.stories import VerhaalFilter

ALLE_ZONES = "alle zones"


def _widget(widget, label: str, name: str, scope: str, default, *args, **kwargs):
    """A widget whose value is kept under 'vf.<name>' across pages (see module docstring)."""
    logical, key = f"vf.{name}", f"{scope}.vf.{name}"

    def sync():
        st.session_state[logical] = st.session_state[key]

    st.session_state[key] = st.session_state.get(logical, default)
    return widget(label, *args, key=key, on_change=sync, **kwargs)


def _multiselect(label: str, options, name: str, scope: str, **kwargs):
    options = list(options)
    if any(v not in options for v in st.session_state.get(f"vf.{name}", [])):
        st.session_state[f"vf.{name}"] = []
    return _widget(st.multiselect, label, name, scope, [], options, placeholder="Alle", **kwargs)


def _signifier_widgets(signifiers, scope: str) -> tuple[dict, dict, dict]:
    """One widget per question of the gemeente's frameworks (kaders.signifiers_of), keyed as kaders.korte_sleutels."""
    sliders, keuzes, zones = {}, {}, {}
    for sig in signifiers.itertuples():
        name = f"sig.{sig.sleutel}"
        if sig.soort == "slider":
            # steps of 10: the ranges core.vertellen.groepen checks against each other (the grid of tens)
            lo, hi = _widget(st.slider, letterlijk(f"{sig.label} ({sig.labels[0]} – {sig.labels[1]})"), name, scope,
                             (0, 100), 0, 100, step=10)
            if (lo, hi) != (0, 100):
                sliders[sig.sleutel] = (lo, hi)
        elif sig.soort == "keuze":
            chosen = _widget(st.multiselect, letterlijk(sig.label), name, scope, [], list(sig.labels),
                             placeholder="Alle antwoorden")
            if chosen:
                keuzes[sig.sleutel] = chosen
        else:
            zone = _widget(st.selectbox, letterlijk(sig.label), name, scope, ALLE_ZONES, [ALLE_ZONES, *sig.zones])
            if zone != ALLE_ZONES:
                zones[sig.sleutel] = zone
    return sliders, keuzes, zones


def story_filter(gemeente: str, build: str, scope: str, with_search: bool = True) -> VerhaalFilter:
    """Draw the filter widgets for the stories of `gemeente` and return the filter they describe."""
    reset_when_gemeente_changes(gemeente)
    opties = cached.filter_options(cached.mode().value, build)
    wijken = opties.wijken[opties.wijken["gemeentecode"] == gemeente]
    namen = groepen.wijk_labels(wijken, cached.settings().min_groep)  # no count below k
    tekst = _widget(st.text_input, "Zoeken in de verhalen", "tekst", scope, "",
                    placeholder="bijvoorbeeld: eenzaam, buurthuis, mantelzorger") if with_search else None
    kolommen = st.columns(3)
    with kolommen[0]:
        gekozen_wijken = _multiselect("Wijk", namen, "wijken", scope, format_func=namen.get)
        leeftijd = _multiselect("Leeftijdsgroep", opties.leeftijdsgroepen, "leeftijd", scope)
    with kolommen[1]:
        jaren = None
        if opties.jaren and opties.jaren[0] < opties.jaren[1]:
            lo, hi = opties.jaren
            jaren = _widget(st.slider, "Jaar van de ervaring", "jaren", scope, (lo, hi), lo, hi)
            if tuple(jaren) == (lo, hi):   # every year is no filter: no year range to check small groups against
                jaren = None
        rollen = _multiselect("Rol", opties.rollen, "rollen", scope)
    with kolommen[2]:
        projecten = _multiselect("Project", opties.projecten, "projecten", scope)
        onderwerpen = _multiselect("Onderwerp", opties.onderwerpen, "onderwerpen", scope)
    with st.expander("Filter op de antwoorden van de vertellers (duiding)"):
        sliders, keuzes, zones = _signifier_widgets(signifiers_of(opties, gemeente), scope)
    return VerhaalFilter(gemeente=gemeente, wijken=tuple(gekozen_wijken), jaren=jaren,
                         leeftijdsgroepen=tuple(leeftijd), rollen=tuple(rollen), projecten=tuple(projecten),
                         onderwerpen=tuple(onderwerpen), sliders=sliders, keuzes=keuzes, zones=zones,
                         tekst=tekst or None)


def reset_when_gemeente_changes(gemeente: str) -> None:
    """Wijk choices of another gemeente make no sense: clear them when the gemeente changes."""
    if st.session_state.get("vf.gemeente") != gemeente:
        st.session_state["vf.gemeente"] = gemeente
        st.session_state.pop("vf.wijken", None)
