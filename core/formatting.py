"""Dutch formatting of numbers, percentages and dates through Babel (decimal comma, thousands point)."""
from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nl_NL"
GEEN_CIJFER = "–"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def getal(value, decimals: int = 1) -> str:
    """12345.678 -> '12.345,7'. Missing -> '–'."""
    if _missing(value):
        return GEEN_CIJFER
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def auto_decimals(value, eenheid: str) -> int:
    """Decimals a reader needs: none for euros and counts, one for percentages, more for small numbers."""
    if eenheid in ("euro",) or (eenheid == "aantal" and float(value).is_integer()):
        return 0
    if eenheid == "%":
        return 1
    size = abs(float(value))
    return 2 if size < 1 else (1 if size < 1000 else 0)


def met_eenheid(value, eenheid: str, decimals: int | None = None) -> str:
    """Format a value with its unit the way a Dutch reader expects it."""
    if _missing(value):
        return GEEN_CIJFER
    decimals = auto_decimals(value, eenheid) if decimals is None else decimals
    if eenheid == "%":
        return f"{getal(value, decimals)}%"
    if eenheid == "euro":
        return f"€ {getal(value, 0)}"
    if eenheid == "aantal":
        return getal(value, decimals)
    return f"{getal(value, decimals)} {eenheid}"


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """A count with its noun: aantal(1, "verhaal", "verhalen") -> '1 verhaal'; 0 and 2 take the plural.
    Thousands get a point: '1.234 verhalen'."""
    return f"{getal(n, 0)} {enkelvoud if n == 1 else meervoud}"


def datum(value: date) -> str:
    """date(2024, 3, 5) -> '5 maart 2024'."""
    return format_date(value, format="long", locale=LOCALE)


def one_line(value: str | None) -> str:
    """One line of text with single spaces (names, titles, questions typed by a user)."""
    return " ".join((value or "").split())


def required_line(value: str | None, maximum: int, error, leeg: str, wat: str) -> str:
    """`value` as one line; raises `error` (a TellenError class) when it is empty or too long.

    leeg: the Dutch message for an empty value; wat: what it is, for the length message ("De titel").
    """
    line = one_line(value)
    if not line:
        raise error(leeg)
    if len(line) > maximum:
        raise error(f"{wat} is te lang. Gebruik hoogstens {maximum} tekens.")
    return line


def verborgen_melding(aantal: int, waar: str, verwijderd: int = 0) -> str | None:
    """Dutch notice for saved stories that are no longer shown; waar: 'deze sessie', 'deze set'.

    aantal: every saved story not shown; verwijderd: how many of those are gone from the story store
    (their import was removed); the others may not be used here (consent withdrawn, intern for
    partners). None when nothing is hidden."""
    delen = []
    niet_mogen = aantal - verwijderd
    if niet_mogen == 1:
        delen.append(f"1 verhaal uit {waar} wordt niet getoond. Het mag hier niet (meer) gebruikt worden.")
    elif niet_mogen > 1:
        delen.append(f"{niet_mogen} verhalen uit {waar} worden niet getoond. "
                     "Ze mogen hier niet (meer) gebruikt worden.")
    if verwijderd == 1:
        delen.append(f"1 verhaal uit {waar} staat niet meer in de opslag: de import ervan is verwijderd.")
    elif verwijderd > 1:
        delen.append(f"{verwijderd} verhalen uit {waar} staan niet meer in de opslag: hun import is verwijderd.")
    return " ".join(delen) or None
