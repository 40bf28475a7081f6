"""The documents as PDF, laid out with reportlab: the handout of an interpretatiesessie (a cover,
then one story card per page) and the wijkfoto for the council. The font is Bitstream Vera from the
reportlab package (so ë, é and € print on any machine); every page carries 'pagina n van N'. Story
text is escaped for reportlab's mini-HTML, so it prints as plain text, never as markup."""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.exports.content import (
    PRODUCT,
    HandoutData,
    Leefgebied,
    RaadsDocument,
    VerhaalKaart,
    WijkfotoExport,
    alineas,
    handout_chart_png,
    plain,
    wijkfoto_export,
)
from core.exports.figuren import png_size
from core.exports.stijl import KLEUR_LABEL, KLEUR_MELDING, KLEUR_NADRUK, KLEUR_TEKST, KLEUR_VLAK, KLEUR_ZACHT
from core.tellen import wijkfoto as wf
from core.vertellen import patterns
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid


def _rl(text) -> str:
    """Text for a reportlab Paragraph, which reads mini-HTML: &, < and > are escaped, so a story
    that contains '<b>' prints '<b>'."""
    return escape(plain(text))


# --- fonts, styles, pages ---------------------------------------------------------------------------

FONT = "TV-Vera"
FONT_BOLD = "TV-Vera-Bold"
FONT_ITALIC = "TV-Vera-Italic"
_VERA = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", "TV-Vera-BoldItalic": "VeraBI.ttf"}


def _register_fonts() -> None:
    """Register Bitstream Vera (shipped inside reportlab) once per process; it has ë, é, € and –."""
    import reportlab
    from reportlab.lib.fonts import addMapping
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _VERA.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT_ITALIC), (1, 1, "TV-Vera-BoldItalic")):
        addMapping(FONT, bold, italic, name)


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()

    def style(name, size, font=FONT, colour=KLEUR_TEKST, **extra):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=round(size * 1.35, 1),
                              textColor=colors.HexColor(colour), **extra)

    return {"boven": style("boven", 10, FONT_BOLD, KLEUR_NADRUK, spaceAfter=4),
            "titel": style("titel", 24, FONT_BOLD, spaceAfter=6),
            "sub": style("sub", 12, colour=KLEUR_ZACHT, spaceAfter=14),
            "kop": style("kop", 14, FONT_BOLD, spaceBefore=12, spaceAfter=6),
            "tekst": style("tekst", 11, spaceAfter=6),
            "verhaal": style("verhaal", 12.5, spaceAfter=8),
            "vraag": style("vraag", 13, FONT_BOLD, leftIndent=18, firstLineIndent=-18, spaceAfter=6),
            "klein": style("klein", 9, colour=KLEUR_ZACHT, spaceAfter=4),
            "cel": style("cel", 9),
            "celkop": style("celkop", 9, FONT_BOLD),
            "tabelkop": style("tabelkop", 8, FONT_BOLD),
            "kaarttitel": style("kaarttitel", 16, FONT_BOLD),
            "label": style("label", 10, FONT_BOLD, KLEUR_LABEL, spaceAfter=8)}


def _numbered_canvas(voettekst: str):
    """A canvas class that writes 'pagina n van N' on every page (two passes: N is known at the end)."""
    voet = plain(voettekst)

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(len(self._pages))
                super().showPage()
            super().save()

        def _footer(self, total: int):
            self.setFont(FONT, 9)
            self.setFillColor(colors.HexColor(KLEUR_ZACHT))
            self.drawString(2 * cm, 1.2 * cm, voet[:90])
            self.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"pagina {self._pageNumber} van {total}")

    return NumberedCanvas


def _pdf_bytes(flowables: list, titel: str, voettekst: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2.2 * cm, title=plain(titel), author=PRODUCT, lang="nl-NL")
    doc.build(flowables, canvasmaker=_numbered_canvas(voettekst))
    return buffer.getvalue()


def _pdf_image(png: bytes, max_width: float, max_height: float) -> Image:
    """The PNG scaled to fit the box, aspect ratio kept."""
    width, height = png_size(png)
    scale = min(max_width / width, max_height / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale)


def _notice_box(text: str, styles) -> Table:
    box = Table([[Paragraph(_rl(text), styles["tekst"])]], colWidths=[17 * cm])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(KLEUR_MELDING)),
                             ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#e0b060")),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return box


