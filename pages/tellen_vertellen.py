"""Tellen & vertellen: one wijk and one indicator — the trend on the left, the stories that belong to it
on the right (through the thema's of the goal tree, and through story sets attached to the indicator)."""
import streamlit as st

from core import cached, charts, views
from core.stories import VerhaalFilter
from pages import common

common.ensure_frame()
build = cached.current_build()
gemeente = common.gemeente()
mode = cached.mode().value
opties = cached.indicator_options(gemeente, build)
wijken = cached.wijken(gemeente, build)
codes = list(wijken["code"])
namen = dict(zip(wijken["code"], wijken["naam"]))

st.title("Tellen & vertellen")
st.write("Het cijfer links, de verhalen die erbij horen rechts. Verhalen horen bij een cijfer via het thema "
         "in de doelenboom, of via een verhaalset die aan het cijfer is gekoppeld.")
keuze = common.choose_indicator(opties)
indicator, groep = keuze.indicator, keuze.groep
wijk = common.url_choice("wijk", codes, codes[0], "de wijk", shown=namen.get)
common.show_notices()
keuzes = st.columns([2, 3, 2])
with keuzes[0]:
    common.bound(st.selectbox, "Wijk", codes, "wijk", "tv", format_func=namen.get)
common.indicator_widgets(keuze, "tv", keuzes[1], keuzes[2])
common.keep_in_url(wijk=wijk, indicator=indicator, groep=groep)

info = cached.indicator_info(indicator, build)
links, rechts = st.columns([3, 2], gap="large")
with links:
    st.subheader(f"{info.label} in {namen[wijk]}")
    regios = (wijk, gemeente, "NL01")
    reeks = cached.trend(regios, indicator, groep, build)
    lijnen = views.doel_lijnen_grafiek(cached.doel_lijnen(indicator, gemeente, groep, build), info.eenheid)
    breuken = cached.breaks(indicator, regios, build)
    if reeks.empty:
        st.info("Voor deze wijk zijn geen cijfers van dit soort.")
    else:
        st.altair_chart(charts.trend_chart(reeks, lijnen, breuken, info.label, info.eenheid), width="stretch")
        st.caption(views.bron_zin(info, groep, f"{int(reeks['jaar'].min())}–{int(reeks['jaar'].max())}"))

with rechts:
    sets = cached.sets_for_indicator(indicator, gemeente)
    for s in sets.itertuples():
        with st.container(border=True):
            st.caption("Verhaalset")
            st.text(s.naam)
            st.text(s.vraag)
            inhoud = cached.set_stories(s.id)
            if inhoud.melding:
                st.caption(inhoud.melding)
            for rij in inhoud.verhalen.head(4).itertuples():
                st.text(rij.titel)
                st.caption(views.verhaal_kop(rij._asdict()))
    themas = cached.themes_for_indicator(indicator, build)
    st.subheader("Verhalen bij dit thema")
    if not themas:
        st.caption("Dit cijfer hangt nog niet aan een thema van de doelenboom. Koppel een verhaalset aan het cijfer "
                   "op de pagina Verhalen.")
    else:
        alleen_wijk = st.toggle(f"Alleen uit {namen[wijk]}", value=True, key="tv.alleen_wijk")
        filt = VerhaalFilter(gemeente=gemeente, wijken=(wijk,) if alleen_wijk else (),
                             keuzes={"opgave": themas})
        verhalen, _ = cached.filter_stories(filt.to_json(), mode, build)
        st.caption(f"Thema: {', '.join(themas)} · {len(verhalen)} verhalen")
        for rij in verhalen.head(5).itertuples():
            common.story_card(rij)
