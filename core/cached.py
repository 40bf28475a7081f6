"""The only core module that knows Streamlit: cached access to the store for the pages.

The connection is cached per store file *and* its modification time, so a rebuilt store
(written as a new file, then moved over the old one) is opened afresh. Data caches take the
build id as an argument, so a rebuilt store is never served stale.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from core import queries
from core.db import build_id, connect_readonly
from core.settings import Settings, load_settings
from core.stories import Zichtbaarheid


@st.cache_resource(max_entries=2)
def _connection(path: str, stamp: int):
    return connect_readonly(Path(path))


def settings() -> Settings:
    return load_settings()


def cursor():
    """A cursor on the shared read-only connection (one per call: cursors are not shared between threads)."""
    store = settings().store
    stamp = os.stat(store).st_mtime_ns if Path(store).exists() else 0
    return _connection(str(store), stamp).cursor()


def mode() -> Zichtbaarheid:
    return Zichtbaarheid.PARTNER if settings().partnermodus else Zichtbaarheid.INTERN


def current_build() -> str:
    with cursor() as cur:
        return build_id(cur)


@st.cache_data(max_entries=16, ttl=3600)
def gemeenten(build: str):
    with cursor() as cur:
        return queries.gemeenten(cur)


@st.cache_data(max_entries=64, ttl=3600)
def wijk_overzicht(gemeente: str, zichtbaarheid: str, build: str):
    with cursor() as cur:
        return queries.wijk_overzicht(cur, gemeente, Zichtbaarheid(zichtbaarheid))


@st.cache_data(max_entries=4, ttl=3600)
def bronnen(build: str):
    with cursor() as cur:
        return queries.bronnen(cur), queries.modelschattingen(cur)
