"""Cijfer en beleving: per leefgebied the measured outcome figure next to what residents' stories say about it.

The figure. Per leefgebied of the wijkfoto (core/catalog/wijkfoto.csv): the first of its tile indicators (in the
catalog's order) that is an outcome with a direction and has a figure for the wijk up to the year; else the first
tile indicator with a figure. On Tellen & vertellen: the chosen indicator. Its change: the latest figure against
the previous measurement (`vergelijkingen.vorig_jaar`), judged in the indicator's direction (wijkfoto.oordeel).
A break in the series between the two (catalog breuken.csv) is said next to it; the change is still shown.

Which stories touch a leefgebied (the one rule): a story whose answer to its framework's `thema` question (the
framework's "sleutels", core.vertellen.kaders.thema_keuzes) names a thema (maatschappelijk resultaat) of the goal
tree that one of the leefgebied's indicators (catalog column `leefgebied`) measures (core.tellen.goals.
themes_for_indicator: the gemeente's own tree, else any tree). On Tellen & vertellen: the thema's of the chosen
indicator, as the page's "Verhalen bij dit thema". A leefgebied without such a thema has no stories here.

What they say: of the readable stories of the wijk in one year of experience (the wijkfoto's year; on Tellen &
vertellen the latest year with such stories) that answered the framework's `ervaring` slider: n, the share
positive (POSITIEF_VANAF or more, as the wijkfoto's stories panel) and the median; and the same of the year
before. The flag: the figure improves while the share positive falls (or the other way round), each by at least
the threshold of a verdict (DREMPEL_PROCENTPUNT, share in percentage points); a neutral indicator gets no flag.

Small groups (core.vertellen.groepen): a year of 1 to k-1 stories shows no n, share or median, and there is no
flag; the share only when the positive and the other stories are each 0 or at least k; in partner mode also rule B
(beoordeel_patronen on the same view: wijk, year, thema's, the `ervaring` answers).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import formatting
from core.store.vergelijkingen import DREMPEL_PROCENTPUNT
from core.tellen import goals
from core.tellen.figures import ACTUELE_INDELING
from core.tellen.wijkfoto import POSITIEF_VANAF, oordeel, plekken
from core.vertellen import groepen, kaders
from core.vertellen.consent import Zichtbaarheid, consent_clause
from core.vertellen.stories import VerhaalFilter

VLAG_BETER = "cijfer verbetert, verhalen negatiever"
VLAG_SLECHTER = "cijfer verslechtert, verhalen positiever"
GEEN_THEMA = ("Geen verhalen bij dit leefgebied: geen cijfer ervan hangt aan een thema van de doelenboom, of de "
              "verhalen hier hebben geen vraag naar dat thema.")


@dataclass(frozen=True)
class Jaarverhalen:
    """The stories of one year of experience about a leefgebied, as they may be shown. n, aandeel (0-1) and
    mediaan (0-100) None when hidden; `verborgen` then says why ('minder dan k verhalen', 'niet getoond')."""
    jaar: int
    n: int | None
    aandeel: float | None
    mediaan: float | None
    verborgen: str | None = None


@dataclass(frozen=True)
class Beleving:
    """One leefgebied (or one indicator) of one wijk: the figure, its change, the stories, their change, the flag.
    cijfer: the verdict of the latest figure against the previous one (wijkfoto.oordeel: beter | slechter |
    gelijk | hoger | lager | onbekend); verhalen: positiever | negatiever | gelijk | onbekend."""
    leefgebied: str
    indicator: str | None
    label: str | None
    eenheid: str | None
    richting: str | None
    groep: str | None
    jaar: int | None
    waarde: float | None
    vorig_jaar: int | None
    vorige_waarde: float | None
    breuk: bool
    cijfer: str
    themas: tuple[str, ...]
    nu: Jaarverhalen | None
    vorig: Jaarverhalen | None
    verhalen: str
    vlag: str | None
    reden: str | None = None   # why there are no stories (GEEN_THEMA, or the framework has no `ervaring`)


_BELEVING_SQL = """
WITH kandidaten AS (
    SELECT unnest($k_rij) AS rij, unnest($k_ind) AS indicator, unnest($k_groep) AS groep,
           generate_subscripts($k_ind, 1) AS volgorde
), cijfers AS (
    SELECT c.rij, v.indicator, v.leeftijdsgroep AS groep, v.jaar, v.waarde, v.vorig_jaar, v.vorige_waarde,
           v.breuk_sinds_vorige AS breuk, i.label, i.eenheid, i.richting
    FROM kandidaten c JOIN indicatoren i ON i.id = c.indicator
    JOIN vergelijkingen v ON v.regio = $wijk AND v.wijkindeling = $indeling AND v.indicator = c.indicator
         AND v.leeftijdsgroep = c.groep AND v.jaar <= coalesce($jaar, v.jaar)
    QUALIFY row_number() OVER (PARTITION BY c.rij ORDER BY (i.soort = 'outcome' AND i.richting <> 'neutraal') DESC,
                                                          c.volgorde, v.jaar DESC) = 1
), thema AS (
    SELECT unnest($t_rij) AS rij, unnest($t_kader) AS kader, unnest($t_vraag) AS signifier, unnest($t_optie) AS optie
), {ervaring},
verhaal AS (   -- one row per story and leefgebied: a multi-select thema may name several of its thema's
    SELECT DISTINCT t.rij, v.id, v.jaar, a.slider
    FROM verhalen v
    JOIN antwoorden th ON th.verhaal = v.id AND th.kader = v.kader
    JOIN thema t ON t.kader = th.kader AND t.signifier = th.signifier AND t.optie = th.keuze
    JOIN ervaring e ON e.kader = v.kader
    JOIN antwoorden a ON a.verhaal = v.id AND a.kader = v.kader AND a.signifier = e.signifier AND a.slider IS NOT NULL
    WHERE v.wijk = $wijk AND v.jaar <= coalesce($sjaar, v.jaar) AND {clause}
), nu AS (
    SELECT r.rij, coalesce($sjaar, (SELECT max(h.jaar) FROM verhaal h WHERE h.rij = r.rij)) AS jaar
    FROM (SELECT DISTINCT rij FROM kandidaten) r
), per_jaar AS (
    SELECT h.rij, h.jaar, count(*) AS n, count(*) FILTER (WHERE h.slider >= $positief) AS positief,
           median(h.slider) AS mediaan
    FROM verhaal h GROUP BY ALL
)
SELECT nu.rij, c.indicator, c.groep, c.jaar, c.waarde, c.vorig_jaar, c.vorige_waarde, c.breuk, c.label, c.eenheid,
       c.richting, nu.jaar AS verhalen_jaar, p.n, p.positief, p.mediaan,
       q.n AS vorig_n, q.positief AS vorig_positief, q.mediaan AS vorig_mediaan
