"""A framework drawn up from a story file's header, for a project that has no framework file yet.

`kader_uit_kop` reads the header and the first rows and guesses: which columns are the story fields (by
their names), which are signifiers and of what soort (by their values: three number columns with a
common prefix whose rows sum to 1 or 100 are a triad; numbers from 0 to 100 a slider; a few distinct texts
a choice, a multi-select when they are joined by '|' or ';'), and a value map for consent given as ja/nee.
The app shows the guess as a table (`concept_tabel`) the user corrects, and builds the framework from the
corrected table (`kader_uit_tabel`); core.ingest.stories checks it like any framework file.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import duckdb

from core.ingest import csvbestand
from core.ingest.stories import VELDEN

VOORBEELD_RIJEN = 500
MAX_OPTIES = 15
NIET = "niet gebruiken"
SIGNIFIER = "signifier"
GEBRUIK = (NIET, SIGNIFIER) + VELDEN  # what a column can be, in the table
KOLOMMEN = ("kolom", "gebruik", "signifier", "soort", "vraag", "labels", "meerkeuze", "scheiding")
# Names that give a story field away (lower case, checked in this order; the first free column wins).
NAMEN = {
    "id": r"^(id|nr|nummer|verhaal_?id|story_?id|fragment_?id|respondent(_?id)?|code)$",
    "titel": r"^(titel|title|kop|koptekst|naam_?verhaal)$",
    "tekst": r"(tekst|verhaal|text|story|beschrijving|fragment)",
    "wijk": r"(wijk|district|buurt)",
    "jaar": r"(jaar|year)",
    "toestemming": r"(toestemming|consent|delen|publiceren|permission|openbaar)",
    "verzameld": r"(datum|date|verzameld)",
    "project": r"^project",
    "leeftijdsgroep": r"(leeftijd|age)",
    "rol": r"^(rol|role)$",
    "fictief": r"(fictief|fictional|verzonnen)",
    "onderwerp": r"^(onderwerp|topic)$",
}
JA = ("ja", "j", "yes", "y", "1", "true", "waar", "openbaar")
NEE = ("nee", "n", "no", "0", "false", "onwaar")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "kader"


def _number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def lees_voorbeeld(csv_path: Path) -> tuple[tuple[str, ...], list[tuple], str, str]:
    """The header, the first rows (cells trimmed, empty = None), the separator and the encoding."""
    with csvbestand.als_utf8(Path(csv_path)) as utf8:
        scheiding, kop = csvbestand.raad_scheiding(utf8.pad, utf8.naam)
        types = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(kop))) + "}"
        with duckdb.connect(":memory:") as conn:
            rows = conn.execute(f"SELECT * FROM read_csv(?, columns = {types}, header = true, auto_detect = false, "
                                "delim = ?, quote = '\"', escape = '\"') LIMIT ?",
                                [str(utf8.pad), scheiding, VOORBEELD_RIJEN]).fetchall()
    rows = [tuple((c.strip() or None) if isinstance(c, str) else None for c in r) for r in rows]
    return kop, rows, scheiding, utf8.codering


def _velden(kop: tuple[str, ...], waarden: dict[str, list[str]]) -> dict[str, str]:
    velden: dict[str, str] = {}
    for veld, pattern in NAMEN.items():
        for column in kop:
            if column not in velden.values() and re.search(pattern, column.strip().lower()):
                velden[veld] = column
                break
    if "tekst" not in velden:  # the longest texts on average
        vrij = [c for c in kop if c not in velden.values() and waarden[c]]
        if vrij:
            velden["tekst"] = max(vrij, key=lambda c: sum(map(len, waarden[c])) / len(waarden[c]))
    return velden


def _toestemming(values: list[str]) -> dict[str, str] | None:
    found = {v.lower() for v in values}
    if not found or found <= {"nee", "intern", "openbaar"}:
        return None
    if found <= set(JA + NEE):
        return {v: ("openbaar" if v in JA else "nee") for v in sorted(found)}
    return None


def _triaden(kop: tuple[str, ...], vrij: list[str], getallen: set[str], rows: list[tuple]) -> list[dict]:
    """Three number columns with a common name part ('steun_buren', 'steun_familie', ...) whose complete rows
    sum to 1 or 100. The corners are named by the parts that differ."""
    triaden, gebruikt = [], set()
    for sleutel in (lambda c: c.split("_")[0], lambda c: c.rsplit("_", 1)[0]):
        groepen: dict[str, list[str]] = {}
        for column in vrij:
            if column in getallen and "_" in column and column not in gebruikt:
                groepen.setdefault(sleutel(column), []).append(column)
        for prefix, columns in groepen.items():
            cells = [[_number(r[kop.index(c)]) if r[kop.index(c)] else None for c in columns] for r in rows]
            sums = [sum(c) for c in cells if None not in c]
            if len(columns) != 3 or not sums or \
                    sum(abs(s - 1) <= 0.02 or abs(s - 100) <= 2 for s in sums) < 0.9 * len(sums):
                continue
            delen = [c.split("_") for c in columns]
            hoeken = ["_".join(d for k, d in enumerate(deel) if not all(k < len(x) and x[k] == d for x in delen))
                      or "_".join(deel) for deel in delen]
            triaden.append({"id": _slug(prefix).replace("-", "_"), "soort": "triade", "vraag": prefix,
                            "hoeken": hoeken, "kolommen": columns})
            gebruikt.update(columns)
    return triaden


def _signifier(column: str, values: list[str], getal: bool) -> dict | None:
    sig_id = _slug(column).replace("-", "_")
    if getal:
        numbers = [_number(v) for v in values]
        if min(numbers) >= 0 and max(numbers) <= 100:
            return {"id": sig_id, "soort": "slider", "vraag": column, "polen": ["laag", "hoog"], "kolom": column}
        return None
    for scheiding in ("|", ";"):
        if any(scheiding in v for v in values):
            opties = Counter(p.strip() for v in values for p in v.split(scheiding) if p.strip())
            if len(opties) <= MAX_OPTIES:
                return {"id": sig_id, "soort": "keuze", "vraag": column, "opties": [o for o, _ in opties.most_common()],
                        "meerkeuze": True, "scheiding": scheiding, "kolom": column}
    opties = Counter(values)
    if values and len(opties) <= MAX_OPTIES and len(opties) <= max(2, len(values) // 2):
        return {"id": sig_id, "soort": "keuze", "vraag": column, "opties": [o for o, _ in opties.most_common()],
                "kolom": column}
    return None


def kader_uit_kop(csv_path: Path) -> dict:
    """A framework draft (a dict in the framework file's shape) from the file's header and first rows."""
    path = Path(csv_path)
    kop, rows, _, _ = lees_voorbeeld(path)
    waarden = {c: [r[i] for r in rows if r[i]] for i, c in enumerate(kop)}
    velden = _velden(kop, waarden)
    concept: dict = {"id": _slug(path.stem), "naam": path.stem, "toelichting": "", "velden": velden,
                     "waarden": {}, "triade_schaal": "auto", "fictief": False, "signifiers": []}
    if "toestemming" in velden:
        kaart = _toestemming(waarden[velden["toestemming"]])
        if kaart:
            concept["waarden"]["toestemming"] = kaart
    vrij = [c for c in kop if c not in velden.values()]
    getallen = {c for c in vrij if waarden[c] and all(_number(v) is not None for v in waarden[c])}
    triaden = {t["kolommen"][0]: t for t in _triaden(kop, vrij, getallen, rows)}
    in_triade = {c for t in triaden.values() for c in t["kolommen"]}
    for column in vrij:
        sig = triaden.get(column) if column in in_triade else _signifier(column, waarden[column], column in getallen)
        if sig:
            concept["signifiers"].append(sig)
    _unieke_ids(concept["signifiers"])
    return concept


def _unieke_ids(signifiers: list[dict]) -> None:
    seen: Counter = Counter()
    for sig in signifiers:
        seen[sig["id"]] += 1
        if seen[sig["id"]] > 1:
            sig["id"] = f"{sig['id']}_{seen[sig['id']]}"


# --- the table the user corrects, and back ------------------------------------------------------------

def concept_tabel(kop: tuple[str, ...], concept: dict) -> list[dict]:
    """One row per column of the file (KOLOMMEN): what it is used for, and for a signifier its id, soort,
    question and labels (slider: 'pool links, pool rechts'; keuze: the options; triad: this column's
    corner), whether it is a multi-select and its separator."""
    velden = {column: veld for veld, column in concept.get("velden", {}).items()}
    per_kolom: dict[str, tuple[dict, int]] = {}
    for sig in concept.get("signifiers", []):
        for j, column in enumerate(sig.get("kolommen") or [sig.get("kolom")]):
            per_kolom[column] = (sig, j)
    rows = []
    for column in kop:
        row = dict.fromkeys(KOLOMMEN, "")
        row.update(kolom=column, gebruik=velden.get(column, NIET), meerkeuze=False)
        if column in per_kolom:
            sig, j = per_kolom[column]
            labels = sig.get("hoeken", [""] * 3)[j] if sig["soort"] == "triade" else \
                ", ".join(sig.get("polen") or sig.get("opties") or [])
            row.update(gebruik=SIGNIFIER, signifier=sig["id"], soort=sig["soort"], vraag=sig.get("vraag", ""),
                       labels=labels, meerkeuze=bool(sig.get("meerkeuze")),
                       scheiding=sig.get("scheiding", "") if sig.get("meerkeuze") else "")
        rows.append(row)
    return rows


def _lijst(text) -> list[str]:
    return [p.strip() for p in str(text or "").split(",") if p.strip()]


def kader_uit_tabel(rows: list[dict], basis: dict) -> dict:
    """The framework from the corrected table and the form's other answers (`basis`: id, naam, toelichting,
    waarden, fictief, triade_schaal, ...). Rows with the same signifier id form one signifier (a triad: its
    three columns, in table order). The result is checked by core.ingest.stories.kader_van."""
    kader = {k: v for k, v in basis.items() if k not in ("velden", "signifiers")}
    kader["velden"] = {}
    signifiers: dict[str, dict] = {}
    for row in rows:
        gebruik, column = row.get("gebruik") or NIET, row["kolom"]
        if gebruik in VELDEN:
            kader["velden"][gebruik] = column
        elif gebruik == SIGNIFIER:
            sig_id = str(row.get("signifier") or "").strip() or _slug(column).replace("-", "_")
            soort = row.get("soort") or "slider"
            sig = signifiers.setdefault(sig_id, {"id": sig_id, "soort": soort, "vraag": row.get("vraag") or column})
            if soort == "triade":
                sig.setdefault("hoeken", []).append(str(row.get("labels") or column).strip())
                sig.setdefault("kolommen", []).append(column)
                continue
            sig["kolom"] = column
            sig["polen" if soort == "slider" else "opties"] = _lijst(row.get("labels"))
            if soort == "keuze" and row.get("meerkeuze"):
                sig["meerkeuze"] = True
                sig["scheiding"] = str(row.get("scheiding") or "|")
    kader["signifiers"] = list(signifiers.values())
    kader.setdefault("waarden", {})
    kader["waarden"] = {veld: kaart for veld, kaart in kader["waarden"].items() if veld in kader["velden"]}
    return kader
