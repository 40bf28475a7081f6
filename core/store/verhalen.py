"""The story store: the stories, frameworks, answers and imports a gemeente brings. Primary data.

One DuckDB file (setting `verhalen`, TV_VERHALEN, default data/verhalen.duckdb) that no build
replaces. Readers (the app, `info`) open it read-only and never wait. A writer takes the write lock
(core.store.slot), copies the file, changes the copy in one transaction, gives it a new version and
moves it over the live file: a reader sees the old file or the new one, never a half-written one.
A killed writer leaves only its copy, which the next writer removes.

Every write changes the version in `opslag_versie`; with the build id of the figures it makes the
data version that caches key on (core.store.db.data_versie).

The personal data check (core.ingest.persoonsgegevens) runs in every import; what it flags stays held back
until `vrijgeven` (a staff member's decision, core.vertellen.controle) writes the released text over the
story. A story store made before the check existed is migrated by its next write (`migreer_controle`,
also run by `python -m core build`): it gets the new column and table, and every story in it is checked
then, like a new import, so no story escapes the check. The shipped demo stories come with their review
(data/verhalen/controle_demo.json), applied as a recorded release by `maak_met_demo`.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.dbtools import quote_ident, transaction
from core.errors import TellenError
from core.ingest import persoonsgegevens
from core.ingest.stories import ImportResultaat, Voorbeeld, import_stories, voorbeeld_in
from core.store.db import read_sql, sql_path, tabellen
from core.store.slot import opruimen, schrijfslot, vervangende_kopie

# The tables of the story store, in the order they may be filled (frameworks before stories).
TABELLEN = ("kaders", "signifiers", "verhalen", "antwoorden", "imports", "controle")
# The review of the shipped demo stories, next to their file (see maak_met_demo).
DEMO_CONTROLE = "controle_demo.json"


class ImportOnbekend(TellenError):
    """An import id that the story store does not hold."""


def _nieuwe_versie(conn) -> None:
    conn.execute("DELETE FROM opslag_versie")
    conn.execute("INSERT INTO opslag_versie VALUES (?, ?)", [uuid.uuid4().hex, datetime.now()])


def schrijfverbinding(path: Path, cijfers: Path | None, nieuw: bool) -> duckdb.DuckDBPyConnection:
    """A writable connection on a story store file (given its tables when `nieuw`), with the figures
    store attached read-only as `regios` when `cijfers` is given: what the importer checks wijk codes in."""
    conn = duckdb.connect(str(path))
    if nieuw:
        conn.execute(read_sql("verhalen.sql"))
        conn.execute(read_sql("verhalen_controle.sql"))
    if cijfers is not None:
        conn.execute(f"ATTACH '{sql_path(cijfers)}' AS cijfers (READ_ONLY)")
        conn.execute("CREATE TEMP VIEW regios AS SELECT * FROM cijfers.regios")
    return conn


def _zonder_controle(conn, catalog: str | None = None) -> bool:
    """True for a story store made before the personal data check existed (no table `controle`)."""
    return "controle" not in tabellen(conn, catalog or conn.execute("SELECT current_database()").fetchone()[0])


def _migreer(conn) -> int | None:
    """Give a store from before the check its column and table, and check every story in it (one
    transaction). Returns how many stories are now held back, or None when there was nothing to do."""
    if not _zonder_controle(conn):
        return None
    # On the copy (all or nothing as a whole); DuckDB sets NOT NULL only on a committed column.
    conn.execute("ALTER TABLE verhalen ADD COLUMN in_controle BOOLEAN DEFAULT false")
    conn.execute("ALTER TABLE verhalen ALTER COLUMN in_controle SET NOT NULL")
    conn.execute(read_sql("verhalen_controle.sql"))
    with transaction(conn):
        imports = [r[0] for r in conn.execute("SELECT DISTINCT import_id FROM verhalen ORDER BY 1").fetchall()]
        return sum(persoonsgegevens.controleer_import(conn, i) for i in imports)


def _zonder_kaders(conn, catalog: str | None = None) -> bool:
    """True for a story store made before frameworks could hold multi-selects (no signifiers.meerkeuze)."""
    catalog = catalog or conn.execute("SELECT current_database()").fetchone()[0]
    return not conn.execute("SELECT count(*) FROM duckdb_columns() WHERE database_name = ? AND table_name = "
                            "'signifiers' AND column_name = 'meerkeuze'", [catalog]).fetchone()[0]


def _migreer_kaders(conn) -> bool:
    """Bring a store from before issue 13 to the current layout (verhalen_kaders.sql) on the copy: optional
    verzameld_op and project, signifiers.meerkeuze, imports.fictief. True when it did something."""
    if not _zonder_kaders(conn):
        return False
    conn.execute(read_sql("verhalen_kaders.sql"))
    return True


@contextmanager
def _kopie(live: Path, cijfers: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of the story store (new and empty when there is none yet) that replaces the live
    file when the block ends without error. `cijfers`: the figures store, attached so that the checks
    can read `regios`. Call only while holding the write lock."""
    with vervangende_kopie(live) as tmp:
        conn = schrijfverbinding(tmp, cijfers, not tmp.exists())
        try:
            _migreer(conn)  # a store from before the personal data check: checked before anything else
            _migreer_kaders(conn)  # a store from before frameworks of any shape: its new columns
            yield conn  # all or nothing: a copy that fails on the way is thrown away, never moved into place
            _nieuwe_versie(conn)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()


