"""StatLine exports a gemeente brings: Kerncijfers wijken en buurten (KWB) and RIVM 50090NED, read and stored.

Two shapes of the same tables are read (both as StatLine gives them; tests/data/statline/ has small
real-shaped samples and says where their shape comes from):
- the typed CSV ("TypedDataSet", "CSV (typed)"): UTF-8, `;`, quoted, codes right-padded with spaces
  ("WK039400  "), column keys such as `AantalInwoners_5`, decimal point, empty or `.` for no figure;
- the web CSV (StatLine "Download -> CSV"): Windows-1252, `;`, the column titles in Dutch as a path
  ("Bevolking/Aantal inwoners (aantal)"), decimal comma, `.` for "geen cijfer", `x` for "geheim",
  sometimes title lines above the header and footer lines below the rows.

Columns become catalog indicators through core/catalog/statline.csv (an allow-list): a key counts without its
suffix number (the number differs per edition), a title when its last parts, letters and digits only, spell
that key. Everything is parsed in bulk (pyarrow, then one DuckDB query); a marker becomes NULL, never 0.
`lees` only reads (the preview); `bewaar` writes a read file into the eigen store (core.store.cijfers does
that under the write lock and rebuilds); `in_opslag` is the build step that copies the imports into the store.
"""
from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from core.catalog import CATALOG_DIR
from core.errors import TellenError
from core.ingest.figures import ALLE_LEEFTIJDEN, GGD_LEEFTIJD


class CijferFout(TellenError):
    """A StatLine file that cannot be imported; the message names the row and column where it can."""


@dataclass(frozen=True)
class Tabel:
    """A StatLine table this app knows (allow-list below)."""
    id: str
    soort: str          # kwb | rivm_50090 (the `tabel` column of core/catalog/statline.csv)
    titel: str
    jaar: int | None    # KWB: the edition year (its figures' year); 50090: from the Perioden column
    indeling: int       # the wijk indeling its codes belong to
    uitgever: str
    licentie: str


_CBS_LICENTIE = "CC BY 4.0"
# The KWB table per edition (statline.cbs.nl): from 2017 the age groups are counts, as this reader expects.
KWB_TABELLEN = {
    2017: "83765NED", 2018: "84286NED", 2019: "84583NED", 2020: "84799NED", 2021: "85039NED",
    2022: "85318NED", 2023: "85618NED", 2024: "85984NED", 2025: "86165NED",
}
TABELLEN: dict[str, Tabel] = {
    tabel_id: Tabel(tabel_id, "kwb", f"Kerncijfers wijken en buurten {jaar}", jaar, jaar, "CBS", _CBS_LICENTIE)
    for jaar, tabel_id in KWB_TABELLEN.items()
}
TABELLEN["50090NED"] = Tabel(
    "50090NED", "rivm_50090", "Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)", None, 2020,
    "RIVM, GGD'en en CBS", "CC BY 4.0 (open data met bronvermelding)")


def ondersteund() -> str:
    """The supported tables, one per line, for an error message or the page."""
    return "\n".join(f"- {t.id}: {t.titel}" for t in sorted(TABELLEN.values(), key=lambda t: (t.soort, t.id)))


@dataclass(frozen=True)
class Koppeling:
    sleutel: str
    indicator: str
    schaal: float
    aandeel_van: str | None


def koppelingen(soort: str) -> list[Koppeling]:
    """The allow-listed columns of one kind of table (core/catalog/statline.csv)."""
    with open(CATALOG_DIR / "statline.csv", encoding="utf-8") as fh:
        return [Koppeling(r["sleutel"], r["indicator"], float(r["schaal"]), r["aandeel_van"] or None)
                for r in csv.DictReader(fh) if r["tabel"] == soort]


@dataclass
class Gelezen:
    """A StatLine file as it will be stored. waarden: regio, indicator, jaar, leeftijdsgroep, waarde, indeling.
    regios: code, naam, niveau, gemeentecode, indeling (naam None when the file has no names)."""
    tabel: Tabel
    vorm: str                 # typed | web | cbs-live
    bestand: str
    waarden: pd.DataFrame
    regios: pd.DataFrame
    kolommen: list[tuple[str, str]]       # (column in the file, indicator)
    opmerkingen: list[str] = field(default_factory=list)

    @property
    def jaren(self) -> list[int]:
        return sorted(int(j) for j in self.waarden["jaar"].unique())

    @property
    def periode(self) -> str:
        return ", ".join(str(j) for j in self.jaren)


