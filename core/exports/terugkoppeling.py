"""Terugkoppeling: the interpretation log (core.samen.interpretaties) as a short summary for residents,
"Wat we met uw verhalen hebben gedaan", in Word and PDF with the styles of the handout (core.exports.docx, .pdf).

Per log entry: its date, its wijk or "Hele gemeente", and what we saw, what we concluded and what we do (the
entry's three parts), in plain B1 Dutch. It holds no staff names (the log's `door` is left out), no session and
no story text; the log is read in the given mode, so a partner deployment prints only entries staff shared.
Text people typed is printed as plain text (escaped for reportlab, control characters removed for Word)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from core import formatting
from core.exports import docx as docx_stijl
from core.exports import pdf as pdf_stijl
from core.exports.content import PRODUCT, alineas, gemeentenaam
from core.exports.stijl import KLEUR_NADRUK
from core.samen import interpretaties
from core.vertellen.consent import Zichtbaarheid

TITEL = "Wat we met uw verhalen hebben gedaan"
HELE_GEMEENTE = "Hele gemeente"
# The log's three parts with the heading residents read (B1: short, about us, in the present).
KOPPEN = (("observaties", "Wat we zagen"), ("interpretaties", "Wat we concludeerden"), ("acties", "Wat we gaan doen"))


@dataclass(frozen=True)
class Punt:
    """One log entry as residents read it: date, area, and the filled parts as (heading, text)."""
    datum: str
    gebied: str
    delen: tuple[tuple[str, str], ...]

    @property
    def kop(self) -> str:
        return f"{self.datum} · {self.gebied}"


@dataclass(frozen=True)
class Terugkoppeling:
    gemeentenaam: str
    punten: tuple[Punt, ...]

    @property
    def titel(self) -> str:
        return TITEL

    @property
    def intro(self) -> tuple[str, ...]:
        return (f"Inwoners van {self.gemeentenaam} vertelden ons over hun ervaringen. Dank u wel daarvoor.",
                "We lazen de verhalen samen met collega's en partners. We keken ook naar de cijfers. "
                "Hieronder staat per keer wat we zagen, wat we concludeerden en wat we gaan doen.")

    @property
    def leeg(self) -> str:
        return "Er is nog niets om terug te koppelen. Zodra we iets hebben geleerd, leest u het hier."

    @property
    def voettekst(self) -> str:
        return f"{TITEL} · {self.gemeentenaam}"


def _wijknamen(store_conn, codes: list[str]) -> dict[str, str]:
    rows = store_conn.execute("SELECT code, arg_max(naam, indeling) FROM regios WHERE niveau = 'wijk' "
                              "AND code IN (SELECT unnest(?::VARCHAR[])) GROUP BY code", [codes]).fetchall()
    return dict(rows)


def terugkoppeling(store_conn, werk_conn, gemeente: str, mode: Zichtbaarheid) -> Terugkoppeling:
    """The summary of a gemeente's log as this mode may read it (partner mode: only shared entries), newest
    first; an entry about a wijk under the wijk's name, one about the whole gemeente under 'Hele gemeente'."""
    entries = interpretaties.log_for_gemeente(werk_conn, gemeente, mode=mode)
    namen = _wijknamen(store_conn, sorted({e.wijk for e in entries if e.wijk}))
    punten = tuple(Punt(formatting.datum(e.datum), HELE_GEMEENTE if e.hele_gemeente else namen.get(e.wijk, e.wijk),
                        tuple((kop, getattr(e, veld)) for veld, kop in KOPPEN if getattr(e, veld)))
                   for e in entries)
    return Terugkoppeling(gemeentenaam(store_conn, gemeente), punten)


# --- PDF ------------------------------------------------------------------------------------------

def terugkoppeling_pdf(data: Terugkoppeling) -> bytes:
    """The summary as PDF (A4, the handout's fonts and styles, 'pagina n van N')."""
    st, rl = pdf_stijl._styles(), pdf_stijl._rl
    flowables = [Paragraph("Terugkoppeling aan inwoners", st["boven"]), Paragraph(rl(data.titel), st["titel"]),
                 Paragraph(rl(f"Gemeente {data.gemeentenaam}"), st["sub"]),
                 *[Paragraph(rl(zin), st["tekst"]) for zin in data.intro]]
    if not data.punten:
        flowables.append(Paragraph(rl(data.leeg), st["tekst"]))
    for punt in data.punten:
        blok = [Paragraph(rl(punt.kop), st["kop"])]
        for kop, tekst in punt.delen:
            blok += [Paragraph(rl(kop), st["celkop"]), *[Paragraph(rl(a), st["tekst"]) for a in alineas(tekst)]]
        flowables += [KeepTogether(blok), Spacer(1, 4)]
    return pdf_stijl._pdf_bytes(flowables, data.titel, data.voettekst)


# --- Word -----------------------------------------------------------------------------------------

def terugkoppeling_docx(data: Terugkoppeling) -> bytes:
    """The summary as a Word file (A4, the handout's styles, 'pagina n van N' as Word fields)."""
    doc = docx_stijl._docx_document(data.titel)
    docx_stijl._docx_small(doc, "Terugkoppeling aan inwoners", KLEUR_NADRUK, bold=True)
    doc.add_heading(data.titel, level=0)
    docx_stijl._docx_small(doc, f"Gemeente {data.gemeentenaam}")
    for zin in data.intro:
        doc.add_paragraph(docx_stijl.plain(zin))
    if not data.punten:
        doc.add_paragraph(data.leeg)
    for punt in data.punten:
        doc.add_heading(docx_stijl.plain(punt.kop), level=1)
        for kop, tekst in punt.delen:
            doc.add_heading(kop, level=2)
            for alinea in alineas(tekst):
                doc.add_paragraph(alinea)
    docx_stijl._docx_footer(doc, 1 + len(data.punten) // 3)
    doc.core_properties.author = PRODUCT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