@contextmanager
def schrijven(store: Path, verhalen: Path, wat: str) -> Iterator[None]:
    """The write lock for the figures and the story store, and clearing what a killed writer left."""
    with schrijfslot(store, wat):
        opruimen(store, verhalen)
        yield


def importeer(store: Path, verhalen: Path, csv_path: Path, kader_path, progress=None,
              today=None) -> ImportResultaat:
    """Import a story file with its framework into the story store, all or nothing, under the write lock.
    `kader_path`: a framework file, or a framework dict (drawn up in the app; checked alike)."""
    if not Path(store).exists():
        raise TellenError(f"De opslag met cijfers {store} bestaat nog niet: die is nodig om de wijkcodes te "
                          "controleren. Bouw hem eerst met: python -m core build")
    with schrijven(store, verhalen, f"import van {Path(csv_path).name}"):
        with _kopie(verhalen, store) as conn:
            extra = {"progress": progress} if progress is not None else {}
            kader = Path(kader_path) if isinstance(kader_path, str) else kader_path
            return import_stories(conn, Path(csv_path), kader, today=today, **extra)


def verwijder_import(store: Path, verhalen: Path, import_id: str) -> int:
    """Remove one import's stories and answers in one transaction; returns how many stories went."""
    _bestaand(verhalen)
    with schrijven(store, verhalen, f"verwijderen van import {import_id}"):
        with _kopie(verhalen, _als_er(store)) as conn:
            row = conn.execute("SELECT aantal FROM imports WHERE id = ?", [import_id]).fetchone()
            if row is None:
                raise ImportOnbekend(f"Import '{import_id}' bestaat niet. Kijk met 'python -m core imports' "
                                     "welke imports er zijn.")
            with transaction(conn):
                conn.execute("DELETE FROM antwoorden WHERE verhaal IN "
                             "(SELECT id FROM verhalen WHERE import_id = ?)", [import_id])
                conn.execute("DELETE FROM controle WHERE import_id = ?", [import_id])
                weg = conn.execute("DELETE FROM verhalen WHERE import_id = ?", [import_id]).fetchone()[0]
                conn.execute("DELETE FROM imports WHERE id = ?", [import_id])
                _ongebruikte_kaders_weg(conn)
            return int(weg)


def _ongebruikte_kaders_weg(conn) -> None:
    """A framework no story uses any more goes with its last import."""
    conn.execute("DELETE FROM signifiers WHERE kader NOT IN (SELECT kader FROM verhalen)")
    conn.execute("DELETE FROM kaders WHERE id NOT IN (SELECT kader FROM verhalen)")


def _als_er(store: Path) -> Path | None:
    """The figures store when it exists (its gemeente and wijk names are no personal data), else None."""
    return store if store is not None and Path(store).exists() else None