# --- text and shape ------------------------------------------------------------------------------

MAX_KOPREGELS = 30  # title lines StatLine may put above the header


def tekst(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) or else Windows-1252, as StatLine writes them."""
    if b"\x00" in data[:4096]:
        raise CijferFout("Het bestand is geen gewone tekst (het lijkt UTF-16 of een ander binair formaat). "
                         "Download het bij StatLine opnieuw als CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise CijferFout(f"Het bestand is geen tekst in UTF-8 of Windows-1252 (byte {e.start}). "
                         "Download het bij StatLine opnieuw als CSV.") from e


def _kop_index(regels: list[str]) -> int:
    for i, regel in enumerate(regels[:MAX_KOPREGELS]):
        if ";" in regel and ("WijkenEnBuurten" in regel or "Wijken en buurten" in regel):
            return i
    raise CijferFout("Dit lijkt geen StatLine-bestand van wijken en buurten: in de eerste regels staat geen "
                     "kolom 'Wijken en buurten' (web-CSV) of 'WijkenEnBuurten' (typed CSV) met ';' ertussen. "
                     "Ondersteunde tabellen:\n" + ondersteund())


def _norm(text: str) -> str:
    """Letters and digits only, lower case: a title 'Gemiddeld inkomen per inwoner' spells its key."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _stam(sleutel: str) -> str:
    """A key without its suffix number and the 'k_' CBS puts before a key that starts with a digit."""
    return _norm(re.sub(r"^k_", "", re.sub(r"_\d+$", "", sleutel.strip())))


def _titel_delen(titel: str) -> list[str]:
    """'Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)' -> the normalised endings of its path."""
    zonder_eenheid = re.sub(r"\s*\([^()]*\)\s*$", "", titel.strip())
    delen = zonder_eenheid.split("/")
    return [_norm("/".join(delen[i:])) for i in range(len(delen) - 1, -1, -1)]


def _kolom_stam(kolom: str, vorm: str, stammen: set[str]) -> str | None:
    """The key stem a column is, or None. Typed: the key; web: the shortest ending of its title path
    that spells a known key (a title may itself hold a '/', as in 'Goed/zeer goed')."""
    if vorm == "typed":
        stam = _stam(kolom)
        return stam if stam in stammen else None
    return next((d for d in _titel_delen(kolom) if d in stammen), None)


# The structural columns (not figures), by key stem or title ending.
STRUCTUUR = {"wijkenenbuurten": "naam_of_code", "codering": "code", "gemeentenaam": "gemeentenaam",
             "soortregio": "soort", "leeftijd": "leeftijd", "perioden": "periode", "marges": "marge",
             "id": "id", "indelingswijzigingwijkenenbuurten": "wijziging"}


def _structuur(kolommen: list[str], vorm: str) -> dict[str, str]:
    """{role: column} for the structural columns present."""
    rollen: dict[str, str] = {}
    for kolom in kolommen:
        delen = [_stam(kolom)] if vorm == "typed" else _titel_delen(kolom)
        rol = next((STRUCTUUR[d] for d in delen if d in STRUCTUUR), None)
        if rol and rol not in rollen:
            rollen[rol] = kolom
    return rollen


# --- which table -----------------------------------------------------------------------------------

_TABEL_ID = re.compile(r"(\d{5}NED)", re.IGNORECASE)
_KWB_TITEL = re.compile(r"kerncijfers[ _]wijken[ _]en[ _]buurten[ _,;]*(20\d\d)", re.IGNORECASE)


