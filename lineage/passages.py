"""Passages: aligned sentences merged into reused stretches with extents in both texts.

Evidence of reuse comes in two forms: aligned sentence pairs, and clusters of
shared content-word windows (:mod:`lineage.seeds`), which survive edits that
break every sentence.  Pieces that follow each other in both texts (allowing
a small gap, bridged when reuse surrounds it) form one passage, grown over
neighbouring sentences that still share most of their content words; a
paragraph found to condense a stretch of the other text
(:mod:`lineage.summaries`) is one passage with every piece of evidence inside
it.  An isolated short match of a common phrase is not a passage.  The
thresholds were set on PAN 2013 training pairs (``benchmarks/pan13.py``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Protocol, Sequence

from .alignment import NEAR_VERBATIM, PARAPHRASE, VERBATIM, AlignedPair
from .params import PassageParams
from .prepare import Segment
from .seeds import Cluster
from .summaries import Summary

#: Label of a passage that condenses its source.
SUMMARY = "summary"


class Units(Protocol):
    """What passages read of a text: its sentences and their content stems (a Units)."""

    @property
    def segments(self) -> Sequence[Segment]: ...

    @property
    def stem_sets(self) -> Sequence[frozenset[str]]: ...


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
        The dominant kind of its pairs (``verbatim``, ``near-verbatim``,
        ``paraphrase``), or ``summary`` for a paragraph condensing its source.
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


@dataclass
class _Region:
    """Evidence of reuse being merged into a passage (mutable while merging)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    pairs: list[AlignedPair]
    seeds: int


def _runs(pairs: Sequence[AlignedPair], max_gap: int) -> list[list[AlignedPair]]:
    """Pairs that follow each other in both texts, with at most ``max_gap`` sentences between them."""
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
    return runs


def _near(x: _Region, y: _Region, gap: int) -> bool:
    return (y.a_start - x.a_end <= gap and x.a_start - y.a_end <= gap
            and y.b_start - x.b_end <= gap and x.b_start - y.b_end <= gap)


def _merge(regions: list[_Region], gap: int) -> list[_Region]:
    """Merge regions that overlap or nearly touch in both texts, until none do."""
    merged = True
    while merged:
        merged = False
        regions.sort(key=lambda r: (r.a_start, r.b_start))
        out: list[_Region] = []
        for r in regions:
            for o in reversed(out[-8:]):
                if _near(o, r, gap):
                    o.a_start, o.a_end = min(o.a_start, r.a_start), max(o.a_end, r.a_end)
                    o.b_start, o.b_end = min(o.b_start, r.b_start), max(o.b_end, r.b_end)
                    o.pairs += r.pairs
                    o.seeds += r.seeds
                    merged = True
                    break
            else:
                out.append(r)
        regions = out
    return regions


def _within(r: _Region, sm: Summary) -> bool:
    """True when a region lies in a summary's paragraph and the stretch it condenses."""
    here, there = ((r.a_start, r.a_end), (r.b_start, r.b_end))[:: 1 if sm.side == "a" else -1]
    return (here[0] < sm.end and sm.start < here[1]
            and there[0] < sm.source_end and sm.source_start < there[1])


def _passage(r: _Region, sa: Sequence[Segment]) -> Passage:
    weights = [max(1, _words(sa, p.a)) for p in r.pairs]
    if r.pairs:
        score = sum(w * p.score for w, p in zip(weights, r.pairs)) / sum(weights)
    else:
        # Only seeds: words reused out of their sentences, as heavy editing leaves them.
        score = min(1.0, 0.6 + r.seeds / 100)
    by_label: dict[str, int] = {}
    for w, p in zip(weights, r.pairs):
        by_label[p.label] = by_label.get(p.label, 0) + w
    label = max((VERBATIM, NEAR_VERBATIM, PARAPHRASE), key=lambda k: by_label.get(k, 0)) if r.pairs else PARAPHRASE
    return Passage(r.a_start, r.a_end, r.b_start, r.b_end, len(r.pairs), round(score, 4), label)


class _Edges:
    """Sentence lookup and stems for growing a region over matching neighbours."""

    def __init__(self, pa: Units, pb: Units, params: PassageParams) -> None:
        self.params = params
        self.segs = {"a": pa.segments, "b": pb.segments}
        self.starts = {k: [s.start for s in v] for k, v in self.segs.items()}
        self.ends = {k: [s.end for s in v] for k, v in self.segs.items()}
        self._stems = {"a": pa.stem_sets, "b": pb.stem_sets}

    def stems(self, side: str, i: int) -> frozenset[str]:
        return self._stems[side][i]

    def span(self, side: str, start: int, end: int) -> tuple[int, int] | None:
        """First and last sentence overlapping ``[start, end)``."""
        first = bisect_right(self.ends[side], start)
        last = bisect_left(self.starts[side], end) - 1
        return (first, last) if first <= last else None

    def alike(self, i: int, j: int) -> bool:
        x, y = self.stems("a", i), self.stems("b", j)
        shared = len(x & y)
        return shared >= self.params.extend_stems and shared >= self.params.extend_share * min(len(x), len(y))


