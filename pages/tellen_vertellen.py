"""Tellen & vertellen: one wijk and one indicator — the trend on the left, the stories that belong to it
on the right (through the thema's of the goal tree, and through story sets attached to the indicator)."""
import streamlit as st

from core import cached, formatting
from core.present import views
from core.vertellen import kaders
from core.vertellen.stories import VerhaalFilter
from pages.parts import beleving, blocks, choices, frame

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
mode = pagina.mode
opties = cached.indicator_options(gemeente, build)
namen = choices.wijk_namen(gemeente, build)
codes = list(namen)

st.title("Tellen & vertellen")
st.write("Het cijfer links, de verhalen die erbij horen rechts. Verhalen horen bij een cijfer via het thema "
         "in de doelenboom, of via een verhaalset die aan het cijfer is gekoppeld.")
keuze = choices.choose_indicator(opties)
indicator, groep = keuze.indicator, keuze.groep
wijk = choices.wijk_choice(namen)
choices.show_notices()
keuzes = st.columns([2, 3, 2])
with keuzes[0]:
    choices.bound(st.selectbox, "Wijk", codes, "wijk", "tv", format_func=namen.get)
choices.indicator_widgets(keuze, "tv", keuzes[1], keuzes[2])
choices.keep_in_url(wijk=wijk, indicator=indicator, groep=groep)

trend = blocks.trend((wijk, gemeente, "NL01"), indicator, groep, gemeente, build)
links, rechts = st.columns([3, 2], gap="large")
with links:
    st.subheader(f"{trend.info.label} in {namen[wijk]}")
    if trend.reeks.empty:
        st.info("Voor deze wijk zijn geen cijfers van dit soort.")
    else:
        st.vega_lite_chart(trend.grafiek, width="stretch")
        st.caption(views.bron_zin(trend.info, groep, trend.periode))

with rechts:
    sets = cached.sets_for_indicator(indicator, gemeente)
    for s in sets.itertuples():
        with st.container(border=True):
            st.caption("Verhaalset")
            st.text(s.naam)
            st.text(s.vraag)
            inhoud = cached.set_stories(s.id, 4, mode, build)
            if inhoud.melding:      # staff only: partner mode never counts hidden stories
                st.caption(inhoud.melding)
            for rij in inhoud.verhalen.itertuples():
                st.text(rij.titel)
                st.caption(views.verhaal_kop(rij._asdict()))
            blocks.sharing("set", s.id, s.gedeeld, mode)
    themas = cached.themes_for_indicator(indicator, build, gemeente)   # the gemeente's own goal tree first
    st.subheader("Verhalen bij dit thema")
    per_vraag = cached.thema_keuzes(gemeente, tuple(themas), mode, build) if themas else {}
    if not themas:
        st.caption("Dit cijfer hangt nog niet aan een thema van de doelenboom. Koppel een verhaalset aan het cijfer "
                   "op de pagina Verhalen.")
    elif not per_vraag:   # no framework of these stories names a thema question (its sleutels)
        st.caption(kaders.REDENEN["thema"])
    else:
        alleen_wijk = st.toggle(f"Alleen uit {namen[wijk]}", value=True, key="tv.alleen_wijk")
    for vraag, opties in per_vraag.items():
        if not opties:
            st.caption(f"Thema: {', '.join(themas)} · geen antwoord in dit kader noemt dit thema")
            continue
        filt = VerhaalFilter(gemeente=gemeente, wijken=(wijk,) if alleen_wijk else (), keuzes={vraag: opties})
        verhalen = cached.story_page(filt.to_json(), 1, 5, mode, build)
        st.caption(f"Thema: {', '.join(opties)} · "  # a hidden small group has no count (core.vertellen.groepen)
                   + (verhalen.verborgen or formatting.aantal(verhalen.totaal, "verhaal", "verhalen")))
        for rij in verhalen.verhalen.itertuples():
            blocks.story_card(rij)

beleving.indicator(gemeente, wijk, indicator, groep, mode, pagina.k, build)
blocks.learned(cached.log_for_wijk_indicator(wijk, indicator), mode)
