"""Named queries for the figures. Values are bound parameters; return columns are documented."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.ingest.figures import ALLE_LEEFTIJDEN
from core.tellen.figures import ACTUELE_INDELING, cijfer_wijken, wijken
from core.vertellen import groepen, stories
from core.vertellen.consent import Zichtbaarheid

VOLWASSENEN = "18 jaar of ouder"
DEMO_VOLGORDE = ("GM0546", "GM0547")  # Leiden first (default), Leiderdorp second


@dataclass(frozen=True)
class Kerncijfer:
    """One key figure of the first page with the caveats that must stand next to it."""
    indicator: str
    leeftijdsgroep: str


KERNCIJFERS = (
    Kerncijfer("kwb_inwoners", ALLE_LEEFTIJDEN),
    Kerncijfer("ggd_ervaren_gezondheid", VOLWASSENEN),
    Kerncijfer("ggd_eenzaam", VOLWASSENEN),
    Kerncijfer("ggd_moeite_rondkomen", VOLWASSENEN),
)


@dataclass(frozen=True)
class Bronregel:
    """Source line under a figure: who published it, which period, which licence, model estimate or not."""
    indicator: str
    label: str
    eenheid: str
    leeftijdsgroep: str
    jaar: int | None
    uitgever: str
    tabel_id: str | None
    licentie: str
    modelschatting: bool


@dataclass(frozen=True)
class WijkOverzicht:
    """`tabel` columns: wijk, naam, then one column per key figure id, then verhalen, fictief.
    `vergelijking` has the same figure columns for the gemeente and Nederland (regio, naam, ...).
    `indeling`: the wijk indeling of `tabel`. `andere`: one overview (no story counts: verhalen NaN,
    verhalen_tekst '–') per other wijk indeling that holds key figures of this gemeente's wijken (e.g. RIVM's
    2020 wijken of Amsterdam); their `bronnen` name only the key figures of that indeling."""
    gemeente: str
    gemeentenaam: str
    tabel: pd.DataFrame
    vergelijking: pd.DataFrame
    bronnen: tuple[Bronregel, ...]
    indeling_gewijzigd: bool
    verhalen_totaal: str = ""   # the gemeente's readable stories as shown ("minder dan k" below k)
    indeling: int = ACTUELE_INDELING
    andere: tuple = ()          # WijkOverzicht per other wijk indeling with key figures

    @property
    def alle_bronnen(self) -> tuple[Bronregel, ...]:
        """The source lines of this table and the other indelingen' tables."""
        return self.bronnen + tuple(r for o in self.andere for r in o.bronnen)


def gemeenten(conn) -> pd.DataFrame:
    """Gemeenten of the current indeling that have wijken. Columns: code, naam. Demo gemeenten first."""
    frame = conn.execute("""
        SELECT g.code, g.naam FROM regios g
        WHERE g.niveau = 'gemeente' AND g.indeling = ?
          AND EXISTS (SELECT 1 FROM regios w WHERE w.niveau = 'wijk' AND w.gemeentecode = g.code
                      AND w.indeling = ?)
        ORDER BY g.naam
    """, [ACTUELE_INDELING, ACTUELE_INDELING]).df()
    rank = {code: i for i, code in enumerate(DEMO_VOLGORDE)}
    frame["volgorde"] = frame["code"].map(lambda c: rank.get(c, len(rank)))
    return frame.sort_values(["volgorde", "naam"]).drop(columns="volgorde").reset_index(drop=True)


