"""The content of the documents for meetings, gathered from the store and checked, so that the
renderers (core.exports.pdf, .docx and .pptx) only lay it out: the handout of an interpretatiesessie
(`HandoutData`, made by `handout_data`) and the council export of a wijkfoto (`WijkfotoExport`, made by
`wijkfoto_export`), with the texts every renderer prints alike. Consent and the minimum group size hold
here: the stories come only through the consent-respecting queries (`handout_data` reads the session
through core.samen.sessions, `wijkfoto_export` reads the story panel again in the given mode); a pattern
chart of fewer than k stories is never drawn, the count and a Dutch notice take its place; story text
stays plain text (`plain` removes the control characters Word and PowerPoint XML cannot hold), never
markup."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core import formatting
from core.errors import TellenError
from core.exports import downloads as exports
from core.exports.figuren import pattern_chart, sparklines_chart
from core.samen import sessions
from core.tellen import figures
from core.tellen import wijkfoto as wf
from core.vertellen import kaders, patterns
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid
from core.vertellen.patterns import Pattern, SignifierInfo
from core.vertellen.stories import VerhaalFilter

PRODUCT = "Tellen & Vertellen"
GEEN_VRAAG_MELDING = "Er is geen duidingsvraag om een patroon van te tonen."

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- plain text ----------------------------------------------------------------------------------

def plain(text) -> str:
    """Text with each control character (Word and PowerPoint XML cannot hold them) made a space.
    None -> ''."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _CONTROL.sub(" ", str(text))


def alineas(text) -> list[str]:
    """The paragraphs of a story: its non-empty lines, each with single spaces."""
    return [" ".join(line.split()) for line in plain(text).splitlines() if line.strip()]


def gemeentenaam(store_conn, gemeentecode: str) -> str:
    """The gemeente's name in its newest indeling, or the code when the store does not know it."""
    row = store_conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1",
                             [gemeentecode]).fetchone()
    return row[0] if row and row[0] else gemeentecode   # CBS lists GM9999 ("onbekend") without a name


# --- the handout's input -------------------------------------------------------------------------

@dataclass(frozen=True)
class VerhaalKaart:
    """One story card: everything printed about one readable story."""
    id: str
    titel: str
    tekst: str
    wijknaam: str
    jaar: int | None
    duiding: str          # the answers with their questions, e.g. 'Hoe zou u uw ervaring omschrijven? eerder positief (79) · …'
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

    # the cover's texts, printed alike in the PDF and the Word file

    @property
    def patroon_bijschrift(self) -> str:
        """The line above the chart (only when it is drawn)."""
        wat = "verhaal" if self.patroon.n == 1 else "verhalen"
        meer = ". Meer antwoorden per verhaal mogelijk" if self.patroon_vraag.meerkeuze else ""
        return f"Vraag: {self.patroon_vraag.vraag} ({self.patroon.n} {wat} met een antwoord{meer})"

    @property
    def gemeente_datum(self) -> str:
        return f"Gemeente {self.gemeentenaam} · {self.datum_tekst}"

    @property
    def vragen_kop(self) -> str:
        return "Vraag om samen te bespreken" if len(self.vragen) == 1 else "Vragen om samen te bespreken"

    @property
    def aantal_zin(self) -> str:
        n = len(self.kaarten)
        return f"In deze map: {n} {'verhaal' if n == 1 else 'verhalen'}, elk op een eigen kaart."


def _pattern_question(store_conn, signifier_id: str | None, ids: tuple[str, ...] = ()) -> SignifierInfo | None:
    """The chart's question (a key 'kader:id', or an older session's bare id): the session's choice, else the
    first slider (else any question) of the framework most of the session's stories use."""
    if signifier_id:
        return patterns.signifier_info(store_conn, signifier_id)
    row = store_conn.execute(
        "SELECT s.kader, s.id FROM signifiers s LEFT JOIN (SELECT kader, count(*) AS n FROM verhalen "
        "WHERE id IN (SELECT unnest(?::VARCHAR[])) GROUP BY kader) g ON g.kader = s.kader "
        "ORDER BY g.n DESC NULLS LAST, s.soort <> 'slider', s.volgorde, s.kader, s.id LIMIT 1", [list(ids)]).fetchone()
    return patterns.signifier_info(store_conn, kaders.sleutel(*row)) if row else None


