"""The frame: the page list, the sidebar with the gemeente picker, and how every page opens."""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from core import cached
from core.errors import StoreMissing, TellenError
from pages.parts import choices, login, opmaak

_LOG = logging.getLogger("tellen.pagina")

FOUT = ("Er ging iets mis bij het tonen van deze pagina. Laad de pagina opnieuw. "
        "Gaat het weer mis? Vraag de beheerder van de app om in het logboek van de server te kijken. "
        "Daar staat wat er precies misging.")

# Streamlit has no Dutch for the texts of its own widgets. What a screen reader speaks of them (aria-label,
# title, placeholder) is put into Dutch in the page by one fixed script, on every element as it appears:
# exact texts, and texts that start with an English prefix ("Help for Gemeente" -> "Uitleg bij Gemeente").
# The hint under a text field while typing and the skip link get Dutch the same way (their text node only);
# the file uploader's visible texts get Dutch through CSS (UPLOADER_CSS). Keys are Streamlit 1.67's texts;
# tests/test_nederlands_browser.py reads every page and fails on any English left.
VERTALING = {
    "Open": "Keuzelijst openen", "Close": "Sluiten", "Clear all": "Alles wissen", "Clear value": "Keuze wissen",
    "Fullscreen": "Volledig scherm", "Close fullscreen": "Volledig scherm sluiten",
    "Exit fullscreen": "Volledig scherm sluiten", "Show data": "Gegevens tonen",
    "Download as PNG": "Downloaden als PNG", "Download as SVG": "Downloaden als SVG",
    "Download as CSV": "Downloaden als CSV", "Search": "Zoeken", "Collapse sidebar": "Zijbalk sluiten",
    "Expand sidebar": "Zijbalk openen", "file upload": "Bestand kiezen", "Main menu": "Menu",
    "Choose an option": "Kies een optie", "Choose options": "Kies een of meer opties",
    "Show password": "Wachtwoord tonen", "Hide password": "Wachtwoord verbergen",
    "Copy to clipboard": "Kopiëren", "Choose date": "Kies een datum", "App pages": "Pagina's",
    "Selectbox options": "Keuzes", "Multiselect options": "Keuzes", "Selectbox": "Keuzelijst",
    "Multiselect": "Keuzelijst", "Help": "Uitleg", "Add files": "Ander bestand kiezen",
    "Add file": "Ander bestand kiezen", "Copy Vega-Lite spec": "Grafiekdefinitie kopiëren",
    "Show/hide columns": "Kolommen tonen of verbergen",
}
VOORVOEGSELS = [("Help for ", "Uitleg bij ", ""), ("Remove ", "", " verwijderen"), ("Upload ", "", " kiezen")]

