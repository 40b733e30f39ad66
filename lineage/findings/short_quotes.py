"""Quoted words too short to be a quotation ("very surprised", "a huge boost") changed between aligned sentences.

A phrase of one or two words in quotation marks is often a scare quote or a
title, so it is no quotation to trace through a text; but where two aligned
sentences put such a phrase in the same place and its words differ, the
copy has put other words in someone's mouth.
"""

from __future__ import annotations

from ..text.quotes import MIN_QUOTE_WORDS, inner
from ..text.spans import Span, within
from ..text.words import tokens, words
from .context import PairContext
from .finding import Finding, make_finding
from .mentions import Mentions
from .modality import sentence_pairs

#: Words on each side of a phrase that must match for two phrases to stand in the same place.
_AROUND = 2
#: Longest phrase of the copy compared, in words (a grown phrase, not a whole quotation).
_GROWN = 8


def _phrases(side: Mentions, sent: Span, most: int) -> list[tuple[Span, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Quoted phrases of up to ``most`` words inside a sentence: body span, its words, and the words just before and after."""
    text = side.text
    out = []
    for q in side.quotes_overlapping(sent):
        if not within(q, sent):
            continue
        body = inner(text, q)
        if not 0 < len(tokens(text, body[0], body[1])) <= most:
            continue
        before = tuple(words(text[sent[0] : q[0]]))[-_AROUND:]
        after = tuple(words(text[q[1] : sent[1]]))[:_AROUND]
        out.append((body, tuple(words(text[body[0] : body[1]])), before, after))
    return out


def short_quote_findings(ctx: PairContext, src_span: Span, dst_span: Span) -> list[Finding]:
    """``quote-altered`` for short quoted phrases whose words differ at the same place of two aligned sentences."""
    src_text, dst_text = ctx.src_text, ctx.dst_text
    out: list[Finding] = []
    if not _phrases(ctx.src, src_span, MIN_QUOTE_WORDS - 1):
        return out  # most passages hold no short quoted phrase: pair no sentences for them
    for s, d in sentence_pairs(ctx, src_span, dst_span):
        # The copy's phrase may have grown past two words ("very surprised" -> "very much surprised").
        theirs = _phrases(ctx.dst, d, _GROWN)
        if not theirs:
            continue
        for body, said, before, after in _phrases(ctx.src, s, MIN_QUOTE_WORDS - 1):
            for d_body, d_said, d_before, d_after in theirs:
                # The same place: the same words before it, or after it, on both sides.
                if said == d_said or not ((before and before == d_before) or (after and after == d_after)):
                    continue
                old, new = src_text[body[0] : body[1]], dst_text[d_body[0] : d_body[1]]
                out.append(make_finding("quote-altered", 0.95, src_text, dst_text, body, d_body,
                                        f'The quoted words "{old}" became "{new}".'))
                break
    return out
