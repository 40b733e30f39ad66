"""Labelled pairs for the direction benchmark: PAN 2013 positives and Reuters stories ordered by date."""

from __future__ import annotations

import os
import random
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.pan13_corpus import find_subsets, load_pairs  # noqa: E402
from benchmarks.reuters_scale import Story, load_stories  # noqa: E402
from lineage import Document  # noqa: E402
from lineage.prepare import PreparedDocument, prepare  # noqa: E402

#: PAN subsets whose positive pairs are used (01 holds no reuse).
PAN_SUBSETS = ("02", "03", "04", "05")
#: Reuters pairs closer in time than this are dropped: the order is not known.
MIN_GAP_MINUTES = 1
#: Bounds (minutes) of the time-gap buckets reported for Reuters pairs.
GAP_BUCKETS = ((60, "< 1 hour"), (24 * 60, "1 hour - 1 day"), (7 * 24 * 60, "1-7 days"))
#: Verdicts naming reuse, in the order subsets are reported.
REUSE_ORDER = ("identical", "near-duplicate", "paraphrase", "partial reuse")


@dataclass(frozen=True)
class LabelledPair:
    """Two documents whose source is known; ``truth`` says which one (``"a"`` or ``"b"``).

    Attributes
    ----------
    corpus : str
        ``pan`` or ``reuters``.
    subset : str
        Subset name (PAN folder, or the lineage verdict for Reuters pairs).
    key : str
        Stable identifier of the pair.
    a, b : Document or PreparedDocument
        The two texts, without dates (Reuters stories come prepared, as the candidate index read them).
    truth : str
        ``"a"`` when A is the source, else ``"b"``.
    gap_minutes : float or None
        Time between the two stories (Reuters only).
    blanked : int
        Dates printed in the headers that were blanked so layout cannot read them.
    """

    corpus: str
    subset: str
    key: str
    a: Document | PreparedDocument
    b: Document | PreparedDocument
    truth: str
    gap_minutes: float | None = None
    blanked: int = 0

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as texts for the worker pool (documents hold read-only mappings pickle refuses)."""
        return (_rebuilt, (self.corpus, self.subset, self.key, self.a.text, self.a.id, self.b.text, self.b.id,
                           self.truth, self.gap_minutes, self.blanked))


def _rebuilt(corpus: str, subset: str, key: str, text_a: str, id_a: str, text_b: str, id_b: str, truth: str,
             gap_minutes: float | None, blanked: int) -> LabelledPair:
    """A labelled pair rebuilt from its texts (already without dates) in a worker."""
    return LabelledPair(corpus, subset, key, Document.from_text(text_a, id=id_a),
                        Document.from_text(text_b, id=id_b), truth, gap_minutes, blanked)


def eval_root(arg: Path | None) -> Path:
    """The eval root: ``--data``, ``$LINEAGE_EVAL`` or ``../shared/eval`` beside the repository."""
    env = os.environ.get("LINEAGE_EVAL")
    return arg or (Path(env) if env else REPO.parent / "shared" / "eval")


def undated(text: str, ident: str) -> tuple[Document, int]:
    """A document without a date: a date layout reads from the header is blanked with spaces.

    Returns the document and how many dates were blanked (offsets are kept).
    """
    doc = Document.from_text(text, id=ident)
    blanked = 0
    while doc.layout.date is not None and blanked < 5:
        shown = doc.layout.metadata.get("date_text", "")
        at = text.find(shown) if shown else -1
        if at < 0:
            break
        text = text[:at] + " " * len(shown) + text[at + len(shown):]
        doc = Document.from_text(text, id=ident)
        blanked += 1
    return doc, blanked


def flip(key: str, seed: int) -> bool:
    """Seeded coin per pair: True puts the source second (so "A is the source" is not a constant)."""
    return zlib.crc32(f"{seed}:{key}".encode()) % 2 == 1


def half(key: str, seed: int) -> str:
    """Seeded split of the pairs into ``fit`` (thresholds chosen) and ``held-out`` (accuracy reported)."""
    return "fit" if zlib.crc32(f"half{seed}:{key}".encode()) % 2 == 0 else "held-out"


def _pan_subsets(corpus: Path) -> list[str]:
    return [s for s in find_subsets(corpus) if s.split("-", 1)[0] in PAN_SUBSETS]


def pan_pairs(corpus: Path, sample: int | None, seed: int) -> Iterator[LabelledPair]:
    """Positive pairs of PAN subsets 02-05, the source first or second by a seeded coin, no dates.

    A pair is positive when its XML holds a plagiarism feature; ``sample``
    keeps that many per subset, spread evenly over the subset's pairs file.
    """
    cache: dict[str, tuple[Document, int]] = {}

    def doc(folder: str, name: str) -> tuple[Document, int]:
        if name not in cache:
            if len(cache) > 64:
                cache.clear()
            text = (corpus / folder / name).read_text(encoding="utf-8")
            cache[name] = undated(text, name)
        return cache[name]

    for subset in _pan_subsets(corpus):
        pos = [p for p in load_pairs(corpus, subset) if p.positive]
        if sample is not None and sample < len(pos):
            pos = [pos[i * len(pos) // sample] for i in range(sample)]
        for p in pos:
            (susp, n1), (src, n2) = doc("susp", p.susp), doc("src", p.src)
            key = f"{subset[:2]}/{p.susp[:-4]}-{p.src[:-4]}"
            if flip(key, seed):
                yield LabelledPair("pan", subset, key, susp, src, "b", None, n1 + n2)
            else:
                yield LabelledPair("pan", subset, key, src, susp, "a", None, n1 + n2)


def _stamp(s: Story) -> datetime | None:
    if not s.date:
        return None
    fmt = "%Y-%m-%dT%H:%M" if "T" in s.date else "%Y-%m-%d"
    return datetime.strptime(s.date, fmt)


def gap_bucket(minutes: float) -> str:
    """Name of the time-gap bucket of a Reuters pair."""
    for bound, name in GAP_BUCKETS:
        if minutes < bound:
            return name
    return "> 7 days"


@dataclass
class ReutersCounts:
    """What happened to the Reuters candidate pairs on the way to labelled pairs."""

    stories: int = 0
    candidates: int = 0
    compared: int = 0
    not_reuse: int = 0
    same_time: int = 0
    undated: int = 0
    blanked: int = 0


def reuters_documents(folder: Path) -> tuple[list[Story], list[PreparedDocument], int]:
    """Every story with a body as an undated prepared document (title, blank line, body), and dates blanked."""
    stories = load_stories(folder)
    docs, blanked = [], 0
    for s in stories:
        text = f"{s.title}\n\n{s.body}\n" if s.title else f"{s.body}\n"
        d, n = undated(text, s.newid)
        docs.append(prepare(d))
        blanked += n
    return stories, docs, blanked


def reuters_candidates(docs: list[PreparedDocument], seed: int) -> list[tuple[int, int]]:
    """Candidate pairs (indices) from lineage's own index, in a seeded random order."""
    from lineage.candidates import find_candidates
    from lineage.options import DEFAULT_OPTIONS

    pairs = [(c.a, c.b) for c in find_candidates(docs, DEFAULT_OPTIONS.candidates)]
    random.Random(seed).shuffle(pairs)
    return pairs


def reuters_pairs(
    stories: list[Story], docs: list[PreparedDocument], candidates: Iterable[tuple[int, int]], seed: int,
    counts: ReutersCounts,
) -> Iterator[LabelledPair]:
    """Candidate pairs dated at least a minute apart, the earlier story as the source, A/B by a seeded coin.

    The subset is left empty: it is the lineage verdict, known once the pair is compared.
    """
    for i, j in candidates:
        ti, tj = _stamp(stories[i]), _stamp(stories[j])
        if ti is None or tj is None:
            counts.undated += 1
            continue
        gap = abs((tj - ti).total_seconds()) / 60
        if gap < MIN_GAP_MINUTES:
            counts.same_time += 1
            continue
        src, dst = (i, j) if ti < tj else (j, i)
        key = f"{stories[src].newid}-{stories[dst].newid}"
        if flip(key, seed):
            yield LabelledPair("reuters", "", key, docs[dst], docs[src], "b", gap)
        else:
            yield LabelledPair("reuters", "", key, docs[src], docs[dst], "a", gap)
