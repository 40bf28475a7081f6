"""Fictional Dutch micro-stories at any scale, for benchmarks: `write_stories(path, n)` writes a story CSV.

The file has the header of data/verhalen/verhalen_demo.csv and fits data/verhalen/kader_leiderdorp.json.
Every row copies the non-text columns (wijk, years, project, consent, signifier answers) of one
random demo story, so the mix of wijken, years and consent is the demo's. Texts are demo sentences
drawn at random until a length drawn from the demo's lengths (about 50 to 190 words) is reached;
about one word in a hundred becomes a compound of two demo words, which gives the long tail of rare
words real Dutch texts have. Every story is marked fictief=ja; ids run G0000001, G0000002, ...

Run `python -m bench.verhalen PATH N` to write a file. It never writes into data/.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.settings import ROOT

DEMO = ROOT / "data" / "verhalen" / "verhalen_demo.csv"
KADER = ROOT / "data" / "verhalen" / "kader_leiderdorp.json"
CHUNK = 20_000           # rows drawn and written at a time: memory stays small at any n
MAX_SENTENCES = 40       # sentences drawn per story; enough for the longest target length
COMPOUND_RATE = 0.01     # share of words replaced by a compound of two demo words
MAX_COMPOUNDS = 4        # at most this many per story

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LEADING = ["verhaal_id", "titel", "verhaal"]
_WORD = re.compile(r"^[a-zà-ÿ]{4,}$")


@dataclass(frozen=True)
class _Demo:
    header: str                      # the header line
    tails: np.ndarray                # per demo row: its columns after the text, CSV-encoded, fictief=ja
    titles: np.ndarray               # CSV-encoded demo titles
    sentences: np.ndarray            # demo sentences, quotes already doubled for CSV
    sentence_words: np.ndarray       # words per sentence
    lengths: np.ndarray              # words per demo text: the target lengths
    vocabulary: np.ndarray           # lower-case demo words of 4+ letters: compound parts


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def _read_demo() -> _Demo:
    with open(DEMO, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    if header[:3] != LEADING:  # the line format below writes these three columns first
        raise ValueError(f"{DEMO.name} begint niet met de kolommen {', '.join(LEADING)}.")
    fictief = header.index("fictief") - len(LEADING)
    tails = [row[len(LEADING):] for row in rows]
    for tail in tails:
        tail[fictief] = "ja"
    texts = [row[2].replace("\n", " ") for row in rows]
    sentences = [s for text in texts for s in _SENTENCE_END.split(text) if s]
    words = {w.strip(".,!?:;'\"()").lower() for text in texts for w in text.split()}
    return _Demo(_csv_line(header), np.array([_csv_line(t) for t in tails], dtype=object),
                 np.array([_csv_line([row[1]]) for row in rows], dtype=object),
                 np.array([s.replace('"', '""') for s in sentences], dtype=object),
                 np.array([len(s.split()) for s in sentences]), np.array([len(t.split()) for t in texts]),
                 np.array(sorted(w for w in words if _WORD.match(w)), dtype=object))


def _sentence_counts(demo: _Demo, picks: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """How many of the drawn sentences each story takes: the first prefix that reaches its target."""
    cumulative = np.cumsum(demo.sentence_words[picks], axis=1)
    return np.minimum((cumulative < targets[:, None]).sum(axis=1) + 1, picks.shape[1])


def _compounds(demo: _Demo, rng: np.random.Generator, size: int) -> np.ndarray:
    first = demo.vocabulary[rng.integers(0, len(demo.vocabulary), size)]
    second = demo.vocabulary[rng.integers(0, len(demo.vocabulary), size)]
    return (first + second).reshape(-1, MAX_COMPOUNDS)


def _texts(demo: _Demo, rng: np.random.Generator, size: int) -> list[str]:
    """size story texts, CSV-encoded (quoted)."""
    targets = demo.lengths[rng.integers(0, len(demo.lengths), size)]
    picks = rng.integers(0, len(demo.sentences), (size, MAX_SENTENCES))
    counts = _sentence_counts(demo, picks, targets)
    compounds = _compounds(demo, rng, size * MAX_COMPOUNDS)
    spots = rng.random((size, MAX_COMPOUNDS))
    replace = np.minimum(rng.binomial(targets, COMPOUND_RATE), MAX_COMPOUNDS)
    texts = []
    for i in range(size):
        text = " ".join(demo.sentences[picks[i, :counts[i]]])
        if replace[i]:
            words = text.split(" ")
            for k in range(replace[i]):
                words[int(spots[i, k] * len(words))] = compounds[i, k]
            text = " ".join(words)
        texts.append('"' + text + '"')
    return texts


def _chunk(demo: _Demo, rng: np.random.Generator, first: int, size: int, prefix: str = "G") -> str:
    """size CSV lines: id, title, text, then the other columns of a random demo story."""
    tails = demo.tails[rng.integers(0, len(demo.tails), size)]
    titles = demo.titles[rng.integers(0, len(demo.titles), size)]
    texts = _texts(demo, rng, size)
    return "".join(f"{prefix}{first + i:07d},{titles[i]},{texts[i]},{tails[i]}\n" for i in range(size))


def _outside_data(path: Path) -> Path:
    path = Path(path).resolve()
    if path.is_relative_to((ROOT / "data").resolve()):
        raise ValueError(f"{path} ligt in data/; benchmarkverhalen horen daar niet. Kies een andere map.")
    return path


def write_stories(path: Path, n: int, seed: int = 1, prefix: str = "G") -> Path:
    """Write n fictional stories to a CSV at path (demo format), in chunks; returns the path.
    prefix: the letter the ids start with, so that two files can go into one store."""
    path = _outside_data(path)
    demo = _read_demo()
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(demo.header + "\n")
        fh.writelines(_chunk(demo, rng, start + 1, min(CHUNK, n - start), prefix) for start in range(0, n, CHUNK))
    return path


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    print(write_stories(target, count))
