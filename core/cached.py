"""The only core module that knows Streamlit: cached access to the store for the pages.

The connection is cached per file identity of the figures store and the story store, so a rebuild or
an import (each writes a new file, then moves it over the old one) is opened afresh on the next rerun.
Data caches take the data version (`current_build`: build id and story version) as an argument, so
new figures and new stories are never served stale.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from core import toegang
from core.ingest import csvbestand, kaderconcept
from core.ingest.stories import kader_uit_tekst
from core.samen import doelbomen, interpretaties, sessions, storysets
from core.samen import netwerklunch as netwerklunch_core
from core.settings import Settings, load_settings
from core.store import verhalen as verhaalopslag
from core.store.db import connect_readonly, data_versie
from core.store.werk import connect_werk, connect_werk_lezen, werk_stand
from core.tellen import aandacht as aandacht_core
from core.tellen import beleving as beleving_core
from core.tellen import figures, goals, queries
from core.tellen import jaarfotos as jaarfotos_core
from core.tellen import wijkfoto as wijkfoto_core
from core.vertellen import controle
from core.vertellen import dekking as dekking_core
from core.vertellen import groepen as groepen_core
from core.vertellen import kaders as kaders_core
from core.vertellen import kwaliteit as kwaliteit_core
from core.vertellen import patterns as patterns_core
from core.vertellen import search as search_core
from core.vertellen import stories as stories_core
from core.vertellen.consent import Zichtbaarheid

# What a cache shows while it computes: Streamlit's own text is English and names the function
# ("Running wijkfoto(...)").
SPINNER = "Even geduld, de app rekent …"


@st.cache_resource(show_spinner=SPINNER, max_entries=2)
def _connection(store: str, verhalen: str, stamp: tuple):
    return connect_readonly(Path(store), Path(verhalen))


def _stamp(path: Path) -> tuple:
    """Which file is there now: a replaced file has a new inode and modification time."""
    try:
        stat = os.stat(path)
    except OSError:
        return (0, 0)
    return (stat.st_ino, stat.st_mtime_ns)


def settings() -> Settings:
    return load_settings()


def cursor():
    """A cursor on the shared read-only connection (one per call: cursors are not shared between threads)."""
    store, verhalen = settings().store, settings().verhalen
    return _connection(str(store), str(verhalen), _stamp(store) + _stamp(verhalen)).cursor()


def mode() -> Zichtbaarheid:
    return Zichtbaarheid.PARTNER if settings().partnermodus else Zichtbaarheid.INTERN


def current_build() -> str:
    """The data version: changes with every build, import and removal (every cache keys on it)."""
    with cursor() as cur:
        return data_versie(cur)


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=3600)
def gemeenten(build: str):
    with cursor() as cur:
        return queries.gemeenten(cur)


def wijk_overzicht(gemeente: str, zichtbaarheid: str, build: str):
    """The wijken with their story counts as they may be shown (core.vertellen.groepen: k = min_groep)."""
    return wijk_overzicht_k(gemeente, zichtbaarheid, settings().min_groep, build)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def wijk_overzicht_k(gemeente: str, zichtbaarheid: str, k: int, build: str):
    # public (as story_page_regels and group_checks): the bench's raw-query floor replays public functions
    with cursor() as cur:
        return queries.wijk_overzicht(cur, gemeente, Zichtbaarheid(zichtbaarheid), k)


@st.cache_data(show_spinner=SPINNER, max_entries=4, ttl=3600)
def bronnen(build: str):
    with cursor() as cur:
        return queries.bronnen(cur), queries.modelschattingen(cur)


# --- tellen pages ----------------------------------------------------------------------------


def _run(func, *args):
    with cursor() as cur:
        return func(cur, *args)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def wijken(gemeente: str, build: str):
    return _run(figures.wijken, gemeente)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def indicator_options(gemeente: str, build: str):
    return _run(figures.wijk_indicatoren, gemeente)


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def indicator_info(indicator: str, build: str, gemeente: str | None = None):
    """The indicator with the source of this gemeente's wijk figures of it (an import names itself)."""
    return _run(figures.indicator_info, indicator, gemeente)