def _extend(r: _Region, edges: _Edges) -> None:
    """Grow a region over the neighbouring sentence pairs, before and after, that still share most content words.

    Heavy editing leaves the first and last sentences of a reused stretch too
    changed to align or to seed, but their content words are still there.
    The region's own extents are kept: snapping them to whole sentences
    added more text than it found (``benchmarks/RESULTS.md``).
    """
    sa_span, sb_span = edges.span("a", r.a_start, r.a_end), edges.span("b", r.b_start, r.b_end)
    if sa_span is None or sb_span is None:
        return
    (i0, i1), (j0, j1) = sa_span, sb_span
    sa, sb = edges.segs["a"], edges.segs["b"]
    e0, e1 = i0, i1
    while i1 + 1 < len(sa) and j1 + 1 < len(sb) and edges.alike(i1 + 1, j1 + 1):
        i1, j1 = i1 + 1, j1 + 1
    if i1 > e1:
        r.a_end, r.b_end = max(r.a_end, sa[i1].end), max(r.b_end, sb[j1].end)
    while i0 > 0 and j0 > 0 and edges.alike(i0 - 1, j0 - 1):
        i0, j0 = i0 - 1, j0 - 1
    if i0 < e0:
        r.a_start, r.b_start = min(r.a_start, sa[i0].start), min(r.b_start, sb[j0].start)


def _strength(r: _Region, sa: Sequence[Segment]) -> float:
    """Weight of a region's evidence: its seeds and the score-weighted words of its pairs."""
    return r.seeds + sum(_words(sa, p.a) * p.score for p in r.pairs)


def _is_lone(r: _Region, sa: Sequence[Segment], params: PassageParams) -> bool:
    """A single match with nothing near it: a common phrase unless long and close."""
    if len(r.pairs) > 1 or r.seeds >= params.strong_seeds:
        return False
    if not r.pairs:
        return True
    p, words = r.pairs[0], _words(sa, r.pairs[0].a)
    return not ((p.label == VERBATIM and words >= params.min_words)
                or (p.score >= params.lone_score and words >= params.lone_words))


def build_passages(
    pairs: Sequence[AlignedPair],
    pa: Units,
    pb: Units,
    seed_clusters: Sequence[Cluster] = (),
    summaries: Sequence[Summary] = (),
    at_least_one: bool = False,
    params: PassageParams = PassageParams(),
) -> tuple[Passage, ...]:
    """Merge aligned pairs and seed clusters that run in parallel through both texts into passages.

    Parameters
    ----------
    pairs : sequence of AlignedPair
        The alignment.
    pa, pb : Units
        Texts A and B (sentences for word counts, and their stems).
    seed_clusters : sequence of Cluster
        Clusters of shared content-word windows (:func:`lineage.seeds.clusters`):
        reuse too scrambled for any sentence to align still gives a passage.
    summaries : sequence of Summary
        Paragraphs condensing a stretch of the other text
        (:func:`lineage.summaries.find_summaries`): each is one passage,
        holding the evidence that lies inside it.
    at_least_one : bool
        The texts are known to share reuse (the verdict says so): when every
        piece of evidence is a lone match, the strongest is still a passage.
    params : PassageParams
        Gaps bridged, sizes of lone matches and of seed clusters, growth over neighbours.

    Returns
    -------
    tuple of Passage
        Ordered by position in A.  A lone pair or a small cluster with nothing
        near it is a common phrase, not a passage, unless it is a long close
        copy; a summary and the evidence inside it make one passage.
    """
    sa = pa.segments
    regions = [
        _Region(min(p.a_start for p in run), max(p.a_end for p in run),
                min(p.b_start for p in run), max(p.b_end for p in run), list(run), 0)
        for run in _runs(pairs, params.max_gap)
    ]
    regions += [_Region(c.a_start, c.a_end, c.b_start, c.b_end, [], c.seeds)
                for c in seed_clusters if c.seeds >= params.min_seeds]
    merged = _merge(regions, params.bridge_chars)
    in_summary: set[int] = set()
    out = []
    for sm in summaries:
        inside = [r for r in merged if id(r) not in in_summary and _within(r, sm)]
        in_summary |= {id(r) for r in inside}
        a_span, b_span = ((sm.start, sm.end), (sm.source_start, sm.source_end))[:: 1 if sm.side == "a" else -1]
        region = _Region(
            min([a_span[0]] + [r.a_start for r in inside]), max([a_span[1]] + [r.a_end for r in inside]),
            min([b_span[0]] + [r.b_start for r in inside]), max([b_span[1]] + [r.b_end for r in inside]),
            [p for r in inside for p in r.pairs], sum(r.seeds for r in inside),
        )
        base = _passage(region, sa)
        out.append(Passage(base.a_start, base.a_end, base.b_start, base.b_end, base.pairs,
                           base.score if region.pairs else round(sm.coverage, 4), SUMMARY))
    rest = [r for r in merged if id(r) not in in_summary]
    edges = _Edges(pa, pb, params)
    for r in rest:
        _extend(r, edges)
    out += [_passage(r, sa) for r in rest if not _is_lone(r, sa, params)]
    if at_least_one and not out and rest:
        out.append(_passage(max(rest, key=lambda r: _strength(r, sa)), sa))
    return tuple(sorted(out, key=lambda p: (p.a_start, p.b_start)))
