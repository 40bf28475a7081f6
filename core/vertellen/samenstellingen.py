"""Dutch compounds for search: split "buurthuizen" into "buurt" + "huizen", and find "mantelzorg" in
"mantelzorger(s)".

Dutch writes compounds as one word, and a stemmer alone does not split them: "mantelzorg" and
"mantelzorger" get different stems, "buurthuizen" and "buurthuis" too. Search therefore also indexes, for
every word of a story, the parts of the word and its core, and a query word also matches a story that holds
all its parts (core.vertellen.search).

- `delen(woord)`: the parts of a compound, found against the Dutch word list of OpenTaal (Debian package
  `wdutch`, /usr/share/dict/dutch, installed by scripts/setup.sh): the longest head that is a word, then a
  tail that is a word (or splits again), each part at least MIN_DEEL letters, with the linking letters
  -s-, -e- and -en- allowed between them ("vrijwilliger-s-werk"). "buurthuis" -> ("buurt", "huis").
- `kern(woord)`: the word without the person suffix -er/-ers/-ster/-sters when what is left is a word of
  at least MIN_KERN letters: "mantelzorgers" -> "mantelzorg".
Both work on folded words (lower case, no accents), as search reads them.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

WOORDENLIJST = Path("/usr/share/dict/dutch")
MIN_DEEL = 4          # shorter parts make false splits ("tab" + "let" in "tablet")
MIN_WOORD = 2 * MIN_DEEL
MIN_KERN = 4
TUSSENLETTERS = ("", "s", "e", "en")
PERSOON = ("sters", "ster", "ers", "er")


class GeenWoordenlijst(RuntimeError):
    """The Dutch word list is not installed (scripts/setup.sh installs the Debian package wdutch)."""


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.strip().lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def woorden() -> frozenset[str]:
    """Every word of the list, folded (about 400,000; read once per process)."""
    try:
        text = WOORDENLIJST.read_text(encoding="utf-8")
    except OSError as e:
        raise GeenWoordenlijst(f"De Nederlandse woordenlijst {WOORDENLIJST} ontbreekt. Installeer hem met: "
                               "apt-get install wdutch (scripts/setup.sh doet dat).") from e
    return frozenset(w for w in map(_fold, text.split()) if len(w) >= 3 and w.isalpha())


def beschikbaar() -> bool:
    try:
        woorden()
    except GeenWoordenlijst:
        return False
    return True


def kern(woord: str) -> str | None:
    """The word without a person suffix when the rest is a word: 'mantelzorgers' -> 'mantelzorg'."""
    lijst = woorden()
    for achter in PERSOON:
        rest = woord[:-len(achter)]
        if woord.endswith(achter) and len(rest) >= MIN_KERN and rest in lijst:
            return rest
    return None


def _kop(kop: str, lijst: frozenset[str]) -> str | None:
    """The head as a word: itself, or without a linking -s-, -e- or -en-."""
    for tussen in TUSSENLETTERS:
        basis = kop[:len(kop) - len(tussen)] if tussen else kop
        if (not tussen or kop.endswith(tussen)) and len(basis) >= MIN_DEEL and basis in lijst:
            return basis
    return None


@lru_cache(maxsize=200_000)
def delen(woord: str) -> tuple[str, ...]:
    """The parts of a compound, longest head first; () when the word is no compound."""
    if len(woord) < MIN_WOORD or not woord.isalpha():
        return ()
    lijst = woorden()
    for eind in range(len(woord) - MIN_DEEL, MIN_DEEL - 1, -1):
        kop, staart = _kop(woord[:eind], lijst), woord[eind:]
        if kop is None:
            continue
        if staart in lijst:
            return (kop, staart)
        if rest := delen(staart):
            return (kop, *rest)
    return ()
