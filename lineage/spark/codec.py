"""Edges on the wire between Spark stages: an explicit JSON record of every field, never pickle."""

from __future__ import annotations

import json
from typing import Any

from ..edges import Edge, EdgePassage
from ..vocabulary import EdgeKind

#: Name and version of the edge record; bump when a field changes meaning.
EDGE_FORMAT = "lineage.edge/1"


def edge_to_json(e: Edge) -> str:
    """The edge as one JSON object (format :data:`EDGE_FORMAT`)."""
    return json.dumps({
        "format": EDGE_FORMAT, "source": e.source, "target": e.target, "kind": str(e.kind),
        "share": e.share, "score": e.score, "similarity": e.similarity, "direction": e.direction,
        "confidence": e.confidence, "evidence": list(e.evidence),
        "passages": [p.to_dict() for p in e.passages], "findings": [dict(f) for f in e.findings],
        "source_spans": [list(s) for s in e.source_spans], "target_spans": [list(s) for s in e.target_spans],
    }, ensure_ascii=False, separators=(",", ":"))


def _span(s: Any) -> tuple[int, int]:
    return int(s[0]), int(s[1])


def edge_from_json(text: str) -> Edge:
    """The edge :func:`edge_to_json` wrote; ValueError for another format."""
    r = json.loads(text)
    if not isinstance(r, dict) or r.get("format") != EDGE_FORMAT:
        raise ValueError(f"not an edge record of format {EDGE_FORMAT}")
    passages = tuple(
        EdgePassage(_span(p["source_span"]), _span(p["target_span"]), p["source_text"], p["target_text"],
                    p["label"], p["score"])
        for p in r["passages"]
    )
    return Edge(
        source=r["source"], target=r["target"], kind=EdgeKind(r["kind"]), share=r["share"], score=r["score"],
        similarity=r["similarity"], direction=r["direction"], confidence=r["confidence"],
        evidence=tuple(r["evidence"]), passages=passages, findings=tuple(r["findings"]),
        source_spans=tuple(_span(s) for s in r["source_spans"]),
        target_spans=tuple(_span(s) for s in r["target_spans"]),
    )
