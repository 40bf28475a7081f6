"""Wijkfoto: one wijk, one year — five leefgebieden, comparisons, trends and what residents say."""
import streamlit as st

from core import cached, formatting
from core.present import sparkline, views
from core.samen import delen
from core.tellen import wijkfoto as wf
from pages.parts import aandacht, beleving, blocks, choices, frame, kernverhalen

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
indeling = cached.wijkfoto_wijken(gemeente, build)  # the wijken of the indeling that holds its figures
namen = dict(zip(indeling.wijken["code"], indeling.wijken["naam"]))
codes = list(namen)

wijk = choices.wijk_choice(namen)
jaren = cached.wijkfoto_jaren(wijk, build, indeling.indeling) or [2020]
jaar = choices.url_choice("jaar", jaren, 2020 if 2020 in jaren else jaren[-1], "het jaar", cast=int)
alle_jaren = bool(st.session_state.get("verhalen_alle_jaren"))   # the toggle in the stories band below
foto = cached.wijkfoto(wijk, jaar, pagina.mode, pagina.k, build, indeling.indeling, alle_jaren)

st.title(f"Wijkfoto {foto.naam}")
inwoners = (f"{formatting.getal(foto.inwoners[1], 0)} inwoners ({foto.inwoners[0]})"
            if foto.inwoners else "aantal inwoners onbekend")
st.write(f"Wijk in {foto.gemeentenaam} · {inwoners} · cijfers tot en met {jaar}")
choices.show_notices()
keuze = st.columns([3, 1, 4])
with keuze[0]:
    choices.bound(st.selectbox, "Wijk", codes, "wijk", "wijkfoto", format_func=namen.get)
with keuze[1]:
    choices.bound(st.selectbox, "Jaar", jaren, "jaar", "wijkfoto",
                 help="De tegels tonen het laatste cijfer tot en met dit jaar.")
choices.keep_in_url(wijk=wijk, jaar=jaar)
if indeling.zin:
    st.caption(indeling.zin)
if foto.indeling_gewijzigd:
    st.warning("De wijkindeling van deze gemeente is na 2020 veranderd. GGD-cijfers ontbreken daarom.")

st.subheader("In één oogopslag")
overzicht = st.columns(len(foto.leefgebieden))
for kolom, (leefgebied, tegels) in zip(overzicht, foto.leefgebieden):
    with kolom.container(border=True):
        st.markdown(f"**{leefgebied.capitalize()}**", help=views.samenvatting_uitleg(tegels))
        st.markdown(views.samenvatting_kleur(tegels))


def verhalen_band(paneel) -> None:
    """What residents tell, right under the overview: the counts, one line on the year, three story cards."""
    st.subheader("Wat bewoners vertellen")
    st.caption(views.verhalen_jaar_zin(paneel))
    st.toggle("Toon verhalen uit alle jaren", key="verhalen_alle_jaren",
              help="Standaard ziet u alleen verhalen uit het gekozen jaar (het jaar van de ervaring).")
    tellingen = st.columns(2)
    label = "Verhalen uit deze wijk" if paneel.jaar is None else f"Verhalen uit {paneel.jaar}"
    tellingen[0].metric(label, paneel.aantal_tekst)  # no count below k (core.vertellen.groepen)
    with tellingen[1]:
        if paneel.geen_ervaring:   # the framework of these stories names no question behind "positieve ervaring"
            st.caption(paneel.geen_ervaring)
        elif paneel.aandeel_positief is not None:
            st.metric("Positieve ervaring", f"{formatting.getal(paneel.aandeel_positief * 100, 0)}%",
                      help=views.letterlijk(f"Aandeel verhalen met {paneel.ervaring_uitleg}"))
        elif paneel.aantal:
            st.caption("Te weinig verhalen met een antwoord om een aandeel te tonen.")
    for kolom, rij in zip(st.columns(3), paneel.fragmenten.itertuples()):
        with kolom.container(border=True):
            st.text(rij.titel)
            st.caption(f"{rij.jaar} · {rij.fictief_label}" if rij.fictief_label else str(rij.jaar))
            st.text(rij.fragment)


