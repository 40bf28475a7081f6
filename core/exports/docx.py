"""The handout of an interpretatiesessie as a Word file, written by python-docx: the same cover and
story cards as the PDF (core.exports.pdf), one card per page, with 'pagina n van N' as Word fields in
the footer. Control characters are removed from every text (`plain`), since Word's XML cannot hold them."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from core.exports.content import PRODUCT, HandoutData, VerhaalKaart, alineas, handout_chart_png, plain
from core.exports.stijl import KLEUR_LABEL, KLEUR_NADRUK, KLEUR_ZACHT
from core.vertellen.consent import FICTIEF_LABEL


def _docx_document(titel: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    doc.core_properties.title = plain(titel)
    doc.core_properties.author = PRODUCT
    doc.core_properties.language = "nl-NL"
    doc.styles["Normal"].font.size = Pt(11)
    return doc


def _docx_field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) with a cached value; Word fills in the real one."""
    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _docx_footer(doc, pages: int) -> None:
    """'pagina n van N' in the footer of every page (Word fields; the cached N is our estimate)."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("pagina ")
    _docx_field(paragraph, "PAGE", "1")
    paragraph.add_run(" van ")
    _docx_field(paragraph, "NUMPAGES", str(pages))
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _docx_small(doc, text: str, colour: str = KLEUR_ZACHT, bold: bool = False):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(plain(text))
    run.font.size, run.font.bold = Pt(10), bold
    run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return paragraph


def _docx_cover(doc, data: HandoutData, png: bytes | None) -> None:
    _docx_small(doc, "Interpretatiesessie", KLEUR_NADRUK, bold=True)
    doc.add_heading(plain(data.titel), level=0)
    _docx_small(doc, data.gemeente_datum)
    doc.add_heading(data.vragen_kop, level=1)
    for vraag in data.vragen:
        doc.add_paragraph(plain(vraag), style="List Number")
    doc.add_heading("Patroon in de verhalen", level=1)
    if png is not None:
        doc.add_paragraph(plain(data.patroon_bijschrift))
        doc.add_picture(io.BytesIO(png), width=Cm(16))
    else:
        doc.add_paragraph(plain(data.patroon_melding), style="Intense Quote")
    _docx_small(doc, data.aantal_zin)
    if data.melding:
        _docx_small(doc, data.melding)


def _docx_card(doc, kaart: VerhaalKaart, nummer: int, totaal: int) -> None:
    _docx_small(doc, f"Verhaal {nummer} van {totaal}", KLEUR_NADRUK, bold=True)
    doc.add_heading(plain(kaart.titel), level=1)
    _docx_small(doc, " · ".join(p for p in (kaart.wijknaam, str(kaart.jaar) if kaart.jaar else "") if p))
    if kaart.fictief:
        _docx_small(doc, FICTIEF_LABEL, KLEUR_LABEL, bold=True)
    for alinea in alineas(kaart.tekst):
        doc.add_paragraph(alinea)
    if kaart.duiding:
        _docx_small(doc, "Duiding door de verteller: " + kaart.duiding)


def handout_docx(data: HandoutData) -> bytes:
    """The handout as a Word file: the same cover and story cards as the PDF, one card per page."""
    doc = _docx_document(data.titel)
    _docx_cover(doc, data, handout_chart_png(data))
    for nummer, kaart in enumerate(data.kaarten, start=1):
        doc.add_page_break()
        _docx_card(doc, kaart, nummer, len(data.kaarten))
    _docx_footer(doc, 1 + len(data.kaarten))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
