"""The outcome of checking a draft against an archive: ranked sources, as objects and as JSON.

The JSON document follows the versioned schema ``lineage.check/1``
(``lineage/data/check.schema.json``).  Offsets are character offsets into the
draft and into each source's text; every share and score is on a 0-1 scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .storage import StoredDocument

if TYPE_CHECKING:
    from ..comparison import CompareResult
    from ..documents import Document
    from ..findings import Finding

#: Identifier and version of the JSON document produced by ``CheckReport.to_dict``.
SCHEMA = "lineage.check/1"


@dataclass(frozen=True)
class Retrieval:
    """Why a document was a candidate: the keys of the draft it shares.

    Attributes
    ----------
    score : float
        The rank of the evidence: 2 for any document band shared, 1 per draft
        sentence sharing a sentence band, 0.5 per shared gram or figure run.
    document_bands, sentences, grams : int
        Document LSH bands shared; draft sentences with a shared sentence band;
        word grams and figure runs shared.
    """

    score: float
    document_bands: int
    sentences: int
    grams: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"score": round(self.score, 3), "document_bands": self.document_bands,
                "sentences": self.sentences, "grams": self.grams}


@dataclass(frozen=True)
class ReusedPassage:
    """A stretch of the draft reused from a source, with its extent in both."""

    draft_start: int
    draft_end: int
    source_start: int
    source_end: int
    pairs: int
    score: float
    label: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"draft_span": [self.draft_start, self.draft_end],
                "source_span": [self.source_start, self.source_end],
                "pairs": self.pairs, "score": round(self.score, 4), "label": self.label}


@dataclass(frozen=True)
class SourceMatch:
    """An archived document the draft reuses.

    Attributes
    ----------
    document : StoredDocument
        The archived document (id, date, title, url, source, path).
    verdict : str
        ``identical``, ``near-duplicate``, ``paraphrase`` or ``partial reuse``.
    draft_share : float
        Share of the draft's compared text this source accounts for.
    source_share : float
        Share of the source's compared text the draft reuses.
    direction : str or None
        ``"archived"`` when the comparison names the archived document as the
        source, None when it is undetermined (an archived document the draft
        is named the source of is not reported).
    basis : str or None
        What named the source: ``"dates"`` or ``"evidence"``.
    confidence : float
        Confidence of that direction (0 when undetermined).
    evidence : tuple of str
        The direction's reasons, where A is the archived document and B the draft.
    passages : tuple of ReusedPassage
        The reused stretches.
    findings : tuple of Finding
        What the draft changed from the archived document (``src_*``: the
        archived document, ``dst_*``: the draft).
    retrieval : Retrieval
        Why it was a candidate.
    comparison : CompareResult
        The full comparison (A: the archived document, B: the draft), for reports.
    """

    document: StoredDocument
    verdict: str
    draft_share: float
    source_share: float
    direction: str | None
    basis: str | None
    confidence: float
    evidence: tuple[str, ...]
    passages: tuple[ReusedPassage, ...]
    findings: tuple["Finding", ...]
    retrieval: Retrieval
    comparison: "CompareResult" = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see schema ``lineage.check/1``)."""
        findings = []
        for f in self.findings:
            d = f.to_dict()
            d["archived_span"], d["draft_span"] = d["src_span"], d["dst_span"]
            findings.append(d)
        return {
            "document": self.document.to_dict(),
            "verdict": self.verdict,
            "draft_share": round(self.draft_share, 4),
            "source_share": round(self.source_share, 4),
            "direction": {"source": self.direction, "basis": self.basis,
                          "confidence": round(self.confidence, 3), "evidence": list(self.evidence)},
            "passages": [p.to_dict() for p in self.passages],
            "findings": findings,
            "retrieval": self.retrieval.to_dict(),
        }


@dataclass(frozen=True)
class CheckReport:
    """The sources a draft reuses, ranked by the share of the draft each accounts for.

    Attributes
    ----------
    draft : Document
        The draft checked.
    sources : tuple of SourceMatch
        At most ``top`` sources, the largest share of the draft first.
    reused_share : float
        Share of the draft's compared text found in any source, those beyond
        ``top`` included (each character counted once; boilerplate aside).
    before : str or None
        Sources dated after this were left out (the ``before`` given, else the draft's date).
    excluded_sources : tuple of str
        Outlets left out.
    archived : int
        Documents in the archive when checked.
    candidates : int
        Archived documents sharing enough keys with the draft to be candidates
        (before the date, outlet and id filters).
    aligned : int
        Candidates compared with the draft.
    timings : dict of str to float
        Milliseconds: ``prepare`` (the draft), ``retrieval`` (keys, postings,
        ranking, filters), ``alignment`` (reading and comparing candidates), ``total``.
    """

    draft: "Document"
    sources: tuple[SourceMatch, ...]
    reused_share: float
    before: str | None
    excluded_sources: tuple[str, ...]
    archived: int
    candidates: int
    aligned: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def reuse_found(self) -> bool:
        """True when the draft reuses at least one archived document."""
        return bool(self.sources)

    def to_dict(self) -> dict[str, Any]:
        """The report as one JSON-ready dict following schema ``lineage.check/1``."""
        from .. import __version__
        d = self.draft
        return {
            "schema": SCHEMA,
            "lineage_version": __version__,
            "reuse_found": self.reuse_found,
            "draft": {"id": d.id, "path": d.path, "title": d.title, "date": d.effective_date,
                      "chars": len(d.text)},
            "reused_share": round(self.reused_share, 4),
            "filters": {"before": self.before, "excluded_sources": list(self.excluded_sources)},
            "archive": {"documents": self.archived, "candidates": self.candidates, "aligned": self.aligned},
            "sources": [s.to_dict() for s in self.sources],
            "timings_ms": {k: round(v, 1) for k, v in self.timings.items()},
        }
