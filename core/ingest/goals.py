"""Goal trees (maatschappelijk resultaat -> opgave -> doel -> indicator): the JSON format, its checks, and
the build step that copies every tree into the figures store.

A tree is a dict in the format of data/doelen/doelenboom_leiderdorp.json:
    {"gemeentecode": "GM0547", "bron": "...", "toelichting": "..." (optional), "streefjaar": 2024 (optional),
     "fictief": true (optional, default false: streefwaarden are examples, not decisions),
     "resultaten": [{"id", "titel", "opgaven": [{"id", "titel", "doelen": [{"id", "titel", "indicatoren": [
        {"indicator", "leeftijdsgroep", "regio" (optional: the gemeente), "nulmeting_jaar", "nulmeting",
         "streefwaarde" or "streefwaarde_verschil", "streefjaar"} (all but indicator and leeftijdsgroep optional)
     ]}]}]}]}
`vorm` turns parsed JSON into this canonical dict (or lists every problem and where it is), `controleer`
checks it against the figures store (catalog indicators, age groups, regions of that gemeente).

At build (`ingest_goal_trees`) a tree gets its figures: a link without a nulmeting takes the earliest real
value in the store; a streefwaarde_verschil is added to the nulmeting. The gemeente's own tree in the eigen
store (core.samen.doelbomen) replaces the shipped one; its node ids get the gemeentecode in front in the
figures store, so two gemeenten may both number their resultaten R1, R2, ...
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb

from core.errors import BuildError, ImportFout

NIVEAUS = ("resultaat", "opgave", "doel")
KINDEREN = {"resultaat": "opgaven", "opgave": "doelen"}
NIVEAU_NAAM = {"resultaat": "Resultaat", "opgave": "Opgave", "doel": "Doel"}
JAREN = (1990, 2100)
KOPPELING_VELDEN = ("indicator", "leeftijdsgroep", "regio", "nulmeting_jaar", "nulmeting", "streefwaarde",
                    "streefwaarde_verschil", "streefjaar")
ALLE_LEEFTIJDEN = "alle leeftijden"


class DoelboomFout(ImportFout):
    """A goal tree failed its checks; `problemen` names each problem and where (which doel, which field)."""


# --- reading and shaping -----------------------------------------------------------------------


def lees(tekst: str | bytes, gemeente: str | None = None, naam: str = "het bestand") -> dict:
    """Parse a goal tree file (JSON, UTF-8) into the canonical dict; `gemeente` (when given) is the gemeente
    it is for, above the file's own gemeentecode. Raises DoelboomFout."""
    if isinstance(tekst, bytes):
        try:
            tekst = tekst.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise DoelboomFout(f"{naam} is geen UTF-8-tekst. Sla het op als UTF-8 en probeer het opnieuw.") from e
    try:
        data = json.loads(tekst.lstrip("\ufeff"))
    except json.JSONDecodeError as e:
        raise DoelboomFout(f"{naam} is geen geldige JSON: regel {e.lineno}, kolom {e.colno}: {e.msg}.") from e
    if isinstance(data, dict) and gemeente:
        data = {**data, "gemeentecode": gemeente}
    return vorm(data)


def naar_json(tree: dict) -> str:
    """The tree as a JSON file: `lees` reads it back to the same tree."""
    return json.dumps(tree, ensure_ascii=False, indent=2) + "\n"


