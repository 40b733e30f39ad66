"""Compare two texts end to end: segments, fingerprints, alignment, passages, verdict, findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .alignment import AlignedPair, align, unaligned
from .direction import Direction, direction
from .documents import Document
from .errors import InputError, OptionsError
from .evidence import ReuseEvidence, gather
from .findings import Finding
from .findings.detect import divergences
from .fingerprints import SignatureScheme, Similarity, similarity
from .options import DEFAULT_OPTIONS, Options
from .passages import Passage, build_passages
from .prepare import PreparationScheme, PreparedDocument, Segment, prepare
from .verdict import REUSE_VERDICTS, coverage, decide

#: Identifier and version of the JSON document produced by ``CompareResult.to_dict``.
SCHEMA = "lineage.compare/2"


@dataclass(frozen=True)
class Side:
    """What a comparison knows about one of its two documents."""

    prepared: PreparedDocument
    reused: float
    unaligned: tuple[Segment, ...]

    @property
    def document(self) -> Document:
        """The document."""
        return self.prepared.document

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Its compared sentences."""
        return self.prepared.segments

    @property
    def date(self) -> str | None:
        """Its date: given, or printed in its header."""
        return self.prepared.date

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the document and its share reused."""
        d = self.document
        layout = self.prepared.layout
        return {
            "id": d.id,
            "path": d.path,
            "title": d.title or layout.title,
            "url": d.url,
            "source": d.source,
            "date": self.date,
            "encoding": d.encoding,
            "metadata": dict(layout.metadata),
            "chars": len(d.text),
            "sentences": len(self.segments),
            "boilerplate": [
                {"kind": r.kind, "span": [r.start, r.end]} for r in layout.boilerplate()
            ],
            "reused": round(self.reused, 4),
        }


@dataclass(frozen=True)
class CompareResult:
    """The outcome of comparing two texts; every score is on a 0-1 scale.

    Attributes
    ----------
    a, b : Side
        The two documents, their sentences, reused share and unaligned sentences.
    verdict : str
        One of ``identical``, ``near-duplicate``, ``paraphrase``, ``partial reuse``,
        ``related``, ``unrelated``.
    similarity : Similarity
        MinHash estimates of Jaccard similarity and containment.
    signature : SignatureScheme
        How the signatures were made (to reproduce them).
    direction : Direction
        The likely source (``"a"``, ``"b"`` or None) and the evidence.
    pairs : tuple of AlignedPair
        Aligned sentences.
    passages : tuple of Passage
        Aligned sentences merged into reused passages.
    findings : tuple of Finding
        What the copy changed, oriented from the source (A when undetermined).
    options : Options
        The options used.
    evidence : ReuseEvidence
        What the texts share that points to reuse (see :mod:`lineage.evidence`).
    """

    a: Side
    b: Side
    verdict: str
    similarity: Similarity
    signature: SignatureScheme
    direction: Direction
    pairs: tuple[AlignedPair, ...]
    passages: tuple[Passage, ...]
    findings: tuple[Finding, ...]
    options: Options
    evidence: ReuseEvidence

    @property
    def reuse_found(self) -> bool:
        """True when one text reuses the other (partial reuse or stronger)."""
        return self.verdict in REUSE_VERDICTS

    @property
    def set_aside_differs(self) -> tuple[str, ...]:
        """Kinds of page furniture set aside (captions, bylines) whose text differs between the two texts.

        The verdict reads the compared text only, so two texts ``identical``
        there may still differ in a caption; this says so.  Empty when
        boilerplate is kept in the comparison.
        """
        if self.options.keep_boilerplate:
            return ()
        a, b = ({(r.kind, " ".join(side.document.text[r.start:r.end].split()))
                 for r in side.prepared.layout.boilerplate()} for side in (self.a, self.b))
        return tuple(sorted({kind for kind, _ in a ^ b}))

    @property
    def source(self) -> Document | None:
        """The likely source document, or None when undetermined."""
        if self.direction.source is None:
            return None
        return self.a.document if self.direction.source == "a" else self.b.document

    def to_dict(self) -> dict[str, Any]:
        """The result as one JSON-ready dict following schema ``lineage.compare/2``."""
        from . import __version__
        ta, tb = self.a.document.text, self.b.document.text
        src = self.direction.source
        return {
            "schema": SCHEMA,
            "lineage_version": __version__,
            "verdict": self.verdict,
            "reuse_found": self.reuse_found,
            "set_aside_differs": list(self.set_aside_differs),
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "similarity": {
                "jaccard": self.similarity.jaccard,
                "containment_a_in_b": self.similarity.containment_a_in_b,
                "containment_b_in_a": self.similarity.containment_b_in_a,
            },
            "signature": self.signature.to_dict(),
            "evidence": {
                **self.evidence.to_dict(),
                "score": round(self.evidence.score(self.options.evidence), 4),
                "threshold": self.options.evidence.threshold,
            },
            "direction": {
                "source": src,
                "source_id": self.source.id if self.source else None,
                "basis": self.direction.basis if src else None,
                "confidence": self.direction.confidence,
                "evidence": [e.to_dict() for e in self.direction.evidence],
            },
            "pairs": [
                {
                    "a_segments": list(p.a), "b_segments": list(p.b),
                    "a_span": [p.a_start, p.a_end], "b_span": [p.b_start, p.b_end],
                    "a_text": ta[p.a_start:p.a_end], "b_text": tb[p.b_start:p.b_end],
                    "score": p.score, "label": p.label,
                }
                for p in self.pairs
            ],
            "unaligned": {
                side: [{"segment": s.index, "span": [s.start, s.end], "text": s.text} for s in part.unaligned]
                for side, part in (("a", self.a), ("b", self.b))
            },
            "passages": [p.to_dict() for p in self.passages],
            "findings": [_oriented(f.to_dict(), src) for f in self.findings],
        }


def _oriented(d: dict[str, Any], source: str | None) -> dict[str, Any]:
    """Add ``a_span``/``b_span`` keys to a finding whose spans are source/copy oriented."""
    flip = source == "b"
    d = dict(d)
    d["a_span"] = d.get("dst_span") if flip else d.get("src_span")
    d["b_span"] = d.get("src_span") if flip else d.get("dst_span")
    return d


def _prepared(x: PreparedDocument | Document | str, name: str, opts: Options) -> PreparedDocument:
    if isinstance(x, PreparedDocument):
        if x.scheme != PreparationScheme.from_options(opts):
            raise OptionsError(f"{x.id}: prepared with other settings than this comparison's options")
        p = x
    elif isinstance(x, (Document, str)):
        p = prepare(x, opts, name)
    else:
        raise InputError(f"{name}: expected a Document, a PreparedDocument or str, got {type(x).__name__}")
    if not p.segments:
        raise InputError(f"{p.id}: no text left to compare once page chrome is set aside")
    return p


def compare(
    a: PreparedDocument | Document | str, b: PreparedDocument | Document | str, options: Options | None = None
) -> CompareResult:
    """Compare two texts and tell whether, how and in which direction one reuses the other.

    Parameters
    ----------
    a, b : PreparedDocument, Document or str
        The texts; strings become documents named ``a`` and ``b``; prepared
        documents (:func:`lineage.prepare.prepare`) are not read again.
    options : Options, optional
        Settings; defaults to ``Options()``.

    Returns
    -------
    CompareResult
        Verdict, similarity, direction, aligned pairs, passages and findings.

    Raises
    ------
    LineageError
        For unusable input (empty text, wrong type) or invalid options.

    Examples
    --------
    >>> r = compare("The cat sat on the mat today.", "The cat sat on the mat today.")
    >>> r.verdict
    'identical'
    """
    opts = options or DEFAULT_OPTIONS
    pa, pb = _prepared(a, "a", opts), _prepared(b, "b", opts)
    sa, sb = pa.segments, pb.segments
    sim = similarity(pa.signature, pa.shingles, pb.signature, pb.shingles)
    pairs = align(pa, pb, opts.min_sentence_score, opts.alignment)
    found = gather(pa, pb, pairs, opts)
    copy_pairs = found.copy_pairs
    # Once reuse is shown, quoted sentences count towards the share reused like any other.
    reused_a = coverage(sa, {i for p in pairs for i in p.a})
    reused_b = coverage(sb, {i for p in pairs for i in p.b})
    verdict = decide(found.evidence, pa, pb, pairs, sim, reused_a, reused_b, opts.evidence)
    if verdict in REUSE_VERDICTS:
        dirn = direction(copy_pairs, pa, pb, found.summaries, opts.direction)
        passages = build_passages(copy_pairs, pa, pb, found.seed_clusters, summaries=found.summaries,
                                  at_least_one=True, params=opts.passages)
    else:
        dirn, passages = Direction(None, 0.0, ()), ()
    ua, ub = unaligned(sa, pairs, "a"), unaligned(sb, pairs, "b")
    findings: tuple[Finding, ...] = ()
    if verdict in REUSE_VERDICTS:
        findings = _findings(pa, pb, pairs, ua, ub, dirn.source == "b", opts)
    return CompareResult(
        Side(pa, reused_a, ua), Side(pb, reused_b, ub), verdict, sim, pa.scheme.signature, dirn,
        tuple(pairs), passages, findings, opts, found.evidence,
    )


def _findings(
    pa: PreparedDocument, pb: PreparedDocument, pairs: Sequence[AlignedPair],
    ua: Sequence[Segment], ub: Sequence[Segment], b_is_source: bool, opts: Options,
) -> tuple[Finding, ...]:
    span_pairs = [((p.a_start, p.a_end), (p.b_start, p.b_end)) for p in pairs]
    only_a = [(s.start, s.end) for s in ua]
    only_b = [(s.start, s.end) for s in ub]
    if b_is_source:
        return divergences(pb, pa, [(y, x) for x, y in span_pairs], only_b, only_a, opts)
    return divergences(pa, pb, span_pairs, only_a, only_b, opts)