@st.cache_data(show_spinner=SPINNER, max_entries=256, ttl=3600)
def wijk_values(gemeente: str, indicator: str, groep: str, jaar: int, build: str,
                indeling: int = figures.ACTUELE_INDELING):
    return _run(figures.wijk_values, gemeente, indicator, groep, jaar, indeling)


@st.cache_data(show_spinner=SPINNER, max_entries=256, ttl=3600)
def region_value(regio: str, indicator: str, groep: str, jaar: int, build: str):
    return _run(figures.region_value, regio, indicator, groep, jaar)


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def wijkfoto_jaren(wijk: str, build: str, indeling: int = figures.ACTUELE_INDELING):
    return _run(wijkfoto_core.jaren, wijk, indeling)


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def wijkfoto(wijk: str, jaar: int, zichtbaarheid: str, k: int, build: str, indeling: int = figures.ACTUELE_INDELING,
             verhalen_alle_jaren: bool = False):
    return _run(wijkfoto_core.wijkfoto, wijk, jaar, Zichtbaarheid(zichtbaarheid), k, indeling, verhalen_alle_jaren)


@st.cache_data(show_spinner=SPINNER, max_entries=32, ttl=3600)
def dekking(gemeente: str, zichtbaarheid: str, k: int, build: str):
    leefgebieden = [lg for lg, _ in wijkfoto_core.plekken()]
    return _run(dekking_core.dekking, gemeente, Zichtbaarheid(zichtbaarheid), k, leefgebieden, figures.ACTUELE_INDELING)


@st.cache_data(show_spinner=SPINNER, max_entries=32, ttl=3600)
def aandachtslijst(gemeente: str, indeling: int, build: str):
    """The gemeente's Aandachtslijst for all its wijken at once (core.tellen.aandacht); the wijkfoto and a
    chosen wijk take their part of it."""
    return _run(aandacht_core.aandachtslijst, gemeente, indeling)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=600)
def aandacht_verhalen(gemeente: str, paren: tuple, zichtbaarheid: str, k: int, build: str) -> dict:
    """{(wijk, indicator): ItemVerhalen}; `build` changes with every import and consent change."""
    return _run(aandacht_core.verhalen_bij, gemeente, paren, Zichtbaarheid(zichtbaarheid), k)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def beleving_wijk(wijk: str, gemeente: str, zichtbaarheid: str, k: int, jaar: int, indeling: int, build: str):
    """Cijfer en beleving of every leefgebied of a wijk (core.tellen.beleving)."""
    return _run(beleving_core.voor_wijk, wijk, gemeente, Zichtbaarheid(zichtbaarheid), k, jaar, indeling)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def beleving_indicator(wijk: str, gemeente: str, indicator: str, groep: str, zichtbaarheid: str, k: int, build: str):
    """Cijfer en beleving of one indicator in a wijk (Tellen & vertellen)."""
    return _run(beleving_core.voor_indicator, wijk, gemeente, indicator, groep, Zichtbaarheid(zichtbaarheid), k)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def jaarfotos(wijk: str, zichtbaarheid: str, k: int, build: str, indeling: int = figures.ACTUELE_INDELING,
              jaren: tuple | None = None):
    """The jaarfoto's of a wijk (core.tellen.jaarfotos): the chosen years, None for the default ones."""
    return _run(jaarfotos_core.jaarfotos, wijk, Zichtbaarheid(zichtbaarheid), k, indeling, jaren)


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def trend(regios: tuple, indicator: str, groep: str, build: str, indeling: int = figures.ACTUELE_INDELING):
    return _run(figures.trend, list(regios), indicator, groep, indeling)


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def breaks(indicator: str, regios: tuple, build: str):
    return _run(figures.breaks, indicator, list(regios))


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def doel_lijnen(indicator: str, regio: str, groep: str, build: str):
    return _run(figures.doel_lijnen, indicator, regio, groep)


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=3600)
def goal_table(gemeente: str, build: str):
    return _run(goals.goal_table, gemeente)


