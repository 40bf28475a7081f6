"""Import of signified stories from a SenseMaker-style CSV export, read through a framework file.

One row per story, one column per signifier field. The framework file (JSON) names the columns and
the signifiers. The import works in bulk inside DuckDB: the CSV is read once into a temporary table,
each rule is one query over all rows, and each story table gets one INSERT ... SELECT. Every row goes
in, or none does (one transaction). Then every new story goes through the personal data check
(core.ingest.persoonsgegevens) in the same transaction: what it flags is held back ("in controle").
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from core import formatting
from core.dbtools import transaction
from core.errors import ImportFout
from core.ingest import csvbestand, persoonsgegevens

TOESTEMMING = ("nee", "intern", "openbaar")
JA_NEE = ("ja", "nee")
TRIADE_TOLERANTIE = 0.01  # default share of the scale a triad's sum may be off (1 % of 1 or of 100)
TRIADE_SCHALEN = ("fractie", "procent", "auto")
VERPLICHTE_VELDEN = ("id", "titel", "tekst", "wijk", "jaar", "toestemming")
# Every story field the importer reads; also the column names of the staging table (never user text).
VELDEN = ("id", "titel", "tekst", "wijk", "jaar", "verzameld", "project", "toestemming",
          "leeftijdsgroep", "rol", "fictief", "onderwerp")
# Optional fields whose column, when the framework names it, must be in the file.
GENOEMD_VERPLICHT = ("verzameld", "project")
# Fields whose values a framework may map ("waarden"), and the values a map may lead to (None: any text).
MAPBAAR = {"toestemming": TOESTEMMING, "fictief": JA_NEE, "wijk": None, "project": None,
           "leeftijdsgroep": None, "rol": None, "onderwerp": None}
SOORTEN = ("triade", "slider", "keuze")
# The key signifiers a framework may name, and the soort each must have (None: any soort).
SLEUTELS = {"ervaring": ("slider", False), "netwerklunch": (None, True), "vergelijking": ("keuze", True),
            "thema": ("keuze", False)}
MAX_PROBLEMEN = 50  # problems listed in an ImportFout; the message gives the total
# Caps DuckDB's buffer pool during an import (it spills to disk): a million stories peak at ~0.7 GB RSS.
IMPORT_GEHEUGEN = "512MB"
VOORBEELD = "Vergelijk het met data/verhalen/kader_leiderdorp.json."

ProgressCallback = Callable[[int, int], None]  # (rows_done, rows_total)


@dataclass(frozen=True)
class Signifier:
    id: str
    soort: str  # 'triade' | 'slider' | 'keuze'
    vraag: str
    labels: tuple[str, ...]
    kolommen: tuple[str, ...]
    alleen_als: dict | None
    volgorde: int
    meerkeuze: bool = False  # keuze only: several options per story, one answer row per option
    scheiding: str = ";"     # between the options of a meerkeuze answer


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
    waarden: dict = field(default_factory=dict)   # field -> {value in the file: value stored}
    triade_schaal: str = "auto"                    # 'fractie' | 'procent' | 'auto' (per row: 1 or 100)
    triade_tolerantie: float = TRIADE_TOLERANTIE   # share of the scale
    fictief: bool = False                          # the import's own flag; a mapped fictief column wins per row
    sleutels: dict = field(default_factory=dict)   # ervaring / netwerklunch / vergelijking / thema


@dataclass(frozen=True)
class ImportResultaat:
    import_id: str
    kader: str
    aantal: int
    in_controle: int = 0  # stories held back by the personal data check until a staff member releases them


# --- the framework file ------------------------------------------------------------------------

def load_kader(path: Path) -> Kader:
    """Read and check a framework file. Every problem raises ImportFout with a Dutch message."""
    path = Path(path)
    text = _kader_text(path)
    return _parse_kader(text, _kader_json(text, path.name), path.name)


def kader_uit_tekst(text: str, naam: str) -> Kader:
    """A framework from the text of a framework file (an upload), checked like a file."""
    return _parse_kader(text, _kader_json(text, naam), naam)


def kader_van(bron: Path | str | dict, naam: str = "kader") -> Kader:
    """A framework from a file path or from a dict (a framework drawn up in the app), checked alike."""
    if isinstance(bron, dict):
        text = json.dumps(bron, ensure_ascii=False, indent=2)
        return _parse_kader(text, _kader_json(text, naam), naam)
    if isinstance(bron, Kader):
        return bron
    return load_kader(Path(bron))


def _parse_kader(text: str, raw: dict, name: str) -> Kader:
    fout = _KaderFout(name)
    velden = _velden(raw, fout)
    signifiers = _signifiers(raw, fout)
    _check_conditions(signifiers, fout)
    _check_columns_unique(velden, signifiers, fout)
    schaal = raw.get("triade_schaal", "auto")
    if schaal not in TRIADE_SCHALEN:
        raise fout(f"'triade_schaal' is '{schaal}'. Kies fractie (hoeken tellen op tot 1), procent (tot 100) "
                   "of auto (per verhaal 1 of 100).")
    tolerantie = raw.get("triade_tolerantie", TRIADE_TOLERANTIE)
    if isinstance(tolerantie, bool) or not isinstance(tolerantie, (int, float)) or not 0 <= tolerantie < 0.5:
        raise fout("'triade_tolerantie' moet een getal zijn van 0 tot 0,5: het deel van de schaal dat de som "
                   "van de drie hoeken mag afwijken, bijvoorbeeld 0.01 (1 procent).")
    fictief = raw.get("fictief", False)
    if not isinstance(fictief, bool):
        raise fout("'fictief' moet true of false zijn (zonder aanhalingstekens): true als alle verhalen in "
                   "dit bestand verzonnen voorbeelden zijn.")
    return Kader(_text(raw, "id", fout, "een korte naam zonder spaties, bijvoorbeeld \"leiderdorp-oet\""),
                 _text(raw, "naam", fout, "de naam van het kader"),
                 _optional_text(raw, "toelichting", fout), velden,
                 _text_list(raw, "leeftijdsgroepen", fout, optional=True),
                 _text_list(raw, "rollen", fout, optional=True), signifiers, text,
                 _waarden(raw, velden, fout), schaal, float(tolerantie), fictief,
                 _sleutels(raw, signifiers, fout))


def _waarden(raw: dict, velden: dict, fout: _KaderFout) -> dict:
    """The value maps per field: {"toestemming": {"ja": "openbaar", "nee": "nee"}}; matched without case."""
    waarden = raw.get("waarden", {})
    if not isinstance(waarden, dict):
        raise fout("'waarden' moet per veld een vertaling geven, bijvoorbeeld "
                   "{\"toestemming\": {\"ja\": \"openbaar\", \"nee\": \"nee\"}}.")
    for veld, kaart in waarden.items():
        if veld not in MAPBAAR:
            raise fout(f"onder 'waarden' staat '{veld}'. Een vertaling kan alleen voor de velden "
                       f"{', '.join(MAPBAAR)}.")
        if veld not in velden:
            raise fout(f"onder 'waarden' staat '{veld}', maar dat veld staat niet onder 'velden'. "
                       f"Noem onder 'velden' bij '{veld}' de kolom in het verhalenbestand.")
        if not (isinstance(kaart, dict) and kaart and all(isinstance(k, str) and k.strip() and isinstance(v, str)
                                                          for k, v in kaart.items())):
            raise fout(f"onder 'waarden' moet '{veld}' een vertaling zijn van tekst naar tekst, bijvoorbeeld "
                       "{\"ja\": \"openbaar\", \"nee\": \"nee\"}.")
        toegestaan = MAPBAAR[veld]
        fout_waarde = [v for v in kaart.values() if toegestaan and v not in toegestaan]
        if fout_waarde:
            raise fout(f"onder 'waarden' vertaalt '{veld}' naar '{fout_waarde[0]}'. Vertaal naar een van: "
                       f"{', '.join(toegestaan)}.")
        if len({k.strip().lower() for k in kaart}) != len(kaart):
            raise fout(f"onder 'waarden' noemt '{veld}' een waarde twee keer (hoofdletters tellen niet mee).")
    return {veld: dict(kaart) for veld, kaart in waarden.items()}


def _sleutels(raw: dict, signifiers: tuple[Signifier, ...], fout: _KaderFout) -> dict:
    """The key signifiers (ervaring, netwerklunch, vergelijking, thema): each names a signifier of this
    framework of the right soort."""
    sleutels = raw.get("sleutels", {})
    if not isinstance(sleutels, dict):
        raise fout("'sleutels' moet een object zijn, bijvoorbeeld {\"ervaring\": \"ervaring\"}.")
    by_id = {s.id: s for s in signifiers}
    for key, value in sleutels.items():
        if key not in SLEUTELS:
            raise fout(f"onder 'sleutels' staat '{key}'. Gebruik alleen: {', '.join(SLEUTELS)}.")
        soort, lijst = SLEUTELS[key]
        ids = value if lijst else [value]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or (lijst and not ids):
            vorm = "een lijst van signifier-ids, bijvoorbeeld [\"ervaring\"]" if lijst else "één signifier-id"
            raise fout(f"onder 'sleutels' moet '{key}' {vorm} zijn.")
        for sig_id in ids:
            sig = by_id.get(sig_id)
            if sig is None:
                raise fout(f"onder 'sleutels' noemt '{key}' de signifier '{sig_id}', maar die staat niet in dit "
                           f"kader. Kies uit: {', '.join(by_id)}.")
            if soort and sig.soort != soort:
                passend = [s.id for s in signifiers if s.soort == soort] or [f"(er is geen {soort})"]
                raise fout(f"onder 'sleutels' noemt '{key}' de signifier '{sig_id}', maar die is een {sig.soort}; "
                           f"'{key}' moet een {soort} zijn. Kies uit: {', '.join(passend)}.")
    return dict(sleutels)


class _KaderFout:
    """Builds the ImportFout for a problem in one framework file; every message names the file."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, message: str) -> ImportFout:
        return ImportFout(f"Kader {self.name}: {message}")


