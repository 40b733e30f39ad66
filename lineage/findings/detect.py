"""Run the extractors over aligned passages and return one ranked, filtered list of findings."""

from __future__ import annotations

import math
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import LineageError
from ..options import DEFAULT_OPTIONS, Options
from ..text.spans import Span, within
from ..vocabulary import FindingKind
from .checker import Checker
from .context import PairContext
from .finding import Finding
from .mentions import analyse_text

if TYPE_CHECKING:
    from ..prepare import PreparedDocument

# A finding inside a quotation already reported as dropped adds nothing; inside an
# altered quotation, a changed figure or a flipped negation is still named.
_COVERING = frozenset({FindingKind.QUOTE_DROPPED})


def _checkers(kinds: frozenset[str]) -> list[Checker]:
    """The ``check`` functions of the modules that report ``kinds`` (see ``FindingKind.checker``)."""
    modules = sorted({FindingKind(k).checker for k in kinds})
    return [import_module(f".{name}", __package__).check for name in modules]


def _check_span(span: object, length: int, what: str) -> Span:
    if (
        not isinstance(span, (tuple, list))
        or len(span) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
    ):
        raise LineageError(f"{what} must be a (start, end) pair of integers, not {span!r}")
    start, end = span
    if not 0 <= start <= end <= length:
        raise LineageError(f"{what} {start}-{end} lies outside the text (length {length})")
    return (start, end)


def find_divergences(
    src_text: str,
    dst_text: str,
    pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    dropped: Sequence[tuple[int, int]],
    added: Sequence[tuple[int, int]],
    options: Options | None = None,
) -> tuple[Finding, ...]:
    """Typed differences of fact between a source text and a copy, at aligned passages.

    Parameters
    ----------
    src_text : str
        The presumed original.
    dst_text : str
        The presumed copy.
    pairs : sequence of ((int, int), (int, int))
        Aligned passages as (source span, copy span); a span may cover several
        sentences when sentences were merged or split.
    dropped : sequence of (int, int)
        Source sentences with no counterpart in the copy (boilerplate excluded).
    added : sequence of (int, int)
        Copy sentences with no counterpart in the source.
    options : Options, optional
        ``options.findings`` selects the kinds and ``options.threshold(kind)``
        the minimum severity of each; defaults to ``Options()``.

    Returns
    -------
    tuple of Finding
        Sorted by severity (highest first), then by source offset.  Every span
        is an offset into the full texts, and every excerpt is the text at its span.

    Raises
    ------
    LineageError
        If a span is not a pair of integers inside its text.
    """
    opts = options if options is not None else DEFAULT_OPTIONS
    checked = tuple(
        (_check_span(s, len(src_text), "source span"), _check_span(d, len(dst_text), "copy span"))
        for s, d in pairs
    )
    gone = tuple(_check_span(s, len(src_text), "dropped span") for s in dropped)
    new = tuple(_check_span(d, len(dst_text), "added span") for d in added)
    if not opts.findings:
        return ()
    return run_checkers(PairContext.of(analyse_text(src_text), analyse_text(dst_text), checked, gone, new), opts)


def divergences(
    src: "PreparedDocument",
    dst: "PreparedDocument",
    pairs: Sequence[tuple[Span, Span]],
    dropped: Sequence[Span],
    added: Sequence[Span],
    options: Options | None = None,
) -> tuple[Finding, ...]:
    """:func:`find_divergences` for prepared documents, whose analysis is done once and kept."""
    opts = options if options is not None else DEFAULT_OPTIONS
    if not opts.findings:
        return ()
    return run_checkers(PairContext.of(src.mentions, dst.mentions, pairs, dropped, added), opts)


def run_checkers(ctx: PairContext, options: Options) -> tuple[Finding, ...]:
    """Every checker reporting a kind ``options`` asks for, over one pair; ranked and filtered."""
    found: list[Finding] = []
    for check in _checkers(options.findings):
        found += check(ctx, options)
    return _rank(_prune(found), options)


def _prune(found: Sequence[Finding]) -> list[Finding]:
    """Drop duplicates and findings nested in a dropped or altered quotation."""
    covers = [f.src_span for f in found if f.kind in _COVERING and f.src_span is not None]
    # A reattributed quotation is also a changed attribution; say it once, as the former.
    reattributed = {f.src_span for f in found if f.kind == "quote-reattributed"}
    out: list[Finding] = []
    seen: set[tuple[str, Span | None, Span | None]] = set()
    for f in found:
        key = (f.kind, f.src_span, f.dst_span)
        if key in seen:
            continue
        seen.add(key)
        if f.kind == "attribution-changed" and f.src_span in reattributed:
            continue
        if (
            f.kind not in _COVERING
            and f.src_span is not None
            and any(within(f.src_span, c) and f.src_span != c for c in covers)
        ):
            continue
        out.append(f)
    return out


def _rank(found: Sequence[Finding], opts: Options) -> tuple[Finding, ...]:
    kept = [f for f in found if f.kind in opts.findings and f.severity >= opts.threshold(f.kind)]
    return tuple(
        sorted(
            kept,
            key=lambda f: (
                -f.severity,
                f.src_span[0] if f.src_span is not None else math.inf,
                f.dst_span[0] if f.dst_span is not None else math.inf,
                f.kind,
            ),
        )
    )
