"""Kwaliteit van de verhalen: how far a pattern of a gemeente's stories can be trusted, per question of each
framework its readable stories use (issue 15, point 7).

Per question: the share of stories that left it empty ("n.v.t."), for a slider the share left at its start
position ("beginstand"), and how many answers each wijk and each age group gave. One SQL aggregate per
framework (GROUPING SETS over question, question x wijk, question x leeftijdsgroep); the small-group rule A
(core.vertellen.groepen) decides what may be shown:
- a framework with 1 to k-1 readable stories shows nothing but 'minder dan k verhalen';
- per question the cells [leeg, beantwoord] (of all stories) and [op beginstand, elders] (of the answered
  ones) are tables of their own: a cell of 1 to k-1 loses its number, and so does the other cell (the total
  gives it back); the start position is only shown where the answered count is;
- the answers per wijk (per age group) of one question are one table whose cells add up to the answered
  count; where that count is hidden, the empty stories are an extra hidden cell, so the shown cells never give
  it back.

Where the start position comes from: a slider's `"beginstand"` in the framework file, else the framework's
own `"beginstand"` (for every slider), else the middle, 50 (`bron` 'kader' or 'midden'). A value that is not a
number from 0 to 100 counts as none. An answer is at the start position when it is exactly that value.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import formatting
from core.vertellen import groepen, kaders
from core.vertellen.consent import Zichtbaarheid, leesbaar_in

MIDDEN = 50.0
ONBEKEND = "leeftijd onbekend"
NIET_GETOOND = "niet getoond"
SOORT_TEKST = {"triade": "driehoek", "slider": "schuifvraag", "keuze": "keuzevraag"}

UITLEG = ("Veel lege antwoorden of antwoorden op de beginstand: lees het patroon voorzichtig. Een leeg antwoord "
          "(n.v.t.) telt niet mee in het patroon. Bij een schuifvraag kan de beginstand betekenen dat de verteller "
          "het schuifje niet heeft verplaatst. En kijk per wijk en per leeftijdsgroep: komen de antwoorden vooral "
          "uit één wijk of één groep? Dan zegt het patroon vooral iets over die wijk of die groep.")

# A JSON value that is a number (json_type): a start position must be one
_GETAL = "('BIGINT', 'UBIGINT', 'DOUBLE')"

# One aggregate per framework: per question (g = 3), per question and wijk (g = 1), per question and
# leeftijdsgroep (g = 2): stories, answered stories, answers exactly at the start position. The questions and
# their start positions come in as two lists (from _vragen).
_SQL = """
WITH vragen AS (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::DOUBLE[]) AS beginstand),
v AS (SELECT v.id, v.wijk, v.leeftijdsgroep FROM verhalen v WHERE {waar} AND v.kader = ?),
a AS (SELECT a.verhaal, a.signifier,
             bool_or(a.slider IS NOT NULL OR a.keuze IS NOT NULL OR a.triade_a IS NOT NULL) AS beantwoord,
             bool_or(a.slider = q.beginstand) AS op_begin
      FROM antwoorden a JOIN vragen q ON q.id = a.signifier
      WHERE a.kader = ? AND a.verhaal IN (SELECT id FROM v) GROUP BY a.verhaal, a.signifier)
SELECT q.id AS signifier, v.wijk, v.leeftijdsgroep, GROUPING(v.wijk, v.leeftijdsgroep) AS g,
       count(*) AS verhalen, count(*) FILTER (WHERE a.beantwoord) AS beantwoord,
       count(*) FILTER (WHERE a.op_begin) AS op_beginstand
