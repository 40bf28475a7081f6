"""Every page at phone width (390 x 844) in headless Chromium: nothing sticks out sideways, no text is cut
off, no two texts overlap (issue 14, point 8). Full-page screenshots go to test-artifacts/telefoon_<page>.png.

Streamlit's Vega charts render SVG (canvas only for very large data), so chart texts are DOM <text> elements
and take part in the checks; the chart specs are checked as well (legends under the chart, labels not cut).
"""
import re

import pandas as pd
import pytest
import vl_convert as vlc

from core.present import charts, maps
from pages.parts.frame import BEHEER, PAGES
from tests.browser import browser_page, wait_for_app
from tests.conftest import serve

BREEDTE, HOOGTE = 390, 844

# url path -> (query, texts of the finished page); every page of the frame must be here
OPENEN = {
    "overzicht": ("?gemeente=GM0546&indicator=ggd_eenzaam", ["Eenzaam per wijk, 2020", "Legenda"]),
    "wijkfoto": ("?gemeente=GM0547&wijk=WK054700", ["Wijkfoto Wijk 00", "In één oogopslag"]),
    "jaarfotos": ("?gemeente=GM0547&wijk=WK054700", ["Jaarfoto's Wijk 00", "Per jaar alleen de cijfers"]),
    "indicatoren": ("?gemeente=GM0546&indicator=ggd_eenzaam&wijk=WK054605",   # a long name in the legend
                    ["Breuk in 2020", "Bos- en Gasthuisdistrict"]),
    "doelen": ("?gemeente=GM0547", ["Zelfstandig leven", "Streefwaarde"]),
    "wijken": ("?gemeente=GM0546", ["Wijken van Leiden", "Stevenshofdistrict"]),
    "aandacht": ("?gemeente=GM0546", ["Aandachtslijst", "Niet te vergelijken (breuk)"]),
    "verhalen": ("?gemeente=GM0547", ["verhalen gevonden"]),
    "patronen": ("?gemeente=GM0547&vraag=richting", ["Waar richtte de ondersteuner zich op?"]),
    "tellen_vertellen": ("?gemeente=GM0547&wijk=WK054700&indicator=ggd_eenzaam", ["Eenzaam in Wijk 00"]),
    "kwaliteit": ("?gemeente=GM0547", ["Kwaliteit van de verhalen", "Antwoorden per leeftijdsgroep"]),
    "dekking": ("?gemeente=GM0547", ["Hier zijn verhalen maar geen cijfers", "Wijk 02"]),
    "sessies": ("?gemeente=GM0547", ["Interpretatiesessie", "2. Steekproef"]),
    "netwerklunch": ("?gemeente=GM0547&gebied=WK054700&dia=2", ["Dia 2 van"]),
    "bronnen": ("", ["Bronnen", "50090NED"]),
    "beheer": ("?gemeente=GM0547", ["Beheer: eigen gegevens"]),
    "controle": ("?gemeente=GM0547", ["Controle persoonsgegevens"]),
}

