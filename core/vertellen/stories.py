"""Story queries: counts, excerpts, filters, the story list, one story's detail, answers to a question.

Every query adds the consent clause of its mode (core.vertellen.consent), never a page.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

import pandas as pd
import pyarrow as pa

from core import formatting
from core.errors import TellenError
from core.store.db import BRONNEN
from core.vertellen import kaders, search, triade
from core.vertellen.consent import Zichtbaarheid, consent_clause, leesbaar_in


def counts_per_wijk(conn, gemeentecode: str, mode: Zichtbaarheid) -> pd.DataFrame:
    """Columns: wijk, verhalen (readable in this mode), fictief (how many of those are fictional).
    Exact counts: to show them, pass them through core.vertellen.groepen.wijk_aantallen (the k rule)."""
    sql = ("SELECT v.wijk, count(*) AS verhalen, count(*) FILTER (WHERE v.fictief) AS fictief "
           "FROM verhalen v WHERE v.gemeentecode = ? AND " + consent_clause(mode) + " GROUP BY v.wijk")
    return conn.execute(sql, [gemeentecode]).df()


def fictief_zin(conn, mode: Zichtbaarheid, gemeente: str | None = None, wijk: str | None = None) -> str:
    """What a page says about made-up stories, from each story's own flag (verhalen.fictief): '' when none of
    the readable stories (of a gemeente or wijk) is fictional."""
    waar, params = leesbaar_in(mode, gemeente, wijk)
    totaal, fictief = conn.execute("SELECT count(*), count(*) FILTER (WHERE v.fictief) FROM verhalen v WHERE " + waar,
                                   params).fetchone()
    if not fictief:
        return ""
    if fictief == totaal:
        return "De verhalen zijn fictieve voorbeelden."
    return "Een deel van de verhalen is een fictief voorbeeld: dat staat bij het verhaal."


def herkomst_tekst(conn, mode: Zichtbaarheid) -> str:
    """The Bronnen page's paragraph on where the stories come from: fictional examples only as far as the
    stories' own flags (verhalen.fictief, set by each import) say so."""
    totaal, fictief, demo = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE v.fictief), count(*) FILTER (WHERE v.fictief AND v.import_id IN "
        "(SELECT id FROM imports WHERE bestand = 'verhalen_demo.csv')) FROM verhalen v WHERE "
        + consent_clause(mode)).fetchone()
    if not totaal:
        return "Er staan nog geen verhalen in de app. Een medewerker kan ze inlezen op de pagina Eigen gegevens."
    herkomst = (" De voorbeelden staan in data/verhalen/verhalen_demo.csv en worden net zo ingelezen als een echte "
                "verzameling.") if demo else ""
    if fictief == totaal:
        return "De verhalen in deze app zijn fictieve voorbeelden, geschreven voor de demo." + herkomst
    if fictief:
        return ("Een deel van de verhalen in deze app is een fictief voorbeeld, geschreven voor de demo; bij zo'n "
                "verhaal staat 'fictief voorbeeld'. De andere verhalen zijn echte verhalen van inwoners, ingelezen "
                "door de gemeente." + herkomst)
    return "De verhalen in deze app zijn echte verhalen van inwoners, ingelezen door de gemeente."


def excerpts(conn, wijk: str, mode: Zichtbaarheid, limit: int = 3) -> pd.DataFrame:
    """Newest readable stories of a wijk. Columns: id, titel, tekst, jaar, fictief, onderwerp."""
    sql = ("SELECT v.id, v.titel, v.tekst, v.jaar, v.fictief, v.onderwerp FROM verhalen v "
           "WHERE v.wijk = ? AND " + consent_clause(mode) + " ORDER BY v.jaar DESC, v.id LIMIT ?")
    return conn.execute(sql, [wijk, limit]).df()


def readable_ids(conn, mode: Zichtbaarheid) -> set[str]:
    """Every story id this mode may show (used by tests and exports)."""
    sql = "SELECT v.id FROM verhalen v WHERE " + consent_clause(mode)
    return {r[0] for r in conn.execute(sql).fetchall()}


# --- Filters for the Vertellen pages -------------------------------------------------------------
#
# A VerhaalFilter says which stories a reader asks for; empty fields do not filter. Every query
# below adds the consent clause of its mode, so a filter can narrow what a mode may read, never
# widen it. Signifier ids come from the reader, so they are checked against the `signifiers`
# table (an allow-list) and only ever bound as values.

class FilterFout(TellenError):
    """A filter asks for something the store does not have (unknown question, bad range)."""


# Filter fields that match one story column against a list of values: field -> column (allow-list).
_LIST_COLUMNS = {
    "wijken": "v.wijk",
    "leeftijdsgroepen": "v.leeftijdsgroep",
    "rollen": "v.rol",
    "projecten": "v.project",
    "onderwerpen": "v.onderwerp",
    "verhalen": "v.id",
}

