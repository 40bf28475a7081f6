"""The netwerklunch's slides, and its presentation mode for a projector: no sidebar, header or pickers,
large type, and the keyboard steps through the slides (Right, PageDown, Space forward; Left, PageUp back;
Esc stops). The style sheets are fixed text (no data); the only number put in is a type size we compute."""
from __future__ import annotations

import streamlit as st

from core.present import presentatie, views

# The page's own calm type, also outside the presentation.
GEWOON = """<style>
[data-testid="stMainBlockContainer"] [data-testid="stText"] { font-size: 1.6rem; line-height: 1.5; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] { font-size: 1.1rem; }
[data-testid="stMetricValue"] { font-size: 5rem; }
</style>"""

# Presenting: everything of the app around the slide goes (sidebar with the gemeente picker, its open
# button, header, toolbar); the slide gets the whole screen and type that reads from the back of a room.
PRESENTEREN = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stHeaderActionElements"], .st-key-nl-toetsen { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 3rem 1rem 3rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] h1 { font-size: 80px; line-height: 1.15; }
[data-testid="stMainBlockContainer"] h2 { font-size: 56px; line-height: 1.2; padding-top: 0.25rem; }
[data-testid="stMainBlockContainer"] [data-testid="stText"] { font-size: 34px; line-height: 1.45; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] { font-size: 28px; }
[data-testid="stMainBlockContainer"] [data-testid="stAlert"] p { font-size: 36px; line-height: 1.45; }
[data-testid="stMetricValue"] { font-size: 144px; line-height: 1.1; }
.st-key-nl-balk [data-testid="stCaptionContainer"] { font-size: 22px; }
.st-key-nl-balk button p { font-size: 20px; }
</style>"""


def stijl(presenteren: bool) -> None:
    st.html(PRESENTEREN if presenteren else GEWOON)


def knoppen(dia_nr: int, aantal: int, presenteren: bool) -> None:
    """Back and forward (with their keys), 'Dia x van n', and the way into or out of the presentation.
    In the presentation, hidden buttons add the other keys a presenter's remote or keyboard sends."""
    with st.container(key="nl-balk", horizontal=True, vertical_alignment="center"):
        st.button("Vorige", disabled=dia_nr <= 1, shortcut="Left",
                  on_click=_naar, args=(dia_nr - 1,), key="nl-vorige")
        st.button("Volgende", disabled=dia_nr >= aantal, shortcut="Right",
                  on_click=_naar, args=(dia_nr + 1,), key="nl-volgende")
        st.caption(f"Dia {dia_nr} van {aantal}")
        st.space("stretch")
        if presenteren:
            st.button("Stop presentatie", shortcut="Esc",
                      on_click=_presenteer, args=(0,), key="nl-stop")
        else:
            st.button("Presenteren", type="primary", on_click=_presenteer, args=(1,),
                      key="nl-start", help="Het hele scherm voor de dia. Pijltjestoetsen: volgende en vorige dia. "
                                           "Esc: stoppen. F11: ook zonder de balk van de browser.")
    if presenteren:
        with st.container(key="nl-toetsen"):
            for toets, label, naar in (("PageDown", "Volgende dia (Page Down)", dia_nr + 1),
                                       ("Space", "Volgende dia (spatie)", dia_nr + 1),
                                       ("PageUp", "Vorige dia (Page Up)", dia_nr - 1)):
                st.button(label, shortcut=toets, disabled=not 1 <= naar <= aantal, on_click=_naar, args=(naar,),
                          key=f"nl-{toets}")


def _naar(nummer: int) -> None:
    st.session_state["dia"] = nummer


def _presenteer(aan: int) -> None:
    st.session_state["presentatie"] = aan


def toon(dia, presenteren: bool) -> None:
    """One slide. Story titles and texts are user text: plain text only."""
    hoogte = 860 if presenteren else presentatie.HOOGTE   # px below a slide's title on a 1080 px screen
    if dia.soort == "titel":
        st.title(views.letterlijk(dia.kop))
        st.text(dia.uitleg)
        st.caption(" ".join(p for p in ("Alleen cijfers over groepen en openbare verhalen.", dia.bron) if p))
    elif dia.soort == "melding":   # a part the frameworks of these stories leave out, and why
        st.header(views.letterlijk(dia.kop))
        st.info(dia.uitleg, icon=":material/info:")
    elif dia.soort == "cijfer":
        _cijfer(dia, hoogte)
    elif dia.soort == "patroon":
        _patroon(dia, hoogte)
    else:
        _verhaal(dia)


def _cijfer(dia, hoogte: int) -> None:
    st.header(views.letterlijk(dia.kop))
    links, rechts = st.columns([2, 3], gap="large")
    links.metric(views.letterlijk(dia.kop), dia.waarde, label_visibility="collapsed")
    links.text(dia.uitleg)
    if len(dia.reeks) > 1:
        rechts.vega_lite_chart(presentatie.trend(dia.reeks, dia.eenheid, hoogte - 160), width="stretch")
    st.caption(dia.bron)


def _patroon(dia, hoogte: int) -> None:
    st.header(views.letterlijk(dia.kop))  # a pattern slide is titled with a framework's question
    if dia.patroon.too_small:
        st.info(dia.uitleg, icon=":material/group_off:")
    elif dia.patroon.soort == "dichtheid":
        figuur, tekst = st.columns([3, 2], gap="large", vertical_alignment="center")
        figuur.vega_lite_chart(presentatie.triade(dia.patroon.data, dia.labels, hoogte), width="content")
        tekst.caption(dia.uitleg)
    else:
        st.vega_lite_chart(presentatie.histogram(dia.patroon.data, dia.labels, hoogte - 260), width="stretch")
        st.caption(dia.uitleg)


def _verhaal(dia) -> None:
    """The whole story; its type size shrinks with its length so that it fits the slide."""
    st.header("Een verhaal")
    px = presentatie.verhaal_px(dia.verhaal)
    st.html(f"<style>.st-key-nl-verhaal [data-testid='stText'] {{ font-size: {px}px !important; }}"
            f" .st-key-nl-titel [data-testid='stText'] {{ font-size: {px}px !important; font-weight: 600; }}</style>")
    with st.container(key="nl-titel"):
        st.text(dia.kop)
    with st.container(key="nl-verhaal"):
        st.text(dia.verhaal)
    st.caption(dia.bron)
