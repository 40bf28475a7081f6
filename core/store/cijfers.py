"""Imported figures written and removed: the eigen store first, then a rebuild of the figures store, both under
the write lock (core.store.verhalen.schrijven). Used by the command line and the Beheer page.

Kept apart from core.ingest.statline (which reads files and is a build step): the build must not import what
calls the build, and core.ingest does not write stores.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.errors import TellenError
from core.ingest.statline import CijferFout, Gelezen, bewaar
from core.store import eigen
from core.store.build import build_store
from core.store.verhalen import schrijven


@dataclass(frozen=True)
class Paden:
    store: Path
    verhalen: Path
    eigen: Path
    data_dir: Path


def _opnieuw_bouwen(paden: Paden, progress) -> str:
    try:
        return build_store(paden.data_dir, paden.store, progress, paden.eigen)
    except TellenError as e:
        raise TellenError(f"De cijfers zijn bewaard, maar de opslag met cijfers kon niet opnieuw worden gebouwd: "
                          f"{e} Bouw hem opnieuw met: python -m core build") from e


def importeer(gelezen: Gelezen, paden: Paden, progress=None) -> str:
    """Store a read file in the eigen store and rebuild the figures store, under the write lock. Returns the
    import id."""
    with schrijven(paden.store, paden.verhalen, f"import van cijfers uit {gelezen.bestand}"):
        with eigen.kopie(paden.eigen) as conn:
            import_id = bewaar(conn, gelezen)
        _opnieuw_bouwen(paden, progress)
    return import_id


def verwijder(import_id: str, paden: Paden, progress=None) -> int:
    """Remove one import's figures and rebuild the figures store; returns how many figures went."""
    with schrijven(paden.store, paden.verhalen, f"verwijderen van cijferimport {import_id}"):
        with eigen.kopie(paden.eigen) as conn:
            row = conn.execute("SELECT aantal FROM cijfer_imports WHERE id = ?", [import_id]).fetchone()
            if row is None:
                raise CijferFout(f"Cijferimport '{import_id}' bestaat niet. Kijk met 'python -m core figure-imports' "
                                 "welke er zijn.")
            for tabel in ("cijfer_waarden", "cijfer_regios"):
                conn.execute(f"DELETE FROM {tabel} WHERE import_id = ?", [import_id])  # names: fixed tuple
            conn.execute("DELETE FROM cijfer_imports WHERE id = ?", [import_id])
        _opnieuw_bouwen(paden, progress)
    return int(row[0])


def lijst(eigen_path: Path) -> pd.DataFrame:
    """The figure imports, newest first. Columns: id, bestand, bron, tabel_id, titel, periode, uitgever,
    licentie, soort, vorm, aantal, op."""
    with eigen.lezen(Path(eigen_path)) as conn:
        return conn.execute("SELECT * FROM cijfer_imports ORDER BY op DESC").df()
