"""Patronen: what the signified stories show together — triad heatmap, slider histogram, choice bars —
for the current filter, two groups side by side, and the stories behind a zone or a range."""
from dataclasses import replace

import streamlit as st

from core import cached, formatting
from core.present import charts, views
from core.vertellen import kaders, patterns
from pages.parts import blocks, choices, frame, storyfilter

pagina = frame.open_page()
build, gemeente = pagina.build, pagina.gemeente
mode, k = pagina.mode, pagina.k

st.title("Patronen")
st.write("Hoe duiden de vertellers hun eigen verhaal? Kies een vraag. Hoe roder een vak in de driehoek, hoe "
         "meer antwoorden daar. Kies daarna een zone of een bereik: dan ziet u die verhalen.")

verhaalfilter = storyfilter.story_filter(gemeente, build, scope="patronen")
opties = kaders.signifiers_of(cached.filter_options(mode, build), gemeente)   # the gemeente's frameworks
vragen = dict(zip(opties["sleutel"], opties["label"]))   # key ('ervaring', 'kader:id') -> question (framework)
aliassen = kaders.sleutel_aliassen(opties)   # a link may name a question as 'kader:id' or as a bare id
if "vraag" not in st.session_state and st.query_params.get("vraag") in aliassen:
    st.query_params["vraag"] = aliassen[st.query_params["vraag"]]
vraag = choices.url_choice("vraag", list(vragen), list(vragen)[0], "de vraag", shown=vragen.get)
choices.show_notices()
choices.bound(st.selectbox, "Vraag", list(vragen), "vraag", "patronen", format_func=vragen.get)
choices.keep_in_url(vraag=vraag)
info = cached.signifier_info(vraag, build)
vergelijk_vragen = {views.vergelijk_label(v): v for v in
                    (cached.signifier_info(s, build) for s in cached.sleutels(info.kader, build).vergelijking)}
VERGELIJK = ["twee wijken", "twee jaren", *vergelijk_vragen]
if st.session_state.get("patronen.vergelijk") not in VERGELIJK:   # a comparison of another framework's question
    st.session_state.pop("patronen.vergelijk", None)
vergelijk = st.session_state.get("patronen.vergelijk", VERGELIJK[0])  # the radio below; read first to share counts


def gesplitst(f, soort: str):
    """The filter whose counts, split per wijk or per year, give the pattern and both groups in one query:
    (filter json, per, the values of f itself)."""
    if soort == "twee wijken":
        return replace(f, wijken=()).to_json(), "wijk", f.wijken or None
    if soort == "twee jaren":
        return replace(f, jaren=None).to_json(), "jaar", list(range(f.jaren[0], f.jaren[1] + 1)) if f.jaren else None
    return f.to_json(), None, None


telling, per, eigen = gesplitst(verhaalfilter, vergelijk)
patronen = cached.patterns_for(vraag, telling, mode, k, build, per, eigen)


def toon_patroon(patronen: dict, groepsnaam: str) -> None:
    """Draw the pattern of one question, or only a notice for a group that may not be shown (fewer than k
    stories, or it would give a small group away: core.vertellen.groepen). Hidden cells carry no number."""
    eerste = next(iter(patronen.values()))
    st.caption(f"{groepsnaam}: {eerste.aantal_tekst}")
    if eerste.too_small:
        st.info(eerste.melding, icon=":material/group_off:")
        return
    if info.soort == "triade":
        st.altair_chart(charts.ternary_heatmap(patronen["dichtheid"].data, info.labels), width="content")
        st.altair_chart(charts.count_bars(patronen["zones"].data, "zone", "Verhalen per zone"), width="stretch")
    elif info.soort == "slider":
        st.altair_chart(charts.slider_histogram_chart(patronen["histogram"].data, info.labels, info.vraag),
                        width="stretch")
    else:
        st.altair_chart(charts.count_bars(patronen["keuzes"].data, "keuze", info.vraag), width="stretch")
        if info.meerkeuze:
            st.caption(views.MEERKEUZE)


links, rechts = st.columns([3, 2], gap="large")
with links:
    st.subheader(views.letterlijk(info.vraag))  # a framework's question: shown as typed
    toon_patroon(patronen, "Huidige selectie")
    if not next(iter(patronen.values())).too_small:  # no table of a hidden group
        if st.toggle("Toon de aantallen als tabel", key="patronen.tabel"):
            st.dataframe(views.patroon_tabel(patronen), hide_index=True, width="stretch")
            st.caption(f"Een leeg vak of {views.VERBORGEN}: geen getal, want het gaat om minder dan {k} verhalen, of "
                       "het getal zou een kleine groep verraden. Zie de pagina Bronnen.")

