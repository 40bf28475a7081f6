"""Named queries for the figures. Values are bound parameters; return columns are documented."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.ingest.figures import ALLE_LEEFTIJDEN
from core.tellen.figures import ACTUELE_INDELING, wijken
from core.vertellen import stories
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


def _latest_values(conn, codes: list[str], cijfer: Kerncijfer) -> pd.DataFrame:
    """Latest non-missing value per region. Columns: regio, jaar, waarde."""
    return conn.execute("""
        SELECT regio, max(jaar) AS jaar, arg_max(waarde, jaar) AS waarde FROM waarden
        WHERE indicator = ? AND leeftijdsgroep = ? AND waarde IS NOT NULL AND regio IN (SELECT unnest(?))
        GROUP BY regio
    """, [cijfer.indicator, cijfer.leeftijdsgroep, codes]).df()


def bronregel(conn, indicator: str, leeftijdsgroep: str, jaar: int | None) -> Bronregel:
    row = conn.execute("""
        SELECT i.label, i.eenheid, b.uitgever, i.tabel_id, i.licentie, i.modelschatting
        FROM indicatoren i JOIN bronnen b ON b.id = i.bron WHERE i.id = ?
    """, [indicator]).fetchone()
    label, eenheid, uitgever, tabel_id, licentie, model = row
    return Bronregel(indicator, label, eenheid, leeftijdsgroep, jaar, uitgever, tabel_id, licentie, model)


def wijk_overzicht(conn, gemeentecode: str, mode: Zichtbaarheid) -> WijkOverzicht:
    """The first page: every wijk of a gemeente with key figures and readable story counts.

    Wijken of a gemeente whose indeling changed after 2020 get no RIVM figures: those codes
    denote other areas than the 2020 codes the figures belong to.
    """
    tabel = wijken(conn, gemeentecode).rename(columns={"code": "wijk"})
    changed = bool(tabel["indeling_gewijzigd"].any()) if len(tabel) else False
    naam = conn.execute("SELECT naam FROM regios WHERE code = ? ORDER BY indeling DESC LIMIT 1",
                        [gemeentecode]).fetchone()
    naam = naam[0] if naam else gemeentecode
    vergelijking = pd.DataFrame({"regio": [gemeentecode, "NL01"], "naam": [naam, "Nederland"]})
    regels = []
    for cijfer in KERNCIJFERS:
        vergelijking = vergelijking.merge(
            _latest_values(conn, [gemeentecode, "NL01"], cijfer).drop(columns="jaar")
            .rename(columns={"waarde": cijfer.indicator}), on="regio", how="left")
        values = _latest_values(conn, list(tabel["wijk"]), cijfer)
        if changed and cijfer.indicator.startswith("ggd_"):
            values = values.iloc[0:0]
        tabel = tabel.merge(values.rename(columns={"regio": "wijk", "waarde": cijfer.indicator,
                                                   "jaar": f"{cijfer.indicator}__jaar"}), on="wijk", how="left")
        jaar = int(values["jaar"].max()) if len(values) else None
        regels.append(bronregel(conn, cijfer.indicator, cijfer.leeftijdsgroep, jaar))
    counts = stories.counts_per_wijk(conn, gemeentecode, mode)
    tabel = tabel.merge(counts, on="wijk", how="left").fillna({"verhalen": 0, "fictief": 0})
    return WijkOverzicht(gemeentecode, naam, tabel.drop(columns="indeling_gewijzigd"), vergelijking,
                         tuple(regels), changed)


def bronnen(conn) -> pd.DataFrame:
    """Every source. Columns: id, uitgever, titel, tabel_id, periode, licentie, herkomst, bestand,
    bewerkingen, modelschatting, indicatoren (labels), waarden (non-missing figures in the store)."""
    return conn.execute("""
        SELECT b.*, (SELECT string_agg(i.label, ', ' ORDER BY i.label) FROM indicatoren i WHERE i.bron = b.id)
                    AS indicatoren,
               (SELECT count(w.waarde) FROM waarden w WHERE w.bron = b.id) AS waarden
        FROM bronnen b ORDER BY b.id
    """).df()


def modelschattingen(conn) -> pd.DataFrame:
    """Indicators whose figures are model estimates. Columns: label, bron."""
    return conn.execute("""
        SELECT i.label, b.titel AS bron FROM indicatoren i JOIN bronnen b ON b.id = i.bron
        WHERE i.modelschatting ORDER BY i.label
    """).df()
