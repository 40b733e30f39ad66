"""Candidate pairs of a corpus without comparing every pair: MinHash LSH over documents and sentences.

Two indexes (datasketch ``MinHashLSH``) find pairs worth aligning: one over
document signatures of word shingles, for copies; one over sentence
signatures of content-word stems, for paraphrases whose overall shingle
overlap is low (001 and 002 share about 15 % of their 3-shingles but most of
their sentences' stems).
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from .documents import Document
from .fingerprints import SCHEME, shingle_hashes, signature_values
from .options import Options
from .scoring import stems
from .segments import segment

#: Estimated Jaccard similarity of word 3-shingles above which two documents are candidates.
DOC_THRESHOLD = 0.3
#: Estimated Jaccard similarity of two sentences' stem sets above which they collide.
SENTENCE_THRESHOLD = 0.5
#: Sentences with fewer content stems than this are not indexed (too common to tell).
MIN_SENTENCE_STEMS = 5
#: Permutations of sentence signatures (fewer than documents': many more of them).
SENTENCE_PERM = 64
#: A sentence colliding with more documents than this is a common phrase, not evidence.
MAX_SENTENCE_FANOUT = 20


@dataclass(frozen=True)
class Candidate:
    """A pair of documents (indices, ``a < b``) worth aligning, and why."""

    a: int
    b: int
    document_hit: bool
    sentence_hits: int


def _stem_hashes(text: str) -> np.ndarray:
    return np.unique(np.array([zlib.crc32(s.encode("utf-8")) for s in set(stems(text))], dtype=np.uint32))


def find_candidates(
    docs: Sequence[Document],
    options: Options,
    progress: Callable[[int], None] | None = None,
) -> list[Candidate]:
    """Pairs of documents that share enough to be compared.

    Parameters
    ----------
    docs : sequence of Document
        The corpus.
    options : Options
        Signature settings (shingle size, permutations, seed).
    progress : callable, optional
        Called with the number of documents indexed since the last call.

    Returns
    -------
    list of Candidate
        Sorted by (a, b).
    """
    doc_lsh = MinHashLSH(threshold=DOC_THRESHOLD, num_perm=options.num_perm)
    sent_lsh = MinHashLSH(threshold=SENTENCE_THRESHOLD, num_perm=SENTENCE_PERM)
    doc_sigs: dict[int, MinHash] = {}
    sentence_sigs: list[tuple[int, MinHash]] = []
    with doc_lsh.insertion_session() as doc_session, sent_lsh.insertion_session() as sent_session:
        for i, doc in enumerate(docs):
            segs = segment(doc, options.keep_boilerplate)
            text = "\n".join(s.text for s in segs)
            if text:
                values = signature_values(shingle_hashes(text, options.shingle_size), options.num_perm, options.seed)
                doc_sigs[i] = MinHash(num_perm=options.num_perm, seed=options.seed, hashvalues=values, scheme=SCHEME)
                doc_session.insert(i, doc_sigs[i])
            for k, s in enumerate(segs):
                h = _stem_hashes(s.text)
                if len(h) < MIN_SENTENCE_STEMS:
                    continue
                m = MinHash(num_perm=SENTENCE_PERM, seed=options.seed,
                            hashvalues=signature_values(h, SENTENCE_PERM, options.seed), scheme=SCHEME)
                sent_session.insert((i, k), m)
                sentence_sigs.append((i, m))
            if progress:
                progress(1)
    doc_hits: set[tuple[int, int]] = set()
    for i, sig in doc_sigs.items():
        for j in doc_lsh.query(sig):
            if j != i:
                doc_hits.add((min(i, j), max(i, j)))
    sent_hits: Counter[tuple[int, int]] = Counter()
    for i, m in sentence_sigs:
        others = {j for j, _ in sent_lsh.query(m) if j != i}
        if len(others) > MAX_SENTENCE_FANOUT:
            continue
        for j in others:
            if i < j:
                sent_hits[(i, j)] += 1
    # Counting from the lower index alone gives one count per colliding sentence of a.
    pairs = doc_hits | set(sent_hits)
    return [Candidate(a, b, (a, b) in doc_hits, sent_hits.get((a, b), 0)) for a, b in sorted(pairs)]