@st.cache_data(show_spinner=SPINNER, max_entries=4, ttl=3600)
def gemeenten_met_doelen(build: str):
    return _run(goals.gemeenten_met_doelen)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def gemeente_naam(gemeente: str, build: str) -> str:
    frame = gemeenten(build)
    match = frame.loc[frame["code"] == gemeente, "naam"]
    return match.iloc[0] if len(match) else gemeente


# --- wijk indelingen of the figures (issue 13 point 4, helper H4) ---------------------------------

@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def cijfer_wijken(gemeente: str, indeling: int, build: str):
    """The wijken of a gemeente in the indeling of the chosen figures (code, naam)."""
    return _run(figures.cijfer_wijken, gemeente, indeling)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def wijkfoto_wijken(gemeente: str, build: str):
    """The wijk indeling and wijken of a gemeente's wijkfoto (core.tellen.wijkfoto.WijkKeuze)."""
    return _run(wijkfoto_core.wijk_keuze, gemeente)


# --- goal trees (Beheer → Doelen, pages/parts/beheer_doelen.py; core.samen.doelbomen) ------------


def _doel_paden() -> doelbomen.Paden:
    return doelbomen.Paden.uit(settings())


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=3600)
def doelboom(gemeente: str, build: str):
    """(tree, 'eigen' | 'meegeleverd') or (None, None); every save rebuilds the store, so `build` changes."""
    return doelbomen.boom(_doel_paden(), gemeente)


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=3600)
def doelboom_historie(gemeente: str, build: str):
    return doelbomen.historie(_doel_paden().eigen, gemeente)


def doelboom_heeft_meegeleverd(gemeente: str) -> bool:
    """Whether the app ships a tree for this gemeente (what removing its own tree falls back to)."""
    return doelbomen.meegeleverde_boom(_doel_paden(), gemeente) is not None


def doelboom_versie(historie_id: str) -> str | None:
    return doelbomen.historie_inhoud(_doel_paden().eigen, historie_id)


def doelboom_json(gemeente: str, build: str) -> str | None:
    return doelbomen.exporteer(_doel_paden(), gemeente)


@st.cache_data(show_spinner=SPINNER, max_entries=4, ttl=3600)
def doel_keuzes(build: str):
    """The catalog's (id, label) pairs and the age groups, for the editor's selectboxes."""
    return _run(goals.indicator_keuzes), _run(goals.leeftijdsgroepen)


def doelboom_controleren(tree: dict) -> dict:
    """The canonical tree, checked against the figures store; raises DoelboomFout with every problem."""
    return doelbomen.controleer(settings().store, tree)


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=600)
def doelboom_voorbeeld(tree_json: str, build: str):
    """The Doelen page's table for a checked tree that is not saved yet (keyed on its JSON)."""
    return _run(doelbomen.voorbeeld, json.loads(tree_json))


def doelboom_opslaan(tree: dict, door: str, wat: str, melden):
    """Save (a write of the eigen store and a rebuild of the figures store under the write lock)."""
    return doelbomen.bewaar(_doel_paden(), tree, door, wat, melden,
                            actie="opgeslagen" if wat == doelbomen.FORMULIER else "geïmporteerd")


def doelboom_verwijderen(gemeente: str, door: str, melden):
    return doelbomen.verwijder(_doel_paden(), gemeente, door, melden)


# --- vertellen pages -------------------------------------------------------------------------


@st.cache_resource(show_spinner=SPINNER, max_entries=2)
def _werk_connection(path: str, lezen: bool = False, stand: tuple = ()):
    # `stand` only keys the cache: a partner server copies the werkbestand again when it changed
    return connect_werk_lezen(Path(path)) if lezen else connect_werk(Path(path))


