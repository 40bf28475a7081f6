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


def met_eenheid(value, eenheid: str, decimals: int = 1) -> str:
    """Format a value with its unit the way a Dutch reader expects it."""
    if _missing(value):
        return GEEN_CIJFER
    if eenheid == "%":
        return f"{getal(value, decimals)}%"
    if eenheid == "euro":
        return f"€ {getal(value, 0)}"
    if eenheid == "aantal":
        return getal(value, 0 if float(value).is_integer() else decimals)
    return f"{getal(value, decimals)} {eenheid}"


def datum(value: date) -> str:
    """date(2024, 3, 5) -> '5 maart 2024'."""
    return format_date(value, format="long", locale=LOCALE)