# What a person reads; the sidebar is closed on a phone (it slides over the page when opened).
CONTROLE = r"""(breedte) => {
  const inSidebar = el => !!el.closest('[data-testid="stSidebar"]');
  // hidden, or clipped away by an ancestor (the content of a closed expander keeps its layout); a scrolling
  // ancestor does not hide what is scrolled out of view
  const clippedAway = (el, r) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (!['hidden', 'clip'].includes(s.overflowX) && !['hidden', 'clip'].includes(s.overflowY)) continue;
      const q = p.getBoundingClientRect();
      if (r.right <= q.left || r.left >= q.right || r.bottom <= q.top || r.top >= q.bottom) return true;
    }
    return false;
  };
  const shown = el => {
    if (inSidebar(el)) return false;
    // closed <details> (an expander) keep their content laid out but do not draw it
    if (!el.checkVisibility({contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true}))
      return false;
    const d = el.closest('details');
    if (d && !d.open && !el.closest('summary')) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !clippedAway(el, r);
  };
  const scrollsSideways = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && p !== document.documentElement && p !== document.body
          && !p.matches('[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stApp"]'))
        return true;
    }
    return false;
  };
  const tekst = el => (el.innerText || el.textContent || '').trim().slice(0, 80);

  // 1. nothing sticks out sideways, except inside an element meant to scroll (tables, tabs)
  const breed = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const box of [document.documentElement, document.body, main]) {
    if (box && box.scrollWidth > box.clientWidth + 2)
      breed.push(`${box.tagName}${box === main ? ' stMain' : ''} scrollWidth ${box.scrollWidth}`);
  }
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (!shown(el) || scrollsSideways(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > breedte + 2 || r.left < -2)
      breed.push(`${el.tagName}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}: ${tekst(el)}`);
  }

  // 2. no text cut off: clipped by overflow or an ellipsis, or ending in an ellipsis (Vega's labelLimit)
  const afgekapt = [];
  const tekstSel = 'p, span, h1, h2, h3, h4, h5, h6, label, li, td, th, button, caption, div, '
                 + '[data-testid="stMetricValue"], svg text';
  for (const el of document.querySelectorAll(tekstSel)) {
    if (!shown(el)) continue;
    const eigen = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!eigen && !el.matches('[data-testid="stMetricValue"]')) continue;
    const s = getComputedStyle(el);
    const knipt = s.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(s.overflowX);
    if (el.tagName !== 'text' && knipt && el.scrollWidth > el.clientWidth + 1)
      afgekapt.push(`${el.tagName} ${el.scrollWidth}>${el.clientWidth}: ${tekst(el)}`);
    // a story excerpt ends in ' …' after a whole word on every screen (core.tellen.wijkfoto.fragment): not cut
    else if (/(\S…|\.\.\.)$/.test(el.textContent.trim()))
      afgekapt.push(`${el.tagName} ends in an ellipsis: ${tekst(el)}`);
  }

  // a word broken over two lines (a title too large for the width)
  const woorden = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  for (let n = woorden.nextNode(); n; n = woorden.nextNode()) {
    if (!n.textContent.trim() || !n.parentElement || n.parentElement.closest('svg') || !shown(n.parentElement))
      continue;
    // whole words only: a file name may wrap
    for (const m of n.textContent.matchAll(/(?<!\S)\p{L}{4,}(?=[.,;:!?)]*(\s|$))/gu)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) afgekapt.push(`word broken over lines: ${m[0]}`);
    }
  }

  // 3. no overlapping text: the line boxes of every visible text node and every chart <text>
  const vakken = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest('svg') || !shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects())
      if (r.width > 1 && r.height > 1) vakken.push({r, el, t: n.textContent.trim().slice(0, 50)});
  }
  for (const el of document.querySelectorAll('[data-testid="stMain"] svg text')) {
    if (!el.textContent.trim() || !shown(el)) continue;
    vakken.push({r: el.getBoundingClientRect(), el, t: el.textContent.trim().slice(0, 50)});
  }
  const over = [];
  const marge = 2;
  for (let i = 0; i < vakken.length; i++) {
    for (let j = i + 1; j < vakken.length; j++) {
      const a = vakken[i], b = vakken[j];
      if (a.el === b.el) continue;
      const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (x > marge && y > marge) over.push(`${JSON.stringify(a.t)} overlaps ${JSON.stringify(b.t)}`);
    }
  }
  return {breed, afgekapt, over};
}"""
HOOGTE_PAGINA = """() => document.querySelector('[data-testid="stMain"]').scrollHeight"""


def _bekijk(url: str, naam: str, query: str, verwacht, png) -> dict:
    """Open the page at phone width, screenshot it whole and return what CONTROLE found."""
    with browser_page(BREEDTE, HOOGTE) as page:
        page.goto(url + "/" + naam + query)
        wait_for_app(page, verwacht)
        body = page.inner_text("body")
        # Streamlit scrolls inside its own container (and clips the rest): a viewport as tall as the page
        # shows all of it, for the checks and the screenshot
        hoogte = page.evaluate(HOOGTE_PAGINA)
        page.set_viewport_size({"width": BREEDTE, "height": min(hoogte + 100, 16_000)})
        wait_for_app(page, verwacht)
        uitkomst = page.evaluate(CONTROLE, BREEDTE)
        page.screenshot(path=str(png), full_page=True)
    for text in verwacht:
        assert text in body, f"{text!r} not on {naam} at phone width; the page shows:\n{body[:1500]}"
    assert "Traceback" not in body
    fout = re.search(r"\b[A-Z]\w*Error\b.{0,80}", body)   # an exception of a page or of a chart (Vega) shown
    assert fout is None, f"{naam} shows an error: {fout and fout[0]}"
    return uitkomst


