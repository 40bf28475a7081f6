"""Indicatoren: trend lines over all years for chosen wijken against the gemeente and Nederland."""
import streamlit as st

from core import cached, charts, exports, views
from pages import common

common.ensure_frame()
build = cached.current_build()
gemeente = common.gemeente()
opties = cached.indicator_options(gemeente, build)
wijken = cached.wijken(gemeente, build)
codes = list(wijken["code"])
namen = dict(zip(wijken["code"], wijken["naam"]))

st.title("Indicatoren")
st.write("Hoe ontwikkelt een cijfer zich door de jaren? Vergelijk wijken met de gemeente en Nederland.")
keuze = common.choose_indicator(opties)
indicator, groep = keuze.indicator, keuze.groep
wijk = common.url_choice("wijk", codes, codes[0], "de wijk", shown=namen.get)
common.show_notices()
if "wijken_trend" not in st.session_state or not set(st.session_state["wijken_trend"]) <= set(codes):
    st.session_state["wijken_trend"] = [wijk]

keuzes = st.columns([3, 2, 4])
common.indicator_widgets(keuze, "indicatoren", keuzes[0], keuzes[1])
with keuzes[2]:
    common.bound(st.multiselect, "Wijken", codes, "wijken_trend", "indicatoren", format_func=namen.get,
                 max_selections=6)
gekozen = st.session_state["wijken_trend"]
common.keep_in_url(indicator=indicator, groep=groep, wijk=gekozen[0] if gekozen else wijk)

info = cached.indicator_info(indicator, build)
regios = tuple(gekozen) + (gemeente, "NL01")
reeks = cached.trend(regios, indicator, groep, build)
lijnen = views.doel_lijnen_grafiek(cached.doel_lijnen(indicator, gemeente, groep, build), info.eenheid)
breuken = cached.breaks(indicator, regios, build)
grafiek = charts.trend_chart(reeks, lijnen, breuken, info.label, info.eenheid)

st.subheader(f"{info.label} ({groep})")
if reeks.empty:
    st.info("Voor deze keuze zijn geen cijfers. Kies een ander cijfer of een andere wijk.")
else:
    st.altair_chart(grafiek, width="stretch")
    for rij in breuken.itertuples():
        st.caption(f"Breuk in {rij.jaar}: {rij.uitleg}")
    common.attached_sets(indicator, gemeente)
    if not lijnen.empty:
        st.caption("Nulmeting en streefwaarde komen uit de doelenboom (pagina Doelen). "
                   "De streefwaarden zijn fictieve voorbeelden.")
    st.caption(views.bron_zin(info, groep, f"{int(reeks['jaar'].min())}–{int(reeks['jaar'].max())}"))
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

common.learned(cached.log_for_indicator(indicator, gemeente, gekozen[0] if gekozen else None))