def _bestaand(verhalen: Path) -> None:
    if not Path(verhalen).exists():
        raise TellenError(f"De verhalenopslag {verhalen} bestaat nog niet. Maak hem met: python -m core build")


def lijst(conn) -> pd.DataFrame:
    """The imports, oldest first. Columns: id, bestand, kader, aantal, op, fictief (stories marked fictional),
    in_controle (stories held back by the personal data check for a staff member's review; a `nee` story
    is held back too but never shown, so not counted)."""
    frame = conn.execute(
        "SELECT i.id, i.bestand, i.kader, i.aantal, i.op, "
        "(SELECT count(*) FROM verhalen v WHERE v.import_id = i.id AND v.fictief) AS fictief "
        "FROM imports i ORDER BY i.op, i.id").df()
    held = conn.execute("SELECT import_id, toestemming, count(*) FROM verhalen WHERE in_controle "
                        "GROUP BY ALL").fetchall()
    counts: dict[str, int] = {}
    for import_id, mag, n in held:
        counts[import_id] = counts.get(import_id, 0) + (n if mag != "nee" else 0)
    frame["in_controle"] = frame["id"].map(lambda i: counts.get(i, 0)).astype(int)
    return frame


def migreer_oude_opslag(store: Path, verhalen: Path) -> int | None:
    """A store of the old layout held the stories itself. Copy them, their answers, frameworks and imports
    into a new story store, before a rebuild replaces that file. Returns the number of stories copied, or
    None when there was nothing to migrate (the story store exists, or the old store holds no stories).
    Call while holding the write lock."""
    if Path(verhalen).exists() or not Path(store).exists():
        return None
    with duckdb.connect(":memory:") as probe:
        probe.execute(f"ATTACH '{sql_path(store)}' AS oud (READ_ONLY)")
        if "verhalen" not in tabellen(probe, "oud"):
            return None
    with _kopie(verhalen, None) as conn:
        conn.execute(f"ATTACH '{sql_path(store)}' AS oud (READ_ONLY)")
        for tabel in (t for t in TABELLEN if t != "controle"):  # the old layout predates the check
            kolommen = ", ".join(quote_ident(r[0]) for r in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name = ? AND column_name IN (SELECT column_name FROM duckdb_columns() "
                "WHERE database_name = 'oud' AND table_name = ?) ORDER BY column_index", [tabel, tabel]).fetchall())
            conn.execute(f"INSERT INTO {tabel} ({kolommen}) SELECT {kolommen} FROM oud.main.{tabel}")
        if "regios" in tabellen(conn, "oud"):
            conn.execute("CREATE TEMP VIEW regios AS SELECT * FROM oud.main.regios")
        with transaction(conn):  # the old layout predates the check: every story is checked now
            for (import_id,) in conn.execute("SELECT DISTINCT import_id FROM verhalen ORDER BY 1").fetchall():
                persoonsgegevens.controleer_import(conn, import_id)
        aantal = conn.execute("SELECT count(*) FROM verhalen").fetchone()[0]
    return int(aantal)


def _mist(verhalen: Path, zonder) -> bool:
    """True when the story store file exists and `zonder(conn, catalog)` finds it lacks a newer part."""
    if not Path(verhalen).exists():
        return False
    with duckdb.connect(":memory:") as probe:
        probe.execute(f"ATTACH '{sql_path(verhalen)}' AS opslag (READ_ONLY)")
        return zonder(probe, "opslag")


def migreer_controle(store: Path, verhalen: Path, demo_csv: Path | None = None) -> int | None:
    """A story store made before the personal data check: add the check's column and table and check every
    story in it (one write). `demo_csv`: the shipped demo stories; an import of that file gets the shipped
    review (controle_demo.json beside it) as on a first start. Returns how many stories are held back for
    review, or None when the store needs nothing. Call while holding the write lock."""
    if not _mist(verhalen, _zonder_controle):
        return None
    with _kopie(verhalen, _als_er(store)) as conn:  # _kopie migrates and checks (see _migreer)
        imports = [r[0] for r in conn.execute("SELECT id FROM imports ORDER BY op, id").fetchall()]
        demo = {r[0] for r in conn.execute("SELECT id FROM imports WHERE bestand = ?",
                                           [Path(demo_csv).name if demo_csv else ""]).fetchall()}
        return sum(_demo_controle(conn, i, Path(demo_csv).with_name(DEMO_CONTROLE) if i in demo else None)
                   for i in imports)