def _geen_fouten(naam: str, uitkomst: dict) -> None:
    fouten = ([f"sticks out: {x}" for x in uitkomst["breed"]] + [f"cut off: {x}" for x in uitkomst["afgekapt"]]
              + [f"overlap: {x}" for x in uitkomst["over"]])
    assert not fouten, f"{naam} at {BREEDTE} px:\n" + "\n".join(dict.fromkeys(fouten))


def test_every_page_of_the_frame_is_checked():
    assert {p[3] for p in PAGES} == set(OPENEN)


@pytest.mark.parametrize("naam", list(OPENEN))
def test_page_fits_a_phone(app_server, artifacts, naam):
    query, verwacht = OPENEN[naam]
    _geen_fouten(naam, _bekijk(app_server, naam, query, verwacht, artifacts / f"telefoon_{naam}.png"))


@pytest.fixture(scope="module")
def partner_server(fixture_store, fixture_verhalen):
    with serve(fixture_store, fixture_verhalen, TV_PARTNERMODUS="1") as url:
        yield url


@pytest.mark.parametrize("naam", [p[3] for p in PAGES if p[1] not in BEHEER and p[3] == "netwerklunch"])
def test_partner_page_fits_a_phone(partner_server, artifacts, naam):
    query, verwacht = OPENEN[naam]
    png = artifacts / f"telefoon_partner_{naam}.png"
    _geen_fouten(f"partner {naam}", _bekijk(partner_server, naam, query, verwacht, png))


# --- the chart specs, drawn by Vega itself (vl-convert) at a phone's and a desktop's chart width ----------

def _svg_teksten(spec: dict, breedte: int) -> list[tuple[float, float, str]]:
    """(x, y, text) of every <text> of the spec drawn at this width (what width "container" becomes)."""
    svg = vlc.vegalite_to_svg({**spec, "width": breedte})
    return [(float(x), float(y), t) for x, y, t in
            re.findall(r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>', svg)]


def _legenda(breedte: int) -> list[tuple[float, float, str]]:
    wijken = pd.DataFrame({"wijk": [f"WK{i}" for i in range(6)], "naam": [f"W{i}" for i in range(6)],
                           "geometrie": [None] * 6, "waarde": [46.5, 48.1, 49.9, 51.2, 52.6, None]})
    kaart = maps.choropleth(wijken, None, "Eenzaam", "%")
    return [t for t in _svg_teksten(charts.legend_chart(kaart.legenda, "Lager is beter"), breedte) if " tot " in t[2]
            or t[2] == "geen cijfer"]


def test_map_legend_wraps_onto_rows_on_a_phone_and_keeps_one_row_on_a_desktop():
    telefoon, desktop = _legenda(358), _legenda(1100)
    assert len(telefoon) == len(desktop) == 6
    assert len({y for _, y, _ in desktop}) == 1
    rijen = {}
    for x, y, tekst in telefoon:
        rijen.setdefault(y, []).append((x, tekst))
    assert len(rijen) >= 2
    for rij in rijen.values():   # texts of a row stand apart: room for "46,5% tot 48,1%" (about 7 px a letter)
        rij.sort()
        assert all(x2 - x1 >= 7 * len(t1) for (x1, t1), (x2, _) in zip(rij, rij[1:])), rij
        assert rij[-1][0] + 7 * len(rij[-1][1]) <= 358 + 20, rij


def test_trend_legend_under_the_chart_with_whole_names_on_a_phone():
    namen = ["Bos- en Gasthuisdistrict", "Roodenburgerdistrict", "Leiden", "Nederland"]
    reeks = pd.DataFrame([(n, "wijk", j, 40.0 + i + j % 5, None, None) for i, n in enumerate(namen)
                          for j in (2012, 2016, 2020)],
                         columns=["naam", "niveau", "jaar", "waarde", "marge_laag", "marge_hoog"])
    spec = charts.trend_chart(reeks, pd.DataFrame(), pd.DataFrame(), "Eenzaam", "%")
    for breedte in (300, 1000):
        teksten = _svg_teksten(spec, breedte)
        assert sorted(t[2] for t in teksten if t[2] in namen) == sorted(namen), teksten   # whole names
        assert not [t for t in teksten if t[2].endswith("…")]
        # the legend stays as wide as the chart: the drawing is the plot plus the y axis (about 62 px) only
        totaal = float(re.search(r'<svg[^>]*width="([\d.]+)"', vlc.vegalite_to_svg({**spec, "width": breedte}))[1])
        assert totaal <= breedte + 70, f"at {breedte} px the chart is {totaal} px wide: the legend sticks out"