# --- the handout -------------------------------------------------------------------------------

def _pdf_cover(data: HandoutData, png: bytes | None, st) -> list:
    parts = [Paragraph("Interpretatiesessie", st["boven"]), Paragraph(_rl(data.titel), st["titel"]),
             Paragraph(_rl(data.gemeente_datum), st["sub"]),
             Paragraph(data.vragen_kop, st["kop"])]
    parts += [Paragraph(f"{i}.&nbsp;&nbsp;{_rl(v)}", st["vraag"]) for i, v in enumerate(data.vragen, start=1)]
    parts.append(Paragraph("Patroon in de verhalen", st["kop"]))
    if png is not None:
        parts += [Paragraph(_rl(data.patroon_bijschrift), st["tekst"]), _pdf_image(png, 17 * cm, 9 * cm)]
    else:
        parts.append(_notice_box(data.patroon_melding, st))
    parts += [Spacer(1, 10), Paragraph(_rl(data.aantal_zin), st["klein"])]
    if data.melding:
        parts.append(Paragraph(_rl(data.melding), st["klein"]))
    return parts


def _pdf_card(kaart: VerhaalKaart, nummer: int, totaal: int, st) -> list:
    header = Table([[Paragraph(_rl(kaart.titel), st["kaarttitel"])]], colWidths=[17 * cm])
    header.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(KLEUR_VLAK)),
                                ("LINEABOVE", (0, 0), (-1, 0), 3, colors.HexColor(KLEUR_NADRUK)),
                                ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                                ("LEFTPADDING", (0, 0), (-1, -1), 10)]))
    meta = " · ".join(p for p in (kaart.wijknaam, str(kaart.jaar) if kaart.jaar else "") if p)
    parts = [Paragraph(f"Verhaal {nummer} van {totaal}", st["boven"]), header, Spacer(1, 6),
             Paragraph(_rl(meta), st["sub"])]
    if kaart.fictief:
        parts.append(Paragraph(FICTIEF_LABEL, st["label"]))
    parts += [Paragraph(_rl(alinea), st["verhaal"]) for alinea in alineas(kaart.tekst)]
    if kaart.duiding:
        parts += [Spacer(1, 8), Paragraph("Duiding door de verteller: " + _rl(kaart.duiding), st["klein"])]
    return parts


def handout_pdf(data: HandoutData) -> bytes:
    """The handout as PDF: a cover (title, questions, gemeente, date, pattern or notice), then one
    story card per page; 'pagina n van N' on every page."""
    st = _styles()
    flowables = _pdf_cover(data, handout_chart_png(data), st)
    for nummer, kaart in enumerate(data.kaarten, start=1):
        flowables += [PageBreak(), *_pdf_card(kaart, nummer, len(data.kaarten), st)]
    return _pdf_bytes(flowables, data.titel, f"Interpretatiesessie · {data.titel}")


# --- the wijkfoto as PDF -----------------------------------------------------------------------

_CIJFER_BREEDTES = [3.7 * cm, 2.2 * cm, 2.4 * cm, 2.2 * cm, 2.7 * cm, 3.8 * cm]   # header words fit whole


def _cijfer_tabel(inhoud: WijkfotoExport, gebied: Leefgebied, st) -> Table:
    rows = [[Paragraph(_rl(t), st["tabelkop"]) for t in inhoud.tabel_kop]]
    rows += [[Paragraph(_rl(t), st["cel"]) for t in c.cellen] for c in gebied.cijfers]
    table = Table(rows, colWidths=_CIJFER_BREEDTES, repeatRows=1)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(KLEUR_VLAK)),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#cccccc")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _pdf_leefgebied(inhoud: WijkfotoExport, gebied: Leefgebied, st) -> list:
    parts = [Paragraph(_rl(gebied.naam), st["kop"])]
    if not gebied.cijfers:
        return parts + [Paragraph("Geen cijfers voor dit leefgebied.", st["tekst"])]
    parts.append(_cijfer_tabel(inhoud, gebied, st))
    if gebied.grafiek is not None:
        parts += [Spacer(1, 6), _pdf_image(gebied.grafiek, 17 * cm, 4.2 * cm)]
    parts += [Paragraph(_rl(zin), st["klein"]) for zin in gebied.breuken]
    return [KeepTogether(parts)]


