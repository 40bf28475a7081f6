"""An uploaded CSV file as DuckDB can read it: its encoding and separator found, handed over as UTF-8.

Exports come from Excel in Dutch (cp1252, `;` between the columns), from survey tools (UTF-8, often with
a byte order mark, `,`) and from spreadsheets saved as text (tab). The encoding is found by a strict
UTF-8 read of the whole file (streamed, so a large file is no problem); when that fails, cp1252 (what
Excel on Windows writes as "CSV (gescheiden door lijstscheidingsteken)"). UTF-16 is known by its byte
order mark. A file in any other encoding gets a Dutch message saying what was found and what to do.
Anything that is not plain UTF-8 is copied once to a UTF-8 file beside a temporary folder; the caller
works on that copy and it is removed at the end (`als_utf8`).
"""
from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.errors import ImportFout

SCHEIDINGEN = (",", ";", "\t")
NAMEN = {",": "komma's", ";": "puntkomma's", "\t": "tabs"}
BLOK = 1 << 20
CODERING_NAAM = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (met BOM)", "cp1252": "Windows-1252 (ANSI)",
                 "utf-16": "UTF-16"}
OPSLAAN = "Sla het bestand op als 'CSV UTF-8 (door komma's gescheiden)' (in Excel: Opslaan als) en probeer opnieuw."


@dataclass(frozen=True)
class Utf8:
    """The file DuckDB reads (`pad`, always UTF-8 without BOM) and what it came from."""
    pad: Path
    naam: str          # the uploaded file's own name, for messages
    codering: str      # 'utf-8', 'utf-8-sig', 'cp1252' or 'utf-16'

    @property
    def codering_naam(self) -> str:
        return CODERING_NAAM.get(self.codering, self.codering)


def _bestaat(path: Path) -> None:
    if path.is_dir():
        raise ImportFout(f"{path} is een map. Kies het CSV-bestand met de verhalen zelf.")
    if not path.exists():
        raise ImportFout(f"Het bestand {path} bestaat niet. Controleer het pad.")


def _blokken(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while block := fh.read(BLOK):
            yield block


def _past(blokken: Iterable[bytes], codering: str) -> bool:
    decoder = codecs.getincrementaldecoder(codering)(errors="strict")
    try:
        for block in blokken:
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def codering(path: Path) -> str:
    """'utf-8', 'utf-8-sig', 'utf-16' or 'cp1252'; ImportFout with a hint when it is none of those."""
    path = Path(path)
    _bestaat(path)
    with open(path, "rb") as fh:
        begin = fh.read(4)
    if begin.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if begin.startswith(codecs.BOM_UTF8):
        if _past(_blokken(path), "utf-8"):
            return "utf-8-sig"
    elif _past(_blokken(path), "utf-8"):
        return "utf-8"
    if b"\x00" not in begin and _past(_blokken(path), "cp1252"):
        return "cp1252"
    raise ImportFout(f"De tekens in {path.name} zijn niet te lezen: het is geen UTF-8 en geen Windows-1252 "
                     f"(ANSI), de twee coderingen die Excel gebruikt. Misschien is het geen CSV-bestand, of "
                     f"een bestand uit een ander programma. {OPSLAAN}")


@contextmanager
def als_utf8(path: Path) -> Iterator[Utf8]:
    """The file as UTF-8 without BOM: itself when it is plain UTF-8, else a temporary UTF-8 copy."""
    path = Path(path)
    found = codering(path)
    if found == "utf-8":
        yield Utf8(path, path.name, found)
        return
    folder = Path(tempfile.mkdtemp(prefix="tv-csv-"))
    try:
        target = folder / path.name
        with open(path, encoding=found, newline="") as src, open(target, "w", encoding="utf-8", newline="") as dst:
            shutil.copyfileobj(src, dst, BLOK)
        yield Utf8(target, path.name, found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def als_bestand(naam: str, data: bytes) -> Iterator[Path]:
    """Uploaded bytes as a file under their own name (only its last part, for messages and the import
    history) in a temporary folder that is removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="tv-upload-"))
    try:
        target = folder / (Path(str(naam).replace("\\", "/")).name or "verhalen.csv")
        target.write_bytes(data)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def kopregel(path: Path, scheiding: str) -> tuple[str, ...]:
    """The column names of a UTF-8 file, read with this separator (stripped of spaces)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return tuple(c.strip() for c in next(csv.reader(fh, delimiter=scheiding), []))


def koppen(path: Path) -> dict[str, tuple[str, ...]]:
    """The header as read with each separator (a UTF-8 file)."""
    return {s: kopregel(path, s) for s in SCHEIDINGEN}


def scheiding_voor(path: Path, naam: str, gezocht: list[str]) -> tuple[str, tuple[str, ...]]:
    """The separator under which the header holds most of the `gezocht` columns (',' first on a tie) and
    that header. When none of them is found: ImportFout saying what the header looked like."""
    gelezen = koppen(path)
    if not any(gelezen.values()):
        raise ImportFout(f"{naam} is leeg. Er is niets geïmporteerd.")
    beste = max(SCHEIDINGEN, key=lambda s: (sum(c in gelezen[s] for c in gezocht), -SCHEIDINGEN.index(s)))
    if not any(c in gelezen[beste] for c in gezocht):
        raise ImportFout(f"In {naam} staat geen enkele kolom die het kader noemt. " + _kop_hint(gelezen, naam)
                         + f" Het kader verwacht kolommen zoals: {', '.join(gezocht[:6])}. "
                         "Er is niets geïmporteerd.")
    return beste, gelezen[beste]


def raad_scheiding(path: Path, naam: str) -> tuple[str, tuple[str, ...]]:
    """The separator of a file without a framework to hold it against: the one that splits the header into
    the most columns, when the first rows have that number of columns too."""
    gelezen = koppen(path)
    if not any(gelezen.values()):
        raise ImportFout(f"{naam} is leeg.")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(64 * 1024)
    beste = max(SCHEIDINGEN, key=lambda s: (len(gelezen[s]) if _regelmatig(sample, s, len(gelezen[s])) else 0,
                                            -SCHEIDINGEN.index(s)))
    if len(gelezen[beste]) < 2:
        raise ImportFout(f"In {naam} is geen scheidingsteken tussen de kolommen gevonden. " + _kop_hint(gelezen, naam))
    return beste, gelezen[beste]


def _regelmatig(sample: str, scheiding: str, breedte: int) -> bool:
    """True when the first rows of the sample (the last one may be cut off) have `breedte` columns."""
    rows = list(csv.reader(io.StringIO(sample), delimiter=scheiding))[:20]
    return breedte > 1 and all(len(r) == breedte for r in rows[:-1] if r)


def _kop_hint(gelezen: dict[str, tuple[str, ...]], naam: str) -> str:
    kop = max(gelezen.values(), key=len)
    eerste = " | ".join(kop[:5]) + (" …" if len(kop) > 5 else "")
    if len(gelezen[","]) <= 1 and len(gelezen[";"]) <= 1 and len(gelezen["\t"]) <= 1:
        gevonden = f"De kopregel is één lange kolom: '{gelezen[','][0][:80] if gelezen[','] else ''}'."
    else:
        gevonden = f"De kopregel is gelezen als {len(kop)} kolommen: {eerste}."
    return (f"{gevonden} Misschien staat er een ander scheidingsteken tussen de kolommen dan komma's, "
            "puntkomma's of tabs, of hoort het bestand bij een ander kader. Open het in Excel en sla het op "
            "als 'CSV UTF-8 (door komma's gescheiden)', of kies het kader dat bij dit bestand hoort.")
