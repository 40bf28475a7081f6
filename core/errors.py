"""Error types of core. Each carries a Dutch message for the user: what went wrong and what to do."""
from __future__ import annotations


class TellenError(Exception):
    """Base error; `str(error)` is a Dutch sentence a user can act on."""


class StoreMissing(TellenError):
    """The store file does not exist or cannot be opened."""


class BuildError(TellenError):
    """A source file could not be read during a build."""


class ImportFout(TellenError):
    """A story file failed validation; `problemen` lists every row/column problem."""

    def __init__(self, message: str, problemen: list[str] | None = None):
        super().__init__(message)
        self.problemen = problemen or []

    def __str__(self) -> str:
        base = super().__str__()
        if not self.problemen:
            return base
        shown = "\n".join(f"- {p}" for p in self.problemen[:50])
        more = len(self.problemen) - 50
        tail = f"\n- … en nog {more} problemen" if more > 0 else ""
        return f"{base}\n{shown}{tail}"