def vorm(data) -> dict:
    """The canonical tree of parsed JSON: every field checked for its type, ids unique, optional fields
    left out when empty. Raises DoelboomFout with every problem."""
    problemen: list[str] = []
    if not isinstance(data, dict):
        raise DoelboomFout("De doelenboom moet een JSON-object zijn met 'gemeentecode', 'bron' en 'resultaten'.")
    tree = {"gemeentecode": _tekst(data, "gemeentecode", "De doelenboom", problemen),
            "bron": _tekst(data, "bron", "De doelenboom", problemen)}
    if _leeg(data.get("toelichting")) is not None:
        tree["toelichting"] = _tekst(data, "toelichting", "De doelenboom", problemen)
    streefjaar = _jaar(data.get("streefjaar"), "De doelenboom", "streefjaar", problemen)
    if streefjaar is not None:
        tree["streefjaar"] = streefjaar
    fictief = data.get("fictief", False)
    if not isinstance(fictief, bool):
        problemen.append("De doelenboom, veld 'fictief': dat moet true of false zijn.")
    tree["fictief"] = fictief is True
    tree["resultaten"] = _knopen(data.get("resultaten"), "resultaat", "De doelenboom", problemen, set())
    if streefjaar is None:
        problemen += _zonder_streefjaar(tree)
    for *_, links in knopen(tree):
        for link in links:
            if link.get("regio") == tree["gemeentecode"]:
                del link["regio"]  # the default: one canonical form, with or without it
    if not tree["resultaten"] and not problemen:
        problemen.append("De doelenboom heeft geen enkel maatschappelijk resultaat.")
    _fout(problemen)
    return tree


def _zonder_streefjaar(tree: dict) -> list[str]:
    """A streefwaarde needs a year: the link's own or the tree's."""
    return [f"Doel {node_id}, indicator {i}: geef een streefjaar bij de streefwaarde (bij de indicator of "
            "bovenaan voor de hele doelenboom)."
            for node_id, _, _, _, links in knopen(tree) for i, link in enumerate(links, start=1)
            if ("streefwaarde" in link or "streefwaarde_verschil" in link) and "streefjaar" not in link]


def _fout(problemen: list[str]) -> None:
    if problemen:
        woord = "probleem" if len(problemen) == 1 else "problemen"
        raise DoelboomFout(f"De doelenboom is niet opgeslagen: {len(problemen)} {woord}.", problemen)


def _leeg(waarde):
    """None for a missing or empty value (None, '', only spaces, NaN)."""
    if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
        return None
    if isinstance(waarde, float) and math.isnan(waarde):
        return None
    return waarde


def _tekst(data: dict, veld: str, waar: str, problemen: list[str]) -> str:
    waarde = _leeg(data.get(veld))
    if waarde is None:
        problemen.append(f"{waar}: het veld '{veld}' ontbreekt of is leeg.")
        return ""
    if not isinstance(waarde, str):
        problemen.append(f"{waar}, veld '{veld}': dat moet tekst zijn.")
        return str(waarde)
    return waarde.strip()


def _getal(waarde, waar: str, veld: str, problemen: list[str]) -> float | None:
    waarde = _leeg(waarde)
    if waarde is None:
        return None
    if isinstance(waarde, bool) or not isinstance(waarde, (int, float)) or not math.isfinite(waarde):
        problemen.append(f"{waar}, veld '{veld}': '{waarde}' is geen getal.")
        return None
    return int(waarde) if float(waarde).is_integer() else float(waarde)  # 3.0 and 3: one canonical form


def _jaar(waarde, waar: str, veld: str, problemen: list[str]) -> int | None:
    waarde = _leeg(waarde)
    if waarde is None:
        return None
    ok = not isinstance(waarde, bool) and isinstance(waarde, (int, float)) and float(waarde).is_integer()
    if not ok or not JAREN[0] <= int(waarde) <= JAREN[1]:
        problemen.append(f"{waar}, veld '{veld}': '{waarde}' is geen jaartal tussen {JAREN[0]} en {JAREN[1]}.")
        return None
    return int(waarde)


def _knopen(lijst, niveau: str, waar: str, problemen: list[str], ids: set) -> list[dict]:
    """The nodes of one level (and below), each with id and titel; ids unique in the whole tree."""
    veld = {"resultaat": "resultaten", "opgave": "opgaven", "doel": "doelen"}[niveau]
    if lijst is None:
        lijst = []
    if not isinstance(lijst, list):
        problemen.append(f"{waar}: '{veld}' moet een lijst zijn.")
        return []
    knopen = []
    for i, item in enumerate(lijst, start=1):
        if not isinstance(item, dict):
            problemen.append(f"{waar}: {NIVEAU_NAAM[niveau].lower()} {i} is geen JSON-object.")
            continue
        knopen.append(_knoop(item, niveau, i, waar, problemen, ids))
    return knopen