def _tabel_kiezen(bestand: str, kopregels: list[str], rollen: dict[str, str], gekozen: str | None) -> Tabel:
    """The table from the choice, the file name (StatLine names downloads after the table), or a title line."""
    gevonden = gekozen
    bronnen = [bestand, *kopregels]
    if gevonden is None:
        gevonden = next((m.group(1).upper() for b in bronnen if (m := _TABEL_ID.search(b))), None)
    if gevonden is None:
        jaar = next((int(m.group(1)) for b in bronnen if (m := _KWB_TITEL.search(b))), None)
        gevonden = KWB_TABELLEN.get(jaar) if jaar else None
    if gevonden is None and {"leeftijd", "marge"} <= set(rollen):
        gevonden = "50090NED"
    if gevonden is None:
        raise CijferFout("Uit het bestand blijkt niet van welke StatLine-tabel het is. Kies de tabel bij het "
                         "importeren, of laat de tabelcode in de bestandsnaam staan (StatLine noemt een download "
                         "zo, bijvoorbeeld 85984NED_TypedDataSet.csv). Ondersteund:\n" + ondersteund())
    tabel = TABELLEN.get(gevonden.upper())
    if tabel is None:
        raise CijferFout(f"Tabel {gevonden} wordt (nog) niet ondersteund. Ondersteund:\n" + ondersteund())
    if tabel.soort == "rivm_50090" and not {"leeftijd", "periode"} <= set(rollen):
        raise CijferFout(f"Het bestand heet {tabel.id} ({tabel.titel}), maar de kolommen 'Leeftijd' en 'Perioden' "
                         "van die tabel ontbreken. Is het de goede tabel?")
    if tabel.soort == "kwb" and "leeftijd" in rollen:
        raise CijferFout(f"Het bestand heet {tabel.id} ({tabel.titel}), maar heeft een kolom 'Leeftijd' zoals de "
                         "Gezondheidsmonitor (50090NED). Is het de goede tabel?")
    return tabel


# --- parsing ---------------------------------------------------------------------------------------

def _tabel_lezen(regels: list[str], kop: int) -> tuple[pa.Table, list[int]]:
    """The rows under the header as strings, with their line number in the file (`__rij`)."""
    namen = next(csv.reader([regels[kop]], delimiter=";"))
    overgeslagen: list[int] = []

    def overslaan(rij) -> str:
        overgeslagen.append(rij.number)
        return "skip"

    data = "\n".join(regels[kop:]).encode("utf-8")
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=";", invalid_row_handler=overslaan),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in namen},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid as e:
        raise CijferFout(f"Het bestand is geen leesbare CSV met ';' tussen de kolommen: {e}") from e
    return table, overgeslagen


def _regels(data: bytes) -> list[str]:
    return tekst(data).splitlines()


def lees(data: bytes, bestand: str, tabel_id: str | None = None) -> Gelezen:
    """Read a StatLine export (typed or web CSV; detected) into the rows it will store. Raises CijferFout."""
    regels = _regels(data)
    kop = _kop_index(regels)
    vorm = "typed" if "WijkenEnBuurten" in regels[kop] else "web"
    table, overgeslagen = _tabel_lezen(regels, kop)
    if table.num_rows == 0:
        raise CijferFout("Het bestand heeft wel een kop, maar geen rijen met cijfers.")
    eerste_rij = kop + 2  # line number of the first data row (1-based)
    laatste = eerste_rij + table.num_rows - 1
    midden = [r for r in overgeslagen if r is not None and kop + r < laatste]
    if midden:
        raise CijferFout(f"Rij {kop + midden[0]} heeft een ander aantal kolommen dan de kop (regel {kop + 1}).")
    rijen = pa.array(range(eerste_rij, eerste_rij + table.num_rows), pa.int64())
    table = table.append_column("__rij", rijen)
    rollen = _structuur(table.column_names, vorm)
    tabel = _tabel_kiezen(bestand, regels[:kop], rollen, tabel_id)
    return _naar_rijen(table, rollen, tabel, vorm, bestand, trailing=len(overgeslagen))


def uit_records(records: list[dict], tabel: Tabel, bestand: str) -> Gelezen:
    """Rows as cbsodata returns them (typed keys, numbers or None, WijkenEnBuurten replaced by its title)."""
    if not records:
        raise CijferFout("CBS gaf geen rijen terug voor deze gemeente en dit jaar.")
    frame = pd.DataFrame.from_records(records)
    frame = frame.astype(object).where(frame.notna(), "").astype(str)
    frame["__rij"] = range(1, len(frame) + 1)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    rollen = _structuur(list(frame.columns), "typed")
    if "naam_of_code" in rollen:  # cbsodata puts the region's title in place of its key
        rollen["naam"] = rollen.pop("naam_of_code")
    return _naar_rijen(table, rollen, tabel, "cbs-live", bestand, trailing=0)