def session_pattern(store_conn, info: SignifierInfo, ids: tuple[str, ...], mode: Zichtbaarheid,
                    k: int) -> Pattern:
    """The pattern of these stories' answers to one question, counted in SQL (k-rule applied by
    core.vertellen.patterns): a histogram, the zones of a triad, or the choices."""
    f = VerhaalFilter(verhalen=ids or ("",))   # no ids would mean "no filter": ask for an id no story has
    found = patterns.patterns_from_counts(patterns.answer_counts(store_conn, info.sleutel, f, mode), k)
    return found[{"slider": "histogram", "triade": "zones"}.get(info.soort, "keuzes")]


def _kaarten(frame: pd.DataFrame) -> tuple[VerhaalKaart, ...]:
    return tuple(VerhaalKaart(str(r.id), plain(r.titel), plain(r.tekst), plain(r.wijknaam) or plain(r.wijk),
                              int(r.jaar) if pd.notna(r.jaar) else None, plain(r.duiding), bool(r.fictief))
                 for r in frame.itertuples())


def handout_data(store_conn, werk_conn, session_id: str, mode: Zichtbaarheid,
                 k: int = patterns.MIN_GROEP_STANDAARD) -> HandoutData:
    """Everything the handout shows, read through the consent-respecting queries in this mode."""
    shown = sessions.session_stories(store_conn, werk_conn, session_id, mode)
    sessie = shown.bron
    ids = tuple(shown.verhalen["id"])
    info = _pattern_question(store_conn, sessie.patroon_vraag, ids)
    patroon = session_pattern(store_conn, info, ids, mode, k) if info else None
    return HandoutData(sessie.titel, sessie.vragen, sessie.gemeentecode,
                       gemeentenaam(store_conn, sessie.gemeentecode), sessie.datum, _kaarten(shown.verhalen),
                       patroon, info, int(k), shown.melding)


# --- the handout's chart --------------------------------------------------------------------------

def handout_chart_png(data: HandoutData) -> bytes | None:
    """The cover's pattern chart as PNG, or None when it may not be drawn (fewer than k stories)."""
    if not data.toont_patroon:
        return None
    return exports.chart_png(pattern_chart(data.patroon, data.patroon_vraag))



# --- the wijkfoto export's content ---------------------------------------------------------------

@dataclass(frozen=True)
class Kerncijfer:
    """One key figure as printed: every value already formatted in Dutch."""
    label: str           # 'Eenzaamheid (18 jaar of ouder)'
    waarde: str          # '47,4% (2020)'
    gemeente: str
    nederland: str
    referentie: str      # the median of the reference group (vergelijkbare wijken)
    oordeel: str         # 'Slechter dan de gemeente'
    trend: str           # 'Verslechterd sinds 2012' or ''
    modelschatting: bool

    @property
    def cellen(self) -> tuple[str, ...]:
        """The row of the figures table (the columns of WijkfotoExport.tabel_kop)."""
        oordeel = self.oordeel + (f". {self.trend}" if self.trend else "")
        return self.label, self.waarde, self.gemeente, self.nederland, self.referentie, oordeel


@dataclass(frozen=True)
class Leefgebied:
    naam: str
    cijfers: tuple[Kerncijfer, ...]
    grafiek: bytes | None   # PNG of the sparklines, None when no tile has a figure
    breuken: tuple[str, ...] = ()   # what each dashed line in the sparklines means, in Dutch


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

    @property
    def tabel_kop(self) -> tuple[str, ...]:
        """The header of the figures table; 'Vergelijkbare wijken' is the reference group of the notes."""
        return "Cijfer", "Wijk", self.gemeentenaam, "Nederland", "Vergelijkbare wijken", "Oordeel"


