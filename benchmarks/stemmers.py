"""Stemmers under one signature, ``stem(word) -> str``: speed on real words and what they conflate.

Compared: the Snowball English stemmer in pure Python (``snowballstemmer``) and
in C (``PyStemmer``), lineage's 5-character prefix cut (``scoring.stems``) and
the suffix stripper of ``lineage.findings.text.stem``.  Each is timed bare and
behind a per-word dict cache, since a text repeats most of its words.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

Stem = Callable[[str], str]

#: Word groups and whether their members should share a stem (True) or not (False).
INFLECTIONS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("showed", "show", "shows", "showing", "shown"), True),
    (("regulations", "regulation", "regulate", "regulated", "regulatory"), True),
    (("policies", "policy"), True),
    (("governance", "govern", "governed", "government", "governments"), True),
    (("internet", "internets"), True),
    (("said", "says", "say", "saying"), True),
    (("companies", "company"), True),
    (("studies", "studied", "study", "studying"), True),
    (("running", "runs", "run", "ran"), True),
    (("stopped", "stopping", "stop"), True),
    (("made", "make", "makes", "making"), True),
    (("economy", "economic", "economies", "economics"), True),
    (("announced", "announcement", "announces"), True),
    (("cooperation", "cooperate", "cooperative"), True),
    (("united", "unity", "union"), False),
    (("university", "universe", "universal"), False),
    (("general", "generous", "generate"), False),
    (("police", "policy"), False),
    (("news", "new"), False),
    (("organ", "organization"), False),
    (("internet", "international", "internal"), False),
)


def _snowball_python() -> Stem:
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer().stemWord


def _pystemmer() -> Stem:
    import Stemmer

    # PyStemmer caches 10,000 words by default; 0 turns that off so "bare" is bare.
    return Stemmer.Stemmer("english", 0).stemWord


def _prefix() -> Stem:
    from lineage.scoring import STEM

    return lambda word: word[:STEM]


def _findings() -> Stem:
    from lineage.findings.text import stem

    return stem


#: Stemmer factories by display name; one that raises ImportError is left out.
FACTORIES: dict[str, Callable[[], Stem]] = {
    "snowballstemmer (Python)": _snowball_python,
    "PyStemmer (C)": _pystemmer,
    "lineage 5-char prefix": _prefix,
    "lineage findings stem()": _findings,
}


def available() -> dict[str, Stem]:
    """Stemmers that can be built here, by display name."""
    out = {}
    for name, factory in FACTORIES.items():
        try:
            out[name] = factory()
        except ImportError:
            continue
    return out


def cached(stem: Stem) -> Stem:
    """``stem`` behind an unbounded per-word dict cache."""
    cache: dict[str, str] = {}

    def lookup(word: str) -> str:
        got = cache.get(word)
        if got is None:
            got = cache[word] = stem(word)
        return got

    return lookup


def tokens_per_second(stem: Stem, words: Sequence[str]) -> float:
    """Words stemmed per second when ``stem`` is applied to every word of ``words`` in turn.

    Parameters
    ----------
    stem : callable
        Word to stem.
    words : sequence of str
        Casefolded words in text order.

    Returns
    -------
    float
        Throughput; the cache, when there is one, starts empty.
    """
    t0 = time.perf_counter()
    for w in words:
        stem(w)
    return len(words) / max(time.perf_counter() - t0, 1e-9)


def speed_rows(words: Sequence[str]) -> list[list[str]]:
    """Table rows: stemmer, words/s bare, words/s with a dict cache, distinct stems."""
    rows = []
    for name, stem in available().items():
        bare = tokens_per_second(stem, words)
        with_cache = tokens_per_second(cached(stem), words)
        distinct = len({stem(w) for w in set(words)})
        rows.append([name, f"{bare:,.0f}", f"{with_cache:,.0f}", f"{distinct:,}"])
    return rows


def agreement_rows() -> tuple[list[str], list[list[str]]]:
    """Header and rows: for each word group, what every stemmer makes of it.

    A cell is "yes" when the stemmer gives the whole group one stem, else the
    distinct stems it gives; the group's second column says which is wanted.
    """
    stemmers = available()
    header = ["words", "should conflate", *stemmers]
    rows = []
    for group, want in INFLECTIONS:
        row = ["/".join(group), "yes" if want else "no"]
        for stem in stemmers.values():
            outs = list(dict.fromkeys(stem(w) for w in group))
            row.append("yes" if len(outs) == 1 else "no: " + " ".join(outs))
        rows.append(row)
    score = ["right", ""]
    for i in range(len(stemmers)):
        right = sum((r[2 + i] == "yes") == want for r, (_, want) in zip(rows, INFLECTIONS))
        score.append(f"{right}/{len(rows)}")
    rows.append(score)
    return header, rows
