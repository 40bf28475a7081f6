"""Documents for meetings, as bytes: the handout of an interpretatiesessie (PDF and Word) and the
council export of a wijkfoto (PDF and PowerPoint).

Everything is made offline: charts are Altair specs rendered to PNG by vl-convert
(core.exports.downloads.chart_png), the PDF font is Bitstream Vera from the reportlab package (so ë, é and €
print on any machine), Word and PowerPoint files are written by python-docx and python-pptx.

Consent and the minimum group size hold here too:
- the stories come only through the consent-respecting queries (`handout_data` reads the session
  through core.samen.sessions, `wijkfoto_export` reads the story panel again in the given mode);
- a pattern chart of fewer than k stories is never drawn; the count and a Dutch notice take its place;
- story text is plain text: escaped for reportlab's mini-HTML, control characters removed for
  Word/PowerPoint XML, never interpreted as markup.
"""
from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import altair as alt
import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image as PILImage
from pptx import Presentation
from pptx.dml.color import RGBColor as PptxRGB
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches
from pptx.util import Pt as PptxPt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import formatting
from core.exports import downloads as exports
from core.present import charts
from core.samen import sessions
from core.tellen import wijkfoto as wf
from core.vertellen import patterns, stories
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid
from core.vertellen.patterns import PatroonFout, Pattern, SignifierInfo
from core.vertellen.stories import VerhaalFilter

PRODUCT = "Tellen & Vertellen"
GEEN_VRAAG_MELDING = "Er is geen duidingsvraag om een patroon van te tonen."
KLEUR_TEKST = "#1a1a1a"
KLEUR_ZACHT = "#5f5f5f"
KLEUR_NADRUK = "#0072B2"     # Okabe-Ito blue, as in core.present.charts
KLEUR_LABEL = "#D55E00"      # Okabe-Ito vermilion: the "fictief voorbeeld" label
KLEUR_VLAK = "#eef4fa"
KLEUR_MELDING = "#fff4e0"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- plain text ----------------------------------------------------------------------------------

def plain(text) -> str:
    """Text with each control character (Word and PowerPoint XML cannot hold them) made a space.
    None -> ''."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _CONTROL.sub(" ", str(text))


def _rl(text) -> str:
    """Text for a reportlab Paragraph, which reads mini-HTML: &, < and > are escaped, so a story
    that contains '<b>' prints '<b>'."""
    return escape(plain(text))


def alineas(text) -> list[str]:
    """The paragraphs of a story: its non-empty lines, each with single spaces."""
    return [" ".join(line.split()) for line in plain(text).splitlines() if line.strip()]


def gemeentenaam(store_conn, gemeentecode: str) -> str:
    """The gemeente's name in its newest indeling, or the code when the store does not know it."""
    row = store_conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1",
                             [gemeentecode]).fetchone()
    return row[0] if row else gemeentecode


# --- the handout's input -------------------------------------------------------------------------

@dataclass(frozen=True)
class VerhaalKaart:
    """One story card: everything printed about one readable story."""
    id: str
    titel: str
    tekst: str
    wijknaam: str
    jaar: int | None
    duiding: str          # signifier summary, e.g. 'Ervaring: 79 · Ondersteuning: ja · …'
    fictief: bool

    @property
    def kop(self) -> str:
        """'Leiderdorp-Zuid · 2019 · fictief voorbeeld'."""
        parts = [self.wijknaam, str(self.jaar) if self.jaar else "", FICTIEF_LABEL if self.fictief else ""]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class HandoutData:
    """What the handout of a session shows. Build it with `handout_data` (consent checked there).

    patroon: the pattern of the session's stories for patroon_vraag (None when the framework has
    no question); a pattern of fewer than k stories has too_small set and is not drawn.
    melding: notice about saved stories that are not shown, or None.
    """
    titel: str
    vragen: tuple[str, ...]
    gemeentecode: str
    gemeentenaam: str
    datum: date
    kaarten: tuple[VerhaalKaart, ...]
    patroon: Pattern | None
    patroon_vraag: SignifierInfo | None
    k: int
    melding: str | None = None

    @property
    def datum_tekst(self) -> str:
        return formatting.datum(self.datum)

    @property
    def toont_patroon(self) -> bool:
        return self.patroon is not None and self.patroon_vraag is not None and not self.patroon.too_small

    @property
    def patroon_melding(self) -> str | None:
        """The Dutch notice printed instead of the chart, or None when the chart is drawn."""
        if self.patroon is None or self.patroon_vraag is None:
            return GEEN_VRAAG_MELDING
        return self.patroon.melding


