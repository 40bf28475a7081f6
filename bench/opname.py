"""The raw-query floor of a page: which calls into core.cached reached a store during a rerun (a cache
miss, or an uncached query such as the data version), and how long they take when made again directly
on the connection, without any cache (nested cached calls computed too).

Pages look core.cached's functions up on the module at every call, so wrapping the module's functions
for the duration of a measurement sees every call; a call reached a store when it asked for a cursor.
"""
from __future__ import annotations

import functools
import inspect
import time
from contextlib import contextmanager

from streamlit.runtime.caching.cache_utils import CachedFunc

from core import cached

# core.cached functions that only hand out a connection or a setting (no query), and writers (never replayed)
NIET_OPNEMEN = {"cursor", "werk_cursor", "settings", "mode", "today"}
SCHRIJVERS = ("save_", "delete_", "add_")


class Opname:
    """Writes down the calls into core.cached that reached a store, and replays them without cache."""

    def __init__(self) -> None:
        self.aan = False          # recording
        self.herhalen = False     # replaying: cached functions call their function directly
        self.diepte = 0
        self.cursors = 0
        self.calls: list = []

    @contextmanager
    def geinstalleerd(self):
        """Wrap the functions of core.cached during the block (pages look them up on the module at every
        call); the module is as it was afterwards."""
        oud = dict(vars(cached))
        for naam, obj in oud.items():
            if naam in ("cursor", "werk_cursor"):
                setattr(cached, naam, self._teller(obj))
            elif not naam.startswith("_") and naam not in NIET_OPNEMEN and _eigen(obj):
                setattr(cached, naam, self._opnemer(naam, obj))
        try:
            yield self
        finally:
            for naam in vars(cached).keys() & oud.keys():
                setattr(cached, naam, oud[naam])

    def _teller(self, orig):
        @functools.wraps(orig)
        def cursor(*args, **kwargs):
            self.cursors += 1
            return orig(*args, **kwargs)
        return cursor

    def _opnemer(self, naam: str, orig):
        functie = orig._info.func if isinstance(orig, CachedFunc) else orig

        def opnemer(*args, **kwargs):
            if self.herhalen:
                return functie(*args, **kwargs)
            boven, voor = self.diepte == 0, self.cursors
            self.diepte += 1
            try:
                return orig(*args, **kwargs)
            finally:
                self.diepte -= 1
                if self.aan and boven and self.cursors > voor and not naam.startswith(SCHRIJVERS):
                    self.calls.append((functie, args, kwargs))
        opnemer.__name__ = naam
        if hasattr(orig, "clear"):
            opnemer.clear = orig.clear
        return opnemer

    @contextmanager
    def neem_op(self):
        """Record during the block; the recorded calls are in the yielded list afterwards."""
        self.calls, self.aan, self.diepte = [], True, 0
        calls = self.calls
        try:
            yield calls
        finally:
            self.aan = False

    def herhaal(self, calls: list) -> float:
        """Milliseconds to make these calls again, straight on the connection, without any cache."""
        self.herhalen = True
        try:
            start = time.perf_counter()
            for functie, args, kwargs in calls:
                functie(*args, **kwargs)
            return (time.perf_counter() - start) * 1000
        finally:
            self.herhalen = False


def _eigen(obj) -> bool:
    """A function of core.cached itself (cached or not), not an imported helper or class."""
    if isinstance(obj, CachedFunc):
        return True
    return inspect.isfunction(obj) and obj.__module__ == cached.__name__