FROM nu LEFT JOIN cijfers c ON c.rij = nu.rij
LEFT JOIN per_jaar p ON p.rij = nu.rij AND p.jaar = nu.jaar
LEFT JOIN per_jaar q ON q.rij = nu.rij AND q.jaar = nu.jaar - 1
ORDER BY nu.rij
"""


def leefgebied_themas(conn, gemeente: str) -> dict[str, list[str]]:
    """leefgebied -> the goal tree's thema's its indicators measure (goals.themes_for_indicator, per indicator
    the goal trees link), in order of the tree."""
    rows = conn.execute("SELECT DISTINCT i.leefgebied, l.indicator FROM doel_indicatoren l "
                        "JOIN indicatoren i ON i.id = l.indicator ORDER BY 1, 2").fetchall()
    found: dict[str, list[str]] = {}
    for leefgebied, indicator in rows:
        themas = found.setdefault(leefgebied, [])
        themas += [t for t in goals.themes_for_indicator(conn, indicator, gemeente) if t not in themas]
    return found


def _thema_params(conn, gemeente: str, mode: Zichtbaarheid, per_rij: list[list[str]]) -> tuple[dict, str | None]:
    """The query's thema rows (rij, kader, vraag, optie) and the one thema question's key (None with none, or
    with several frameworks: then partner mode cannot check rule B on one filter and hides the stories)."""
    alle = tuple(dict.fromkeys(t for themas in per_rij for t in themas))
    per_vraag = kaders.thema_keuzes(conn, gemeente, mode, alle) if alle else {}
    rijen = [(rij, *kaders.ontleed(conn, vraag), optie) for vraag, opties in per_vraag.items()
             for rij, themas in enumerate(per_rij) for optie in opties if optie in themas]
    params = {f"t_{naam}": [r[i] for r in rijen] for i, naam in enumerate(("rij", "kader", "vraag", "optie"))}
    return params, next(iter(per_vraag)) if len(per_vraag) == 1 else None


def _richting_verhalen(nu: Jaarverhalen | None, vorig: Jaarverhalen | None) -> str:
    if nu is None or vorig is None or nu.aandeel is None or vorig.aandeel is None:
        return "onbekend"
    verschil = (nu.aandeel - vorig.aandeel) * 100
    return "gelijk" if abs(verschil) < DREMPEL_PROCENTPUNT else "positiever" if verschil > 0 else "negatiever"


def vlag(cijfer: str, verhalen: str) -> str | None:
    """The flag where figure and stories point in different directions (a neutral indicator has no beter/slechter)."""
    return {("beter", "negatiever"): VLAG_BETER, ("slechter", "positiever"): VLAG_SLECHTER}.get((cijfer, verhalen))


def _jaarverhalen(jaar, n, positief, mediaan, k: int, regel_b: groepen.Oordeel | None) -> Jaarverhalen | None:
    """One year's stories as they may be shown: rule A (and rule B's verdict in partner mode, when given)."""
    n, positief = _int(n) or 0, _int(positief) or 0
    if 0 < n < k:
        return Jaarverhalen(int(jaar), None, None, None, groepen.minder_dan(k))
    if regel_b is not None and not regel_b.getoond:
        return Jaarverhalen(int(jaar), None, None, None, "niet getoond")
    delen_veilig = all(not 0 < x < k for x in (positief, n - positief))
    return Jaarverhalen(int(jaar), n, positief / n if n and delen_veilig else None, _float(mediaan) if n else None)


def _regel_b(conn, gemeente, wijk, jaar, vraag, opties, mode, k) -> groepen.Oordeel | None:
    """Partner mode: rule B for the group of `ervaring` answers of this wijk, year and thema's (None for staff)."""
    if not groepen.verschil_regel(mode):
        return None
    if vraag is None:
        return groepen.Oordeel(0, k, False, "te_veel")
    ervaring = kaders.sleutels(conn, kaders.ontleed(conn, vraag)[0]).ervaring
    if ervaring is None:
        return groepen.Oordeel(0, k, False, "te_veel")
    f = VerhaalFilter(gemeente=gemeente, wijken=(wijk,), jaren=(int(jaar), int(jaar)), keuzes={vraag: opties})
    return groepen.beoordeel_patronen(conn, f, mode, k, ervaring, "slider", ("bin",))["bin"]


