"""Netwerklunch: a presentation for partners — large type, one figure or pattern per screen, forward
and back, and a presentation mode for a projector (pages/parts/presentatie.py). Only aggregated figures
and openbaar stories (core/samen/netwerklunch.py queries in partner mode)."""
import streamlit as st

from core import cached, formatting
from pages.parts import choices, frame, presentatie

pagina = frame.open_page()
st.set_page_config(initial_sidebar_state="collapsed")  # a shared screen: room for the figure
build, gemeente, k = pagina.build, pagina.gemeente, pagina.k

wijken = cached.wijken(gemeente, build)
namen = {"": f"Heel {cached.gemeente_naam(gemeente, build)}", **dict(zip(wijken["code"], wijken["naam"]))}
wijk = choices.url_choice("gebied", list(namen), "", "het gebied", shown=namen.get)
dias = cached.netwerklunch(gemeente, wijk or None, k, formatting.datum(cached.today()), build)
dia_nr = choices.url_choice("dia", list(range(1, len(dias) + 1)), 1, "de dia", cast=int)
presenteren = bool(choices.url_choice("presentatie", [0, 1], 0, "de presentatie", cast=int))
presentatie.stijl(presenteren)
choices.show_notices()

if not presenteren:   # presenting, the pickers go: the slide has the whole screen
    choices.bound(st.selectbox, "Gebied", list(namen), "gebied", "netwerklunch", format_func=namen.get)
presentatie.knoppen(dia_nr, len(dias), presenteren)
choices.keep_in_url(gebied=wijk or None, dia=dia_nr, presentatie=1 if presenteren else None)

if not presenteren:
    st.divider()
presentatie.toon(dias[dia_nr - 1], presenteren)
