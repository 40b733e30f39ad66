"""Fuzzy sentence alignment: one-to-one, one-to-many and many-to-one, reordering allowed.

Identical sentences are paired first by a hash join; the rest are scored with
:func:`lineage.scoring.score_matrix` and paired greedily by descending score.
A pair then absorbs unpaired neighbouring sentences that add content the
other side holds, which finds merged and split sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from .params import AlignmentParams
from .prepare import PreparedDocument, Segment
from .scoring import score_matrix, score_sets
from .vocabulary import PairLabel

VERBATIM, NEAR_VERBATIM, PARAPHRASE = PairLabel.VERBATIM, PairLabel.NEAR_VERBATIM, PairLabel.PARAPHRASE


@dataclass(frozen=True)
class AlignedPair:
    """Sentences of A aligned with sentences of B, with offsets and a 0-1 score.

    Attributes
    ----------
    a, b : tuple of int
        Indices of the aligned segments in each text (consecutive; more than
        one when sentences were merged or split).
    a_start, a_end, b_start, b_end : int
        Character extents in each text.
    score : float
        Sentence similarity, 0-1.
    label : str
        ``verbatim``, ``near-verbatim`` or ``paraphrase``.
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    label: PairLabel


def label_for(edit: float, params: AlignmentParams = AlignmentParams()) -> PairLabel:
    """Name the kind of reuse from the edit similarity of the two texts."""
    if edit >= params.verbatim_at:
        return VERBATIM
    if edit >= params.near_verbatim_at:
        return NEAR_VERBATIM
    return PARAPHRASE


class _Side:
    """Sentences of one text with their stems and normalised forms, joined on demand for groups."""

    def __init__(self, doc: PreparedDocument) -> None:
        self.segs = doc.segments
        self.stems = doc.stem_sets
        self.norms = doc.norms

    def norm(self, idx: Sequence[int]) -> str:
        return " ".join(self.norms[i] for i in sorted(idx))

    def stem_set(self, idx: Sequence[int]) -> frozenset[str]:
        return frozenset().union(*(self.stems[i] for i in idx))


def _make(xa: _Side, xb: _Side, ia: list[int], ib: list[int], score: float, params: AlignmentParams) -> AlignedPair:
    ia, ib = sorted(ia), sorted(ib)
    wa, wb = xa.norm(ia).split(), xb.norm(ib).split()
    edit = 1.0 if wa == wb else Levenshtein.normalized_similarity(wa, wb)
    return AlignedPair(
        tuple(ia), tuple(ib),
        xa.segs[ia[0]].start, xa.segs[ia[-1]].end, xb.segs[ib[0]].start, xb.segs[ib[-1]].end,
        round(float(score), 4), label_for(edit, params),
    )


def align(
    pa: PreparedDocument, pb: PreparedDocument, min_score: float = 0.6, params: AlignmentParams = AlignmentParams()
) -> tuple[AlignedPair, ...]:
    """Align the sentences of two prepared texts.

    Parameters
    ----------
    pa, pb : PreparedDocument
        Text A and text B.
    min_score : float
        Pairs scoring below this (0-1) are not aligned.
    params : AlignmentParams
        Where verbatim and near-verbatim begin.

    Returns
    -------
    tuple of AlignedPair
        Ordered by position in A.
    """
    sa, sb = pa.segments, pb.segments
    xa, xb = _Side(pa), _Side(pb)
    a_to: dict[int, int] = {}
    b_to: dict[int, int] = {}
    groups: list[tuple[list[int], list[int], float]] = []

    # Identical sentences: a hash join, no scoring needed.
    norm_b: dict[str, list[int]] = {}
    for j, key in enumerate(xb.norms):
        if key:
            norm_b.setdefault(key, []).append(j)
    for i, key in enumerate(xa.norms):
        bucket = norm_b.get(key)
        if bucket:
            j = bucket.pop(0)
            a_to[i], b_to[j] = len(groups), len(groups)
            groups.append(([i], [j], 1.0))

    rest_a = [i for i in range(len(sa)) if i not in a_to]
    rest_b = [j for j in range(len(sb)) if j not in b_to]
    if rest_a and rest_b:
        rows, cols, scores = score_matrix(
            [xa.stems[i] for i in rest_a], [xa.norms[i] for i in rest_a],
            [xb.stems[j] for j in rest_b], [xb.norms[j] for j in rest_b],
        )
        keep = scores >= min_score
        rows, cols, scores = rows[keep], cols[keep], scores[keep]
        for k in np.argsort(-scores, kind="stable"):
            i, j = rest_a[rows[k]], rest_b[cols[k]]
            if i in a_to or j in b_to:
                continue
            a_to[i], b_to[j] = len(groups), len(groups)
            groups.append(([i], [j], float(scores[k])))

    groups = _absorb_neighbours(xa, xb, groups, a_to, b_to, min_score)
    pairs = [_make(xa, xb, ia, ib, sc, params) for ia, ib, sc in groups]
    pairs.sort(key=lambda p: (p.a[0], p.b[0]))
    return tuple(pairs)