def _knoop(item: dict, niveau: str, i: int, waar: str, problemen: list[str], ids: set) -> dict:
    node_id = _leeg(item.get("id"))
    node_id = str(node_id).strip() if node_id is not None else None
    hier = f"{NIVEAU_NAAM[niveau]} {node_id}" if node_id else f"{waar}, {NIVEAU_NAAM[niveau].lower()} {i}"
    if node_id is None:
        problemen.append(f"{hier}: het veld 'id' (nummer) ontbreekt of is leeg.")
    elif node_id in ids:
        problemen.append(f"{hier}: dit nummer komt vaker voor in de doelenboom; elk nummer mag één keer.")
    ids.add(node_id)
    knoop = {"id": node_id or "", "titel": _tekst(item, "titel", hier, problemen)}
    if niveau in KINDEREN:
        knoop[KINDEREN[niveau]] = _knopen(item.get(KINDEREN[niveau]), NIVEAUS[NIVEAUS.index(niveau) + 1], hier,
                                          problemen, ids)
    else:
        knoop["indicatoren"] = _koppelingen(item.get("indicatoren"), hier, problemen)
    return knoop


def _koppelingen(lijst, waar: str, problemen: list[str]) -> list[dict]:
    if lijst is None:
        return []
    if not isinstance(lijst, list):
        problemen.append(f"{waar}: 'indicatoren' moet een lijst zijn.")
        return []
    uit, gezien = [], set()
    for i, item in enumerate(lijst, start=1):
        hier = f"{waar}, indicator {i}"
        if not isinstance(item, dict):
            problemen.append(f"{hier}: dat is geen JSON-object.")
            continue
        link = _koppeling(item, hier, problemen)
        sleutel = (link["indicator"], link.get("regio"), link["leeftijdsgroep"])
        if sleutel in gezien:
            problemen.append(f"{hier}: deze indicator staat al bij dit doel (zelfde gebied en leeftijdsgroep).")
        gezien.add(sleutel)
        uit.append(link)
    return uit


def _koppeling(item: dict, hier: str, problemen: list[str]) -> dict:
    onbekend = sorted(set(item) - set(KOPPELING_VELDEN))
    if onbekend:
        problemen.append(f"{hier}: onbekend veld {', '.join(repr(v) for v in onbekend)}; "
                         f"bekende velden: {', '.join(KOPPELING_VELDEN)}.")
    link = {"indicator": _tekst(item, "indicator", hier, problemen),
            "leeftijdsgroep": _leeg(item.get("leeftijdsgroep")) or ALLE_LEEFTIJDEN}
    if _leeg(item.get("regio")) is not None:
        link["regio"] = _tekst(item, "regio", hier, problemen)
    for veld in ("nulmeting_jaar", "nulmeting", "streefwaarde", "streefwaarde_verschil", "streefjaar"):
        lees_veld = _jaar if veld.endswith("jaar") else _getal
        waarde = lees_veld(item.get(veld), hier, veld, problemen)
        if waarde is not None:
            link[veld] = waarde
    if ("nulmeting_jaar" in link) != ("nulmeting" in link):
        problemen.append(f"{hier}: geef bij de nulmeting zowel het jaar als de waarde, of geen van beide.")
    if "streefwaarde" in link and "streefwaarde_verschil" in link:
        problemen.append(f"{hier}: geef een streefwaarde óf een verschil met de nulmeting, niet allebei.")
    if link.get("nulmeting_jaar") and link.get("streefjaar") and link["streefjaar"] < link["nulmeting_jaar"]:
        problemen.append(f"{hier}: het streefjaar {link['streefjaar']} ligt voor het jaar van de nulmeting "
                         f"{link['nulmeting_jaar']}.")
    return link


