"""Checking a draft: its keys find candidates, the best are aligned with ``compare``, reuse is reported.

1. The draft is prepared once; its keys (:func:`lineage.archive.index.query_keys`)
   are looked up in the postings, without reading any archived text.  Keys
   held by more than ``max_postings`` documents are common phrases and count
   for nothing.
2. Each archived document is scored by the evidence it shares (see
   :class:`~lineage.archive.report.Retrieval`); documents dated after the
   cutoff, of an excluded outlet, or with the draft's own id are set aside.
3. The best ``align`` candidates are read, prepared and compared with the
   draft (:func:`lineage.compare`, the archived document as A).  A candidate is
   a source when the comparison finds reuse (shared quotations and page chrome
   do not count) and does not name the draft as the source (an archived
   story written from the draft, as when a published article is checked
   against later copies of it).
4. Sources whose reused passages lie mostly inside those of a source with
   stronger evidence are dropped: a wire story filed again, or one stock form
   ("X is issuing a 100 mln dlr eurobond ...") matched by many stories, counts
   once.  The rest are ranked by the share of the draft they account for.
"""

from __future__ import annotations

import re
import time
from typing import Sequence

import numpy as np

from ..comparison import compare
from ..documents import Document
from ..errors import OptionsError
from ..options import Options
from ..prepare import PreparedDocument, prepare
from .index import DOC, GRAM, KIND_SHIFT, SENTENCE, IndexParameters, QueryKeys, query_keys
from .report import CheckReport, Retrieval, ReusedPassage, SourceMatch
from .storage import Postings, Storage, StoredDocument

#: A candidate needs at least this much evidence: two sentences, a document band, four grams or
#: figure runs, or a mix (one paraphrased sentence or a stock phrase is not enough).
MIN_EVIDENCE = 2.0
#: A source is dropped when less than this share of its reused passages is new after stronger sources.
NEW_SHARE = 0.5
#: Weights of the evidence: any document band, each sentence, each gram or figure run.
BAND_WEIGHT, SENTENCE_WEIGHT, GRAM_WEIGHT = 2.0, 1.0, 0.5
#: Candidates whose metadata is read, per candidate aligned.
READ_FACTOR = 4
_DATE = re.compile(r"(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d))?")


def date_key(value: str | None) -> tuple[str, str | None] | None:
    """``(day, time or None)`` of an ISO date (``YYYY-MM-DD`` with an optional ``THH:MM``), else None."""
    if not value:
        return None
    m = _DATE.match(value.strip())
    return (m.group(1), m.group(2)) if m else None


def after(date: str | None, cutoff: tuple[str, str | None] | None) -> bool:
    """True when ``date`` is later than ``cutoff``; without a time on either side, days are compared."""
    d = date_key(date)
    if d is None or cutoff is None:
        return False
    if d[0] != cutoff[0] or d[1] is None or cutoff[1] is None:
        return d[0] > cutoff[0]
    return d[1] > cutoff[1]


def common_keys(postings: Postings, params: IndexParameters) -> np.ndarray:
    """Keys held by more than ``max_postings`` documents (sorted): phrases too common to be evidence."""
    uniq, counts = np.unique(postings.keys, return_counts=True)
    named = np.fromiter(postings.common, dtype=np.uint64, count=len(postings.common))
    return np.union1d(named, uniq[counts > params.max_postings])


def boilerplate(prepared: PreparedDocument, query: QueryKeys, common: np.ndarray) -> np.ndarray:
    """A mask of the draft's sentences at least half of whose sentence keys are common: boilerplate."""
    mask = np.zeros(len(prepared.text), dtype=bool)
    sk = query.kinds == SENTENCE
    if not sk.any():
        return mask
    units, flags = query.units[sk], np.isin(query.keys[sk], common)
    total = np.bincount(units)
    hit = np.bincount(units, weights=flags, minlength=len(total))
    for u in np.flatnonzero((total > 0) & (2 * hit >= total)):
        seg = prepared.segments[int(u)]
        mask[seg.start:seg.end] = True
    return mask