def _kerncijfer(tegel: wf.Tegel) -> Kerncijfer:
    e = tegel.info.eenheid
    label = tegel.info.label if tegel.groep == "alle leeftijden" else f"{tegel.info.label} ({tegel.groep})"
    waarde = formatting.met_eenheid(tegel.waarde, e) + (f" ({tegel.jaar})" if tegel.jaar else "")
    return Kerncijfer(label, waarde, formatting.met_eenheid(tegel.gemeente, e),
                      formatting.met_eenheid(tegel.nederland, e), formatting.met_eenheid(tegel.referentie, e),
                      tegel.oordeel_tekst, tegel.trend_tekst, bool(tegel.info.modelschatting))


def tegel_breuken(store_conn, wijk: str, tegel: wf.Tegel) -> tuple[tuple[int, str], ...]:
    """The method and context breaks inside a tile's series, ((jaar, uitleg), ...): a year after the
    series' first and up to its last. Wijk boundaries do not change within a series (its own indeling)."""
    if len(tegel.reeks) < 2:
        return ()
    eerste, laatste = int(tegel.reeks["jaar"].min()), int(tegel.reeks["jaar"].max())
    rows = figures.breaks(store_conn, tegel.info.id, [wijk])
    rows = rows[(rows["soort"] != "indeling") & (rows["jaar"] > eerste) & (rows["jaar"] <= laatste)]
    return tuple((int(r.jaar), str(r.uitleg)) for r in rows.itertuples())


def _breuk_zinnen(tegels, breuken: dict) -> tuple[str, ...]:
    zinnen = {}
    for t in tegels:
        for jaar, uitleg in breuken.get(t.info.id, ()):
            zinnen.setdefault((jaar, uitleg), []).append(t.info.label)
    return tuple(f"Stippellijn bij {jaar} ({', '.join(labels)}): breuk in de reeks. {uitleg}"
                 for (jaar, uitleg), labels in zinnen.items())


def _leefgebied(naam: str, tegels, store_conn, wijk: str) -> Leefgebied:
    breuken = {t.info.id: tegel_breuken(store_conn, wijk, t) for t in tegels}
    chart = sparklines_chart(tegels, {i: [j for j, _ in b] for i, b in breuken.items()})
    return Leefgebied(naam.capitalize(), tuple(_kerncijfer(t) for t in tegels),
                      exports.chart_png(chart) if chart is not None else None, _breuk_zinnen(tegels, breuken))


def _inwoners_tekst(foto: wf.Wijkfoto) -> str:
    if not foto.inwoners:
        return "aantal inwoners onbekend"
    jaar, aantal = foto.inwoners
    return f"{formatting.getal(aantal, 0)} inwoners ({jaar})"


def verhalen_zin(paneel: wf.VerhalenPaneel, k: int) -> str:
    """How many stories, and the share with a positive experience only when k answers were given."""
    if paneel.aantal is None:  # a hidden small count (core.vertellen.groepen)
        return (f"Uit deze wijk zijn weinig verhalen (of het aantal zou een groep van minder dan {k} verhalen "
                "verraden). Daarom laten we hier niets van zien.")
    if not paneel.aantal:
        return "Uit deze wijk zijn geen verhalen die we hier mogen tonen."
    # which years: the document says it plainly (the year of the experience stands with each story)
    jaren = f"uit {paneel.jaar}" if paneel.jaar is not None else "uit alle jaren"
    wat = f"{formatting.aantal(paneel.aantal, 'verhaal', 'verhalen')} uit deze wijk, {jaren}."
    if paneel.geen_ervaring:   # the framework names no question behind "positieve ervaring"
        return f"{wat} {paneel.geen_ervaring}"
    if paneel.aandeel_positief is None:
        return (f"{wat} Te weinig verhalen met een antwoord om een aandeel "
                f"positief te tonen zonder een groep van minder dan {k} verhalen te verraden.")
    aandeel = formatting.getal(paneel.aandeel_positief * 100, 0)
    return f"{wat} {aandeel}% noemt de ervaring positief ({paneel.ervaring_uitleg})."


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
    leefgebieden = tuple(_leefgebied(naam, tegels, store_conn, foto.wijk) for naam, tegels in foto.leefgebieden)
    return WijkfotoExport(foto.wijk, foto.naam, foto.gemeentenaam, foto.jaar, _inwoners_tekst(foto), leefgebieden,
                          verhalen_zin(paneel, k), paneel.fragmenten, _bronnen(foto, paneel.fragmenten),
                          _opmerkingen(foto))