def _pattern_question(store_conn, signifier_id: str | None) -> SignifierInfo | None:
    """The chart's question: the session's choice, else the framework's first slider (else any)."""
    if signifier_id:
        return patterns.signifier_info(store_conn, signifier_id)
    row = store_conn.execute("SELECT id FROM signifiers ORDER BY soort <> 'slider', volgorde, kader, id "
                             "LIMIT 1").fetchone()
    return patterns.signifier_info(store_conn, row[0]) if row else None


_ANSWER_COLUMNS = ["verhaal", "kader", "triade_a", "triade_b", "triade_c", "slider", "keuze"]


def session_pattern(store_conn, info: SignifierInfo, ids: tuple[str, ...], mode: Zichtbaarheid,
                    k: int) -> Pattern:
    """The pattern of these stories' answers to one question (k-rule applied by core.vertellen.patterns)."""
    answers = (stories.signifier_answers(store_conn, info.id, VerhaalFilter(verhalen=ids), mode) if ids
               else pd.DataFrame(columns=_ANSWER_COLUMNS))   # no ids would mean "no filter"
    if info.soort == "slider":
        return patterns.slider_histogram(answers, k)
    if info.soort == "triade":
        return patterns.zone_counts(answers, info.labels, k)
    return patterns.choice_counts(answers, info.labels, k)


def _kaarten(frame: pd.DataFrame) -> tuple[VerhaalKaart, ...]:
    return tuple(VerhaalKaart(str(r.id), plain(r.titel), plain(r.tekst), plain(r.wijknaam) or plain(r.wijk),
                              int(r.jaar) if pd.notna(r.jaar) else None, plain(r.duiding), bool(r.fictief))
                 for r in frame.itertuples())


def handout_data(store_conn, werk_conn, session_id: str, mode: Zichtbaarheid,
                 k: int = patterns.MIN_GROEP_STANDAARD) -> HandoutData:
    """Everything the handout shows, read through the consent-respecting queries in this mode."""
    shown = sessions.session_stories(store_conn, werk_conn, session_id, mode)
    sessie = shown.sessie
    info = _pattern_question(store_conn, sessie.patroon_vraag)
    ids = tuple(shown.verhalen["id"])
    patroon = session_pattern(store_conn, info, ids, mode, k) if info else None
    return HandoutData(sessie.titel, sessie.vragen, sessie.gemeentecode,
                       gemeentenaam(store_conn, sessie.gemeentecode), sessie.datum, _kaarten(shown.verhalen),
                       patroon, info, int(k), shown.melding)


# --- charts ----------------------------------------------------------------------------------------

def _slider_axis_title(info: SignifierInfo) -> str:
    labels = list(info.labels) + ["", ""]
    return f"0 = {labels[0]}, 100 = {labels[1]}" if labels[0] else "antwoord (0–100)"


def pattern_chart(patroon: Pattern, info: SignifierInfo) -> alt.TopLevelMixin:
    """Bars of a pattern that reached k: a slider histogram, or counts per zone or option.

    Raises PatroonFout for a pattern below k: its rows were never kept and it must not be drawn.
    """
    if patroon.too_small:
        raise PatroonFout(patroon.melding)
    count = alt.X("count:Q", title="aantal verhalen", axis=alt.Axis(format="d", tickMinStep=1))
    if patroon.soort == "histogram":
        bars = alt.Chart(patroon.data).mark_bar(color=charts.NADRUK).encode(
            x=alt.X("label:N", sort=list(patroon.data["label"]), title=_slider_axis_title(info),
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title="aantal verhalen", axis=alt.Axis(format="d", tickMinStep=1)))
        return charts.dutch(bars.properties(width=460, height=200))
    column = "zone" if patroon.soort == "zones" else "keuze"
    bars = alt.Chart(patroon.data).mark_bar(color=charts.NADRUK).encode(
        y=alt.Y(f"{column}:N", sort=list(patroon.data[column]), title=None, axis=alt.Axis(labelLimit=260)),
        x=count)
    return charts.dutch(bars.properties(width=360, height=max(80, 26 * len(patroon.data))))