def evidence(query: QueryKeys, postings: Postings, common: np.ndarray,
             min_score: float = MIN_EVIDENCE) -> dict[int, Retrieval]:
    """Per archived document with at least ``min_score``, the evidence its postings share with the draft."""
    keys, docs = postings.keys, postings.docs
    keep = ~np.isin(keys, common)
    keys, docs = keys[keep], docs[keep]
    if not len(keys):
        return {}
    kinds = keys >> np.uint64(KIND_SHIFT)
    ud, inv = np.unique(docs, return_inverse=True)
    bands = np.bincount(inv, weights=kinds == DOC, minlength=len(ud))
    grams = np.bincount(inv, weights=kinds >= GRAM, minlength=len(ud))
    # Sentences: each sentence posting counts every draft sentence its key comes from, once per document.
    sk = query.kinds == SENTENCE
    order = np.argsort(query.keys[sk], kind="stable")
    qk, qu = query.keys[sk][order], query.units[sk][order]
    ps = kinds == SENTENCE
    lo, hi = np.searchsorted(qk, keys[ps], "left"), np.searchsorted(qk, keys[ps], "right")
    n = hi - lo
    at = np.repeat(lo - np.concatenate([[0], np.cumsum(n)[:-1]]), n) + np.arange(int(n.sum()))
    width = int(qu.max()) + 1 if len(qu) else 1
    pairs = np.unique(np.repeat(inv[ps], n) * width + qu[at])
    sentences = np.bincount(pairs // width, minlength=len(ud))
    score = BAND_WEIGHT * (bands > 0) + SENTENCE_WEIGHT * sentences + GRAM_WEIGHT * grams
    return {int(ud[i]): Retrieval(float(score[i]), int(bands[i]), int(sentences[i]), int(grams[i]))
            for i in np.flatnonzero(score >= min_score)}


def _mask(length: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    m = np.zeros(length, dtype=bool)
    for s, e in spans:
        m[max(0, s):max(0, e)] = True
    return m


def _share(units: np.ndarray, spans: Sequence[tuple[int, int]]) -> float:
    """Share of the characters of ``units`` (a mask) inside ``spans``."""
    total = int(units.sum())
    return float((units & _mask(len(units), spans)).sum()) / total if total else 0.0


def _segment_mask(p: PreparedDocument) -> np.ndarray:
    return _mask(len(p.text), [(s.start, s.end) for s in p.segments])


def _match(stored: StoredDocument, prepared: PreparedDocument, source: PreparedDocument,
           retrieval: Retrieval, options: Options, draft_units: np.ndarray) -> SourceMatch | None:
    """The draft compared with one candidate (the candidate as A): a source, or None."""
    r = compare(source, prepared, options)
    if not r.reuse_found or r.direction.source == "b":
        return None
    passages = tuple(ReusedPassage(p.b_start, p.b_end, p.a_start, p.a_end, p.pairs, p.score, p.label)
                     for p in r.passages)
    return SourceMatch(
        stored, r.verdict,
        _share(draft_units, [(p.draft_start, p.draft_end) for p in passages]),
        r.a.reused,  # the share `lineage compare` reports for the same pair: one measure, not two
        "archived" if r.direction.source == "a" else None, r.direction.basis if r.direction.source else None,
        r.direction.confidence if r.direction.source else 0.0,
        tuple(e.reason for e in r.direction.evidence), passages, r.findings, retrieval, r,
    )


def _strength(m: SourceMatch) -> float:
    """Characters of the draft a match accounts for, each weighted by its passage's score."""
    return sum((p.draft_end - p.draft_start) * p.score for p in m.passages)


def distinct(matches: Sequence[SourceMatch], units: np.ndarray) -> list[SourceMatch]:
    """Matches whose passages hold mostly new text of the draft after those of stronger matches.

    ``units`` marks the draft's text that counts (its sentences, boilerplate aside).
    Strength is the draft's text accounted for, weighted by how closely; of
    equally strong matches (two copies of one text) the earlier dated goes
    first, then the one with more retrieval evidence.
    """
    covered = np.zeros(len(units), dtype=bool)
    kept = []
    for m in sorted(matches, key=lambda m: (-round(_strength(m), 1), date_key(m.document.effective_date)
                                            or ("9999", None), -m.retrieval.score, m.document.id)):
        mine = _mask(len(units), [(p.draft_start, p.draft_end) for p in m.passages]) & units
        n = int(mine.sum())
        if not n or (mine & ~covered).sum() < NEW_SHARE * n:
            continue
        covered |= mine
        kept.append(m)
    return kept


def check_draft(
    storage: Storage, params: IndexParameters, draft: Document, options: Options, top: int = 10,
    before: str | None = None, exclude_sources: Sequence[str] = (), exclude_ids: Sequence[str] | None = None,
    align: int | None = None,
) -> CheckReport:
    """Check one draft against the archive; see :meth:`lineage.archive.Archive.check`."""
    if top < 1:
        raise OptionsError(f"top must be at least 1, not {top}")
    if before is not None and date_key(before) is None:
        raise OptionsError(f"before must be an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM), not {before!r}")
    n_align = 3 * top if align is None else align
    t0 = time.perf_counter()
    prepared = prepare(draft, options)
    t1 = time.perf_counter()
    cutoff = date_key(before) if before is not None else date_key(prepared.date)
    skip_ids = {draft.id} if exclude_ids is None else set(exclude_ids)
    skip_sources = {s.casefold() for s in exclude_sources}
    q = query_keys(prepared, params)
    chosen: list[tuple[StoredDocument, Retrieval]] = []
    with storage.snapshot():
        archived = storage.count()
        posted = storage.postings(q.keys)
        common = common_keys(posted, params)
        found = evidence(q, posted, common)
        ranked = sorted(found, key=lambda d: (-found[d].score, -found[d].sentences, -d))
        ranked = ranked[:max(n_align * READ_FACTOR, 50)]
        meta = storage.documents(ranked)
        for d in ranked:
            sd = meta.get(d)
            if sd is None or sd.id in skip_ids or (sd.source or "").casefold() in skip_sources:
                continue
            if after(sd.effective_date, cutoff):
                continue
            chosen.append((sd, found[d]))
            if len(chosen) >= n_align:
                break
        t2 = time.perf_counter()
        texts = storage.texts([sd.doc for sd, _ in chosen])
    units = _segment_mask(prepared) & ~boilerplate(prepared, q, common)
    matches = []
    for sd, ev in chosen:
        text = texts.get(sd.doc)
        if text is None:
            continue
        source = prepare(sd.document(text), options)
        if not source.segments or not prepared.segments:
            continue
        m = _match(sd, prepared, source, ev, options, units)
        if m is not None:
            matches.append(m)
    t3 = time.perf_counter()
    matches = distinct(matches, units)
    matches.sort(key=lambda m: (-m.draft_share, -m.retrieval.score, m.document.id))
    covered = [(p.draft_start, p.draft_end) for m in matches for p in m.passages]
    timings = {"prepare": (t1 - t0) * 1000, "retrieval": (t2 - t1) * 1000,
               "alignment": (t3 - t2) * 1000, "total": (t3 - t0) * 1000}
    before_shown = before if before is not None else prepared.date if cutoff else None
    return CheckReport(draft, tuple(matches[:top]), _share(units, covered), before_shown,
                       tuple(exclude_sources), archived, len(found),
                       len(chosen), timings)