STORY_COLUMNS = ("id", "titel", "tekst", "wijk", "wijknaam", "gemeentecode", "jaar", "leeftijdsgroep",
                 "rol", "project", "onderwerp", "fictief", "duiding")
PER_PAGINA = 10         # stories on one page of the Verhalen list
DUIDING_MAX = 4          # answers in the short `duiding` summary; story_detail has them all
DUIDING_SCHEIDING = " · "
NVT = "n.v.t."


def _as_tuple(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _check_range(naam: str, lo: float, hi: float, lowest: float, highest: float) -> tuple[float, float]:
    if lo > hi:
        raise FilterFout(f"Bij '{naam}' is het begin groter dan het eind. Draai de twee waarden om.")
    if lo < lowest or hi > highest:
        raise FilterFout(f"Bij '{naam}' moeten de waarden tussen {lowest:g} en {highest:g} liggen.")
    return lo, hi


@dataclass(frozen=True)
class VerhaalFilter:
    """Which stories to show. Empty fields do not filter.

    wijken, leeftijdsgroepen, rollen, projecten, onderwerpen: a story matches one of the values.
    gemeente: a gemeentecode. jaren: (first, last) year of the experience, both included.
    sliders: {signifier id: (lo, hi)}, answer within 0–100, both ends included.
    keuzes: {signifier id: options}; zones: {signifier id: zone name from core.vertellen.triade.zone_names}.
    tekst: a search query (core.vertellen.search). verhalen: only these story ids (used by story sets).
    The filter is hashable (a cache may take it as an argument) and round-trips through JSON.
    """
    wijken: tuple[str, ...] = ()
    gemeente: str | None = None
    jaren: tuple[int, int] | None = None
    leeftijdsgroepen: tuple[str, ...] = ()
    rollen: tuple[str, ...] = ()
    projecten: tuple[str, ...] = ()
    onderwerpen: tuple[str, ...] = ()
    sliders: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    keuzes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    zones: Mapping[str, str] = field(default_factory=dict)
    tekst: str | None = None
    verhalen: tuple[str, ...] = ()

    def __post_init__(self):
        put = object.__setattr__  # frozen: normalise once, here
        for name in _LIST_COLUMNS:
            put(self, name, _as_tuple(getattr(self, name)))
        if self.jaren is not None:
            lo, hi = (int(y) for y in self.jaren)
            put(self, "jaren", tuple(int(y) for y in _check_range("jaren", lo, hi, 1900, 2100)))
        put(self, "sliders", {str(k): _check_range(k, float(lo), float(hi), 0, 100)
                              for k, (lo, hi) in dict(self.sliders).items()})
        put(self, "keuzes", {str(k): frozenset(_as_tuple(v)) for k, v in dict(self.keuzes).items()})
        put(self, "zones", {str(k): str(v) for k, v in dict(self.zones).items()})
        put(self, "tekst", (self.tekst or "").strip() or None)
        put(self, "gemeente", self.gemeente or None)

    def __hash__(self) -> int:
        return hash(self.to_json())

    def to_json(self) -> str:
        """A stable JSON text (sorted keys and values): stored with a verhaalset."""
        raw = asdict(self)
        raw["keuzes"] = {k: sorted(v) for k, v in self.keuzes.items()}
        return json.dumps(raw, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "VerhaalFilter":
        """Read a filter written by to_json. Unknown keys (from a newer version) are ignored."""
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    @property
    def leeg(self) -> bool:
        return self == VerhaalFilter()


def _question(conn, key: str) -> tuple[str, str, str, tuple[str, ...]]:
    """(kader, id, soort, labels) of the question a key names ('kader:id', or a bare id: core.vertellen.kaders).
    Raises FilterFout when the store has no such question."""
    found = kaders.ontleed(conn, key)
    if found is None:
        raise FilterFout(f"De vraag '{key}' bestaat niet bij deze verhalen. Kies een vraag uit de lijst.")
    soort, labels = conn.execute("SELECT soort, labels FROM signifiers WHERE kader = ? AND id = ?",
                                 list(found)).fetchone()
    return found[0], found[1], soort, tuple(labels)


def _labels_of(conn, key: str, soort: str) -> tuple[str, ...]:
    labels = _question(conn, key)
    if labels[2] != soort:
        soorten = {"slider": "schuifvraag", "keuze": "keuzevraag", "triade": "driehoek"}
        raise FilterFout(f"De vraag '{key}' is geen {soorten[soort]}. Kies een andere vraag.")
    return labels[3]


def _validate_signifiers(conn, f: VerhaalFilter) -> None:
    """Check every question key, option and zone in the filter against the store (allow-list)."""
    for sid in f.sliders:
        _labels_of(conn, sid, "slider")
    for sid, opties in f.keuzes.items():
        allowed = set(_labels_of(conn, sid, "keuze"))
        if not opties <= allowed:
            raise FilterFout(f"Bij de vraag '{sid}' bestaat het antwoord "
                             f"'{sorted(opties - allowed)[0]}' niet. Kies uit: {', '.join(sorted(allowed))}.")
    for sid, zone in f.zones.items():
        allowed = triade.zone_names(_labels_of(conn, sid, "triade"))
        if zone not in allowed:
            raise FilterFout(f"Het deel '{zone}' bestaat niet in de driehoek '{sid}'. "
                             f"Kies uit: {', '.join(allowed)}.")


def _answer_conditions(conn, f: VerhaalFilter) -> tuple[list[str], list]:
    """Slider and choice conditions: each a semi join on the answers of one framework's question."""
    parts, params = [], []
    for sid, (lo, hi) in f.sliders.items():
        parts.append("v.id IN (SELECT a.verhaal FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? "
                     "AND a.slider BETWEEN ? AND ?)")
        params += [*_question(conn, sid)[:2], lo, hi]
    for sid, opties in f.keuzes.items():
        parts.append("v.id IN (SELECT a.verhaal FROM antwoorden a WHERE a.kader = ? AND a.signifier = ? "
                     "AND a.keuze IN (SELECT unnest(?::VARCHAR[])))")
        params += [*_question(conn, sid)[:2], sorted(opties)]
    return parts, params


def _zone_conditions(conn, f: VerhaalFilter) -> tuple[list[str], list]:
    """Zone conditions in SQL: the zone rule (triade.zone_case_sql) per answer of one framework's triad,
    compared with the zone code that carries the asked-for name."""
    parts, params = [], []
    zone = triade.zone_case_sql(*triade.normalised_sql("a"))
    for sid, name in f.zones.items():
        kader, signifier, _, labels = _question(conn, sid)
        codes = [code for code in triade.ZONE_CODES if triade.zone_name(code, labels) == name]
        parts.append(f"v.id IN (SELECT verhaal FROM (SELECT a.verhaal, {zone} AS zone FROM antwoorden a "
                     f"WHERE a.kader = ? AND a.signifier = ? AND a.triade_a IS NOT NULL) a "
                     f"WHERE zone IN (SELECT unnest(?::VARCHAR[])))")
        params += [kader, signifier, codes]
    return parts, params


def _triad_labels(conn, sid: str) -> list[tuple[str, tuple[str, ...]]]:
    """[(kader, labels)] of the triad a key names (one framework)."""
    kader, _, soort, labels = _question(conn, sid)
    return [(kader, labels)] if soort == "triade" else []


def _story_conditions(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> tuple[list[str], list]:
    """WHERE parts (consent first) and their bound values, for everything except zones and tekst."""
    parts, params = [consent_clause(mode)], []
    for name, column in _LIST_COLUMNS.items():
        values = getattr(f, name)
        if values:
            parts.append(f"{column} IN (SELECT unnest(?::VARCHAR[]))")  # a hash join, also for long lists
            params.append(list(values))
    if f.gemeente:
        parts.append("v.gemeentecode = ?")
        params.append(f.gemeente)
    if f.jaren:
        parts.append("v.jaar BETWEEN ? AND ?")
        params += list(f.jaren)
    more, more_params = _answer_conditions(conn, f)
    return parts + more, params + more_params


def _register_hits(conn, tekst: str, mode: Zichtbaarheid, hits) -> str:
    """Register the search hits (id, score) as a table on this connection; returns its name.
    The name follows from the query and the mode (never from input text), so a rerun replaces it."""
    name = "zoektreffers_" + hashlib.sha1(f"{mode.value}|{tekst}".encode()).hexdigest()[:16]
    table = pa.table({"id": pa.array(hits.hits["id"].to_numpy(), pa.string()),
                      "score": pa.array(hits.hits["score"].to_numpy(dtype=float), pa.float64())})
    conn.register(name, table)
    return name


# The stories' base table (not the view of the same name): its rowid fetches a page's rows without a scan.
_VERHALEN = f"{BRONNEN[1][0]}.main.verhalen"


@dataclass(frozen=True)
class Selectie:
    """The readable stories that match a filter, as SQL to use as a subquery.

    sql selects id, jaar, wijk, score (the search score, NULL without f.tekst) and rij (the row number in
    the story table); params are its bound values.
    zoek: the SearchResult of f.tekst, or None. ORDER_BY orders it as the pages list stories.
    """
    sql: str
    params: list
    zoek: search.SearchResult | None

    ORDER_BY = "score DESC NULLS LAST, jaar DESC, id"


def selection(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> Selectie:
    """The filter as SQL (consent clause first; zones and search hits in SQL too): see Selectie.

    The search hits of f.tekst are registered on `conn` as a table: run the SQL on this connection.
    Raises FilterFout for an unknown question, answer or zone.
    """
    _validate_signifiers(conn, f)
    parts, params = _story_conditions(conn, f, mode)
    zones, zone_params = _zone_conditions(conn, f)
    hits = search.search(conn, f.tekst, mode, limit=None, ordered=False) if f.tekst else None  # SQL orders
    source, score = f"{_VERHALEN} v", "CAST(NULL AS DOUBLE)"
    if hits is not None:
        source, score = f"{_VERHALEN} v JOIN {_register_hits(conn, f.tekst, mode, hits)} t ON t.id = v.id", "t.score"
    sql = (f"SELECT v.id, v.jaar, v.wijk, {score} AS score, v.rowid AS rij FROM {source} WHERE "
           + " AND ".join(parts + zones))
    return Selectie(sql, params + zone_params, hits)


def story_ids(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> list[str]:
    """The ids of every readable story matching f, in list order: an id-only query (no story frame)."""
    found = selection(conn, f, mode)
    sql = f"SELECT id FROM ({found.sql}) ORDER BY {Selectie.ORDER_BY}"
    return conn.execute(sql, found.params).to_arrow_table().column("id").to_pylist()


def _answer_texts(frame: pd.DataFrame) -> pd.Series:
    """A short Dutch text per answer row; None where it was left empty (n.v.t.). Works on whole columns:
    slider values and (zone, labels) pairs are formatted once per distinct value."""
    texts = pd.Series(None, index=frame.index, dtype=object)
    slider = frame["soort"].eq("slider") & frame["slider"].notna()
    values = frame.loc[slider, "slider"]
    texts[slider] = values.map({v: formatting.getal(v, 0) for v in values.unique()})
    keuze = frame["soort"].eq("keuze") & frame["keuze"].notna()
    texts[keuze] = frame.loc[keuze, "keuze"].astype(str)
    triad = frame["soort"].eq("triade") & frame["triade_a"].notna()
    if triad.any():
        rows = frame[triad]
        pairs = pd.Series(list(zip(triade.zone_codes(rows["triade_a"], rows["triade_b"], rows["triade_c"]),
                                   rows["labels"].map(tuple))), index=rows.index)
        texts[triad] = pairs.map({p: triade.zone_short(*p) for p in set(pairs)})
    return texts


def _answers_of(conn, ids: list[str], signifiers: list[str] | None = None) -> pd.DataFrame:
    """Every answer row of these stories (a page, or one story) with its signifier, in framework order;
    only of these signifier ids when given (the answers are stored per signifier: the others are skipped)."""
    only = "" if signifiers is None else "AND a.signifier IN (SELECT unnest(?::VARCHAR[])) "
    sql = ("SELECT a.verhaal, s.id AS signifier, s.soort, s.vraag, s.labels, s.volgorde, "
           "a.triade_a, a.triade_b, a.triade_c, a.slider, a.keuze FROM antwoorden a "
           "JOIN signifiers s ON s.kader = a.kader AND s.id = a.signifier "
           "WHERE a.verhaal IN (SELECT unnest(?::VARCHAR[])) " + only +  # hash semi joins
           "ORDER BY a.verhaal, s.volgorde")
    frame = conn.execute(sql, [ids] if signifiers is None else [ids, signifiers]).df()
    frame["antwoord"] = _answer_texts(frame)
    frame["woorden"] = _answer_words(frame)
    return _one_row_per_question(frame)


def _slider_woorden(waarde: float, labels) -> str:
    """A slider answer in words between its two poles: 'positief (83)', 'eerder negatief (31)', 'in het midden
    (50)' (0–20 and 80–100 take the pole's word, up to 40 and from 60 'eerder')."""
    lo, hi = (str(x) for x in labels[:2])
    woord = (lo if waarde <= 20 else f"eerder {lo}" if waarde < 40 else "in het midden" if waarde <= 60
             else f"eerder {hi}" if waarde < 80 else hi)
    return f"{woord} ({formatting.getal(waarde, 0)})"


def _answer_words(frame: pd.DataFrame) -> pd.Series:
    """The answer as a story card says it: a slider in words between its poles, else the short answer text."""
    words = frame["antwoord"].copy()
    slider = frame["soort"].eq("slider") & frame["slider"].notna()
    words[slider] = [_slider_woorden(v, lab) for v, lab in zip(frame.loc[slider, "slider"], frame.loc[slider, "labels"])]
    return words


def _one_row_per_question(frame: pd.DataFrame) -> pd.DataFrame:
    """A multi-select answer is one row per chosen option: one row per story and question, options joined."""
    if frame.empty or not frame.duplicated(["verhaal", "signifier"]).any():
        return frame
    keys = ["verhaal", "signifier"]
    joined = frame.groupby(keys, sort=False).agg(
        antwoord=("antwoord", lambda x: ", ".join(str(v) for v in x.dropna()) or None),
        woorden=("woorden", lambda x: ", ".join(str(v) for v in x.dropna()) or None))
    first = frame.drop(columns=["antwoord", "woorden"]).drop_duplicates(keys)
    return first.merge(joined.reset_index(), on=keys, how="left")


def _first_answers(conn, ids: list[str]) -> pd.DataFrame:
    """The answered rows (antwoord not empty) of these stories that the duiding may need: questions are read
    in framework order, a few at a time, only for the stories that still lack DUIDING_MAX answers. Reading
    every question of ten stories scans all answers; most stories are done after the first four questions."""
    levels = conn.execute("SELECT volgorde, list(DISTINCT id) FROM signifiers GROUP BY 1 ORDER BY 1").fetchall()
    found, todo, at, need = [], list(ids), 0, DUIDING_MAX
    while todo and at < len(levels):
        batch = [sid for _, sids in levels[at:at + need] for sid in sids]
        found.append(_answers_of(conn, todo, batch).dropna(subset=["antwoord"]))
        at += need
        have = pd.concat(found)["verhaal"].value_counts()
        short = {vid: DUIDING_MAX - int(have.get(vid, 0)) for vid in todo}
        todo = [vid for vid, missing in short.items() if missing > 0]
        need = max(short[vid] for vid in todo) if todo else 0
    answers = pd.concat(found) if found else _answers_of(conn, [], []).dropna(subset=["antwoord"])
    return answers.sort_values(["verhaal", "volgorde"], kind="stable")


def _vraag_en_antwoord(vraag: str, antwoord: str) -> str:
    """'Vraag? antwoord', or 'Vraag: antwoord' when the question does not end in a mark of its own."""
    vraag = str(vraag).strip()
    return f"{vraag} {antwoord}" if vraag.endswith(("?", ":", "…")) else f"{vraag}: {antwoord}"


def _duiding(conn, ids: list[str]) -> dict[str, str]:
    """story id -> 'Hoe zou u uw ervaring omschrijven? eerder positief (79) · Ging het over ondersteuning of een
    activiteit? ja · …': the first DUIDING_MAX answered questions, each with its question text."""
    answers = _first_answers(conn, ids)
    answers = answers[answers.groupby("verhaal", sort=False).cumcount() < DUIDING_MAX]
    items = pd.Series([_vraag_en_antwoord(v, a) for v, a in zip(answers["vraag"], answers["woorden"])],
                      index=answers.index, dtype=object)
    return items.groupby(answers["verhaal"], sort=False).agg(DUIDING_SCHEIDING.join).to_dict()


_WIJKNAMEN = "(SELECT code, arg_max(naam, indeling) AS naam FROM regios WHERE niveau = 'wijk' GROUP BY code)"
_STORY_COLUMNS_SQL = ("v.id, v.titel, v.tekst, v.wijk, w.naam AS wijknaam, v.gemeentecode, v.jaar, "
                      "v.leeftijdsgroep, v.rol, v.project, v.onderwerp, v.fictief")
_STORY_SELECT = f"SELECT {_STORY_COLUMNS_SQL} FROM verhalen v LEFT JOIN {_WIJKNAMEN} w ON w.code = v.wijk WHERE "


def _count_and_page(conn, sql: str, params: list, order_by: str, limit: int | None, offset: int
                    ) -> tuple[int, list[int]]:
    """(how many rows `sql` selects, the row numbers (column rij) of one page of them in `order_by` order),
    from one query: the selection is evaluated once, for the count and the page."""
    size = int(limit) if limit is not None else 2 ** 62
    query = (f"WITH gevonden AS MATERIALIZED ({sql}), "
             f"pagina AS (SELECT * FROM gevonden ORDER BY {order_by} LIMIT ? OFFSET ?) "
             f"SELECT (SELECT count(*) FROM gevonden), (SELECT list(rij ORDER BY {order_by}) FROM pagina)")
    totaal, rows = conn.execute(query, [*params, size, int(offset)]).fetchone()
    return int(totaal), list(rows or [])


def _rows_page(conn, sql: str, params: list, order_by: str, limit: int | None, offset: int,
               mode: Zichtbaarheid) -> tuple[int, pd.DataFrame]:
    """(total, the story columns of one page) of the rows `sql` selects (it has a column rij: the row number
    in the story table): the page's row numbers first, then those rows by row number, no join over every story."""
    totaal, rows = _count_and_page(conn, sql, params, order_by, limit, offset)
    return totaal, stories_at(conn, rows, mode)


def stories_at(conn, rows: list[int], mode: Zichtbaarheid, tekst: bool = True) -> pd.DataFrame:
    """The readable stories at these row numbers (column rij of a selection), in the order of `rows`.
    Columns: the filter_stories columns without duiding (and without tekst when tekst=False: for more
    than a page of rows, reading the texts costs a scan of every text)."""
    columns = _STORY_COLUMNS_SQL if tekst else _STORY_COLUMNS_SQL.replace(" v.tekst,", "")
    sql = (f"SELECT {columns}, v.rowid AS rij FROM {_VERHALEN} v LEFT JOIN {_WIJKNAMEN} w "
           f"ON w.code = v.wijk WHERE {consent_clause(mode)} AND v.rowid = ANY(?::BIGINT[])")
    frame = conn.execute(sql, [rows]).df()
    position = pd.Series(range(len(rows)), index=rows, dtype=int)
    frame = frame.iloc[position.reindex(frame["rij"]).to_numpy().argsort(kind="stable")]
    return frame.drop(columns="rij").reset_index(drop=True)


def filter_stories(conn, f: VerhaalFilter, mode: Zichtbaarheid, limit: int | None = None,
                   offset: int = 0) -> pd.DataFrame:
    """Readable stories matching the filter: newest first, or best search match first when f.tekst.

    limit/offset: one page of that list (None: all of it; use `story_page` for a page with its total).
    Columns: id, titel, tekst, wijk, wijknaam, gemeentecode, jaar, leeftijdsgroep, rol, project,
    onderwerp, fictief, duiding (only for the rows returned). With f.tekst, frame.attrs holds
    'zoekmethode' ('fts'/'plain') and 'zoekmelding' (a Dutch notice or None) for the page to show.
    Raises FilterFout for an unknown question, answer or zone.
    """
    found = selection(conn, f, mode)
    frame = _with_duiding(conn, _rows_page(conn, found.sql, found.params, Selectie.ORDER_BY, limit, offset, mode)[1])
    if found.zoek is not None:
        frame.attrs.update(zoekmethode=found.zoek.method, zoekmelding=found.zoek.notice)
    return frame


def _with_duiding(conn, frame: pd.DataFrame) -> pd.DataFrame:
    summary = _duiding(conn, list(frame["id"])) if len(frame) else {}
    frame["duiding"] = pd.Series([summary.get(i, "") for i in frame["id"]], index=frame.index, dtype=object)
    return frame[list(STORY_COLUMNS)]


@dataclass(frozen=True)
class VerhaalPagina:
    """One page of the story list. verhalen: the filter_stories columns for this page only.
    totaal: how many readable stories match in all; pagina (from 1) and paginas: where this page is.
    zoekmethode / zoekmelding: as in filter_stories (None without a search word).
    verborgen: a Dutch notice when the group may not be shown (core.vertellen.groepen): then verhalen is empty
    and totaal 0 (not the real number)."""
    verhalen: pd.DataFrame
    totaal: int
    pagina: int
    paginas: int
    zoekmethode: str | None = None
    zoekmelding: str | None = None
    verborgen: str | None = None


def story_page(conn, f: VerhaalFilter, mode: Zichtbaarheid, pagina: int = 1,
               per_pagina: int = PER_PAGINA) -> VerhaalPagina:
    """Page `pagina` (from 1; past the end gives the last page) of the readable stories matching f,
    in list order, with the total: one query for the count and the page's row numbers, one for their rows."""
    found = selection(conn, f, mode)
    per_pagina, pagina = max(1, int(per_pagina)), max(1, int(pagina))
    totaal, rows = _count_and_page(conn, found.sql, found.params, Selectie.ORDER_BY, per_pagina,
                                   (pagina - 1) * per_pagina)
    paginas = max(1, -(-totaal // per_pagina))
    if pagina > paginas:  # past the end (the list got shorter): the last page
        pagina = paginas
        rows = _count_and_page(conn, found.sql, found.params, Selectie.ORDER_BY, per_pagina,
                               (pagina - 1) * per_pagina)[1]
    frame = _with_duiding(conn, stories_at(conn, rows, mode))
    zoek = found.zoek
    return VerhaalPagina(frame, totaal, pagina, paginas, zoek.method if zoek else None, zoek.notice if zoek else None)


@dataclass(frozen=True)
class Bewaard:
    """Saved stories as they may be shown now. verhalen: the filter_stories columns plus volgorde (place in
    the saved list, from 1), in saved order, at most `limit` rows. leesbaar: how many of the saved stories
    this mode may read now; weg: how many are no longer in the store at all (their import was removed)."""
    verhalen: pd.DataFrame
    leesbaar: int
    weg: int


def saved_stories(conn, ids, mode: Zichtbaarheid, limit: int | None = None) -> Bewaard:
    """The readable stories among saved ids (a story set, a session), in the saved order, consent checked now.
    The ids go in as a registered table (one hash join), only the first `limit` become a frame."""
    ids = list(ids)
    name = f"bewaard_{uuid.uuid4().hex[:12]}"
    conn.register(name, pa.table({"id": pa.array(ids, pa.string()),
                                  "volgorde": pa.array(range(1, len(ids) + 1), pa.int64())}))
    try:
        sql = (f"SELECT v.rowid AS rij, b.volgorde FROM {_VERHALEN} v JOIN {name} b ON b.id = v.id "
               f"WHERE {consent_clause(mode)}")
        weg = int(conn.execute(f"SELECT count(*) FROM {name} b WHERE b.id NOT IN (SELECT id FROM verhalen)")
                  .fetchone()[0])
        leesbaar, frame = _rows_page(conn, sql, [], "volgorde", limit, 0, mode)
        frame = _with_duiding(conn, frame)
        plek = dict(conn.execute(f"SELECT id, min(volgorde) FROM {name} WHERE id IN (SELECT unnest(?::VARCHAR[])) "
                                 "GROUP BY id", [list(frame["id"])]).fetchall())
    finally:
        conn.unregister(name)
    frame["volgorde"] = frame["id"].map(plek).astype(int)
    return Bewaard(frame, leesbaar, weg)


@dataclass(frozen=True)
class VerhaalDetail:
    """One story with every answer.

    verhaal: dict with the filter_stories columns (no duiding) plus verzameld_op, toestemming, kader.
    antwoorden columns: signifier, soort, vraag, labels, volgorde, triade_a, triade_b, triade_c,
    slider, keuze, zone (triads only), antwoord (short Dutch text, 'n.v.t.' when left empty).
    """
    verhaal: dict
    antwoorden: pd.DataFrame


def _detail_answers(conn, story_id: str) -> pd.DataFrame:
    answers = _answers_of(conn, [story_id]).drop(columns="verhaal")
    answers["zone"] = [triade.zone_name(triade.zone_code(r.triade_a, r.triade_b, r.triade_c), tuple(r.labels))
                       if r.soort == "triade" and pd.notna(r.triade_a) else None for r in answers.itertuples()]
    answers["antwoord"] = answers["antwoord"].fillna(NVT)
    return answers.reset_index(drop=True)


def story_detail(conn, story_id: str, mode: Zichtbaarheid) -> VerhaalDetail | None:
    """The story and all its answers, or None when it does not exist or this mode may not read it."""
    sql = (_STORY_SELECT.replace("v.fictief FROM", "v.fictief, v.verzameld_op, v.toestemming, v.kader FROM")
           + consent_clause(mode) + " AND v.id = ?")
    frame = conn.execute(sql, [story_id]).df()
    if frame.empty:
        return None
    return VerhaalDetail(frame.iloc[0].to_dict(), _detail_answers(conn, story_id))


def answers_sql(conn, signifier_id: str, f: VerhaalFilter, mode: Zichtbaarheid) -> tuple[str, list]:
    """(sql, params) selecting the answers to one question (a key 'kader:id' or a bare id, see
    core.vertellen.kaders) by the readable stories matching f, empty answers (n.v.t.) left out (a multi-select
    question: one row per chosen option): a join of `antwoorden` with the filter's selection, to aggregate in SQL.

    Columns: verhaal, kader, triade_a, triade_b, triade_c, slider, keuze, and the story's wijk and jaar.
    Raises FilterFout when the question does not exist.
    """
    kader, signifier = _question(conn, signifier_id)[:2]
    found = selection(conn, f, mode)
    sql = ("SELECT a.verhaal, a.kader, a.triade_a, a.triade_b, a.triade_c, a.slider, a.keuze, gevonden.wijk, "
           "gevonden.jaar FROM antwoorden a "
           f"JOIN ({found.sql}) gevonden ON gevonden.id = a.verhaal WHERE a.kader = ? AND a.signifier = ? "
           "AND (a.triade_a IS NOT NULL OR a.slider IS NOT NULL OR a.keuze IS NOT NULL)")
    return sql, [*found.params, kader, signifier]


def signifier_answers(conn, signifier_id: str, f: VerhaalFilter, mode: Zichtbaarheid) -> pd.DataFrame:
    """Answers to one question by the readable stories that match f; empty answers (n.v.t.) left out.
    Every row comes to Python: for small groups (a set, a session); patterns aggregate `answers_sql`.

    Columns: verhaal, kader, triade_a, triade_b, triade_c, slider, keuze.
    Raises FilterFout when the question does not exist.
    """
    sql, params = answers_sql(conn, signifier_id, f, mode)
    return conn.execute(f"SELECT verhaal, kader, triade_a, triade_b, triade_c, slider, keuze FROM ({sql}) "
                        "ORDER BY verhaal", params).df()


@dataclass(frozen=True)
class FilterOpties:
    """The values each filter can take, from the stories this mode may read.

    gemeenten: code, naam, verhalen. wijken: code, naam, gemeentecode, verhalen.
    jaren: (first, last) or None. leeftijdsgroepen, rollen: in framework order; projecten,
    onderwerpen: alphabetical. signifiers: one row per question of each framework: sleutel ('kader:id', what
    filters and patterns take; the bare id where that names this question, see kaders.korte_sleutels), kader, id,
    kadernaam, soort, vraag, labels, volgorde, meerkeuze, gemeenten
    (whose readable stories use the framework), zones (zone names for a triad, else an empty list).
    """
    gemeenten: pd.DataFrame
    wijken: pd.DataFrame
    jaren: tuple[int, int] | None
    leeftijdsgroepen: tuple[str, ...]
    rollen: tuple[str, ...]
    projecten: tuple[str, ...]
    onderwerpen: tuple[str, ...]
    signifiers: pd.DataFrame
    kaders: pd.DataFrame = field(default_factory=pd.DataFrame)   # kader, gemeentecode, verhalen (readable)


def _distinct(conn, column: str, mode: Zichtbaarheid) -> list[str]:
    # `column` comes from _LIST_COLUMNS (an allow-list), never from input.
    sql = (f"SELECT DISTINCT {column} FROM verhalen v WHERE {consent_clause(mode)} "
           f"AND {column} IS NOT NULL ORDER BY 1")
    return [r[0] for r in conn.execute(sql).fetchall()]


def _framework_order(conn, key: str, values: list[str]) -> tuple[str, ...]:
    """Sort values in the order the frameworks list them (e.g. age groups young to old)."""
    order: list[str] = []
    for (definitie,) in conn.execute("SELECT definitie FROM kaders ORDER BY id").fetchall():
        order += [v for v in json.loads(definitie).get(key, []) if v not in order]
    rank = {v: i for i, v in enumerate(order)}
    return tuple(sorted(values, key=lambda v: (rank.get(v, len(rank)), v)))


def _region_options(conn, mode: Zichtbaarheid) -> tuple[pd.DataFrame, pd.DataFrame]:
    wijken = conn.execute(
        "SELECT v.wijk AS code, any_value(w.naam) AS naam, any_value(v.gemeentecode) AS gemeentecode, "
        "count(*) AS verhalen FROM verhalen v LEFT JOIN (SELECT code, arg_max(naam, indeling) AS naam "
        "FROM regios WHERE niveau = 'wijk' GROUP BY code) w ON w.code = v.wijk "
        "WHERE " + consent_clause(mode) + " GROUP BY v.wijk ORDER BY v.wijk").df()
    gemeenten = conn.execute(
        "SELECT v.gemeentecode AS code, any_value(g.naam) AS naam, count(*) AS verhalen FROM verhalen v "
        "LEFT JOIN (SELECT code, arg_max(naam, indeling) AS naam FROM regios WHERE niveau = 'gemeente' "
        "GROUP BY code) g ON g.code = v.gemeentecode WHERE " + consent_clause(mode)
        + " GROUP BY v.gemeentecode ORDER BY naam").df()
    return gemeenten, wijken


def _signifier_options(conn, mode: Zichtbaarheid) -> pd.DataFrame:
    frame = conn.execute(
        "SELECT s.kader, s.id, s.soort, s.vraag, s.labels, s.volgorde, k.naam AS kadernaam, "
        "coalesce(g.gemeenten, []) AS gemeenten FROM signifiers s JOIN kaders k ON k.id = s.kader "
        "LEFT JOIN (SELECT v.kader, list(DISTINCT v.gemeentecode ORDER BY v.gemeentecode) AS gemeenten "
        f"FROM verhalen v WHERE {consent_clause(mode)} GROUP BY v.kader) g ON g.kader = s.kader "
        "ORDER BY s.volgorde, s.kader, s.id").df()
    kort = kaders.korte_sleutels(conn)
    frame["sleutel"] = [kort.get((k, i), kaders.sleutel(k, i)) for k, i in zip(frame["kader"], frame["id"])]
    frame["labels"] = frame["labels"].map(list)
    frame["gemeenten"] = frame["gemeenten"].map(list)
    frame["meerkeuze"] = [kaders.meerkeuze(conn, k, i) for k, i in zip(frame["kader"], frame["id"])]
    frame["zones"] = [triade.zone_names(tuple(lab)) if soort == "triade" else []
                      for soort, lab in zip(frame["soort"], frame["labels"])]
    return frame


def filter_options(conn, mode: Zichtbaarheid) -> FilterOpties:
    """What each filter can be set to, taken only from the stories this mode may read."""
    gemeenten, wijken = _region_options(conn, mode)
    jaren = conn.execute("SELECT min(v.jaar), max(v.jaar) FROM verhalen v WHERE " + consent_clause(mode)).fetchone()
    return FilterOpties(
        gemeenten=gemeenten, wijken=wijken,
        jaren=None if jaren[0] is None else (int(jaren[0]), int(jaren[1])),
        leeftijdsgroepen=_framework_order(conn, "leeftijdsgroepen", _distinct(conn, "v.leeftijdsgroep", mode)),
        rollen=_framework_order(conn, "rollen", _distinct(conn, "v.rol", mode)),
        projecten=tuple(_distinct(conn, "v.project", mode)),
        onderwerpen=tuple(_distinct(conn, "v.onderwerp", mode)),
        signifiers=_signifier_options(conn, mode),
        kaders=conn.execute(f"SELECT v.kader, v.gemeentecode, count(*) AS verhalen FROM verhalen v "
                            f"WHERE {consent_clause(mode)} GROUP BY ALL ORDER BY ALL").df())