def _latest_values(conn, gemeentecode: str) -> pd.DataFrame:
    """Latest real value of every key figure for every wijk of the gemeente (in each wijk indeling its figures
    belong to), the gemeente itself and Nederland, in one read of `vergelijkingen`.
    Columns: regio, wijkindeling (NULL for gemeente and Nederland), indicator, jaar, waarde."""
    return conn.execute("""
        WITH cijfers AS (SELECT unnest($indicatoren) AS indicator, unnest($groepen) AS leeftijdsgroep),
             hier AS (SELECT * FROM vergelijkingen WHERE gemeentecode = $gemeente AND niveau = 'wijk'
                      UNION ALL SELECT * FROM vergelijkingen WHERE regio IN ($gemeente, 'NL01'))
        SELECT v.regio, v.wijkindeling, v.indicator, max(v.jaar) AS jaar, arg_max(v.waarde, v.jaar) AS waarde
        FROM hier v JOIN cijfers c ON c.indicator = v.indicator AND c.leeftijdsgroep = v.leeftijdsgroep
        GROUP BY ALL
    """, {"indicatoren": [c.indicator for c in KERNCIJFERS], "groepen": [c.leeftijdsgroep for c in KERNCIJFERS],
          "gemeente": gemeentecode}).df()


def bronregel(conn, indicator: str, leeftijdsgroep: str, jaar: int | None, gemeente: str | None = None) -> Bronregel:
    return _bronregels(conn, [(indicator, leeftijdsgroep, jaar)], gemeente)[0]


def _bronregels(conn, cijfers: list[tuple[str, str, int | None]], gemeente: str | None = None) -> list[Bronregel]:
    """Source lines for (indicator, leeftijdsgroep, jaar) triples, in their order, in one query. With a gemeente,
    each line names the source of that gemeente's wijk figures in that year (an import names itself)."""
    if not cijfers:
        return []
    rows = conn.execute("""
        WITH gevraagd AS (SELECT unnest($indicatoren) AS indicator, unnest($groepen) AS groep,
                                 unnest($jaren) AS jaar, generate_subscripts($indicatoren, 1) AS nr),
             eigen AS (SELECT g.nr, arg_max(v.bron, v.jaar) AS bron FROM gevraagd g
                       JOIN vergelijkingen v ON v.indicator = g.indicator AND v.leeftijdsgroep = g.groep
                            AND v.jaar <= coalesce(g.jaar, v.jaar) AND v.gemeentecode = $gemeente
                            AND v.niveau = 'wijk'
                       GROUP BY g.nr)
        SELECT i.id, i.label, i.eenheid, b.uitgever, b.tabel_id, b.licentie, b.modelschatting IS NOT NULL
        FROM gevraagd g JOIN indicatoren i ON i.id = g.indicator LEFT JOIN eigen e ON e.nr = g.nr
        JOIN bronnen b ON b.id = coalesce(e.bron, i.bron)
        ORDER BY g.nr
    """, {"indicatoren": [c[0] for c in cijfers], "groepen": [c[1] for c in cijfers],
          "jaren": [c[2] for c in cijfers], "gemeente": gemeente}).fetchall()
    return [Bronregel(indicator, label, eenheid, groep, jaar, uitgever, tabel_id, licentie, model)
            for (indicator, groep, jaar), (_, label, eenheid, uitgever, tabel_id, licentie, model)
            in zip(cijfers, rows)]


def _figure_columns(values: pd.DataFrame, regios: pd.Series) -> pd.DataFrame:
    """One row per region in `regios`, one column per key figure (NaN when missing)."""
    wide = values.pivot(index="regio", columns="indicator", values="waarde")
    return wide.reindex(index=regios, columns=[c.indicator for c in KERNCIJFERS]).reset_index(drop=True)


def _regels(conn, wijkwaarden: pd.DataFrame, alleen_aanwezig: bool, gemeente: str) -> list[Bronregel]:
    """Source lines of the key figures with the latest year of the wijk figures (all key figures, or only those
    with a figure)."""
    jaren = wijkwaarden.groupby("indicator")["jaar"].max()
    return _bronregels(conn, [(c.indicator, c.leeftijdsgroep, int(jaren[c.indicator]) if c.indicator in jaren
                               else None) for c in KERNCIJFERS if c.indicator in jaren or not alleen_aanwezig], gemeente)


