"""Evidence of reuse between two texts: what they share that two independent texts would not.

Two reports of one event share names, figures, quotations and the facts
themselves; a copy shares the writer's own words.  The evidence gathered here
counts what points to copying and leaves the rest aside: aligned sentences
that are only a shared quotation, phrasing made only of names and figures,
and wire formats filled with other figures (a *template*).  One
:class:`ReuseEvidence` object carries it all; :meth:`ReuseEvidence.is_reuse`
is the one rule ``compare``, the graph and the archive judge by.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import asdict, dataclass
from typing import Any, Sequence

import numpy as np

from .alignment import AlignedPair
from .figures import shared_figures
from .options import DEFAULT_OPTIONS, Options
from .params import EvidenceParams
from .prepare import PreparedDocument, Segment
from .rare_words import best_rare_window
from .seeds import Cluster, Windows, clusters
from .summaries import Summary, find_summaries
from .text.quotes import inside_quotes
from .text.spans import Span
from .text.words import WORD_RE, WordTable, fold, key, stems, term

#: Seed clusters read for the stems their two stretches share.
CLUSTERS_READ = 5
#: A form shared without its facts: at least this many aligned pairs, this share of
#: them carrying figures on both sides, this share of those sharing at most this
#: share of their figures.  One pair is enough: a wire notice of one sentence
#: filled with other figures is a form too (Reuters-21578: 646 of 7,234
#: derivation edges, none of PAN 2013's positives).
TEMPLATE_MIN_PAIRS = 1
TEMPLATE_SHARE = 0.6
TEMPLATE_SHARED_FIGURES = 0.2
_NUMBER = re.compile(r"\d[\d,.]*")
#: The features the evidence score weighs (weights in :class:`EvidenceParams` of the same names).
SCORED = ("run_stems", "named_stems", "phrases", "close_pairs", "cluster_stems", "seeds", "summaries", "rare_window",
          "figures")
#: Everything the score weighs (:meth:`ReuseEvidence.terms`): the features, then the texts' length.
WEIGHTED = (*SCORED, "length")


@dataclass(frozen=True)
class ReuseEvidence:
    """What two texts share that points to one reusing the other.

    Attributes
    ----------
    pairs : int
        Aligned sentence pairs that are not only a shared quotation.
    quoted_pairs : int
        Aligned pairs whose shared words lie inside quotation marks in both texts.
    run_pairs : int
        Pairs in the longest run that follows the same order in both texts.
    run_stems : int
        Content stems shared by the best such run.
    seeds : int
        Shared content-word windows in the densest cluster (3-word windows).
    seeds2 : int
        The same with 2-word windows.
    cluster_stems : int
        Most content stems the two stretches of one seed cluster share.
    phrases : int
        Distinct runs of ``phrase_words`` words both texts use outside quotations,
        leaving out runs made only of names and figures.
    summaries : int
        Paragraphs found to condense a stretch of the other text.
    template : bool
        The aligned sentences share a form but hardly any of their figures.
    close_pairs : int
        Pairs (not only a shared quotation) scoring ``close_score`` or more.
    named_stems : int
        Of the stems aligned pairs share, those of names and figures, summed over pairs.
    rare_window : float
        Surprise of the content stems rare in both texts that one window of each
        shares (:func:`lineage.rare_words.rare_window`): high when words each text uses once or
        twice meet in one place, as in a reworded copy.
    shorter_words : int
        Content words of the shorter text: past ``EvidenceParams.short_words``
        the score weighs what two texts share less the longer they are.
    figures : int
        Distinct figures of three digits or more, not years or round numbers,
        that both texts write (:func:`lineage.figures.shared_figures`).
    """

    pairs: int
    quoted_pairs: int
    run_pairs: int
    run_stems: int
    seeds: int
    seeds2: int
    cluster_stems: int
    phrases: int
    summaries: int
    template: bool
    close_pairs: int = 0
    named_stems: int = 0
    rare_window: float = 0.0
    shorter_words: int = 0
    figures: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    def terms(self, short_words: int = EvidenceParams().short_words) -> tuple[float, ...]:
        """What the score weighs, in the order of :data:`WEIGHTED`: log(1 + feature), then the length term."""
        # Longer texts share more by chance; one smooth term, not a second set of weights.
        length = math.log(max(self.shorter_words, short_words) / short_words)
        return (*(math.log1p(getattr(self, name)) for name in SCORED), length)

    def score(self, params: EvidenceParams = EvidenceParams()) -> float:
        """Evidence of reuse on a 0-1 scale: a logistic function of :meth:`terms` (weights fitted)."""
        *features, length = self.terms(params.short_words)
        z = params.bias + sum(getattr(params, name) * t for name, t in zip(SCORED, features))
        z += params.length * length
        return 1.0 / (1.0 + math.exp(-z))

    def is_reuse(self, params: EvidenceParams = EvidenceParams()) -> bool:
        """Whether this evidence shows one text reusing the other: the one rule lineage judges by."""
        return not self.template and self.score(params) >= params.threshold


@dataclass(frozen=True)
class Gathered:
    """The evidence of a pair and the pieces later stages reuse (passages, direction)."""

    evidence: ReuseEvidence
    copy_pairs: tuple[AlignedPair, ...]
    quote_pairs: tuple[AlignedPair, ...]
    seed_clusters: tuple[Cluster, ...]
    summaries: tuple[Summary, ...]


def _quoted_in(quotes: Sequence[Span], start: int, end: int) -> list[Span]:
    return [q for q in quotes if q[0] < end and start < q[1]]


def outside_quotes(text: str, quotes: Sequence[Span], start: int, end: int) -> str:
    """``text[start:end]`` with its quotations blanked."""
    parts, pos = [], start
    for q0, q1 in _quoted_in(quotes, start, end):
        parts.append(text[pos:max(pos, q0)])
        pos = max(pos, q1)
    parts.append(text[pos:end])
    return " ".join(parts)


def stem_union(p: PreparedDocument, idx: Sequence[int]) -> frozenset[str]:
    """Content stems of the segments at ``idx``."""
    return frozenset().union(*(p.stem_sets[i] for i in idx))


def is_shared_quotation(pair: AlignedPair, pa: PreparedDocument, pb: PreparedDocument) -> bool:
    """True when most of what two aligned passages share lies inside quotation marks in both.

    Outlets quoting the same speaker share words without copying each other.
    """
    qa = _quoted_in(pa.quotes, pair.a_start, pair.a_end)
    qb = _quoted_in(pb.quotes, pair.b_start, pair.b_end)
    if not qa or not qb:
        return False
    shared = stem_union(pa, pair.a) & stem_union(pb, pair.b)
    if not shared:
        return False
    outside = (set(stems(outside_quotes(pa.text, qa, pair.a_start, pair.a_end)))
               & set(stems(outside_quotes(pb.text, qb, pair.b_start, pair.b_end))))
    return len(outside) < 0.4 * len(shared)


def named_stems(p: PreparedDocument, idx: Sequence[int]) -> frozenset[str]:
    """Stems of the names and figures of the segments at ``idx``: words capitalised past a sentence's first, and numbers."""
    each = p.memo("named", _named_by_segment)
    return each[idx[0]] if len(idx) == 1 else frozenset().union(*(each[i] for i in idx))


