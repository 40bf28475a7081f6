"""Every setting of the product, declared once, read from the environment.

The README lists each setting (tests/test_settings.py checks that it does).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setting(default, help_text: str):
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Settings:
    store: Path = _setting(ROOT / "data" / "tellen.duckdb",
                           "Pad naar het DuckDB-bestand met cijfers en verhalen.")
    data_dir: Path = _setting(ROOT / "data",
                              "Map met de bronbestanden waaruit de opslag wordt gebouwd.")
    verhalen: Path = _setting(ROOT / "data" / "verhalen.duckdb",
                              "Pad naar de verhalenopslag: verhalen, kaders en imports (blijft bij herbouw).")
    zoekindex: Path = _setting(ROOT / "data" / ".zoekindex",
                               "Map met de zoekindex over de verhalen (afgeleid: mag weg, wordt opnieuw gemaakt).")
    werk: Path = _setting(ROOT / "data" / "werk.duckdb",
                          "Pad naar het werkbestand met verhaalsets, sessies en het logboek (blijft bij herbouw).")
    eigen: Path = _setting(ROOT / "data" / "eigen.duckdb",
                           "Pad naar het bestand met eigen cijfers en doelenbomen die de gemeente invoert "
                           "(blijft bij herbouw).")
    slot_wachten: int = _setting(10, "Seconden dat een tweede bouw, import of verwijdering wacht op de eerste.")
    min_groep: int = _setting(5, "Minimale groepsgrootte k: patronen van minder verhalen worden niet getoond.")
    partnermodus: bool = _setting(False, "Aan (1/true): alleen openbare verhalen, geen beheeronderdelen.")
    wachtwoord_hash: str = _setting("", "Hash van het wachtwoord van de medewerkersapp (maak hem met "
                                    "`python -m core wachtwoord`); leeg: geen wachtwoord.")


ENV_PREFIX = "TV_"


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def _convert(kind, raw: str):
    if kind is bool or kind == "bool":
        return raw.strip().lower() in {"1", "true", "ja", "aan", "yes", "on"}
    if kind is int or kind == "int":
        return int(raw)
    if kind is Path or kind == "Path":
        return Path(raw)
    return raw


def load_settings(environ: dict | None = None) -> Settings:
    """Read the settings from the environment (TV_STORE, TV_DATA_DIR, ...)."""
    environ = os.environ if environ is None else environ
    values = {}
    for f in fields(Settings):
        raw = environ.get(env_name(f.name))
        if raw not in (None, ""):
            values[f.name] = _convert(f.type, raw)
    return Settings(**values)


def describe_settings() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting."""
    return [(env_name(f.name), str(f.default), f.metadata["help"]) for f in fields(Settings)]