def _beleving(conn, wijk: str, gemeente: str, mode: Zichtbaarheid, k: int, rijen: list[tuple], jaar: int | None,
              verhalen_jaar: int | None, indeling: int) -> list[Beleving]:
    """rijen: (leefgebied, [(indicator, groep), ...] candidates in order, [thema, ...]). One query for all rows."""
    thema_params, vraag = _thema_params(conn, gemeente, mode, [r[2] for r in rijen])
    kandidaten = [(nr, ind, groep) for nr, r in enumerate(rijen) for ind, groep in r[1]]
    frame = conn.execute(_BELEVING_SQL.format(ervaring=kaders.ERVARING_SQL, clause=consent_clause(mode)), {
        "wijk": wijk, "indeling": indeling, "jaar": jaar, "sjaar": verhalen_jaar, "positief": POSITIEF_VANAF,
        "k_rij": [c[0] for c in kandidaten], "k_ind": [c[1] for c in kandidaten], "k_groep": [c[2] for c in kandidaten],
        **thema_params}).df()
    opties_per_rij = [set(t) & set(thema_params["t_optie"][i] for i, r in enumerate(thema_params["t_rij"]) if r == nr)
                      for nr, (_, _, t) in enumerate(rijen)]
    return [_maak(conn, rij, rijen[rij.rij], opties_per_rij[rij.rij], vraag, wijk, gemeente, mode, k)
            for rij in frame.itertuples()]


