"""Whether a copy keeps who said what: attribution dropped, changed or added between aligned passages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..text.names import name_key
from ..text.spans import Span, within
from ..text.words import content_stems, fold
from .checker import per_passage
from .finding import Finding, make_finding, shorten
from .speakers import ANY_VERB, PRONOUNS, Attribution, is_named, same_speaker

if TYPE_CHECKING:
    from .context import PairContext
    from .mentions import Mentions


def attribution_findings(ctx: "PairContext", src_span: Span, dst_span: Span) -> list[Finding]:
    """``attribution-dropped`` and ``attribution-changed`` findings for one aligned pair.

    A source statement is looked up among the copy's sentences by its content
    words; the copy keeps the attribution if that sentence has a reporting verb
    or names the speaker, or one of the two sentences before it in the same
    paragraph names the speaker.
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    out: list[Finding] = []
    dst_sents = ctx.dst.sentences_in(dst_span)
    if not dst_sents:
        return out
    for a in ctx.src.attributions_in(src_span):
        if not a.key:
            continue
        statement = content_stems(src_text[a.content[0] : a.content[1]])
        if len(statement) < 4:
            continue
        best, score = None, 0.0
        for ds in dst_sents:
            got = len(statement & content_stems(dst_text[ds[0] : ds[1]])) / len(statement)
            if got > score:
                best, score = ds, got
        if best is None or score < 0.5:
            continue
        here = [d for d in ctx.dst.attributions_in(best) if d.sentence == best or within(d.sentence, best)]
        named = [
            d
            for d in here
            if d.key and dst_text[d.speaker_span[0] : d.speaker_span[1]].lower() not in PRONOUNS
        ]
        quoted = shorten(src_text[a.content[0] : a.content[1]], 60)
        clause = src_text[a.clause[0] : a.clause[1]]
        if named:
            d = named[0]
            if is_named(a) and is_named(d) and not same_speaker(a.key, d.key):
                out.append(
                    make_finding(
                        "attribution-changed",
                        0.85,
                        src_text,
                        dst_text,
                        a.speaker_span,
                        d.speaker_span,
                        f'The source attributes "{quoted}" to {_who(a)}; the copy attributes it to '
                        f"{d.speaker}.",
                    )
                )
            continue
        if here or ANY_VERB.search(dst_text[best[0] : best[1]]):
            continue
        if _named_near(ctx.dst, best, a.key):
            continue
        out.append(
            make_finding(
                "attribution-dropped",
                0.65,
                src_text,
                dst_text,
                a.clause,
                best,
                f'The source attributes "{quoted}" to {_who(a)} ("{clause}"); the copy states it '
                f"without attribution.",
            )
        )
    return out


def _who(a: Attribution) -> str:
    return a.speaker or "a named speaker"


def _named_near(side: "Mentions", sent: Span, key: Sequence[str]) -> bool:
    """Whether the copy still attributes the sentence: it names the speaker, or it quotes on.

    A statement in plain words keeps its speaker only by naming them in its
    own sentence (news style attributes each reported statement).  A sentence
    inside quotation marks keeps it from the sentences just before it in its
    paragraph that name the speaker, or from the attribution that follows
    ("... last words ... He gave us each a kiss," she said).
    """
    text = side.text
    if set(key) & set(name_key(text[sent[0] : sent[1]])):
        return True
    here = text[sent[0] : sent[1]]
    if not any(q in here for q in '"\u201c\u201d'):
        return False
    sents = side.sentences_in(side.paragraph_of(sent))
    idx = next((i for i, s in enumerate(sents) if s[0] <= sent[0] < s[1]), 0)
    for s in sents[max(0, idx - 2) : idx]:
        if set(key) & set(name_key(text[s[0] : s[1]])):
            return True
    if idx + 1 < len(sents):
        following = sents[idx + 1]
        return ANY_VERB.search(text[following[0] : following[1]]) is not None
    return False


def folded_key(text: str) -> tuple[str, ...]:
    """Name key of a speaker as written (exposed for tests and explanations)."""
    return tuple(k for k in name_key(fold(text)) if k != "the")


def attribution_added(ctx: "PairContext", src_span: Span, dst_span: Span) -> list[Finding]:
    """``attribution-added``: a statement the copy attributes to a speaker, made without one in the source."""
    out: list[Finding] = []
    flipped = replace(ctx, src=ctx.dst, dst=ctx.src)
    for f in attribution_findings(flipped, dst_span, src_span):
        if f.kind != "attribution-dropped" or f.src_span is None or f.dst_span is None:
            continue
        if ctx.src.quotes_overlapping(f.dst_span):
            continue  # a quotation in the source has a speaker from its context ("..." continued)
        out.append(make_finding(
            "attribution-added", 0.6, ctx.src_text, ctx.dst_text, f.dst_span, f.src_span,
            f'The copy attributes "{shorten(f.dst_excerpt, 60)}" to a speaker ("{f.src_excerpt}"); '
            f"the source states it without attribution.",
        ))
    return out


def _attribution_passage(ctx: "PairContext", src_span: Span, dst_span: Span) -> list[Finding]:
    """Attributions dropped, changed or added between one aligned passage."""
    return attribution_findings(ctx, src_span, dst_span) + attribution_added(ctx, src_span, dst_span)


#: The checker of this module (see :data:`lineage.findings.checker.Checker`).
check = per_passage(_attribution_passage)
