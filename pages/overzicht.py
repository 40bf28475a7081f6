"""Overzicht: one indicator for every wijk of the gemeente, as a map and as a ranked bar chart."""
import streamlit as st

from core import cached
from core.present import charts, maps, views
from pages.parts import choices, frame

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
opties = cached.indicator_options(gemeente, build)

st.title("Overzicht")
st.write("Kies een cijfer. De kaart en de lijst laten zien hoe de wijken ervoor staan. "
         "Klik op een wijk in de kaart om de wijkfoto te openen.")
keuze = choices.choose_indicator(opties)
indicator, groep, jaren = keuze.indicator, keuze.groep, keuze.jaren
jaar = choices.url_choice("jaar", jaren, jaren[-1], "het jaar", cast=int)
namen = choices.wijk_namen(gemeente, build)
codes = list(namen)
wijk = choices.wijk_choice(namen)
choices.show_notices()

keuzes = st.columns([3, 2, 1, 2])
choices.indicator_widgets(keuze, "overzicht", keuzes[0], keuzes[1])
with keuzes[2]:
    choices.bound(st.selectbox, "Jaar", jaren, "jaar", "overzicht")
with keuzes[3]:
    choices.bound(st.selectbox, "Wijk", codes, "wijk", "overzicht", format_func=namen.get)
choices.keep_in_url(indicator=indicator, groep=groep, jaar=jaar, wijk=wijk)

info = cached.indicator_info(indicator, build)
waarden = cached.wijk_values(gemeente, indicator, groep, jaar, build)
gem_waarde = cached.region_value(gemeente, indicator, groep, jaar, build)
nl_waarde = cached.region_value("NL01", indicator, groep, jaar, build)
bron = views.bron_zin(info, groep, jaar)

links, rechts = st.columns([3, 2], gap="large")
with links:
    st.subheader(f"{info.label} per wijk, {jaar}")
    kaart = maps.choropleth(waarden, wijk, info.label, info.eenheid)
    event = st.pydeck_chart(kaart.deck, on_select="rerun", selection_mode="single-object", key="kaart",
                            height=460)
    st.caption(f"Legenda — {views.richting_tekst(info.richting).lower()}. Oranje rand: de gekozen wijk.")
    st.vega_lite_chart(charts.legend_chart(kaart.legenda, views.richting_tekst(info.richting)), width="stretch")
    st.caption(bron)
with rechts:
    st.subheader(views.ranglijst_kop(info.richting))
    st.vega_lite_chart(charts.ranking_bar(waarden, wijk, info.label, info.eenheid, gem_waarde, nl_waarde,
                                          views.hoger_is_beter(info.richting)), width="stretch")
    st.caption(views.referentie_zin(gem_waarde, nl_waarde, info.eenheid, cached.gemeente_naam(gemeente, build)))
    st.caption(bron)

gekozen = views.picked_wijk(event)
if gekozen in codes:  # a click on the map opens that wijk's wijkfoto
    st.session_state["wijk"] = gekozen
    st.switch_page("pages/wijkfoto.py", query_params={"gemeente": gemeente, "wijk": gekozen})

st.page_link("pages/wijkfoto.py", label=f"Open de wijkfoto van {namen[wijk]}",
             query_params={"gemeente": gemeente, "wijk": wijk})
if st.toggle("Toon de cijfers als tabel", key="tabel_overzicht"):
    st.table(views.waarden_tabel(waarden, info.label, info.eenheid), hide_index=True)
st.caption(info.definitie)