def _absorb_neighbours(
    xa: _Side,
    xb: _Side,
    groups: list[tuple[list[int], list[int], float]],
    a_to: dict[int, int],
    b_to: dict[int, int],
    min_score: float,
) -> list[tuple[list[int], list[int], float]]:
    """Grow pairs with unpaired adjacent sentences that carry the other side's content."""
    out = [(list(ia), list(ib), sc) for ia, ib, sc in groups]
    for g in range(len(out)):
        changed = True
        while changed:
            changed = False
            ia, ib, sc = out[g]
            for side in ("a", "b"):
                own, other_idx = (ia, ib) if side == "a" else (ib, ia)
                here, there = (xa, xb) if side == "a" else (xb, xa)
                taken = a_to if side == "a" else b_to
                for cand in (min(own) - 1, max(own) + 1):
                    if cand < 0 or cand >= len(here.segs) or cand in taken:
                        continue
                    how = _adds_content(here, own, cand, there, other_idx)
                    if how is None:
                        continue
                    merged = own + [cand]
                    new_a, new_b = (merged, ib) if side == "a" else (ia, merged)
                    new_score = score_sets(xa.stem_set(new_a), xa.norm(new_a), xb.stem_set(new_b), xb.norm(new_b))
                    # Shared stems alone must not make the pair less alike (topical
                    # neighbours share stems); shared phrases may, within limits.
                    floor = min(sc, 0.99) - 0.02 if how == "stems" else min_score * 0.9
                    if new_score >= floor:
                        taken[cand] = g
                        out[g] = (sorted(new_a), sorted(new_b), max(sc, new_score) if sc < 1 else new_score)
                        changed = True
                        break
                if changed:
                    break
    return out


def _trigrams(norm: str) -> set[tuple[str, ...]]:
    w = norm.split()
    return set(zip(w, w[1:], w[2:]))


def _adds_content(here: _Side, own: Sequence[int], cand: int, there: _Side, other: Sequence[int]) -> str | None:
    """How sentence ``cand`` supplies content of the other side's group that ``own`` lacks, or None.

    Content is either stems (at least two new ones, a tenth of the other
    side, from a candidate that is not mostly unrelated material) or phrases:
    two or more word trigrams shared with the other side and new to the pair,
    which catches a clause paraphrased around a few reused words.
    """
    new_phrases = (_trigrams(here.norms[cand]) & _trigrams(there.norm(other))) - _trigrams(here.norm(own))
    if len(new_phrases) >= 2:
        return "phrases"
    other_stems = there.stem_set(other)
    have = here.stem_set(own) & other_stems
    cand_stems = here.stems[cand]
    gain = (cand_stems & other_stems) - have
    if len(gain) >= 2 and len(gain) >= 0.1 * len(other_stems):
        if len(cand_stems & other_stems) >= max(3, len(cand_stems) / 3) or len(gain) >= 3:
            return "stems"
    return None


def unaligned(segs: Sequence[Segment], pairs: Sequence[AlignedPair], side: str) -> tuple[Segment, ...]:
    """Segments of one side (``"a"`` or ``"b"``) that no pair covers."""
    used = {i for p in pairs for i in (p.a if side == "a" else p.b)}
    return tuple(s for s in segs if s.index not in used)