NEDERLANDS_SCRIPT = """<script>(() => {
    const w = window.parent, doc = w.document;
    doc.documentElement.lang = 'nl';
    if (w.__tvNederlands) return;
    w.__tvNederlands = true;
    const exact = %s, voorvoegsels = %s, attrs = ['aria-label', 'title', 'placeholder'];
    const vertaal = tekst => {
        if (Object.hasOwn(exact, tekst)) return exact[tekst];
        for (const [en, voor, na] of voorvoegsels) if (tekst.startsWith(en)) return voor + tekst.slice(en.length) + na;
        return null;
    };
    const element = el => {
        for (const a of attrs) {
            const nl = el.hasAttribute(a) ? vertaal(el.getAttribute(a)) : null;
            if (nl !== null) el.setAttribute(a, nl);
        }
    };
    // texts of Streamlit's own that people read: the hint under a text field while typing ("Press Enter to
    // apply"), the skip link and the message for an address that is no page; only their text nodes change
    const plekken = '[data-testid="InputInstructions"], [data-testid="stSkipToContent"], [role="dialog"]';
    const hint = /^Press (.*)Enter to (apply|submit form)$/;
    const geenPagina = new RegExp("^(You have requested page .*, but no corresponding file was found in " +
        "the app's pages/ directory|The page that you have requested does not seem to exist)[.] " +
        "Running the app's main page[.]$");
    const geenPaginaNl = 'Dit adres is geen pagina van de app. U ziet nu de startpagina.';
    const vast = {'Skip to main content': 'Naar de inhoud van de pagina', 'Page not found': 'Pagina niet gevonden'};
    const tekst = node => {
        if (!node.parentElement || !node.parentElement.closest(plekken)) return;
        const m = hint.exec(node.data);
        if (m) node.data = `Druk op ${m[1]}Enter om ${m[2] === 'apply' ? 'te bevestigen' : 'te versturen'}`;
        else if (geenPagina.test(node.data)) node.data = geenPaginaNl;
        else if (Object.hasOwn(vast, node.data)) node.data = vast[node.data];
    };
    const boom = el => {
        element(el);
        el.querySelectorAll('[aria-label], [title], [placeholder]').forEach(element);
        const binnen = el.closest(plekken) ? [el] : el.querySelectorAll(plekken);
        binnen.forEach(b => [b, ...b.querySelectorAll('*')].forEach(
            d => d.childNodes.forEach(n => { if (n.nodeType === 3) tekst(n); })));
    };
    boom(doc.body);
    new w.MutationObserver(records => {
        for (const r of records) {
            if (r.type === 'attributes') element(r.target);
            else if (r.type === 'characterData') tekst(r.target);
            else r.addedNodes.forEach(n => { if (n.nodeType === 1) boom(n); else if (n.nodeType === 3) tekst(n); });
        }
    }).observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                          attributeFilter: attrs});
})();</script>""" % (json.dumps(VERTALING, ensure_ascii=False), json.dumps(VOORVOEGSELS))

# The file uploader's button and limit in Dutch: the English spans are hidden, Dutch comes in their place.
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Bestand kiezen"; }
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
    content: "Hoogstens 200 MB per bestand"; font-size: 0.875rem; opacity: 0.7; }
