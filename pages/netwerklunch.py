"""Netwerklunch: a presentation for partners — large type, one figure or pattern per screen, forward
and back. Only aggregated figures and openbaar stories (core/netwerklunch.py queries in partner mode)."""
import streamlit as st

from core import cached, formatting
from core.present import charts, views
from pages.parts import choices, frame

pagina = frame.open_page()
st.set_page_config(initial_sidebar_state="collapsed")  # a shared screen: room for the figure
build, gemeente, k = pagina.build, pagina.gemeente, pagina.k

# A fixed style sheet, no data: large, calm type for a shared screen.
st.html("""<style>
[data-testid="stMainBlockContainer"] [data-testid="stText"] { font-size: 1.6rem; line-height: 1.5; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] { font-size: 1.1rem; }
[data-testid="stMetricValue"] { font-size: 5rem; }
</style>""")

wijken = cached.wijken(gemeente, build)
namen = {"": f"Heel {cached.gemeente_naam(gemeente, build)}", **dict(zip(wijken["code"], wijken["naam"]))}
wijk = choices.url_choice("gebied", list(namen), "", "het gebied", shown=namen.get)
dias = cached.netwerklunch(gemeente, wijk or None, k, formatting.datum(cached.today()), build)
dia_nr = choices.url_choice("dia", list(range(1, len(dias) + 1)), 1, "de dia", cast=int)
choices.show_notices()

kop, midden, knoppen = st.columns([3, 2, 2], vertical_alignment="bottom")
with kop:
    choices.bound(st.selectbox, "Gebied", list(namen), "gebied", "netwerklunch", format_func=namen.get)
vorige, volgende = knoppen.columns(2)
if vorige.button("Vorige", icon=":material/arrow_back:", disabled=dia_nr <= 1, width="stretch"):
    st.session_state["dia"] = dia_nr - 1
    st.rerun()
if volgende.button("Volgende", icon=":material/arrow_forward:", disabled=dia_nr >= len(dias), width="stretch"):
    st.session_state["dia"] = dia_nr + 1
    st.rerun()
midden.caption(f"Dia {dia_nr} van {len(dias)}")
choices.keep_in_url(gebied=wijk or None, dia=dia_nr)

dia = dias[dia_nr - 1]
st.divider()
if dia.soort == "titel":
    st.title(views.letterlijk(dia.kop))
    st.text(dia.uitleg)
    st.caption(" ".join(p for p in ("Alleen cijfers over groepen en openbare verhalen.", dia.bron) if p))
elif dia.soort == "melding":   # a part the frameworks of these stories leave out, and why
    st.header(views.letterlijk(dia.kop))
    st.info(dia.uitleg, icon=":material/info:")
elif dia.soort == "cijfer":
    st.header(views.letterlijk(dia.kop))
    links, rechts = st.columns([2, 3], gap="large")
    links.metric(views.letterlijk(dia.kop), dia.waarde, label_visibility="collapsed")
    links.text(dia.uitleg)
    if len(dia.reeks) > 1:
        rechts.altair_chart(charts.big_line(dia.reeks, dia.eenheid), width="stretch")
    st.caption(dia.bron)
elif dia.soort == "patroon":
    st.header(views.letterlijk(dia.kop))  # a pattern slide is titled with a framework's question
    if dia.patroon.too_small:
        st.info(dia.uitleg, icon=":material/group_off:")
    elif dia.patroon.soort == "dichtheid":
        st.altair_chart(charts.ternary_heatmap(dia.patroon.data, dia.labels, breedte=520), width="content")
        st.caption(dia.uitleg)
    else:
        st.altair_chart(charts.slider_histogram_chart(dia.patroon.data, dia.labels, ""), width="stretch")
        st.caption(dia.uitleg)
else:
    st.header("Een verhaal")
    st.text(dia.kop)
    st.text(dia.verhaal)
    st.caption(dia.bron)