# --- the council document: the wijkfoto of every wijk of a gemeente --------------------------------------

@dataclass(frozen=True)
class RaadsDocument:
    """The wijkfoto's of all wijken of one gemeente in one document for the council (core.exports.pdf.raad_pdf,
    core.exports.pptx.raad_pptx). Make it with `raads_document`, which checks gemeente and year."""
    gemeentecode: str
    gemeentenaam: str
    jaar: int
    indeling: int
    wijken: tuple[tuple[str, str], ...]   # (code, naam) in the order of the document

    @property
    def wijknamen(self) -> tuple[str, ...]:
        return tuple(naam for _, naam in self.wijken)

    @property
    def titel(self) -> str:
        return f"Wijkfoto's van {self.gemeentenaam}"

    @property
    def ondertitel(self) -> str:
        n = len(self.wijken)
        return f"Gemeente {self.gemeentenaam} · {n} {'wijk' if n == 1 else 'wijken'} · cijfers tot en met {self.jaar}"

    @property
    def wijken_kop(self) -> str:
        return "De wijken in dit document"

    @property
    def voettekst(self) -> str:
        return f"Wijkfoto's van {self.gemeentenaam} · {self.jaar}"


def _wijkfoto_jaren(store_conn, wijken: list[str], indeling: int) -> list[int]:
    """The years in which any wijkfoto indicator has a figure for one of these wijken (the years the
    Wijkfoto page offers), oldest first."""
    indicators = [ind for _, slots in wf.plekken() for slot in slots for ind, _ in slot]
    rows = store_conn.execute("SELECT DISTINCT jaar FROM vergelijkingen WHERE regio IN (SELECT unnest(?)) "
                              "AND wijkindeling = ? AND indicator IN (SELECT unnest(?)) ORDER BY jaar",
                              [wijken, indeling, indicators]).fetchall()
    return [r[0] for r in rows]


def raads_document(store_conn, gemeentecode: str, jaar: int) -> RaadsDocument:
    """The wijken of the council document. Raises TellenError (Dutch) for an unknown gemeente, a gemeente
    without wijk figures, or a year without figures."""
    code = gemeentecode.strip().upper()
    known = store_conn.execute("SELECT 1 FROM regios WHERE code = ? AND niveau = 'gemeente' LIMIT 1", [code]).fetchone()
    if not known:
        raise TellenError(f"De gemeente {gemeentecode} staat niet in de opslag met cijfers. Gebruik een "
                          "gemeentecode zoals GM0546 (Leiden); `python -m core info` toont wat de opslag bevat.")
    naam = gemeentenaam(store_conn, code)
    keuze = wf.wijk_keuze(store_conn, code)
    wijken = list(keuze.wijken.itertuples(index=False, name=None))
    jaren = _wijkfoto_jaren(store_conn, [c for c, _ in wijken], keuze.indeling) if wijken else []
    if not jaren:
        wie = code if naam == code else f"{naam} ({code})"
        raise TellenError(f"Van {wie} zijn geen wijkcijfers in de opslag. Er is geen wijkfoto te maken.")
    if jaar not in jaren:
        raise TellenError(f"Voor de wijken van {naam} zijn geen cijfers uit {jaar}. "
                          f"Kies een van deze jaren: {', '.join(map(str, jaren))}.")
    return RaadsDocument(code, naam, jaar, keuze.indeling, tuple((str(c), str(n)) for c, n in wijken))


def raad_inhouden(store_conn, raad: RaadsDocument, mode: Zichtbaarheid, k: int, melden=None):
    """Each wijk's WijkfotoExport in order, made one at a time (the stories read in `mode`, as the single
    wijkfoto export does); `melden(nummer, totaal, naam)` is called before each wijk."""
    for nummer, (code, naam) in enumerate(raad.wijken, start=1):
        if melden:
            melden(nummer, len(raad.wijken), naam)
        foto = wf.wijkfoto(store_conn, code, raad.jaar, mode, k, raad.indeling)
        yield wijkfoto_export(foto, store_conn, mode, k)