with rechts:
    st.subheader("Meer van dit soort verhalen")
    if info.soort == "triade":
        aantallen = views.zone_aantallen(patronen, info.labels)
        zone = st.selectbox("Zone in de driehoek", list(aantallen), key="patronen.zone",
                            format_func=lambda z: f"{z} ({aantallen[z]})" if aantallen[z] is not None else z)
        selectie = patterns.zone_filter(verhaalfilter, vraag, zone) if zone else None
    elif info.soort == "slider":
        lo, hi = st.slider(views.letterlijk(f"Bereik ({info.labels[0]} – {info.labels[1]})"), 0, 100, (60, 100), 10,
                           key="patronen.bereik")  # steps of 10: the grid core.vertellen.groepen checks
        selectie = patterns.range_filter(verhaalfilter, vraag, lo, hi)
    else:
        keuze = st.selectbox("Antwoord", list(info.labels), key="patronen.keuze")
        selectie = patterns.choice_filter(verhaalfilter, vraag, keuze)
    verborgen = views.verborgen_delen(patronen)   # a hidden group or cell lists no stories ('*': the whole group)
    deel = None if info.soort == "slider" else zone if info.soort == "triade" else keuze
    if selectie is not None and ("*" in verborgen or deel in verborgen):
        st.info(f"Deze groep of dit deel van het patroon heeft geen getal (minder dan {k} verhalen, of het getal "
                "zou een kleine groep verraden). Daarom laten we deze verhalen ook niet zien.",
                icon=":material/group_off:")
    elif selectie is not None:
        verhalen = cached.story_page(selectie.to_json(), 1, 8, mode, build, k)  # the small-group rules, both modes
        if verhalen.verborgen:
            st.info(verhalen.verborgen, icon=":material/group_off:")
        else:
            st.caption(formatting.aantal(verhalen.totaal, "verhaal", "verhalen"))
        for rij in verhalen.verhalen.itertuples():
            blocks.story_card(rij)
        if verhalen.totaal > 8:
            st.caption("Zie de pagina Verhalen voor de hele lijst.")

st.divider()
st.subheader("Twee groepen naast elkaar")
soort = st.radio("Vergelijk", VERGELIJK, horizontal=True, key="patronen.vergelijk")
if not vergelijk_vragen:
    st.caption(kaders.REDENEN["vergelijking"])


def twee_groepen(basis, soort: str):
    """The two groups the user compares: (value or filter a, value or filter b, name a, name b)."""
    a, b = st.columns(2)
    if soort == "twee wijken":
        namen = choices.wijk_namen(gemeente, build)
        codes = list(namen)
        wa = a.selectbox("Wijk A", codes, key="patronen.wijk_a", format_func=namen.get)
        wb = b.selectbox("Wijk B", codes, index=min(1, len(codes) - 1), key="patronen.wijk_b", format_func=namen.get)
        return wa, wb, namen[wa], namen[wb]
    if soort == "twee jaren":
        lo, hi = cached.filter_options(mode, build).jaren or (2019, 2024)
        jaren = list(range(lo, hi + 1))
        ja = a.selectbox("Jaar A", jaren, index=min(2, len(jaren) - 1), key="patronen.jaar_a")
        jb = b.selectbox("Jaar B", jaren, index=len(jaren) - 1, key="patronen.jaar_b")
        return ja, jb, str(ja), str(jb)
    keuzevraag = vergelijk_vragen[soort]   # a choice the framework names for comparisons (its sleutels)
    antwoorden = list(keuzevraag.labels)
    if len(antwoorden) == 2:
        ka, kb = antwoorden
    else:
        ka = a.selectbox("Antwoord A", antwoorden, key="patronen.keuze_a")
        kb = b.selectbox("Antwoord B", antwoorden, index=1, key="patronen.keuze_b")
    return (patterns.choice_filter(basis, keuzevraag.sleutel, ka), patterns.choice_filter(basis, keuzevraag.sleutel, kb),
            views.groep_naam(keuzevraag, ka), views.groep_naam(keuzevraag, kb))


groep_a, groep_b, naam_a, naam_b = twee_groepen(verhaalfilter, soort)
telling, per, _ = gesplitst(verhaalfilter, soort)
if per:  # both groups and their comparison from the one split count
    pat_a = cached.patterns_for(vraag, telling, mode, k, build, per, [groep_a])
    pat_b = cached.patterns_for(vraag, telling, mode, k, build, per, [groep_b])
    vergelijking = cached.compare_split(vraag, telling, per, groep_a, groep_b, mode, k, build)
else:
    pat_a = cached.patterns_for(vraag, groep_a.to_json(), mode, k, build)
    pat_b = cached.patterns_for(vraag, groep_b.to_json(), mode, k, build)
    vergelijking = cached.compare_groups(vraag, groep_a.to_json(), groep_b.to_json(), mode, k, build)
kolom_a, kolom_b = st.columns(2)
with kolom_a:
    toon_patroon(pat_a, naam_a)
with kolom_b:
    toon_patroon(pat_b, naam_b)
st.info(views.verschil_zin(vergelijking, info, k, naam_a, naam_b), icon=":material/compare_arrows:")
