"""Progress lines for long command-line steps ("[3/11] GGD-cijfers laden ... 2,4 s")."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class Progress:
    def __init__(self, total: int, stream=None, quiet: bool = False):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.quiet = quiet

    @contextmanager
    def step(self, label: str):
        self.done += 1
        start = time.perf_counter()
        self._write(f"[{self.done}/{self.total}] {label} …")
        yield
        seconds = time.perf_counter() - start
        self._write(f"[{self.done}/{self.total}] {label} klaar ({seconds:.1f} s)")

    def _write(self, line: str) -> None:
        if not self.quiet:
            print(line, file=self.stream, flush=True)


class RowProgress:
    """'12.345 van 100.000 rijen · 8.210 rijen per seconde · nog 11 s' for a long import, at most twice
    a second; called as progress(rows_done, rows_total)."""

    def __init__(self, stream=None, quiet: bool = False, every: float = 0.5):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.every = every
        self.start = time.perf_counter()
        self.last = float("-inf")
        self.lines: list[str] = []

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.last < self.every and done < total:
            return
        self.last = now
        self.lines.append(self.line(done, total, now - self.start))
        if not self.quiet:
            print(self.lines[-1], file=self.stream, flush=True)

    @staticmethod
    def line(done: int, total: int, seconds: float) -> str:
        rate = done / seconds if seconds > 0 else 0.0
        left = (total - done) / rate if rate > 0 else None
        rest = f" · nog {left:.0f} s" if left is not None and done < total else ""
        return f"{_getal(done)} van {_rijen(total)} · {_rijen(rate)} per seconde{rest}"


def _getal(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _rijen(value: float) -> str:
    """'1 rij', '2 rijen' (core.store may not import core.formatting: the architecture test)."""
    return f"{_getal(value)} {'rij' if _getal(value) == '1' else 'rijen'}"
