"""A gemeente's own goal tree: load, save, import, export and remove it, with a history of every change.

The tree is primary data in the eigen store (core.store.eigen, tables in core/store/sql/eigen_doelen.sql).
A saved tree replaces the shipped one of that gemeente (data/doelen/doelenboom_leiderdorp.json for
Leiderdorp); removing it brings the shipped one back (or none). Every write: check the tree against the
figures store, take the write lock, write a copy of the eigen store that replaces it, and rebuild the
figures store (core.store.build), whose `doelen` tables the Doelen page reads. Nothing is written when a
check fails: DoelboomFout lists every problem and where it is.

The JSON format (import and export) is the shipped file's, described in core.ingest.goals. The editor
(pages/parts/beheer_doelen.py) works on four tables (`tabellen` / `uit_tabellen`).
"""
from __future__ import annotations

import math
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.errors import TellenError
from core.ingest import goals
from core.ingest.goals import DoelboomFout
from core.store import eigen
from core.store import verhalen as verhaalopslag
from core.store.build import STEPS, DataLayout, build_store
from core.store.progress import Progress
from core.tellen import goals as goal_queries

__all__ = ["DoelboomFout", "HerbouwFout", "Paden", "bewaar", "importeer", "verwijder", "boom", "historie", "exporteer"]

FORMULIER = "formulier"
HISTORIE_KOLOMMEN = ["id", "op", "door", "actie", "wat", "doelen", "koppelingen"]


@dataclass(frozen=True)
class Paden:
    """The files a write touches: the figures store (rebuilt), the story store (shares the write lock),
    the eigen store (the trees) and the data folder (the shipped tree and every build input)."""
    store: Path
    verhalen: Path
    eigen: Path
    data_dir: Path

    @classmethod
    def uit(cls, settings) -> Paden:
        return cls(Path(settings.store), Path(settings.verhalen), Path(settings.eigen), Path(settings.data_dir))

    @property
    def meegeleverd(self) -> Path:
        return DataLayout(self.data_dir).doelenboom


@dataclass(frozen=True)
class Opgeslagen:
    """What a write did: the gemeente, how many doelen and indicator links its own tree has now (0 after a
    removal), and the build id of the rebuilt figures store."""
    gemeente: str
    doelen: int
    koppelingen: int
    build: str


class HerbouwFout(TellenError):
    """The tree was saved in the eigen store, but the figures store could not be rebuilt (yet)."""


class Voortgang(Progress):
    """The rebuild's steps for a progress bar: `melden(fraction done, label)` before every step."""

    def __init__(self, melden):
        super().__init__(len(STEPS) + 2, quiet=True)
        self.melden = melden

    @contextmanager
    def step(self, label: str):
        self.melden(min(self.done / self.total, 1.0), label)
        with super().step(label):
            yield


# --- reading -----------------------------------------------------------------------------------


def eigen_boom(eigen_path: Path, gemeente: str) -> dict | None:
    """The gemeente's own saved tree (canonical dict), None when it has none."""
    with eigen.lezen(eigen_path) as econn:
        bomen = goals.uit_eigen(econn, gemeente)
    return bomen[0] if bomen else None


def meegeleverde_boom(paden: Paden, gemeente: str) -> dict | None:
    """The shipped tree when it is this gemeente's, else None."""
    if not paden.meegeleverd.exists():
        return None
    tree = goals.lees_bestand(paden.meegeleverd)
    return tree if tree["gemeentecode"] == gemeente else None


def boom(paden: Paden, gemeente: str) -> tuple[dict | None, str | None]:
    """The tree the Doelen page shows for this gemeente and where it comes from: ('eigen' | 'meegeleverd'),
    or (None, None)."""
    tree = eigen_boom(paden.eigen, gemeente)
    if tree is not None:
        return tree, "eigen"
    tree = meegeleverde_boom(paden, gemeente)
    return (tree, "meegeleverd") if tree is not None else (None, None)