def knopen(tree: dict):
    """Yield (id, niveau, ouder, titel, indicator links) for every node, in file order."""
    for resultaat in tree["resultaten"]:
        yield resultaat["id"], "resultaat", None, resultaat["titel"], []
        for opgave in resultaat["opgaven"]:
            yield opgave["id"], "opgave", resultaat["id"], opgave["titel"], []
            for doel in opgave["doelen"]:
                yield doel["id"], "doel", opgave["id"], doel["titel"], doel.get("indicatoren", [])


# --- checks against the figures store ----------------------------------------------------------


def controleer(conn, tree: dict) -> None:
    """Check a canonical tree against the figures store: the gemeente exists, every indicator is in the
    catalog with that age group, every regio is the gemeente or one of its wijken. Raises DoelboomFout."""
    gemeente = tree["gemeentecode"]
    problemen: list[str] = []
    if not conn.execute("SELECT 1 FROM regios WHERE code = ? AND niveau = 'gemeente'", [gemeente]).fetchone():
        problemen.append(f"De doelenboom, veld 'gemeentecode': '{gemeente}' is geen gemeente in de app "
                         "(een code als GM0547).")
    catalogus, groepen = _catalogus(conn, tree)
    regios = {gemeente} | {r[0] for r in conn.execute(
        "SELECT DISTINCT code FROM regios WHERE niveau = 'wijk' AND gemeentecode = ?", [gemeente]).fetchall()}
    for node_id, niveau, _, titel, links in knopen(tree):
        for i, link in enumerate(links, start=1):
            problemen += _link_problemen(link, f"Doel {node_id}, indicator {i}", catalogus, groepen, regios)
    _fout(problemen)


def _catalogus(conn, tree: dict) -> tuple[set, dict]:
    """The catalog's indicator ids, and the age groups each indicator of this tree has figures for."""
    catalogus = {r[0] for r in conn.execute("SELECT id FROM indicatoren").fetchall()}
    gebruikt = sorted({link["indicator"] for *_, links in knopen(tree) for link in links} & catalogus)
    groepen: dict[str, set] = {}
    if gebruikt:
        for indicator, groep in conn.execute("SELECT DISTINCT indicator, leeftijdsgroep FROM waarden "
                                             "WHERE indicator IN (SELECT unnest(?))", [gebruikt]).fetchall():
            groepen.setdefault(indicator, set()).add(groep)
    return catalogus, groepen


def _link_problemen(link: dict, hier: str, catalogus: set, groepen: dict, regios: set) -> list[str]:
    indicator = link["indicator"]
    if indicator not in catalogus:
        return [f"{hier}: '{indicator}' is geen indicator uit de catalogus (zie de pagina Bronnen)."]
    uit = []
    bekend = groepen.get(indicator, set())
    if bekend and link["leeftijdsgroep"] not in bekend:
        uit.append(f"{hier}, veld 'leeftijdsgroep': '{link['leeftijdsgroep']}' bestaat niet voor {indicator}; "
                   f"kies uit: {', '.join(sorted(bekend))}.")
    if link.get("regio") is not None and link["regio"] not in regios:
        uit.append(f"{hier}, veld 'regio': '{link['regio']}' is niet de gemeente of een van haar wijken.")
    return uit


# --- the build step ----------------------------------------------------------------------------


def rijen(conn, tree: dict, voorvoegsel: str = "") -> tuple[list[tuple], list[tuple]]:
    """The rows of the figures store's `doelen` and `doel_indicatoren` for one tree (ids with
    `voorvoegsel` in front), with nulmeting and streefwaarde filled in from the store's figures."""
    gemeente = tree["gemeentecode"]
    doelen, links = [], []
    for volgorde, (node_id, niveau, ouder, titel, koppelingen) in enumerate(knopen(tree)):
        doelen.append((voorvoegsel + node_id, niveau, voorvoegsel + ouder if ouder else None, titel, gemeente,
                       tree["bron"], volgorde))
        for link in koppelingen:
            links.append(_link_rij(conn, voorvoegsel + node_id, link, tree))
    return doelen, links


