"""Issue 14, point 3: Dutch everywhere a person reads. Every page of the real app in headless Chromium
(1440x900), staff and partner, read as a person reads it: the visible text, the labels a screen reader
speaks (aria-label, title, placeholder of visible elements) and every text that showed up while the page
was loading (spinners, status). Fails on English UI phrases of Streamlit and on Material icon names read
as words.

What counts as read: text of visible elements (display, visibility) outside any aria-hidden="true"
subtree; an icon that Streamlit draws as a ligature in an aria-hidden span is seen as a glyph and never
spoken, so its name is not "read"; the same name in a text node that is read is.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pages.parts.frame import BEHEER, PAGES
from tests.browser import browser_page, wait_for_app
from tests.conftest import serve

ROOT = Path(__file__).resolve().parent.parent

# Streamlit's English texts and other English UI words. Whole words, case-sensitive. Not "Download" or
# "Filter" alone: Dutch uses those ("Download grafiek (PNG)"); Streamlit's English ones are listed in full.
ENGELSE_ZINNEN = [
    "Running", "Choose an option", "Choose options", "Press Enter", "Drag and drop", "Browse files",
    "Limit 200MB", "per file", "Help for", "Download as", "Download data", "Search", "Fullscreen",
    "Close", "No results", "No options", "Deploy", "Rerun", "Settings", "Clear all", "Clear value",
    "Select all", "Made with Streamlit", "Show password", "Hide password", "Copy to clipboard", "Loading",
    "Please wait", "Something went wrong", "Show data", "Save as", "View source", "Open in Vega Editor",
    "Expand", "Collapse", "sidebar", "Keyboard", "Previous", "Next", "Upload", "Remove", "Delete",
    "Edit", "Show more", "Show less", "Record a screencast", "Clear cache", "About", "Skip to", "main content",
    "Add files", "icon",
    # single English words of Streamlit's labels that are no Dutch words (so any label made of them is found)
    "Show", "Hide", "Copy", "columns", "column", "spec", "files", "file", "Add", "Clear", "Choose", "Select",
    "Press", "apply", "submit", "Toggle", "Skip", "Zoom", "View",
]
# Streamlit's labels that are words in a Dutch sentence too ("Open de wijkfoto"): English only as a whole text.
# Not "Filter", "Menu", "Stop", "Download": as a whole text those are Dutch.
ENGELS_ALS_HELE_TEKST = {"Open", "Help", "Upload"}
_ZINNEN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(z) for z in ENGELSE_ZINNEN) + r")(?![\w-])")

# Material icons Streamlit draws itself (expander arrows, toolbar, uploader, help, close, ...).
STREAMLIT_ICONEN = {
    "thumb_up", "thumb_down", "drag_handle", "add", "upload", "upload_file", "cloud_upload", "warning",
    "keyboard_arrow_down", "keyboard_arrow_up", "keyboard_arrow_right", "keyboard_arrow_left",
    "keyboard_double_arrow_left", "keyboard_double_arrow_right", "expand_more", "expand_less", "check",
    "close", "clear", "search", "help", "help_outline", "info", "error", "download", "fullscreen",
    "fullscreen_exit", "more_vert", "more_horiz", "menu", "visibility", "visibility_off", "content_copy",
    "arrow_drop_down", "chevron_left", "chevron_right", "delete", "file_present", "description",
}


def iconen_in_code() -> set[str]:
    """Every ":material/x:" the app names in its own code."""
    names = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "core").rglob("*.py")]:
        names.update(re.findall(r":material/([a-z0-9_]+):", path.read_text(encoding="utf-8")))
    return names


ICONEN = STREAMLIT_ICONEN | iconen_in_code()
# a name with an underscore is never a Dutch word: found anywhere in read text; a single word only as a
# text node of its own (how an icon ligature shows), so "info" in a sentence is no icon
_SAMENGESTELD = re.compile(r"(?<![\w/])(" + "|".join(sorted((i for i in ICONEN if "_" in i), key=len, reverse=True))
                           + r")(?![\w/])")

# Installed before any page script: records every text that was added to the page while it loaded and was
# read then (a spinner "Running wijkfoto(...)", a status). Reads like GELEZEN below.
GELEZEN_FUNCTIE = r"""
window.__tvGelezen = function (root) {
    const out = [];
    const verborgen = el => !!el.closest('[aria-hidden="true"]')
        || (el.checkVisibility && !el.checkVisibility({visibilityProperty: true}));
    // a button's content is not read when the button has an aria-label: the label is its name
    const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const start = root.nodeType === Node.TEXT_NODE ? [root] : [];
    for (const node of start) {
        const el = node.parentElement;
        if (el && !skip.has(el.tagName) && !verborgen(el) && !el.closest('button[aria-label]')
            && node.textContent.trim()) out.push(node.textContent.trim());
    }
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || skip.has(el.tagName) || verborgen(el) || !node.textContent.trim()) continue;
        if (el.closest('button[aria-label]')) continue;
        out.push(node.textContent.trim());
    }
    const els = root.nodeType === Node.ELEMENT_NODE ? [root, ...root.querySelectorAll('*')] : [];
    for (const el of els) {
        if (verborgen(el)) continue;
        for (const attr of ['aria-label', 'title', 'placeholder', 'aria-placeholder', 'aria-description']) {
            const v = el.getAttribute(attr);
            if (v && v.trim()) out.push(`[${attr}] ${v.trim()}`);
        }
    }
    return out;
};
"""
TIJDENS_LADEN = GELEZEN_FUNCTIE + r"""
window.__tvTijdensLaden = [];
// Text is read a task after it came (a spinner shows at least that long). A label is read 300 ms later: the
// app's own script puts Streamlit's labels into Dutch as they come, and no screen reader speaks within a blink.
// Before the first run of a fresh tab has brought the app's frame (and its Dutch script), what Streamlit draws
// at start (header, skip link) is English for that moment: it is read once the script is there.
const lees = (nodes, alleenLabels, ms) => setTimeout(function nu() {
    if (!window.__tvNederlands) return setTimeout(nu, 50);
    for (const n of nodes) {
        if (!n.isConnected) continue;
        const teksten = window.__tvGelezen(n).filter(t => alleenLabels === t.startsWith('['));
        window.__tvTijdensLaden.push(...teksten);
    }
}, ms);
new MutationObserver(records => {
    const nodes = [];
    for (const r of records) {
        if (r.type === 'childList') nodes.push(...r.addedNodes);
        else nodes.push(r.target);
    }
    lees(nodes, false, 0);
    lees(nodes, true, 300);
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                      attributeFilter: ['aria-label', 'title', 'placeholder']});
"""


def engels_in(teksten: list[str]) -> list[str]:
    """The English phrases and icon names in these read texts, each with the text it stood in."""
    gevonden = []
    for tekst in teksten:
        kaal = tekst.split("] ", 1)[1] if tekst.startswith("[") and "] " in tekst else tekst
        if kaal in ENGELS_ALS_HELE_TEKST:
            gevonden.append(f"{kaal!r} als hele tekst in {tekst[:80]!r}")
        for zin in _ZINNEN.findall(kaal):
            gevonden.append(f"{zin!r} in {tekst[:80]!r}")
        if ":material/" in kaal:
            gevonden.append(f"icoonnaam als tekst in {tekst[:80]!r}")
        if kaal in ICONEN or (kaal.endswith(" icon") and kaal.removesuffix(" icon") in ICONEN):
            gevonden.append(f"icoonnaam {kaal!r}")
        for naam in _SAMENGESTELD.findall(kaal):
            if kaal != naam:
                gevonden.append(f"icoonnaam {naam!r} in {tekst[:80]!r}")
    return sorted(set(gevonden))


def lees_pagina(url: str, pad: str, schermafdruk: Path | None = None) -> tuple[list[str], list[str]]:
    """(texts read once the page is done, texts read while it loaded) of one page at 1440x900."""
    with browser_page(1440, 900) as page:
        page.add_init_script(TIJDENS_LADEN)
        page.goto(url + pad)
        wait_for_app(page)
        if schermafdruk is not None:
            page.screenshot(path=str(schermafdruk), full_page=True)
        klaar = page.evaluate("() => window.__tvGelezen(document.body)")
        tijdens = page.evaluate("() => window.__tvTijdensLaden")
    return klaar, tijdens


STAF = [(p[3], p[1]) for p in PAGES]
PARTNER = [(p[3], p[1]) for p in PAGES if p[1] not in BEHEER]
STARTPAGINA = PAGES[0][3]   # served at the app's root, as its link in the sidebar goes


def adres(pad: str) -> str:
    return "/" if pad == STARTPAGINA else f"/{pad}"


@pytest.fixture(scope="module")
def partner_server(fixture_store, fixture_verhalen):
    with serve(fixture_store, fixture_verhalen, TV_PARTNERMODUS="1") as url:
        yield url


def _check(url: str, pad: str, naam: str, artifacts: Path) -> None:
    klaar, tijdens = lees_pagina(url, f"{adres(pad)}?gemeente=GM0547", artifacts / f"nederlands_{naam}.png")
    assert any("Tellen" in t for t in klaar), f"{pad}: the page did not show; it reads:\n{klaar[:40]}"
    gevonden = engels_in(klaar)
    assert not gevonden, f"{pad}: English or icon names read on the finished page:\n" + "\n".join(gevonden)
    gevonden = engels_in(tijdens)
    assert not gevonden, f"{pad}: English or icon names read while the page loaded:\n" + "\n".join(gevonden)


@pytest.mark.parametrize("pad, script", STAF, ids=[p[0] for p in STAF])
def test_staff_pages_read_dutch(app_server, artifacts, pad, script):
    _check(app_server, pad, f"staf_{pad}", artifacts)


@pytest.mark.parametrize("pad, script", PARTNER, ids=[p[0] for p in PARTNER])
def test_partner_pages_read_dutch(partner_server, artifacts, pad, script):
    _check(partner_server, pad, f"partner_{pad}", artifacts)


def test_an_address_that_is_no_page_reads_dutch(app_server):
    """A mistyped or old address: Streamlit runs the start page under an English message; it reads Dutch."""
    with browser_page(1440, 900) as page:
        page.add_init_script(TIJDENS_LADEN)
        page.goto(app_server + "/bestaat-niet?gemeente=GM0547")
        wait_for_app(page, ["Pagina niet gevonden", "Dit adres is geen pagina van de app"])
        gelezen = _gelezen(page)
    assert "Dit adres is geen pagina van de app. U ziet nu de startpagina." in gelezen, gelezen
    assert engels_in(gelezen) == []


def test_the_check_finds_english_and_icon_names():
    gelezen = ["Drag and drop file here", "[aria-label] Help for Gemeente", "thumb_up", "Running wijkfoto(...)",
               "Limit 200MB per file • CSV", "x :material/warning: y", "Het gaat om open source software.",
               "1 verhaal", "Download grafiek (PNG)", "info over de bron"]
    gevonden = " ".join(engels_in(gelezen))
    for woord in ("Drag and drop", "Help for", "'thumb_up'", "Running", "Limit 200MB", "per file", ":material/"):
        assert woord in gevonden
    assert "open" not in gevonden.lower() and "Download" not in gevonden and "'info'" not in gevonden
    assert engels_in(["[aria-label] Open", "Upload"]) and not engels_in(["Open de wijkfoto van Wijk 00"])


def _gelezen(page) -> list[str]:
    return page.evaluate("() => window.__tvGelezen(document.body)")


def test_typing_in_a_text_field_reads_dutch(app_server):
    """Streamlit's hint under a text field while typing ("Press Enter to apply") is Dutch."""
    with browser_page(1440, 900) as page:
        page.add_init_script(TIJDENS_LADEN)
        page.goto(app_server + "/verhalen?gemeente=GM0547")
        wait_for_app(page, ["gevonden"])
        veld = page.locator('[data-testid="stTextInput"] input').first
        veld.click()
        veld.press_sequentially("zorg")
        page.locator('[data-testid="InputInstructions"]').first.wait_for()
        page.wait_for_function("() => document.querySelector('[data-testid=\"InputInstructions\"]').innerText"
                               ".includes('Enter')")
        gelezen = _gelezen(page)
    assert any(t.startswith("Druk op Enter") for t in gelezen), gelezen
    assert engels_in(gelezen) == []