def _kader_text(path: Path) -> str:
    if path.is_dir():
        raise ImportFout(f"{path} is een map, geen kaderbestand. Kies het JSON-bestand van het kader zelf, "
                         "bijvoorbeeld data/verhalen/kader_leiderdorp.json.")
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise ImportFout(f"Het kaderbestand {path} bestaat niet. Controleer het pad.") from e
    except UnicodeDecodeError as e:
        raise ImportFout(f"Het kaderbestand {path.name} is geen UTF-8-tekst. "
                         "Sla het op als UTF-8 (in Kladblok: Opslaan als, codering UTF-8) en probeer opnieuw.") from e


def _kader_json(text: str, name: str) -> dict:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFout(f"Het kaderbestand {name} is geen geldige JSON: er klopt iets niet op regel {e.lineno}, "
                         f"positie {e.colno}. Kijk daar (of net ervoor) naar komma's, aanhalingstekens en haakjes; "
                         f"vaak ontbreekt een komma of staat er een komma te veel. {VOORBEELD}") from e
    if not isinstance(raw, dict):
        raise ImportFout(f"Het kaderbestand {name} moet één JSON-object zijn, tussen {{ en }}, "
                         f"met id, naam, velden en signifiers. {VOORBEELD}")
    return raw


def _text(raw: dict, key: str, fout: _KaderFout, what: str, where: str = "") -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fout(f"{where}'{key}' ontbreekt of is leeg. Vul bij '{key}' {what} in.")
    return value


def _optional_text(raw: dict, key: str, fout: _KaderFout) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise fout(f"'{key}' moet een tekst tussen aanhalingstekens zijn.")
    return value


def _text_list(raw: dict, key: str, fout: _KaderFout, count: int | None = None, optional: bool = False,
               where: str = "") -> tuple[str, ...]:
    """A list of texts; one string is refused (it would be read letter by letter)."""
    if key not in raw and optional:
        return ()
    value = raw.get(key)
    if value is None:
        raise fout(f"{where}'{key}' ontbreekt. Zet onder '{key}' een lijst, bijvoorbeeld [\"eerste\", \"tweede\"].")
    if isinstance(value, str):
        raise fout(f"{where}'{key}' is één tekst (\"{value}\") in plaats van een lijst. Zet elke waarde "
                   "apart tussen aanhalingstekens, binnen [ ], bijvoorbeeld [\"eerste\", \"tweede\"].")
    if not optional and value == []:
        raise fout(f"{where}'{key}' is leeg. Zet er de waarden in, bijvoorbeeld [\"eerste\", \"tweede\"].")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fout(f"{where}'{key}' moet een lijst van teksten zijn, bijvoorbeeld [\"eerste\", \"tweede\"], "
                   "zonder lege waarden.")
    if count is not None and len(value) != count:
        raise fout(f"{where}'{key}' heeft {len(value)} waarden; dat moeten er precies {count} zijn.")
    if len(set(value)) != len(value):
        raise fout(f"{where}'{key}' noemt een waarde twee keer. Geef elke waarde één keer.")
    return tuple(value)


