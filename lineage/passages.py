"""Passages: aligned sentences merged into reused stretches with extents in both texts.

Pairs that follow each other in both texts (allowing a small gap of unaligned
sentences, which is bridged when reuse surrounds it) form one passage.  An
isolated short match of a common phrase is not a passage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .alignment import NEAR_VERBATIM, PARAPHRASE, VERBATIM, AlignedPair
from .segments import Segment

#: Sentences of unaligned text bridged between two pairs of one passage.
MAX_GAP = 2
#: A lone pair with fewer content words than this is too short to be a passage.
MIN_WORDS = 6


@dataclass(frozen=True)
class Passage:
    """A reused stretch: extents in A and B, the pairs it holds, and its kind.

    Attributes
    ----------
    a_start, a_end, b_start, b_end : int
        Character extents in each text.
    pairs : int
        Number of aligned pairs merged into the passage.
    score : float
        Mean pair score, weighted by length (0-1).
    label : str
        The dominant kind of its pairs (``verbatim``, ``near-verbatim``, ``paraphrase``).
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    pairs: int
    score: float
    label: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "a_span": [self.a_start, self.a_end],
            "b_span": [self.b_start, self.b_end],
            "pairs": self.pairs,
            "score": self.score,
            "label": self.label,
        }


def _words(segs: Sequence[Segment], idx: Sequence[int]) -> int:
    return sum(len(segs[i].text.split()) for i in idx)


def build_passages(
    pairs: Sequence[AlignedPair], sa: Sequence[Segment], sb: Sequence[Segment], max_gap: int = MAX_GAP
) -> tuple[Passage, ...]:
    """Merge aligned pairs that run in parallel through both texts into passages.

    Parameters
    ----------
    pairs : sequence of AlignedPair
        The alignment.
    sa, sb : sequence of Segment
        Sentences of A and B (for word counts).
    max_gap : int
        Unaligned sentences bridged between consecutive pairs, on each side.

    Returns
    -------
    tuple of Passage
        Ordered by position in A.
    """
    runs: list[list[AlignedPair]] = []
    for p in sorted(pairs, key=lambda p: (p.a[0], p.b[0])):
        if runs:
            last = runs[-1][-1]
            gap_a = p.a[0] - last.a[-1] - 1
            gap_b = p.b[0] - last.b[-1] - 1
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                runs[-1].append(p)
                continue
        runs.append([p])
    out = []
    for run in runs:
        words = sum(_words(sa, p.a) for p in run)
        if len(run) == 1 and words < MIN_WORDS and run[0].label != VERBATIM:
            continue
        weights = [max(1, _words(sa, p.a)) for p in run]
        score = sum(w * p.score for w, p in zip(weights, run)) / sum(weights)
        by_label: dict[str, int] = {}
        for w, p in zip(weights, run):
            by_label[p.label] = by_label.get(p.label, 0) + w
        label = max((VERBATIM, NEAR_VERBATIM, PARAPHRASE), key=lambda k: by_label.get(k, 0))
        out.append(
            Passage(
                min(p.a_start for p in run), max(p.a_end for p in run),
                min(p.b_start for p in run), max(p.b_end for p in run),
                len(run), round(score, 4), label,
            )
        )
    return tuple(out)
