"""Summaries: a paragraph of one text that condenses the other text as a whole.

A human summary rewrites nearly every sentence, so few of its sentences align
with the source; but it keeps the source's vocabulary.  A paragraph most of
whose content words occur in the other text, far more of them than in the
rest of its own text, drawing on sentences spread over a stretch of the other
text several times its length, is a summary of that stretch.  The text's
other paragraphs are the baseline: two texts on one subject share vocabulary
everywhere, a summary shares it in one place.  Thresholds were chosen on PAN
2013 training pairs (``benchmarks/pan13.py``, see ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Sequence

from .params import SummaryParams
from .prepare import PreparedDocument, Segment

#: Character extents of one piece of evidence in A and in B.
Piece = tuple[int, int, int, int]


@dataclass(frozen=True)
class Summary:
    """A paragraph of one text condensing a stretch of the other.

    Attributes
    ----------
    side : str
        ``"a"`` or ``"b"``: the text that holds the summary (the derived text).
    start, end : int
        Character extent of the paragraph in that text.
    source_start, source_end : int
        Character extent of the stretch it condenses, in the other text.
    coverage : float
        Share of the paragraph's distinct content stems found in the other text (0-1).
    baseline : float
        The same share for the median other paragraph of its text (0-1).
    shared : int
        Distinct content stems the paragraph shares with the other text.
    """

    side: str
    start: int
    end: int
    source_start: int
    source_end: int
    coverage: float
    baseline: float
    shared: int


@dataclass(frozen=True)
class _Paragraph:
    start: int
    end: int
    stems: frozenset[str]


def _paragraphs(segs: Sequence[Segment], seg_stems: Sequence[frozenset[str]]) -> list[_Paragraph]:
    groups: dict[int, list[int]] = {}
    for s in segs:
        groups.setdefault(s.paragraph, []).append(s.index)
    return [
        _Paragraph(segs[idx[0]].start, segs[idx[-1]].end, frozenset().union(*(seg_stems[i] for i in idx)))
        for idx in groups.values()
    ]


def _clip(piece: Piece, start: int, end: int) -> Piece:
    """The part of a piece inside ``[start, end)``, its other side cut in proportion."""
    h0, h1, t0, t1 = piece
    c0, c1 = max(start, h0), min(end, h1)
    scale = (t1 - t0) / max(1, h1 - h0)
    return c0, c1, t0 + round((c0 - h0) * scale), t1 - round((h1 - c1) * scale)


def _copied_from(start: int, end: int, pieces: Sequence[Piece], params: SummaryParams) -> tuple[int, int] | None:
    """The short stretch of the other text that evidence covering much of ``[start, end)`` comes from, if any.

    When sentences or seed clusters already align over much of the
    paragraph, they tell where it comes from: a summary draws them from a
    stretch of the source several times its length (an extractive summary
    too), a copy from a stretch about as long as itself.  A stray match of a
    common phrase elsewhere does not make a copy a summary: the stretch is
    the shortest one that holds most of the evidence.
    """
    clipped = (_clip(p, start, end) for p in pieces if p[0] < end and start < p[1])
    inside = sorted(c for c in clipped if c[1] - c[0] >= params.min_piece)
    covered, reach = 0, start
    for h0, h1, _, _ in inside:
        covered += max(0, h1 - max(h0, reach))
        reach = max(reach, h1)
    if covered < params.copy_share * (end - start):
        return None
    by_there = sorted(inside, key=lambda p: p[2])
    total = sum(p[1] - p[0] for p in by_there)
    shortest: tuple[int, int] | None = None
    for i, first in enumerate(by_there):
        weight, reach = 0, first[3]
        for p in by_there[i:]:
            weight += p[1] - p[0]
            reach = max(reach, p[3])
            if weight >= params.most_evidence * total:
                if shortest is None or reach - first[2] < shortest[1] - shortest[0]:
                    shortest = (first[2], reach)
                break
    if shortest is None or shortest[1] - shortest[0] >= params.copy_stretch * (end - start):
        return None
    return shortest


def _is_copy(
    p: _Paragraph, shared: frozenset[str],
    other: Sequence[Segment], other_stems: Sequence[frozenset[str]], pieces: Sequence[Piece],
    params: SummaryParams,
) -> bool:
    """True when aligned evidence puts the paragraph in one short stretch and its words come from there.

    A summary of an article's lead aligns with the lead, yet draws many of
    its words from the rest: those beyond the evidence keep it a summary.
    """
    stretch = _copied_from(p.start, p.end, pieces, params)
    if stretch is None:
        return False
    spans = [stretch] + [(q[2], q[3]) for q in pieces if q[0] < p.end and p.start < q[1]]
    there = frozenset().union(*(
        st for s, st in zip(other, other_stems) if any(s.start < t1 and t0 < s.end for t0, t1 in spans)
    ))
    return len(shared - there) < params.beyond_share * len(shared)


def _surprise(shared: int, stems: int, baseline: float) -> float:
    """Standard deviations by which ``shared`` of ``stems`` exceeds what the baseline share predicts."""
    # A floor on the rate: a baseline near 0 would make any sharing look surprising.
    rate = min(max(baseline, 0.05), 0.95)
    return (shared - stems * rate) / math.sqrt(stems * rate * (1 - rate))


def _one_way(
    side: str,
    segs: Sequence[Segment], seg_stems: Sequence[frozenset[str]],
    other: Sequence[Segment], other_stems: Sequence[frozenset[str]],
    pieces: Sequence[Piece], params: SummaryParams,
) -> list[Summary]:
    """Paragraphs of ``segs`` that summarise a stretch of ``other``."""
    vocabulary = frozenset().union(*other_stems) if other_stems else frozenset()
    paras = [p for p in _paragraphs(segs, seg_stems) if len(p.stems) >= params.prose_stems]
    if len(paras) < 2 or not vocabulary:
        # Without other paragraphs there is no baseline to stand out from.
        return []
    shares = [len(p.stems & vocabulary) / len(p.stems) for p in paras]
    out = []
    for i, (p, share) in enumerate(zip(paras, shares)):
        shared = p.stems & vocabulary
        if len(shared) < params.min_shared or share < params.min_coverage:
            continue
        baseline = statistics.median(shares[:i] + shares[i + 1:])
        if share - baseline < params.min_contrast or _surprise(len(shared), len(p.stems), baseline) < params.min_surprise:
            continue
        drawn = [s for s, st in zip(other, other_stems) if len(st & shared) >= params.anchor_stems]
        if not drawn:
            continue
        lo, hi = drawn[0].start, drawn[-1].end
        length = max(1, p.end - p.start)
        if not params.min_ratio * length <= hi - lo <= params.max_ratio * length:
            continue
        if _is_copy(p, shared, other, other_stems, pieces, params):
            continue
        out.append(Summary(side, p.start, p.end, lo, hi, share, baseline, len(shared)))
    return out


def find_summaries(
    pa: PreparedDocument, pb: PreparedDocument, pieces: Sequence[Piece] = (), params: SummaryParams = SummaryParams(),
) -> tuple[Summary, ...]:
    """Paragraphs of either text that condense a stretch of the other.

    Parameters
    ----------
    pa, pb : PreparedDocument
        Texts A and B (sentences with their paragraph numbers and stems).
    pieces : sequence of (a_start, a_end, b_start, b_end)
        Extents of the evidence of reuse already found (aligned pairs, seed
        clusters): a paragraph they mostly cover from one stretch of the
        other text about as long as itself, and whose words come from there,
        is a copy and not a summary.
    params : SummaryParams
        The thresholds (see :class:`lineage.params.SummaryParams`).

    Returns
    -------
    tuple of Summary
        Summaries held by A, then by B, each in text order.
    """
    sa, sb = pa.segments, pb.segments
    stems_a, stems_b = pa.stem_sets, pb.stem_sets
    flipped = [(b0, b1, a0, a1) for a0, a1, b0, b1 in pieces]
    return tuple(_one_way("a", sa, stems_a, sb, stems_b, pieces, params)
                 + _one_way("b", sb, stems_b, sa, stems_a, flipped, params))