def _velden(raw: dict, fout: _KaderFout) -> dict:
    velden = raw.get("velden")
    if not isinstance(velden, dict):
        raise fout("'velden' ontbreekt. Zet onder 'velden' bij elk veld de naam van de kolom in het "
                   f"verhalenbestand, bijvoorbeeld \"id\": \"verhaal_id\". {VOORBEELD}")
    missing = [v for v in VERPLICHTE_VELDEN if v not in velden]
    unknown = [v for v in velden if v not in VELDEN]
    if unknown:
        raise fout(f"onder 'velden' staat '{unknown[0]}'; dat veld kent de app niet. Gebruik: {', '.join(VELDEN)}.")
    if missing:
        raise fout(f"de velden {', '.join(missing)} ontbreken onder 'velden'. Vul bij elk de naam van de kolom "
                   "in het verhalenbestand in, bijvoorbeeld \"id\": \"verhaal_id\".")
    for name, column in velden.items():
        if not isinstance(column, str) or not column.strip():
            raise fout(f"onder 'velden' moet '{name}' de naam van een kolom zijn, als tekst tussen aanhalingstekens.")
    return velden


def _signifiers(raw: dict, fout: _KaderFout) -> tuple[Signifier, ...]:
    items = raw.get("signifiers")
    if not isinstance(items, list) or not items:
        raise fout("er staan geen signifiers in het kader. Zet onder 'signifiers' een lijst met minstens één "
                   f"vraag (soort triade, slider of keuze). {VOORBEELD}")
    signifiers = tuple(_signifier(item, i, fout) for i, item in enumerate(items))
    seen = set()
    for sig in signifiers:
        if sig.id in seen:
            raise fout(f"de signifier-id '{sig.id}' komt twee keer voor. Geef elke signifier een eigen id.")
        seen.add(sig.id)
    return signifiers


def _signifier(raw, volgorde: int, fout: _KaderFout) -> Signifier:
    if not isinstance(raw, dict):
        raise fout(f"signifier nummer {volgorde + 1} is geen object tussen {{ en }}. {VOORBEELD}")
    sig_id = _text(raw, "id", fout, "een korte naam", where=f"bij signifier nummer {volgorde + 1}: ")
    where = f"bij signifier '{sig_id}': "
    soort = raw.get("soort")
    if soort not in SOORTEN:
        raise fout(f"signifier '{sig_id}' heeft een onbekende soort '{soort}'. Gebruik triade, slider of keuze.")
    vraag = _text(raw, "vraag", fout, "de vraag zoals de verteller die zag", where=where)
    if soort == "triade":
        labels = _text_list(raw, "hoeken", fout, count=3, where=where)
        kolommen = _text_list(raw, "kolommen", fout, count=3, where=where)
    else:
        key, count = ("polen", 2) if soort == "slider" else ("opties", None)
        labels = _text_list(raw, key, fout, count=count, where=where)
        kolommen = (_text(raw, "kolom", fout, "de naam van de kolom in het verhalenbestand", where=where),)
    meerkeuze, scheiding = raw.get("meerkeuze", False), raw.get("scheiding", ";")
    if not isinstance(meerkeuze, bool):
        raise fout(f"{where}'meerkeuze' moet true of false zijn (zonder aanhalingstekens).")
    if meerkeuze and soort != "keuze":
        raise fout(f"{where}'meerkeuze' kan alleen bij een keuzevraag (soort keuze).")
    if "scheiding" in raw and not meerkeuze:
        raise fout(f"{where}'scheiding' hoort bij een meerkeuzevraag. Zet er \"meerkeuze\": true bij, "
                   "of haal 'scheiding' weg.")
    if not isinstance(scheiding, str) or not scheiding.strip() or len(scheiding) > 3:
        raise fout(f"{where}'scheiding' moet het teken tussen de antwoorden zijn, bijvoorbeeld \"|\" of \";\".")
    if meerkeuze and any(scheiding in label for label in labels):
        raise fout(f"{where}de scheiding '{scheiding}' staat ook in een optie. Kies een ander teken, "
                   "bijvoorbeeld \"|\".")
    return Signifier(sig_id, soort, vraag, labels, kolommen, _alleen_als(raw, where, fout), volgorde,
                     meerkeuze, scheiding)


def _alleen_als(raw: dict, where: str, fout: _KaderFout) -> dict | None:
    condition = raw.get("alleen_als")
    if condition is None:
        return None
    if not (isinstance(condition, dict) and condition and all(isinstance(v, str) for v in condition.values())):
        raise fout(f"{where}'alleen_als' moet een voorwaarde zijn zoals {{\"ondersteuning\": \"ja\"}}: "
                   "de id van een keuzevraag en het antwoord.")
    return condition


def _check_conditions(signifiers: tuple[Signifier, ...], fout: _KaderFout) -> None:
    """Every alleen_als names an existing choice question and one of its options."""
    by_id = {s.id: s for s in signifiers}
    for sig in signifiers:
        for key, value in (sig.alleen_als or {}).items():
            target = by_id.get(key)
            if target is None or target is sig:
                raise fout(f"signifier '{sig.id}' heeft alleen_als '{key}', maar er is geen andere signifier met "
                           f"id '{key}'. Gebruik de id van een keuzevraag: {', '.join(_choice_ids(signifiers))}.")
            if target.soort != "keuze":
                raise fout(f"signifier '{sig.id}' heeft alleen_als '{key}', maar '{key}' is geen keuzevraag. "
                           f"Gebruik de id van een keuzevraag: {', '.join(_choice_ids(signifiers))}.")
            if value not in target.labels:
                raise fout(f"signifier '{sig.id}' heeft alleen_als {key} = '{value}', maar dat is geen optie van "
                           f"'{key}'. Kies uit: {', '.join(target.labels)}.")


def _choice_ids(signifiers: tuple[Signifier, ...]) -> list[str]:
    return [s.id for s in signifiers if s.soort == "keuze"] or ["(er is geen keuzevraag)"]