def voorbeeld(csv_path: Path, kader, n: int = 10, *, store: Path, verhalen: Path, today=None) -> Voorbeeld:
    """The first n stories of a file as an import would store them, and every problem, without writing:
    an in-memory database sees the figures store (wijk codes) and the story store (ids, frameworks) read-only.
    `kader`: a framework file path or a framework dict (drawn up in the app)."""
    if not Path(store).exists():
        raise TellenError(f"De opslag met cijfers {store} bestaat nog niet: die is nodig om de wijkcodes te "
                          "controleren. Bouw hem eerst met: python -m core build")
    with duckdb.connect(":memory:") as conn:
        conn.execute(f"ATTACH '{sql_path(store)}' AS cijfers (READ_ONLY)")
        conn.execute("CREATE TEMP VIEW regios AS SELECT * FROM cijfers.regios")
        if Path(verhalen).exists():
            conn.execute(f"ATTACH '{sql_path(verhalen)}' AS opslag (READ_ONLY)")
            conn.execute("CREATE TEMP VIEW verhalen AS SELECT id FROM opslag.main.verhalen")
            conn.execute("CREATE TEMP VIEW kaders AS SELECT id, definitie FROM opslag.main.kaders")
        else:
            conn.execute("CREATE TEMP TABLE verhalen (id VARCHAR)")
            conn.execute("CREATE TEMP TABLE kaders (id VARCHAR, definitie VARCHAR)")
        return voorbeeld_in(conn, Path(csv_path), kader, n, today)


def migreer_kaders(store: Path, verhalen: Path) -> bool:
    """A story store from before frameworks of any shape (issue 13) gets its new columns now (one write,
    every story kept). True when it was migrated. Call while holding the write lock."""
    if not _mist(verhalen, _zonder_kaders):
        return False
    with _kopie(verhalen, _als_er(store)):  # _kopie migrates (see _migreer_kaders)
        pass
    return True


def maak_met_demo(store: Path, verhalen: Path, csv_path: Path, kader_path: Path) -> ImportResultaat | None:
    """On first start: a story store with the shipped fictional demo stories as one import (removable as
    one). Does nothing when the story store exists, so removed demo stories never come back."""
    if Path(verhalen).exists():
        return None
    with schrijven(store, verhalen, "eerste start: voorbeeldverhalen"):
        if Path(verhalen).exists():
            return None
        with _kopie(verhalen, store) as conn:
            result = import_stories(conn, Path(csv_path), Path(kader_path))
            held = _demo_controle(conn, result.import_id, Path(csv_path).with_name(DEMO_CONTROLE))
            return ImportResultaat(result.import_id, result.kader, result.aantal, held)


# --- releasing what the personal data check held back ---------------------------------------------


@dataclass(frozen=True)
class Vrijgave:
    """A staff member's decision on one held-back story: the title and text to show from now on."""
    verhaal: str
    titel: str
    tekst: str


class VrijgaveFout(TellenError):
    """A release that cannot be done; the message says why in Dutch."""


def _besluit(conn, v: Vrijgave) -> tuple[str, str]:
    """('gemaskeerd' | 'ongewijzigd' | 'aangepast', import_id) for a story that is in controle."""
    row = conn.execute(
        "SELECT c.titel_voorstel, c.tekst_voorstel, v.titel, v.tekst, c.import_id, v.toestemming "
        "FROM controle c JOIN verhalen v ON v.id = c.verhaal AND v.import_id = c.import_id "
        "WHERE c.verhaal = ? AND c.status = 'in controle' AND v.in_controle", [v.verhaal]).fetchone()
    if row is None or row[5] == "nee":  # a story without consent is never shown, so never reviewed
        raise VrijgaveFout(f"Verhaal {v.verhaal} staat niet (meer) in controle. Laad de pagina opnieuw.")
    if not v.titel.strip() or not v.tekst.strip():
        raise VrijgaveFout(f"Verhaal {v.verhaal}: de titel en de tekst mogen niet leeg zijn.")
    if (v.titel, v.tekst) == (row[0], row[1]):
        return "gemaskeerd", row[4]
    return ("ongewijzigd" if (v.titel, v.tekst) == (row[2], row[3]) else "aangepast"), row[4]