def _link_rij(conn, doel: str, link: dict, tree: dict) -> tuple:
    regio = link.get("regio") or tree["gemeentecode"]
    jaar, waarde = link.get("nulmeting_jaar"), link.get("nulmeting")
    if jaar is None:
        jaar, waarde = _nulmeting(conn, link["indicator"], regio, link["leeftijdsgroep"]) or (None, None)
    streef = link.get("streefwaarde")
    if streef is None and waarde is not None and link.get("streefwaarde_verschil") is not None:
        streef = round(waarde + link["streefwaarde_verschil"], 2)
    return (doel, link["indicator"], regio, link["leeftijdsgroep"], jaar, waarde, streef,
            link.get("streefjaar", tree.get("streefjaar")), tree["fictief"])


def _nulmeting(conn, indicator: str, regio: str, leeftijdsgroep: str):
    return conn.execute("""
        SELECT jaar, waarde FROM waarden
        WHERE indicator = ? AND regio = ? AND leeftijdsgroep = ? AND waarde IS NOT NULL
        ORDER BY jaar LIMIT 1
    """, [indicator, regio, leeftijdsgroep]).fetchone()


def lees_bestand(path: Path) -> dict:
    """The shipped tree file, canonical; a BuildError names the file when it cannot be read."""
    try:
        return lees(Path(path).read_bytes(), naam=f"De doelenboom {path}")
    except OSError as e:
        raise BuildError(f"De doelenboom {path} kan niet worden gelezen ({e}).") from e
    except DoelboomFout as e:
        raise BuildError(f"De doelenboom {path} kan niet worden gelezen: {e}") from e


def _schrijf(conn, doelen: list[tuple], links: list[tuple]) -> None:
    if doelen:
        conn.executemany("INSERT INTO doelen VALUES (?, ?, ?, ?, ?, ?, ?)", doelen)
    if links:
        conn.executemany("INSERT INTO doel_indicatoren VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", links)


def ingest_goal_tree(conn, path: Path) -> None:
    """The shipped tree file into the figures store; an unknown indicator stops the build."""
    tree = lees_bestand(path)
    try:
        controleer(conn, tree)
    except DoelboomFout as e:
        raise BuildError(f"Doelenboom {path}: {e}") from e
    _schrijf(conn, *rijen(conn, tree))


def ingest_goal_trees(conn, shipped: Path, eigen_path: Path | None) -> None:
    """Every gemeente's own tree (from the eigen store), and the shipped tree when its gemeente has none.

    An own tree was checked when it was saved; a link whose indicator has left the catalog since is
    skipped here (the eigen store keeps it), so one outdated link never stops the build."""
    eigen_bomen = _lees_eigen(eigen_path)
    eigen_gemeenten = {tree["gemeentecode"] for tree in eigen_bomen}
    if Path(shipped).exists() and lees_bestand(shipped)["gemeentecode"] not in eigen_gemeenten:
        ingest_goal_tree(conn, shipped)
    catalogus = {r[0] for r in conn.execute("SELECT id FROM indicatoren").fetchall()}
    for tree in eigen_bomen:
        doelen, links = rijen(conn, tree, f"{tree['gemeentecode']}:")
        _schrijf(conn, doelen, [rij for rij in links if rij[1] in catalogus])


# --- the eigen store's tables ------------------------------------------------------------------


def _lees_eigen(eigen_path: Path | None) -> list[dict]:
    """Every own tree in the eigen store file (read-only; core.store.eigen writes it); none without one."""
    if eigen_path is None or not Path(eigen_path).exists():
        return []
    with duckdb.connect(str(eigen_path), read_only=True) as econn:
        if not econn.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'eigen_doelbomen'").fetchone():
            return []  # a file from before goal trees were kept there
        return uit_eigen(econn)



