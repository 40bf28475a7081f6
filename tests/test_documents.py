"""Documents for meetings, parsed back: the session handout (PDF, Word) and the wijkfoto export (PDF,
PowerPoint). Consent and the minimum group size hold in every file; story text stays plain text.

The rendered files are written to test-artifacts/ (PDF pages also as PNG, with pdftoppm), so
a person can look at them."""
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from core.exports import content, figuren
from core.exports.content import HandoutData, VerhaalKaart
from core.exports.docx import handout_docx
from core.exports.pdf import handout_pdf, wijkfoto_pdf
from core.exports.pptx import wijkfoto_pptx
from core.samen import sessions
from core.store import werk
from core.store.db import connect_readonly
from core.tellen import wijkfoto as wf
from core.vertellen import patterns
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid
from core.vertellen.patterns import PatroonFout
from core.vertellen.stories import VerhaalFilter

K = 5
K_INHOUD = 1   # the fixture's wijk holds 2 or 3 stories: with k=5 the small-group rules hide them (test_kleine_groepen)
NEE_TITELS = {"Een gehoorapparaat is geen luxe", "Alles achter glas", "Ik ben ook nog iemand",
              "Sleutels tussen mijn vingers"}
INTERN_TITELS = {"Niemand zegt gedag in de lift", "Glas op de vloer", "Zzp'er in lockdown",
                 "Elk weekend de trein naar mijn moeder"}