def _check_columns_unique(velden: dict, signifiers: tuple[Signifier, ...], fout: _KaderFout) -> None:
    seen = {velden[v] for v in VELDEN if v in velden}
    for column in (c for s in signifiers for c in s.kolommen):
        if column in seen:
            raise fout(f"de kolom '{column}' wordt twee keer gebruikt. "
                       "Geef elk veld en elke signifier een eigen kolom.")
        seen.add(column)


# --- the story file: header, then one read into a staging table ----------------------------------

@dataclass(frozen=True)
class _Bestand:
    """Where the framework's columns sit in the story file (`path`: a UTF-8 file, see core.ingest.csvbestand)."""
    path: Path
    scheiding: str
    kop: tuple[str, ...]
    naam: str
    codering: str = "utf-8"

    def index(self, column: str) -> int | None:
        return self.kop.index(column) if column in self.kop else None


def _needed_columns(kader: Kader) -> list[str]:
    velden = [v for v in VERPLICHTE_VELDEN + GENOEMD_VERPLICHT if v in kader.velden]
    return [kader.velden[v] for v in velden] + [c for s in kader.signifiers for c in s.kolommen]


def _not_utf8(name: str) -> ImportFout:
    return ImportFout(f"De tekens in {name} zijn niet te lezen als UTF-8. {csvbestand.OPSLAAN}")


def _open_file(utf8: csvbestand.Utf8, kader: Kader) -> _Bestand:
    """Find the separator (',', ';' or tab) under which the header holds the framework's columns."""
    needed = _needed_columns(kader)
    scheiding, kop = csvbestand.scheiding_voor(utf8.pad, utf8.naam, needed)
    missing = [c for c in needed if c not in kop]
    if missing:
        raise ImportFout(f"In {utf8.naam} ontbreken de kolommen: {', '.join(missing)}. "
                         "Er is niets geïmporteerd.")
    return _check_header(_Bestand(utf8.pad, scheiding, kop, utf8.naam, utf8.codering), needed)


def _check_header(bestand: _Bestand, needed: list[str]) -> _Bestand:
    twice = sorted({c for c in needed if bestand.kop.count(c) > 1})
    if twice:
        raise ImportFout(f"In {bestand.naam} staat de kolom {', '.join(twice)} meer dan één keer in de kopregel. "
                         "Geef elke kolom een eigen naam. Er is niets geïmporteerd.")
    return bestand


# Python's str.strip() removes these too; DuckDB's plain trim() is slow on long texts, so trim only
# the values that start or end with one of them.
_SPATIES = ("' '", "chr(9)", "chr(10)", "chr(13)", "chr(160)")


def _clean(column: str) -> str:
    edges = " OR ".join(f"{f}({column}, {s})" for s in _SPATIES for f in ("starts_with", "ends_with"))
    return f"nullif(CASE WHEN {edges} THEN trim({column}, {' || '.join(_SPATIES)}) ELSE {column} END, '')"


def _number(column: str) -> str:
    return f"TRY_CAST(replace({column}, ',', '.') AS DOUBLE)"


def _staging_columns(kader: Kader, bestand: _Bestand) -> list[str]:
    """Cleaned text per field and signifier column, under our own names (v_<field>, s<i>_<j>)."""
    columns = []
    for name in VELDEN:
        index = bestand.index(kader.velden[name]) if name in kader.velden else None
        columns.append(f"{_clean(f'c{index}') if index is not None else 'NULL::VARCHAR'} AS v_{name}")
    for i, sig in enumerate(kader.signifiers):
        columns += [f"{_clean(f'c{bestand.index(c)}')} AS s{i}_{j}" for j, c in enumerate(sig.kolommen)]
    return columns


def _parsed_columns(kader: Kader) -> tuple[list[str], list]:
    """Typed values next to the text: numbers of sliders and triads, the year and the date, the options of
    a multi-select answer (l<i>: a list, split on its separator, trimmed, each option once). Returns the
    column expressions and their bound parameters, in order."""
    columns = ["CASE WHEN regexp_full_match(v_jaar, '[0-9]+') THEN TRY_CAST(v_jaar AS INTEGER) END AS jaar",
               ("CASE WHEN regexp_full_match(v_verzameld, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') "
                "THEN TRY_CAST(try_strptime(v_verzameld, '%Y-%m-%d') AS DATE) END AS datum")]
    params = []
    spaties = " || ".join(_SPATIES)
    for i, sig in enumerate(kader.signifiers):
        if sig.soort != "keuze":
            columns += [f"{_number(f's{i}_{j}')} AS g{i}_{j}" for j in range(len(sig.kolommen))]
        elif sig.meerkeuze:
            columns.append(f"list_distinct(list_filter(list_transform(string_split(s{i}_0, ?), "
                           f"x -> trim(x, {spaties})), x -> x <> '')) AS l{i}")
            params.append(sig.scheiding)
    return columns, params


def _triad_scale(i: int, kader: Kader) -> str:
    """The scale of triad i in each row: 1 (fractions) or 100 (percentages); NULL for an 'auto' row whose
    sum is near neither (the sum rule names it)."""
    som = f"(g{i}_0 + g{i}_1 + g{i}_2)"
    tol = kader.triade_tolerantie
    if kader.triade_schaal == "fractie":
        return "1.0"
    if kader.triade_schaal == "procent":
        return "100.0"
    return (f"CASE WHEN abs({som} - 1) <= {tol!r} THEN 1.0 WHEN abs({som} - 100) <= {tol * 100!r} THEN 100.0 "
            f"WHEN {som} < 10 THEN 1.0 ELSE 100.0 END")


def _scaled_columns(kader: Kader) -> list[str]:
    """Triads as fractions: f<i>_<j> = the weight over the row's scale; a row whose sum is off by more than
    the schema allows (1 %) but within the framework's tolerance is brought back to a sum of exactly 1."""
    columns = []
    for i, sig in enumerate(kader.signifiers):
        if sig.soort == "triade":
            columns.append(f"{_triad_scale(i, kader)} AS schaal{i}")
    return columns


def _scaled_weights(i: int) -> list[str]:
    som = f"(g{i}_0 + g{i}_1 + g{i}_2)"
    return [f"CASE WHEN abs({som} / schaal{i} - 1) <= 0.01 THEN g{i}_{j} / schaal{i} "
            f"ELSE g{i}_{j} / {som} END" for j in range(3)]