FROM v CROSS JOIN vragen q LEFT JOIN a ON a.verhaal = v.id AND a.signifier = q.id
GROUP BY GROUPING SETS ((q.id), (q.id, v.wijk), (q.id, v.leeftijdsgroep))
"""


@dataclass(frozen=True)
class Kaderkwaliteit:
    """The quality figures of one framework's stories in a gemeente, as they may be shown.

    verhalen: readable stories of the framework (None when 1 to k-1: then `getoond` is False and the frames
    are empty). vragen, one row per question in the framework's order: sleutel, vraag, soort, voorwaarde
    (alleen_als as text, or None), leeg, beantwoord, op_beginstand (counts, NaN where hidden), leeg_tekst,
    beginstand_tekst (shares as text, 'minder dan k verhalen' or 'niet getoond'; '' for no slider),
    beginstand (the start position of a slider, NaN otherwise), beginstand_bron ('kader' | 'midden' | None).
    per_wijk / per_leeftijd: sleutel, vraag, groep (wijk code, or age group; None: unknown), naam (what to show),
    antwoorden (NaN where hidden), tekst (the count, or why it is not there)."""
    kader: str
    naam: str
    verhalen: int | None
    verhalen_tekst: str
    vragen: pd.DataFrame
    per_wijk: pd.DataFrame
    per_leeftijd: pd.DataFrame

    @property
    def getoond(self) -> bool:
        return self.verhalen is not None

    @property
    def heeft_leeftijd(self) -> bool:
        """False when no story of this framework has an age group (the framework does not ask it)."""
        return bool(len(self.per_leeftijd)) and bool(self.per_leeftijd["groep"].notna().any())

    @property
    def beginstand_uit_kader(self) -> bool:
        """True when the framework names the start position of at least one slider."""
        return bool((self.vragen.get("beginstand_bron") == "kader").any()) if len(self.vragen) else False


def kwaliteit(conn, gemeente: str, mode: Zichtbaarheid, k: int) -> list[Kaderkwaliteit]:
    """The quality figures of every framework the readable stories of a gemeente use, most stories first."""
    return [kader_kwaliteit(conn, kader, gemeente, mode, k) for kader in kaders.kaders_van(conn, gemeente, mode)]


def kader_kwaliteit(conn, kader: str, gemeente: str, mode: Zichtbaarheid, k: int) -> Kaderkwaliteit:
    """The quality figures of one framework's readable stories in a gemeente (one aggregate query)."""
    waar, params = leesbaar_in(mode, gemeente)
    vragen = _vragen(conn, kader)
    beginstand = [None if pd.isna(b) else float(b) for b in vragen["beginstand"]]
    rows = conn.execute(_SQL.format(waar=waar), [list(vragen["signifier"]), beginstand, *params, kader, kader]).df()
    naam, definitie = conn.execute("SELECT naam, definitie FROM kaders WHERE id = ?", [kader]).fetchone()
    totaal = rows[rows["g"] == 3]
    n = int(totaal["verhalen"].max()) if len(totaal) else 0
    if 0 < n < k:
        leeg = pd.DataFrame()
        return Kaderkwaliteit(kader, naam, None, groepen.minder_dan(k), leeg, leeg, leeg)
    totaal = totaal.drop(columns=["wijk", "leeftijdsgroep", "g"])
    vragen = _per_vraag(vragen.merge(totaal, on="signifier", how="left"), k)
    namen = _wijknamen(conn, gemeente)
    wijk = _per_groep(rows[rows["g"] == 1].rename(columns={"wijk": "groep"}), vragen, k, namen.get)
    volgorde = _leeftijdsgroepen(definitie)
    leeftijd = _per_groep(rows[rows["g"] == 2].rename(columns={"leeftijdsgroep": "groep"}), vragen, k,
                          lambda g: ONBEKEND if g is None else g, volgorde)
    return Kaderkwaliteit(kader, naam, n, formatting.aantal(n, "verhaal", "verhalen"), vragen, wijk, leeftijd)


