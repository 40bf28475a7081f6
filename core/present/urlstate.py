"""Resolve the view from URL parameters: a bad or stale parameter falls back to a default with a notice."""
from __future__ import annotations

import re
from dataclasses import dataclass

# What of a URL value a notice repeats: letters, digits, spaces, '-', '_' and '.'. The notice is shown in
# a Markdown box, and a link or image written into the URL must never come alive there.
_NIET_HERHALEN = re.compile(r"[^\w .-]")
HERHAAL_MAX = 40


@dataclass(frozen=True)
class Keuze:
    waarde: object
    melding: str | None  # Dutch notice when the URL value could not be used


def resolve(raw, allowed: list, default, label: str, cast=str, shown=str) -> Keuze:
    """Pick `raw` if it is one of `allowed` (after casting), else `default` with a short notice.

    `label` names the choice with its article ('de wijk', 'het jaar'); `shown` turns a value into
    what the reader knows it by (a name rather than a code).
    """
    if raw in (None, ""):
        return Keuze(default, None)
    try:
        value = cast(raw)
    except (TypeError, ValueError):
        value = None
    if value in allowed:
        return Keuze(value, None)
    fallback = shown(default) if default is not None else "de standaardkeuze"
    return Keuze(default, f"{label[0].upper()}{label[1:]} '{_herhaal(raw)}' uit de link bestaat niet (meer). "
                          f"We tonen {fallback}.")


def _herhaal(raw) -> str:
    """The URL value as a notice may repeat it: only safe characters, at most HERHAAL_MAX of them."""
    safe = _NIET_HERHALEN.sub("", str(raw))
    return safe if len(safe) <= HERHAAL_MAX else safe[:HERHAAL_MAX] + "…"
