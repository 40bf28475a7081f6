"""Colours shared by the document charts and the three renderers (PDF, Word, PowerPoint), kept in
one place so a handout, a wijkfoto and their charts print in the same colours."""
from __future__ import annotations

KLEUR_TEKST = "#1a1a1a"
KLEUR_ZACHT = "#5f5f5f"
KLEUR_NADRUK = "#0072B2"     # Okabe-Ito blue, as in core.present.charts
KLEUR_LABEL = "#D55E00"      # Okabe-Ito vermilion: the "fictief voorbeeld" label
KLEUR_VLAK = "#eef4fa"
KLEUR_MELDING = "#fff4e0"