def _stage(conn, kader: Kader, bestand: _Bestand) -> int:
    """Read the whole CSV once into the temporary table _verhaal (value maps applied, triads scaled);
    returns the number of stories."""
    types = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(bestand.kop))) + "}"
    source = (f"read_csv(?, columns = {types}, header = true, auto_detect = false, delim = ?, "
              "quote = '\"', escape = '\"')")
    parsed, params = _parsed_columns(kader)
    # row_number() OVER () runs as a streaming window in file order: rij is the story's row number.
    try:
        conn.execute(f"CREATE TEMP TABLE _ruw AS SELECT row_number() OVER () AS rij, "
                     f"{', '.join(_staging_columns(kader, bestand))} FROM {source}",
                     [str(bestand.path), bestand.scheiding])
    except duckdb.Error as e:
        raise _csv_error(e, bestand) from e
    _map_values(conn, kader)
    scaled = "".join(f", {c}" for c in _scaled_columns(kader))
    conn.execute(f"CREATE TEMP TABLE _verhaal AS SELECT *{scaled} FROM "
                 f"(SELECT *, {', '.join(parsed)} FROM _ruw)", params)
    conn.execute("DROP TABLE _ruw")
    return conn.execute("SELECT count(*) FROM _verhaal").fetchone()[0]


def _map_values(conn, kader: Kader) -> None:
    """The framework's value maps ("waarden"), one bulk UPDATE per field; matched without case."""
    for veld, kaart in kader.waarden.items():
        van = [k.strip().lower() for k in kaart]
        conn.execute(f"UPDATE _ruw SET v_{veld} = m.naar FROM (SELECT unnest(?) AS van, unnest(?) AS naar) m "
                     f"WHERE lower(_ruw.v_{veld}) = m.van", [van, list(kaart.values())])


def _csv_error(error: duckdb.Error, bestand: _Bestand) -> ImportFout:
    """DuckDB's reader error, told in Dutch with the row (line 1 is the header)."""
    text = str(error)
    if "Invalid unicode" in text:  # not expected: core.ingest.csvbestand hands over UTF-8
        return _not_utf8(bestand.naam)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    rij = f"rij {int(line.group(1)) - 1}" if line else "een rij"
    teken = csvbestand.NAMEN[bestand.scheiding]
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if "unterminated quote" in text:
        return ImportFout(f"In {bestand.naam} is in {rij} een aanhalingsteken (\") niet gesloten. Zet tekst tussen "
                          "twee aanhalingstekens en schrijf een aanhalingsteken in de tekst dubbel (\"\").")
    if columns:
        return ImportFout(f"In {bestand.naam} heeft {rij} {columns.group(2)} kolommen, maar de kopregel heeft er "
                          f"{columns.group(1)}. Controleer in die rij de {teken} en de aanhalingstekens rond tekst "
                          "met een komma erin. Er is niets geïmporteerd.")
    return ImportFout(f"{bestand.naam} kon niet als CSV-bestand worden gelezen ({rij}). Sla het op als CSV UTF-8 "
                      f"met {teken} tussen de kolommen en probeer opnieuw. Er is niets geïmporteerd.")


# --- rules: one query each over all stories ------------------------------------------------------

@dataclass(frozen=True)
class _Regel:
    """One check: rows of _verhaal matching `waar` are wrong; `melding` words the problem."""
    kolom: str                      # the column named in the message
    waar: str                       # SQL condition over _verhaal (only our own column names)
    melding: Callable[[object], str]
    waarde: str = "NULL"            # SQL expression handed to `melding`
    params: tuple = ()
    bron: str = "_verhaal"
    waarde_params: tuple = ()       # bound parameters of `waarde` (they come before `params` in the query)


def _meta_rules(kader: Kader, today: date) -> list[_Regel]:
    velden = kader.velden
    rules = [_Regel(velden[name], f"v_{name} IS NULL", lambda v: "is leeg; dit veld is verplicht.")
             for name in VERPLICHTE_VELDEN]
    mag = ", ".join(kader.waarden.get("toestemming", {})) or ", ".join(TOESTEMMING)
    rules += [
        _Regel(velden["wijk"], "v_wijk IS NOT NULL AND v_wijk NOT IN (SELECT code FROM _verhaal_wijken)",
               lambda v: f"wijk '{v}' is onbekend. Gebruik een CBS-wijkcode zoals WK054700.", "v_wijk"),
        _Regel(velden["toestemming"], "v_toestemming IS NOT NULL AND NOT list_contains(?, v_toestemming)",
               lambda v: f"'{v}' is geen geldige toestemming. Kies uit: {mag}.",
               "v_toestemming", (list(TOESTEMMING),)),
        _Regel(velden["jaar"], "v_jaar IS NOT NULL AND NOT coalesce(jaar BETWEEN 1990 AND ?, false)",
               lambda v: f"'{v}' is geen geldig jaar (1990 tot en met {today.year}).", "v_jaar", (today.year,)),
    ]
    if "verzameld" in velden:
        rules += [
            _Regel(velden["verzameld"], "v_verzameld IS NOT NULL AND datum IS NULL",
                   lambda v: f"'{v}' is geen datum. Schrijf de datum als JJJJ-MM-DD.", "v_verzameld"),
            _Regel(velden["verzameld"], "datum > ?", lambda v: f"{v} ligt in de toekomst.", "v_verzameld",
                   (today,)),
        ]
    rules += [_choice_rule(velden[name], f"v_{name}", allowed)
              for name, allowed in (("leeftijdsgroep", kader.leeftijdsgroepen), ("rol", kader.rollen))
              if name in velden and allowed]
    rules.append(_Regel(velden.get("fictief", "fictief"),
                        "v_fictief IS NOT NULL AND NOT list_contains(?, lower(v_fictief))",
                        lambda v: "vul ja of nee in.", params=(list(JA_NEE),)))
    return rules


def _choice_rule(kolom: str, column: str, allowed: tuple[str, ...]) -> _Regel:
    return _Regel(kolom, f"{column} IS NOT NULL AND NOT list_contains(?, {column})",
                  lambda v: f"'{v}' is onbekend. Kies uit: {', '.join(allowed)}.", column, (list(allowed),))


def _not_a_number(kolom: str, text: str, number: str) -> _Regel:
    return _Regel(kolom, f"{text} IS NOT NULL AND {number} IS NULL", lambda v: f"'{v}' is geen getal.", text)


