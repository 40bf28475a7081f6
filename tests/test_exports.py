"""The wijkfoto documents without gaps: every indicator's sparkline draws (method breaks included), the
leefgebied images the PDF and PowerPoint embed are not blank, the tables carry the reference group, and
`python -m core export wijkfoto` writes every wijk of a gemeente into one document for the council.

'Blank' is measured on pixels: a title alone has no pixels of the line's blue, so a panel needs a
minimum of them below its title."""
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from core.exports import content, downloads, figuren
from core.exports.pdf import wijkfoto_pdf
from core.exports.pptx import wijkfoto_pptx
from core.store.db import connect_readonly
from core.tellen import figures
from core.tellen import wijkfoto as wf
from core.vertellen.consent import Zichtbaarheid
from tests.test_documents import flat, pdf_pages, render_pngs, slide_texts

WIJK = "WK054700"
JAAR = 2020
MIN_LIJN_PIXELS = 80   # one point alone (size 50 at scale 2) has about 200


def line_pixels(png: bytes) -> np.ndarray:
    """A mask of the pixels in the line's blue (#0072B2, anti-aliased on white: blue well above red).
    Titles and labels are grey-black and the break rule is orange, so they never count."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return (rgb[..., 2] - rgb[..., 0]) > 50


def break_pixels(png: bytes) -> int:
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int(((rgb[..., 0] - rgb[..., 2]) > 80).sum())


@pytest.fixture(scope="module")
def store(fixture_store, fixture_verhalen):
    with connect_readonly(fixture_store, fixture_verhalen) as connection:
        yield connection


def catalog_tegel(store, indicator: str, groep: str) -> wf.Tegel | None:
    """A tile of any catalog indicator for the fixture wijk (the wijkfoto shows one per slot)."""
    reeks = store.execute("SELECT jaar, waarde FROM vergelijkingen WHERE regio = ? AND indicator = ? "
                          "AND leeftijdsgroep = ? AND jaar <= ? ORDER BY jaar",
                          [WIJK, indicator, groep, JAAR]).df()
    info = figures.indicator_info(store, indicator)
    if reeks.empty or info is None:
        return None
    laatste = reeks.iloc[-1]
    return wf.Tegel(info=info, groep=groep, jaar=int(laatste["jaar"]), waarde=float(laatste["waarde"]),
                    gemeente=None, nederland=None, referentie=None, reeks=pd.DataFrame(reeks), oordeel="onbekend",
                    oordeel_tekst="", trend_tekst="")


def catalog_indicators() -> list[tuple[str, str]]:
    return list(dict.fromkeys((ind, groep) for _, slots in wf.plekken() for slot in slots for ind, groep in slot))


@pytest.fixture(scope="module")
def tegels(store):
    found = {pair: catalog_tegel(store, *pair) for pair in catalog_indicators()}
    return {pair: tegel for pair, tegel in found.items() if tegel is not None}


# --- every chart draws -------------------------------------------------------------------------------

def test_every_catalog_indicator_draws_its_sparkline(store, tegels, artifacts):
    assert len(tegels) >= 12   # the fixture wijk has figures for nearly every catalog indicator
    for indicator in ("ggd_eenzaam", "ggd_risico_angst_depressie"):   # the charts the issue found title-only
        assert (indicator, "18 jaar of ouder") in tegels
    blank = {}
    for (indicator, _), tegel in tegels.items():
        breuken = [jaar for jaar, _ in content.tegel_breuken(store, WIJK, tegel)]
        png = downloads.chart_png(figuren.sparkline_chart(tegel, breuken))
        (artifacts / f"sparkline_{indicator}.png").write_bytes(png)
        if line_pixels(png).sum() < MIN_LIJN_PIXELS:
            blank[indicator] = int(line_pixels(png).sum())
    assert not blank, f"title-only sparklines: {blank}"


def test_a_break_is_marked_and_both_parts_are_drawn(store, tegels, artifacts):
    tegel = tegels[("ggd_eenzaam", "18 jaar of ouder")]
    breuken = content.tegel_breuken(store, WIJK, tegel)
    assert [jaar for jaar, _ in breuken] == [2020] and "coronapandemie" in breuken[0][1]
    spec = figuren.sparkline_chart(tegel, [2020])
    rule = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rule and rule[0]["data"]["values"] == [{"jaar": 2020}]
    assert sorted({row["deel"] for row in spec["data"]["values"]}) == [0, 1]   # the solid line splits at 2020
    png = downloads.chart_png(spec)
    (artifacts / "sparkline_breuk.png").write_bytes(png)
    mask = line_pixels(png)
    width = mask.shape[1]
    assert mask[:, : width // 3].sum() >= MIN_LIJN_PIXELS and mask[:, 2 * width // 3:].sum() >= MIN_LIJN_PIXELS
    assert break_pixels(png) > 20   # the dashed orange rule
    # it stands between the two measurements, clear of the 2020 point and its label (as on the wijkfoto page)
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    rule_cols = np.nonzero(((rgb[..., 0] - rgb[..., 2]) > 80).any(axis=0))[0]
    line_cols = np.nonzero(mask.any(axis=0))[0]
    assert line_cols.min() + width // 10 < rule_cols.min() and rule_cols.max() < line_cols.max() - width // 10


@pytest.fixture(scope="module")
def inhoud(store):
    foto = wf.wijkfoto(store, WIJK, JAAR, Zichtbaarheid.INTERN, k=1)
    return foto, content.wijkfoto_export(foto, store, Zichtbaarheid.INTERN, 1)


def test_leefgebied_images_are_not_blank_in_any_panel(inhoud, artifacts):
    foto, export = inhoud
    for (naam, tiles), gebied in zip(foto.leefgebieden, export.leefgebieden):
        panels = sum(1 for t in tiles if len(t.reeks))
        if not panels:
            assert gebied.grafiek is None
            continue
        (artifacts / f"leefgebied_{naam.split()[0]}.png").write_bytes(gebied.grafiek)
        mask = line_pixels(gebied.grafiek)
        slices = np.array_split(mask, panels, axis=1)   # the panels are as wide as each other
        assert all(s.sum() >= MIN_LIJN_PIXELS for s in slices), (naam, [int(s.sum()) for s in slices])
    meedoen = next(g for g in export.leefgebieden if g.naam.startswith("Meedoen"))
    assert any("Stippellijn bij 2020" in zin and "Eenzaam" in zin for zin in meedoen.breuken)


def test_the_pptx_and_pdf_embed_those_images(store, inhoud):
    foto, export = inhoud
    prs = Presentation(io.BytesIO(wijkfoto_pptx(foto, store, Zichtbaarheid.INTERN, 1)))
    pictures = [shape.image.blob for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
    assert pictures == [g.grafiek for g in export.leefgebieden if g.grafiek is not None]
    reader = PdfReader(io.BytesIO(wijkfoto_pdf(foto, store, Zichtbaarheid.INTERN, 1)))
    images = [image.image for page in reader.pages for image in page.images]
    assert len(images) == len(pictures)
    for image in images:   # as printed: the line's blue is still there in every panel third
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG")
        mask = line_pixels(buffer.getvalue())
        assert all(part.sum() >= MIN_LIJN_PIXELS for part in np.array_split(mask, 2, axis=1))


# --- the reference group in the tables ---------------------------------------------------------------

def test_tables_carry_the_reference_group(store, inhoud, artifacts):
    foto, export = inhoud
    eenzaam = next(c for g in export.leefgebieden for c in g.cijfers if c.label.startswith("Eenzaam"))
    assert eenzaam.referentie == "48,0%"
    pdf = wijkfoto_pdf(foto, store, Zichtbaarheid.INTERN, 1)
    (artifacts / "wijkfoto_referentie.pdf").write_bytes(pdf)
    text = " ".join(pdf_pages(pdf))
    assert "Vergelijkbare" in text and "Referentiegroep" in text   # the header cell wraps
    for gebied in export.leefgebieden:
        for cijfer in gebied.cijfers:
            assert cijfer.referentie in text, cijfer.label
    prs = Presentation(io.BytesIO(wijkfoto_pptx(foto, store, Zichtbaarheid.INTERN, 1)))
    for slide, gebied in zip(list(prs.slides)[1:], export.leefgebieden):
        if not gebied.cijfers:
            continue
        table = next(s.table for s in slide.shapes if s.has_table)
        header = [cell.text for cell in table.rows[0].cells]
        column = header.index("Vergelijkbare wijken")
        assert [table.cell(r, column).text for r in range(1, len(table.rows))] == [c.referentie for c in gebied.cijfers]
    meedoen = slide_texts(list(prs.slides)[2])
    assert "48,0%" in meedoen and "Stippellijn bij 2020" in meedoen


# --- the council document of a whole gemeente ----------------------------------------------------------

def run_export(fixture_store, fixture_verhalen, *args, **extra_env):
    env = {**os.environ, "TV_STORE": str(fixture_store), "TV_VERHALEN": str(fixture_verhalen), **extra_env}
    return subprocess.run([sys.executable, "-m", "core", "export", "wijkfoto", *args], capture_output=True,
                          text=True, env=env, cwd=Path(__file__).resolve().parent.parent, timeout=600)


@pytest.fixture(scope="module")
def leiden_wijken(store):
    keuze = wf.wijk_keuze(store, "GM0546")
    return list(keuze.wijken["naam"])


def test_council_pdf_holds_every_wijk(fixture_store, fixture_verhalen, leiden_wijken, artifacts):
    target = artifacts / "raad_leiden.pdf"
    done = run_export(fixture_store, fixture_verhalen, "--gemeente", "GM0546", "--jaar", "2020", "--pdf", str(target))
    assert done.returncode == 0, done.stderr
    assert len(leiden_wijken) >= 2
    for naam in leiden_wijken:
        assert f"Wijkfoto {naam}" in done.stdout + done.stderr   # a progress line per wijk
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    pages = [flat(page.extract_text()) for page in reader.pages]
    cover = pages[0]
    assert "Leiden" in cover and "2020" in cover and all(naam in cover for naam in leiden_wijken)
    assert all(f"pagina {n} van {len(pages)}" in page for n, page in enumerate(pages, start=1))
    starts = [i for i, page in enumerate(pages) if "Wijkfoto voor de raad" in page]
    assert len(starts) == len(leiden_wijken) and starts[0] == 1
    for naam, start in zip(leiden_wijken, starts):
        assert f"Wijkfoto {naam}" in pages[start]
        assert f"{naam} pagina {start + 1}" in cover   # the cover says where each wijk starts
    render_pngs(target, "raad_leiden")


def test_council_pptx_holds_every_wijk(fixture_store, fixture_verhalen, leiden_wijken, artifacts):
    target = artifacts / "raad_leiden.pptx"
    done = run_export(fixture_store, fixture_verhalen, "--gemeente", "GM0546", "--jaar", "2020", "--pptx", str(target))
    assert done.returncode == 0, done.stderr
    slides = list(Presentation(str(target)).slides)
    cover = slide_texts(slides[0])
    assert "Leiden" in cover and "2020" in cover and all(naam in cover for naam in leiden_wijken)
    titles = [s.shapes.title.text for s in slides]
    assert [t for t in titles if t.startswith("Wijkfoto ")] == [f"Wijkfoto {naam}" for naam in leiden_wijken]
    for naam in leiden_wijken:
        assert f"{naam} (dia {titles.index(f'Wijkfoto {naam}') + 1})" in cover
    assert all(f"dia {n} van {len(slides)}" in slide_texts(s) for n, s in enumerate(slides, start=1))


@pytest.mark.parametrize("args, melding", [
    (["--gemeente", "GM9999", "--jaar", "2020"], "GM9999"),
    (["--gemeente", "GM0546", "--jaar", "1990"], "1990"),
])
def test_council_export_refuses_in_dutch(fixture_store, fixture_verhalen, tmp_path, args, melding):
    done = run_export(fixture_store, fixture_verhalen, *args, "--pdf", str(tmp_path / "x.pdf"))
    assert done.returncode == 1 and done.stderr.startswith("Fout: ") and melding in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.pdf").exists()


def test_council_export_refuses_a_gemeente_without_wijk_figures(writable_store, fixture_verhalen, tmp_path):
    import duckdb
    with duckdb.connect(str(writable_store)) as conn:
        conn.execute("DELETE FROM vergelijkingen WHERE gemeentecode = 'GM0546' AND niveau = 'wijk'")
    done = run_export(writable_store, fixture_verhalen, "--gemeente", "GM0546", "--jaar", "2020",
                      "--pptx", str(tmp_path / "x.pptx"))
    assert done.returncode == 1 and "Van Leiden (GM0546) zijn geen wijkcijfers" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.pptx").exists()


def test_council_export_names_a_nameless_gemeente_by_its_code(writable_store, fixture_verhalen, tmp_path):
    """CBS lists GM9999 ('onbekend') with an empty name and no wijken: the message names the code."""
    import duckdb
    with duckdb.connect(str(writable_store)) as conn:
        conn.execute("INSERT INTO regios SELECT * REPLACE ('GM9999' AS code, '' AS naam, 'GM9999' AS gemeentecode) "
                     "FROM regios WHERE niveau = 'gemeente' LIMIT 1")
    done = run_export(writable_store, fixture_verhalen, "--gemeente", "GM9999", "--jaar", "2020",
                      "--pdf", str(tmp_path / "x.pdf"))
    assert done.returncode == 1 and "Fout: Van GM9999 zijn geen wijkcijfers in de opslag." in done.stderr, done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_council_export_keeps_the_privacy_rules_of_the_mode(fixture_store, fixture_verhalen, tmp_path):
    """Staff mode shows intern stories, partner mode (TV_PARTNERMODUS) only openbaar ones; never a 'nee' story."""
    texts = {}
    for modus in ("0", "1"):
        target = tmp_path / f"raad_{modus}.pdf"
        done = run_export(fixture_store, fixture_verhalen, "--gemeente", "GM0547", "--jaar", "2020", "--pdf",
                          str(target), TV_PARTNERMODUS=modus, TV_MIN_GROEP="1")
        assert done.returncode == 0, done.stderr
        texts[modus] = " ".join(pdf_pages(target.read_bytes()))
    assert "Glas op de vloer" in texts["0"] and "Glas op de vloer" not in texts["1"]   # an intern story
    assert "Vlot geregeld" in texts["1"]                                                # an openbaar story
    assert not any(titel in text for text in texts.values() for titel in ("Alles achter glas", "Ik ben ook nog iemand"))
