"""Afstand tot de gemeente: how far each wijk's figure lies from its gemeente's, in standard deviations of the
wijk figures of that gemeente, indicator and year. As Amsterdam's area figures do: |z| >= 1 is 'duidelijk'
hoger or lager, the rest 'ongeveer gelijk'.

Pure and vectorised: a frame of wijk figures in, the classes out (pandas' std with ddof=1 is SQL's
stddev_samp). Without a spread (fewer than MIN_WIJKEN wijken with a figure, all figures equal), without a
gemeente figure, or for a count (an aantal grows with the wijk) there are no classes, and a sentence says why.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import formatting

MIN_WIJKEN = 3      # a spread of fewer wijken says nothing
GRENS = 1.0         # |z| from here on is 'duidelijk'
HOGER, GELIJK, LAGER = "hoger", "gelijk", "lager"
VOLGORDE = (LAGER, GELIJK, HOGER)   # as the legend reads: low to high

TERUG = " De kleuren volgen nu de klassen (kwintielen)."
TE_WEINIG = (f"Minder dan {MIN_WIJKEN} wijken hebben hier een cijfer. Dan is de afstand tot de gemeente niet "
             "te berekenen." + TERUG)
GEEN_GEMEENTE = "De gemeente heeft geen cijfer voor dit jaar. Dan is er geen afstand tot de gemeente." + TERUG
ALLEMAAL_GELIJK = "Alle wijken hebben hetzelfde cijfer. Dan is er geen spreiding om mee te meten." + TERUG
AANTAL = ("Dit cijfer is een aantal. Dat hangt vooral af van hoe groot een wijk is. Daarom vergelijken we het "
          "niet met de gemeente." + TERUG)


@dataclass(frozen=True)
class Afstand:
    """`klassen` columns: wijk, z, klasse (HOGER, GELIJK or LAGER; None without a figure), in the frame's order.
    `reden`: why there are no classes ('' when there are); then `klassen` is empty and `sd` None."""
    klassen: pd.DataFrame
    gemeente: float | None
    sd: float | None
    reden: str = ""

    @property
    def bruikbaar(self) -> bool:
        return not self.reden


def afstand_tot_gemeente(waarden: pd.DataFrame, gemeente: float | None, eenheid: str) -> Afstand:
    """The distance class of every wijk (waarden columns: wijk, waarde) to the gemeente's figure."""
    waarde = pd.to_numeric(waarden["waarde"], errors="coerce").astype(float)
    sd = float(waarde.std(ddof=1)) if waarde.notna().sum() >= MIN_WIJKEN else None
    reden = _reden(sd, gemeente, eenheid)
    if reden:
        return Afstand(pd.DataFrame(columns=["wijk", "z", "klasse"]), gemeente, None, reden)
    z = (waarde - gemeente) / sd
    klasse = pd.Series(np.select([z >= GRENS, z <= -GRENS], [HOGER, LAGER], GELIJK), index=z.index, dtype=object)
    return Afstand(pd.DataFrame({"wijk": waarden["wijk"], "z": z, "klasse": klasse.where(z.notna(), None)}),
                   gemeente, sd)


def _reden(sd: float | None, gemeente: float | None, eenheid: str) -> str:
    if eenheid == "aantal":
        return AANTAL
    if sd is None:
        return TE_WEINIG
    if gemeente is None or pd.isna(gemeente):
        return GEEN_GEMEENTE
    return "" if sd > 0 else ALLEMAAL_GELIJK


def klasse_teksten(richting: str) -> dict[str, str]:
    """What each class is called; 'hoger' says whether that is better or worse when the indicator has a direction."""
    hoger, lager = {"hoger_beter": (" (gunstig)", " (ongunstig)"),
                    "lager_beter": (" (ongunstig)", " (gunstig)")}.get(richting, ("", ""))
    return {LAGER: "duidelijk lager" + lager, GELIJK: "ongeveer gelijk", HOGER: "duidelijk hoger" + hoger}


def regel_zin(afstand: Afstand, eenheid: str, gemeentenaam: str) -> str:
    """The rule in one plain sentence, with the gemeente's figure and the spread it is measured in."""
    return (f"Duidelijk hoger of lager: het verschil met {gemeentenaam} "
            f"({formatting.met_eenheid(afstand.gemeente, eenheid)}) is minstens zo groot als de gewone spreiding "
            f"tussen de wijken (één standaardafwijking: {formatting.met_eenheid(afstand.sd, eenheid)}).")