</style>"""


# The app's pages: (section, script, title, url path). No icons: Streamlit fetches a page's material
# icon (tab icon, active link) from the internet. One list for st.navigation and the sidebar.
PAGES = [
    ("Tellen", "pages/overzicht.py", "Overzicht", "overzicht"),
    ("Tellen", "pages/wijkfoto.py", "Wijkfoto", "wijkfoto"),
    ("Tellen", "pages/jaarfotos.py", "Jaarfoto's", "jaarfotos"),
    ("Tellen", "pages/indicatoren.py", "Indicatoren", "indicatoren"),
    ("Tellen", "pages/doelen.py", "Doelen", "doelen"),
    ("Tellen", "pages/wijken.py", "Wijken in cijfers", "wijken"),
    ("Tellen", "pages/aandacht.py", "Aandachtslijst", "aandacht"),
    ("Vertellen", "pages/verhalen.py", "Verhalen", "verhalen"),
    ("Vertellen", "pages/patronen.py", "Patronen", "patronen"),
    ("Vertellen", "pages/tellen_vertellen.py", "Tellen & vertellen", "tellen_vertellen"),
    ("Vertellen", "pages/kwaliteit.py", "Kwaliteit van de verhalen", "kwaliteit"),
    ("Vertellen", "pages/dekking.py", "Dekking", "dekking"),
    ("Samen", "pages/sessies.py", "Interpretatiesessie", "sessies"),
    ("Samen", "pages/netwerklunch.py", "Netwerklunch", "netwerklunch"),
    ("Over de cijfers", "pages/bronnen.py", "Bronnen", "bronnen"),
    ("Beheer", "pages/beheer.py", "Eigen gegevens", "beheer"),
    ("Beheer", "pages/controle.py", "Controle persoonsgegevens", "controle"),
]


# Pages for the gemeente's own staff only: absent in a partner deployment (TV_PARTNERMODUS).
BEHEER = {"pages/sessies.py", "pages/beheer.py", "pages/controle.py", "pages/kwaliteit.py"}


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
    opmaak.telefoon()   # the rules for narrow screens (a phone)
    login.poort()    # both ways a page runs pass here: no page without login (README, "Inloggen")
    build = cached.current_build()
    with st.sidebar:
        for section in dict.fromkeys(p[0] for p in visible_pages()):
            st.caption(section)
            for sec, script, title, _ in visible_pages():
                if sec == section:
                    st.page_link(script, label=title)
    sidebar(build)


def _page_failed(ex: Exception) -> bool:
    """Streamlit's handler for an exception no page caught: the traceback goes to the server log
    (Streamlit has logged it before it calls this), the browser gets a Dutch message with what to do."""
    _LOG.error("Pagina mislukt: %s", type(ex).__name__)
    st.error(FOUT)
    return True        # Streamlit shows nothing of the exception itself


def error_boundary() -> None:
    """One error boundary around the whole run of this page, also a page that runs without app.py.

    Streamlit calls the run's on_script_error handler for every exception that ends a script run;
    st.stop, st.rerun and st.switch_page are not exceptions of that kind and pass untouched.
    Errors before this call (a failing import) get Streamlit's own message without details
    (client.showErrorDetails = "none" in config.toml).
    """
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.on_script_error = _page_failed


def ensure_frame() -> None:
    """Draw the frame when this page runs without app.py.

    Because this project has a `pages/` folder, Streamlit starts in its old multipage mode: until a
    run has called st.navigation, a request that names a page URL (a shared link as the first request
    after a server start, and every AppTest run) runs that pages/ file directly, without app.py. Then
    the page draws the same frame itself. The built-in page list is switched off in config.toml
    (client.showSidebarNavigation = false); the frame draws its own.
    """
    if PagesManager.uses_pages_directory:
        drawn = False
        with store_errors():
            frame()
            drawn = True
        if not drawn:
            st.stop()


@dataclass(frozen=True)
class Pagina:
    """What every page starts from: the store's build id, the chosen gemeente, the mode and k."""
    build: str
    gemeente: str
    mode: str           # a Zichtbaarheid value: 'intern' or 'partner'
    k: int              # the minimum group size (TV_MIN_GROEP)


def open_page() -> Pagina:
    """The first call of every page: draw the frame if needed and return what the page starts from."""
    error_boundary()
    ensure_frame()
    login.bewaak()   # the frame's login, once more: also when the frame was not drawn in this run
    return Pagina(cached.current_build(), choices.gemeente(), cached.mode().value, cached.settings().min_groep)


def page_language() -> None:
    """Mark the document as Dutch (screen readers, hyphenation, spelling) and put Streamlit's own widget
    texts into Dutch. A fixed script and style, no data."""
    st.html(NEDERLANDS_SCRIPT, unsafe_allow_javascript=True, width=1)
    st.html(UPLOADER_CSS, width=1)


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


def sidebar(build: str) -> None:
    """Gemeente picker shared by every page; the choice lives in session state and the URL."""
    gemeenten = cached.gemeenten(build)
    codes = list(gemeenten["code"])
    names = dict(zip(gemeenten["code"], gemeenten["naam"]))
    choices.url_choice(choices.GEMEENTE_KEY, codes, codes[0], "de gemeente", shown=names.get)
    with st.sidebar:
        choices.bound(st.selectbox, "Gemeente", codes, choices.GEMEENTE_KEY, "sidebar", format_func=names.get,
                      help="Leiden en Leiderdorp hebben voorbeeldverhalen; andere gemeenten alleen cijfers.")
        if cached.mode().value == "partner":
            st.caption("Partnerweergave: alleen openbare verhalen.")
        st.caption("Tellen & Vertellen — cijfers en verhalen per wijk. Open source, draait lokaal.")
    choices.keep_in_url(gemeente=st.session_state[choices.GEMEENTE_KEY])