def werk_cursor():
    """A cursor on the werkbestand (story sets, sessions, log); one per call. Writable on the staff
    server; on the partner server a read-only copy, so both can run beside each other (DuckDB allows
    one process on a file that is being written)."""
    path = settings().werk
    if mode() is Zichtbaarheid.PARTNER:
        return _werk_connection(str(path), True, werk_stand(path)).cursor()
    return _werk_connection(str(path)).cursor()


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=3600)
def filter_options(zichtbaarheid: str, build: str):
    return _run(stories_core.filter_options, Zichtbaarheid(zichtbaarheid))


def story_page(filter_json: str, pagina: int, per_pagina: int, zichtbaarheid: str, build: str, k: int | None = None):
    """One page of the story list with its total (a VerhaalPagina): never more than per_pagina stories.
    The small-group rules (core.vertellen.groepen) hold for every list in partner mode, and for staff where
    the page passes k (story cards on Patronen); a hidden group has no stories and `verborgen` set."""
    if Zichtbaarheid(zichtbaarheid) is Zichtbaarheid.PARTNER:
        k = settings().min_groep
    return story_page_regels(filter_json, pagina, per_pagina, zichtbaarheid, build, k)


@st.cache_data(show_spinner=SPINNER, max_entries=256, ttl=600)
def story_page_regels(filter_json: str, pagina: int, per_pagina: int, zichtbaarheid: str, build: str, k: int | None):
    f, mode = stories_core.VerhaalFilter.from_json(filter_json), Zichtbaarheid(zichtbaarheid)
    if k is None:
        return _run(stories_core.story_page, f, mode, pagina, per_pagina)
    return _run(groepen_core.story_page, f, mode, k, pagina, per_pagina)


@st.cache_data(show_spinner=SPINNER, max_entries=256, ttl=600)
def story_detail(story_id: str, zichtbaarheid: str, build: str):
    return _run(stories_core.story_detail, story_id, Zichtbaarheid(zichtbaarheid))


@st.cache_data(show_spinner=SPINNER, max_entries=256, ttl=600)
def _answer_counts(signifier: str, filter_json: str, per: str | None, zichtbaarheid: str, build: str):
    """One question's answers counted for one filter, split by wijk or jaar when `per` says so (a few
    thousand rows at most): a pattern and its groups and comparison share it."""
    return _run(patterns_core.answer_counts, signifier, stories_core.VerhaalFilter.from_json(filter_json),
                Zichtbaarheid(zichtbaarheid), per)


def _group_json(filter_json: str, per: str | None, waarden) -> str:
    """The filter of one group of a split count: filter_json with its wijken or years set to `waarden`."""
    if per is None or waarden is None:
        return filter_json
    f = stories_core.VerhaalFilter.from_json(filter_json)
    if per == "wijk":
        return replace(f, wijken=tuple(waarden)).to_json()
    return replace(f, jaren=(min(waarden), max(waarden))).to_json()


@st.cache_data(show_spinner=SPINNER, max_entries=256, ttl=600)
def group_checks(signifier: str, filter_json: str, zichtbaarheid: str, k: int, build: str):
    """The small-group verdicts of one question's patterns for one group (partner mode; None for staff)."""
    return _run(patterns_core.group_checks, signifier, stories_core.VerhaalFilter.from_json(filter_json),
                Zichtbaarheid(zichtbaarheid), k)


def patterns_for(signifier: str, filter_json: str, zichtbaarheid: str, k: int, build: str,
                 per: str | None = None, waarden=None):
    """The heatmap, zone, histogram or choice pattern (no triad dots: pages draw the heatmap), with the
    small-group rules of core.vertellen.groepen applied.
    per/waarden: from the counts of filter_json split by 'wijk' or 'jaar', only these values (None: all)."""
    telling = _answer_counts(signifier, filter_json, per, zichtbaarheid, build).deel(waarden)
    controle = group_checks(signifier, _group_json(filter_json, per, waarden), zichtbaarheid, k, build)
    return patterns_core.patterns_from_counts(telling, k, controle=controle)


def _shown(signifier: str, filter_json: str, zichtbaarheid: str, k: int, build: str) -> bool:
    return all(o.getoond for o in (group_checks(signifier, filter_json, zichtbaarheid, k, build) or {}).values())