def _wrapped(text: str, width: int = 26) -> list[str]:
    return textwrap.wrap(text, width) or [text]


def _ends(count: int) -> list[bool]:
    """Which points of a series get a label: all of a short one, else the first and the last."""
    return [count <= 3 or i in (0, count - 1) for i in range(count)]


def _sparkline_panel(tegel: wf.Tegel) -> alt.TopLevelMixin:
    """One small line of a tile's figures over the years; the first and last point labelled in
    Dutch format (a long yearly series would otherwise print labels on top of each other)."""
    e, reeks = tegel.info.eenheid, tegel.reeks
    jaren = [int(j) for j in reeks["jaar"]]
    shown = _ends(len(jaren))
    data = pd.DataFrame({"jaar": jaren, "waarde": reeks["waarde"].astype(float).to_numpy(),
                         "tekst": [formatting.met_eenheid(v, e) if keep else ""
                                   for v, keep in zip(reeks["waarde"], shown)]})
    base = alt.Chart(data).encode(
        x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0, ticks=False, domain=False, grid=False,
                                                    values=[j for j, keep in zip(jaren, shown) if keep])),
        y=alt.Y("waarde:Q", title=None, axis=None, scale=alt.Scale(zero=False, padding=16)))
    layers = alt.layer(base.mark_line(color=charts.NADRUK, strokeWidth=2.5),
                       base.mark_point(color=charts.NADRUK, filled=True, size=50),
                       base.mark_text(dy=-12, fontSize=12, color=KLEUR_TEKST).encode(text="tekst:N"))
    return layers.properties(width=170, height=80, title=alt.Title(_wrapped(tegel.info.label), fontSize=13,
                                                                   anchor="start"))


def sparklines_chart(tegels) -> alt.TopLevelMixin | None:
    """The tiles of one leefgebied side by side as sparklines; None when no tile has a figure."""
    panels = [_sparkline_panel(t) for t in tegels if len(t.reeks)]
    if not panels:
        return None
    return charts.dutch(alt.hconcat(*panels, spacing=28))


# --- the wijkfoto export's content ---------------------------------------------------------------

@dataclass(frozen=True)
class Kerncijfer:
    """One key figure as printed: every value already formatted in Dutch."""
    label: str           # 'Eenzaamheid (18 jaar of ouder)'
    waarde: str          # '47,4% (2020)'
    gemeente: str
    nederland: str
    oordeel: str         # 'Slechter dan de gemeente'
    trend: str           # 'Verslechterd sinds 2012' or ''
    modelschatting: bool


@dataclass(frozen=True)
class Leefgebied:
    naam: str
    cijfers: tuple[Kerncijfer, ...]
    grafiek: bytes | None   # PNG of the sparklines, None when no tile has a figure


@dataclass(frozen=True)
class WijkfotoExport:
    """Everything the PDF and the PowerPoint of a wijkfoto show, checked and formatted."""
    wijk: str
    wijknaam: str
    gemeentenaam: str
    jaar: int
    inwoners: str
    leefgebieden: tuple[Leefgebied, ...]
    verhalen_zin: str
    fragmenten: pd.DataFrame     # id, titel, fragment, jaar, fictief_label (readable in the mode)
    bronnen: tuple[str, ...]
    opmerkingen: tuple[str, ...]

    @property
    def titel(self) -> str:
        return f"Wijkfoto {self.wijknaam}"

    @property
    def ondertitel(self) -> str:
        return f"Wijk in {self.gemeentenaam} · cijfers tot en met {self.jaar}"


def _kerncijfer(tegel: wf.Tegel) -> Kerncijfer:
    e = tegel.info.eenheid
    label = tegel.info.label if tegel.groep == "alle leeftijden" else f"{tegel.info.label} ({tegel.groep})"
    waarde = formatting.met_eenheid(tegel.waarde, e) + (f" ({tegel.jaar})" if tegel.jaar else "")
    return Kerncijfer(label, waarde, formatting.met_eenheid(tegel.gemeente, e),
                      formatting.met_eenheid(tegel.nederland, e), tegel.oordeel_tekst, tegel.trend_tekst,
                      bool(tegel.info.modelschatting))


