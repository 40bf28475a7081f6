"""The wijkfoto for the council as a 16:9 PowerPoint, written by python-pptx: a title slide, one slide
per leefgebied (key figures as a table, sparklines as a picture), what residents say and the sources,
with 'dia n van N' on every slide. The stories are read again in the given mode (core.exports.content),
and control characters are removed from every text, since PowerPoint's XML cannot hold them."""
from __future__ import annotations

import io
from dataclasses import replace

from pptx import Presentation
from pptx.dml.color import RGBColor as PptxRGB
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches
from pptx.util import Pt as PptxPt

from core.exports.content import PRODUCT, Leefgebied, RaadsDocument, WijkfotoExport, plain, wijkfoto_export
from core.exports.figuren import png_size
from core.exports.stijl import KLEUR_LABEL, KLEUR_NADRUK, KLEUR_TEKST, KLEUR_ZACHT
from core.samen import kernverhalen
from core.tellen import wijkfoto as wf
from core.vertellen import patterns
from core.vertellen.consent import Zichtbaarheid

DIA_BREEDTE, DIA_HOOGTE = Inches(13.333), Inches(7.5)
_MARGE = Inches(0.6)
_TITEL_ALLEEN = 5       # slide layout 'Title Only' of python-pptx's default template


def _pptx_colour(hex_colour: str) -> PptxRGB:
    return PptxRGB.from_string(hex_colour.lstrip("#"))


def _style_runs(paragraph, size: int, bold: bool = False, colour: str = KLEUR_TEKST) -> None:
    for run in paragraph.runs:
        run.font.size, run.font.bold = PptxPt(size), bold
        run.font.color.rgb = _pptx_colour(colour)


def _pptx_slide(prs, titel: str):
    slide = prs.slides.add_slide(prs.slide_layouts[_TITEL_ALLEEN])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _MARGE, Inches(0.3), DIA_BREEDTE - 2 * _MARGE, Inches(0.9)
    shape.text = plain(titel)
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    _style_runs(shape.text_frame.paragraphs[0], 32, bold=True)
    return slide


def _textbox(slide, left, top, width, height):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    return frame


def _add_line(frame, text: str, size: int, bold: bool = False, colour: str = KLEUR_TEKST, first: bool = False):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.text = plain(text)
    _style_runs(paragraph, size, bold, colour)
    return paragraph


def _pptx_title_slide(prs, inhoud: WijkfotoExport) -> None:
    slide = _pptx_slide(prs, inhoud.titel)
    slide.shapes.title.top, slide.shapes.title.height = Inches(2.2), Inches(1.3)
    _style_runs(slide.shapes.title.text_frame.paragraphs[0], 44, bold=True)
    frame = _textbox(slide, _MARGE, Inches(3.6), DIA_BREEDTE - 2 * _MARGE, Inches(2.8))
    _add_line(frame, inhoud.ondertitel, 24, colour=KLEUR_ZACHT, first=True)
    _add_line(frame, inhoud.inwoners, 24, colour=KLEUR_ZACHT).space_before = PptxPt(6)
    for note in inhoud.opmerkingen:
        _add_line(frame, note, 12, colour=KLEUR_ZACHT).space_before = PptxPt(18)


def _fill_cell(cell, text: str, size: int, bold: bool = False, colour: str = KLEUR_TEKST) -> None:
    cell.text = plain(text)
    for paragraph in cell.text_frame.paragraphs:
        _style_runs(paragraph, size, bold, colour)


_KOLOM_INCH = (3.1, 1.7, 1.4, 1.4, 1.6, 2.933)   # sums to the slide width minus the margins


def _pptx_table(slide, inhoud: WijkfotoExport, gebied: Leefgebied) -> None:
    rows = len(gebied.cijfers) + 1
    table = slide.shapes.add_table(rows, len(_KOLOM_INCH), _MARGE, Inches(1.3), DIA_BREEDTE - 2 * _MARGE,
                                   Inches(0.4 * rows)).table
    for i, width in enumerate(_KOLOM_INCH):
        table.columns[i].width = Inches(width)
    for row in table.rows:
        row.height = Inches(0.4)   # the minimum; PowerPoint makes a row taller when its text needs it
    for i, text in enumerate(inhoud.tabel_kop):
        _fill_cell(table.cell(0, i), text, 14, bold=True, colour="#ffffff")
    for r, c in enumerate(gebied.cijfers, start=1):
        for i, text in enumerate(c.cellen):
            _fill_cell(table.cell(r, i), text, 14)


def _pptx_picture(slide, png: bytes, top, max_height) -> None:
    width, height = png_size(png)
    max_width = DIA_BREEDTE - 2 * _MARGE
    if width / height >= max_width / max_height:
        slide.shapes.add_picture(io.BytesIO(png), _MARGE, top, width=max_width)
    else:
        slide.shapes.add_picture(io.BytesIO(png), _MARGE, top, height=max_height)


def _pptx_leefgebied(prs, inhoud: WijkfotoExport, gebied: Leefgebied) -> None:
    slide = _pptx_slide(prs, gebied.naam)
    if not gebied.cijfers:
        _add_line(_textbox(slide, _MARGE, Inches(1.5), Inches(10), Inches(1)), "Geen cijfers voor dit leefgebied.",
                  18, first=True)
        return
    _pptx_table(slide, inhoud, gebied)
    noten = list(gebied.breuken) + (["GGD-wijkcijfers zijn modelschattingen."]
                                    if any(c.modelschatting for c in gebied.cijfers) else [])
    if gebied.grafiek is not None:
        _pptx_picture(slide, gebied.grafiek, Inches(4.5), Inches(1.85 if noten else 2.1))
    if noten:   # under the picture, above the footer line
        frame = _textbox(slide, _MARGE, Inches(6.4), DIA_BREEDTE - 2 * _MARGE, Inches(0.55))
        for i, noot in enumerate(noten):
            _add_line(frame, noot, 10, colour=KLEUR_ZACHT, first=i == 0)