def uit_eigen(econn, gemeente: str | None = None) -> list[dict]:
    """The canonical trees saved in the eigen store (all, or that gemeente's), by gemeentecode."""
    koppen = econn.execute("""
        SELECT gemeentecode, bron, toelichting, streefjaar, fictief FROM eigen_doelbomen
        WHERE gemeentecode = coalesce(?, gemeentecode) ORDER BY gemeentecode""", [gemeente]).fetchall()
    return [_boom(econn, *kop) for kop in koppen]


def _boom(econn, gemeente, bron, toelichting, streefjaar, fictief) -> dict:
    tree = {"gemeentecode": gemeente, "bron": bron}
    if toelichting is not None:
        tree["toelichting"] = toelichting
    if streefjaar is not None:
        tree["streefjaar"] = streefjaar
    tree["fictief"] = bool(fictief)
    links: dict[str, list[dict]] = {}
    for rij in econn.execute(f"""
            SELECT doel, {', '.join(KOPPELING_VELDEN)} FROM eigen_doel_indicatoren
            WHERE gemeentecode = ? ORDER BY volgorde""", [gemeente]).fetchall():
        link = {veld: waarde for veld, waarde in zip(KOPPELING_VELDEN, rij[1:]) if waarde is not None}
        if link.get("regio") == gemeente:
            del link["regio"]
        links.setdefault(rij[0], []).append(_getallen(link))
    nodes = econn.execute("SELECT id, niveau, ouder, titel FROM eigen_doelen WHERE gemeentecode = ? "
                          "ORDER BY volgorde", [gemeente]).fetchall()
    tree["resultaten"] = _kinderen(nodes, None, "resultaat", links)
    return tree


def _getallen(link: dict) -> dict:
    """Figures as in the canonical tree: 3.0 as 3."""
    return {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in link.items()}


def _kinderen(nodes: list[tuple], ouder: str | None, niveau: str, links: dict) -> list[dict]:
    uit = []
    for node_id, node_niveau, node_ouder, titel in nodes:
        if node_niveau != niveau or node_ouder != ouder:
            continue
        knoop = {"id": node_id, "titel": titel}
        if niveau in KINDEREN:
            knoop[KINDEREN[niveau]] = _kinderen(nodes, node_id, NIVEAUS[NIVEAUS.index(niveau) + 1], links)
        else:
            knoop["indicatoren"] = links.get(node_id, [])
        uit.append(knoop)
    return uit


def naar_eigen(econn, tree: dict, opgeslagen) -> None:
    """Replace the gemeente's tree in the eigen store by this canonical one (inside the caller's transaction)."""
    gemeente = tree["gemeentecode"]
    wis_eigen(econn, gemeente)
    econn.execute("INSERT INTO eigen_doelbomen VALUES (?, ?, ?, ?, ?, ?)",
                  [gemeente, tree["bron"], tree.get("toelichting"), tree.get("streefjaar"), tree["fictief"],
                   opgeslagen])
    volgorde = 0
    for node_volgorde, (node_id, niveau, ouder, titel, links) in enumerate(knopen(tree)):
        econn.execute("INSERT INTO eigen_doelen VALUES (?, ?, ?, ?, ?, ?)",
                      [gemeente, node_id, niveau, ouder, titel, node_volgorde])
        for link in links:
            econn.execute("INSERT INTO eigen_doel_indicatoren VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [gemeente, node_id, volgorde, link["indicator"], link.get("regio") or gemeente,
                           link["leeftijdsgroep"], *(link.get(v) for v in KOPPELING_VELDEN[3:])])
            volgorde += 1


def wis_eigen(econn, gemeente: str) -> None:
    for tabel in ("eigen_doelbomen", "eigen_doelen", "eigen_doel_indicatoren"):
        econn.execute(f"DELETE FROM {tabel} WHERE gemeentecode = ?", [gemeente])  # names from this tuple
