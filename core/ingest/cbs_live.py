"""Kerncijfers wijken en buurten of one gemeente and year, fetched live from CBS open data with `cbsodata`.

The KWB table of each edition is in an allow-list (core.ingest.statline.KWB_TABELLEN). The OData query asks
only for the gemeente's own rows (its code and its wijken: the region key starts with GM0394 or WK0394; CBS
pads the keys with spaces). What comes back has the typed keys of the TypedDataSet, with the region
key replaced by its name (cbsodata does that): core.ingest.statline reads it like a typed CSV. Without a
connection the user gets a Dutch message and the way round: download the file from StatLine and import it.
"""
from __future__ import annotations

import re

import requests

from core.ingest.statline import KWB_TABELLEN, TABELLEN, CijferFout, Gelezen, uit_records

GEEN_VERBINDING = ("Geen verbinding met CBS (opendata.cbs.nl). Download het bestand dan zelf: kies op StatLine de "
                   "tabel {tabel} ({titel}), filter op uw gemeente en download als CSV. Importeer het daarna op de "
                   "pagina Eigen gegevens (Cijfers) of met: python -m core import-figures BESTAND")


def tabel_voor(jaar: int) -> str:
    """The KWB table id of an edition year; a Dutch error listing the years there are."""
    if jaar not in KWB_TABELLEN:
        jaren = ", ".join(str(j) for j in sorted(KWB_TABELLEN))
        raise CijferFout(f"Voor {jaar} kent de app geen tabel Kerncijfers wijken en buurten. Kies een van: {jaren}.")
    return KWB_TABELLEN[jaar]


def filter_voor(gemeentecode: str) -> str:
    """The OData $filter for the gemeente's own rows: the gemeente and its wijken (no buurten: the app shows
    figures per wijk)."""
    cijfers = gemeentecode[2:]
    return f"startswith(WijkenEnBuurten,'GM{cijfers}') or startswith(WijkenEnBuurten,'WK{cijfers}')"


def _gemeentecode(code: str) -> str:
    code = code.strip().upper()
    if re.fullmatch(r"\d{4}", code):
        code = "GM" + code
    if not re.fullmatch(r"GM\d{4}", code):
        raise CijferFout(f"'{code}' is geen gemeentecode. Een gemeentecode is GM met vier cijfers, zoals GM0394.")
    return code


def haal(gemeentecode: str, jaar: int) -> Gelezen:
    """Fetch the KWB figures of one gemeente (its gemeente row and wijken) for one edition year. Raises CijferFout."""
    import cbsodata
    code = _gemeentecode(gemeentecode)
    tabel = TABELLEN[tabel_voor(int(jaar))]
    try:
        # cbsodata 1.3.5 fetches the TypedDataSet when typed=False (it drops the one it names from its list);
        # the default gives numbers and None, as the typed CSV has them
        records = cbsodata.get_data(tabel.id, filters=filter_voor(code))
    except (requests.ConnectionError, requests.Timeout) as e:
        raise CijferFout(GEEN_VERBINDING.format(tabel=tabel.id, titel=tabel.titel)) from e
    except requests.HTTPError as e:
        raise CijferFout(f"CBS gaf een fout bij het ophalen van {tabel.id}: {e}. Probeer het later opnieuw, of "
                         "download het bestand van StatLine en importeer het op de pagina Eigen gegevens (Cijfers).") from e
    if not records:
        raise CijferFout(f"CBS heeft in {tabel.id} ({tabel.titel}) geen rijen voor {code}. Bestond de gemeente in "
                         f"{jaar} al onder deze code?")
    return uit_records(records, tabel, f"CBS {tabel.id}, {code} (live opgehaald)")
