"""Verdict: how much of each text is reused and what kind of reuse, judged by one rule of evidence."""

from __future__ import annotations

from typing import Sequence

from .alignment import NEAR_VERBATIM, VERBATIM, AlignedPair
from .evidence import ReuseEvidence
from .fingerprints import Similarity
from .prepare import PreparedDocument, Segment
from .vocabulary import REUSE_VERDICTS, Verdict

IDENTICAL, NEAR_DUPLICATE, PARAPHRASE, PARTIAL_REUSE, RELATED, UNRELATED = tuple(Verdict)
#: Verdicts in decreasing strength; the first four mean one text reuses the other.
VERDICTS = tuple(Verdict)

#: Share of a text's content that must be reused for whole-text verdicts.
WHOLE_TEXT_SHARE = 0.5
#: Share of both texts covered, mostly verbatim, for a near-duplicate.
NEAR_DUPLICATE_SHARE = 0.8
#: Copying needs a run of aligned pairs that together share EVIDENCE_STEMS
#: content stems, or a cluster of SEED_EVIDENCE context-n-gram seeds (see
#: :mod:`lineage.seeds`).  Chosen on PAN 2013 train pairs for at most 2 % false
#: positives (benchmarks/RESULTS.md).
EVIDENCE_STEMS = 7
SEED_EVIDENCE = {2: 10, 3: 11}
#: ... or that many stems between the best run of pairs and the stems the
#: stretches around the best seed clusters share (reuse scrambled at word level
#: leaves both only a little evidence, in the same place).
COMBINED_EVIDENCE = 10


def coverage(segs: Sequence[Segment], indices: set[int]) -> float:
    """Share of the characters of ``segs`` held by the segments at ``indices`` (0-1)."""
    total = sum(s.end - s.start for s in segs)
    if total == 0:
        return 0.0
    return sum(s.end - s.start for s in segs if s.index in indices) / total


def decide(
    ev: ReuseEvidence,
    pa: PreparedDocument,
    pb: PreparedDocument,
    pairs: Sequence[AlignedPair],
    copy_pairs: Sequence[AlignedPair],
    sim: Similarity,
    reused_a: float,
    reused_b: float,
) -> Verdict:
    """The verdict for two texts from the evidence of reuse, the alignment and the similarity.

    ``copy_pairs`` are the aligned pairs that are evidence of copying (not
    only a shared quotation); ``reused_a``/``reused_b`` are the shares of each
    text they cover.
    """
    sa, sb = pa.segments, pb.segments
    if sa and sb and len(pairs) == len(sa) == len(sb) and all(p.label == VERBATIM for p in pairs):
        return Verdict.IDENTICAL
    if ev.template:
        return Verdict.RELATED if pairs else Verdict.UNRELATED
    hi, lo = max(reused_a, reused_b), min(reused_a, reused_b)
    chars = sum(p.a_end - p.a_start for p in copy_pairs) or 1
    verbatim_share = sum(p.a_end - p.a_start for p in copy_pairs if p.label in (VERBATIM, NEAR_VERBATIM)) / chars
    if lo >= NEAR_DUPLICATE_SHARE and verbatim_share >= 0.7:
        return Verdict.NEAR_DUPLICATE
    if ev.summaries or ev.run_stems >= EVIDENCE_STEMS or ev.run_stems + ev.cluster_stems >= COMBINED_EVIDENCE \
            or ev.seeds2 >= SEED_EVIDENCE[2] or ev.seeds >= SEED_EVIDENCE[3]:
        if hi >= WHOLE_TEXT_SHARE and len(copy_pairs) >= 2:
            return Verdict.PARAPHRASE if verbatim_share < 0.5 else Verdict.PARTIAL_REUSE
        return Verdict.PARTIAL_REUSE
    if pairs or ev.quoted_pairs or sim.jaccard >= 0.02 or max(sim.containment_a_in_b, sim.containment_b_in_a) >= 0.05:
        return Verdict.RELATED
    return Verdict.UNRELATED


__all__ = ["REUSE_VERDICTS", "VERDICTS", "coverage", "decide"]
