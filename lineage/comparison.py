"""Compare two texts end to end: segments, fingerprints, alignment, passages, verdict, findings."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Sequence

from .alignment import AlignedPair, align, unaligned
from .documents import Document
from .errors import InputError
from .findings import Finding, find_divergences
from .fingerprints import SignatureScheme, Similarity, fingerprint, similarity
from .options import DEFAULT_OPTIONS, Options
from .passages import MIN_SEEDS, Passage, build_passages
from .scoring import stems
from .seeds import ContentWords, clusters, concat, content_words
from .segments import Segment, segment
from .summaries import find_summaries
from .verdict import (
    QUOTED,
    REUSE_VERDICTS,
    Direction,
    coverage,
    decide,
    direction,
    is_shared_quotation,
)

#: Identifier and version of the JSON document produced by ``CompareResult.to_dict``.
SCHEMA = "lineage.compare/1"
#: Largest seed clusters whose stretches are read for shared stems (see ``verdict.COMBINED_EVIDENCE``).
CLUSTERS_READ = 5


@dataclass(frozen=True)
class Side:
    """What a comparison knows about one of its two documents."""

    document: Document
    segments: tuple[Segment, ...]
    reused: float
    unaligned: tuple[Segment, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the document and its share reused."""
        d = self.document
        layout = d.layout
        return {
            "id": d.id,
            "path": d.path,
            "title": d.title or layout.title,
            "date": d.effective_date,
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

    @property
    def reuse_found(self) -> bool:
        """True when one text reuses the other (partial reuse or stronger)."""
        return self.verdict in REUSE_VERDICTS

    @property
    def source(self) -> Document | None:
        """The likely source document, or None when undetermined."""
        if self.direction.source is None:
            return None
        return self.a.document if self.direction.source == "a" else self.b.document

    def to_dict(self) -> dict[str, Any]:
        """The result as one JSON-ready dict following schema ``lineage.compare/1``."""
        ta, tb = self.a.document.text, self.b.document.text
        src = self.direction.source
        return {
            "schema": SCHEMA,
            "lineage_version": version("lineage"),
            "verdict": self.verdict,
            "reuse_found": self.reuse_found,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "similarity": {
                "jaccard": self.similarity.jaccard,
                "containment_a_in_b": self.similarity.containment_a_in_b,
                "containment_b_in_a": self.similarity.containment_b_in_a,
            },
            "signature": self.signature.to_dict(),
            "direction": {
                "source": src,
                "source_id": self.source.id if self.source else None,
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


def _as_document(x: Document | str, name: str) -> Document:
    if isinstance(x, Document):
        return x
    if isinstance(x, str):
        return Document.from_text(x, id=name)
    raise InputError(f"{name}: expected a Document or str, got {type(x).__name__}")


def compare(a: Document | str, b: Document | str, options: Options | None = None) -> CompareResult:
    """Compare two texts and tell whether, how and in which direction one reuses the other.

    Parameters
    ----------
    a, b : Document or str
        The texts; strings become documents named ``a`` and ``b``.
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
    da, db = _as_document(a, "a"), _as_document(b, "b")
    sa = segment(da, opts.keep_boilerplate)
    sb = segment(db, opts.keep_boilerplate)
    if not sa:
        raise InputError(f"{da.id}: no text left to compare once page chrome is set aside")
    if not sb:
        raise InputError(f"{db.id}: no text left to compare once page chrome is set aside")
    scheme = SignatureScheme(opts.shingle_size, opts.num_perm, opts.seed)
    sim = similarity(fingerprint(_content(sa), scheme), fingerprint(_content(sb), scheme))
    pairs = align(sa, sb, opts.min_sentence_score)
    quote_pairs = [p for p in pairs if is_shared_quotation(p, _span(da, p.a_start, p.a_end), _span(db, p.b_start, p.b_end))]
    copy_pairs = [p for p in pairs if p not in quote_pairs]
    reused_a = coverage(sa, {i for p in copy_pairs for i in p.a})
    reused_b = coverage(sb, {i for p in copy_pairs for i in p.b})
    cwa, cwb = _content_words(da, opts), _content_words(db, opts)
    seed_sizes = {}
    found_by_k = {}
    for k, gap in ((2, 8), (3, 12)):
        found = found_by_k[k] = clusters(cwa, cwb, k, gap)
        seed_sizes[k] = found[0].seeds if found else 0
    cluster_stems = max((
        len(set(stems(da.text[c.a_start:c.a_end])) & set(stems(db.text[c.b_start:c.b_end])))
        for c in found_by_k[2][:CLUSTERS_READ]
    ), default=0)
    pieces = [(p.a_start, p.a_end, p.b_start, p.b_end) for p in copy_pairs] + [
        (c.a_start, c.a_end, c.b_start, c.b_end) for c in found_by_k[3] if c.seeds >= MIN_SEEDS
    ]
    summaries = find_summaries(sa, sb, pieces)
    verdict = decide(pairs, sa, sb, sim, reused_a, reused_b, copy_pairs, len(quote_pairs), seed_sizes,
                     cluster_stems, len(summaries))
    if verdict in REUSE_VERDICTS:
        dirn = direction(copy_pairs, sa, sb, reused_a, reused_b, da.effective_date, db.effective_date, summaries)
        passages = build_passages(copy_pairs, sa, sb, found_by_k[3], summaries=summaries, at_least_one=True)
    else:
        dirn, passages = Direction(None, 0.0, ()), ()
    ua, ub = unaligned(sa, pairs, "a"), unaligned(sb, pairs, "b")
    findings: tuple[Finding, ...] = ()
    if verdict in REUSE_VERDICTS:
        findings = _findings(da, db, copy_pairs, ua, ub, dirn.source == "b", opts)
    return CompareResult(
        Side(da, sa, reused_a, ua), Side(db, sb, reused_b, ub), verdict, sim, scheme, dirn,
        tuple(pairs), passages, findings, opts,
    )


def _findings(
    da: Document, db: Document, pairs: Sequence[AlignedPair],
    ua: Sequence[Segment], ub: Sequence[Segment], b_is_source: bool, opts: Options,
) -> tuple[Finding, ...]:
    span_pairs = [((p.a_start, p.a_end), (p.b_start, p.b_end)) for p in pairs]
    only_a = [(s.start, s.end) for s in ua]
    only_b = [(s.start, s.end) for s in ub]
    if b_is_source:
        return find_divergences(db.text, da.text, [(y, x) for x, y in span_pairs], only_b, only_a, opts)
    return find_divergences(da.text, db.text, span_pairs, only_a, only_b, opts)


def _content_words(d: Document, opts: Options) -> ContentWords:
    """Content words of the compared regions, outside quotation marks.

    Outlets quoting the same speaker share the quoted words; seeds count only
    what the writers wrote themselves.
    """
    parts = []
    for r in d.layout.content(opts.keep_boilerplate):
        pos = r.start
        for m in QUOTED.finditer(d.text, r.start, r.end):
            parts.append(content_words(d.text, pos, m.start()))
            pos = m.end()
        parts.append(content_words(d.text, pos, r.end))
    return concat(parts)


def _content(segs: Sequence[Segment]) -> str:
    return "\n".join(s.text for s in segs)


def _span(d: Document, start: int, end: int) -> str:
    return d.text[start:end]