def exporteer(paden: Paden, gemeente: str) -> str | None:
    """The gemeente's tree (own or shipped) as a JSON file that imports again to the same tree."""
    tree, _ = boom(paden, gemeente)
    return goals.naar_json(tree) if tree is not None else None


def historie(eigen_path: Path, gemeente: str) -> pd.DataFrame:
    """Every save, import and removal of the gemeente's tree, newest first. Columns: HISTORIE_KOLOMMEN."""
    with eigen.lezen(eigen_path) as econn:
        return econn.execute(f"""
            SELECT {', '.join(HISTORIE_KOLOMMEN)} FROM eigen_doelboom_historie WHERE gemeentecode = ?
            ORDER BY op DESC""", [gemeente]).df()


def historie_inhoud(eigen_path: Path, historie_id: str) -> str | None:
    """The tree as JSON as it was after that save or import (None for a removal)."""
    with eigen.lezen(eigen_path) as econn:
        row = econn.execute("SELECT inhoud FROM eigen_doelboom_historie WHERE id = ?", [historie_id]).fetchone()
    return row[0] if row else None


def voorbeeld(conn, tree: dict) -> pd.DataFrame:
    """The Doelen page's table (core.tellen.goals.goal_table) for a tree that is not saved yet."""
    doelen, links = goals.rijen(conn, tree, f"{tree['gemeentecode']}:")
    return goal_queries.goal_table_voorbeeld(conn, tree["gemeentecode"], doelen, links)


def controleer(store: Path, tree) -> dict:
    """The canonical tree, checked in form and against the figures store. Raises DoelboomFout."""
    tree = goals.vorm(tree)
    with duckdb.connect(str(store), read_only=True) as conn:
        goals.controleer(conn, tree)
    return tree


# --- writing -----------------------------------------------------------------------------------


def bewaar(paden: Paden, tree, door: str, wat: str = FORMULIER, melden=None,
           actie: str = "opgeslagen") -> Opgeslagen:
    """Save the gemeente's own tree (replacing its earlier one or the shipped one) and rebuild the figures
    store. All checks first: on a DoelboomFout nothing is written."""
    _bestaat(paden.store)
    tree = controleer(paden.store, tree)
    gemeente = tree["gemeentecode"]
    aantal = _tel(tree)
    with verhaalopslag.schrijven(paden.store, paden.verhalen, f"opslaan van de doelenboom van {gemeente}"):
        nu = datetime.now()
        with eigen.kopie(paden.eigen) as econn:
            goals.naar_eigen(econn, tree, nu)
            _historie(econn, gemeente, nu, door, actie, wat, *aantal, goals.naar_json(tree))
        build = _herbouw(paden, melden)
    return Opgeslagen(gemeente, *aantal, build)


def importeer(paden: Paden, tekst: str | bytes, naam: str, door: str, gemeente: str | None = None,
              melden=None) -> Opgeslagen:
    """Import a JSON file (the shipped file's format) as the gemeente's own tree; `gemeente` (when given)
    wins over the file's gemeentecode."""
    tree = goals.lees(tekst, gemeente, naam=f"Het bestand {naam}")
    return bewaar(paden, tree, door, naam, melden, actie="geïmporteerd")


def verwijder(paden: Paden, gemeente: str, door: str, melden=None) -> Opgeslagen:
    """Remove the gemeente's own tree: the Doelen page shows the shipped one again, or none."""
    _bestaat(paden.store)
    if eigen_boom(paden.eigen, gemeente) is None:
        raise DoelboomFout(f"{gemeente} heeft geen eigen doelenboom om te verwijderen.")
    with verhaalopslag.schrijven(paden.store, paden.verhalen, f"verwijderen van de doelenboom van {gemeente}"):
        nu = datetime.now()
        with eigen.kopie(paden.eigen) as econn:
            goals.wis_eigen(econn, gemeente)
            _historie(econn, gemeente, nu, door, "verwijderd", "eigen doelenboom", 0, 0, None)
        build = _herbouw(paden, melden)
    return Opgeslagen(gemeente, 0, 0, build)