def _leefgebied(naam: str, tegels) -> Leefgebied:
    chart = sparklines_chart(tegels)
    return Leefgebied(naam.capitalize(), tuple(_kerncijfer(t) for t in tegels),
                      exports.chart_png(chart) if chart is not None else None)


def _inwoners_tekst(foto: wf.Wijkfoto) -> str:
    if not foto.inwoners:
        return "aantal inwoners onbekend"
    jaar, aantal = foto.inwoners
    return f"{formatting.getal(aantal, 0)} inwoners ({jaar})"


def verhalen_zin(paneel: wf.VerhalenPaneel, k: int) -> str:
    """How many stories, and the share with a positive experience only when k answers were given."""
    if not paneel.aantal:
        return "Uit deze wijk zijn geen verhalen die we hier mogen tonen."
    wat = "verhaal" if paneel.aantal == 1 else "verhalen"
    if paneel.aandeel_positief is None:
        return (f"{paneel.aantal} {wat} uit deze wijk. Te weinig verhalen met een antwoord "
                f"({paneel.met_antwoord}, minder dan {k}) om een aandeel positief te tonen.")
    aandeel = formatting.getal(paneel.aandeel_positief * 100, 0)
    return (f"{paneel.aantal} {wat} uit deze wijk. {aandeel}% noemt de ervaring positief "
            f"({wf.POSITIEF_VANAF} of meer op 'Hoe zou u uw ervaring omschrijven?').")


def _bronnen(foto: wf.Wijkfoto, fragmenten: pd.DataFrame) -> tuple[str, ...]:
    infos = [t.info for _, tegels in foto.leefgebieden for t in tegels]
    lines = list(dict.fromkeys(
        f"{i.uitgever}: {i.brontitel}" + (f" (tabel {i.tabel_id})" if i.tabel_id else "") + f". Licentie: {i.licentie}."
        for i in infos))
    model = sorted({i.uitgever for i in infos if i.modelschatting})
    if model:
        lines.append(f"Wijkcijfers van {' en '.join(model)} zijn modelschattingen: een schatting per wijk "
                     "op basis van een steekproef, geen telling.")
    if len(fragmenten) and (fragmenten["fictief_label"] != "").any():
        lines.append(f"Verhalen met het label '{FICTIEF_LABEL}' zijn verzonnen voorbeelden, geen echte verhalen.")
    return tuple(lines)


def _opmerkingen(foto: wf.Wijkfoto) -> tuple[str, ...]:
    notes = []
    if foto.indeling_gewijzigd:
        notes.append("De wijkindeling van deze gemeente is na 2020 veranderd. GGD-cijfers ontbreken daarom.")
    notes.append(foto.referentie_uitleg)
    return tuple(notes)


def wijkfoto_export(foto: wf.Wijkfoto, store_conn, mode: Zichtbaarheid,
                    k: int = patterns.MIN_GROEP_STANDAARD) -> WijkfotoExport:
    """The content of the wijkfoto documents. The story panel is read again from the store in
    `mode` (whatever mode the wijkfoto was built with), so a partner export holds only openbaar
    stories, and stories whose consent was withdrawn are gone."""
    paneel = wf.verhalen_paneel(store_conn, foto.wijk, Zichtbaarheid(mode), k)
    leefgebieden = tuple(_leefgebied(naam, tegels) for naam, tegels in foto.leefgebieden)
    return WijkfotoExport(foto.wijk, foto.naam, foto.gemeentenaam, foto.jaar, _inwoners_tekst(foto), leefgebieden,
                          verhalen_zin(paneel, k), paneel.fragmenten, _bronnen(foto, paneel.fragmenten),
                          _opmerkingen(foto))


# --- PDF (reportlab) ---------------------------------------------------------------------------

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


def _png_size(png: bytes) -> tuple[int, int]:
    with PILImage.open(io.BytesIO(png)) as image:
        return image.size


def _pdf_image(png: bytes, max_width: float, max_height: float) -> Image:
    """The PNG scaled to fit the box, aspect ratio kept."""
    width, height = _png_size(png)
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

def handout_chart_png(data: HandoutData) -> bytes | None:
    """The cover's pattern chart as PNG, or None when it may not be drawn (fewer than k stories)."""
    if not data.toont_patroon:
        return None
    return exports.chart_png(pattern_chart(data.patroon, data.patroon_vraag))


