"""Tuned parameters of each stage, in the open: their defaults, what they mean and where they were set.

Each stage reads one frozen object hung off :class:`lineage.Options`
(``Options().passages.bridge_chars``), so a benchmark can sweep any of them
(``Options().with_changes(passages=PassageParams(bridge_chars=200))``) and
the command line and README read the defaults from here.  Unless a field
says otherwise, values were chosen on the PAN 2013 training corpus
(``benchmarks/pan13.py``) and the figures are in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .errors import OptionsError


def _check(obj: Any) -> None:
    """Refuse a field whose value is not a number of its declared type, or is negative."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        want = float if f.type in (float, "float") else int
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            want is int and not isinstance(value, int)
        ):
            raise OptionsError(f"{type(obj).__name__}.{f.name} must be a {want.__name__}, not {value!r}")
        if value < 0:
            raise OptionsError(f"{type(obj).__name__}.{f.name} must not be negative, not {value!r}")


def _numbers(obj: Any, skip: tuple[str, ...] = ()) -> None:
    """Refuse a field (other than those in ``skip``) whose value is not a number; weights may be negative."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name not in skip and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise OptionsError(f"{type(obj).__name__}.{f.name} must be a number, not {value!r}")


@dataclass(frozen=True)
class AlignmentParams:
    """Sentence alignment (:mod:`lineage.alignment`).

    Attributes
    ----------
    verbatim_at : float
        Word-level edit similarity (0-1) at or above which a pair is ``verbatim``.
    near_verbatim_at : float
        ... and ``near-verbatim`` (below it, ``paraphrase``).
    """

    verbatim_at: float = 0.95
    near_verbatim_at: float = 0.80

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class PassageParams:
    """Passages: aligned pairs and seed clusters merged into reused stretches (:mod:`lineage.passages`).

    Attributes
    ----------
    max_gap : int
        Sentences of unaligned text bridged between two pairs of one passage.
    min_words : int
        A lone verbatim pair with fewer words is too short to be a passage.
    min_seeds : int
        Seed clusters smaller than this are not evidence of a passage.
    strong_seeds : int
        A cluster this large is a passage on its own.
    lone_score, lone_words : float, int
        A lone paraphrase pair this close (0-1) and this long (words) is a passage on its own.
    bridge_chars : int
        Characters of unmatched text bridged between two pieces of evidence of one passage.
    extend_stems, extend_share : int, float
        Neighbouring sentences sharing this many content stems, and this share of
        the shorter one's, extend a passage (03 recall 0.757 -> 0.790).
    """

    max_gap: int = 2
    min_words: int = 12
    min_seeds: int = 4
    strong_seeds: int = 10
    lone_score: float = 0.75
    lone_words: int = 20
    bridge_chars: int = 300
    extend_stems: int = 3
    extend_share: float = 0.4

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class SummaryParams:
    """Summaries: a paragraph condensing a stretch of the other text (:mod:`lineage.summaries`).

    Chosen on paragraph features of PAN 2013 train 05 against 01 (228/238
    summaries found, no negative pair firing), then full runs.

    Attributes
    ----------
    min_shared : int
        Distinct content stems a paragraph must share with the other text.
    min_coverage : float
        Share of the paragraph's distinct content stems found in the other text.
    min_contrast, min_surprise : float
        How far that share must exceed the median share of the text's other
        paragraphs, and by how many standard deviations of the count that
        median predicts.
    anchor_stems : int
        A sentence of the other text sharing this many distinct stems with the paragraph is drawn on.
    min_ratio, max_ratio : float
        The stretch drawn on is this many times the paragraph's length, at least and at most.
    prose_stems : int
        Stems a paragraph needs to count as prose (for it and for the baseline).
    copy_share : float
        A paragraph this much covered by aligned evidence is judged by where the evidence lies.
    most_evidence : float
        Share of that evidence (by length) whose stretch in the other text is measured.
    copy_stretch : float
        Evidence from a stretch shorter than this many times the paragraph is a copy's ...
    beyond_share : float
        ... unless this share of the stems it shares with the other text lie beyond that stretch.
    min_piece : int
        A piece of evidence overlapping the paragraph by fewer characters is not about it.
    """

    min_shared: int = 25
    min_coverage: float = 0.6
    min_contrast: float = 0.3
    min_surprise: float = 7.0
    anchor_stems: int = 2
    min_ratio: float = 3.0
    max_ratio: float = 25.0
    prose_stems: int = 15
    copy_share: float = 0.4
    most_evidence: float = 0.8
    copy_stretch: float = 2.0
    beyond_share: float = 0.3
    min_piece: int = 40

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class CandidateParams:
    """Candidate pairs of a corpus from MinHash LSH (:mod:`lineage.candidates`).

    Attributes
    ----------
    doc_threshold : float
        Estimated Jaccard similarity of word shingles at which two documents are candidates
        (LSH bands and rows as ``datasketch.MinHashLSH`` picks them; a collision is kept when
        the signatures estimate at least this).
    sentence_threshold : float
        The same for two sentences' content-stem sets.
    sentence_perm : int
        Permutations of sentence signatures (fewer than documents': many more of them).
    max_sentence_fanout : int
        A sentence colliding with more documents than this is a common phrase, not evidence.
    """

    doc_threshold: float = 0.3
    sentence_threshold: float = 0.5
    sentence_perm: int = 64
    max_sentence_fanout: int = 20

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class DerivationParams:
    """The derivation view of a reuse graph (:mod:`lineage.derivation`); set on the BBC lineage generator.

    Attributes
    ----------
    implied_cover : float
        Share of what A and C share (on each side) that B's alignments must also
        cover for A - C to be implied by B.
    shingle_slack : float
        Share of the word shingles A and C share that B may lack and still hold what they share.
    """

    implied_cover: float = 0.95
    shingle_slack: float = 0.05

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class EvidenceParams:
    """The one rule of reuse (:mod:`lineage.evidence`): what two texts share beyond what two reports of one event do.

    The evidence score is a logistic function of log(1 + feature) over the
    features below and of the shorter text's length, fitted on the training
    half of PAN 2013 train pairs (every negative, every positive of each
    obfuscation subset) with BBC stories on one subject that do not copy each
    other as further negatives (weighed 8 against PAN's 3 and the
    positives' 1: the least that keeps false reuse on them where it was
    without the length term) and parent/child pairs of the BBC lineage generator as positives
    (``benchmarks/evidence.py``).  The threshold keeps false positives to
    1 % of that half's PAN negative pairs.

    Attributes
    ----------
    bias : float
        Intercept of the score.
    run_stems, named_stems, phrases, close_pairs, cluster_stems, seeds, summaries, rare_window, figures : float
        Weights of the features of :class:`lineage.evidence.ReuseEvidence` of those names;
        names and figures in aligned sentences weigh against reuse, since two
        reports of one event share them, while figures of several digits that
        are not years or round numbers (``figures``) weigh for it.
    length : float
        Weight of log(shorter text's content words / ``short_words``), taken
        as 0 below ``short_words``: the longer two texts are, the more they
        share by chance, so the same shared words weigh less (negative).
    threshold : float
        Evidence score (0-1) at or above which the texts share reuse; lower
        finds more heavily disguised reuse and more false reuse.
    close_score : float
        Aligned pairs scoring at least this (0-1) count as ``close_pairs``.
    phrase_words : int
        Words of the shared runs counted as ``phrases``.
    short_words : int
        Content words of the shorter text under which length no longer lowers the score.
    """

    bias: float = -18.378
    run_stems: float = 1.559
    named_stems: float = -2.473
    phrases: float = 0.872
    close_pairs: float = 2.269
    cluster_stems: float = -0.217
    seeds: float = 0.208
    summaries: float = 3.884
    rare_window: float = 4.426
    figures: float = 1.279
    threshold: float = 0.104
    close_score: float = 0.75
    phrase_words: int = 5
    length: float = -0.947
    short_words: int = 100

    def __post_init__(self) -> None:
        _numbers(self)
        if not 0.0 < self.threshold < 1.0:
            raise OptionsError(f"EvidenceParams.threshold must be strictly between 0 and 1, not {self.threshold!r}")
        if self.phrase_words < 2 or not isinstance(self.phrase_words, int):
            raise OptionsError(f"EvidenceParams.phrase_words must be a whole number of 2 or more, not {self.phrase_words!r}")
        if self.short_words < 1 or not isinstance(self.short_words, int):
            raise OptionsError(f"EvidenceParams.short_words must be a whole number of 1 or more, not {self.short_words!r}")


@dataclass(frozen=True)
class DirectionParams:
    """Which text is the source without dates (:mod:`lineage.direction`).

    Set on PAN 2013 train positives and Reuters pairs whose dates give the
    direction, dates hidden (``benchmarks/direction.py``): only signals right
    95 % of the time when they fire are kept.

    Attributes
    ----------
    summary_weight : float
        Weight of a paragraph condensing the other text (it decides alone).
    reported_pairs : int
        Aligned pairs more in one direction than the other where a quotation
        became indirect speech, for that to decide.
    reported_weight : float
        Weight of that signal.
    verbatim_guard : float
        Share of the aligned text in verbatim pairs at which nothing shows the
        direction (a verbatim copy is undetermined).
    depth_veto : int
        Sentences by which the named source's shared material may lie deeper
        than the other text's before the answer is withdrawn.
    dates_confidence, summary_confidence, reported_confidence : float
        Confidence (0-1) reported for each basis.
    """

    summary_weight: float = 1.5
    reported_pairs: int = 3
    reported_weight: float = 1.5
    verbatim_guard: float = 0.9
    depth_veto: int = 10
    dates_confidence: float = 0.95
    summary_confidence: float = 0.9
    reported_confidence: float = 0.6

    def __post_init__(self) -> None:
        _check(self)
