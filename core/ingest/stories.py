"""Import of signified stories from a SenseMaker-style CSV export, read through a framework file.

One row per story, one column per signifier field. The framework file (JSON) names the columns and
the signifiers. Validation covers the whole file first; then every row goes in, or none does.
"""
from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from core import formatting
from core.dbtools import transaction
from core.errors import ImportFout

TOESTEMMING = ("nee", "intern", "openbaar")
JA_NEE = {"ja": True, "nee": False}
TRIADE_TOLERANTIE = 0.01
VERPLICHTE_VELDEN = ("id", "titel", "tekst", "wijk", "jaar", "verzameld", "project", "toestemming")


@dataclass(frozen=True)
class Signifier:
    id: str
    soort: str  # 'triade' | 'slider' | 'keuze'
    vraag: str
    labels: tuple[str, ...]
    kolommen: tuple[str, ...]
    alleen_als: dict | None
    volgorde: int


@dataclass(frozen=True)
class Kader:
    id: str
    naam: str
    toelichting: str
    velden: dict
    leeftijdsgroepen: tuple[str, ...]
    rollen: tuple[str, ...]
    signifiers: tuple[Signifier, ...]
    bron: str  # the file text, kept in the store


@dataclass(frozen=True)
class ImportResultaat:
    import_id: str
    kader: str
    aantal: int


def _signifier(raw: dict, volgorde: int) -> Signifier:
    soort = raw.get("soort")
    if soort == "triade":
        labels, kolommen = raw["hoeken"], raw["kolommen"]
        if len(labels) != 3 or len(kolommen) != 3:
            raise ImportFout(f"Kader: triade '{raw['id']}' moet drie hoeken en drie kolommen hebben.")
    elif soort == "slider":
        labels, kolommen = raw["polen"], [raw["kolom"]]
        if len(labels) != 2:
            raise ImportFout(f"Kader: slider '{raw['id']}' moet twee polen hebben.")
    elif soort == "keuze":
        labels, kolommen = raw["opties"], [raw["kolom"]]
    else:
        raise ImportFout(f"Kader: signifier '{raw.get('id')}' heeft een onbekende soort '{soort}'. "
                         "Gebruik triade, slider of keuze.")
    return Signifier(raw["id"], soort, raw["vraag"], tuple(labels), tuple(kolommen),
                     raw.get("alleen_als"), volgorde)