def _vrijgeven_in(conn, besluiten: list[Vrijgave], door: str, reden: str | None) -> int:
    """Release inside a copy, in one transaction: the story gets the released text and is shown again; the
    check's row keeps only the kinds found, the decision, who and when (the findings and proposal go)."""
    if not door or not door.strip():
        raise VrijgaveFout("Vul uw naam in: bij elke vrijgave staat wie het verhaal heeft vrijgegeven.")
    with transaction(conn):
        for v in besluiten:
            besluit, import_id = _besluit(conn, v)
            conn.execute("UPDATE verhalen SET titel = ?, tekst = ?, in_controle = false "
                         "WHERE id = ? AND import_id = ?", [v.titel, v.tekst, v.verhaal, import_id])
            conn.execute("UPDATE controle SET status = 'vrijgegeven', bevindingen = NULL, titel_voorstel = NULL, "
                         "tekst_voorstel = NULL, besluit = ?, reden = ?, door = ?, vrijgegeven_op = ? "
                         "WHERE verhaal = ? AND import_id = ?",
                         [besluit, reden, door.strip(), datetime.now(), v.verhaal, import_id])
    return len(besluiten)


def vrijgeven(store: Path, verhalen: Path, besluiten: list[Vrijgave], door: str, reden: str | None = None) -> int:
    """Release held-back stories with the given title and text, all or nothing, under the write lock.
    Returns how many were released. Raises VrijgaveFout (Dutch) when one cannot be released."""
    _bestaand(verhalen)
    if not besluiten:
        return 0
    with schrijven(store, verhalen, "vrijgeven van verhalen"):
        with _kopie(verhalen, _als_er(store)) as conn:
            return _vrijgeven_in(conn, list(besluiten), door, reden)


def _demo_controle(conn, import_id: str, path: Path | None) -> int:
    """Apply the shipped review of the demo stories (a JSON file beside them) as a recorded release, then
    return how many stories of the import stay in controle. A story is released only when it is marked
    fictional, the file names it, and everything the check finds now is among what the file says was
    reviewed: anything new stays in controle like any other story. A `nee` story is never shown, so it is
    never reviewed: it stays in controle (and is counted nowhere a reviewer looks)."""
    if path is not None and path.exists():
        review = json.loads(path.read_text(encoding="utf-8"))
        besluiten = [Vrijgave(i, titel, tekst) for i, titel, tekst, gevonden, mag in _held(conn, import_id)
                     if mag != "nee" and _covered(gevonden, review["verhalen"].get(i))]
        if besluiten:
            _vrijgeven_in(conn, besluiten, review["door"], review["reden"])
    rows = conn.execute("SELECT v.toestemming FROM verhalen v WHERE v.import_id = ? AND v.in_controle",
                        [import_id]).fetchall()
    return sum(1 for (mag,) in rows if mag != "nee")


def _held(conn, import_id: str) -> list[tuple]:
    return conn.execute(
        "SELECT v.id, v.titel, v.tekst, [[b.soort, b.tekst] FOR b IN c.bevindingen], v.toestemming FROM verhalen v "
        "JOIN controle c ON c.verhaal = v.id AND c.import_id = v.import_id "
        "WHERE v.import_id = ? AND v.in_controle AND v.fictief ORDER BY v.id", [import_id]).fetchall()


def _covered(gevonden: list, reviewed: list | None) -> bool:
    return reviewed is not None and {tuple(g) for g in gevonden} <= {tuple(r) for r in reviewed}