UPLOADER_TEKST = """() => Array.from(document.querySelectorAll('[data-testid="stFileUploaderDropzone"]')).map(zone => {
    const knop = zone.querySelector('button [data-testid="stMarkdownContainer"]');
    const uitleg = zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] > div');
    return [knop && getComputedStyle(knop, '::after').content, uitleg && getComputedStyle(uitleg, '::after').content];
})"""


def test_file_uploader_reads_dutch_before_and_after_choosing_a_file(app_server, artifacts):
    with browser_page(1440, 900) as page:
        page.add_init_script(TIJDENS_LADEN)
        page.goto(app_server + "/beheer?gemeente=GM0547")
        wait_for_app(page, ["Verhalenbestand (CSV)"])
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Verhalenbestand (CSV)")
        uploader.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "nederlands_uploader.png"))
        voor, pseudo = _gelezen(page), page.evaluate(UPLOADER_TEKST)
        uploader.locator('input[type="file"]').set_input_files(str(ROOT / "tests/data/kader2/verhalen_buurtkracht.csv"))
        uploader.locator('[data-testid="stFileChip"]').first.wait_for()
        wait_for_app(page)
        uploader.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "nederlands_uploader_gekozen.png"))
        na = _gelezen(page)
    assert pseudo and all(p == ['"Bestand kiezen"', '"Hoogstens 200 MB per bestand"'] for p in pseudo), pseudo
    assert engels_in(voor) == []
    assert engels_in(na) == []
    assert "[aria-label] verhalen_buurtkracht.csv verwijderen" in na