def _vragen(conn, kader: str) -> pd.DataFrame:
    """The framework's questions in its order, with their start position (sliders) and where it came from."""
    frame = conn.execute("""
        WITH def AS (SELECT definitie::JSON AS d FROM kaders WHERE id = ?)
        SELECT s.id AS signifier, s.soort, s.vraag, s.alleen_als,
               CASE WHEN json_type(e, '$.beginstand') IN """ + _GETAL + """
                    THEN CAST(json_extract(e, '$.beginstand') AS DOUBLE) END AS eigen,
               CASE WHEN json_type(def.d, '$.beginstand') IN """ + _GETAL + """
                    THEN CAST(json_extract(def.d, '$.beginstand') AS DOUBLE) END AS breed
        FROM signifiers s CROSS JOIN def
        LEFT JOIN (SELECT unnest(CAST(json_extract(d, '$.signifiers') AS JSON[])) AS e FROM def) x
               ON json_extract_string(x.e, '$.id') = s.id
        WHERE s.kader = ? ORDER BY s.volgorde""", [kader, kader]).df()
    geldig = {c: frame[c].where(frame[c].between(0, 100)) for c in ("eigen", "breed")}
    uit_kader = geldig["eigen"].fillna(geldig["breed"])
    slider = frame["soort"] == "slider"
    frame["beginstand"] = np.where(slider, uit_kader.fillna(MIDDEN), np.nan)
    frame["beginstand_bron"] = np.where(slider, np.where(uit_kader.notna(), "kader", "midden"), None)
    frame["sleutel"] = [kaders.sleutel(kader, s) for s in frame["signifier"]]
    frame["voorwaarde"] = frame["alleen_als"].map(_voorwaarde)
    return frame.drop(columns=["eigen", "breed", "alleen_als"])


def _voorwaarde(alleen_als) -> str | None:
    """'ondersteuning = ja': when the question was asked at all (alleen_als), or None."""
    if not isinstance(alleen_als, str) or not alleen_als:
        return None
    return ", ".join(f"{k} = {v}" for k, v in json.loads(alleen_als).items())


def _aandeel(deel: float, geheel: float) -> str:
    """'25% (3 van 12)'."""
    if not geheel:
        return "geen antwoorden"
    getal = formatting.getal
    return f"{getal(100 * deel / geheel, 0)}% ({getal(deel, 0)} van {getal(geheel, 0)})"


def _waarom(count: float, k: int) -> str:
    return groepen.minder_dan(k) if 0 < count < k else NIET_GETOOND


def _per_vraag(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Shares of empty answers and of answers at the start position, each pair of cells under rule A."""
    frame = frame.copy()
    n = frame["verhalen"].fillna(0).to_numpy(dtype=float)
    beantwoord = frame["beantwoord"].fillna(0).to_numpy(dtype=float)
    leeg, begin = n - beantwoord, frame["op_beginstand"].fillna(0).to_numpy(dtype=float)
    leeg_weg = np.array([groepen.verberg_cellen([l_, b], k, totaal=t).any() for l_, b, t in zip(leeg, beantwoord, n)])
    begin_weg = leeg_weg | np.array([groepen.verberg_cellen([b, a - b], k, totaal=a).any()
                                     for b, a in zip(begin, beantwoord)])
    slider = (frame["soort"] == "slider").to_numpy()
    frame["leeg_tekst"] = [_waarom(x, k) if weg else _aandeel(x, t) for x, t, weg in zip(leeg, n, leeg_weg)]
    frame["beginstand_tekst"] = ["" if not s else _waarom(b, k) if weg else _aandeel(b, a)
                                 for s, b, a, weg in zip(slider, begin, beantwoord, begin_weg)]
    frame["leeg"] = np.where(leeg_weg, np.nan, leeg)
    frame["beantwoord"] = np.where(leeg_weg, np.nan, beantwoord)
    frame["op_beginstand"] = np.where(begin_weg | ~slider, np.nan, begin)
    frame["leeg_verborgen"] = leeg_weg
    return frame.drop(columns=["verhalen"])


def _per_groep(rows: pd.DataFrame, vragen: pd.DataFrame, k: int, naam, volgorde=None) -> pd.DataFrame:
    """Answers per group (wijk or age group) of each question, as rule A lets them show: one table of cells per
    question, with the empty stories as one more hidden cell where the question's answered count is hidden."""
    delen = []
    for _, vraag in vragen.iterrows():   # a few questions; the rows come from the one aggregate
        cellen = rows[rows["signifier"] == vraag["signifier"]]
        cellen = cellen.assign(volg=cellen["groep"].map(lambda g: _plek(g, volgorde))).sort_values(["volg", "groep"])
        counts = cellen["beantwoord"].to_numpy(dtype=float)
        leeg = float(cellen["verhalen"].sum() - counts.sum())
        if vraag["leeg_verborgen"]:
            weg = groepen.verberg_cellen(np.append(counts, leeg), k, extra=np.append(counts * 0, 1).astype(bool))[:-1]
        else:
            weg = groepen.verberg_cellen(counts, k, totaal=counts.sum())
        delen.append(pd.DataFrame({
            "sleutel": vraag["sleutel"], "vraag": vraag["vraag"], "groep": cellen["groep"].to_numpy(),
            "naam": [naam(None if pd.isna(g) else g) or g for g in cellen["groep"]],
            "antwoorden": np.where(weg, np.nan, counts),
            "tekst": [_waarom(c, k) if w else formatting.getal(c, 0) for c, w in zip(counts, weg)]}))
    kolommen = ["sleutel", "vraag", "groep", "naam", "antwoorden", "tekst"]
    return pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=kolommen)