def _pattern_caption(data: HandoutData) -> str:
    wat = "verhaal" if data.patroon.n == 1 else "verhalen"
    return f"Vraag: {data.patroon_vraag.vraag} ({data.patroon.n} {wat} met een antwoord)"


def _gemeente_datum(data: HandoutData) -> str:
    return f"Gemeente {data.gemeentenaam} · {data.datum_tekst}"


def _vragen_kop(data: HandoutData) -> str:
    return "Vraag om samen te bespreken" if len(data.vragen) == 1 else "Vragen om samen te bespreken"


def _aantal_zin(data: HandoutData) -> str:
    n = len(data.kaarten)
    return f"In deze map: {n} {'verhaal' if n == 1 else 'verhalen'}, elk op een eigen kaart."


def _pdf_cover(data: HandoutData, png: bytes | None, st) -> list:
    parts = [Paragraph("Interpretatiesessie", st["boven"]), Paragraph(_rl(data.titel), st["titel"]),
             Paragraph(_rl(_gemeente_datum(data)), st["sub"]),
             Paragraph(_vragen_kop(data), st["kop"])]
    parts += [Paragraph(f"{i}.&nbsp;&nbsp;{_rl(v)}", st["vraag"]) for i, v in enumerate(data.vragen, start=1)]
    parts.append(Paragraph("Patroon in de verhalen", st["kop"]))
    if png is not None:
        parts += [Paragraph(_rl(_pattern_caption(data)), st["tekst"]), _pdf_image(png, 17 * cm, 9 * cm)]
    else:
        parts.append(_notice_box(data.patroon_melding, st))
    parts += [Spacer(1, 10), Paragraph(_rl(_aantal_zin(data)), st["klein"])]
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


# --- the handout in Word ------------------------------------------------------------------------

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
    _docx_small(doc, _gemeente_datum(data))
    doc.add_heading(_vragen_kop(data), level=1)
    for vraag in data.vragen:
        doc.add_paragraph(plain(vraag), style="List Number")
    doc.add_heading("Patroon in de verhalen", level=1)
    if png is not None:
        doc.add_paragraph(plain(_pattern_caption(data)))
        doc.add_picture(io.BytesIO(png), width=Cm(16))
    else:
        doc.add_paragraph(plain(data.patroon_melding), style="Intense Quote")
    _docx_small(doc, _aantal_zin(data))
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


# --- the wijkfoto as PDF -----------------------------------------------------------------------

_CIJFER_BREEDTES = [5.0 * cm, 2.6 * cm, 2.4 * cm, 2.4 * cm, 4.6 * cm]


def _cijfer_tabel(inhoud: WijkfotoExport, gebied: Leefgebied, st) -> Table:
    kop = ["Cijfer", "Wijk", inhoud.gemeentenaam, "Nederland", "Oordeel"]
    rows = [[Paragraph(_rl(t), st["celkop"]) for t in kop]]
    for c in gebied.cijfers:
        oordeel = c.oordeel + (f". {c.trend}" if c.trend else "")
        rows.append([Paragraph(_rl(t), st["cel"]) for t in (c.label, c.waarde, c.gemeente, c.nederland, oordeel)])
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
    return [KeepTogether(parts)]


def _pdf_fragment(row, st) -> list:
    meta = " · ".join(p for p in (str(row.jaar), row.fictief_label) if p)
    return [KeepTogether([Paragraph(_rl(row.titel), st["celkop"]), Paragraph(_rl(meta), st["klein"]),
                          Paragraph(_rl(row.fragment), st["tekst"])])]


def _pdf_wijkfoto_start(inhoud: WijkfotoExport, st) -> list:
    return [Paragraph("Wijkfoto voor de raad", st["boven"]), Paragraph(_rl(inhoud.titel), st["titel"]),
            Paragraph(_rl(f"{inhoud.ondertitel} · {inhoud.inwoners}"), st["sub"]),
            *[Paragraph(_rl(note), st["klein"]) for note in inhoud.opmerkingen]]


