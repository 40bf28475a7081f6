"""Overzicht: one indicator for every wijk of the gemeente, as a map and as a ranked bar chart.

The wijken are those of the indeling the indicator's figures were published in; without boundaries of that
indeling the map gives way to a ranked list (core.tellen.figures.Indeling)."""
import streamlit as st

from core import cached
from core.present import charts, maps, views
from core.tellen import afstand as afstand_core
from core.tellen import figures
from pages.parts import choices, frame

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
opties = cached.indicator_options(gemeente, build)

st.title("Overzicht")
st.write("Kies een cijfer. De kaart en de lijst laten zien hoe de wijken ervoor staan. "
         "Klik op een wijk in de kaart om de wijkfoto te openen.")
KLEURINGEN = {"klassen": "Klassen (kwintielen)", "afstand": "Afstand tot de gemeente"}
keuze = choices.choose_indicator(opties)
indicator, groep, jaren = keuze.indicator, keuze.groep, keuze.jaren
indeling = figures.indeling_van(opties, indicator)
jaar = choices.url_choice("jaar", jaren, jaren[-1], "het jaar", cast=int)
wijken = cached.cijfer_wijken(gemeente, indeling.jaar, build)
namen = dict(zip(wijken["code"], wijken["naam"]))
codes = list(namen)
wijk = choices.wijk_choice(namen)
kleuring = choices.url_choice("kleur", list(KLEURINGEN), "klassen", "de kleuring", shown=KLEURINGEN.get)
choices.show_notices()
if gemengd := figures.gemengd_zin(opties["indeling"]):
    st.caption(gemengd)

keuzes = st.columns([3, 2, 1, 2])
choices.indicator_widgets(keuze, "overzicht", keuzes[0], keuzes[1])
with keuzes[2]:
    choices.bound(st.selectbox, "Jaar", jaren, "jaar", "overzicht")
with keuzes[3]:
    choices.bound(st.selectbox, "Wijk", codes, "wijk", "overzicht", format_func=namen.get)
choices.bound(st.radio, "Kleuren naar", list(KLEURINGEN), "kleur", "overzicht", format_func=KLEURINGEN.get,
              horizontal=True)
choices.keep_in_url(indicator=indicator, groep=groep, jaar=jaar, wijk=wijk,
                    kleur=None if kleuring == "klassen" else kleuring)

info = cached.indicator_info(indicator, build, gemeente)
waarden = cached.wijk_values(gemeente, indicator, groep, jaar, build, indeling.jaar)
gem_waarde = cached.region_value(gemeente, indicator, groep, jaar, build)
nl_waarde = cached.region_value("NL01", indicator, groep, jaar, build)
bron = views.bron_zin(info, groep, jaar)
gemeentenaam = cached.gemeente_naam(gemeente, build)
afstand = afstand_core.afstand_tot_gemeente(waarden, gem_waarde, info.eenheid) if kleuring == "afstand" else None
if afstand is not None and not afstand.bruikbaar:
    st.info(afstand.reden, icon=":material/info:")
kleuren = (maps.afstand_kleuring(afstand.klassen, afstand_core.klasse_teksten(info.richting), afstand_core.VOLGORDE,
                                 info.richting) if afstand is not None and afstand.bruikbaar else None)
per_wijk = kleuren.tekst if kleuren else None   # the distance class per wijk for the table
ranglijst = charts.ranking_bar(waarden, wijk, info.label, info.eenheid, gem_waarde, nl_waarde,
                               views.hoger_is_beter(info.richting), kleuren)
referentie = views.referentie_zin(gem_waarde, nl_waarde, info.eenheid, gemeentenaam)
legenda_kop = (f"afstand tot {gemeentenaam}, {views.richting_tekst(info.richting).lower()}" if kleuren
               else views.richting_tekst(info.richting).lower())

event = None
links, rechts = st.columns([3, 2], gap="large")
with links:
    st.subheader(f"{info.label} per wijk, {jaar}")
    if indeling.kaart:
        kaart = maps.choropleth(waarden, wijk, info.label, info.eenheid, kleuren)
        event = st.pydeck_chart(kaart.deck, on_select="rerun", selection_mode="single-object", key="kaart",
                                height=460)
        st.caption(f"Legenda — {legenda_kop}. {kaart.gekozen_zin}")
        st.vega_lite_chart(charts.legend_chart(kaart.legenda, legenda_kop), width="stretch")
    else:
        st.info(indeling.geen_kaart_zin, icon=":material/format_list_numbered:")
        st.caption(f"{views.ranglijst_kop(info.richting)}. {indeling.zin}")
        st.vega_lite_chart(ranglijst, width="stretch")
        if kleuren:
            st.caption(f"Legenda — {legenda_kop}. {maps.GEKOZEN_ZIN[True]}")
            st.vega_lite_chart(charts.legend_chart(kleuren.legenda, legenda_kop), width="stretch")
        st.caption(referentie)
    if kleuren:
        st.caption(afstand_core.regel_zin(afstand, info.eenheid, gemeentenaam))
    st.caption(bron)
with rechts:
    if indeling.kaart:
        st.subheader(views.ranglijst_kop(info.richting))
        st.vega_lite_chart(ranglijst, width="stretch")
        st.caption(referentie)
        st.caption(bron)
    else:
        st.subheader("Als tabel")
        st.table(views.waarden_tabel(waarden, info.label, info.eenheid, per_wijk), hide_index=True)

gekozen = views.picked_wijk(event) if event is not None else None
if gekozen in codes:  # a click on the map opens that wijk's wijkfoto
    st.session_state["wijk"] = gekozen
    st.switch_page("pages/wijkfoto.py", query_params={"gemeente": gemeente, "wijk": gekozen})

if indeling.kaart:  # the wijkfoto shows the current wijken
    st.page_link("pages/wijkfoto.py", label=f"Open de wijkfoto van {namen[wijk]}",
                 query_params={"gemeente": gemeente, "wijk": wijk})
    if st.toggle("Toon de cijfers als tabel", key="tabel_overzicht"):
        st.table(views.waarden_tabel(waarden, info.label, info.eenheid, per_wijk), hide_index=True)
st.caption(info.definitie)