def _named_by_segment(p: PreparedDocument) -> tuple[frozenset[str], ...]:
    """:func:`named_stems` of every segment, read once per document: its sentences align with several others."""
    out = []
    for seg in p.segments:
        found = set()
        for k, m in enumerate(WORD_RE.finditer(p.text, seg.start, seg.end)):
            w = m.group()
            if (k and w[0].isupper()) or w[0].isdigit():
                t = term(key(fold(w)))
                if t:
                    found.add(t)
        out.append(frozenset(found))
    return tuple(out)


def best_run(pairs: Sequence[AlignedPair], pa: PreparedDocument, pb: PreparedDocument) -> tuple[int, int]:
    """Pairs and shared content stems of the best run of pairs that follow each other in both texts."""
    best = run = best_n = n = 0
    last: AlignedPair | None = None
    for p in sorted(pairs, key=lambda p: (p.a[0], p.b[0])):
        shared = len(stem_union(pa, p.a) & stem_union(pb, p.b))
        if last is not None and 0 <= p.a[0] - last.a[-1] - 1 <= 2 and 0 <= p.b[0] - last.b[-1] - 1 <= 2:
            run, n = run + shared, n + 1
        else:
            run, n = shared, 1
        if run > best:
            best, best_n = run, n
        last = p
    return best_n, best


def _segtext(segs: Sequence[Segment], idx: Sequence[int]) -> str:
    return " ".join(segs[i].text for i in idx)


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


#: Multiplier of the polynomial hash of a run of words (odd, so no bit of a word's hash is lost).
_RUN_MULTIPLIER = np.uint64(0x100000001B3)


def phrase_hashes(p: PreparedDocument, n: int = EvidenceParams().phrase_words) -> np.ndarray:
    """Hashes (sorted, distinct) of the runs of ``n`` words in a text's sentences, outside quotations.

    A run made only of capitalised words and figures (a name, a date) says
    nothing of the writer, and is left out.  Computed once per document
    (:meth:`PreparedDocument.memo`).
    """
    return p.memo(("phrases", n), lambda d: _phrase_hashes(d, n))


