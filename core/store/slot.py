"""One writer at a time: builds, imports and removals take the write lock; readers never do.

The lock is an advisory `flock` on a small file beside the store (`.schrijfslot`). It holds who
writes and since when, so a second writer can say what it waits for. The kernel releases the lock
when the process ends, also when it is killed: the next writer then clears what the killed one left.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from core.errors import TellenError
from core.settings import load_settings

SLOTBESTAND = ".schrijfslot"


class SlotBezet(TellenError):
    """Another build, import or removal is writing; this one stopped without changing anything."""


def slotpad(store: Path) -> Path:
    """The lock file beside the store (one lock for the figures and the story store)."""
    return Path(store).parent / SLOTBESTAND


def _houder(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _bezet(houder: dict) -> SlotBezet:
    wat = houder.get("wat", "een ander schrijfwerk")
    sinds = houder.get("sinds")
    tijd = datetime.fromisoformat(sinds).strftime("%d-%m-%Y %H:%M:%S") if sinds else "onbekend"
    return SlotBezet(f"Er wordt al in de opslag geschreven: {wat}, sinds {tijd} (proces {houder.get('pid', '?')}). "
                     "Wacht tot dat klaar is en probeer het dan opnieuw. Er is niets veranderd.")


# Inside one process the lock is re-entrant for the thread that holds it (a build that imports the demo
# stories takes it once), and other threads of the process wait on a thread lock before the file lock.
_DRADEN: dict[Path, threading.RLock] = {}
_DIEPTE: dict[Path, int] = {}
_REGISTER = threading.Lock()


@contextmanager
def schrijfslot(store: Path, wat: str, wachten: float | None = None) -> Iterator[None]:
    """Hold the write lock for the block. Waits up to `wachten` seconds (default: the setting
    slot_wachten), then raises SlotBezet."""
    wachten = load_settings().slot_wachten if wachten is None else wachten
    pad = slotpad(store).resolve()
    with _REGISTER:
        draad = _DRADEN.setdefault(pad, threading.RLock())
    if not draad.acquire(timeout=wachten):
        raise SlotBezet("Er wordt in deze app al in de opslag geschreven. Wacht tot dat klaar is en probeer "
                        "het dan opnieuw. Er is niets veranderd.")
    try:
        if _DIEPTE.get(pad, 0):
            _DIEPTE[pad] += 1
            try:
                yield
            finally:
                _DIEPTE[pad] -= 1
            return
        _DIEPTE[pad] = 1
        try:
            with _bestandsslot(pad, wat, wachten):
                yield
        finally:
            _DIEPTE[pad] = 0
    finally:
        draad.release()


@contextmanager
def _bestandsslot(pad: Path, wat: str, wachten: float) -> Iterator[None]:
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wachten
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _bezet(_houder(fd)) from None
                time.sleep(0.1)  # polling a lock, not waiting for a result
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"wat": wat, "sinds": datetime.now().isoformat(timespec="seconds"),
                                  "pid": os.getpid()}).encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def opruimen(*bestanden: Path) -> list[Path]:
    """Remove what a killed build or import left beside these files (call only while holding the lock).

    Temporary files are named `.<name>.<8 hex>.bouw` or `.<name>.<8 hex>.import` (plus a `.wal`).
    """
    weg = []
    for bestand in bestanden:
        bestand = Path(bestand)
        for patroon in (f".{bestand.name}.*.bouw*", f".{bestand.name}.*.import*"):
            for rest in bestand.parent.glob(patroon):
                rest.unlink(missing_ok=True)
                weg.append(rest)
    return weg


@contextmanager
def vervangende_kopie(live: Path) -> Iterator[Path]:
    """A temporary copy of `live` (no file when there is none yet) that replaces `live` when the block ends
    without error and is removed otherwise: a reader sees the old file or the new one, never a half-written
    one. Named `.<name>.<8 hex>.import`, so `opruimen` removes what a killed writer left. Call while holding
    the write lock, and close every connection on the copy inside the block."""
    live = Path(live)
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = live.with_name(f".{live.name}.{uuid.uuid4().hex[:8]}.import")
    try:
        if live.exists():
            shutil.copyfile(live, tmp)
        yield tmp
        os.replace(tmp, live)
    finally:
        for rest in (tmp, tmp.with_name(tmp.name + ".wal")):
            rest.unlink(missing_ok=True)
