"""Distinctive figures two texts share: a fact copied with its digits, which independent texts seldom match.

Two reports of one event share its year, its round numbers and its names;
they seldom share a phone number, a page range, a price list or a figure
of several digits unless one took it from the other.
"""

from __future__ import annotations

import re

from .prepare import PreparedDocument

#: A figure as written: digits, with inner separators ("4,000", "82-100", "651-582-8791").
FIGURE_RE = re.compile(r"(?<![\w.])\d+(?:[.,:/\-]\d+)*")
#: Fewest digits a figure needs to count: one- and two-digit numbers are everywhere.
FIGURE_DIGITS = 3
#: A year, or a span of years or a season ("1986/87", "1985-1986"): reports of one period share them.
_YEAR = re.compile(r"(?:1[6-9]|20)\d\d(?:[/\-](?:\d\d|(?:1[6-9]|20)\d\d))?")
_ROUND = re.compile(r"[1-9][0,]*0(?:\.0+)?")


def distinctive_figures(p: PreparedDocument) -> frozenset[str]:
    """Figures of a text's compared regions with three digits or more, leaving out years, seasons and round numbers."""
    return p.memo("figures", _read_figures)


def _read_figures(p: PreparedDocument) -> frozenset[str]:
    found = set()
    for seg in p.segments:
        for m in FIGURE_RE.finditer(p.text, seg.start, seg.end):
            v = m.group()
            if sum(c.isdigit() for c in v) >= FIGURE_DIGITS and not _YEAR.fullmatch(v) and not _ROUND.fullmatch(v):
                found.add(v)
    return frozenset(found)


def shared_figures(pa: PreparedDocument, pb: PreparedDocument) -> int:
    """How many distinct distinctive figures (:func:`distinctive_figures`) both texts write."""
    return len(distinctive_figures(pa) & distinctive_figures(pb))