def compare_groups(signifier: str, filter_a: str, filter_b: str, zichtbaarheid: str, k: int, build: str):
    return patterns_core.compare_counts(_answer_counts(signifier, filter_a, None, zichtbaarheid, build),
                                        _answer_counts(signifier, filter_b, None, zichtbaarheid, build), k,
                                        _shown(signifier, filter_a, zichtbaarheid, k, build),
                                        _shown(signifier, filter_b, zichtbaarheid, k, build))


def compare_split(signifier: str, filter_json: str, per: str, a, b, zichtbaarheid: str, k: int, build: str):
    """Two values of `per` (two wijken, two years) compared from the one split count of filter_json."""
    telling = _answer_counts(signifier, filter_json, per, zichtbaarheid, build)
    return patterns_core.compare_counts(
        telling.deel([a]), telling.deel([b]), k,
        _shown(signifier, _group_json(filter_json, per, [a]), zichtbaarheid, k, build),
        _shown(signifier, _group_json(filter_json, per, [b]), zichtbaarheid, k, build))


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def signifier_info(signifier: str, build: str):
    return _run(patterns_core.signifier_info, signifier)


# --- frameworks: key signifiers (issue 13, helper H1b) ------------------------------------------


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def sleutels(kader: str, build: str):
    """The key signifiers a framework file names (core.vertellen.kaders.Sleutels)."""
    return _run(kaders_core.sleutels, kader)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def sleutels_van(gemeente: str, zichtbaarheid: str, build: str, wijk: str | None = None):
    """The key signifiers of every framework the readable stories of a gemeente (or wijk) use."""
    return _run(kaders_core.sleutels_van, gemeente, Zichtbaarheid(zichtbaarheid), wijk)


@st.cache_data(show_spinner=SPINNER, max_entries=32, ttl=3600)
def kwaliteit(gemeente: str, zichtbaarheid: str, k: int, build: str):
    """Kwaliteit van de verhalen: per framework of the gemeente's stories (core.vertellen.kwaliteit)."""
    return _run(kwaliteit_core.kwaliteit, gemeente, Zichtbaarheid(zichtbaarheid), k)


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def fictief_zin(zichtbaarheid: str, build: str, gemeente: str | None = None, wijk: str | None = None) -> str:
    """'De verhalen zijn fictieve voorbeelden.' only as far as the stories' own flags say so ('' for none)."""
    return _run(stories_core.fictief_zin, Zichtbaarheid(zichtbaarheid), gemeente, wijk)


@st.cache_data(show_spinner=SPINNER, max_entries=8, ttl=3600)
def herkomst_tekst(zichtbaarheid: str, build: str) -> str:
    return _run(stories_core.herkomst_tekst, Zichtbaarheid(zichtbaarheid))


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def thema_keuzes(gemeente: str, themas: tuple[str, ...], zichtbaarheid: str, build: str) -> dict:
    """Per framework's thema question (its key): the options that name these thema's (core.vertellen.kaders)."""
    return _run(kaders_core.thema_keuzes, gemeente, Zichtbaarheid(zichtbaarheid), themas)


def sets_for_indicator(indicator: str, gemeente: str | None):
    """Not cached: story sets change while the app runs. Partner mode: only the shared sets."""
    with werk_cursor() as werk:
        return storysets.sets_for_indicator(werk, indicator, gemeente, mode=mode())


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=600)
def set_stories(set_id: str, limit: int | None, zichtbaarheid: str, build: str):
    """The first `limit` readable stories of a set and its counts. A saved set never changes (it can only
    be deleted, and then it is no longer listed), and `build` changes with consent: safe to cache."""
    with cursor() as cur, werk_cursor() as werk:
        shown = storysets.set_stories(cur, werk, set_id, Zichtbaarheid(zichtbaarheid), limit)
    return replace(shown, bron=None)  # the set itself holds every saved id: not kept in the cache


def save_filter_set(naam, vraag, indicator, gemeente, filter_obj, gedeeld: bool = False) -> int:
    """Save every story the filter finds now as a set (ids from an id-only query); returns how many."""
    with cursor() as cur, werk_cursor() as werk:
        return storysets.save_filter_set(cur, werk, naam, vraag, indicator, gemeente, filter_obj, mode(),
                                         gedeeld=gedeeld)