def wijkfoto_pdf(foto: wf.Wijkfoto, store_conn, mode: Zichtbaarheid,
                 k: int = patterns.MIN_GROEP_STANDAARD) -> bytes:
    """The wijkfoto as PDF for the council: title, key figures per leefgebied with sparklines, what
    residents say (stories readable in `mode`, checked again), sources; page numbers on every page."""
    inhoud = wijkfoto_export(foto, store_conn, mode, k)
    st = _styles()
    flowables = _pdf_wijkfoto_start(inhoud, st)
    for gebied in inhoud.leefgebieden:
        flowables += _pdf_leefgebied(inhoud, gebied, st)
    flowables += [Paragraph("Wat bewoners vertellen", st["kop"]), Paragraph(_rl(inhoud.verhalen_zin), st["tekst"])]
    for row in inhoud.fragmenten.itertuples():
        flowables += _pdf_fragment(row, st)
    flowables.append(KeepTogether([Paragraph("Bronnen", st["kop"]),
                                   *[Paragraph(_rl(b), st["klein"]) for b in inhoud.bronnen]]))
    return _pdf_bytes(flowables, inhoud.titel, f"{inhoud.titel} · {inhoud.gemeentenaam} · {inhoud.jaar}")


# --- the wijkfoto as PowerPoint ------------------------------------------------------------------

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


_KOLOM_INCH = (3.5, 1.75, 1.5, 1.5, 3.883)   # sums to the slide width minus the margins


def _pptx_table(slide, inhoud: WijkfotoExport, gebied: Leefgebied) -> None:
    rows = len(gebied.cijfers) + 1
    table = slide.shapes.add_table(rows, 5, _MARGE, Inches(1.3), DIA_BREEDTE - 2 * _MARGE,
                                   Inches(0.4 * rows)).table
    for i, width in enumerate(_KOLOM_INCH):
        table.columns[i].width = Inches(width)
    for row in table.rows:
        row.height = Inches(0.4)   # the minimum; PowerPoint makes a row taller when its text needs it
    for i, text in enumerate(["Cijfer", "Wijk", inhoud.gemeentenaam, "Nederland", "Oordeel"]):
        _fill_cell(table.cell(0, i), text, 14, bold=True, colour="#ffffff")
    for r, c in enumerate(gebied.cijfers, start=1):
        oordeel = c.oordeel + (f". {c.trend}" if c.trend else "")
        for i, text in enumerate((c.label, c.waarde, c.gemeente, c.nederland, oordeel)):
            _fill_cell(table.cell(r, i), text, 14)


def _pptx_picture(slide, png: bytes, top, max_height) -> None:
    width, height = _png_size(png)
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
    if gebied.grafiek is not None:
        _pptx_picture(slide, gebied.grafiek, Inches(4.55), Inches(2.1))
    if any(c.modelschatting for c in gebied.cijfers):
        _add_line(_textbox(slide, _MARGE, Inches(6.75), Inches(9), Inches(0.4)),
                  "GGD-wijkcijfers zijn modelschattingen.", 11, colour=KLEUR_ZACHT, first=True)


def _pptx_stories(prs, inhoud: WijkfotoExport) -> None:
    slide = _pptx_slide(prs, "Wat bewoners vertellen")
    frame = _textbox(slide, _MARGE, Inches(1.3), DIA_BREEDTE - 2 * _MARGE, Inches(5.4))
    _add_line(frame, inhoud.verhalen_zin, 18, first=True)
    for row in inhoud.fragmenten.itertuples():
        _add_line(frame, row.titel, 16, bold=True).space_before = PptxPt(14)
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


def wijkfoto_pptx(foto: wf.Wijkfoto, store_conn, mode: Zichtbaarheid,
                  k: int = patterns.MIN_GROEP_STANDAARD) -> bytes:
    """The wijkfoto as a 16:9 PowerPoint: a title slide, one slide per leefgebied (table and
    sparklines), what residents say (checked again in `mode`), and the sources."""
    inhoud = wijkfoto_export(foto, store_conn, mode, k)
    prs = Presentation()
    prs.slide_width, prs.slide_height = DIA_BREEDTE, DIA_HOOGTE
    _pptx_title_slide(prs, inhoud)
    for gebied in inhoud.leefgebieden:
        _pptx_leefgebied(prs, inhoud, gebied)
    _pptx_stories(prs, inhoud)
    _pptx_sources(prs, inhoud)
    _pptx_numbers(prs, f"{PRODUCT} · {inhoud.titel} · {inhoud.gemeentenaam} · {inhoud.jaar}")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
