"""Verdict and direction: how much of each text is reused, what kind of reuse, and which is the source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from .alignment import NEAR_VERBATIM, VERBATIM, AlignedPair
from .fingerprints import Similarity
from .prepare import PreparedDocument, Segment
from .summaries import Summary
from .text.spans import Span
from .text.words import STOPWORDS, stems

IDENTICAL, NEAR_DUPLICATE, PARAPHRASE, PARTIAL_REUSE, RELATED, UNRELATED = (
    "identical", "near-duplicate", "paraphrase", "partial reuse", "related", "unrelated",
)
#: Verdicts in decreasing strength; the first four mean one text reuses the other.
VERDICTS = (IDENTICAL, NEAR_DUPLICATE, PARAPHRASE, PARTIAL_REUSE, RELATED, UNRELATED)
REUSE_VERDICTS = frozenset(VERDICTS[:4])

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
#: Weight of a paragraph condensing the other text, towards the other text as the source.
SUMMARY_WEIGHT = 1.5
#: Direction needs this much net evidence (in evidence units) to be stated.
DIRECTION_MIN_EVIDENCE = 1.0
#: A form shared without its facts: at least this many aligned pairs, this share of
#: them carrying figures on both sides, this share of those sharing at most this
#: share of their figures.
TEMPLATE_MIN_PAIRS = 2
TEMPLATE_SHARE = 0.6
TEMPLATE_SHARED_FIGURES = 0.2

_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NUMBER = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True)
class Evidence:
    """One reason for a direction: what was seen and its weight (positive favours A as source)."""

    reason: str
    weight: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"reason": self.reason, "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class Direction:
    """Which text is the likely source: ``"a"``, ``"b"`` or None (undetermined), and why."""

    source: str | None
    confidence: float
    evidence: tuple[Evidence, ...]
    basis: str | None = None  # "dates" or "evidence" when a source is named


def _quoted_in(quotes: Sequence[Span], start: int, end: int) -> list[Span]:
    return [q for q in quotes if q[0] < end and start < q[1]]


def _outside_quotes(text: str, quotes: Sequence[Span], start: int, end: int) -> str:
    """``text[start:end]`` with its quotations blanked."""
    parts, pos = [], start
    for q0, q1 in _quoted_in(quotes, start, end):
        parts.append(text[pos:max(pos, q0)])
        pos = max(pos, q1)
    parts.append(text[pos:end])
    return " ".join(parts)


def is_shared_quotation(pair: AlignedPair, pa: PreparedDocument, pb: PreparedDocument) -> bool:
    """True when most of what two aligned passages share lies inside quotation marks in both.

    Outlets quoting the same speaker share words without copying each other.
    """
    qa = _quoted_in(pa.quotes, pair.a_start, pair.a_end)
    qb = _quoted_in(pb.quotes, pair.b_start, pair.b_end)
    if not qa or not qb:
        return False
    shared = _stem_union(pa, pair.a) & _stem_union(pb, pair.b)
    if not shared:
        return False
    outside = (set(stems(_outside_quotes(pa.text, qa, pair.a_start, pair.a_end)))
               & set(stems(_outside_quotes(pb.text, qb, pair.b_start, pair.b_end))))
    return len(outside) < 0.4 * len(shared)


def _stem_union(p: PreparedDocument, idx: Sequence[int]) -> frozenset[str]:
    return frozenset().union(*(p.stem_sets[i] for i in idx))


def coverage(segs: Sequence[Segment], indices: set[int]) -> float:
    """Share of the characters of ``segs`` held by the segments at ``indices`` (0-1)."""
    total = sum(s.end - s.start for s in segs)
    if total == 0:
        return 0.0
    return sum(s.end - s.start for s in segs if s.index in indices) / total


def decide(
    pairs: Sequence[AlignedPair],
    pa: PreparedDocument,
    pb: PreparedDocument,
    sim: Similarity,
    reused_a: float,
    reused_b: float,
    copy_pairs: Sequence[AlignedPair],
    shared_quotes: int,
    seed_clusters: dict[int, int] | None = None,
    cluster_stems: int = 0,
    summaries: int = 0,
) -> str:
    """The verdict for two texts from the alignment and the signature similarity.

    ``copy_pairs`` are the aligned pairs that are evidence of copying (not
    only a shared quotation); ``reused_a``/``reused_b`` are the shares of each
    text they cover; ``seed_clusters`` maps a seed window size to the size of
    the largest seed cluster; ``cluster_stems`` is the most content stems the
    two stretches of one seed cluster share; ``summaries`` counts paragraphs
    found to condense the other text (:mod:`lineage.summaries`).
    """
    sa, sb = pa.segments, pb.segments
    if sa and sb and len(pairs) == len(sa) == len(sb) and all(p.label == VERBATIM for p in pairs):
        return IDENTICAL
    if is_template(copy_pairs, sa, sb):
        return RELATED if pairs else UNRELATED
    hi, lo = max(reused_a, reused_b), min(reused_a, reused_b)
    chars = sum(p.a_end - p.a_start for p in copy_pairs) or 1
    verbatim_share = sum(p.a_end - p.a_start for p in copy_pairs if p.label in (VERBATIM, NEAR_VERBATIM)) / chars
    if lo >= NEAR_DUPLICATE_SHARE and verbatim_share >= 0.7:
        return NEAR_DUPLICATE
    seeds = seed_clusters or {}
    ev = evidence_stems(copy_pairs, pa, pb)
    if summaries or ev >= EVIDENCE_STEMS or ev + cluster_stems >= COMBINED_EVIDENCE or any(
        seeds.get(k, 0) >= n for k, n in SEED_EVIDENCE.items()
    ):
        if hi >= WHOLE_TEXT_SHARE and len(copy_pairs) >= 2:
            return PARAPHRASE if verbatim_share < 0.5 else PARTIAL_REUSE
        return PARTIAL_REUSE
    if pairs or shared_quotes or sim.jaccard >= 0.02 or max(sim.containment_a_in_b, sim.containment_b_in_a) >= 0.05:
        return RELATED
    return UNRELATED


def is_template(pairs: Sequence[AlignedPair], sa: Sequence[Segment], sb: Sequence[Segment]) -> bool:
    """True when the texts share a form but not its facts: most aligned sentences differ in every figure.

    Wire services fill fixed formats (earnings tables, dividend notices, bond
    issues, market reports) with each story's own figures; two such stories
    align sentence by sentence without one copying the other.  A copy that
    changes a few figures keeps the rest, so it is not caught.
    """
    if len(pairs) < TEMPLATE_MIN_PAIRS:
        return False
    factual = changed = 0
    for p in pairs:
        na = {m.group().rstrip(".,") for m in _NUMBER.finditer(_segtext(sa, p.a))}
        nb = {m.group().rstrip(".,") for m in _NUMBER.finditer(_segtext(sb, p.b))}
        if len(na) >= 2 and len(nb) >= 2:
            factual += 1
            changed += len(na & nb) <= TEMPLATE_SHARED_FIGURES * len(na | nb)
    return factual >= TEMPLATE_SHARE * len(pairs) and changed >= TEMPLATE_SHARE * factual


def evidence_stems(pairs: Sequence[AlignedPair], pa: PreparedDocument, pb: PreparedDocument) -> int:
    """Content stems shared by the best run of pairs that follow each other in both texts."""
    strong = sorted(pairs, key=lambda p: (p.a[0], p.b[0]))
    best = run = 0
    last: AlignedPair | None = None
    for p in strong:
        shared = len(_stem_union(pa, p.a) & _stem_union(pb, p.b))
        if last is not None and 0 <= p.a[0] - last.a[-1] - 1 <= 2 and 0 <= p.b[0] - last.b[-1] - 1 <= 2:
            run += shared
        else:
            run = shared
        best = max(best, run)
        last = p
    return best


def _segtext(segs: Sequence[Segment], idx: Sequence[int]) -> str:
    return " ".join(segs[i].text for i in idx)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value[:16], fmt)
        except ValueError:
            continue
    return None


def _specifics(text: str) -> set[str]:
    """Names and figures a sentence carries: what a copy tends to lose."""
    stop = STOPWORDS
    names = set()
    for m in _CAPWORD.finditer(text):
        # A capitalised function word ("The", "It" after a quotation mark) is no name.
        words = m.group().split()
        while words and words[0].lower() in stop:
            words.pop(0)
        if words:
            names.add(" ".join(words))
    return names | {m.group().rstrip(".,") for m in _NUMBER.finditer(text)}


def direction(
    copy_pairs: Sequence[AlignedPair],
    pa: PreparedDocument,
    pb: PreparedDocument,
    reused_a: float,
    reused_b: float,
    date_a: str | None,
    date_b: str | None,
    summaries: Sequence[Summary] = (),
) -> Direction:
    """Weigh the evidence for which text is the source; undetermined when it is weak.

    Publication dates decide when both are known and differ (the rest of the
    evidence then only sets the confidence).  Otherwise the evidence is:
    coverage asymmetry (the copy is the text more fully contained in the
    other); specifics (names, roles, figures) present on one side of aligned
    pairs but lost on the other; quotations on one side reported without
    quotation marks on the other; and paragraphs condensing the other text
    (a summary is written from its source, not the other way round).
    """
    if not copy_pairs and not summaries:
        return Direction(None, 0.0, ())
    ev: list[Evidence] = []
    da, db = _parse_date(date_a), _parse_date(date_b)
    if da and db and da != db:
        w = 3.0 if da < db else -3.0
        ev.append(Evidence(f"{'A' if w > 0 else 'B'} is dated earlier ({date_a} vs {date_b})", w))
    diff = reused_b - reused_a
    if abs(diff) >= 0.15:
        ev.append(Evidence(
            f"{'B' if diff > 0 else 'A'} is more fully contained in the other "
            f"({max(reused_a, reused_b):.0%} of it reused vs {min(reused_a, reused_b):.0%})",
            2.0 * diff,
        ))
    lost_a = lost_b = 0
    examples_a: list[str] = []
    examples_b: list[str] = []
    for p in copy_pairs:
        xa, xb = _specifics(_segtext(pa.segments, p.a)), _specifics(_segtext(pb.segments, p.b))
        only_a = {x for x in xa - xb if not any(x in y or y in x for y in xb)}
        only_b = {x for x in xb - xa if not any(x in y or y in x for y in xa)}
        lost_a += len(only_a)
        lost_b += len(only_b)
        examples_a.extend(sorted(only_a))
        examples_b.extend(sorted(only_b))
    examples_a, examples_b = list(dict.fromkeys(examples_a)), list(dict.fromkeys(examples_b))
    total = lost_a + lost_b
    if total >= 3 and lost_a != lost_b:
        w = 1.5 * (lost_a - lost_b) / total * min(1.0, total / 6)
        side, other, ex = ("A", "B", examples_a) if w > 0 else ("B", "A", examples_b)
        ev.append(Evidence(
            f"{side} holds names and figures that {other}'s aligned sentences lack "
            f"({max(lost_a, lost_b)} vs {min(lost_a, lost_b)}, e.g. {', '.join(ex[:4])})",
            w,
        ))
    # A copy turns quotations into reported speech far more often than it invents them.
    qa = [bool(_quoted_in(pa.quotes, p.a_start, p.a_end)) for p in copy_pairs]
    qb = [bool(_quoted_in(pb.quotes, p.b_start, p.b_end)) for p in copy_pairs]
    quoted_a = sum(1 for x, y in zip(qa, qb) if x and not y)
    quoted_b = sum(1 for x, y in zip(qa, qb) if y and not x)
    if quoted_a + quoted_b >= 2 and quoted_a != quoted_b:
        total = quoted_a + quoted_b
        w = 1.5 * (quoted_a - quoted_b) / total * min(1.0, total / 3)
        side, other = ("A", "B") if w > 0 else ("B", "A")
        ev.append(Evidence(
            f"{side} quotes speakers where {other}'s aligned sentences report them without quotation marks "
            f"({max(quoted_a, quoted_b)} vs {min(quoted_a, quoted_b)})",
            w,
        ))
    for sm in summaries:
        # Named after the text holding the summary: it is the derived one.
        held, other = ("A", "B") if sm.side == "a" else ("B", "A")
        ev.append(Evidence(
            f"{held} has a paragraph condensing {other} ({sm.coverage:.0%} of its content words are in {other}, "
            f"{sm.baseline:.0%} for {held}'s other paragraphs)",
            SUMMARY_WEIGHT * (-1 if sm.side == "a" else 1),
        ))
    if da and db and da != db:
        # Dates decide; textual evidence against them only lowers the confidence.
        toward = sum(e.weight for e in ev[1:]) * (1 if da < db else -1)
        confidence = min(1.0, max(0.2, 0.7 + toward / 5))
        return Direction("a" if da < db else "b", round(confidence, 3), tuple(ev), "dates")
    score = sum(e.weight for e in ev)
    if abs(score) < DIRECTION_MIN_EVIDENCE:
        return Direction(None, round(min(1.0, abs(score) / 3.0), 3), tuple(ev))
    return Direction("a" if score > 0 else "b", round(min(1.0, abs(score) / 3.0), 3), tuple(ev), "evidence")