def list_sets(gemeente: str | None):
    with werk_cursor() as werk:
        return storysets.list_sets(werk, gemeente, mode=mode())


def share_set(set_id: str, gedeeld: bool):
    """Staff mark a set "delen met partners" (or take the mark off); set_stories forgets what it kept."""
    with werk_cursor() as werk:
        storysets.share_set(werk, set_id, gedeeld, mode())
    set_stories.clear()


def delete_set(set_id: str):
    with werk_cursor() as werk:
        storysets.delete_set(werk, set_id)


@st.cache_data(show_spinner=SPINNER, max_entries=128, ttl=3600)
def themes_for_indicator(indicator: str, build: str, gemeente: str | None = None):
    return _run(goals.themes_for_indicator, indicator, gemeente)


# --- the personal data check (staff only) ------------------------------------------------------


@st.cache_data(show_spinner=SPINNER, max_entries=16, ttl=600)
def controle_lijst(pagina: int, build: str):
    """One page of the stories held back by the personal data check (a Controlelijst)."""
    return _run(controle.in_controle, pagina)


@st.cache_data(show_spinner=SPINNER, max_entries=4, ttl=600)
def controle_vrijgegeven(build: str):
    return _run(controle.vrijgegeven)


def controle_vrijgeven(verhaal: str, titel: str, tekst: str, door: str) -> int:
    """Release one held-back story with this title and text (a write of the story store: the next
    rerun opens the new file, and `build` changes, so no cache serves the old state)."""
    return controle.vrijgeven(settings().store, settings().verhalen, [controle.Vrijgave(verhaal, titel, tekst)],
                              door)


# --- meetings --------------------------------------------------------------------------------


def today() -> date:
    """The clock, in one place (tests may patch it)."""
    return date.today()


@st.cache_data(show_spinner=SPINNER, max_entries=64, ttl=3600)
def netwerklunch(gemeente: str, wijk: str | None, k: int, datum: str, build: str):
    return _run(netwerklunch_core.dias, gemeente, wijk, k, datum)


@st.cache_data(show_spinner=SPINNER, max_entries=32, ttl=600)
def session_candidates(filter_json: str | None, set_id: str | None, zichtbaarheid: str, build: str):
    """The pool a session samples from (a story set, or the current filter) and how many stories it
    stands for: (frame, totaal). A pool holds a few thousand rows at most (sessions.POOL_PER_STRATUM).
    A saved set never changes; a deleted one is no longer offered, so the set id is a safe key."""
    with cursor() as cur, werk_cursor() as werk:
        if set_id:
            pool = sessions.set_candidates(cur, werk, set_id, Zichtbaarheid(zichtbaarheid))
        else:
            pool = sessions.candidates(cur, stories_core.VerhaalFilter.from_json(filter_json),
                                       Zichtbaarheid(zichtbaarheid))
    return pool, pool.attrs["totaal"]


def save_session(titel, gemeente, vragen, ids, **kwargs):
    with werk_cursor() as werk:
        return sessions.save_session(werk, titel, gemeente, vragen, ids, **kwargs)


def list_sessions(gemeente: str):
    with werk_cursor() as werk:
        return sessions.list_sessions(werk, gemeente, mode=mode())


def delete_session(sessie_id: str):
    with werk_cursor() as werk:
        sessions.delete_session(werk, sessie_id)


def session_stories(sessie_id: str):
    with cursor() as cur, werk_cursor() as werk:
        return sessions.session_stories(cur, werk, sessie_id, mode())


def handout(sessie_id: str, soort: str) -> bytes:
    """The handout of a session as 'pdf' or 'docx' (only stories readable now, in this deployment)."""
    from core.exports import content, docx, pdf  # on first download: the document libraries cost 0.5 s at start-up
    with cursor() as cur, werk_cursor() as werk:
        data = content.handout_data(cur, werk, sessie_id, mode(), settings().min_groep)
    return pdf.handout_pdf(data) if soort == "pdf" else docx.handout_docx(data)


