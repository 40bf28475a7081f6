"""The table the bench prints per scale: one row per measurement, beside its budget, in plain text."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rij:
    """One measurement: a value (ms, s or MB) beside its budget and, for a page, its raw-query floor.

    `waarde` None means not measured; `opmerking` then says why (an error, too slow at a smaller scale).
    `factor` is the most a page may take relative to its floor (None: no such budget).
    """
    naam: str
    waarde: float | None
    budget: float | None
    eenheid: str = "ms"
    vloer: float | None = None
    factor: float | None = None
    opmerking: str = ""

    @property
    def verhouding(self) -> float | None:
        if self.waarde is None or not self.vloer:
            return None
        return self.waarde / self.vloer

    @property
    def oordeel(self) -> str:
        if self.waarde is None:
            return "niet gemeten"
        if self.budget is None:
            return "(geen budget)"
        binnen = self.waarde <= self.budget
        if self.factor is not None and self.verhouding is not None:
            binnen = binnen and self.verhouding <= self.factor
        return "gehaald" if binnen else "niet gehaald"

    @property
    def budget_tekst(self) -> str:
        if self.budget is None:
            return ""
        tekst = f"{self.budget:g} {self.eenheid}"
        return tekst + (f", {self.factor:g}x vloer" if self.factor is not None else "")


KOPPEN = ("meting", "mediaan", "vloer", "verhouding", "budget", "oordeel")


def _getal(x: float | None, eenheid: str = "") -> str:
    if x is None:
        return "–"
    tekst = f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".") + (f" {eenheid}" if eenheid else "")


def cellen(rij: Rij) -> tuple[str, ...]:
    """The printed cells of one row, in the order of KOPPEN (numbers in Dutch notation)."""
    verhouding = rij.verhouding
    oordeel = rij.oordeel + (f" ({rij.opmerking})" if rij.opmerking else "")
    return (rij.naam, _getal(rij.waarde, rij.eenheid), _getal(rij.vloer, rij.eenheid if rij.vloer else ""),
            f"{_getal(verhouding)}x" if verhouding is not None else "–", rij.budget_tekst, oordeel)


def tabel(titel: str, rijen: list[Rij | str]) -> str:
    """A plain-text table; a str among the rows is a section heading."""
    regels = [cellen(r) for r in rijen if isinstance(r, Rij)]
    breedte = [max(len(k), *(len(c[i]) for c in regels)) if regels else len(k) for i, k in enumerate(KOPPEN)]
    rechts = {1, 2, 3}

    def regel(c) -> str:
        return "  ".join(x.rjust(b) if i in rechts else x.ljust(b) for i, (x, b) in enumerate(zip(c, breedte)))

    uit = [titel, regel(KOPPEN).rstrip(), "  ".join("-" * b for b in breedte)]
    for r in rijen:
        uit.append(f"  {r}" if isinstance(r, str) else regel(cellen(r)).rstrip())
    return "\n".join(uit)