def _slider_rules(i: int, sig: Signifier, kader: Kader) -> list[_Regel]:
    return [_not_a_number(sig.kolommen[0], f"s{i}_0", f"g{i}_0"),
            _Regel(sig.kolommen[0], f"g{i}_0 IS NOT NULL AND NOT g{i}_0 BETWEEN 0 AND 100",
                   lambda v: f"{v:g} ligt niet tussen 0 en 100.", f"g{i}_0")]


def _keuze_rules(i: int, sig: Signifier, kader: Kader) -> list[_Regel]:
    if sig.meerkeuze:
        return [_Regel(sig.kolommen[0], f"len(l{i}) > 0 AND NOT list_has_all(?, l{i})",
                       lambda v: (f"{', '.join(repr(o) for o in v)} "
                                  f"{'is geen antwoord' if len(v) == 1 else 'zijn geen antwoorden'} op deze vraag. "
                                  f"Kies uit: {', '.join(sig.labels)} (meer antwoorden gescheiden door "
                                  f"'{sig.scheiding}')."),
                       f"list_filter(l{i}, x -> NOT list_contains(?, x))", (list(sig.labels),),
                       waarde_params=(list(sig.labels),))]
    return [_Regel(sig.kolommen[0], f"s{i}_0 IS NOT NULL AND NOT list_contains(?, s{i}_0)",
                   lambda v: f"'{v}' is geen antwoord op deze vraag. Kies uit: {', '.join(sig.labels)}.",
                   f"s{i}_0", (list(sig.labels),))]


def _triade_rules(i: int, sig: Signifier, kader: Kader) -> list[_Regel]:
    label = "/".join(sig.kolommen)
    a, b, c = (f"g{i}_{j}" for j in range(3))
    filled = f"({a} IS NOT NULL)::INT + ({b} IS NOT NULL)::INT + ({c} IS NOT NULL)::INT"
    complete = f"{a} IS NOT NULL AND {b} IS NOT NULL AND {c} IS NOT NULL"
    tol = kader.triade_tolerantie
    rules = [_not_a_number(column, f"s{i}_{j}", f"g{i}_{j}") for j, column in enumerate(sig.kolommen)]
    return rules + [
        _Regel(label, f"{filled} IN (1, 2)",
               lambda v: "vul alle drie de hoeken van de driehoek in, of laat ze alle drie leeg."),
        _Regel(label, f"{complete} AND (least({a}, {b}, {c}) < 0 OR greatest({a}, {b}, {c}) > schaal{i})",
               lambda v: f"elke hoek moet tussen 0 en {formatting.getal(v, 0)} liggen.", f"schaal{i}"),
        _Regel(label, f"{complete} AND abs(({a} + {b} + {c}) / schaal{i} - 1) > {tol!r}",
               lambda v: (f"de drie hoeken tellen op tot {formatting.getal(v[0], 2)} in plaats van "
                          f"{formatting.getal(v[1], 0)}" + (f" (het kader staat {formatting.getal(tol * v[1], 2)} "
                                                             "afwijking toe)." if tol != TRIADE_TOLERANTIE else ".")
),
               f"[{a} + {b} + {c}, schaal{i}]"),
    ]


SIGNIFIER_RULES = {"slider": _slider_rules, "keuze": _keuze_rules, "triade": _triade_rules}


def _answered(i: int, sig: Signifier) -> str:
    if sig.soort == "triade":
        return " AND ".join(f"g{i}_{j} IS NOT NULL" for j in range(3))
    if sig.meerkeuze:
        return f"len(l{i}) > 0"
    return f"{'s' if sig.soort == 'keuze' else 'g'}{i}_0 IS NOT NULL"


def _holds(k: int, target: Signifier) -> str:
    """SQL: the answer to choice question k is the bound value (for a multi-select: is among the options)."""
    return f"coalesce(list_contains(l{k}, ?), false)" if target.meerkeuze else f"coalesce(s{k}_0 = ?, false)"


def _condition_rule(i: int, sig: Signifier, kader: Kader) -> _Regel:
    """An answer given while its alleen_als condition does not hold."""
    position = {s.id: k for k, s in enumerate(kader.signifiers)}
    met = " AND ".join(_holds(position[key], kader.signifiers[position[key]]) for key in sig.alleen_als)
    condition = ", ".join(f"{k} = {v}" for k, v in sig.alleen_als.items())
    return _Regel("/".join(sig.kolommen), f"{_answered(i, sig)} AND NOT ({met})",
                  lambda v: f"mag alleen ingevuld zijn als {condition}.", params=tuple(sig.alleen_als.values()))


def _signifier_rules(kader: Kader) -> list[_Regel]:
    rules = []
    for i, sig in enumerate(kader.signifiers):
        rules += SIGNIFIER_RULES[sig.soort](i, sig, kader)
        if sig.alleen_als:
            rules.append(_condition_rule(i, sig, kader))
    return rules


def _story_rules(kader: Kader, today: date) -> list[_Regel]:
    velden = kader.velden
    numbered = ("(SELECT *, row_number() OVER (PARTITION BY v_id ORDER BY rij) AS keer "
                "FROM _verhaal WHERE v_id IS NOT NULL)")
    return [
        _Regel(velden["id"], "keer > 1 AND v_id NOT IN (SELECT id FROM verhalen)",
               lambda v: f"id '{v}' komt al voor. Elk verhaal heeft een eigen id.", "v_id", bron=numbered),
        _Regel(velden["id"], "v_id IN (SELECT id FROM verhalen)",
               lambda v: f"id '{v}' komt al voor in de opslag (uit een eerdere import). "
                         "Elk verhaal heeft een eigen id.", "v_id"),
    ] + ([_Regel(velden["verzameld"], "jaar BETWEEN 1990 AND ? AND year(datum) < jaar",
                 lambda v: "de verzameldatum ligt vóór het jaar van de ervaring.", params=(today.year,))]
         if "verzameld" in velden else [])