def wijkfoto_document(wijk: str, jaar: int, soort: str, build: str, indeling: int = figures.ACTUELE_INDELING) -> bytes:
    """The wijkfoto for the council as 'pdf' or 'pptx' (the PowerPoint with the wijk's key stories first)."""
    from core.exports import pdf, pptx  # on first download, as in `handout`
    foto = wijkfoto(wijk, jaar, mode().value, settings().min_groep, build, indeling)
    with cursor() as cur:
        if soort == "pdf":
            return pdf.wijkfoto_pdf(foto, cur, mode(), settings().min_groep)
        with werk_cursor() as werk:
            return pptx.wijkfoto_pptx(foto, cur, mode(), settings().min_groep, werk)


def add_log_entry(gemeente: str, **kwargs):
    with werk_cursor() as werk:
        return interpretaties.add_log_entry(werk, gemeente, **kwargs)


def log_for_indicator(indicator: str, gemeente: str, wijk: str | None = None):
    with werk_cursor() as werk:
        return interpretaties.log_for_indicator(werk, indicator, gemeente, wijk, mode=mode())


def log_for_wijk(wijk: str):
    with werk_cursor() as werk:
        return interpretaties.log_for_wijk(werk, wijk, mode=mode())


def log_for_wijk_indicator(wijk: str, indicator: str):
    with werk_cursor() as werk:
        return interpretaties.log_for_wijk_indicator(werk, wijk, indicator, mode=mode())


def log_for_gemeente(gemeente: str):
    with werk_cursor() as werk:
        return interpretaties.log_for_gemeente(werk, gemeente, mode=mode())


def share_log_entry(entry_id: str, gedeeld: bool):
    """Staff mark a log entry "delen met partners" (or take the mark off). The log is not cached."""
    with werk_cursor() as werk:
        interpretaties.share_log_entry(werk, entry_id, gedeeld, mode())



# --- Beheer: verhalen (issue 13, helper H1a): preview, import and removal of a story file --------------


@st.cache_data(show_spinner=SPINNER, max_entries=8, ttl=600)
def verhalen_concept(naam: str, data: bytes):
    """A framework drawn up from an uploaded story file's header: (header, draft dict, table rows)."""
    with csvbestand.als_bestand(naam, data) as path:
        kop = kaderconcept.lees_voorbeeld(path)[0]
        concept = kaderconcept.kader_uit_kop(path)
    return kop, concept, kaderconcept.concept_tabel(kop, concept)


@st.cache_data(show_spinner=SPINNER, max_entries=8, ttl=600)
def verhalen_voorbeeld(naam: str, data: bytes, kader_tekst: str, kader_naam: str, build: str, n: int = 10):
    """The preview of an import (core.store.verhalen.voorbeeld): nothing is written."""
    kader = kader_uit_tekst(kader_tekst, kader_naam)
    with csvbestand.als_bestand(naam, data) as path:
        return verhaalopslag.voorbeeld(path, kader, n, store=settings().store, verhalen=settings().verhalen)


def verhalen_importeren(naam: str, data: bytes, kader_tekst: str, kader_naam: str, progress=None):
    """Import an uploaded story file (all or nothing, under the write lock), then bring the search index up
    to date as `python -m core import-stories` does. The next rerun opens the new story store file."""
    kader = kader_uit_tekst(kader_tekst, kader_naam)
    with csvbestand.als_bestand(naam, data) as path:
        result = verhaalopslag.importeer(settings().store, settings().verhalen, path, kader, progress)
    with connect_readonly(settings().store, settings().verhalen) as conn:
        search_core.prepare(conn)
    return result


def verhalen_verwijderen(import_id: str) -> int:
    """Remove one import's stories (core.store.verhalen.verwijder_import); returns how many went."""
    return verhaalopslag.verwijder_import(settings().store, settings().verhalen, import_id)