def _leeg(v):
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT


def _jaren(conn, rij, opties, vraag, wijk, gemeente, mode, k) -> tuple[Jaarverhalen | None, Jaarverhalen | None]:
    """The stories of the row's year of experience and of the year before, as they may be shown."""
    if _leeg(rij.verhalen_jaar):
        return None, None
    jaren = (int(rij.verhalen_jaar), int(rij.verhalen_jaar) - 1)
    cijfers = ((rij.n, rij.positief, rij.mediaan), (rij.vorig_n, rij.vorig_positief, rij.vorig_mediaan))
    return tuple(_jaarverhalen(jaar, n, positief, mediaan, k,
                               _regel_b(conn, gemeente, wijk, jaar, vraag, sorted(opties), mode, k)
                               if (_int(n) or 0) >= k else None)   # rule A decides below k
                 for jaar, (n, positief, mediaan) in zip(jaren, cijfers))


def _maak(conn, rij, invoer, opties, vraag, wijk, gemeente, mode, k) -> Beleving:
    leefgebied, _, themas = invoer
    nu, vorig = _jaren(conn, rij, opties, vraag, wijk, gemeente, mode, k)
    heeft = not _leeg(rij.indicator)
    cijfer = oordeel(rij.waarde, _float(rij.vorige_waarde), rij.eenheid, rij.richting) if heeft else "onbekend"
    richting = _richting_verhalen(nu, vorig)
    return Beleving(leefgebied, *((rij.indicator, rij.label, rij.eenheid, rij.richting, rij.groep) if heeft
                                  else (None,) * 5),
                    _int(rij.jaar), _float(rij.waarde), _int(rij.vorig_jaar), _float(rij.vorige_waarde),
                    heeft and bool(rij.breuk), cijfer, tuple(t for t in themas if t in opties), nu, vorig, richting,
                    vlag(cijfer, richting), None if opties else GEEN_THEMA)


def _int(v) -> int | None:
    return None if _leeg(v) else int(v)


def _float(v) -> float | None:
    return None if _leeg(v) else float(v)


def voor_wijk(conn, wijk: str, gemeente: str, mode: Zichtbaarheid, k: int, jaar: int,
              indeling: int = ACTUELE_INDELING) -> list[Beleving]:
    """The five leefgebieden of the wijkfoto of one wijk in one year: the figure up to `jaar`, the stories of
    the year of experience `jaar` against `jaar` - 1."""
    themas = leefgebied_themas(conn, gemeente)
    rijen = [(leefgebied, [c for slot in slots for c in slot], themas.get(leefgebied, []))
             for leefgebied, slots in plekken()]
    return _beleving(conn, wijk, gemeente, mode, k, rijen, jaar, jaar, indeling)