TITEL = "Waarom lukt stimuleren minder goed?"
VRAGEN = ("Wat valt u op in deze verhalen?", "Wat betekent een eigen bijdrage van € 25 voor gezinnen in Leiderdorp?")
DATUM = date(2026, 11, 23)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    return flat("\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs))


def slide_texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return flat("\n".join(parts))


def render_pngs(pdf_path, prefix: str) -> None:
    """Pages as PNG for a person to look at (poppler's pdftoppm; scripts/test.sh installs it)."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: run the README's test command, it installs poppler-utils"
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf_path), str(pdf_path.parent / prefix)], check=True)


@pytest.fixture(scope="module")
def store(fixture_store, fixture_verhalen):
    with connect_readonly(fixture_store, fixture_verhalen) as connection:
        yield connection


@pytest.fixture(scope="module")
def werkbestand(tmp_path_factory, store):
    """A werkbestand with a varied session (a `nee` story id slipped in) and a small one (< k)."""
    conn = werk.connect_werk(tmp_path_factory.mktemp("werk") / "werk.duckdb")
    pool = sessions.candidates(store, VerhaalFilter(gemeente="GM0547"), Zichtbaarheid.INTERN)
    sample = sessions.draw_sample(pool, 7, seed=3)
    groot = sessions.save_session(conn, TITEL, "GM0547", VRAGEN, [*sample["id"], "V0016"], seed=3,
                                  filter=VerhaalFilter(gemeente="GM0547"), datum=DATUM)
    klein = sessions.save_session(conn, "Kleine groep", "GM0547", ["Wat valt op?"], ["V0001", "V0016", "V0004"],
                                  datum=DATUM)
    yield conn, groot, klein
    conn.close()


@pytest.fixture(scope="module")
def handout_groot(store, werkbestand):
    conn, groot, _ = werkbestand
    return content.handout_data(store, conn, groot, Zichtbaarheid.INTERN, K)


@pytest.fixture(scope="module")
def handout_klein(store, werkbestand):
    conn, _, klein = werkbestand
    return content.handout_data(store, conn, klein, Zichtbaarheid.INTERN, K)


@pytest.fixture(scope="module")
def files(handout_groot, store, artifacts):
    foto = wf.wijkfoto(store, "WK054700", 2020, Zichtbaarheid.INTERN, k=K_INHOUD)   # built in INTERN mode
    made = {"handout.pdf": handout_pdf(handout_groot),
            "handout.docx": handout_docx(handout_groot),
            "wijkfoto.pdf": wijkfoto_pdf(foto, store, Zichtbaarheid.PARTNER, K_INHOUD),
            "wijkfoto.pptx": wijkfoto_pptx(foto, store, Zichtbaarheid.PARTNER, K_INHOUD)}
    for name, data in made.items():
        (artifacts / name).write_bytes(data)
    render_pngs(artifacts / "handout.pdf", "handout")
    render_pngs(artifacts / "wijkfoto.pdf", "wijkfoto")
    return made


# --- the handout's data ----------------------------------------------------------------------------

def test_handout_data_reads_only_readable_stories(handout_groot, handout_klein):
    ids = [kaart.id for kaart in handout_groot.kaarten]
    assert len(ids) == 7 and "V0016" not in ids
    assert handout_groot.melding.startswith("1 verhaal uit deze sessie wordt niet getoond")
    assert (handout_groot.titel, handout_groot.vragen, handout_groot.gemeentenaam) == (TITEL, VRAGEN, "Leiderdorp")
    assert handout_groot.datum_tekst == "23 november 2026"
    assert handout_groot.patroon_vraag.id == "ervaring" and handout_groot.toont_patroon
    assert handout_groot.patroon.n == 7 and not handout_groot.patroon.data["count"].between(1, K - 1).any()
    assert [k.id for k in handout_klein.kaarten] == ["V0001", "V0004"]
    assert handout_klein.patroon.too_small and "minder dan 5" in handout_klein.patroon_melding


def test_partner_handout_leaves_out_intern_stories(store, werkbestand):
    conn, groot, _ = werkbestand
    intern = content.handout_data(store, conn, groot, Zichtbaarheid.INTERN, K)
    partner = content.handout_data(store, conn, groot, Zichtbaarheid.PARTNER, K)
    partner_titels = {k.titel for k in partner.kaarten}
    assert not partner_titels & (INTERN_TITELS | NEE_TITELS)
    assert {k.titel for k in intern.kaarten} & INTERN_TITELS   # the sample did hold intern stories
    assert partner.patroon.n == len(partner.kaarten)


def test_pattern_chart_is_dutch_bars_and_refuses_a_small_group(handout_groot, handout_klein):
    spec = figuren.pattern_chart(handout_groot.patroon, handout_groot.patroon_vraag).to_dict()
    assert spec["mark"]["type"] == "bar" and spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["encoding"]["x"]["title"] == "0 = negatief, 100 = positief"
    with pytest.raises(PatroonFout, match="minder dan 5"):
        figuren.pattern_chart(handout_klein.patroon, handout_klein.patroon_vraag)
    assert content.handout_chart_png(handout_klein) is None


# --- the handout as PDF and Word -------------------------------------------------------------------

def test_handout_pdf_cover_cards_and_page_numbers(files, handout_groot):
    pages = pdf_pages(files["handout.pdf"])
    n = len(pages)
    assert n == 1 + len(handout_groot.kaarten)
    cover = pages[0]
    for text in (TITEL, *VRAGEN, "Gemeente Leiderdorp", "23 november 2026", "Vraag: Hoe zou u uw ervaring",
                 f"pagina 1 van {n}"):
        assert text in cover
    assert len(PdfReader(io.BytesIO(files["handout.pdf"])).pages[0].images) == 1   # the pattern chart
    for number, page in enumerate(pages, start=1):
        assert f"pagina {number} van {n}" in page
    for kaart, page in zip(handout_groot.kaarten, pages[1:]):
        assert kaart.titel in page and FICTIEF_LABEL in page and kaart.wijknaam in page
        assert flat(content.alineas(kaart.tekst)[-1]) in page            # the full text, to the end
    everything = " ".join(pages)
    assert not any(titel in everything for titel in NEE_TITELS)


def test_handout_docx_cover_cards_and_page_fields(files, handout_groot):
    doc = Document(io.BytesIO(files["handout.docx"]))
    text = docx_text(files["handout.docx"])
    for part in (TITEL, *VRAGEN, "Gemeente Leiderdorp · 23 november 2026"):
        assert part in text
    for kaart in handout_groot.kaarten:
        assert kaart.titel in text and kaart.duiding in text
    assert text.count(FICTIEF_LABEL) == len(handout_groot.kaarten)
    assert not any(titel in text for titel in NEE_TITELS)
    assert len(doc.inline_shapes) == 1
    footer = doc.sections[0].footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter("{*}instrText")]
    assert footer.text.startswith("pagina ") and instructions == ["PAGE", "NUMPAGES"]


def test_small_session_shows_the_notice_instead_of_a_chart(handout_klein, artifacts):
    pdf = handout_pdf(handout_klein)
    (artifacts / "handout_klein.pdf").write_bytes(pdf)
    render_pngs(artifacts / "handout_klein.pdf", "handout_klein")
    reader = PdfReader(io.BytesIO(pdf))
    cover = flat(reader.pages[0].extract_text())
    assert len(reader.pages[0].images) == 0 and "minder dan 5" in cover and "geen patroon" in cover
    assert "Een gehoorapparaat is geen luxe" not in " ".join(pdf_pages(pdf))
    docx = handout_docx(handout_klein)
    assert len(Document(io.BytesIO(docx)).inline_shapes) == 0 and "minder dan 5" in docx_text(docx)


def test_story_text_is_printed_as_plain_text_never_as_markup(artifacts):
    tricky = "Ze schreef <b>vet</b> & <font color='red'>rood</font>.\x0bEn een café met crème brûlée voor € 5."
    kaart = VerhaalKaart("V9999", "Titel met <i>tags</i> & meer", tricky, "Wijk <1>", 2024, "Ervaring: 80", True)
    data = HandoutData("Sessie <script>", ("Wat als <u>dit</u>?",), "GM0547", "Leiderdorp", DATUM, (kaart,),
                       None, None, K)
    pdf_bytes = handout_pdf(data)
    (artifacts / "handout_tekens.pdf").write_bytes(pdf_bytes)
    render_pngs(artifacts / "handout_tekens.pdf", "handout_tekens")
    pdf = " ".join(pdf_pages(pdf_bytes))
    for literal in ("<b>vet</b> &", "<font color='red'>rood</font>", "Titel met <i>tags</i> & meer",
                    "Sessie <script>", "Wat als <u>dit</u>?", "rood</font>. En een café met crème brûlée voor € 5",
                    content.GEEN_VRAAG_MELDING):
        assert literal in pdf
    docx = docx_text(handout_docx(data))
    assert "<b>vet</b> & <font color='red'>rood</font>." in docx and "\x0b" not in docx


# --- the wijkfoto ------------------------------------------------------------------------------------

def test_wijkfoto_pdf_holds_figures_stories_and_sources(files):
    pages = pdf_pages(files["wijkfoto.pdf"])
    n = len(pages)
    text = " ".join(pages)
    first = pages[0]
    assert "Wijkfoto Wijk 00" in first and "Wijk in Leiderdorp · cijfers tot en met 2020" in first
    assert "16.375 inwoners (2024)" in first and f"pagina 1 van {n}" in first
    for number, page in enumerate(pages, start=1):
        assert f"pagina {number} van {n}" in page
    for part in ("Gezondheid", "Meedoen en sociale contacten", "Eenzaam (18 jaar of ouder)", "47,4% (2020)",
                 "45,8%", "47,0%", "Slechter dan de gemeente", "Verslechterd sinds 2012", "€ 35.216",
                 "Wat bewoners vertellen", "Vlot geregeld", FICTIEF_LABEL, "Bronnen", "CC BY 4.0",
                 "50090NED", "modelschattingen"):
        assert part in text, part
    assert len(PdfReader(io.BytesIO(files["wijkfoto.pdf"])).pages[0].images) >= 1   # sparklines


def test_wijkfoto_pptx_slides(files):
    prs = Presentation(io.BytesIO(files["wijkfoto.pptx"]))
    slides = list(prs.slides)
    titles = [s.shapes.title.text for s in slides]
    assert titles == ["Wijkfoto Wijk 00", "Gezondheid", "Meedoen en sociale contacten", "Zelfredzaamheid en zorg",
                      "Bestaanszekerheid", "Wonen en leefomgeving", "Wat bewoners vertellen", "Bronnen"]
    assert "16.375 inwoners (2024)" in slide_texts(slides[0])
    meedoen = slide_texts(slides[2])
    for part in ("Eenzaam (18 jaar of ouder)", "47,4% (2020)", "45,8%", "47,0%", "Slechter dan de gemeente"):
        assert part in meedoen
    assert all(any(shape.shape_type == 13 for shape in s.shapes) for s in slides[1:6])   # 13: picture
    for number, slide in enumerate(slides, start=1):
        assert f"dia {number} van {len(slides)}" in slide_texts(slide)
    assert FICTIEF_LABEL in slide_texts(slides[6]) and "CC BY 4.0" in slide_texts(slides[7])
    assert prs.slide_width > prs.slide_height


def test_wijkfoto_exports_check_consent_again(files, store):
    """The wijkfoto was built in INTERN mode; the partner export reads the stories again."""
    foto = wf.wijkfoto(store, "WK054700", 2020, Zichtbaarheid.INTERN, k=K_INHOUD)
    assert "Glas op de vloer" in set(foto.verhalen.fragmenten["titel"])   # intern, newest
    pdf = " ".join(pdf_pages(files["wijkfoto.pdf"]))
    pptx = " ".join(slide_texts(s) for s in Presentation(io.BytesIO(files["wijkfoto.pptx"])).slides)
    for text in (pdf, pptx):
        assert not any(titel in text for titel in INTERN_TITELS | NEE_TITELS)
        assert "Vlot geregeld" in text and "Woorden voor de bakker" in text
        assert "2 verhalen uit deze wijk" in text
        assert "uit alle jaren" in text   # the 2020 document says plainly its stories are not of 2020 only
    intern = " ".join(pdf_pages(wijkfoto_pdf(foto, store, Zichtbaarheid.INTERN, K_INHOUD)))
    assert "Glas op de vloer" in intern and not any(titel in intern for titel in NEE_TITELS)


def test_wijkfoto_story_share_only_from_k_answers(store):
    foto = wf.wijkfoto(store, "WK054700", 2020, Zichtbaarheid.INTERN, k=K)
    inhoud = content.wijkfoto_export(foto, store, Zichtbaarheid.INTERN, k=K_INHOUD)
    assert re.search(r"\d+% noemt de ervaring positief", inhoud.verhalen_zin)
    assert content.wijkfoto_export(foto, store, Zichtbaarheid.INTERN, k=K).verhalen_zin.count("%") == 0


def test_artifacts_are_written(files, artifacts):
    for name in files:
        assert (artifacts / name).stat().st_size > 1000
    assert (artifacts / "handout-1.png").exists() and (artifacts / "wijkfoto-1.png").exists()


def test_pattern_of_a_triad_counts_zones(store):
    info = patterns.signifier_info(store, "richting")
    pattern = content.session_pattern(store, info, ("V0001", "V0004", "V0006", "V0020"), Zichtbaarheid.INTERN,
                                      K_INHOUD)  # k=2 hides the zone of 1 and then the zone of 3 with it
    assert pattern.soort == "zones" and pattern.data.set_index("zone")["count"]["hoek: mijzelf"] == 3
    spec = figuren.pattern_chart(pattern, info).to_dict()
    assert spec["encoding"]["y"]["field"] == "zone"
