"""Jaarfoto's: one wijk, the wijkfoto of each year side by side, with the stories of that year under it."""
import streamlit as st

from core import cached
from core.present import views
from pages.parts import choices, frame

PER_RIJ = 4   # years side by side on a wide screen; a phone stacks them

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
indeling = cached.wijkfoto_wijken(gemeente, build)  # the wijken of the indeling that holds its figures
namen = dict(zip(indeling.wijken["code"], indeling.wijken["naam"]))
codes = list(namen)

wijk = choices.wijk_choice(namen)
standaard = cached.jaarfotos(wijk, pagina.mode, pagina.k, build, indeling.indeling)

st.title(f"Jaarfoto's {namen[wijk]}")
st.write("Hoe deze wijk veranderde, in cijfers en in woorden. Per jaar ziet u de cijfers die in dat jaar zijn "
         "gemeten, en daaronder wat bewoners vertellen over dat jaar.")
choices.show_notices()
keuze = st.columns([2, 5])
with keuze[0]:
    choices.bound(st.selectbox, "Wijk", codes, "wijk", "jaarfotos", format_func=namen.get)
with keuze[1]:
    jaren = st.multiselect("Jaren", standaard.jaren, default=standaard.standaard, key=f"jaarfotos.jaren.{wijk}",
                           placeholder="Kies een of meer jaren",
                           help="Eerst staan de jaren met veel metingen en de jaren met verhalen.")
choices.keep_in_url(wijk=wijk)
if indeling.zin:
    st.caption(indeling.zin)

fotos = standaard if sorted(jaren) == standaard.standaard else cached.jaarfotos(
    wijk, pagina.mode, pagina.k, build, indeling.indeling, tuple(sorted(jaren)))

st.subheader("Sinds de eerste meting")
for o in fotos.ontwikkeling:
    st.markdown(f"**{o.leefgebied.capitalize()}** — {o.zin}")
    if o.delen:
        st.caption("; ".join(f"{label}: {woord}" for label, woord in o.delen))


def cijfers(foto) -> None:
    """The figures measured in this year, per leefgebied, with their verdict; the breaks since the year before."""
    for zin in foto.breuken:
        st.warning(views.letterlijk(zin))
    if not foto.heeft_cijfers:
        st.caption(f"Geen nieuwe cijfers in {foto.jaar}.")
    for leefgebied, rijen in foto.leefgebieden:
        if rijen:
            st.markdown(f"**{leefgebied.capitalize()}**")
        for c in rijen:
            st.markdown(f"{views.letterlijk(c.label)}: **{views.letterlijk(c.waarde_tekst)}**  \n"
                        f":{views.OORDEEL_KLEUR[c.oordeel]}[{c.oordeel_tekst}]")


def verhalen(foto) -> None:
    """The stories of this year of experience: the count (or why not) and up to three fragments."""
    v = foto.verhalen
    st.markdown(f"**Verhalen uit {foto.jaar}**")
    if v.aantal is None and v.verborgen_tekst == "niet getoond":
        st.caption("Het aantal tonen we niet. Anders kunt u een verborgen klein aantal uitrekenen.")
    elif v.aantal is None:
        st.caption(f"{v.aantal_tekst.capitalize()}. Die laten we niet zien, zo blijven vertellers onherkenbaar.")
    elif v.aantal == 0:
        st.caption(f"Geen verhalen uit {foto.jaar}.")
    else:
        st.caption(v.aantal_tekst)
    for rij in v.fragmenten.itertuples():
        with st.container(border=True):
            st.text(rij.titel)
            if rij.fictief_label:
                st.caption(rij.fictief_label)
            st.text(rij.fragment)


if not fotos.fotos:
    st.info("Kies een of meer jaren.")
for start in range(0, len(fotos.fotos), PER_RIJ):
    for kolom, foto in zip(st.columns(PER_RIJ), fotos.fotos[start:start + PER_RIJ]):
        with kolom.container(border=True):
            st.subheader(str(foto.jaar))
            cijfers(foto)
            verhalen(foto)

st.caption(f"Per jaar alleen de cijfers die in dat jaar zijn gemeten. Oordeel: vergeleken met de gemeente. "
           f"Een jaar met minder dan {fotos.k} verhalen tonen we niet. Soms verbergen we nog een jaar, anders kunt "
           "u het verborgen aantal uitrekenen.")
st.page_link("pages/wijkfoto.py", label="Naar de wijkfoto van deze wijk",
             query_params={"gemeente": gemeente, "wijk": wijk})
