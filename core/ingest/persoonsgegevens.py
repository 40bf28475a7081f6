"""The personal data check: find names, places, institutions, dates, ages, phone numbers, e-mail and web
addresses, BSN and other ids in a story's title and text, with deduce (Dutch de-identification).

A story in which the check finds anything is held back ("in controle") until a staff member releases it
(core.vertellen.controle). What is found, and the title and text with every finding masked ("[PERSOON-1]"),
go into the table `controle` of the story store. The names of the gemeenten and wijken that the figures store
holds (`regios`) are not findings: they are the public context every story is shown in.

deduce takes ~6 s to load its word lists: one instance per process, made on first use (scripts/setup.sh
makes it once after installing, so its lookup cache exists before the app needs it). ~1 ms per story.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import pyarrow as pa

BATCH = 5_000  # stories read, checked and written per round

# The row type of controle.bevindingen (see core/store/sql/verhalen.sql).
BEVINDING_TYPE = pa.struct([("veld", pa.string()), ("soort", pa.string()), ("tekst", pa.string()),
                            ("begin", pa.int32()), ("eind", pa.int32())])


@dataclass(frozen=True)
class Bevinding:
    veld: str      # 'titel' or 'tekst'
    soort: str     # the deduce tag, e.g. 'persoon'
    tekst: str     # the text found
    begin: int
    eind: int


@dataclass(frozen=True)
class Uitslag:
    """What the check found in one story, and its title and text with every finding masked."""
    bevindingen: tuple[Bevinding, ...]
    titel: str
    tekst: str


_LOCK = threading.Lock()  # one deidentify at a time: deduce's processors are not documented as thread-safe


@lru_cache(maxsize=1)
def _deduce():
    from deduce import Deduce  # loads word lists (~6 s): only when a story is checked
    return Deduce()


@lru_cache(maxsize=1)
def _redactor():
    from deduce.redactor import DeduceRedactor
    return DeduceRedactor(open_char="[", close_char="]")


def laad() -> None:
    """Load deduce now (setup, or before a long import), so that the first story does not wait."""
    _deduce()


def _vondsten(text: str, vrij: frozenset[str]):
    """deduce's annotations on `text`, without the names in `vrij` (lower case) and without redacting."""
    with _LOCK:
        doc = _deduce().deidentify(text, disabled={"redactor"})
    return [a for a in doc.annotations if a.text.strip().lower() not in vrij]


def _gemaskeerd(text: str, annotations) -> str:
    if not annotations:
        return text
    import docdeid
    return _redactor().redact(text, docdeid.AnnotationSet(annotations))


def controleer(titel: str, tekst: str, vrij: frozenset[str] = frozenset()) -> Uitslag | None:
    """Check one story; None when nothing is found. `vrij`: lower-case names that are no finding."""
    gevonden = {veld: _vondsten(text, vrij) for veld, text in (("titel", titel), ("tekst", tekst))}
    if not any(gevonden.values()):
        return None
    bevindingen = tuple(Bevinding(veld, a.tag, a.text, int(a.start_char), int(a.end_char))
                        for veld, annotations in gevonden.items()
                        for a in sorted(annotations, key=lambda a: (int(a.start_char), int(a.end_char))))
    return Uitslag(bevindingen, _gemaskeerd(titel, gevonden["titel"]), _gemaskeerd(tekst, gevonden["tekst"]))


def regio_namen(conn) -> frozenset[str]:
    """The names of the gemeenten and wijken in `regios` (lower case), or nothing when `regios` is absent."""
    known = conn.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'regios' "
                         "UNION ALL SELECT count(*) FROM duckdb_tables() WHERE table_name = 'regios'").fetchall()
    if not any(n for (n,) in known):
        return frozenset()
    rows = conn.execute("SELECT DISTINCT lower(trim(naam)) FROM regios WHERE niveau IN ('gemeente', 'wijk') "
                        "AND naam IS NOT NULL").fetchall()
    return frozenset(r[0] for r in rows)


def _rows(uitslagen: list[tuple[str, str, Uitslag]], nu: datetime) -> pa.Table:
    bevindingen = [[{"veld": b.veld, "soort": b.soort, "tekst": b.tekst, "begin": b.begin, "eind": b.eind}
                    for b in u.bevindingen] for _, _, u in uitslagen]
    return pa.table({
        "verhaal": pa.array([v for v, _, _ in uitslagen], pa.string()),
        "import_id": pa.array([i for _, i, _ in uitslagen], pa.string()),
        "soorten": pa.array([sorted({b.soort for b in u.bevindingen}) for _, _, u in uitslagen],
                            pa.list_(pa.string())),
        "aantal": pa.array([len(u.bevindingen) for _, _, u in uitslagen], pa.int32()),
        "bevindingen": pa.array(bevindingen, pa.list_(BEVINDING_TYPE)),
        "titel_voorstel": pa.array([u.titel for _, _, u in uitslagen], pa.string()),
        "tekst_voorstel": pa.array([u.tekst for _, _, u in uitslagen], pa.string()),
        "gecontroleerd_op": pa.array([nu] * len(uitslagen), pa.timestamp("us")),
    })


def _write(conn, uitslagen: list[tuple[str, str, Uitslag]], nu: datetime) -> None:
    if not uitslagen:
        return
    conn.register("_controle_nieuw", _rows(uitslagen, nu))
    try:
        conn.execute("INSERT INTO controle (verhaal, import_id, status, soorten, aantal, bevindingen, "
                     "titel_voorstel, tekst_voorstel, gecontroleerd_op) SELECT verhaal, import_id, 'in controle', "
                     "soorten, aantal, bevindingen, titel_voorstel, tekst_voorstel, gecontroleerd_op "
                     "FROM _controle_nieuw")
        conn.execute("UPDATE verhalen SET in_controle = true WHERE id IN (SELECT verhaal FROM _controle_nieuw)")
    finally:
        conn.unregister("_controle_nieuw")


def controleer_import(conn, import_id: str, progress=None) -> int:
    """Check every story of one import (inside the caller's transaction); the flagged ones get a row in
    `controle` and are held back. progress(done, total) after each batch. Returns how many are held back for
    a staff member's review: a `nee` story is held back too, but it is never shown, so never reviewed.

    An import's stories were inserted by one INSERT, so their row numbers form one range: it is read in
    slices of BATCH row numbers (cheap: DuckDB skips row groups outside a slice)."""
    vrij = regio_namen(conn)
    total, low, high = conn.execute("SELECT count(*), min(rowid), max(rowid) FROM verhalen WHERE import_id = ?",
                                    [import_id]).fetchone()
    nu, held, done = datetime.now(), 0, 0
    for start in range(low if total else 0, (high + 1) if total else 0, BATCH):
        batch = conn.execute("SELECT id, titel, tekst, toestemming FROM verhalen WHERE import_id = ? "
                             "AND rowid >= ? AND rowid < ?", [import_id, start, start + BATCH]).fetchall()
        found = [(i, mag, controleer(titel, tekst, vrij)) for i, titel, tekst, mag in batch]
        _write(conn, [(i, import_id, u) for i, _, u in found if u], nu)
        held += sum(1 for _, mag, u in found if u and mag != "nee")
        done += len(batch)
        if progress and batch:
            progress(done, total)
    return held
