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