def _pdf_fragment(row, st) -> list:
    meta = " · ".join(p for p in (str(row.jaar), row.fictief_label) if p)
    return [KeepTogether([Paragraph(_rl(row.titel), st["celkop"]), Paragraph(_rl(meta), st["klein"]),
                          Paragraph(_rl(row.fragment), st["tekst"])])]


def _pdf_wijkfoto_start(inhoud: WijkfotoExport, st) -> list:
    return [Paragraph("Wijkfoto voor de raad", st["boven"]), Paragraph(_rl(inhoud.titel), st["titel"]),
            Paragraph(_rl(f"{inhoud.ondertitel} · {inhoud.inwoners}"), st["sub"]),
            *[Paragraph(_rl(note), st["klein"]) for note in inhoud.opmerkingen]]


def _pdf_wijkfoto_delen(inhoud: WijkfotoExport, st) -> list:
    """The flowables of one wijk's wijkfoto (the single document and each wijk of the council document)."""
    flowables = _pdf_wijkfoto_start(inhoud, st)
    for gebied in inhoud.leefgebieden:
        flowables += _pdf_leefgebied(inhoud, gebied, st)
    flowables += [Paragraph("Wat bewoners vertellen", st["kop"]), Paragraph(_rl(inhoud.verhalen_zin), st["tekst"])]
    for row in inhoud.fragmenten.itertuples():
        flowables += _pdf_fragment(row, st)
    flowables.append(KeepTogether([Paragraph("Bronnen", st["kop"]),
                                   *[Paragraph(_rl(b), st["klein"]) for b in inhoud.bronnen]]))
    return flowables


def wijkfoto_pdf(foto: wf.Wijkfoto, store_conn, mode: Zichtbaarheid,
                 k: int = patterns.MIN_GROEP_STANDAARD) -> bytes:
    """The wijkfoto as PDF for the council: title, key figures per leefgebied with sparklines, what
    residents say (stories readable in `mode`, checked again), sources; page numbers on every page."""
    inhoud = wijkfoto_export(foto, store_conn, mode, k)
    flowables = _pdf_wijkfoto_delen(inhoud, _styles())
    return _pdf_bytes(flowables, inhoud.titel, f"{inhoud.titel} · {inhoud.gemeentenaam} · {inhoud.jaar}")


class _Anker(Flowable):
    """An invisible mark that notes the page it lands on (for the cover's list of wijken)."""

    def __init__(self, pages: dict, key):
        super().__init__()
        self.pages, self.key = pages, key

    def wrap(self, *args):
        return 0, 0

    def draw(self):
        self.pages[self.key] = self.canv.getPageNumber()


def _raad_flowables(raad: RaadsDocument, inhouden: list, pages: dict, st) -> list:
    nummers = [[Paragraph(_rl(naam), st["tekst"]), Paragraph(f"pagina {pages.get(i, '…')}", st["tekst"])]
               for i, naam in enumerate(raad.wijknamen)]
    lijst = Table(nummers, colWidths=[12 * cm, 5 * cm])
    lijst.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#dddddd"))]))
    flowables = [Paragraph("Wijkfoto's voor de raad", st["boven"]), Paragraph(_rl(raad.titel), st["titel"]),
                 Paragraph(_rl(raad.ondertitel), st["sub"]), Paragraph(_rl(raad.wijken_kop), st["kop"]), lijst]
    for i, inhoud in enumerate(inhouden):
        flowables += [PageBreak(), _Anker(pages, i), *_pdf_wijkfoto_delen(inhoud, st)]
    return flowables


def raad_pdf(raad: RaadsDocument, inhouden) -> bytes:
    """The council document as PDF: a cover (gemeente, year, the wijken with the page each starts on), then
    each wijk's wijkfoto from a new page. `inhouden`: the wijken's WijkfotoExport, in order. Laid out twice:
    the first pass learns the page numbers the cover lists (a placeholder of the same height holds their place)."""
    st, inhouden, pages = _styles(), list(inhouden), {}
    _pdf_bytes(_raad_flowables(raad, inhouden, pages, st), raad.titel, raad.voettekst)
    return _pdf_bytes(_raad_flowables(raad, inhouden, dict(pages), st), raad.titel, raad.voettekst)