def _plek(groep, volgorde) -> int:
    """Where a group stands: in the framework's order of age groups, unknown groups after, 'onbekend' last."""
    if groep is None or (isinstance(groep, float) and np.isnan(groep)):
        return 10_000
    return volgorde.index(groep) if volgorde and groep in volgorde else 1_000


def _leeftijdsgroepen(definitie: str) -> list[str]:
    try:
        groepen_lijst = json.loads(definitie).get("leeftijdsgroepen") or []
    except (ValueError, AttributeError):
        return []
    return [str(g) for g in groepen_lijst]


def _wijknamen(conn, gemeente: str) -> dict[str, str]:
    """wijk code -> name (of the newest indeling that has the code)."""
    rows = conn.execute("SELECT code, arg_max(naam, indeling) FROM regios WHERE niveau = 'wijk' AND gemeentecode = ? "
                        "GROUP BY code", [gemeente]).fetchall()
    return dict(rows)


def tabel(groepen_frame: pd.DataFrame) -> pd.DataFrame:
    """One question per row, one group per column: the cell texts (for the page's table)."""
    if not len(groepen_frame):
        return pd.DataFrame()
    kolommen = list(dict.fromkeys(groepen_frame["naam"]))
    breed = groepen_frame.pivot_table(index="vraag", columns="naam", values="tekst", aggfunc="first", sort=False)
    volgorde = list(dict.fromkeys(groepen_frame["vraag"]))
    breed = breed.reindex(index=volgorde, columns=kolommen).fillna("0").rename_axis(index="Vraag", columns=None)
    return breed.reset_index()


def vragen_tabel(kwaliteit_: Kaderkwaliteit) -> pd.DataFrame:
    """The questions of one framework as the page shows them (Dutch column names, texts only)."""
    vragen = kwaliteit_.vragen
    if not len(vragen):
        return pd.DataFrame()
    vraag = [v if not isinstance(w, str) else f"{v} (alleen gevraagd als {w})"
             for v, w in zip(vragen["vraag"], vragen["voorwaarde"])]
    begin = ["" if pd.isna(b) else f"{formatting.getal(b, 0)} ({'uit het kader' if bron == 'kader' else 'midden'})"
             for b, bron in zip(vragen["beginstand"], vragen["beginstand_bron"])]
    return pd.DataFrame({"Vraag": vraag, "Soort": vragen["soort"].map(SOORT_TEKST),
                         "Leeg of n.v.t.": vragen["leeg_tekst"], "Op de beginstand": vragen["beginstand_tekst"],
                         "Beginstand": begin})


def beginstand_zin(kwaliteit_: Kaderkwaliteit) -> str:
    """Where the start position of the sliders comes from, in one or two sentences ('' without sliders)."""
    if not (kwaliteit_.vragen.get("soort", pd.Series(dtype=object)) == "slider").any():
        return ""
    if kwaliteit_.beginstand_uit_kader:
        return ("De beginstand van een schuifvraag komt uit het kader. Noemt het kader voor een vraag geen "
                "beginstand, dan nemen we het midden: 50.")
    return ("Het kader noemt geen beginstand voor de schuifvragen. Daarom nemen we het midden: 50. "
            "Een antwoord telt als 'op de beginstand' als het precies 50 is.")


def verborgen_uitleg(k: int) -> str:
    return (f"'{groepen.minder_dan(k)}': een groep van 1 tot {int(k) - 1} verhalen krijgt geen getal. "
            f"'{NIET_GETOOND}': met dit getal kunt u zo'n kleine groep uitrekenen. Daarom staat het er niet.")
