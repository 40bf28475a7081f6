"""The Aandachtslijst: the figures where a wijk is worse than its gemeente AND got worse since its previous
measurement, ranked, each with the stories that belong to it.

The rule (the same verdicts as the wijkfoto, core.store.vergelijkingen's thresholds):
- per wijk, indicator and age group the latest measurement in `vergelijkingen`;
- indicators without a direction (neutraal) never count;
- *slechter dan de gemeente*: the build's verdict against the gemeente's figure of the same year is 'slechter';
- *verslechterd*: against the wijk's previous measurement the change is at least the threshold (1,5
  procentpunt, else 5% of the previous value) in the bad direction;
- a change across a method or context break (catalog breuken.csv) is not compared: status 'breuk',
  "niet te vergelijken (breuk)"; such figures are listed apart, never ranked.
Ranked by score = achterstand + verslechtering, both in steps of the threshold (a gap of 3 procentpunt is 2
steps), so figures of different units rank together. Per wijk and indicator one line: its worst age group.

Stories belong to an indicator as on Tellen & vertellen: the thema's of the goal tree (core.tellen.goals)
named in the answer to a framework's thema question (core.vertellen.kaders); every group of stories follows
the small-group rules (core.vertellen.groepen) in both modes, and consent (core.vertellen.consent).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import formatting
from core.store.vergelijkingen import DREMPEL_PROCENTPUNT, DREMPEL_RELATIEF
from core.tellen import goals
from core.tellen.figures import ACTUELE_INDELING, VOORKEUR_GROEP
from core.vertellen import groepen, kaders, stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter

VERSLECHTERD = "verslechterd"
BREUK = "breuk"
BREUK_TEKST = "niet te vergelijken (breuk)"
UITLEG = ("Op deze lijst staan cijfers waarbij de wijk slechter scoort dan de gemeente én slechter dan bij de "
          "vorige meting van de wijk. Cijfers zonder goede of slechte richting tellen niet mee. Bovenaan staat "
          "wat het verst achterblijft bij de gemeente en het sterkst verslechterde. Een verschil telt vanaf "
          f"{formatting.getal(DREMPEL_PROCENTPUNT)} procentpunt (of {formatting.getal(DREMPEL_RELATIEF * 100, 0)}% "
          "bij andere cijfers). Per wijk en cijfer ziet u de leeftijdsgroep waar het het slechtst gaat.")
BREUK_UITLEG = ("Bij deze cijfers is de wijk slechter dan de gemeente. Maar tussen de vorige en de laatste meting "
                "is de manier van meten veranderd (een breuk). Daarom vergelijken we die twee metingen niet.")

# Columns of Aandachtslijst.items and .breuken.
KOLOMMEN = ["wijk", "naam", "indicator", "label", "eenheid", "richting", "leefgebied", "leeftijdsgroep", "jaar",
            "waarde", "gemeente_waarde", "vorig_jaar", "vorige_waarde", "status", "achterstand", "verslechtering",
            "score", "rang"]

_SQL = """
WITH laatste AS (
    SELECT v.regio AS wijk, v.indicator, v.leeftijdsgroep, v.jaar, v.waarde, v.gemeente_waarde, v.vorig_jaar,
           v.vorige_waarde, v.breuk_sinds_vorige, i.label, i.eenheid, i.richting, i.leefgebied,
           CASE WHEN i.richting = 'hoger_beter' THEN 1 ELSE -1 END AS beter,
           CASE WHEN i.eenheid = '%' THEN $procentpunt ELSE abs(v.gemeente_waarde) * $relatief END AS drempel_gemeente,
           CASE WHEN i.eenheid = '%' THEN $procentpunt ELSE abs(v.vorige_waarde) * $relatief END AS drempel_vorige
    FROM vergelijkingen v JOIN indicatoren i ON i.id = v.indicator
    WHERE v.gemeentecode = $gemeente AND v.niveau = 'wijk' AND v.wijkindeling = $indeling
      AND ($wijk IS NULL OR v.regio = $wijk)
    QUALIFY row_number() OVER (PARTITION BY v.regio, v.indicator, v.leeftijdsgroep ORDER BY v.jaar DESC) = 1
), slechter AS (  -- the wijkfoto's verdict against the gemeente, and a previous measurement to compare with
    SELECT l.*, (l.vorige_waarde - l.waarde) * l.beter AS achteruit,
           (l.gemeente_waarde - l.waarde) * l.beter / greatest(l.drempel_gemeente, 1e-9) AS achterstand
    FROM laatste l JOIN vergelijkingen v ON v.regio = l.wijk AND v.indicator = l.indicator
         AND v.leeftijdsgroep = l.leeftijdsgroep AND v.jaar = l.jaar AND v.wijkindeling = $indeling
    WHERE l.richting <> 'neutraal' AND v.vergeleken_met = 'gemeente' AND v.oordeel = 'slechter'
      AND l.vorige_waarde IS NOT NULL
), gekozen AS (
    SELECT *, CASE WHEN breuk_sinds_vorige THEN 'breuk' ELSE 'verslechterd' END AS status,
           CASE WHEN NOT breuk_sinds_vorige THEN achteruit / greatest(drempel_vorige, 1e-9) END AS verslechtering,
           achterstand + coalesce(verslechtering, 0) AS score
    FROM slechter
    WHERE breuk_sinds_vorige OR (achteruit > 0 AND achteruit >= drempel_vorige)
    QUALIFY row_number() OVER (PARTITION BY wijk, indicator
                               ORDER BY status = 'breuk', score DESC,
                                        coalesce(list_position($groepen, leeftijdsgroep), 99)) = 1
)
SELECT g.wijk, r.naam, g.indicator, g.label, g.eenheid, g.richting, g.leefgebied, g.leeftijdsgroep, g.jaar,
       g.waarde, g.gemeente_waarde, g.vorig_jaar, g.vorige_waarde, g.status, g.achterstand, g.verslechtering,
       g.score,
       row_number() OVER (PARTITION BY g.status ORDER BY g.score DESC, g.achterstand DESC, g.wijk, g.indicator)
           AS rang
