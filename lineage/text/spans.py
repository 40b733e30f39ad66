"""Spans: ``[start, end)`` character offsets into a text, and the lines they fall in."""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]


def trim(text: str, start: int, end: int) -> Span:
    """``(start, end)`` narrowed past the whitespace at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end)


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Non-blank lines of ``text[start:end]`` as trimmed spans; a line break always ends one."""
    stop = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl < 0 else nl
        span = trim(text, pos, line_end)
        if span[1] > span[0]:
            out.append(span)
        pos = line_end + 1
    return out


def within(span: Span, outer: Span) -> bool:
    """Whether ``span`` lies inside ``outer``."""
    return outer[0] <= span[0] and span[1] <= outer[1]


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def select(spans: Sequence[Span], outer: Span) -> list[Span]:
    """Those of ``spans`` that lie inside ``outer``."""
    return [s for s in spans if within(s, outer)]