def load_kader(path: Path) -> Kader:
    """Read and check a framework file. Raises ImportFout with a Dutch message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text)
        signifiers = tuple(_signifier(s, i) for i, s in enumerate(raw["signifiers"]))
        velden = raw["velden"]
        missing = [v for v in VERPLICHTE_VELDEN if v not in velden]
        if missing:
            raise ImportFout(f"Kader {path.name}: de velden {', '.join(missing)} ontbreken onder 'velden'.")
        return Kader(raw["id"], raw["naam"], raw.get("toelichting", ""), velden,
                     tuple(raw.get("leeftijdsgroepen", [])), tuple(raw.get("rollen", [])), signifiers, text)
    except FileNotFoundError as e:
        raise ImportFout(f"Het kaderbestand {path} bestaat niet. Controleer het pad.") from e
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise ImportFout(f"Het kaderbestand {path.name} is geen geldig kader ({e}). "
                         "Vergelijk het met data/verhalen/kader_leiderdorp.json.") from e


# --- validation of one row ---------------------------------------------------------------------

class _Row:
    """One CSV record plus the problems found in it."""

    def __init__(self, number: int, record: dict, kader: Kader):
        self.number = number
        self.record = record
        self.kader = kader
        self.problems: list[str] = []

    def cell(self, column: str) -> str:
        value = self.record.get(column)
        return "" if value is None else value.strip()

    def field(self, name: str) -> str:
        return self.cell(self.kader.velden[name]) if name in self.kader.velden else ""

    def fail(self, column: str, message: str) -> None:
        ident = self.field("id") or "zonder id"
        self.problems.append(f"Rij {self.number} (verhaal {ident}), kolom '{column}': {message}")


def _parse_number(row: _Row, column: str) -> float | None:
    text = row.cell(column)
    if text == "":
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        row.fail(column, f"'{text}' is geen getal.")
        return None


def _condition_met(row: _Row, sig: Signifier, answers: dict) -> bool:
    if not sig.alleen_als:
        return True
    return all(answers.get(key, {}).get("keuze") == value for key, value in sig.alleen_als.items())


def _check_slider(row: _Row, sig: Signifier) -> dict:
    column = sig.kolommen[0]
    value = _parse_number(row, column)
    if value is not None and not 0 <= value <= 100:
        row.fail(column, f"{value:g} ligt niet tussen 0 en 100.")
    return {"slider": value}


def _check_keuze(row: _Row, sig: Signifier) -> dict:
    column = sig.kolommen[0]
    value = row.cell(column)
    if value and value not in sig.labels:
        row.fail(column, f"'{value}' is geen antwoord op deze vraag. Kies uit: {', '.join(sig.labels)}.")
    return {"keuze": value or None}


def _check_triade(row: _Row, sig: Signifier) -> dict:
    values = [_parse_number(row, c) for c in sig.kolommen]
    filled = [v for v in values if v is not None]
    label = "/".join(sig.kolommen)
    if not filled:
        return {"triade": None}
    if len(filled) != 3:
        row.fail(label, "vul alle drie de hoeken van de driehoek in, of laat ze alle drie leeg.")
        return {"triade": None}
    if any(v < 0 or v > 1 for v in values):
        row.fail(label, "elke hoek moet tussen 0 en 1 liggen.")
    total = sum(values)
    if abs(total - 1) > TRIADE_TOLERANTIE:
        row.fail(label, f"de drie hoeken tellen op tot {formatting.getal(total, 2)} in plaats van 1.")
    return {"triade": values}


CHECKS = {"slider": _check_slider, "keuze": _check_keuze, "triade": _check_triade}


def _check_signifiers(row: _Row) -> dict:
    answers: dict[str, dict] = {}
    for sig in row.kader.signifiers:
        answer = CHECKS[sig.soort](row, sig)
        answered = any(v is not None for v in answer.values())
        if answered and not _condition_met(row, sig, answers):
            condition = ", ".join(f"{k} = {v}" for k, v in sig.alleen_als.items())
            row.fail("/".join(sig.kolommen), f"mag alleen ingevuld zijn als {condition}.")
        answers[sig.id] = answer
    return answers


def _check_meta(row: _Row, wijken: dict[str, str], today: date) -> dict:
    kader, velden = row.kader, row.kader.velden
    for name in VERPLICHTE_VELDEN:
        if row.field(name) == "":
            row.fail(velden[name], "is leeg; dit veld is verplicht.")
    meta = {name: row.field(name) for name in velden}
    if meta["wijk"] and meta["wijk"] not in wijken:
        row.fail(velden["wijk"], f"wijk '{meta['wijk']}' is onbekend. Gebruik een CBS-wijkcode zoals WK054700.")
    if meta["toestemming"] and meta["toestemming"] not in TOESTEMMING:
        row.fail(velden["toestemming"], f"'{meta['toestemming']}' is geen geldige toestemming. "
                                        "Kies uit: nee, intern, openbaar.")
    meta["jaar"] = _check_year(row, meta["jaar"], today)
    meta["verzameld"] = _check_date(row, meta["verzameld"], today)
    _check_choice(row, "leeftijdsgroep", kader.leeftijdsgroepen)
    _check_choice(row, "rol", kader.rollen)
    fictief = meta.get("fictief", "").lower() or "nee"
    if fictief not in JA_NEE:
        row.fail(velden.get("fictief", "fictief"), "vul ja of nee in.")
    meta["fictief"] = JA_NEE.get(fictief, False)
    return meta


def _check_year(row: _Row, text: str, today: date) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 1990 <= int(text) <= today.year:
        row.fail(row.kader.velden["jaar"], f"'{text}' is geen geldig jaar (1990 tot en met {today.year}).")
        return None
    return int(text)


def _check_date(row: _Row, text: str, today: date) -> date | None:
    if not text:
        return None
    try:
        value = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        row.fail(row.kader.velden["verzameld"], f"'{text}' is geen datum. Schrijf de datum als JJJJ-MM-DD.")
        return None
    if value > today:
        row.fail(row.kader.velden["verzameld"], f"{text} ligt in de toekomst.")
    return value


def _check_choice(row: _Row, name: str, allowed: tuple[str, ...]) -> None:
    value = row.field(name)
    if value and allowed and value not in allowed:
        row.fail(row.kader.velden[name], f"'{value}' is onbekend. Kies uit: {', '.join(allowed)}.")


# --- file level --------------------------------------------------------------------------------

def _read_records(path: Path, kader: Kader) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            records = list(reader)
    except FileNotFoundError as e:
        raise ImportFout(f"Het bestand {path} bestaat niet. Controleer het pad.") from e
    except UnicodeDecodeError as e:
        raise ImportFout(f"Het bestand {Path(path).name} is geen UTF-8-tekst. "
                         "Sla het op als CSV UTF-8 en probeer opnieuw.") from e
    needed = [kader.velden[v] for v in VERPLICHTE_VELDEN]
    needed += [c for s in kader.signifiers for c in s.kolommen]
    missing = [c for c in needed if c not in header]
    if missing:
        raise ImportFout(f"In {Path(path).name} ontbreken de kolommen: {', '.join(missing)}. "
                         "Er is niets geïmporteerd.")
    return records


def validate_file(conn, path: Path, kader: Kader, today: date | None = None) -> list[tuple[dict, dict]]:
    """Validate every row; raise ImportFout listing all problems, or return the parsed rows."""
    today = today or date.today()
    records = _read_records(path, kader)
    if not records:
        raise ImportFout(f"{Path(path).name} bevat geen verhalen. Er is niets geïmporteerd.")
    wijken = dict(conn.execute("SELECT code, gemeentecode FROM regios WHERE niveau = 'wijk'").fetchall())
    existing = {r[0] for r in conn.execute("SELECT id FROM verhalen").fetchall()}
    parsed, problems, seen = [], [], set()
    for number, record in enumerate(records, start=1):
        row = _Row(number, record, kader)
        meta = _check_meta(row, wijken, today)
        answers = _check_signifiers(row)
        if meta["id"] in seen or meta["id"] in existing:
            row.fail(kader.velden["id"], f"id '{meta['id']}' komt al voor. Elk verhaal heeft een eigen id.")
        seen.add(meta["id"])
        if meta["jaar"] and meta["verzameld"] and meta["verzameld"].year < meta["jaar"]:
            row.fail(kader.velden["verzameld"], "de verzameldatum ligt vóór het jaar van de ervaring.")
        meta["gemeentecode"] = wijken.get(meta["wijk"])
        problems.extend(row.problems)
        parsed.append((meta, answers))
    if problems:
        raise ImportFout(f"{Path(path).name} is niet geïmporteerd: {len(problems)} probleem/problemen gevonden. "
                         "Verbeter het bestand en probeer opnieuw.", problems)
    return parsed


def _store_kader(conn, kader: Kader) -> None:
    known = conn.execute("SELECT definitie FROM kaders WHERE id = ?", [kader.id]).fetchone()
    if known:
        if json.loads(known[0]).get("signifiers") != json.loads(kader.bron).get("signifiers"):
            raise ImportFout(f"Er staat al een ander kader met id '{kader.id}' in de opslag. "
                             "Geef het nieuwe kader een eigen id.")
        return
    conn.execute("INSERT INTO kaders VALUES (?, ?, ?, ?)", [kader.id, kader.naam, kader.toelichting, kader.bron])
    for s in kader.signifiers:
        conn.execute("INSERT INTO signifiers VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [kader.id, s.id, s.soort, s.vraag, list(s.labels), s.volgorde,
                      json.dumps(s.alleen_als) if s.alleen_als else None])


def _answer_row(meta: dict, kader: Kader, sig: Signifier, answer: dict) -> tuple:
    triade = answer.get("triade") or [None, None, None]
    return (meta["id"], kader.id, sig.id, *triade, answer.get("slider"), answer.get("keuze"))


def _insert(conn, parsed, kader: Kader, import_id: str) -> None:
    verhalen = [(m["id"], m["titel"], m["tekst"], m["wijk"], m["gemeentecode"], m["jaar"], m["verzameld"],
                 m["project"], m["toestemming"], m.get("leeftijdsgroep") or None, m.get("rol") or None,
                 m.get("onderwerp") or None, m["fictief"], kader.id, import_id) for m, _ in parsed]
    conn.executemany("INSERT INTO verhalen VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", verhalen)
    antwoorden = [_answer_row(m, kader, s, a[s.id]) for m, a in parsed for s in kader.signifiers]
    conn.executemany("INSERT INTO antwoorden VALUES (?, ?, ?, ?, ?, ?, ?, ?)", antwoorden)


def import_stories(conn: duckdb.DuckDBPyConnection, csv_path: Path, kader_path: Path,
                   today: date | None = None) -> ImportResultaat:
    """Validate the whole file, then insert all stories in one transaction (all or nothing)."""
    kader = load_kader(kader_path)
    parsed = validate_file(conn, Path(csv_path), kader, today)
    import_id = uuid.uuid4().hex[:12]
    with transaction(conn):
        _store_kader(conn, kader)
        _insert(conn, parsed, kader, import_id)
        conn.execute("INSERT INTO imports VALUES (?, ?, ?, ?, now())",
                     [import_id, Path(csv_path).name, kader.id, len(parsed)])
    return ImportResultaat(import_id, kader.id, len(parsed))
