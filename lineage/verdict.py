"""Verdict: how much of each text is reused and what kind of reuse, judged by one rule of evidence."""

from __future__ import annotations

from typing import Sequence

from .alignment import NEAR_VERBATIM, VERBATIM, AlignedPair
from .evidence import ReuseEvidence
from .fingerprints import Similarity
from .params import EvidenceParams
from .prepare import PreparedDocument, Segment
from .vocabulary import REUSE_VERDICTS, Verdict

IDENTICAL, NEAR_DUPLICATE, PARAPHRASE, PARTIAL_REUSE, RELATED, UNRELATED = tuple(Verdict)
#: Verdicts in decreasing strength; the first four mean one text reuses the other.
VERDICTS = tuple(Verdict)

#: Share of a text's content that must be reused for whole-text verdicts.
WHOLE_TEXT_SHARE = 0.5
#: Share of both texts covered, mostly verbatim, for a near-duplicate.
NEAR_DUPLICATE_SHARE = 0.8


def coverage(segs: Sequence[Segment], indices: set[int]) -> float:
    """Share of the characters of ``segs`` held by the segments at ``indices`` (0-1)."""
    total = sum(s.end - s.start for s in segs)
    if total == 0:
        return 0.0
    return sum(s.end - s.start for s in segs if s.index in indices) / total


def verbatim_share(pairs: Sequence[AlignedPair]) -> float:
    """Share of the aligned characters (in A) that lie in verbatim or near-verbatim pairs."""
    chars = sum(p.a_end - p.a_start for p in pairs) or 1
    return sum(p.a_end - p.a_start for p in pairs if p.label in (VERBATIM, NEAR_VERBATIM)) / chars


def decide(
    ev: ReuseEvidence,
    pa: PreparedDocument,
    pb: PreparedDocument,
    pairs: Sequence[AlignedPair],
    sim: Similarity,
    reused_a: float,
    reused_b: float,
    params: EvidenceParams = EvidenceParams(),
) -> Verdict:
    """The verdict for two texts from the evidence of reuse, the alignment and the similarity.

    ``identical`` only when the compared texts are equal once spacing and
    Unicode forms are normalised.  Otherwise the shares of each text that
    aligned sentences cover (``reused_a``, ``reused_b``, quoted sentences
    included) and how close those sentences are tell a near-duplicate, a
    paraphrase and partial reuse apart, once the evidence shows reuse at all.
    """
    if pa.canonical == pb.canonical:
        return Verdict.IDENTICAL
    if ev.template:
        return Verdict.RELATED if pairs else Verdict.UNRELATED
    hi, lo = max(reused_a, reused_b), min(reused_a, reused_b)
    close = verbatim_share(pairs)
    if pairs and lo >= NEAR_DUPLICATE_SHARE and close >= 0.7:
        return Verdict.NEAR_DUPLICATE
    if ev.is_reuse(params):
        if hi >= WHOLE_TEXT_SHARE and len(pairs) >= 2:
            return Verdict.PARAPHRASE if close < 0.5 else Verdict.PARTIAL_REUSE
        return Verdict.PARTIAL_REUSE
    if pairs or ev.quoted_pairs or sim.jaccard >= 0.02 or max(sim.containment_a_in_b, sim.containment_b_in_a) >= 0.05:
        return Verdict.RELATED
    return Verdict.UNRELATED


__all__ = ["REUSE_VERDICTS", "VERDICTS", "coverage", "decide", "verbatim_share"]


def set_aside_note(verdict: str, kinds: Sequence[str]) -> str | None:
    """What qualifies an ``identical`` verdict when the page furniture set aside differs (None otherwise)."""
    if verdict != IDENTICAL or not kinds:
        return None
    return (f"the texts also differ in what was set aside as page furniture ({', '.join(kinds)}), "
            "which the verdict does not read; --keep-boilerplate compares it too")
