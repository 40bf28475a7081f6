"""Build the figures store from data/ atomically: write a new file, then replace the old one.

Only what is derived from data/ is built here: figures, regions and geometry, the catalog and the goal
tree. The stories are primary data and live in the story store (core.store.verhalen), which no build
touches. A failed build removes its half-written file and leaves the old store untouched and queryable.
The caller holds the write lock (core.store.slot).
"""
from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.catalog import CATALOG_DIR
from core.errors import BuildError, TellenError
from core.ingest import figures as ingest_figures
from core.ingest import goals, statline
from core.store import eigen, vergelijkingen
from core.store.db import SCHEMA_VERSIE, SQL_DIR, connect_write, read_sql
from core.store.progress import Progress

# Code whose change makes a store stale: the catalog, the SQL, and the rules of the derived tables.
CODE_INPUTS = [CATALOG_DIR, SQL_DIR, Path(vergelijkingen.__file__)]


@dataclass(frozen=True)
class DataLayout:
    """Where the build finds its inputs inside a data directory (the shipped data/ or a test fixture), and
    the eigen store (figures and goal trees the gemeente brought itself; None: none)."""
    root: Path
    eigen: Path | None = None

    @property
    def bronnen(self) -> Path:
        return self.root / "bronnen"

    @property
    def kader(self) -> Path:
        return self.root / "verhalen" / "kader_leiderdorp.json"

    @property
    def verhalen(self) -> Path:
        return self.root / "verhalen" / "verhalen_demo.csv"

    @property
    def doelenboom(self) -> Path:
        return self.root / "doelen" / "doelenboom_leiderdorp.json"

    def inputs(self) -> list[Path]:
        places = [self.bronnen, self.doelenboom.parent, *CODE_INPUTS]
        files = [p for place in places for p in ([place] if place.is_file() else place.rglob("*"))]
        return sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts)  # bytecode is no source


def sources_hash(layout: DataLayout) -> str:
    """A hash over every input file (name and bytes): the store is stale when it differs."""
    digest = hashlib.sha256()
    for path in layout.inputs():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    if layout.eigen is not None:  # every write to the eigen store gives it a new version
        digest.update(str(eigen.versie(layout.eigen)).encode())
    return digest.hexdigest()


def stored_hash(store: Path) -> str | None:
    import duckdb
    if not store.exists():
        return None
    try:
        with duckdb.connect(str(store), read_only=True) as conn:
            return conn.execute("SELECT bronnen_hash FROM bouw").fetchone()[0]
    except duckdb.Error:
        return None


def is_stale(store: Path, layout: DataLayout) -> bool:
    return stored_hash(store) != sources_hash(layout)


STEPS = [
    ("Schema aanmaken", lambda conn, lay: conn.execute(read_sql("schema.sql"))),
    ("Bronnen en indicatoren vastleggen", lambda conn, lay: ingest_figures.load_catalog(conn)),
    ("Grenzen 2024 van gemeenten en wijken", lambda conn, lay: ingest_figures.ingest_boundaries(conn, lay.bronnen)),
    ("GGD/RIVM gezondheid per wijk (heel Nederland)", lambda conn, lay: ingest_figures.ingest_ggd(conn, lay.bronnen)),
    ("CBS kerncijfers gemeenten 2012–2024", lambda conn, lay: ingest_figures.ingest_kwb_gemeenten(conn, lay.bronnen)),
    ("CBS kerncijfers wijken 2024", lambda conn, lay: ingest_figures.ingest_kwb_wijken_2024(conn, lay.bronnen)),
    ("CBS kerncijfers Utrecht 2023–2024", lambda conn, lay: ingest_figures.ingest_kwb_utrecht(conn, lay.bronnen)),
    ("ELAN wijk- en gemeentecijfers 2009–2022", lambda conn, lay: ingest_figures.ingest_elan(conn, lay.bronnen)),
    ("Eigen cijfers van de gemeente (imports)", lambda conn, lay: statline.in_opslag(conn, lay.eigen)),
    ("Dubbele cijfers uitsluiten", lambda conn, lay: ingest_figures.check_unique_values(conn)),
    ("Wijzigingen in wijkindeling markeren", lambda conn, lay: ingest_figures.flag_indeling_changes(conn)),
    ("Vergelijkingen, referentiegroepen en tellingen afleiden", lambda conn, lay: vergelijkingen.derive(conn)),
    ("Doelenbomen (eigen en meegeleverd)", lambda conn, lay: goals.ingest_goal_trees(conn, lay.doelenboom, lay.eigen)),
]


def _write_meta(conn, layout: DataLayout) -> str:
    build = uuid.uuid4().hex
    conn.execute("INSERT INTO bouw VALUES (?, ?, ?, ?)",
                 [build, datetime.now(), sources_hash(layout), SCHEMA_VERSIE])
    return build


def build_store(data_dir: Path, store: Path, progress: Progress | None = None, eigen_path: Path | None = None) -> str:
    """Build a new store from `data_dir` (and the eigen store, when given) and move it over `store`.
    Returns the build id."""
    layout = DataLayout(Path(data_dir), Path(eigen_path) if eigen_path else None)
    store = Path(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.with_name(f".{store.name}.{uuid.uuid4().hex[:8]}.bouw")
    progress = progress or Progress(len(STEPS) + 1, quiet=True)
    try:
        conn = connect_write(tmp)
        try:
            for label, step in STEPS:
                with progress.step(label):
                    step(conn, layout)
            with progress.step("Opslaan"):
                build = _write_meta(conn, layout)
                conn.execute("CHECKPOINT")
        finally:
            conn.close()
        os.replace(tmp, store)
        return build
    except TellenError:
        raise
    except Exception as e:
        raise BuildError(f"Het bouwen van de opslag is mislukt: {e}. De vorige opslag is niet veranderd.") from e
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
