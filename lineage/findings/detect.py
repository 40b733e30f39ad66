"""Run the extractors over aligned passages and return one ranked, filtered list of findings."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import LineageError
from ..options import DEFAULT_OPTIONS, Options
from .attribution import Attribution, attribution_findings, extract_attributions, quote_speakers
from .finding import Finding
from .lists import order_findings
from .modality import modality_findings
from .name_checks import name_findings
from .names import NameMention, NameVocab, extract_names
from .number_checks import number_findings
from .numbers import NumberMention, extract_numbers
from .quote_marks import extract_quotes
from .quotes import quote_findings
from .sentences import sentence_findings
from .text import Span, within

_QUOTE_KINDS = frozenset(
    {"quote-altered", "quote-dropped", "quote-to-reported", "quote-reattributed"}
)
_ATTRIBUTION_KINDS = frozenset({"attribution-dropped", "attribution-changed"})
_NAME_KINDS = frozenset({"name-changed", "name-dropped", "role-dropped"})
_MODAL_KINDS = frozenset({"modality-shifted", "negation-flipped"})
# A finding inside a quotation already reported as dropped or altered adds nothing.
_COVERING = frozenset({"quote-dropped", "quote-altered"})


@dataclass(frozen=True)
class _Side:
    """Everything the extractors need from one full text, computed once."""

    text: str
    numbers: list[NumberMention]
    names: list[NameMention]
    quotes: list[Span]
    attributions: list[Attribution]
    speakers: dict[Span, Attribution]


def _analyse(text: str, vocab: NameVocab) -> _Side:
    names = extract_names(text, vocab)
    quotes = extract_quotes(text)
    attrs = extract_attributions(text, names)
    return _Side(
        text, extract_numbers(text), names, quotes, attrs, quote_speakers(text, quotes, attrs)
    )


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
    checked = [
        (_check_span(s, len(src_text), "source span"), _check_span(d, len(dst_text), "copy span"))
        for s, d in pairs
    ]
    gone = [_check_span(s, len(src_text), "dropped span") for s in dropped]
    new = [_check_span(d, len(dst_text), "added span") for d in added]
    kinds = opts.findings
    if not kinds:
        return ()
    vocab = NameVocab.build(src_text, dst_text)
    src, dst = _analyse(src_text, vocab), _analyse(dst_text, vocab)
    found: list[Finding] = []
    for s, d in checked:
        if s[1] <= s[0] or d[1] <= d[0]:
            continue
        if kinds & _QUOTE_KINDS:
            found += quote_findings(
                src_text, dst_text, s, d, src.quotes, dst.quotes, src.speakers, dst.speakers
            )
        if kinds & _ATTRIBUTION_KINDS:
            found += attribution_findings(
                src_text, dst_text, s, d, src.attributions, dst.attributions
            )
        if "number-changed" in kinds:
            found += number_findings(src_text, dst_text, s, d, src.numbers, dst.numbers)
        if kinds & _NAME_KINDS:
            found += name_findings(src_text, dst_text, s, d, src.names, dst.names)
        if "order-swapped" in kinds:
            found += order_findings(src_text, dst_text, s, d)
        if kinds & _MODAL_KINDS:
            found += modality_findings(src_text, dst_text, s, d)
    if "sentence-dropped" in kinds:
        found += sentence_findings(
            src_text, dst_text, gone, src.numbers, src.names, src.quotes, False
        )
    if "sentence-added" in kinds:
        found += sentence_findings(
            dst_text, src_text, new, dst.numbers, dst.names, dst.quotes, True
        )
    return _rank(_prune(found), opts)


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
