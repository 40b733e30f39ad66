"""Whole sentences the copy dropped or added, ranked by the facts they carry."""

from __future__ import annotations

from collections.abc import Sequence

from ..options import Options
from ..text.numbers import describe_numbers
from ..text.quotes import inner, is_quotation
from ..text.spans import Span
from ..vocabulary import FindingKind
from .context import PairContext
from .finding import Finding, make_finding, shorten
from .mentions import Mentions


def _facts(side: Mentions, span: Span) -> tuple[list[str], list[str], list[str], list[str], bool]:
    text = side.text
    figures, dates = describe_numbers(side.numbers_in(span))
    names = side.names_in(span)
    people: list[str] = []
    for n in names:
        if n.text not in people:
            people.append(n.text)
    quoted: list[str] = []
    for q in side.quotes_overlapping(span):
        body = inner(text, q, span)
        if is_quotation(text, body):
            quoted.append(shorten(text[body[0] : body[1]], 90))
    has_person = any(n.person for n in names)
    return figures, dates, people, quoted, has_person


def _describe(figures: list[str], dates: list[str], people: list[str], quoted: list[str]) -> str:
    parts: list[str] = []
    if quoted:
        parts.append("quotation " + "; ".join(f'"{q}"' for q in quoted))
    if figures:
        parts.append(("figure " if len(figures) == 1 else "figures ") + ", ".join(figures))
    if dates:
        parts.append(("date " if len(dates) == 1 else "dates ") + ", ".join(dates))
    if people:
        parts.append(("name " if len(people) == 1 else "names ") + ", ".join(people))
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def _severity(
    base: float,
    figures: list[str],
    dates: list[str],
    quoted: list[str],
    people: list[str],
    has_person: bool,
) -> float:
    score = base
    if quoted:
        score += 0.35
    if figures:
        score += 0.25 + min(0.1, 0.05 * (len(figures) - 1))
    if dates:
        score += 0.1
    if people:
        score += 0.1 if has_person else 0.05
    return min(score, 0.9)


def check(ctx: PairContext, options: Options) -> list[Finding]:
    """``sentence-dropped`` and ``sentence-added`` findings of a pair."""
    out: list[Finding] = []
    if FindingKind.SENTENCE_DROPPED in options.findings:
        out += sentence_findings(ctx.src, ctx.dst_text, ctx.dropped, False)
    if FindingKind.SENTENCE_ADDED in options.findings:
        out += sentence_findings(ctx.dst, ctx.src_text, ctx.added, True)
    return out


def sentence_findings(side: Mentions, other: str, spans: Sequence[Span], added: bool) -> list[Finding]:
    """``sentence-dropped`` (source spans) or ``sentence-added`` (copy spans) findings.

    Parameters
    ----------
    side : Mentions
        The text the spans refer to (the source for dropped, the copy for added).
    other : str
        The other text.
    spans : sequence of tuple of int
        Sentences with no counterpart.
    added : bool
        Whether these are the copy's added sentences.

    Returns
    -------
    list of Finding
    """
    text = side.text
    out: list[Finding] = []
    for span in spans:
        if span[1] <= span[0] or not text[span[0] : span[1]].strip():
            continue
        figures, dates, people, quoted, has_person = _facts(side, span)
        what = _describe(figures, dates, people, quoted)
        verb = "Added" if added else "Dropped"
        if what:
            explanation = f"{verb} sentence with {what}."
        else:
            explanation = f'{verb} sentence without figures, names or quotations: "{shorten(text[span[0] : span[1]], 60)}".'
        severity = _severity(0.15 if added else 0.2, figures, dates, quoted, people, has_person)
        if added:
            severity *= 0.8  # new material is less alarming than lost material
            out.append(
                make_finding("sentence-added", severity, other, text, None, span, explanation)
            )
        else:
            out.append(
                make_finding("sentence-dropped", severity, text, other, span, None, explanation)
            )
    return out