def voor_indicator(conn, wijk: str, gemeente: str, indicator: str, groep: str, mode: Zichtbaarheid, k: int,
                   indeling: int = ACTUELE_INDELING) -> Beleving:
    """One indicator of one wijk (Tellen & vertellen): its latest figure against the previous one, and the stories
    about its thema's in the latest year of experience that has them against the year before."""
    leefgebied = conn.execute("SELECT leefgebied FROM indicatoren WHERE id = ?", [indicator]).fetchone()
    rij = (leefgebied[0] if leefgebied else "", [(indicator, groep)],
           goals.themes_for_indicator(conn, indicator, gemeente))
    return _beleving(conn, wijk, gemeente, mode, k, [rij], None, None, indeling)[0]


# --- the lines a page shows ------------------------------------------------------------------------

CIJFER_WOORD = {"beter": "verbeterd", "slechter": "verslechterd", "gelijk": "ongeveer gelijk gebleven",
                "hoger": "gestegen", "lager": "gedaald"}
VERHALEN_WOORD = {"positiever": "positiever", "negatiever": "negatiever", "gelijk": "ongeveer even positief"}


def cijfer_zin(b: Beleving) -> str:
    """'79,2% in 2020. In 2016: 75,4%: verbeterd.' (or why there is no change)."""
    if b.jaar is None:
        return "Geen cijfer voor deze wijk."
    zin = f"{formatting.met_eenheid(b.waarde, b.eenheid)} in {b.jaar}."
    if b.vorig_jaar is None:
        return zin + " Nog geen eerdere meting."
    zin += f" In {b.vorig_jaar}: {formatting.met_eenheid(b.vorige_waarde, b.eenheid)}"
    return zin + (f", dus {CIJFER_WOORD[b.cijfer]}." if b.cijfer in CIJFER_WOORD else ".")


def verhalen_zin(j: Jaarverhalen | None, k: int) -> str:
    """'Verhalen uit 2020: 7 met een antwoord, 43% positief, mediaan 55.' or what hides them."""
    if j is None:
        return "Geen verhalen over dit leefgebied."
    if j.verborgen:
        return f"Verhalen uit {j.jaar}: {j.verborgen}. Geen aandeel en geen mediaan."
    if not j.n:
        return f"Verhalen uit {j.jaar}: geen."
    delen = [f"{formatting.aantal(j.n, 'verhaal', 'verhalen')} met een antwoord"]
    delen.append(f"{formatting.getal(j.aandeel * 100, 0)}% positief" if j.aandeel is not None
                 else f"aandeel positief niet getoond (een deel is kleiner dan {k})")
    delen.append(f"mediaan {formatting.getal(j.mediaan, 0)}")
    return f"Verhalen uit {j.jaar}: {', '.join(delen)}."


def verandering_zin(b: Beleving) -> str | None:
    """'Verhalen 2020 tegen 2019: negatiever.', or None when the two years cannot be compared."""
    if b.verhalen not in VERHALEN_WOORD or b.nu is None:
        return None
    return f"Verhalen {b.nu.jaar} tegen {b.nu.jaar - 1}: {VERHALEN_WOORD[b.verhalen]}."


def uitleg(k: int, per_leefgebied: bool = True) -> str:
    """What the view counts, in plain Dutch: per leefgebied (the wijkfoto) or for the chosen figure."""
    welke = ("Per leefgebied het belangrijkste cijfer naast wat bewoners erover vertellen. Een verhaal hoort bij "
             "een leefgebied als de bewoner een thema koos dat in de doelenboom bij een cijfer van dat leefgebied "
             "hoort." if per_leefgebied else
             "Het gekozen cijfer naast wat bewoners erover vertellen. Een verhaal hoort bij het cijfer als de "
             "bewoner een thema koos dat in de doelenboom bij dit cijfer hoort.")
    return (f"{welke} Positief: {POSITIEF_VANAF} of meer op de vraag naar de ervaring. Van minder dan {k} verhalen "
            f"tonen we geen aantal, aandeel, mediaan of signaal.")
