"""Named queries for the figures. Values are bound parameters; return columns are documented."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.ingest.figures import ALLE_LEEFTIJDEN
from core.tellen.figures import ACTUELE_INDELING, wijken
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
    `vergelijking` has the same figure columns for the gemeente and Nederland (regio, naam, ...)."""
    gemeente: str
    gemeentenaam: str
    tabel: pd.DataFrame
    vergelijking: pd.DataFrame
    bronnen: tuple[Bronregel, ...]
    indeling_gewijzigd: bool
    verhalen_totaal: str = ""   # the gemeente's readable stories as shown ("minder dan k" below k)


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
    """Latest real value of every key figure for every current wijk of the gemeente, the gemeente itself
    and Nederland, in one read of `vergelijkingen`. RIVM figures of a re-divided gemeente's wijken are
    left out (`koppelbaar`): those codes denote other areas than the 2020 codes the figures belong to.
    Columns: regio, indicator, jaar, waarde."""
    return conn.execute("""
        WITH cijfers AS (SELECT unnest($indicatoren) AS indicator, unnest($groepen) AS leeftijdsgroep),
             regios_hier AS (SELECT code FROM regios WHERE niveau = 'wijk' AND gemeentecode = $gemeente
                                                        AND indeling = $indeling
                             UNION ALL SELECT $gemeente UNION ALL SELECT 'NL01')
        SELECT v.regio, v.indicator, max(v.jaar) AS jaar, arg_max(v.waarde, v.jaar) AS waarde
        FROM vergelijkingen v JOIN cijfers c ON c.indicator = v.indicator AND c.leeftijdsgroep = v.leeftijdsgroep
        WHERE v.regio IN (SELECT code FROM regios_hier) AND v.koppelbaar
        GROUP BY ALL
    """, {"indicatoren": [c.indicator for c in KERNCIJFERS], "groepen": [c.leeftijdsgroep for c in KERNCIJFERS],
          "gemeente": gemeentecode, "indeling": ACTUELE_INDELING}).df()


def bronregel(conn, indicator: str, leeftijdsgroep: str, jaar: int | None) -> Bronregel:
    return _bronregels(conn, [(indicator, leeftijdsgroep, jaar)])[0]


def _bronregels(conn, cijfers: list[tuple[str, str, int | None]]) -> list[Bronregel]:
    """Source lines for (indicator, leeftijdsgroep, jaar) triples, in their order, in one query."""
    rows = conn.execute("""
        SELECT i.id, i.label, i.eenheid, b.uitgever, i.tabel_id, i.licentie, i.modelschatting
        FROM indicatoren i JOIN bronnen b ON b.id = i.bron WHERE i.id IN (SELECT unnest(?))
    """, [[c[0] for c in cijfers]]).fetchall()
    per_id = {r[0]: r[1:] for r in rows}
    regels = []
    for indicator, groep, jaar in cijfers:
        label, eenheid, uitgever, tabel_id, licentie, model = per_id[indicator]
        regels.append(Bronregel(indicator, label, eenheid, groep, jaar, uitgever, tabel_id, licentie, model))
    return regels


def _figure_columns(values: pd.DataFrame, regios: pd.Series) -> pd.DataFrame:
    """One row per region in `regios`, one column per key figure (NaN when missing)."""
    wide = values.pivot(index="regio", columns="indicator", values="waarde")
    return wide.reindex(index=regios, columns=[c.indicator for c in KERNCIJFERS]).reset_index(drop=True)


def wijk_overzicht(conn, gemeentecode: str, mode: Zichtbaarheid, k: int | None = None) -> WijkOverzicht:
    """The first page: every wijk of a gemeente with key figures and readable story counts.

    Wijken of a gemeente whose indeling changed after 2020 get no RIVM figures: those codes
    denote other areas than the 2020 codes the figures belong to.
    """
    tabel = wijken(conn, gemeentecode).rename(columns={"code": "wijk"})
    changed = bool(tabel["indeling_gewijzigd"].any()) if len(tabel) else False
    naam = conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1",
                        [gemeentecode]).fetchone()
    naam = naam[0] if naam else gemeentecode
    values = _latest_values(conn, gemeentecode)
    vergelijking = pd.DataFrame({"regio": [gemeentecode, "NL01"], "naam": [naam, "Nederland"]})
    vergelijking = pd.concat([vergelijking, _figure_columns(values, vergelijking["regio"])], axis=1)
    wijkwaarden = values[values["regio"].isin(tabel["wijk"])]
    tabel = pd.concat([tabel.reset_index(drop=True), _figure_columns(wijkwaarden, tabel["wijk"])], axis=1)
    jaren = wijkwaarden.groupby("indicator")["jaar"].max()
    regels = _bronregels(conn, [(c.indicator, c.leeftijdsgroep, int(jaren[c.indicator]) if c.indicator in jaren
                                 else None) for c in KERNCIJFERS])
    counts = stories.counts_per_wijk(conn, gemeentecode, mode)
    totaal = int(counts["verhalen"].sum())
    if k is not None:  # small counts hidden, columns verhalen/fictief NaN there (core.vertellen.groepen)
        counts = groepen.wijk_aantallen(counts, k)
    tabel = tabel.merge(counts, on="wijk", how="left", indicator=True)
    zonder = (tabel.pop("_merge") == "left_only").to_numpy()
    tabel.loc[zonder, ["verhalen", "fictief"]] = 0
    return WijkOverzicht(gemeentecode, naam, tabel.drop(columns="indeling_gewijzigd"), vergelijking,
                         tuple(regels), changed, groepen.totaal_tekst(totaal, k) if k else str(totaal))


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