#: Hashes of folded words, by the word as written.
_WORD_IDS = WordTable(lambda w: zlib.crc32(fold(w).encode("utf-8")), 200_000)


def _phrase_hashes(p: PreparedDocument, n: int) -> np.ndarray:
    found = [(k, m) for k, seg in enumerate(p.segments) for m in WORD_RE.finditer(p.text, seg.start, seg.end)]
    starts = np.fromiter((m.start() for _, m in found), dtype=np.int64, count=len(found))
    # Words the writer quoted are left out, as the seeds' content words are.
    written = [found[i] for i in np.flatnonzero(~inside_quotes(starts, p.quotes)).tolist()]
    ids = np.fromiter((_WORD_IDS[m.group()] for _, m in written), dtype=np.uint64, count=len(written))
    named = np.fromiter((m.group()[0].isupper() or m.group()[0].isdigit() for _, m in written), dtype=bool,
                        count=len(written))
    owner = np.fromiter((k for k, _ in written), dtype=np.int64, count=len(written))
    runs = len(ids) - n + 1
    if runs <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(runs, dtype=np.uint64)
    for j in range(n):  # the run's words in order, as one 64-bit polynomial hash (wrapping)
        h = h * _RUN_MULTIPLIER + ids[j:j + runs]
    count = np.concatenate([[0], np.cumsum(named)])
    # Segments are contiguous runs of words: a run whose ends share one stays inside it.
    keep = (owner[:runs] == owner[n - 1:]) & (count[n:] - count[:runs] < n)
    return np.unique(h[keep])


def seed_windows(p: PreparedDocument, k: int) -> Windows:
    """A text's windows of ``k`` content stems, made once per document (:meth:`PreparedDocument.memo`)."""
    return p.memo(("windows", k), lambda d: Windows.of(d.words, k))


def gather(pa: PreparedDocument, pb: PreparedDocument, pairs: Sequence[AlignedPair],
           options: Options = DEFAULT_OPTIONS) -> Gathered:
    """The evidence of reuse between two prepared texts, given their aligned sentences."""
    quote_pairs = tuple(p for p in pairs if is_shared_quotation(p, pa, pb))
    copy_pairs = tuple(p for p in pairs if p not in quote_pairs)
    found = {k: clusters(pa.words, pb.words, k, gap, (seed_windows(pa, k), seed_windows(pb, k)))
             for k, gap in ((2, 8), (3, 12))}
    cluster_stems = max((
        len(set(stems(pa.text[c.a_start:c.a_end])) & set(stems(pb.text[c.b_start:c.b_end])))
        for c in found[2][:CLUSTERS_READ]
    ), default=0)
    pieces = [(p.a_start, p.a_end, p.b_start, p.b_end) for p in copy_pairs] + [
        (c.a_start, c.a_end, c.b_start, c.b_end) for c in found[3] if c.seeds >= options.passages.min_seeds
    ]
    summaries = find_summaries(pa, pb, pieces, options.summaries)
    run_pairs, run_stems = best_run(copy_pairs, pa, pb)
    rare, rare_place = best_rare_window(pa, pb)
    named = sum(len((stem_union(pa, p.a) & stem_union(pb, p.b)) & (named_stems(pa, p.a) | named_stems(pb, p.b)))
                for p in copy_pairs)
    ep = options.evidence
    evidence = ReuseEvidence(
        pairs=len(copy_pairs),
        quoted_pairs=len(quote_pairs),
        run_pairs=run_pairs,
        run_stems=run_stems,
        seeds=found[3][0].seeds if found[3] else 0,
        seeds2=found[2][0].seeds if found[2] else 0,
        cluster_stems=cluster_stems,
        phrases=len(np.intersect1d(phrase_hashes(pa, ep.phrase_words), phrase_hashes(pb, ep.phrase_words),
                                   assume_unique=True)),
        summaries=len(summaries),
        template=is_template(copy_pairs, pa.segments, pb.segments),
        close_pairs=sum(p.score >= ep.close_score for p in copy_pairs),
        named_stems=named,
        rare_window=rare,
        shorter_words=min(len(pa.words.ids), len(pb.words.ids)),
        figures=shared_figures(pa, pb),
    )
    # The rare window is a place of reuse too: a reworded copy may give no other.
    places = tuple(found[3]) + ((rare_place,) if rare_place is not None else ())
    return Gathered(evidence, copy_pairs, quote_pairs, places, summaries)
