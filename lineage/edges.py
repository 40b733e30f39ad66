"""Edges of the derivation graph: one comparison turned, once, into "source -> target" terms.

A comparison speaks of texts A and B; an edge speaks of the source and the
target.  :func:`edge_of` makes that turn in one place and keeps what the
exports show (:meth:`Edge.attributes`) apart from what only the graph's
reduction reads (the spans of the aligned sentences).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .text.spans import Span
from .vocabulary import EdgeKind

if TYPE_CHECKING:
    from .comparison import CompareResult

_SIDE = re.compile(r"\b[AB]\b(?=[ ']|$)")


@dataclass(frozen=True)
class EdgePassage:
    """A reused passage in source and target terms."""

    source_span: Span
    target_span: Span
    source_text: str
    target_text: str
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "source_span": list(self.source_span), "target_span": list(self.target_span),
            "source_text": self.source_text, "target_text": self.target_text,
            "label": self.label, "score": self.score,
        }


@dataclass(frozen=True)
class Edge:
    """One reuse relation, oriented from the (likely) source to the target.

    Attributes
    ----------
    source, target : str
        Document ids; when the direction is undetermined, the comparison's A and B.
    kind : EdgeKind
        copy, near-duplicate, paraphrase or partial reuse.
    share : float
        Share of the target derived from the source (0-1).
    score : float
        Best aligned-sentence score (0-1).
    similarity : float
        Exact Jaccard similarity of the two documents' word shingles (0-1).
    direction : str
        How the orientation was decided: ``dates``, ``evidence`` or ``undetermined``.
    confidence : float
        Confidence in the orientation (0-1).
    evidence : tuple of str
        The reasons, naming the documents.
    passages : tuple of EdgePassage
        The reused passages.
    findings : tuple of dict
        What the target changed, each finding's JSON form with source/target spans.
    source_spans, target_spans : tuple of (int, int)
        Extents of the aligned sentences on each side (read by the reduction).
    """

    source: str
    target: str
    kind: EdgeKind
    share: float
    score: float
    similarity: float
    direction: str
    confidence: float
    evidence: tuple[str, ...]
    passages: tuple[EdgePassage, ...]
    findings: tuple[dict[str, Any], ...]
    source_spans: tuple[Span, ...]
    target_spans: tuple[Span, ...]

    def attributes(self) -> dict[str, Any]:
        """The edge's public attributes, as the graph and every export carry them."""
        return {
            "kind": str(self.kind),
            "share": self.share,
            "score": self.score,
            "similarity": self.similarity,
            "direction": self.direction,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "passages": [p.to_dict() for p in self.passages],
            "findings": [dict(f) for f in self.findings],
            "finding_counts": dict(Counter(f["kind"] for f in self.findings)),
            "aligned_pairs": len(self.target_spans),
        }


def _named(reason: str, id_a: str, id_b: str) -> str:
    """A direction reason with the compared texts' ids in place of "A" and "B"."""
    return _SIDE.sub(lambda m: id_a if m.group() == "A" else id_b, reason)


def edge_of(r: "CompareResult", similarity: float) -> Edge | None:
    """The edge a comparison makes (None when it found no reuse), oriented from its source.

    ``similarity`` is the exact Jaccard similarity of the two documents' shingles.
    """
    if not r.reuse_found:
        return None
    flip = r.direction.source == "b"
    src, dst = (r.b, r.a) if flip else (r.a, r.b)
    ts, td = src.document.text, dst.document.text

    def turn(a: Span, b: Span) -> tuple[Span, Span]:
        return (b, a) if flip else (a, b)

    passages = []
    for p in r.passages:
        s_span, t_span = turn((p.a_start, p.a_end), (p.b_start, p.b_end))
        passages.append(EdgePassage(s_span, t_span, ts[s_span[0]:s_span[1]], td[t_span[0]:t_span[1]],
                                    str(p.label), p.score))
    findings = []
    for f in r.findings:
        d = f.to_dict()
        d["source_span"], d["target_span"] = d.pop("src_span"), d.pop("dst_span")
        d["source_excerpt"], d["target_excerpt"] = d.pop("src_excerpt"), d.pop("dst_excerpt")
        findings.append(d)
    spans = [turn((p.a_start, p.a_end), (p.b_start, p.b_end)) for p in r.pairs]
    return Edge(
        source=src.document.id,
        target=dst.document.id,
        kind=EdgeKind.of(r.verdict),
        share=round(dst.reused, 4),
        score=round(max((p.score for p in r.pairs), default=0.0), 4),
        similarity=round(similarity, 4),
        direction=r.direction.basis if r.direction.source and r.direction.basis else "undetermined",
        confidence=r.direction.confidence,
        evidence=tuple(_named(e.reason, r.a.document.id, r.b.document.id) for e in r.direction.evidence),
        passages=tuple(passages),
        findings=tuple(findings),
        source_spans=tuple(s for s, _ in spans),
        target_spans=tuple(t for _, t in spans),
    )
