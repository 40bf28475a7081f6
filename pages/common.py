"""Helpers shared by the pages: the frame's sidebar, URL-backed choices, and the one place where
core errors become st.error."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from core import cached, urlstate, views
from core.errors import StoreMissing, TellenError

GEMEENTE_KEY = "gemeente"
LANG_SCRIPT = "<script>window.parent.document.documentElement.lang = 'nl';</script>"


# The app's pages: (section, script, title, url path). No icons: Streamlit fetches a page's material
# icon (tab icon, active link) from the internet. One list for st.navigation and the sidebar.
PAGES = [
    ("Tellen", "pages/overzicht.py", "Overzicht", "overzicht"),
    ("Tellen", "pages/wijkfoto.py", "Wijkfoto", "wijkfoto"),
    ("Tellen", "pages/indicatoren.py", "Indicatoren", "indicatoren"),
    ("Tellen", "pages/doelen.py", "Doelen", "doelen"),
    ("Tellen", "pages/wijken.py", "Wijken in cijfers", "wijken"),
    ("Vertellen", "pages/verhalen.py", "Verhalen", "verhalen"),
    ("Vertellen", "pages/patronen.py", "Patronen", "patronen"),
    ("Vertellen", "pages/tellen_vertellen.py", "Tellen & vertellen", "tellen_vertellen"),
    ("Samen", "pages/sessies.py", "Interpretatiesessie", "sessies"),
    ("Samen", "pages/netwerklunch.py", "Netwerklunch", "netwerklunch"),
    ("Over de cijfers", "pages/bronnen.py", "Bronnen", "bronnen"),
]


# Pages for the gemeente's own staff only: absent in a partner deployment (TV_PARTNERMODUS).
BEHEER = {"pages/sessies.py"}


def visible_pages() -> list:
    if cached.mode().value == "partner":
        return [p for p in PAGES if p[1] not in BEHEER]
    return PAGES


def navigation_pages() -> dict:
    """st.Page objects per section for st.navigation; the first page is the default."""
    sections: dict = {}
    for i, (section, script, title, url_path) in enumerate(visible_pages()):
        sections.setdefault(section, []).append(
            st.Page(script, title=title, url_path=url_path, default=i == 0))
    return sections


def frame() -> None:
    """Page config, document language and the sidebar (navigation and gemeente picker)."""
    st.set_page_config(page_title="Tellen & Vertellen", page_icon="📊", layout="wide")
    page_language()
    build = cached.current_build()
    with st.sidebar:
        for section in dict.fromkeys(p[0] for p in visible_pages()):
            st.caption(section)
            for sec, script, title, _ in visible_pages():
                if sec == section:
                    st.page_link(script, label=title)
    sidebar(build)


def ensure_frame() -> None:
    """Draw the frame when this page runs without app.py.

    Because this project has a `pages/` folder, Streamlit starts in its old multipage mode: until a
    run has called st.navigation, a request that names a page URL (a shared link as the first request
    after a server start, and every AppTest run) runs that pages/ file directly, without app.py. Then
    the page draws the same frame itself. The built-in page list is switched off in config.toml
    (client.showSidebarNavigation = false); the frame draws its own. Called first thing in every page.
    """
    if PagesManager.uses_pages_directory:
        drawn = False
        with store_errors():
            frame()
            drawn = True
        if not drawn:
            st.stop()


def page_language() -> None:
    """Mark the document as Dutch (screen readers, hyphenation, spelling). A fixed script, no data."""
    st.html(LANG_SCRIPT, unsafe_allow_javascript=True, width=1)


@contextmanager
def store_errors():
    """Translate core errors into a Dutch message with what to do next (never a traceback)."""
    try:
        yield
    except StoreMissing as e:
        st.error(f"{e}")
        st.info("Start de app met het eerste commando uit de README; dat bouwt de opslag vanzelf.")
    except TellenError as e:
        st.error(str(e))


def url_choice(param: str, options: list, default, label: str, cast=str, shown=str):
    """The current value of a URL-backed choice, kept in session state under `param`.

    On a session's first run the value comes from the URL; a bad or stale URL value falls back to
    `default` with a short notice. A remembered value that no longer fits (another gemeente) resets.
    """
    if param not in st.session_state:
        keuze = urlstate.resolve(st.query_params.get(param), options, default, label, cast, shown)
        st.session_state[param] = keuze.waarde
        if keuze.melding:
            st.session_state.setdefault("_meldingen", []).append(keuze.melding)
    elif st.session_state[param] not in options:
        st.session_state[param] = default
    return st.session_state[param]


def bound(widget, label: str, options: list, param: str, scope: str, **kwargs):
    """A widget bound to the logical choice `param` in session state.

    Streamlit forgets a keyed widget's value when the same key shows up on another page (a new widget
    id). So the logical value lives under `param`, the widget under `scope.param`, and a callback
    copies the user's change back. Returns the logical value.
    """
    key = f"{scope}.{param}"

    def sync():
        st.session_state[param] = st.session_state[key]

    st.session_state[key] = st.session_state[param]
    widget(label, options, key=key, on_change=sync, **kwargs)
    return st.session_state[param]


def show_notices() -> None:
    for melding in st.session_state.pop("_meldingen", []):
        st.info(melding, icon=":material/link_off:")


def keep_in_url(**values) -> None:
    """Write the view into the URL so a shared link opens the same view."""
    for key, value in values.items():
        if value is None:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def sidebar(build: str) -> None:
    """Gemeente picker shared by every page; the choice lives in session state and the URL."""
    frame = cached.gemeenten(build)
    codes = list(frame["code"])
    names = dict(zip(frame["code"], frame["naam"]))
    url_choice(GEMEENTE_KEY, codes, codes[0], "de gemeente", shown=names.get)
    with st.sidebar:
        bound(st.selectbox, "Gemeente", codes, GEMEENTE_KEY, "sidebar", format_func=names.get,
              help="Leiden en Leiderdorp hebben voorbeeldverhalen; andere gemeenten alleen cijfers.")
        if cached.mode().value == "partner":
            st.caption("Partnerweergave: alleen openbare verhalen.")
        st.caption("Tellen & Vertellen — cijfers en verhalen per wijk. Open source, draait lokaal.")
    keep_in_url(gemeente=st.session_state[GEMEENTE_KEY])


def gemeente() -> str:
    return st.session_state[GEMEENTE_KEY]


def source_caption(regels: list[str]) -> None:
    for regel in regels:
        st.caption(regel)


def attached_sets(indicator: str, gemeente: str) -> None:
    """Story sets attached to an indicator, shown next to every trend of it."""
    sets = cached.sets_for_indicator(indicator, gemeente)
    for s in sets.itertuples():
        with st.container(border=True):
            st.caption(f"Verhaalset bij dit cijfer · {s.verhalen} verhalen")
            st.text(f"{s.naam} — {s.vraag}")
            st.page_link("pages/tellen_vertellen.py", label="Lees de verhalen naast de trend",
                         query_params={"gemeente": gemeente, "indicator": indicator})


@dataclass(frozen=True)
class IndicatorKeuze:
    """The indicator and age group chosen on a page, from the URL or the widgets."""
    opties: object      # DataFrame of figures.wijk_indicatoren
    indicator: str
    groep: str
    groepen: list
    jaren: list


def choose_indicator(opties, default: str = "ggd_eenzaam") -> IndicatorKeuze:
    """Resolve indicator and age group (URL first); stop the page when the gemeente has no figures."""
    if opties.empty:
        st.warning("Voor de wijken van deze gemeente zijn geen cijfers in de app. Kies een andere gemeente.")
        st.stop()
    ids = list(opties["id"])
    labels = dict(zip(opties["id"], opties["label"]))
    indicator = url_choice("indicator", ids, default if default in ids else ids[0], "de indicator",
                           shown=labels.get)
    rij = opties.set_index("id").loc[indicator]
    groepen = list(rij["groepen"])
    groep = url_choice("groep", groepen, groepen[0], "de leeftijdsgroep")
    return IndicatorKeuze(opties, indicator, groep, groepen, [int(j) for j in rij["jaren"]])


def indicator_widgets(keuze: IndicatorKeuze, scope: str, cijfer_kolom, groep_kolom) -> None:
    """The 'Cijfer' and 'Leeftijdsgroep' select boxes, bound to the URL-backed choice."""
    per_id = keuze.opties.set_index("id")
    with cijfer_kolom:
        bound(st.selectbox, "Cijfer", list(per_id.index), "indicator", scope,
              format_func=lambda i: views.indicator_keuzetekst(per_id.loc[i]))
    with groep_kolom:
        bound(st.selectbox, "Leeftijdsgroep", keuze.groepen, "groep", scope)


def learned(entries) -> None:
    """'Wat we hebben geleerd': interpretation log entries, their text as plain text."""
    if not entries:
        return
    st.subheader("Wat we hebben geleerd")
    for entry in entries:
        with st.container(border=True):
            st.caption(" · ".join(p for p in (views.datum_tekst(entry.datum), entry.door) if p))
            for kop, tekst in entry.onderdelen:
                st.markdown(f"**{kop}**")
                st.text(tekst)


def sets_by_indicator(gemeente: str) -> dict:
    """{indicator: [set names]} for the story sets of this gemeente that are attached to an indicator."""
    sets = cached.list_sets(gemeente)
    attached = sets[sets["indicator"].notna()]
    return attached.groupby("indicator")["naam"].apply(list).to_dict()


def story_card(rij) -> None:
    """One story in a list: title, wijk · year · fictief voorbeeld, and an excerpt — all plain text."""
    with st.container(border=True):
        st.text(rij.titel)
        st.caption(views.verhaal_kop(rij._asdict()))
        st.text(views.fragment(rij.tekst))