@dataclass
class _Problemen:
    """The first MAX_PROBLEMEN problems in row order, and how many there are in all."""
    totaal: int = 0
    eerste: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, volgorde: int, regel: _Regel, count: int, rows: list[dict] | None) -> None:
        self.totaal += count
        for row in rows or []:
            ident = row["id"] or "zonder id"
            text = f"Rij {row['rij']} (verhaal {ident}), kolom '{regel.kolom}': {regel.melding(row['waarde'])}"
            self.eerste.append((row["rij"], volgorde, text))
        self.eerste = sorted(self.eerste)[:MAX_PROBLEMEN]

    def fout(self, name: str) -> ImportFout:
        woord = "probleem" if self.totaal == 1 else "problemen"
        shown = f" Hieronder staan de eerste {MAX_PROBLEMEN}." if self.totaal > MAX_PROBLEMEN else ""
        return ImportFout(f"{name} is niet geïmporteerd: {self.totaal} {woord} gevonden.{shown} "
                          "Verbeter het bestand en probeer opnieuw.", [text for _, _, text in self.eerste])


def _run_rule(conn, regel: _Regel) -> tuple[int, list[dict] | None]:
    return conn.execute(
        f"SELECT count(*), min_by({{'rij': rij, 'id': v_id, 'waarde': {regel.waarde}}}, rij, {MAX_PROBLEMEN}) "
        f"FROM {regel.bron} WHERE {regel.waar}", list(regel.waarde_params) + list(regel.params)).fetchone()


def _check(conn, kader: Kader, today: date, voortgang: _Voortgang) -> _Problemen:
    conn.execute("CREATE TEMP TABLE _verhaal_wijken AS SELECT code, arg_max(gemeentecode, indeling) "
                 "AS gemeentecode FROM regios WHERE niveau = 'wijk' GROUP BY code")
    groups = [_meta_rules(kader, today), _signifier_rules(kader), _story_rules(kader, today)]
    problemen, volgorde = _Problemen(), 0
    for done, rules in enumerate(groups, start=1):
        for regel in rules:
            problemen.add(volgorde, regel, *_run_rule(conn, regel))
            volgorde += 1
        voortgang.at(LEZEN + CONTROLE * done / len(groups))
    return problemen


# --- writing -----------------------------------------------------------------------------------

def _kader_conflict(conn, kader: Kader) -> str | None:
    """The Dutch problem when the store holds another framework under this id (other signifiers), else None."""
    known = conn.execute("SELECT definitie FROM kaders WHERE id = ?", [kader.id]).fetchone()
    if known and json.loads(known[0]).get("signifiers") != json.loads(kader.bron).get("signifiers"):
        return (f"Er staat al een ander kader met id '{kader.id}' in de opslag. "
                "Geef het nieuwe kader een eigen id.")
    return None


def _store_kader(conn, kader: Kader) -> None:
    """Store the framework; the same framework again (same signifiers) keeps its rows and gets the newest file
    text (its name, explanation, key signifiers may have changed)."""
    conflict = _kader_conflict(conn, kader)
    if conflict:
        raise ImportFout(conflict)
    if conn.execute("SELECT count(*) FROM kaders WHERE id = ?", [kader.id]).fetchone()[0]:
        conn.execute("UPDATE kaders SET naam = ?, toelichting = ?, definitie = ? WHERE id = ?",
                     [kader.naam, kader.toelichting, kader.bron, kader.id])
        return
    conn.execute("INSERT INTO kaders (id, naam, toelichting, definitie) VALUES (?, ?, ?, ?)",
                 [kader.id, kader.naam, kader.toelichting, kader.bron])
    for s in kader.signifiers:
        conn.execute("INSERT INTO signifiers (kader, id, soort, vraag, labels, volgorde, alleen_als, meerkeuze) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [kader.id, s.id, s.soort, s.vraag, list(s.labels), s.volgorde,
                      json.dumps(s.alleen_als) if s.alleen_als else None, s.meerkeuze])


def _insert_verhalen(conn, kader: Kader, import_id: str) -> None:
    conn.execute(
        "INSERT INTO verhalen (id, titel, tekst, wijk, gemeentecode, jaar, verzameld_op, project, toestemming, "
        "leeftijdsgroep, rol, onderwerp, fictief, kader, import_id) "
        "SELECT v_id, v_titel, v_tekst, v_wijk, w.gemeentecode, jaar, datum, v_project, v_toestemming, "
        "v_leeftijdsgroep, v_rol, v_onderwerp, coalesce(lower(v_fictief) = 'ja', ?), ?, ? "
        "FROM _verhaal JOIN _verhaal_wijken w ON w.code = v_wijk", [kader.fictief, kader.id, import_id])


def _answer_select(i: int, sig: Signifier) -> str:
    """One answer row per story for signifier i: triad weights (fractions), slider value or choice (all NULL
    = empty); a multi-select gives one row per chosen option."""
    triade = _scaled_weights(i) if sig.soort == "triade" else ["NULL::DOUBLE"] * 3
    slider = f"g{i}_0" if sig.soort == "slider" else "NULL::DOUBLE"
    keuze = f"s{i}_0" if sig.soort == "keuze" else "NULL::VARCHAR"
    if sig.meerkeuze:
        keuze = f"unnest(CASE WHEN len(l{i}) > 0 THEN l{i} ELSE [NULL::VARCHAR] END)"
    return f"SELECT v_id, ?, ?, {', '.join(triade)}, {slider}, {keuze} FROM _verhaal"


def _insert_antwoorden(conn, kader: Kader) -> None:
    selects = " UNION ALL ".join(_answer_select(i, s) for i, s in enumerate(kader.signifiers))
    params = [value for s in kader.signifiers for value in (kader.id, s.id)]
    conn.execute("INSERT INTO antwoorden (verhaal, kader, signifier, triade_a, triade_b, triade_c, slider, keuze) "
                 + selects, params)


# --- the whole import --------------------------------------------------------------------------

# Shares of the work, for the progress callback; the personal data check (~1 ms a story) takes the rest.
LEZEN, CONTROLE, VERHALEN, ANTWOORDEN = 0.1, 0.1, 0.05, 0.05


class _Voortgang:
    """Calls progress(rows_done, rows_total) with rows_done rising to rows_total (a share of the work)."""

    def __init__(self, progress: ProgressCallback | None):
        self.progress = progress
        self.total = 0
        self.last = 0

    def at(self, share: float) -> None:
        done = round(self.total * share)
        if self.progress and done > self.last:
            self.progress(done, self.total)
            self.last = done


def _setting(conn, name: str) -> str:
    return conn.execute("SELECT current_setting(?)::VARCHAR", [name]).fetchone()[0]