def _bestaat(store: Path) -> None:
    if not Path(store).exists():
        raise TellenError(f"De opslag met cijfers {store} bestaat nog niet: die is nodig om de indicatoren te "
                          "controleren. Bouw hem eerst met: python -m core build")


def _tel(tree: dict) -> tuple[int, int]:
    doelen = [links for _, niveau, _, _, links in goals.knopen(tree) if niveau == "doel"]
    return len(doelen), sum(len(links) for links in doelen)


def _historie(econn, gemeente, op, door, actie, wat, doelen, koppelingen, inhoud) -> None:
    econn.execute("INSERT INTO eigen_doelboom_historie VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [uuid.uuid4().hex[:12], gemeente, op, (door or "").strip() or "onbekend", actie, wat,
                   doelen, koppelingen, inhoud])


def _herbouw(paden: Paden, melden) -> str:
    """Rebuild the figures store with the new eigen store (the caller holds the write lock). The eigen
    store is written by now: a failed build loses nothing, the next build (staleness) picks it up."""
    progress = Voortgang(melden) if melden is not None else None
    if progress is not None:
        progress.done = 1  # the eigen store's write was the first step
    try:
        return build_store(paden.data_dir, paden.store, progress, paden.eigen)
    except TellenError as e:
        raise HerbouwFout(f"De wijziging in de doelenboom is bewaard, maar het opnieuw bouwen van de opslag met "
                          f"cijfers is mislukt: {e} De pagina Doelen toont de wijziging na de volgende geslaagde "
                          "bouw (python -m core build).") from e


# --- the editor's tables -----------------------------------------------------------------------

TABELLEN = {
    "resultaten": ["id", "titel"],
    "opgaven": ["id", "resultaat", "titel"],
    "doelen": ["id", "opgave", "titel"],
    "koppelingen": ["doel", "indicator", "leeftijdsgroep", "regio", "nulmeting_jaar", "nulmeting",
                    "streefwaarde", "streefwaarde_verschil", "streefjaar"],
}
# A row without a number gets one: R1, R2 for resultaten, O1 for opgaven, D1 for doelen.
NUMMER_BEGIN = {"resultaten": "R", "opgaven": "O", "doelen": "D"}
TABEL_NAAM = {"resultaten": "Resultaten", "opgaven": "Opgaven", "doelen": "Doelen", "koppelingen": "Indicatoren"}
_OUDER = {"opgaven": ("resultaat", "resultaten"), "doelen": ("opgave", "opgaven"), "koppelingen": ("doel", "doelen")}


def tabellen(tree: dict | None) -> dict[str, pd.DataFrame]:
    """The tree as the editor's four tables (empty tables for no tree)."""
    rijen: dict[str, list] = {naam: [] for naam in TABELLEN}
    for node_id, niveau, ouder, titel, links in (goals.knopen(tree) if tree else []):
        if niveau == "resultaat":
            rijen["resultaten"].append([node_id, titel])
        else:
            rijen["opgaven" if niveau == "opgave" else "doelen"].append([node_id, ouder, titel])
        for link in links:
            rijen["koppelingen"].append([node_id, *(link.get(v) for v in TABELLEN["koppelingen"][1:])])
    frames = {naam: pd.DataFrame(rijen[naam], columns=kolommen) for naam, kolommen in TABELLEN.items()}
    for kolom in ("nulmeting", "streefwaarde", "streefwaarde_verschil"):
        frames["koppelingen"][kolom] = frames["koppelingen"][kolom].astype("float64")
    for kolom in ("nulmeting_jaar", "streefjaar"):
        frames["koppelingen"][kolom] = frames["koppelingen"][kolom].astype("Int64")
    return frames