@st.cache_data(show_spinner=SPINNER, max_entries=8, ttl=3600)
def verhalen_imports(build: str):
    """The import history (core.store.verhalen.lijst)."""
    return _run(verhaalopslag.lijst)


# --- Beheer: cijfers (issue 13, helper H2): StatLine files and the live CBS fetch, preview, import, removal ---

def _cijfer_paden():
    from core.store.cijfers import Paden
    s = settings()
    return Paden(Path(s.store), Path(s.verhalen), Path(s.eigen), Path(s.data_dir))


class BouwBalk:
    """core.store.progress.Progress on a Streamlit progress bar: the rebuild after an import, step by step."""

    def __init__(self, balk, totaal: int):
        self.balk, self.totaal, self.gedaan = balk, totaal, 0

    def step(self, label: str):
        import contextlib
        self.gedaan += 1
        self.balk.progress(min(self.gedaan / self.totaal, 1.0), text=f"Stap {self.gedaan} van {self.totaal}: {label}")
        return contextlib.nullcontext()


def bouw_balk(tekst: str) -> BouwBalk:
    from core.store.build import STEPS
    return BouwBalk(st.progress(0.0, text=tekst), len(STEPS) + 1)


@st.cache_data(show_spinner=SPINNER, max_entries=4, ttl=600)
def cijfers_lezen(naam: str, data: bytes, tabel: str | None):
    """A StatLine file read for the preview (core.ingest.statline.lees): nothing is written."""
    from core.ingest import statline
    return statline.lees(data, naam, tabel)


def cijfers_ophalen(gemeente: str, jaar: int):
    """KWB of one gemeente and year, live from CBS (core.ingest.cbs_live): nothing is written."""
    from core.ingest import cbs_live
    return cbs_live.haal(gemeente, jaar)


def cijfers_vervangt(gelezen) -> int:
    """How many figures in the store the import would replace."""
    from core.ingest import statline
    with cursor() as cur:
        return statline.vervangt(cur, gelezen)


def cijfers_importeren(gelezen, balk: BouwBalk) -> str:
    """Store the figures in the eigen store and rebuild the figures store (write lock); the build id changes,
    so every cached figure is read afresh on the next rerun."""
    from core.store import cijfers
    return cijfers.importeer(gelezen, _cijfer_paden(), balk)


def cijfers_verwijderen(import_id: str, balk: BouwBalk) -> int:
    from core.store import cijfers
    return cijfers.verwijder(import_id, _cijfer_paden(), balk)


@st.cache_data(show_spinner=SPINNER, max_entries=4, ttl=600)
def cijfer_imports(build: str):
    """The figure imports, newest first (core.store.cijfers.lijst); `build` changes with every import."""
    from core.store import cijfers
    return cijfers.lijst(Path(settings().eigen))


def serve(opties: list[str]) -> int:
    """Serve app.py (`python -m core serve`). This module, with pandas, DuckDB and every core query module,
    is loaded by now; charts (Altair) and maps (pydeck) are loaded here, before the server opens, so the
    first visitor does not wait for them (about 0.7 s of the first page)."""
    from streamlit import config
    from streamlit.web import cli

    import core.present.charts  # noqa: F401  (Altair)
    import core.present.maps  # noqa: F401  (pydeck)
    config.on_config_parsed(_startcontrole, force_connect=True)
    sys.argv = ["streamlit", "run", str(Path(__file__).resolve().parent.parent / "app.py"), *opties]
    return cli.main()


def _startcontrole() -> None:
    """Streamlit calls this when it has read its configuration (flags, STREAMLIT_* variables, config.toml),
    before anything listens: the staff app does not start beyond localhost without a login (core.toegang)."""
    from streamlit import config
    from streamlit.runtime.secrets import secrets_singleton

    auth = secrets_singleton.get("auth") if secrets_singleton.load_if_toml_exists() else None
    bericht = toegang.startcontrole(config.get_option("server.address"), settings().partnermodus,
                                    settings().wachtwoord_hash, auth)
    if bericht:
        print(bericht, file=sys.stderr)
        raise SystemExit(1)