# --- to rows (one DuckDB query) -----------------------------------------------------------------------

GETAL = {"typed": r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$", "web": r"^-?[0-9]+(,[0-9]+)?$",
         "cbs-live": r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"}
# CBS symbols: '.' no figure (unknown, unreliable or secret), 'x' secret: NULL. '-' is 'nihil' (zero) in the
# CBS legend, so it is a real 0. Empty cells (typed CSV, live) are NULL.
GEEN_CIJFER = ("", ".", "x", "X")
NIHIL = "-"


def _pq(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _gekozen_kolommen(kolommen: list[str], vorm: str, soort: str) -> list[tuple[str, Koppeling]]:
    regels = koppelingen(soort)
    per_stam = {_stam(k.sleutel): k for k in regels}
    gekozen: list[tuple[str, Koppeling]] = []
    for kolom in kolommen:
        stam = _kolom_stam(kolom, "web" if vorm == "web" else "typed", set(per_stam))
        if stam is not None and all(k.indicator != per_stam[stam].indicator for _, k in gekozen):
            gekozen.append((kolom, per_stam[stam]))
    return gekozen


def _naar_rijen(table: pa.Table, rollen: dict[str, str], tabel: Tabel, vorm: str, bestand: str,
                trailing: int) -> Gelezen:
    code_kolom = rollen.get("code") or (rollen.get("naam_of_code") if vorm == "typed" else None)
    if not code_kolom:
        raise CijferFout("De kolom 'Codering' (Regioaanduiding) ontbreekt: zonder regiocode kan de app de cijfers "
                         "niet aan wijken koppelen. Kies bij het downloaden op StatLine ook 'Regioaanduiding/"
                         "Codering'.")
    gekozen = _gekozen_kolommen([c for c in table.column_names if c != "__rij"], vorm, tabel.soort)
    if not gekozen:
        raise CijferFout(f"Geen enkele kolom van het bestand is een cijfer dat de app kent uit {tabel.id} "
                         f"({tabel.titel}). Is het de goede tabel?")
    basis = {k.sleutel: kolom for kolom, k in gekozen}
    ontbrekend = [k for _, k in gekozen if k.aandeel_van and k.aandeel_van not in basis]
    if ontbrekend:
        gekozen = [(c, k) for c, k in gekozen if k not in ontbrekend]
    conn = duckdb.connect()
    try:
        conn.register("ruw", table)
        lang = _lang(conn, table, rollen, code_kolom, gekozen, vorm, tabel)
        waarden, regios = _uitkomst(conn, lang, tabel, vorm)
    finally:
        conn.close()
    opmerkingen = _opmerkingen(table, gekozen, ontbrekend, rollen, tabel, vorm, trailing)
    return Gelezen(tabel, vorm, bestand, waarden, regios, [(c, k.indicator) for c, k in gekozen], opmerkingen)


def _lang(conn, table, rollen, code_kolom, gekozen, vorm, tabel) -> str:
    """A temp table `lang` (rij, regio, naam, leeftijd, periode, kolom, ruw) of the chosen columns; names are
    the file's own columns, quoted, chosen through the allow-list."""
    naam = rollen.get("naam") or (rollen.get("naam_of_code") if vorm == "web" else None)
    gem = rollen.get("gemeentenaam")
    sel = [
        "__rij AS rij",
        f"upper(trim({_pq(code_kolom)})) AS regio",
        f"nullif(trim({_pq(naam)}), '') AS naam" if naam else "CAST(NULL AS VARCHAR) AS naam",
        f"nullif(trim({_pq(gem)}), '') AS gemeentenaam" if gem else "CAST(NULL AS VARCHAR) AS gemeentenaam",
        f"trim({_pq(rollen['leeftijd'])}) AS leeftijd" if "leeftijd" in rollen else "CAST(NULL AS VARCHAR) AS leeftijd",
        f"trim({_pq(rollen['periode'])}) AS periode" if "periode" in rollen else "CAST(NULL AS VARCHAR) AS periode",
        f"trim({_pq(rollen['marge'])}) AS marge" if "marge" in rollen else "CAST(NULL AS VARCHAR) AS marge",
    ]
    kolommen = ", ".join(_pq(c) for c, _ in gekozen)
    conn.execute(f"CREATE TEMP TABLE basis AS SELECT {', '.join(sel)}, {kolommen} FROM ruw")
    conn.execute(f"CREATE TEMP TABLE lang AS SELECT rij, regio, naam, gemeentenaam, leeftijd, periode, marge, "
                 f"kolom, trim(ruw) AS ruw FROM basis UNPIVOT INCLUDE NULLS (ruw FOR kolom IN ({kolommen}))")
    koppel = pd.DataFrame([(c, k.indicator, k.schaal, basis_kolom(gekozen, k)) for c, k in gekozen],
                          columns=["kolom", "indicator", "schaal", "basis"])
    conn.register("koppel", koppel)
    _controleer_getallen(conn, vorm)
    return "lang"


def basis_kolom(gekozen, koppeling: Koppeling) -> str | None:
    """The file column a share is computed against (aandeel_van), or None."""
    if not koppeling.aandeel_van:
        return None
    return next(c for c, k in gekozen if k.sleutel == koppeling.aandeel_van)


def _controleer_getallen(conn, vorm: str) -> None:
    fout = conn.execute(
        "SELECT rij, kolom, ruw FROM lang WHERE ruw NOT IN (SELECT unnest(?)) AND ruw <> ? "
        "AND NOT regexp_full_match(ruw, ?) ORDER BY rij LIMIT 1",
        [list(GEEN_CIJFER), NIHIL, GETAL[vorm]]).fetchone()
    if fout:
        rij, kolom, ruw = fout
        komma = "een komma" if vorm == "web" else "een punt"
        raise CijferFout(f"Rij {rij}, kolom '{kolom}': '{ruw}' is geen getal. Een cijfer is een getal (met {komma} "
                         "voor decimalen), een punt (geen cijfer) of een x (geheim).")


_WAARDE = """
CASE WHEN ruw IN (SELECT unnest($leeg)) THEN NULL WHEN ruw = $nihil THEN 0.0
     ELSE CAST(replace(ruw, ',', '.') AS DOUBLE) END
"""


def _uitkomst(conn, lang: str, tabel: Tabel, vorm: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    _controleer_leeftijd_en_periode(conn, tabel)
    params = {"leeg": list(GEEN_CIJFER), "nihil": NIHIL, "jaar": tabel.jaar, "indeling": tabel.indeling,
              "alle": ALLE_LEEFTIJDEN, "codes": list(GGD_LEEFTIJD), "labels": list(GGD_LEEFTIJD.values())}
    conn.execute(f"""
        CREATE TEMP TABLE cijfers AS
        WITH r AS (
            SELECT l.*, {_WAARDE} AS getal, k.indicator, k.schaal, k.basis
            FROM lang l JOIN koppel k ON k.kolom = l.kolom
            WHERE l.marge IS NULL OR l.marge IN ('MW00000', 'Waarde')
        )
        SELECT r.rij, CASE WHEN r.regio = 'NL00' THEN 'NL01' ELSE r.regio END AS regio, r.naam, r.gemeentenaam,
               r.indicator,
               coalesce($jaar, CAST(substr(r.periode, 1, 4) AS INTEGER)) AS jaar,
               CASE WHEN r.leeftijd IS NULL THEN $alle
                    ELSE coalesce($labels[list_position($codes, r.leeftijd)], r.leeftijd) END AS leeftijdsgroep,
               CASE WHEN r.basis IS NULL THEN r.getal * r.schaal
                    ELSE round(r.getal / nullif(b.getal, 0) * 100, 1) END AS waarde,
               $indeling AS indeling
        FROM r LEFT JOIN r b ON b.rij = r.rij AND b.kolom = r.basis
    """, params)
    conn.execute("DELETE FROM cijfers WHERE NOT (regio LIKE 'NL%' OR regio LIKE 'GM%' OR regio LIKE 'WK%')")
    dubbel = conn.execute("""
        SELECT regio, indicator, jaar, leeftijdsgroep, list(rij ORDER BY rij) FROM cijfers
        GROUP BY ALL HAVING count(*) > 1 LIMIT 1""").fetchone()
    if dubbel:
        raise CijferFout(f"De rijen {', '.join(map(str, dubbel[4]))} geven allebei een cijfer voor {dubbel[0]}, "
                         f"{dubbel[3]}, {dubbel[2]}. Elke regio mag per jaar en leeftijdsgroep één keer voorkomen.")
    if conn.execute("SELECT count(*) FROM cijfers").fetchone()[0] == 0:
        raise CijferFout("Het bestand heeft geen cijfers van Nederland, gemeenten of wijken (alleen buurten?). "
                         "De app toont cijfers per wijk: download de wijken erbij.")
    waarden = conn.execute("SELECT regio, indicator, jaar, leeftijdsgroep, waarde, indeling FROM cijfers "
                           "ORDER BY rij, indicator").df()
    regios = conn.execute("""
        SELECT regio AS code, any_value(naam) AS naam,
               CASE WHEN regio LIKE 'NL%' THEN 'land' WHEN regio LIKE 'GM%' THEN 'gemeente' ELSE 'wijk' END
                   AS niveau,
               CASE WHEN regio LIKE 'NL%' THEN NULL ELSE 'GM' || substr(regio, 3, 4) END AS gemeentecode,
               any_value(gemeentenaam) AS gemeentenaam, any_value(indeling) AS indeling
        FROM cijfers GROUP BY regio ORDER BY min(rij)""").df()
    return waarden, regios


def _controleer_leeftijd_en_periode(conn, tabel: Tabel) -> None:
    if tabel.soort != "rivm_50090":
        return
    fout = conn.execute("""
        SELECT rij, leeftijd FROM lang WHERE leeftijd NOT IN (SELECT unnest(?)) ORDER BY rij LIMIT 1
    """, [[*GGD_LEEFTIJD, *GGD_LEEFTIJD.values()]]).fetchone()
    if fout:
        raise CijferFout(f"Rij {fout[0]}, kolom 'Leeftijd': '{fout[1]}' is geen leeftijdsgroep van {tabel.id} "
                         f"({', '.join(GGD_LEEFTIJD.values())}).")
    fout = conn.execute("SELECT rij, periode FROM lang WHERE NOT regexp_full_match(coalesce(periode, ''), "
                        "'(19|20)[0-9]{2}(JJ00)?') ORDER BY rij LIMIT 1").fetchone()
    if fout:
        raise CijferFout(f"Rij {fout[0]}, kolom 'Perioden': '{fout[1]}' is geen jaar (zoals 2020 of 2020JJ00).")


def _opmerkingen(table, gekozen, ontbrekend, rollen, tabel, vorm, trailing) -> list[str]:
    notes = []
    overig = table.num_columns - 1 - len(gekozen) - len(rollen)
    if overig > 0:
        notes.append(f"{overig} kolommen zijn geen cijfer dat de app toont; die worden niet geïmporteerd.")
    for k in ontbrekend:
        notes.append(f"'{k.indicator}' is een aandeel van '{k.aandeel_van}', maar die kolom staat niet in het "
                     "bestand; niet geïmporteerd.")
    if "marge" in rollen:
        notes.append("Alleen de waarden zelf worden geïmporteerd, niet de onder- en bovengrenzen (marges).")
    if trailing:
        notes.append(f"{trailing} regels onder de tabel (zoals een bronvermelding) zijn overgeslagen.")
    notes.append("Rijen van buurten worden niet geïmporteerd: de app toont cijfers per wijk.")
    return notes


# --- the preview ----------------------------------------------------------------------------------------

def _labels() -> dict[str, str]:
    with open(CATALOG_DIR / "indicatoren.csv", encoding="utf-8") as fh:
        return {r["id"]: r["label"] for r in csv.DictReader(fh)}


def voorbeeld_rijen(gelezen: Gelezen, n: int = 10) -> pd.DataFrame:
    """The first `n` figures as they will be stored. Columns: Regio, Naam, Indicator, Jaar, Leeftijdsgroep,
    Waarde (empty: no figure)."""
    namen = dict(zip(gelezen.regios["code"], gelezen.regios["naam"]))
    w = gelezen.waarden.head(n)
    return pd.DataFrame({
        "Regio": w["regio"], "Naam": w["regio"].map(namen).fillna(""), "Indicator": w["indicator"].map(_labels()),
        "Jaar": w["jaar"], "Leeftijdsgroep": w["leeftijdsgroep"], "Waarde": w["waarde"]}).reset_index(drop=True)


def indicator_overzicht(gelezen: Gelezen) -> pd.DataFrame:
    """Per column of the file the indicator it becomes. Columns: Kolom in het bestand, Indicator, Cijfers."""
    labels = _labels()
    aantallen = gelezen.waarden.dropna(subset=["waarde"]).groupby("indicator").size()
    return pd.DataFrame([(kolom, labels.get(ind, ind), int(aantallen.get(ind, 0))) for kolom, ind in gelezen.kolommen],
                        columns=["Kolom in het bestand", "Indicator", "Cijfers"])


def vervangt(conn, gelezen: Gelezen) -> int:
    """How many figures already in the figures store (shipped or imported) the import would replace."""
    conn.register("nieuw_df", gelezen.waarden[["regio", "indicator", "jaar", "leeftijdsgroep"]])
    try:
        return conn.execute("""
            SELECT count(*) FROM waarden w JOIN nieuw_df n ON n.regio = w.regio AND n.indicator = w.indicator
              AND n.jaar = w.jaar AND n.leeftijdsgroep = w.leeftijdsgroep
        """).fetchone()[0]
    finally:
        conn.unregister("nieuw_df")


# --- storing (eigen store, then a rebuild of the figures store, under the write lock) -----------------

def bewaar(conn, gelezen: Gelezen, op: datetime | None = None) -> str:
    """Write one read file into an open eigen store copy (core.store.eigen.kopie); returns the import id."""
    import_id = uuid.uuid4().hex[:8]
    t = gelezen.tabel
    soort = "cbs-live" if gelezen.vorm == "cbs-live" else "bestand"
    conn.execute("INSERT INTO cijfer_imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [import_id, gelezen.bestand, t.soort, t.id, t.titel, gelezen.periode, t.uitgever, t.licentie,
                  soort, gelezen.vorm, int(gelezen.waarden["waarde"].notna().sum()), op or datetime.now()])
    conn.register("w_df", gelezen.waarden)
    conn.execute("INSERT INTO cijfer_waarden SELECT ?, regio, indicator, jaar, leeftijdsgroep, waarde, indeling "
                 "FROM w_df", [import_id])
    conn.unregister("w_df")
    conn.register("r_df", gelezen.regios)
    conn.execute("INSERT INTO cijfer_regios SELECT ?, code, naam, niveau, gemeentecode, gemeentenaam, indeling "
                 "FROM r_df", [import_id])
    conn.unregister("r_df")
    return import_id



# --- the build step: imported figures into the figures store ------------------------------------------

def in_opslag(conn, eigen_path: Path | None) -> None:
    """Build step: every import's figures into `waarden` (an imported figure replaces a shipped one with the
    same regio, indicator, jaar and leeftijdsgroep: the gemeente chose it; of two imports the newest wins),
    its regions into `regios` where the store lacks them (with the import's names), a `bronnen` row per import.
    The eigen store is attached read-only for the step (core.store.eigen writes it only as a whole new file)."""
    if eigen_path is None or not Path(eigen_path).exists():
        return
    pad = str(eigen_path).replace("'", "''")  # ATTACH takes no bound parameter; the path is a setting, quoted
    conn.execute(f"ATTACH '{pad}' AS eigen_bron (READ_ONLY)")
    try:
        tabellen = {r[0] for r in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'eigen_bron'").fetchall()}
        if "cijfer_imports" not in tabellen:  # an eigen store with goal trees only, from before figure imports
            return
        for naam, tabel in (("ci", "cijfer_imports"), ("cw", "cijfer_waarden"), ("cr", "cijfer_regios")):
            conn.execute(f"CREATE TEMP VIEW {naam} AS SELECT * FROM eigen_bron.{tabel}")  # names: fixed tuple
        _eigen_bronnen(conn)
        _eigen_waarden(conn)
        _eigen_regios(conn)
        for naam in ("ci", "cw", "cr"):
            conn.execute(f"DROP VIEW {naam}")
    finally:
        conn.execute("DETACH eigen_bron")


def _eigen_bronnen(conn) -> None:
    conn.execute("""
        INSERT INTO bronnen
        SELECT 'eigen_' || id, uitgever, titel || ' (eigen import, ' || strftime(op, '%d-%m-%Y') || ')', tabel_id, periode,
               licentie,
               CASE soort WHEN 'cbs-live' THEN 'Opgehaald bij CBS (StatLine, via cbsodata) op '
                          ELSE 'Geïmporteerd door de gemeente op ' END || strftime(op, '%d-%m-%Y %H:%M'),
               bestand,
               'Eigen import (' || CASE vorm WHEN 'web' THEN 'StatLine web-CSV' WHEN 'typed' THEN 'StatLine typed CSV'
                                        ELSE 'CBS open data, live' END
               || '). CBS-tekens (. en x) en lege cellen worden NULL (nooit 0). Regiocodes ingekort. '
               || 'Aantallen 0-15 en 65+ omgerekend naar aandeel van de inwoners. Dit cijfer vervangt een '
               || 'meegeleverd cijfer voor dezelfde regio, hetzelfde jaar en dezelfde leeftijdsgroep.',
               CASE bron WHEN 'rivm_50090' THEN 'Alle wijk- en buurtcijfers zijn modelschattingen (RIVM SMAP-model), '
                                                || 'geen directe enquêtecijfers.' END
        FROM ci
    """)


def _eigen_waarden(conn) -> None:
    conn.execute("""
        CREATE TEMP TABLE eigen_w AS
        SELECT w.regio, w.indicator, w.jaar, w.leeftijdsgroep, w.waarde, w.indeling, 'eigen_' || w.import_id AS bron
        FROM cw w JOIN ci i ON i.id = w.import_id
        WHERE w.indicator IN (SELECT id FROM indicatoren)
        QUALIFY row_number() OVER (PARTITION BY w.regio, w.indicator, w.jaar, w.leeftijdsgroep
                                   ORDER BY i.op DESC, i.id) = 1
    """)
    conn.execute("""
        DELETE FROM waarden USING eigen_w e
        WHERE waarden.regio = e.regio AND waarden.indicator = e.indicator AND waarden.jaar = e.jaar
          AND waarden.leeftijdsgroep = e.leeftijdsgroep
    """)
    conn.execute("INSERT INTO waarden SELECT regio, indicator, jaar, leeftijdsgroep, waarde, NULL, NULL, indeling, bron "
                 "FROM eigen_w")
    conn.execute("DROP TABLE eigen_w")


def _eigen_regios(conn) -> None:
    """Regions of an import the store lacks (code and indeling), named as the import names them; a typed CSV
    has no names: then the name of the code in another indeling, or 'Wijk 04 (Vijfheerenlanden)'."""
    conn.execute("""
        INSERT INTO regios (code, naam, niveau, ouder, gemeentecode, indeling)
        SELECT r.code,
               coalesce(r.naam,
                        (SELECT s.naam FROM regios s WHERE s.code = r.code ORDER BY s.indeling DESC LIMIT 1),
                        CASE r.niveau WHEN 'land' THEN 'Nederland' WHEN 'gemeente' THEN r.gemeentenaam
                             ELSE 'Wijk ' || right(r.code, 2) || ' (' || coalesce(r.gemeentenaam, r.gemeentecode) || ')'
                        END, r.code),
               r.niveau,
               CASE r.niveau WHEN 'land' THEN NULL WHEN 'gemeente' THEN 'NL01' ELSE r.gemeentecode END,
               r.gemeentecode, r.indeling
        FROM cr r JOIN ci i ON i.id = r.import_id
        WHERE NOT EXISTS (SELECT 1 FROM regios s WHERE s.code = r.code AND s.indeling = r.indeling)
        QUALIFY row_number() OVER (PARTITION BY r.code, r.indeling ORDER BY (r.naam IS NULL), i.op DESC) = 1
    """)