def vul_nummers(frame: pd.DataFrame, tabel: str) -> pd.DataFrame:
    """The table with a number for every row that has none (R3, O2, D7: the first one not in use)."""
    frame = frame.copy()
    gebruikt = {str(v).strip() for v in frame["id"] if _waarde(v) is not None}
    teller = 0
    nummers = []
    for waarde in frame["id"]:
        if _waarde(waarde) is not None:
            nummers.append(str(waarde).strip())
            continue
        teller += 1
        while f"{NUMMER_BEGIN[tabel]}{teller}" in gebruikt:
            teller += 1
        nummers.append(f"{NUMMER_BEGIN[tabel]}{teller}")
    frame["id"] = nummers
    return frame


def leeg(frame: pd.DataFrame) -> bool:
    """No row with anything in it (a row with only a number counts as empty)."""
    return not any(_waarde(v) is not None for kolom in frame.columns if kolom != "id" for v in frame[kolom])


def uit_tabellen(kop: dict, frames: dict[str, pd.DataFrame]) -> dict:
    """The canonical tree from the editor: `kop` holds gemeentecode, bron, toelichting, streefjaar and
    fictief; `frames` the four tables. Raises DoelboomFout naming table, row and column."""
    problemen: list[str] = []
    rijen = {naam: _rijen(frames[naam], naam) for naam in TABELLEN}
    bekend = {naam: {r["id"] for _, r in rijen[naam]} for naam in ("resultaten", "opgaven", "doelen")}
    for naam, (kolom, ouders) in _OUDER.items():
        for nummer, rij in rijen[naam]:
            if rij.get(kolom) not in bekend[ouders]:
                problemen.append(f"Tabel {TABEL_NAAM[naam]}, rij {nummer}, kolom '{kolom}': kies een van de "
                                 f"{TABEL_NAAM[ouders].lower()} (of vul eerst die tabel in).")
    if problemen:
        goals._fout(problemen)
    data = {k: v for k, v in kop.items() if _waarde(v) is not None}
    data["resultaten"] = [_resultaat(r, rijen) for _, r in rijen["resultaten"]]
    return goals.vorm(data)


def _waarde(v):
    """Plain Python for a table cell; None for an empty one."""
    if hasattr(v, "item"):
        v = v.item()
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, str) and not v.strip():
        return None
    return v.strip() if isinstance(v, str) else v


def _rijen(frame: pd.DataFrame, naam: str) -> list[tuple[int, dict]]:
    """(row number from 1, the row's non-empty cells) for every row that is not wholly empty."""
    if naam in NUMMER_BEGIN:
        frame = vul_nummers(frame, naam)
    uit = []
    for nummer, rij in enumerate(frame.to_dict("records"), start=1):
        cellen = {k: _waarde(v) for k, v in rij.items() if k in TABELLEN[naam]}
        inhoud = {k: v for k, v in cellen.items() if v is not None and k != "id"}
        if inhoud:
            uit.append((nummer, {k: v for k, v in cellen.items() if v is not None}))
    return uit


def _resultaat(r: dict, rijen: dict) -> dict:
    return {"id": r["id"], "titel": r.get("titel"),
            "opgaven": [_opgave(o, rijen) for _, o in rijen["opgaven"] if o.get("resultaat") == r["id"]]}


def _opgave(o: dict, rijen: dict) -> dict:
    return {"id": o["id"], "titel": o.get("titel"),
            "doelen": [_doel(d, rijen) for _, d in rijen["doelen"] if d.get("opgave") == o["id"]]}


def _doel(d: dict, rijen: dict) -> dict:
    links = [{k: v for k, v in link.items() if k != "doel"} for _, link in rijen["koppelingen"]
             if link.get("doel") == d["id"]]
    return {"id": d["id"], "titel": d.get("titel"), "indicatoren": links}
