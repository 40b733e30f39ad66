"""Figures of a source passage that the copy changed, dropped or added, compared by value."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..text.dates import MONTHS
from ..text.numbers import NumberMention, same_number
from ..text.spans import Span
from ..text.words import STOPWORDS, stem, tokens
from .checker import PASSAGE_CACHE, per_passage
from .context import PairContext
from .finding import Finding, make_finding
from .mentions import Mentions


@lru_cache(maxsize=PASSAGE_CACHE)
def _context(text: str, span: Span, width: int = 3) -> frozenset[str]:
    """Stems of the content words just before and after a mention, to pair changed values."""
    left = [t.lower for t in tokens(text, max(0, span[0] - 60), span[0])][-width:]
    right = [t.lower for t in tokens(text, span[1], min(len(text), span[1] + 60))][:width]
    return frozenset(
        stem(w)
        for w in left + right
        if w not in STOPWORDS and not any(c.isdigit() for c in w) and w not in MONTHS
    )


def _label(n: NumberMention) -> str:
    return "date" if n.kind in ("date", "weekday") else "time" if n.kind == "time" else "number"



def number_findings(ctx: PairContext, src_span: Span, dst_span: Span) -> list[Finding]:
    """Changed, dropped and added figures between one aligned pair of passages.
        ``number-changed`` findings; a dropped figure has ``dst_span`` None,
        an added one ``src_span`` None.
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    src = ctx.src.numbers_in(src_span)
    dst = ctx.dst.numbers_in(dst_span)
    free_dst = list(range(len(dst)))
    unmatched_src = list(range(len(src)))
    # Like with like first: a bare "2005" must not take the place of "27 February 2005"
    # when the copy's "23 February 2005" is left over.
    for strict in (True, False):
        for i in list(unmatched_src):
            a = src[i]
            hit = next((j for j in free_dst if same_number(a, dst[j])
                        and (not strict or (a.date is None) == (dst[j].date is None))), None)
            if hit is not None:
                unmatched_src.remove(i)
                free_dst.remove(hit)
    # A value the other text states as often was moved, not changed; one it states
    # less often may pair with a new value, but is not reported dropped or added alone.
    movable_src = [i for i in unmatched_src if not _moved(src[i], ctx.src, ctx.dst)]
    movable_dst = [j for j in free_dst if not _moved(dst[j], ctx.dst, ctx.src)]
    pairs = _pair_changes(src_text, dst_text, src, dst, movable_src, movable_dst)
    out: list[Finding] = []
    for i, j in pairs:
        a, b = src[i], dst[j]
        close = (
            a.value is not None
            and b.value is not None
            and max(abs(a.value), abs(b.value)) > 0
            and abs(a.value - b.value) / max(abs(a.value), abs(b.value)) <= 0.1
        )
        out.append(
            make_finding(
                "number-changed",
                0.75 if close else 0.8,
                src_text,
                dst_text,
                a.span,
                b.span,
                f'The {_label(a)} "{a.text}" in the source became "{b.text}" in the copy.',
            )
        )
    paired_src = {i for i, _ in pairs}
    paired_dst = {j for _, j in pairs}
    for i in unmatched_src:
        a = src[i]
        if i in paired_src or a.weak or ctx.dst.stating(a):
            continue  # a figure the copy states elsewhere was moved, not dropped
        out.append(
            make_finding(
                "number-changed",
                0.6,
                src_text,
                dst_text,
                a.span,
                None,
                f'The {_label(a)} "{a.text}" in the source was dropped: the matching passage '
                f"of the copy has no counterpart.",
            )
        )
    for j in free_dst:
        b = dst[j]
        if j in paired_dst or b.weak or ctx.src.stating(b):
            continue
        if b.kind == "count" and b.text[:1].isalpha() and (b.value or 0) < 10:
            continue  # "the two sides" rewording "X and Y" adds no figure
        out.append(
            make_finding(
                "number-changed",
                0.5,
                src_text,
                dst_text,
                None,
                b.span,
                f'The copy adds the {_label(b)} "{b.text}", which the matching source passage lacks.',
            )
        )
    return out


def _moved(mention: NumberMention, own: Mentions, other: Mentions) -> bool:
    """Whether the other text states the value as often as this one: then it moved, not changed.

    A value said twice in the source and once in the copy was changed or
    dropped once, though the copy still states it elsewhere.
    """
    return other.stating(mention) >= max(1, own.stating(mention))


def _pair_changes(
    src_text: str,
    dst_text: str,
    src: Sequence[NumberMention],
    dst: Sequence[NumberMention],
    unmatched_src: Sequence[int],
    free_dst: Sequence[int],
) -> list[tuple[int, int]]:
    """Pair leftover mentions of the same category whose surrounding words agree."""
    scored: list[tuple[int, int, int, int]] = []
    for i in unmatched_src:
        ci = _context(src_text, src[i].span)
        for j in free_dst:
            if src[i].category != dst[j].category or (
                (src[i].weak or dst[j].weak) and src[i].kind != dst[j].kind
            ):
                continue
            shared = len(ci & _context(dst_text, dst[j].span))
            if shared:
                scored.append((-shared, abs(i - j), i, j))
    pairs: list[tuple[int, int]] = []
    used_i: set[int] = set()
    used_j: set[int] = set()
    for _, _, i, j in sorted(scored):
        if i not in used_i and j not in used_j:
            pairs.append((i, j))
            used_i.add(i)
            used_j.add(j)
    # One leftover of a category on each side is the same slot with a new value.
    for cat in {src[i].category for i in unmatched_src}:
        left = [
            i
            for i in unmatched_src
            if i not in used_i and src[i].category == cat and not src[i].weak
        ]
        right = [
            j for j in free_dst if j not in used_j and dst[j].category == cat and not dst[j].weak
        ]
        if len(left) == 1 and len(right) == 1:
            pairs.append((left[0], right[0]))
            used_i.add(left[0])
            used_j.add(right[0])
    return sorted(pairs)


#: The checker of this module (see :data:`lineage.findings.context.Checker`).
check = per_passage(number_findings)