FROM gekozen g JOIN regios r ON r.code = g.wijk AND r.indeling = $indeling AND r.niveau = 'wijk'
ORDER BY g.status = 'breuk', rang
"""


@dataclass(frozen=True)
class Aandachtslijst:
    """items: ranked figures that are worse than the gemeente and got worse (rang 1 first); breuken: figures
    worse than the gemeente whose change since the previous measurement crosses a break (not ranked on
    change). Both have the columns KOLOMMEN."""
    gemeente: str
    indeling: int
    items: pd.DataFrame
    breuken: pd.DataFrame

    def voor_wijk(self, wijk: str) -> "Aandachtslijst":
        """The same list for one wijk (the gemeente's list is computed once for all its wijken)."""
        return Aandachtslijst(self.gemeente, self.indeling, self.items[self.items["wijk"] == wijk],
                              self.breuken[self.breuken["wijk"] == wijk])


def aandachtslijst(conn, gemeente: str, indeling: int = ACTUELE_INDELING, wijk: str | None = None) -> Aandachtslijst:
    """The Aandachtslijst of every wijk of a gemeente (of `indeling`) in one query; `wijk`: only that wijk."""
    frame = conn.execute(_SQL, {"gemeente": gemeente, "indeling": indeling, "wijk": wijk,
                                "procentpunt": DREMPEL_PROCENTPUNT, "relatief": DREMPEL_RELATIEF,
                                "groepen": list(VOORKEUR_GROEP)}).df()
    breuk = frame["status"] == BREUK
    return Aandachtslijst(gemeente, indeling, frame[~breuk].reset_index(drop=True),
                          frame[breuk].reset_index(drop=True))


# --- the stories that belong to an item ------------------------------------------------------------------

@dataclass(frozen=True)
class Verhaalgroep:
    """The stories of one wijk whose answer to a framework's thema question names a thema of the figure.
    aantal_tekst: '3 verhalen', or 'minder dan k verhalen' / 'een aantal dat we niet tonen' when the group may
    not be shown (then verhalen is empty); verhalen: at most n of them (stories.STORY_COLUMNS)."""
    themas: tuple[str, ...]
    getoond: bool
    aantal_tekst: str
    verhalen: pd.DataFrame


@dataclass(frozen=True)
class ItemVerhalen:
    """The stories of one item. reden: why no stories can belong to it (no thema, no thema question), else None."""
    themas: tuple[str, ...]
    groepen: tuple[Verhaalgroep, ...]
    reden: str | None = None


GEEN_THEMA = "Dit cijfer hangt niet aan een thema van de doelenboom. Daarom horen er geen verhalen bij."
GEEN_ANTWOORD = "Geen antwoord in het kader van de verhalen noemt het thema van dit cijfer."


def verhalen_bij(conn, gemeente: str, paren, mode: Zichtbaarheid, k: int, n: int = 3) -> dict:
    """{(wijk, indicator): ItemVerhalen} for the items `paren` ((wijk, indicator) pairs). The thema's per
    indicator and the thema questions of the gemeente's frameworks are read once; each group of stories
    (wijk, question, options) once, however many items share it."""
    paren = list(dict.fromkeys((str(w), str(i)) for w, i in paren))
    themas = {i: tuple(goals.themes_for_indicator(conn, i, gemeente)) for i in dict.fromkeys(i for _, i in paren)}
    alle = tuple(dict.fromkeys(t for ts in themas.values() for t in ts))
    per_vraag = kaders.thema_keuzes(conn, gemeente, mode, alle) if alle else {}
    gezien: dict = {}
    result = {}
    for wijk, indicator in paren:
        result[(wijk, indicator)] = _item(conn, gemeente, wijk, themas[indicator], per_vraag, mode, k, n, gezien)
    return result


def _item(conn, gemeente, wijk, themas, per_vraag, mode, k, n, gezien) -> ItemVerhalen:
    if not themas:
        return ItemVerhalen(themas, (), GEEN_THEMA)
    if not per_vraag:
        return ItemVerhalen(themas, (), kaders.REDENEN["thema"])
    groepen_ = []
    for vraag, opties in per_vraag.items():
        eigen = tuple(t for t in opties if t in themas)
        if eigen:
            sleutel = (wijk, vraag, eigen)
            if sleutel not in gezien:
                gezien[sleutel] = _groep(conn, VerhaalFilter(gemeente=gemeente, wijken=(wijk,), keuzes={vraag: eigen}),
                                         eigen, mode, k, n)
            groepen_.append(gezien[sleutel])
    return ItemVerhalen(themas, tuple(groepen_), None if groepen_ else GEEN_ANTWOORD)


def _groep(conn, f, themas, mode, k, n) -> Verhaalgroep:
    """One group of stories as groepen.story_page shows it, with the short count text of its verdict."""
    oordeel = groepen.beoordeel(conn, f, mode, k)
    if not oordeel.getoond:
        return Verhaalgroep(themas, False, oordeel.aantal_tekst,
                            pd.DataFrame({c: pd.Series(dtype=object) for c in stories.STORY_COLUMNS}))
    pagina = stories.story_page(conn, f, mode, 1, n)
    return Verhaalgroep(themas, True, formatting.aantal(pagina.totaal, "verhaal", "verhalen"), pagina.verhalen)

