"""Indicatoren: trend lines over all years for chosen wijken against the gemeente and Nederland.

The wijken are those of the indeling the indicator's figures were published in (core.tellen.figures)."""
import streamlit as st

from core import cached
from core.exports import downloads as exports
from core.present import charts, views
from core.tellen import figures
from pages.parts import blocks, choices, frame


def trend_in(regios: tuple, indicator: str, groep: str, indeling: int) -> blocks.Trend:
    """blocks.trend with the wijk codes read in the indicator's own indeling."""
    if indeling == figures.ACTUELE_INDELING:
        return blocks.trend(regios, indicator, groep, gemeente, build)
    info = cached.indicator_info(indicator, build, gemeente)
    reeks = cached.trend(regios, indicator, groep, build, indeling)
    lijnen = views.doel_lijnen_grafiek(cached.doel_lijnen(indicator, gemeente, groep, build), info.eenheid)
    breuken = cached.breaks(indicator, regios, build)
    breuken = breuken[breuken["soort"] != "indeling"]  # the series stays within its own indeling
    return blocks.Trend(info, reeks, lijnen, breuken,
                        charts.trend_chart(reeks, lijnen, breuken, info.label, info.eenheid))


pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
opties = cached.indicator_options(gemeente, build)

st.title("Indicatoren")
st.write("Hoe ontwikkelt een cijfer zich door de jaren? Vergelijk wijken met de gemeente en Nederland.")
keuze = choices.choose_indicator(opties)
indicator, groep = keuze.indicator, keuze.groep
indeling = figures.indeling_van(opties, indicator)
wijken = cached.cijfer_wijken(gemeente, indeling.jaar, build)
namen = dict(zip(wijken["code"], wijken["naam"]))
codes = list(namen)
wijk = choices.wijk_choice(namen)
choices.show_notices()
if gemengd := figures.gemengd_zin(opties["indeling"]):
    st.caption(gemengd)
if "wijken_trend" not in st.session_state or not set(st.session_state["wijken_trend"]) <= set(codes):
    st.session_state["wijken_trend"] = [wijk]

keuzes = st.columns([3, 2, 4])
choices.indicator_widgets(keuze, "indicatoren", keuzes[0], keuzes[1])
with keuzes[2]:
    choices.bound(st.multiselect, "Wijken", codes, "wijken_trend", "indicatoren", format_func=namen.get,
                 max_selections=6, placeholder="Kies een of meer wijken (hoogstens 6)")
gekozen = st.session_state["wijken_trend"]
choices.keep_in_url(indicator=indicator, groep=groep, wijk=gekozen[0] if gekozen else wijk)

trend = trend_in(tuple(gekozen) + (gemeente, "NL01"), indicator, groep, indeling.jaar)
info, reeks, grafiek = trend.info, trend.reeks, trend.grafiek

st.subheader(f"{info.label} ({groep})")
if reeks.empty:
    st.info("Voor deze keuze zijn geen cijfers. Kies een ander cijfer of een andere wijk.")
else:
    st.vega_lite_chart(grafiek, width="stretch")
    for rij in trend.breuken.itertuples():
        st.caption(f"Breuk in {rij.jaar}: {rij.uitleg}")
    if indeling.zin:
        st.caption(indeling.zin)
    blocks.attached_sets(indicator, gemeente, pagina.mode)
    if not trend.lijnen.empty:
        st.caption("Nulmeting en streefwaarde komen uit de doelenboom (pagina Doelen). "
                   "De streefwaarden zijn fictieve voorbeelden.")
    st.caption(views.bron_zin(info, groep, trend.periode))
    st.caption(info.definitie)
    if st.toggle("Toon de cijfers als tabel", key="tabel_trend"):
        st.table(views.trend_tabel(reeks, info.eenheid), hide_index=True)
    downloads = st.columns(3)
    naam = f"{info.id}_{gemeente}"
    downloads[0].download_button("Download cijfers (CSV)", exports.safe_csv(views.trend_download(reeks, info, groep)),
                                 file_name=f"{naam}.csv", mime="text/csv", icon=":material/download:")
    downloads[1].download_button("Download grafiek (PNG)", lambda: exports.chart_png(grafiek),
                                 file_name=f"{naam}.png", mime="image/png", icon=":material/image:")
    downloads[2].download_button("Download grafiek (SVG)", lambda: exports.chart_svg(grafiek),
                                 file_name=f"{naam}.svg", mime="image/svg+xml", icon=":material/image:")

blocks.learned(cached.log_for_indicator(indicator, gemeente, gekozen[0] if gekozen else None), pagina.mode)
