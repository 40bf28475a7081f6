"""Sharing with partners (issue 12, point 1): partner mode shows nothing from the werkbestand unless staff
marked it "delen met partners" — story sets and log entries — and never a count of hidden stories. Marking
is a staff action, shown and reversible. Core tests for the filter, the marking and the v2 -> v3 migration;
AppTests that open every partner page on a werkbestand with marked and unmarked items."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from google.protobuf import text_format

from core.exports import content
from core.samen import delen, sessions, storysets
from core.samen import interpretaties as log
from core.samen.interpretaties import LogFout
from core.samen.storysets import VerhaalsetFout
from core.store import werk
from core.store.db import read_sql
from core.vertellen.consent import Zichtbaarheid
from pages.parts import frame
from tests.conftest import goto

INTERN, PARTNER = Zichtbaarheid.INTERN, Zichtbaarheid.PARTNER
IDS = ["V0001", "V0005", "V0016"]     # openbaar, intern, nee

# Unique strings for every text a person typed; the GEHEIM ones must never reach a partner.
GEDEELD_TEKST = {"set_naam": "Deelset Noord 7f3", "set_vraag": "Wat deelt 7f3 ons?",
                 "log_tekst": "Deellog tekst 5c2", "log_door": "Deelauteur 5c2"}
GEHEIM_TEKST = {"set_naam": "Geheimset a91", "set_vraag": "Wat verbergt a91?",
                "log_tekst": "Geheimlog tekst b77", "log_door": "Geheimauteur b77",
                "gemeente_log": "Geheimlog gemeente c13", "sessie": "Geheimsessie d40", "sessie_vraag": "Geheimvraag d40?"}
# the notice that counts hidden stories (formatting.verborgen_melding); a cell or count labelled "niet getoond"
# (core.vertellen.groepen) gives no number away and may show
VERBORGEN = ("wordt niet getoond", "worden niet getoond", "niet meer in de opslag")


def _vul(conn) -> dict:
    """A werkbestand of gemeente GM0547 with a shared and an unshared set and log entry (both about WK054700
    and ggd_eenzaam), an unshared entry about the whole gemeente and a session. Returns the ids."""
    g, h = GEDEELD_TEKST, GEHEIM_TEKST
    ids = {"set_gedeeld": storysets.save_set(conn, g["set_naam"], g["set_vraag"], "ggd_eenzaam", "GM0547", None, IDS,
                                             datetime(2026, 1, 2), gedeeld=True),
           "set_geheim": storysets.save_set(conn, h["set_naam"], h["set_vraag"], "ggd_eenzaam", "GM0547", None, IDS,
                                            datetime(2026, 1, 1))}
    ids["sessie"] = sessions.save_session(conn, h["sessie"], "GM0547", [h["sessie_vraag"]], IDS,
                                          set_id=ids["set_geheim"])
    ids["log_gedeeld"] = log.add_log_entry(conn, "GM0547", observaties=g["log_tekst"], door=g["log_door"],
                                           wijk="WK054700", indicatoren=["ggd_eenzaam"], sessie_id=ids["sessie"],
                                           verhaalsets=[ids["set_gedeeld"], ids["set_geheim"]], gedeeld=True,
                                           datum=date(2026, 2, 1))
    ids["log_geheim"] = log.add_log_entry(conn, "GM0547", interpretaties=h["log_tekst"], door=h["log_door"],
                                          wijk="WK054700", indicatoren=["ggd_eenzaam"], datum=date(2026, 2, 2))
    ids["log_gemeente"] = log.add_log_entry(conn, "GM0547", acties=h["gemeente_log"], indicatoren=["ggd_eenzaam"],
                                            datum=date(2026, 2, 3))
    return ids


@pytest.fixture()
def werkpad(tmp_path) -> Path:
    return tmp_path / "werk.duckdb"


@pytest.fixture()
def gevuld(werkpad):
    with werk.connect_werk(werkpad) as conn:
        yield conn, _vul(conn)


# --- core: the filter -----------------------------------------------------------------------------

def test_partner_lists_only_shared_sets_without_saved_counts(gevuld):
    conn, ids = gevuld
    for lijst in (lambda m: storysets.list_sets(conn, "GM0547", mode=m),
                  lambda m: storysets.sets_for_indicator(conn, "ggd_eenzaam", "GM0547", mode=m)):
        assert list(lijst(INTERN)["id"]) == [ids["set_gedeeld"], ids["set_geheim"]]
        assert list(lijst(INTERN)["gedeeld"]) == [True, False] and list(lijst(INTERN)["verhalen"]) == [3, 3]
        partner = lijst(PARTNER)
        assert list(partner["id"]) == [ids["set_gedeeld"]]
        assert partner["verhalen"].isna().all()   # the number saved would count intern and withdrawn stories


def test_partner_reads_only_shared_log_entries(gevuld):
    conn, ids = gevuld
    lezen = {"wijk": lambda m: log.log_for_wijk(conn, "WK054700", mode=m),
             "indicator": lambda m: log.log_for_indicator(conn, "ggd_eenzaam", "GM0547", mode=m),
             "indicator_wijk": lambda m: log.log_for_indicator(conn, "ggd_eenzaam", "GM0547", "WK054700", mode=m),
             "gemeente": lambda m: log.log_for_gemeente(conn, "GM0547", mode=m)}
    for naam, lees in lezen.items():
        assert ids["log_geheim"] in {e.id for e in lees(INTERN)}, naam
        assert [e.id for e in lees(PARTNER)] == [ids["log_gedeeld"]], naam
    assert {e.id for e in log.log_for_gemeente(conn, "GM0547", mode=INTERN)} == {
        ids["log_gedeeld"], ids["log_geheim"], ids["log_gemeente"]}


def test_a_shared_entry_hides_its_unshared_set_and_session_from_partners(gevuld):
    conn, ids = gevuld
    [staf] = [e for e in log.log_for_wijk(conn, "WK054700", mode=INTERN) if e.id == ids["log_gedeeld"]]
    [partner] = log.log_for_wijk(conn, "WK054700", mode=PARTNER)
    assert set(staf.verhaalsets) == {ids["set_gedeeld"], ids["set_geheim"]} and staf.sessie_id == ids["sessie"]
    assert partner.verhaalsets == (ids["set_gedeeld"],) and partner.sessie_id is None
    assert partner.observaties == GEDEELD_TEKST["log_tekst"] and partner.door == GEDEELD_TEKST["log_door"]
    assert [e.id for e in log.log_for_set(conn, ids["set_gedeeld"], mode=PARTNER)] == [ids["log_gedeeld"]]
    assert log.log_for_set(conn, ids["set_geheim"], mode=PARTNER) == []
    assert [e.id for e in log.log_for_set(conn, ids["set_geheim"], mode=INTERN)] == [ids["log_gedeeld"]]
    assert log.log_for_session(conn, ids["sessie"], mode=PARTNER) == []
    assert [e.id for e in log.log_for_session(conn, ids["sessie"], mode=INTERN)] == [ids["log_gedeeld"]]


def test_sessions_are_never_listed_for_partners(gevuld):
    conn, ids = gevuld
    assert list(sessions.list_sessions(conn, "GM0547", mode=INTERN)["id"]) == [ids["sessie"]]
    assert sessions.list_sessions(conn, "GM0547", mode=PARTNER).empty


def test_an_unshared_set_cannot_be_read_in_partner_mode(conn, gevuld):
    werk_conn, ids = gevuld
    for lees in (lambda: storysets.set_stories(conn, werk_conn, ids["set_geheim"], PARTNER),
                 lambda: sessions.set_candidates(conn, werk_conn, ids["set_geheim"], PARTNER)):
        with pytest.raises(VerhaalsetFout, match="bestaat niet"):
            lees()
    assert list(storysets.set_stories(conn, werk_conn, ids["set_geheim"], INTERN).verhalen["id"]) == IDS[:2]


def test_no_count_of_hidden_stories_in_partner_mode(conn, gevuld):
    werk_conn, ids = gevuld
    staf = storysets.set_stories(conn, werk_conn, ids["set_gedeeld"], INTERN)
    partner = storysets.set_stories(conn, werk_conn, ids["set_gedeeld"], PARTNER)
    assert staf.melding.startswith("1 verhaal uit deze set wordt niet getoond")     # V0016 is nee
    assert list(partner.verhalen["id"]) == ["V0001"] and partner.melding is None    # V0005 intern, V0016 nee
    assert sessions.session_stories(conn, werk_conn, ids["sessie"], PARTNER).melding is None
    assert content.handout_data(conn, werk_conn, ids["sessie"], PARTNER).melding is None
    assert "niet getoond" in content.handout_data(conn, werk_conn, ids["sessie"], INTERN).melding


# --- core: marking ----------------------------------------------------------------------------------

def test_staff_mark_and_unmark_a_set_and_an_entry(gevuld):
    conn, ids = gevuld
    storysets.share_set(conn, ids["set_geheim"], True, INTERN)
    log.share_log_entry(conn, ids["log_geheim"], True, INTERN)
    assert set(storysets.list_sets(conn, mode=PARTNER)["id"]) == {ids["set_gedeeld"], ids["set_geheim"]}
    assert {e.id for e in log.log_for_wijk(conn, "WK054700", mode=PARTNER)} == {ids["log_gedeeld"], ids["log_geheim"]}
    assert storysets.load_set(conn, ids["set_geheim"]).gedeeld_op is not None
    storysets.share_set(conn, ids["set_gedeeld"], False, INTERN)
    log.share_log_entry(conn, ids["log_gedeeld"], False, INTERN)
    assert list(storysets.list_sets(conn, mode=PARTNER)["id"]) == [ids["set_geheim"]]
    assert [e.id for e in log.log_for_wijk(conn, "WK054700", mode=PARTNER)] == [ids["log_geheim"]]
    assert storysets.load_set(conn, ids["set_gedeeld"]).gedeeld is False


@pytest.mark.parametrize("share, fout", [(storysets.share_set, VerhaalsetFout), (log.share_log_entry, LogFout)])
def test_marking_is_refused_in_partner_mode_and_for_a_missing_id(gevuld, share, fout):
    conn, ids = gevuld
    ref = ids["set_geheim"] if fout is VerhaalsetFout else ids["log_geheim"]
    with pytest.raises(fout, match="alleen in de eigen omgeving"):
        share(conn, ref, True, PARTNER)
    with pytest.raises(fout, match="bestaat niet"):
        share(conn, "bestaatniet", True, INTERN)
    tabel = "verhaalsets" if fout is VerhaalsetFout else "logboek"
    assert conn.execute(f"SELECT gedeeld FROM {tabel} WHERE id = ?", [ref]).fetchone() == (False,)
    assert not conn.execute("SELECT count(*) FILTER (WHERE gedeeld) FROM logboek WHERE id = 'bestaatniet'").fetchone()[0]


def test_new_sets_and_entries_start_unshared(werkpad):
    with werk.connect_werk(werkpad) as conn:
        storysets.save_set(conn, "Nieuw", "Wat nu?", None, "GM0547", None, ["V0001"])
        log.add_log_entry(conn, "GM0547", observaties="Nieuw", wijk="WK054700")
        assert storysets.list_sets(conn, mode=PARTNER).empty
        assert log.log_for_wijk(conn, "WK054700", mode=PARTNER) == []
        assert list(storysets.list_sets(conn, mode=INTERN)["gedeeld"]) == [False]


# --- the werkbestand migration 2 -> 3 -------------------------------------------------------------

def _version_2_file(path: Path) -> None:
    """A werkbestand as version 2 of the product wrote it: one set, one log entry linked to it."""
    with duckdb.connect(str(path)) as conn:
        conn.execute(read_sql("werk.sql"))
        conn.execute(read_sql("werk_v2.sql"))
        conn.execute("CREATE TABLE werk_versie (versie INTEGER NOT NULL)")
        conn.execute("INSERT INTO werk_versie VALUES (1), (2)")
        conn.execute("INSERT INTO verhaalsets VALUES ('oud', 'Oude set', 'Wat valt op?', 'ggd_eenzaam', 'GM0547', "
                     "NULL, TIMESTAMP '2025-05-01 10:00')")
        conn.execute("INSERT INTO verhaalset_verhalen VALUES ('oud', 'V0001', 1), ('oud', 'V0004', 2)")
        conn.execute("INSERT INTO logboek VALUES ('l1', 'GM0547', 'WK054700', NULL, 'Oud inzicht', NULL, NULL, "
                     "DATE '2025-05-02', 'Sam', TIMESTAMP '2025-05-02 11:00')")
        conn.execute("INSERT INTO logboek_links VALUES ('l1', 'verhaalset', 'oud'), ('l1', 'indicator', 'ggd_eenzaam')")


def test_a_version_2_werkbestand_is_migrated_unshared_and_keeps_everything(werkpad):
    _version_2_file(werkpad)
    with werk.connect_werk(werkpad) as conn:
        assert werk.schema_versie(conn) == werk.WERK_SCHEMA_VERSIE
        oud = storysets.load_set(conn, "oud")
        assert (oud.naam, oud.verhaal_ids, oud.gedeeld, oud.gedeeld_op) == ("Oude set", ("V0001", "V0004"), False, None)
        [entry] = log.log_for_wijk(conn, "WK054700", mode=INTERN)
        assert (entry.observaties, entry.door, entry.verhaalsets, entry.gedeeld) == ("Oud inzicht", "Sam", ("oud",),
                                                                                       False)
        assert storysets.list_sets(conn, mode=PARTNER).empty and log.log_for_wijk(conn, "WK054700", mode=PARTNER) == []
        nullable = dict(conn.execute("SELECT table_name || '.' || column_name, is_nullable FROM "
                                     "information_schema.columns WHERE column_name = 'gedeeld'").fetchall())
        assert nullable == {"verhaalsets.gedeeld": "NO", "logboek.gedeeld": "NO", "kernverhalen.gedeeld": "NO"}
        storysets.share_set(conn, "oud", True, INTERN)
        log.share_log_entry(conn, "l1", True, INTERN)
    with werk.connect_werk(werkpad) as conn:   # opening again changes nothing
        assert conn.execute("SELECT count(*) FROM werk_versie").fetchone()[0] == werk.WERK_SCHEMA_VERSIE
        assert list(storysets.list_sets(conn, mode=PARTNER)["id"]) == ["oud"]
        assert [e.id for e in log.log_for_wijk(conn, "WK054700", mode=PARTNER)] == ["l1"]


def test_a_failed_migration_leaves_the_version_2_file_as_it_was(werkpad, monkeypatch):
    _version_2_file(werkpad)
    monkeypatch.setitem(werk._MIGRATIES, 2, "werk_v3_kapot.sql")
    monkeypatch.setattr(werk, "read_sql", lambda naam: read_sql("werk_v3.sql") + (
        "\nSELECT error('kapot');" if naam == "werk_v3_kapot.sql" else ""))
    with pytest.raises(duckdb.Error, match="kapot"):
        werk.connect_werk(werkpad)
    with duckdb.connect(str(werkpad)) as conn:
        assert werk.schema_versie(conn) == 2
        assert conn.execute("SELECT count(*) FROM verhaalsets").fetchone()[0] == 1
        assert "gedeeld" not in {r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'verhaalsets'").fetchall()}


# --- the pages --------------------------------------------------------------------------------------

def _node_texts(node, parts: list) -> None:
    proto = getattr(node, "proto", None)
    if proto is not None:
        parts.append(text_format.MessageToString(proto, as_utf8=True))
    value = getattr(node, "value", None)
    if hasattr(value, "to_string"):
        parts.append(value.to_string())
    for child in getattr(node, "children", {}).values():
        _node_texts(child, parts)


def page_text(at) -> str:
    """Every string the page sends to the browser: each element's message (markdown, text, captions,
    headers, alerts, expander and widget labels, options, help, page links) and every data frame."""
    parts: list[str] = []
    _node_texts(at._tree, parts)
    return "\n".join(parts)


def _werk_voor_app(tmp_path) -> dict:
    with werk.connect_werk(tmp_path / "werk.duckdb") as conn:   # the file the `app` fixture points TV_WERK at
        return _vul(conn)


PARAMS = {"gemeente": "GM0547", "wijk": "WK054700", "indicator": "ggd_eenzaam", "groep": "18 jaar of ouder"}
THUIS = {"pages/wijkfoto.py": ("log_tekst", "log_door", "set_naam"), "pages/indicatoren.py": (
    "log_tekst", "log_door", "set_naam", "set_vraag"), "pages/tellen_vertellen.py": ("set_naam", "set_vraag")}


def _partner_pages(monkeypatch) -> list[str]:
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    scripts = [p[1] for p in frame.visible_pages()]
    assert "pages/sessies.py" not in scripts and set(THUIS) <= set(scripts)
    return scripts


def test_every_partner_page_shows_only_what_staff_shared(app, tmp_path, monkeypatch):
    _werk_voor_app(tmp_path)
    scripts = _partner_pages(monkeypatch)
    for script in scripts:
        app.query_params.clear()
        at = goto(app, script, **PARAMS)
        text = page_text(at)
        for naam, geheim in GEHEIM_TEKST.items():
            assert geheim not in text, f"{naam} {geheim!r} visible on {script} in partner mode"
        for zin in VERBORGEN:
            assert zin not in text, f"a count of hidden stories on {script} in partner mode"
        assert "Verhaalset bij dit cijfer ·" not in text, "the number saved counts stories partners may not read"
        assert "Delen met partners" not in text and "Niet meer delen" not in text and "Niet gedeeld" not in text
        for naam in THUIS.get(script, ()):
            assert GEDEELD_TEKST[naam] in text, f"shared {naam} missing on {script}"
    assert len(scripts) >= 8


def test_staff_pages_show_both_with_their_state_and_the_hidden_count(app, tmp_path):
    _werk_voor_app(tmp_path)
    for script, namen in THUIS.items():
        app.query_params.clear()
        text = page_text(goto(app, script, **PARAMS))
        for naam in namen:
            assert GEDEELD_TEKST[naam] in text and GEHEIM_TEKST[naam] in text, (script, naam)
        assert delen.GEDEELD in text and delen.NIET_GEDEELD in text, script
    assert "1 verhaal uit deze set wordt niet getoond" in text   # Tellen & vertellen, last: staff keep the notice


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def test_staff_toggle_shares_and_unshares_at_once(app, tmp_path, monkeypatch):
    ids = _werk_voor_app(tmp_path)
    log_knop, set_knop = f"delen.log.{ids['log_geheim']}", f"delen.set.{ids['set_geheim']}"
    at = goto(app, "pages/indicatoren.py", **PARAMS)
    assert _button(at, log_knop).label == "Delen met partners" and _button(at, set_knop).label == "Delen met partners"
    _button(at, log_knop).click().run()
    _button(at, set_knop).click().run()
    assert not at.exception and not at.error
    assert _button(at, log_knop).label == "Niet meer delen" and _button(at, set_knop).label == "Niet meer delen"

    monkeypatch.setenv("TV_PARTNERMODUS", "1")        # the partner server reads a fresh copy
    partner = page_text(goto(app, "pages/indicatoren.py", **PARAMS))
    assert GEHEIM_TEKST["log_tekst"] in partner and GEHEIM_TEKST["set_naam"] in partner
    assert GEHEIM_TEKST["gemeente_log"] not in partner

    monkeypatch.delenv("TV_PARTNERMODUS")
    at = goto(app, "pages/indicatoren.py", **PARAMS)
    _button(at, log_knop).click().run()
    _button(at, set_knop).click().run()
    assert _button(at, log_knop).label == "Delen met partners" and _button(at, set_knop).label == "Delen met partners"
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    partner = page_text(goto(app, "pages/indicatoren.py", **PARAMS))
    assert GEHEIM_TEKST["log_tekst"] not in partner and GEHEIM_TEKST["set_naam"] not in partner
    assert GEDEELD_TEKST["log_tekst"] in partner


def test_staff_share_on_the_sessions_page_and_when_saving(app, tmp_path, monkeypatch):
    ids = _werk_voor_app(tmp_path)
    at = goto(app, "pages/sessies.py", gemeente="GM0547")
    text = page_text(at)
    assert GEHEIM_TEKST["gemeente_log"] in text and GEHEIM_TEKST["set_naam"] in text
    _button(at, f"delen.log.{ids['log_gemeente']}").click().run()
    assert _button(at, f"delen.log.{ids['log_gemeente']}").label == "Niet meer delen"
    at.text_area(key="log.observaties").set_value("Gedeeld bij opslaan e55")
    at.selectbox(key="log.wijk").set_value("WK054700")
    at.checkbox(key="log.gedeeld").check()
    at.button(key="log.opslaan").click().run()
    assert not at.exception and any("logboek" in s.value for s in at.success)
    at.switch_page("pages/verhalen.py").run()
    at.text_input(key="set.naam").set_value("Set gedeeld bij opslaan f66")
    at.text_input(key="set.vraag").set_value("Wat zien we bij f66?")
    at.selectbox(key="set.indicator").set_value("ggd_eenzaam")
    at.checkbox(key="set.gedeeld").check()
    at.button(key="set.opslaan").click().run()
    assert not at.exception and any("is opgeslagen" in s.value for s in at.success)

    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    partner = page_text(goto(app, "pages/indicatoren.py", **PARAMS))
    assert GEHEIM_TEKST["gemeente_log"] in partner          # shared on the sessions page
    assert "Set gedeeld bij opslaan f66" in partner         # shared when it was saved
    partner = page_text(goto(app, "pages/wijkfoto.py", **PARAMS))
    assert "Gedeeld bij opslaan e55" in partner              # shared when it was saved