def _andere_indeling(conn, gemeentecode: str, naam: str, indeling: int, values: pd.DataFrame,
                     vergelijking: pd.DataFrame) -> WijkOverzicht:
    """The key figures of the wijken of another indeling than the current one (no story counts: stories belong
    to the current wijken)."""
    tabel = cijfer_wijken(conn, gemeentecode, indeling).rename(columns={"code": "wijk"})
    wijkwaarden = values[values["wijkindeling"] == indeling]
    tabel = pd.concat([tabel, _figure_columns(wijkwaarden, tabel["wijk"])], axis=1)
    tabel = tabel.assign(verhalen=float("nan"), fictief=float("nan"), verhalen_tekst="–")
    return WijkOverzicht(gemeentecode, naam, tabel, vergelijking, tuple(_regels(conn, wijkwaarden, True, gemeentecode)), True,
                         indeling=indeling)


def wijk_overzicht(conn, gemeentecode: str, mode: Zichtbaarheid, k: int | None = None) -> WijkOverzicht:
    """The first page: every wijk of a gemeente with key figures and readable story counts.

    Figures of another wijk indeling (e.g. RIVM's 2020 wijken of a gemeente re-divided since) are never put on
    the current wijken: they come in `andere`, one overview per indeling, with that indeling's wijken.
    """
    tabel = wijken(conn, gemeentecode).rename(columns={"code": "wijk"})
    changed = bool(tabel["indeling_gewijzigd"].any()) if len(tabel) else False
    naam = conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1",
                        [gemeentecode]).fetchone()
    naam = naam[0] if naam else gemeentecode
    values = _latest_values(conn, gemeentecode)
    vergelijking = pd.DataFrame({"regio": [gemeentecode, "NL01"], "naam": [naam, "Nederland"]})
    vergelijking = pd.concat([vergelijking, _figure_columns(values[values["wijkindeling"].isna()],
                                                            vergelijking["regio"])], axis=1)
    wijkwaarden = values[values["wijkindeling"] == ACTUELE_INDELING]
    tabel = pd.concat([tabel.reset_index(drop=True), _figure_columns(wijkwaarden, tabel["wijk"])], axis=1)
    andere_indelingen = sorted(int(i) for i in values["wijkindeling"].dropna().unique() if i != ACTUELE_INDELING)
    andere = tuple(_andere_indeling(conn, gemeentecode, naam, i, values, vergelijking) for i in andere_indelingen)
    elders = {r.indicator for o in andere for r in o.bronnen}
    regels = [r for r in _regels(conn, wijkwaarden, False, gemeentecode) if r.jaar is not None or r.indicator not in elders]
    counts = stories.counts_per_wijk(conn, gemeentecode, mode)
    totaal = int(counts["verhalen"].sum())
    if k is not None:  # small counts hidden, columns verhalen/fictief NaN there (core.vertellen.groepen)
        counts = groepen.wijk_aantallen(counts, k)
    tabel = tabel.merge(counts, on="wijk", how="left", indicator=True)
    zonder = (tabel.pop("_merge") == "left_only").to_numpy()
    tabel.loc[zonder, ["verhalen", "fictief"]] = 0
    return WijkOverzicht(gemeentecode, naam, tabel.drop(columns="indeling_gewijzigd"), vergelijking,
                         tuple(regels), changed, groepen.totaal_tekst(totaal, k) if k else str(totaal),
                         andere=andere)


def bronnen(conn) -> pd.DataFrame:
    """Every source. Columns: id, uitgever, titel, tabel_id, periode, licentie, herkomst, bestand,
    bewerkingen, modelschatting, indicatoren (labels), waarden (non-missing figures in the store,
    counted once at build in `bron_tellingen`)."""
    return conn.execute("""
        SELECT b.*, (SELECT string_agg(i.label, ', ' ORDER BY i.label) FROM indicatoren i WHERE i.bron = b.id)
                    AS indicatoren,
               coalesce(t.waarden, 0) AS waarden
        FROM bronnen b LEFT JOIN bron_tellingen t ON t.bron = b.id ORDER BY b.id
    """).df()


def modelschattingen(conn) -> pd.DataFrame:
    """Indicators whose figures are model estimates. Columns: label, bron."""
    return conn.execute("""
        SELECT i.label, b.titel AS bron FROM indicatoren i JOIN bronnen b ON b.id = i.bron
        WHERE i.modelschatting ORDER BY i.label
    """).df()