@contextmanager
def _import_settings(conn) -> Iterator[None]:
    """Cap the buffer pool (DuckDB spills the staging table to disk) and keep rows in file order.

    The old memory limit comes back exactly: by RESET when it was the default (its text is rounded).
    """
    limit, order = _setting(conn, "memory_limit"), _setting(conn, "preserve_insertion_order")
    conn.execute("RESET memory_limit")
    was_default = _setting(conn, "memory_limit") == limit
    conn.execute(f"SET memory_limit = '{IMPORT_GEHEUGEN}'")
    conn.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        conn.execute("RESET memory_limit" if was_default else f"SET memory_limit = '{limit}'")
        conn.execute(f"SET preserve_insertion_order = {order}")


def _check_personal_data(conn, import_id: str, voortgang: _Voortgang) -> int:
    start = LEZEN + CONTROLE + VERHALEN + ANTWOORDEN
    return persoonsgegevens.controleer_import(
        conn, import_id, lambda done, total: voortgang.at(start + (1 - start) * done / max(total, 1)))


def _import(conn, kader: Kader, bestand: _Bestand, today: date, voortgang: _Voortgang) -> tuple[str, int]:
    voortgang.total = _stage(conn, kader, bestand)
    if voortgang.total == 0:
        raise ImportFout(f"{bestand.naam} bevat geen verhalen. Er is niets geïmporteerd.")
    voortgang.at(LEZEN)
    problemen = _check(conn, kader, today, voortgang)
    if problemen.totaal:
        raise problemen.fout(bestand.naam)
    _store_kader(conn, kader)
    import_id = uuid.uuid4().hex[:12]
    _insert_verhalen(conn, kader, import_id)
    voortgang.at(LEZEN + CONTROLE + VERHALEN)
    _insert_antwoorden(conn, kader)
    conn.execute("INSERT INTO imports (id, bestand, kader, aantal, op, fictief) VALUES (?, ?, ?, ?, now(), ?)",
                 [import_id, bestand.naam, kader.id, voortgang.total, kader.fictief])
    conn.execute("DROP TABLE _verhaal; DROP TABLE _verhaal_wijken")
    voortgang.at(LEZEN + CONTROLE + VERHALEN + ANTWOORDEN)
    return import_id, _check_personal_data(conn, import_id, voortgang)


def import_stories(conn: duckdb.DuckDBPyConnection, csv_path: Path, kader_path: Path,
                   today: date | None = None, progress: ProgressCallback | None = None) -> ImportResultaat:
    """Check the whole file, then insert all stories in one transaction (all or nothing), then run the
    personal data check over every new story (core.ingest.persoonsgegevens): what it flags is held back.

    `progress(rows_done, rows_total)` is called a few times with rising numbers, ending at rows_total
    when the import has succeeded.
    """
    kader = kader_van(kader_path)
    voortgang = _Voortgang(progress)
    with csvbestand.als_utf8(Path(csv_path)) as utf8:
        bestand = _open_file(utf8, kader)
        with _import_settings(conn), transaction(conn):
            import_id, held = _import(conn, kader, bestand, today or date.today(), voortgang)
    voortgang.at(1.0)
    return ImportResultaat(import_id, kader.id, voortgang.total, held)


# --- the preview: the first rows as they will be stored, and every problem, without writing ---------------

@dataclass(frozen=True)
class Voorbeeld:
    """What an import of this file would do. rijen: the first n stories as they will be stored (columns rij,
    id, titel, wijk, jaar, toestemming, fictief, verzameld_op, project, then one column per signifier id:
    triad weights as fractions 'a / b / c', slider value, chosen option(s)). problemen: the first
    MAX_PROBLEMEN problems (Dutch, naming row and column); totaal_problemen: all of them."""
    kader: Kader
    rijen: object  # pandas.DataFrame
    aantal: int
    problemen: list[str]
    totaal_problemen: int
    bestand: str
    codering: str
    scheiding: str


def _preview_columns(kader: Kader) -> list[str]:
    columns = ["rij", "v_id AS id", "v_titel AS titel", "v_wijk AS wijk", "jaar", "v_toestemming AS toestemming",
               "coalesce(lower(v_fictief) = 'ja', ?) AS fictief"]
    columns += ["datum AS verzameld_op"] * ("verzameld" in kader.velden)
    columns += [f"v_{v} AS {v}" for v in ("project", "leeftijdsgroep", "rol", "onderwerp") if v in kader.velden]
    for i, sig in enumerate(kader.signifiers):
        if sig.soort == "triade":
            value = ("CASE WHEN " + _answered(i, sig) + " THEN concat_ws(' / ', "
                     + ", ".join(f"replace(printf('%.2f', {w}), '.', ',')" for w in _scaled_weights(i)) + ") END")
        elif sig.soort == "slider":
            value = f"g{i}_0"
        else:
            value = f"array_to_string(l{i}, ', ')" if sig.meerkeuze else f"s{i}_0"
        columns.append(f"{value} AS {_quote(sig.id)}")
    return columns


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def voorbeeld_in(conn, csv_path: Path, kader_bron, n: int = 10, today: date | None = None) -> Voorbeeld:
    """The preview on a connection that sees `regios` (the figures) and `verhalen` and `kaders` (the story
    store, read-only): the same reading, mapping and checks as an import, in temporary tables only."""
    kader = kader_van(kader_bron)
    with csvbestand.als_utf8(Path(csv_path)) as utf8:
        bestand = _open_file(utf8, kader)
        try:
            aantal = _stage(conn, kader, bestand)
            problemen = _check(conn, kader, today or date.today(), _Voortgang(None))
            conflict = _kader_conflict(conn, kader)
            rijen = conn.execute(f"SELECT {', '.join(_preview_columns(kader))} FROM _verhaal ORDER BY rij LIMIT ?",
                                 [kader.fictief, n]).df()
        finally:
            conn.execute("DROP TABLE IF EXISTS _verhaal; DROP TABLE IF EXISTS _verhaal_wijken; "
                         "DROP TABLE IF EXISTS _ruw")
    lijst = [text for _, _, text in problemen.eerste] + ([conflict] if conflict else [])
    if aantal == 0:
        lijst.append(f"{bestand.naam} bevat geen verhalen.")
    return Voorbeeld(kader, rijen, aantal, lijst, problemen.totaal + bool(conflict) + (aantal == 0),
                     bestand.naam, utf8.codering, bestand.scheiding)
