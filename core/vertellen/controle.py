"""The review of the personal data check: the stories it holds back, what it found, and their release.

Every import checks each story's title and text for personal data (core.ingest.persoonsgegevens). A story
in which something is found is "in controle": no page, search, pattern or export shows it (the consent
clause leaves it out) until a staff member releases it here, with the masked text, an edited text or the
text as it was. What every page shows from then on is the released text; the store keeps no copy of the
unmasked text (core.store.verhalen.vrijgeven). The names of gemeenten and wijken are not findings: they
are the public context a story is shown in.

Only for the gemeente's own staff (the page is absent in partner mode). The review reads held-back stories
through consent.in_controle_clause: every story staff may read, were it released; never a `nee` story.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.store import verhalen as verhaalopslag
from core.store.db import connect_readonly
from core.store.verhalen import Vrijgave, VrijgaveFout
from core.vertellen import search
from core.vertellen.consent import in_controle_clause

__all__ = ["Controlelijst", "Vrijgave", "VrijgaveFout", "aantal_in_controle", "bevindingen_tabel",
           "in_controle", "vrijgeven", "vrijgegeven"]

PER_PAGINA = 10
# The check's (deduce's) tags in words a staff member understands (B1). Unknown tags are shown as they are.
SOORTEN = {
    "persoon": "naam van een persoon",
    "patient": "naam van een persoon",
    "locatie": "plaats of adres",
    "instelling": "instelling",
    "ziekenhuis": "instelling (ziekenhuis)",
    "zorginstelling": "instelling (zorg)",
    "datum": "datum",
    "leeftijd": "leeftijd",
    "telefoonnummer": "telefoonnummer",
    "emailadres": "e-mailadres",
    "url": "webadres",
    "bsn": "BSN",
    "id": "nummer (bijvoorbeeld een klant- of dossiernummer)",
}

LEGE_LIJST = "Er staan geen verhalen in controle. Alle verhalen zijn gecontroleerd of vrijgegeven."
UITLEG = ("Bij elke import zoekt de app in de titel en de tekst van elk verhaal naar persoonsgegevens: namen, "
          "adressen en plaatsen, instellingen, datums, leeftijden, telefoonnummers, e-mailadressen, "
          "webadressen, BSN en andere nummers. Een verhaal waarin iets gevonden is, staat in controle: de app "
          "toont het nergens, ook niet in zoeken, patronen en downloads, tot u het vrijgeeft. "
          "Namen van gemeenten en wijken tellen niet mee: dat is de openbare plek waar het verhaal bij hoort.")

_COLUMNS = ("v.id, v.titel, v.tekst, v.wijk, coalesce(w.naam, v.wijk) AS wijknaam, v.jaar, v.toestemming, "
            "v.fictief, v.import_id, c.soorten, c.aantal, c.bevindingen, c.titel_voorstel, c.tekst_voorstel, "
            "c.gecontroleerd_op")
_FROM = ("FROM verhalen v JOIN controle c ON c.verhaal = v.id AND c.import_id = v.import_id "
         "AND c.status = 'in controle' LEFT JOIN (SELECT code, arg_max(naam, indeling) AS naam FROM regios "
         "WHERE niveau = 'wijk' GROUP BY code) w ON w.code = v.wijk WHERE ")


def soort_label(tag: str) -> str:
    """A finding's kind in words, e.g. 'persoon' -> 'naam van een persoon'."""
    return SOORTEN.get(tag, tag)


@dataclass(frozen=True)
class Controlelijst:
    """One page of the held-back stories, oldest check first. verhalen columns: id, titel, tekst (as
    imported), wijk, wijknaam, jaar, toestemming, fictief, import_id, soorten, aantal, bevindingen (list of
    dicts veld/soort/tekst/begin/eind), titel_voorstel, tekst_voorstel (masked), gecontroleerd_op.
    totaal: how many stories are in controle in all; pagina (from 1) and paginas: where this page is."""
    verhalen: pd.DataFrame
    totaal: int
    pagina: int
    paginas: int


def aantal_in_controle(conn) -> int:
    """How many stories wait for a staff member's review (`nee` stories are never shown: not counted)."""
    return int(conn.execute("SELECT count(*) FROM verhalen v WHERE " + in_controle_clause()).fetchone()[0])


def in_controle(conn, pagina: int = 1, per_pagina: int = PER_PAGINA) -> Controlelijst:
    """Page `pagina` (from 1; past the end gives the last page) of the held-back stories."""
    totaal = aantal_in_controle(conn)
    per_pagina = max(1, int(per_pagina))
    paginas = max(1, -(-totaal // per_pagina))
    pagina = min(max(1, int(pagina)), paginas)
    frame = conn.execute(f"SELECT {_COLUMNS} {_FROM} {in_controle_clause()} "
                         "ORDER BY c.gecontroleerd_op, v.id LIMIT ? OFFSET ?",
                         [per_pagina, (pagina - 1) * per_pagina]).df()
    frame["bevindingen"] = frame["bevindingen"].map(lambda b: [dict(x) for x in b])
    frame["soorten"] = frame["soorten"].map(list)
    return Controlelijst(frame, totaal, pagina, paginas)


def bevindingen_tabel(bevindingen: list[dict]) -> pd.DataFrame:
    """What the check found in one story, for a table: Waar (titel/tekst), Soort (in words), Gevonden."""
    return pd.DataFrame({
        "Waar": [b["veld"] for b in bevindingen],
        "Soort": [soort_label(b["soort"]) for b in bevindingen],
        "Gevonden": [b["tekst"] for b in bevindingen],
    }, dtype=object)


def vrijgegeven(conn, limit: int = 50) -> pd.DataFrame:
    """The latest releases, newest first: verhaal, soorten (in words), aantal, besluit, door, vrijgegeven_op,
    reden. Holds no found text: after a release only the kinds and number of findings are kept."""
    frame = conn.execute("SELECT c.verhaal, c.soorten, c.aantal, c.besluit, c.door, c.vrijgegeven_op, c.reden "
                         "FROM controle c WHERE c.status = 'vrijgegeven' ORDER BY c.vrijgegeven_op DESC, c.verhaal "
                         "LIMIT ?", [limit]).df()
    frame["soorten"] = frame["soorten"].map(lambda s: ", ".join(soort_label(t) for t in s))
    return frame


def vrijgeven(store: Path, verhalen: Path, besluiten: list[Vrijgave], door: str) -> int:
    """Release held-back stories with the title and text the reviewer settled on: one write of the story
    store (all or nothing), then the search index of the changed imports is made again (it is derived).
    Returns how many were released; raises VrijgaveFout with a Dutch message."""
    aantal = verhaalopslag.vrijgeven(store, verhalen, besluiten, door)
    with connect_readonly(store, verhalen) as conn:
        search.prepare(conn)
    return aantal
