"""Resolve the view from URL parameters: a bad or stale parameter falls back to a default with a notice."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keuze:
    waarde: object
    melding: str | None  # Dutch notice when the URL value could not be used


def resolve(raw, allowed: list, default, label: str, cast=str) -> Keuze:
    """Pick `raw` if it is one of `allowed` (after casting), else `default` with a short notice."""
    if raw in (None, ""):
        return Keuze(default, None)
    try:
        value = cast(raw)
    except (TypeError, ValueError):
        value = None
    if value in allowed:
        return Keuze(value, None)
    return Keuze(default, f"De {label} '{raw}' uit de link bestaat niet (meer). We tonen {default_text(default)}.")


def default_text(default) -> str:
    return f"'{default}'" if default is not None else "de standaardkeuze"
