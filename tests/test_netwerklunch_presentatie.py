"""The netwerklunch on a 1920x1080 projector (issue 14, point 2): a presentation mode without sidebar,
header or pickers; large type; the keyboard steps through the slides; trend axes from 0; whole stories.

Chart builders on their spec, the page in AppTest, and what a person sees in headless Chromium (type sizes
read from the DOM, screenshots of every kind of slide in test-artifacts/netwerklunch_*.png)."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from core.present import presentatie
from core.samen import netwerklunch
from tests.browser import browser_page, wait_for_app
from tests.conftest import goto, serve

GEMEENTE = "GM0547"         # Leiderdorp in the fixtures: every kind of slide, 9 stories (two of them shown)
DATUM = "1 december 2026"


def _y_scale(spec: dict) -> dict:
    lagen = spec.get("layer", [spec])
    return next(laag["encoding"]["y"].get("scale", {}) for laag in lagen if "y" in laag.get("encoding", {}))


def test_trend_axis_starts_at_zero():
    """77.5 to 81 percent: on an axis from 0 a 3-point change looks like the small change it is."""
    spec = presentatie.trend(pd.DataFrame({"jaar": [2012, 2016, 2020], "waarde": [77.5, 79.0, 81.0]}), "%")
    schaal = _y_scale(spec)
    assert schaal.get("domainMin") == 0 and schaal.get("zero") is True
    assert schaal.get("domainMax") == 100      # a percentage: the whole scale
    aantal = presentatie.trend(pd.DataFrame({"jaar": [2019, 2020], "waarde": [1200, 1300]}), "aantal")
    assert _y_scale(aantal).get("domainMin") == 0 and "domainMax" not in _y_scale(aantal)


def _text_marks(spec: dict) -> list[dict]:
    return [laag["mark"] for laag in spec.get("layer", [spec]) if isinstance(laag.get("mark"), dict)
            and laag["mark"].get("type") == "text"]


def test_every_presentation_chart_has_large_type(conn):
    """Axis labels and titles of 24 px or more at 1920 wide, legends too, and every number or corner label
    drawn in the chart; the triad fills the height it is given."""
    dias = netwerklunch.dias(conn, GEMEENTE, None, 5, DATUM)
    cijfer = next(d for d in dias if d.soort == "cijfer")
    triade = next(d for d in dias if d.soort == "patroon" and d.patroon.soort == "dichtheid")
    histogram = next(d for d in dias if d.soort == "patroon" and d.patroon.soort == "histogram")
    specs = {"trend": presentatie.trend(cijfer.reeks, cijfer.eenheid, 700),
             "triade": presentatie.triade(triade.patroon.data, triade.labels, 860),
             "histogram": presentatie.histogram(histogram.patroon.data, histogram.labels, 600)}
    for naam, spec in specs.items():
        config = spec["config"]
        for deel in ("axis", "legend"):
            assert config[deel]["labelFontSize"] >= 24 and config[deel]["titleFontSize"] >= 24, (naam, deel)
        assert all(mark["fontSize"] >= 24 for mark in _text_marks(spec)), naam
    assert _text_marks(specs["trend"]) and _text_marks(specs["triade"])     # the numbers, the corner labels
    assert specs["triade"]["height"] >= 800 and specs["histogram"]["height"] == 600


def test_story_size_shrinks_with_length_but_stays_readable():
    sizes = [presentatie.verhaal_px("woord " * n) for n in (20, 100, 160, 300, 2000)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] >= 48 and min(sizes) >= 28


def test_story_slide_holds_the_whole_story(conn):
    """No '...': the slide carries the story as stored (the fixture's shown stories are over 80 words)."""
    verhalen = [d for d in netwerklunch.dias(conn, GEMEENTE, None, 5, DATUM) if d.soort == "verhaal"]
    assert verhalen
    for dia in verhalen:
        tekst = conn.execute("SELECT tekst FROM verhalen WHERE titel = ?", [dia.kop]).fetchone()[0]
        assert dia.verhaal == tekst and "…" not in dia.verhaal
    assert max(len(d.verhaal.split()) for d in verhalen) > 80


def _knop(at, label):
    return next(b for b in at.button if b.label == label)


def test_presentation_mode_in_the_app(app):
    """Presenteren hides the pickers and draws the presentation style sheet; Stop presentatie brings them back.
    Every trend on a slide starts at 0."""
    at = goto(app, "pages/netwerklunch.py", gemeente=GEMEENTE, dia="2")
    assert {s.label for s in at.selectbox} == {"Gemeente", "Gebied"}
    _knop(at, "Presenteren").click().run()
    assert not at.exception
    assert at.query_params["presentatie"] == "1"      # a shared link opens the presentation too
    assert "Gebied" not in [s.label for s in at.selectbox]          # the sidebar's picker is hidden by CSS
    stijl = "\n".join(h.proto.body for h in at.get("html"))
    assert '[data-testid="stSidebar"]' in stijl and '[data-testid="stExpandSidebarButton"]' in stijl
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart")]
    assert specs and _y_scale(specs[0]).get("domainMin") == 0
    _knop(at, "Stop presentatie").click().run()
    assert "Gebied" in [s.label for s in at.selectbox] and "Presenteren" in [b.label for b in at.button]


@pytest.mark.parametrize("toets, naar", [("PageDown", 3), ("Space", 3), ("PageUp", 1)])
def test_presenter_keys_have_their_buttons(app, toets, naar):
    """Right/Left are the visible buttons' shortcuts; a remote's PageDown/PageUp and Space have hidden ones."""
    at = goto(app, "pages/netwerklunch.py", gemeente=GEMEENTE, dia="2", presentatie="1")
    knop = at.button(key=f"nl-{toets}")
    assert knop.proto.shortcut == toets.lower()
    knop.click().run()
    assert f"Dia {naar} van" in "\n".join(c.value for c in at.caption)


SIZES = """() => {
  const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => {
      const r = e.getBoundingClientRect(), cs = getComputedStyle(e);     // drawn, and on the screen
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'
          && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight; });
  const px = sel => Array.from(document.querySelectorAll(sel)).map(e => parseFloat(getComputedStyle(e).fontSize));
  const main = '[data-testid="stMainBlockContainer"] ';
  return {
    chrome: shown('[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], ' +
                  '[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"]').length,
    pickers: shown('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]').length,
    figuur: px('[data-testid="stMetricValue"]'),
    tekst: px(main + '[data-testid="stText"]').concat(px(main + '[data-testid="stAlert"] p')),
    bron: px(main + '[data-testid="stCaptionContainer"]:not(.st-key-nl-balk *)'),
    as: Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg g.role-axis-label text'))
          .map(t => [t.textContent, parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize)]),
    hoogte: Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
          .map(e => e.getBoundingClientRect().height),
  };
}"""


def _dia(page, nummer: int, totaal: int) -> None:
    wait_for_app(page, [f"Dia {nummer} van {totaal}"])


def _soort(dia) -> str:
    return dia.soort if dia.soort != "patroon" else "klein" if dia.patroon.too_small else dia.patroon.soort


def test_presentation_at_1920_by_1080(fixture_store, fixture_verhalen, artifacts, conn):
    """k=1: the fixture's few openbaar stories of Leiderdorp then make a triad and a histogram."""
    dias = netwerklunch.dias(conn, GEMEENTE, None, 1, DATUM)
    soorten = {}
    for nummer, dia in enumerate(dias, 1):
        soorten.setdefault(_soort(dia), nummer)
    assert {"titel", "cijfer", "dichtheid", "histogram", "verhaal"} <= set(soorten)
    with serve(fixture_store, fixture_verhalen, TV_MIN_GROEP="1") as url, browser_page(1920, 1080) as page:
        page.goto(f"{url}/netwerklunch?gemeente={GEMEENTE}")
        wait_for_app(page, ["Presenteren", f"Dia 1 van {len(dias)}"])
        assert page.evaluate(SIZES)["pickers"] >= 1            # outside the presentation: the pickers
        page.get_by_role("button", name="Presenteren").click()
        wait_for_app(page, ["Stop presentatie"])
        gezien = {}
        for nummer in range(1, len(dias) + 1):
            if nummer > 1:
                page.keyboard.press("ArrowRight")
            _dia(page, nummer, len(dias))
            body = page.inner_text("body")
            assert f"Dia {nummer} van {len(dias)}" in body, body[:500]
            gezien[nummer] = (page.evaluate(SIZES), body)
            soort = next((s for s, n in soorten.items() if n == nummer), None)
            if soort:
                page.screenshot(path=str(artifacts / f"netwerklunch_{soort}.png"))
        page.keyboard.press("ArrowLeft")
        _dia(page, len(dias) - 1, len(dias))
        terug = page.inner_text("body")
        page.keyboard.press("PageUp")      # a presenter's remote sends PageUp / PageDown
        _dia(page, len(dias) - 2, len(dias))
        page_up = page.inner_text("body")
        page.keyboard.press("PageDown")
        _dia(page, len(dias) - 1, len(dias))
        page_down = page.inner_text("body")
        page.keyboard.press("Escape")
        wait_for_app(page, ["Presenteren"])
        na_stop = page.evaluate(SIZES)
    assert f"Dia {len(dias) - 1} van {len(dias)}" in terug and f"Dia {len(dias) - 1} van {len(dias)}" in page_down
    assert f"Dia {len(dias) - 2} van {len(dias)}" in page_up
    assert na_stop["pickers"] >= 1
    for nummer, (maten, body) in gezien.items():
        assert maten["chrome"] == 0 and maten["pickers"] == 0, (nummer, maten)
        lopend = maten["tekst"] + maten["bron"]        # plain text, notices, explanations and sources
        assert lopend and min(lopend) >= 28, (nummer, lopend)
        assert "Traceback" not in body
    cijfer = gezien[soorten["cijfer"]][0]
    assert cijfer["figuur"] and min(cijfer["figuur"]) >= 64
    assert cijfer["as"] and min(px for _, px in cijfer["as"]) >= 24
    assert "0" in [t for t, _ in cijfer["as"]]                        # the trend's axis starts at 0
    assert gezien[soorten["dichtheid"]][0]["hoogte"][0] >= 800         # the triad fills the slide's height
    for nummer, dia in enumerate(dias, 1):
        if dia.soort == "verhaal":     # the whole story as stored, not an excerpt
            tekst = conn.execute("SELECT tekst FROM verhalen WHERE titel = ?", [dia.kop]).fetchone()[0]
            assert re.sub(r"\s+", " ", tekst) in re.sub(r"\s+", " ", gezien[nummer][1])