def _pptx_stories(prs, inhoud: WijkfotoExport) -> None:
    slide = _pptx_slide(prs, "Wat bewoners vertellen")
    frame = _textbox(slide, _MARGE, Inches(1.3), DIA_BREEDTE - 2 * _MARGE, Inches(5.4))
    _add_line(frame, inhoud.verhalen_zin, 18, first=True)
    for row in inhoud.fragmenten.itertuples():
        kern = getattr(row, "kern", "")
        if kern:   # a key story (core.samen.kernverhalen) comes first, its label and reason before its title
            _add_line(frame, kern, 12, bold=True, colour=KLEUR_NADRUK).space_before = PptxPt(14)
        _add_line(frame, row.titel, 16, bold=True).space_before = PptxPt(4 if kern else 14)
        _add_line(frame, " · ".join(p for p in (str(row.jaar), row.fictief_label) if p), 12, colour=KLEUR_LABEL)
        _add_line(frame, row.fragment, 14)


def _pptx_sources(prs, inhoud: WijkfotoExport) -> None:
    slide = _pptx_slide(prs, "Bronnen")
    frame = _textbox(slide, _MARGE, Inches(1.3), DIA_BREEDTE - 2 * _MARGE, Inches(5.4))
    for i, line in enumerate(inhoud.bronnen):
        _add_line(frame, line, 14, first=i == 0).space_after = PptxPt(8)


def _pptx_numbers(prs, voettekst: str) -> None:
    """'dia n van N' and a footer line on every slide."""
    total = len(prs.slides)
    for number, slide in enumerate(prs.slides, start=1):
        left = _textbox(slide, _MARGE, Inches(7.0), Inches(8), Inches(0.35))
        _add_line(left, voettekst, 10, colour=KLEUR_ZACHT, first=True)
        right = _textbox(slide, DIA_BREEDTE - _MARGE - Inches(3), Inches(7.0), Inches(3), Inches(0.35))
        _add_line(right, f"dia {number} van {total}", 10, colour=KLEUR_ZACHT, first=True).alignment = PP_ALIGN.RIGHT


def _pptx_wijk(prs, inhoud: WijkfotoExport) -> None:
    _pptx_title_slide(prs, inhoud)
    for gebied in inhoud.leefgebieden:
        _pptx_leefgebied(prs, inhoud, gebied)
    _pptx_stories(prs, inhoud)
    _pptx_sources(prs, inhoud)


def _pptx_bytes(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _presentation():
    prs = Presentation()
    prs.slide_width, prs.slide_height = DIA_BREEDTE, DIA_HOOGTE
    return prs


def wijkfoto_pptx(foto: wf.Wijkfoto, store_conn, mode: Zichtbaarheid,
                  k: int = patterns.MIN_GROEP_STANDAARD, werk_conn=None) -> bytes:
    """The wijkfoto as a 16:9 PowerPoint: a title slide, one slide per leefgebied (table and
    sparklines), what residents say (checked again in `mode`; with the werkbestand the wijk's key stories
    first, core.samen.kernverhalen), and the sources."""
    inhoud = wijkfoto_export(foto, store_conn, mode, k)
    if werk_conn is not None:
        inhoud = replace(inhoud, fragmenten=kernverhalen.voorop(store_conn, werk_conn, inhoud.fragmenten, foto.wijk,
                                                                 None, mode))
    prs = _presentation()
    _pptx_wijk(prs, inhoud)
    _pptx_numbers(prs, f"{PRODUCT} · {inhoud.titel} · {inhoud.gemeentenaam} · {inhoud.jaar}")
    return _pptx_bytes(prs)


def raad_pptx(raad: RaadsDocument, inhouden) -> bytes:
    """The council document as PowerPoint: a cover slide (gemeente, year, the wijken), then each wijk's
    slides. `inhouden`: the wijken's WijkfotoExport, in order."""
    prs, inhouden = _presentation(), list(inhouden)
    eerste = [2 + sum(len(i.leefgebieden) + 3 for i in inhouden[:n]) for n in range(len(inhouden))]
    slide = _pptx_slide(prs, raad.titel)
    frame = _textbox(slide, _MARGE, Inches(1.3), DIA_BREEDTE - 2 * _MARGE, Inches(5.5))
    _add_line(frame, raad.ondertitel, 20, colour=KLEUR_ZACHT, first=True)
    _add_line(frame, raad.wijken_kop, 18, bold=True).space_before = PptxPt(18)
    grootte = 16 if len(raad.wijknamen) <= 12 else 11
    wijken = [f"{naam} (dia {dia})" for naam, dia in zip(raad.wijknamen, eerste)]
    _add_line(frame, " · ".join(wijken), grootte).space_before = PptxPt(6)
    for inhoud in inhouden:
        _pptx_wijk(prs, inhoud)
    _pptx_numbers(prs, f"{PRODUCT} · {raad.voettekst}")
    return _pptx_bytes(prs)
