"""The netwerklunch: a calm presentation for partners — one figure or pattern per screen.

Only aggregated figures and `openbaar` stories, whatever the deployment: every story query here runs in
PARTNER mode. Patterns and stories obey both small-group rules of core.vertellen.groepen: a group (or a
cell) of 1 to k-1 stories, or one that would give such a group away, shows nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core import formatting
from core.tellen import figures
from core.tellen import wijkfoto as wf
from core.vertellen import groepen, kaders, patterns, stories
from core.vertellen.consent import FICTIEF_LABEL, Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

MODE = Zichtbaarheid.PARTNER
CIJFERS = (("ggd_ervaren_gezondheid", "18 jaar of ouder"), ("ggd_eenzaam", "18 jaar of ouder"),
           ("ggd_moeite_rondkomen", "18 jaar of ouder"), ("ggd_vrijwilligerswerk", "18 jaar of ouder"),
           ("ggd_mantelzorger", "18 jaar of ouder"))
VERHALEN = 2
MEERKEUZE = "Meer antwoorden per verhaal mogelijk."


@dataclass(frozen=True)
class Dia:
    """One screen. soort: titel | cijfer | patroon | melding (why a part is left out, in uitleg) | verhaal.

    uitleg: our own Dutch sentence under the figure or pattern. A verhaal screen carries the story's
    title in `kop` and the whole story in `verhaal` (a slide never cuts a story off): user text, for
    plain-text rendering only.
    """
    soort: str
    kop: str
    uitleg: str = ""
    waarde: str = ""
    reeks: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)   # jaar, waarde (cijfer)
    eenheid: str = ""
    patroon: patterns.Pattern | None = None
    labels: tuple[str, ...] = ()
    bron: str = ""
    verhaal: str = ""


def _gebied(conn, gemeente: str, wijk: str | None) -> tuple[str, str]:
    code = wijk or gemeente
    naam = conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1", [code]).fetchone()
    return code, naam[0] if naam else code


def _cijfer_dia(conn, code: str, naam: str, gemeente: str, wijk: str | None, indicator: str, groep: str) -> Dia | None:
    info = figures.indicator_info(conn, indicator, gemeente)
    reeks = figures.trend(conn, [code], indicator, groep)[["jaar", "waarde"]]
    if info is None or reeks.empty:
        return None
    jaar, waarde = int(reeks["jaar"].iloc[-1]), float(reeks["waarde"].iloc[-1])
    ander_code, ander_naam = (gemeente, "de gemeente") if wijk else ("NL01", "Nederland")
    ander = figures.region_value(conn, ander_code, indicator, groep, jaar)
    zin = wf.oordeel_zin(wf.oordeel(waarde, ander, info.eenheid, info.richting), ander_naam)
    vergelijk = f"{zin} ({formatting.met_eenheid(ander, info.eenheid)})." if ander is not None else ""
    model = " Modelschatting." if info.modelschatting and wijk else ""
    trend = wf.trend_zin(reeks, info.eenheid, info.richting)
    return Dia("cijfer", info.label, f"{naam}, {groep}, {jaar}. {vergelijk} {trend}.",
               formatting.met_eenheid(waarde, info.eenheid), reeks, info.eenheid,
               bron=f"Bron: {info.uitgever}, tabel {info.tabel_id}, {info.licentie}.{model}")


def _patroon_dia(conn, gemeente: str, wijk: str | None, signifier: str, k: int) -> Dia:
    """signifier: a key 'kader:id' that a framework names for the netwerklunch (core.vertellen.kaders)."""
    info = patterns.signifier_info(conn, signifier)
    f = VerhaalFilter(gemeente=gemeente, wijken=(wijk,) if wijk else ())
    found = patterns.patterns_for(conn, signifier, f, MODE, k, punten=False)
    key = "dichtheid" if info.soort == "triade" else "histogram" if info.soort == "slider" else "keuzes"
    pattern = found[key]
    tekst = pattern.melding or (f"{pattern.n} openbare verhalen met een antwoord. Een vak zonder kleur of getal: "
                                f"minder dan {k} verhalen, of verborgen om een kleine groep te beschermen."
                                + (f" {MEERKEUZE}" if info.meerkeuze else ""))
    return Dia("patroon", info.vraag, tekst, patroon=pattern, labels=info.labels)


def _patroon_dias(conn, gemeente: str, wijk: str | None, k: int) -> list[Dia]:
    """The pattern screens: the questions each framework of the area's openbare stories names for the
    netwerklunch (its sleutels); a line saying why there are none when no framework names any."""
    vragen = [key for s in kaders.sleutels_van(conn, gemeente, MODE, wijk) for key in s.netwerklunch]
    if not vragen:
        return [Dia("melding", "Patronen", kaders.REDENEN["netwerklunch"])] if kaders.kaders_van(conn, gemeente, MODE) \
            else []
    return [_patroon_dia(conn, gemeente, wijk, key, k) for key in vragen]


def _verhaal_dias(conn, wijk_or_none: str | None, gemeente: str, k: int) -> list[Dia]:
    """A few stories of the area, only when its group may be shown (core.vertellen.groepen)."""
    f = VerhaalFilter(gemeente=gemeente, wijken=(wijk_or_none,) if wijk_or_none else ())
    if not groepen.beoordeel(conn, f, MODE, k).getoond:
        return []
    found = stories.filter_stories(conn, f, MODE, limit=VERHALEN)
    return [Dia("verhaal", r.titel, verhaal=r.tekst,
                bron=" · ".join(p for p in (r.wijknaam, str(r.jaar), FICTIEF_LABEL if r.fictief else "") if p))
            for r in found.itertuples()]


def dias(conn, gemeente: str, wijk: str | None, k: int, datum: str) -> list[Dia]:
    """All screens for a gemeente (wijk None) or one wijk, in presentation order."""
    code, naam = _gebied(conn, gemeente, wijk)
    result = [Dia("titel", f"Netwerklunch {naam}", f"Cijfers en verhalen om samen naar te kijken · {datum}",
                  bron=stories.fictief_zin(conn, MODE, gemeente, wijk))]
    for indicator, groep in CIJFERS:
        dia = _cijfer_dia(conn, code, naam, gemeente, wijk, indicator, groep)
        if dia:
            result.append(dia)
    result += _patroon_dias(conn, gemeente, wijk, k)
    result += _verhaal_dias(conn, wijk, gemeente, k)
    return result
