"""Terugkoppeling (issue 15, point 6b): the interpretation log as a short summary for residents, "Wat we met uw
verhalen hebben gedaan", in Word and PDF: per entry the date, the wijk or "Hele gemeente", what we saw, concluded
and do; no staff names; partner mode only shared entries. A download on the Interpretatiesessie page.
The PDF is written to test-artifacts/ with its pages as PNG."""
from __future__ import annotations

from datetime import date

import pytest

from core.exports import terugkoppeling as tk
from core.samen import interpretaties as log
from core.store import werk
from core.vertellen.consent import Zichtbaarheid
from tests.conftest import goto
from tests.test_documents import docx_text, flat, pdf_pages, render_pngs

INTERN, PARTNER = Zichtbaarheid.INTERN, Zichtbaarheid.PARTNER
DOOR = "Medewerker Jansen 8q2"
GEHEIM = "Nog niet gedeeld 3v5"


@pytest.fixture()
def werk_conn(tmp_path):
    with werk.connect_werk(tmp_path / "werk.duckdb") as conn:
        log.add_log_entry(conn, "GM0547", observaties="Veel ouderen voelen zich alleen.",
                          interpretaties="De buurthuizen zijn te ver weg.", acties="We openen een inloop in de wijk.",
                          wijk="WK054700", door=DOOR, datum=date(2026, 2, 3), gedeeld=True)
        log.add_log_entry(conn, "GM0547", acties="We vragen meer mensen om een verhaal.", door=DOOR,
                          datum=date(2026, 3, 10), gedeeld=True)
        log.add_log_entry(conn, "GM0547", observaties=GEHEIM, wijk="WK054701", datum=date(2026, 4, 1))
        log.add_log_entry(conn, "GM0546", observaties="Leiden 7x4", datum=date(2026, 4, 2), gedeeld=True)
        yield conn


def test_the_summary_holds_every_entry_of_the_gemeente_without_staff_names(conn, werk_conn):
    data = tk.terugkoppeling(conn, werk_conn, "GM0547", INTERN)
    assert data.gemeentenaam == "Leiderdorp" and data.titel == "Wat we met uw verhalen hebben gedaan"
    assert [p.kop for p in data.punten] == ["1 april 2026 · Wijk 01", "10 maart 2026 · Hele gemeente",
                                            "3 februari 2026 · Wijk 00"]
    assert data.punten[2].delen == (("Wat we zagen", "Veel ouderen voelen zich alleen."),
                                    ("Wat we concludeerden", "De buurthuizen zijn te ver weg."),
                                    ("Wat we gaan doen", "We openen een inloop in de wijk."))
    assert data.punten[1].delen == (("Wat we gaan doen", "We vragen meer mensen om een verhaal."),)


def test_partner_mode_prints_only_shared_entries(conn, werk_conn):
    data = tk.terugkoppeling(conn, werk_conn, "GM0547", PARTNER)
    assert [p.gebied for p in data.punten] == ["Hele gemeente", "Wijk 00"]
    for tekst in (docx_text(tk.terugkoppeling_docx(data)), " ".join(pdf_pages(tk.terugkoppeling_pdf(data)))):
        assert "Veel ouderen voelen zich alleen." in tekst and GEHEIM not in tekst


def test_word_and_pdf_hold_the_entries_in_plain_b1_headings(conn, werk_conn, artifacts):
    data = tk.terugkoppeling(conn, werk_conn, "GM0547", INTERN)
    pdf = tk.terugkoppeling_pdf(data)
    (artifacts / "terugkoppeling.pdf").write_bytes(pdf)
    render_pngs(artifacts / "terugkoppeling.pdf", "terugkoppeling")
    woord = docx_text(tk.terugkoppeling_docx(data))
    (artifacts / "terugkoppeling.docx").write_bytes(tk.terugkoppeling_docx(data))
    for tekst in (woord, " ".join(pdf_pages(pdf))):
        for stuk in ("Wat we met uw verhalen hebben gedaan", "Gemeente Leiderdorp", "3 februari 2026 · Wijk 00",
                     "10 maart 2026 · Hele gemeente", "Wat we zagen Veel ouderen voelen zich alleen.",
                     "Wat we concludeerden De buurthuizen zijn te ver weg.",
                     "Wat we gaan doen We openen een inloop in de wijk.", GEHEIM):
            assert stuk in tekst, stuk
        assert DOOR not in tekst and "Leiden 7x4" not in tekst
    assert pdf_pages(pdf)[-1].endswith("pagina 1 van 1")


def test_typed_markup_prints_as_plain_text(conn, tmp_path):
    with werk.connect_werk(tmp_path / "w.duckdb") as w:
        log.add_log_entry(w, "GM0547", observaties="<b>vet</b> & **ster**", datum=date(2026, 1, 1))
        data = tk.terugkoppeling(conn, w, "GM0547", INTERN)
    assert "<b>vet</b> & **ster**" in flat(" ".join(pdf_pages(tk.terugkoppeling_pdf(data))))
    assert "<b>vet</b> & **ster**" in docx_text(tk.terugkoppeling_docx(data))


def test_an_empty_log_says_so(conn, tmp_path):
    with werk.connect_werk(tmp_path / "w.duckdb") as w:
        data = tk.terugkoppeling(conn, w, "GM0547", INTERN)
    assert data.punten == () and "Er is nog niets om terug te koppelen." in docx_text(tk.terugkoppeling_docx(data))


def test_the_interpretatiesessie_page_offers_the_summary(app, conn, tmp_path):
    with werk.connect_werk(tmp_path / "werk.duckdb") as w:     # the app fixture's werkbestand
        log.add_log_entry(w, "GM0547", observaties="Op de pagina 6t1", datum=date(2026, 1, 1))
    at = goto(app, "pages/sessies.py", gemeente="GM0547")
    assert "Terugkoppeling aan inwoners" in [s.value for s in at.subheader]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Terugkoppeling (PDF)" in labels and "Terugkoppeling (Word)" in labels
