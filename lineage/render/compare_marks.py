"""Overlapping marks on a text cut into flat runs, and the words that differ inside an aligned pair.

Passages contain aligned pairs, findings overlap pairs and each other; HTML
cannot nest such spans, so each text is cut at every mark's boundary into runs
that each carry all the marks covering them.  Offsets are Python string
indices (code points), so the cutting is done here and never in a browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

#: A word for the diff: letters and digits, joined across inner apostrophes, points and commas ("didn't", "3.2", "1,500").
WORD = re.compile(r"\w+(?:['\u2019.,]\w+)*")


@dataclass(frozen=True)
class Mark:
    """One mark on a text: a ``[start, end)`` span of some kind (passage, pair, diff, finding, ...)."""

    start: int
    end: int
    kind: str
    index: int = -1
    label: str = ""


@dataclass(frozen=True)
class Run:
    """A stretch of text no mark begins or ends inside, with every mark that covers it."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def span_of(value: Any, length: int) -> tuple[int, int] | None:
    """A ``[start, end]`` pair from the JSON as two ints clipped to the text, or None when absent or empty."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    try:
        start, end = (max(0, min(length, int(v))) for v in value)
    except (TypeError, ValueError):
        return None
    return (start, end) if start < end else None


def cut(length: int, marks: Iterable[Mark]) -> list[Run]:
    """Cut ``[0, length)`` into consecutive runs at every mark's boundaries.

    Parameters
    ----------
    length : int
        Length of the text.
    marks : iterable of Mark
        Marks in any order; they may overlap and nest.  Empty marks and those
        outside the text are ignored.

    Returns
    -------
    list of Run
        Runs covering the whole text in order, each with the marks covering it
        (in the order given), unmarked runs included.
    """
    kept = [m for m in marks if 0 <= m.start < m.end <= length]
    points = sorted({0, length, *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    for m in kept:
        starting.setdefault(m.start, []).append(m)
    order = {id(m): i for i, m in enumerate(kept)}
    runs: list[Run] = []
    active: list[Mark] = []
    for x, y in pairwise(points):
        active = [m for m in active if m.end > x] + starting.get(x, [])
        active.sort(key=lambda m: order[id(m)])
        runs.append(Run(x, y, tuple(active)))
    return runs


def _key(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def word_diff(a: str, b: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Where the words of ``a`` and ``b`` differ, as character spans in each.

    Words are compared case-insensitively, punctuation aside; each run of
    differing words is one span.

    Parameters
    ----------
    a, b : str
        The two sides of an aligned pair.

    Returns
    -------
    tuple of two lists of (start, end, op)
        Spans in ``a`` and in ``b``; ``op`` is ``"changed"`` for words replaced
        by others, ``"only"`` for words the other side lacks.

    Examples
    --------
    >>> word_diff("should be made", "must be made")
    ([(0, 6, 'changed')], [(0, 4, 'changed')])
    """
    wa = [(m.start(), m.end()) for m in WORD.finditer(a)]
    wb = [(m.start(), m.end()) for m in WORD.finditer(b)]
    ka = [_key(a[s:e]) for s, e in wa]
    kb = [_key(b[s:e]) for s, e in wb]
    out_a: list[tuple[int, int, str]] = []
    out_b: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        op = "changed" if tag == "replace" else "only"
        if i2 > i1:
            out_a.append((wa[i1][0], wa[i2 - 1][1], op))
        if j2 > j1:
            out_b.append((wb[j1][0], wb[j2 - 1][1], op))
    return out_a, out_b


def pair_diff_marks(text_a: str, text_b: str, pairs: Sequence[dict[str, Any]]) -> tuple[list[Mark], list[Mark]]:
    """Marks for the differing words of every aligned pair, on text A and on text B."""
    marks_a: list[Mark] = []
    marks_b: list[Mark] = []
    for k, p in enumerate(pairs):
        sa, sb = span_of(p.get("a_span"), len(text_a)), span_of(p.get("b_span"), len(text_b))
        if sa is None or sb is None:
            continue
        da, db = word_diff(text_a[sa[0]:sa[1]], text_b[sb[0]:sb[1]])
        marks_a += [Mark(sa[0] + s, sa[0] + e, "diff", k, op) for s, e, op in da]
        marks_b += [Mark(sb[0] + s, sb[0] + e, "diff", k, op) for s, e, op in db]
    return marks_a, marks_b