def tegel_kaart(tegel, sets: list) -> None:
    """One tile: the number big with its unit on its own line (never cut off), the sparkline with its breaks,
    the verdict, the comparisons, the trend and the source."""
    st.markdown(f"**{tegel.info.label}**")
    st.caption(f"{tegel.groep}, {tegel.jaar}" if tegel.jaar else tegel.groep)
    getal, eenheid = views.tegel_getal(tegel)
    st.metric(tegel.info.label, getal, label_visibility="collapsed")
    if eenheid:
        st.markdown(views.letterlijk(eenheid))
    grafiek = sparkline.sparkline(tegel)
    if grafiek:
        st.vega_lite_chart(grafiek, width="stretch")
    for breuk_jaar, soort, uitleg in tegel.breuken:
        st.caption(sparkline.breuk_zin(breuk_jaar, soort), help=uitleg)
    st.markdown(views.oordeel_markdown(tegel))
    st.caption("  \n".join(wf.tegel_regels(tegel, foto.gemeentenaam)))
    if tegel.trend_tekst:
        st.caption(tegel.trend_tekst)
    st.caption(views.tegel_bron(tegel))
    if vervangt := views.tegel_vervangt(tegel, jaar):
        st.caption(vervangt)
    for naam_set, gedeeld in sets:
        st.caption("Verhaalset bij dit cijfer:" if pagina.mode == "partner"
                   else f"Verhaalset bij dit cijfer ({delen.status(gedeeld).lower()}):")
        st.text(naam_set)


foto = kernverhalen.wijkfoto_voorop(foto, pagina.mode)   # key stories first in the band
verhalen_band(foto.verhalen)

sets_per_cijfer = blocks.sets_by_indicator(gemeente)
for leefgebied, tegels in foto.leefgebieden:
    st.subheader(leefgebied.capitalize())
    if not tegels:
        st.caption(f"Voor deze wijk zijn in dit leefgebied geen cijfers tot en met {jaar}.")
    for kolom, tegel in zip(st.columns(3), tegels):
        with kolom.container(border=True):
            tegel_kaart(tegel, sets_per_cijfer.get(tegel.info.id, []))
beleving.wijk(gemeente, wijk, jaar, indeling.indeling, pagina.mode, pagina.k, build)
if st.toggle("Toon alle cijfers als tabel", key="tabel_wijkfoto"):
    st.table(views.wijkfoto_tabel(foto), hide_index=True)
st.caption(foto.referentie_uitleg)
st.caption("Bronnen: RIVM/GGD Gezondheidsmonitor (tabel 50090NED, wijkcijfers zijn modelschattingen), "
           "CBS Kerncijfers wijken en buurten, ELAN/LUMC uit CBS-microdata. Licenties en details: "
           "pagina Bronnen.")

aandacht.aandachtspunten(gemeente, wijk, indeling.indeling, foto.gemeentenaam, pagina)
st.subheader("Voor de raad")
st.download_button("Wijkfoto als PDF",
                   lambda: cached.wijkfoto_document(wijk, jaar, "pdf", build, indeling.indeling),
                   file_name=f"wijkfoto_{wijk}_{jaar}.pdf", mime="application/pdf",
                   icon=":material/picture_as_pdf:")
st.download_button("Wijkfoto als PowerPoint",
                   lambda: cached.wijkfoto_document(wijk, jaar, "pptx", build, indeling.indeling),
                   file_name=f"wijkfoto_{wijk}_{jaar}.pptx", icon=":material/slideshow:",
                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
st.page_link("pages/indicatoren.py", label="Bekijk de trends",
             query_params={"gemeente": gemeente, "wijk": wijk})
st.page_link("pages/jaarfotos.py", label="Bekijk de jaarfoto's: deze wijk door de jaren heen",
             query_params={"gemeente": gemeente, "wijk": wijk})

blocks.learned(cached.log_for_wijk(wijk), pagina.mode)
