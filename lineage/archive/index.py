"""Retrieval keys of a document: document LSH bands and passage fingerprints, as 47-bit integers.

Four kinds of key, tagged in two high bits, go into the archive's postings:

* ``DOC``: the LSH band keys of the document's MinHash signature (word
  shingles, the comparison's own signature) at a document threshold, with the
  bands and rows ``datasketch.MinHashLSH`` picks for it: copies of most of a text;
* ``SENTENCE``: the band keys of each sentence's content-stem set (MinHash at a
  sentence threshold, as the graph's sentence index): a copied or paraphrased
  sentence, found inside a long article;
* ``GRAM``: word 5-gram hashes, sampled the same way in every text (those
  equal to 0 modulo ``gram_sample``): verbatim copying, figures included;
* ``NUMBERS``: runs of three consecutive figures: a table of figures whose
  wording was changed.

Archived documents get their keys from a light reading (:func:`index_document`:
layout, sentences, stems and shingles only); a draft gets the same keys from
its full preparation (:func:`query_keys`), with the sentence each key comes from.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass
from typing import Any, Sequence

import numpy as np

from ..candidates import _bands
from ..documents import Document
from ..fingerprints import hash_shingles, signature_values, signatures
from ..options import Options
from ..params import CandidateParams
from ..prepare import MIN_INDEXED_STEMS, PreparedDocument, segment
from ..text.words import folded_words, term

#: Version of the keys; bump when a key's computation changes (an archive records it).
KEYS_VERSION = "lineage-archive-keys-1"
#: Key kinds (the two bits above the 45-bit hash).
DOC, SENTENCE, GRAM, NUMBERS = 0, 1, 2, 3
KIND_NAMES = ("document", "sentence", "gram", "numbers")
_HASH_BITS = 45
#: A key's kind is its value shifted right by this many bits.
KIND_SHIFT = _HASH_BITS
_MASK = np.uint64((1 << _HASH_BITS) - 1)
_M64 = np.uint64(0x9E3779B97F4A7C15)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
#: Thresholds of the document and sentence bands: the graph's candidate thresholds.
DOC_THRESHOLD = CandidateParams().doc_threshold
SENTENCE_THRESHOLD = CandidateParams().sentence_threshold
#: Permutations of sentence signatures: datasketch picks 7 bands of 4 rows for 0.5 at 28.
SENTENCE_PERM = 28
_TERM_CACHE = 1 << 19
_terms: dict[str, int] = {}  # folded word -> crc32 of its stem; -1 not content; -2 a number


@dataclass(frozen=True)
class IndexParameters:
    """How the keys are made; recorded in an archive, which refuses to mix two settings.

    Attributes
    ----------
    doc_threshold : float
        Estimated Jaccard similarity of word shingles the document bands aim at.
    doc_bands, doc_rows : int
        LSH bands and rows per band over the document signature.
    sentence_threshold : float
        Jaccard similarity of two sentences' stem sets the sentence bands aim at.
    sentence_perm, sentence_bands, sentence_rows : int
        Permutations of sentence signatures, and their bands and rows.
    min_sentence_stems : int
        Sentences with fewer distinct stems (numbers left out) get no keys.
    gram_words, gram_sample : int
        Words per gram, and one gram hash in ``gram_sample`` is kept.
    number_run : int
        Consecutive figures per numbers key.
    max_postings : int
        A key held by more documents than this is a common phrase, not evidence.
    version : str
        :data:`KEYS_VERSION`.
    """

    doc_threshold: float
    doc_bands: int
    doc_rows: int
    sentence_threshold: float = SENTENCE_THRESHOLD
    sentence_perm: int = SENTENCE_PERM
    sentence_bands: int = 7
    sentence_rows: int = 4
    min_sentence_stems: int = MIN_INDEXED_STEMS
    gram_words: int = 5
    gram_sample: int = 8
    number_run: int = 3
    max_postings: int = 50
    version: str = KEYS_VERSION

    @classmethod
    def for_options(cls, options: Options) -> "IndexParameters":
        """The parameters for ``options``' signatures, with datasketch's bands for each threshold."""
        b, r = _bands(DOC_THRESHOLD, options.num_perm)
        sb, sr = _bands(SENTENCE_THRESHOLD, SENTENCE_PERM)
        return cls(DOC_THRESHOLD, b, r, SENTENCE_THRESHOLD, SENTENCE_PERM, sb, sr)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "IndexParameters":
        """The parameters a :meth:`to_dict` record holds."""
        return cls(**data)


@dataclass(frozen=True)
class QueryKeys:
    """A draft's keys and where each comes from: ``unit`` is a segment index, -1 for the whole text."""

    keys: np.ndarray  # uint64
    kinds: np.ndarray  # uint8
    units: np.ndarray  # int64


def _fmix64(h: np.ndarray) -> np.ndarray:
    s, m1, m2 = _FMIX
    with np.errstate(over="ignore"):
        h = h ^ (h >> s)
        h = h * m1
        h = h ^ (h >> s)
        h = h * m2
        out: np.ndarray = h ^ (h >> s)
        return out


def _tag(h: np.ndarray, kind: int) -> np.ndarray:
    return (h & _MASK) | np.uint64(kind << _HASH_BITS)


def band_keys(sigs: np.ndarray, bands: int, rows: int, kind: int) -> np.ndarray:
    """Band keys of signature rows: ``out[i, j]`` is band ``j`` of row ``i``, tagged with ``kind``."""
    sigs = np.atleast_2d(sigs)
    n = len(sigs)
    sigs = sigs[:, :bands * rows].astype(np.uint64).reshape(n, bands, rows)
    acc = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), (n, bands))
    with np.errstate(over="ignore"):
        for col in range(rows):
            acc = acc * _M64 + sigs[:, :, col]
    return _tag(_fmix64(acc), kind)


def _rolled(word_hashes: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of every run of ``n`` consecutive values."""
    m = len(word_hashes) - n + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint64)
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            acc = acc * _M64 + word_hashes[j:j + m]
    return _fmix64(acc)


def gram_keys(words: Sequence[str], params: IndexParameters) -> np.ndarray:
    """Sampled word-gram keys and figure-run keys of a word sequence (folded words)."""
    wh = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    grams = _rolled(wh, params.gram_words)
    grams = grams[(grams % np.uint64(params.gram_sample)) == 0] >> np.uint64(16)
    figures = [w.replace(",", "") for w in words if w[0].isdigit()]
    fh = np.fromiter((zlib.crc32(f.encode("utf-8")) for f in figures), dtype=np.uint64, count=len(figures))
    runs = _rolled(fh, params.number_run) if len(figures) >= params.number_run else fh[:0]
    return np.concatenate([_tag(grams, GRAM), _tag(runs, NUMBERS)])


def _stem_hash(word: str) -> int:
    """crc32 of the stem a folded word contributes (as ``PreparedDocument.sentence_hashes``), or < 0."""
    got = _terms.get(word)
    if got is None:
        t = term(word)
        got = -1 if t is None else -2 if t[0].isdigit() else zlib.crc32(t.encode("utf-8"))
        if len(_terms) >= _TERM_CACHE:
            _terms.clear()
        _terms[word] = got
    return got


def _stem_set(words: Sequence[str]) -> np.ndarray:
    get = _terms.get
    hashes = {h if h is not None else _stem_hash(w) for w, h in zip(words, map(get, words))}
    return np.array(sorted(h for h in hashes if h >= 0), dtype=np.uint32)


@dataclass(frozen=True)
class Reading:
    """What indexing reads of one document: its signature, sentence stem sets and words."""

    signature: np.ndarray
    shingles: int
    sentences: list[np.ndarray]
    words: list[str]
    date: str | None = None


def read_document(doc: Document, options: Options, params: IndexParameters) -> Reading:
    """The light reading of a document: the segments, stems and shingles :func:`prepare` would find."""
    words: list[str] = []
    sentences: list[np.ndarray] = []
    for seg in segment(doc, options.keep_boilerplate):
        w = folded_words(seg.text)
        words.extend(w)
        s = _stem_set(w)
        if len(s) >= params.min_sentence_stems:
            sentences.append(s)
    hashes = hash_shingles(words, options.shingle_size)
    return Reading(signature_values(hashes, options.num_perm, options.seed), len(hashes), sentences, words,
                   doc.layout.date)


def index_keys(readings: Sequence[Reading], options: Options, params: IndexParameters) -> list[np.ndarray]:
    """Distinct keys of each document read by :func:`read_document` (sentence signatures in bulk)."""
    sets = [s for r in readings for s in r.sentences]
    sigs = signatures(sets, params.sentence_perm, options.seed)
    skeys = band_keys(sigs, params.sentence_bands, params.sentence_rows, SENTENCE)
    dkeys = band_keys(np.stack([r.signature for r in readings]), params.doc_bands, params.doc_rows, DOC) \
        if readings else np.empty((0, params.doc_bands), dtype=np.uint64)
    out, pos = [], 0
    for r, d in zip(readings, dkeys):
        n = len(r.sentences)
        parts = [skeys[pos:pos + n].ravel(), gram_keys(r.words, params)]
        pos += n
        if r.shingles:
            parts.append(d)
        out.append(np.unique(np.concatenate(parts)))
    return out


def index_document(doc: Document, options: Options, params: IndexParameters) -> np.ndarray:
    """Distinct keys of one document, as the archive stores them."""
    return index_keys([read_document(doc, options, params)], options, params)[0]


def query_keys(prepared: PreparedDocument, params: IndexParameters) -> QueryKeys:
    """A prepared draft's keys, each with the segment it comes from (-1: the whole text).

    The keys equal :func:`index_document`'s for the same text and options.
    """
    units: list[int] = []
    sets: list[np.ndarray] = []
    words: list[str] = []
    for seg in prepared.segments:
        w = folded_words(seg.text)
        words.extend(w)
        s = _stem_set(w)
        if len(s) >= params.min_sentence_stems:
            sets.append(s)
            units.append(seg.index)
    seed = prepared.scheme.signature.seed
    skeys = band_keys(signatures(sets, params.sentence_perm, seed), params.sentence_bands,
                      params.sentence_rows, SENTENCE) if sets else np.empty((0, params.sentence_bands), np.uint64)
    gkeys = gram_keys(words, params)
    dkeys = (band_keys(prepared.signature, params.doc_bands, params.doc_rows, DOC).ravel()
             if prepared.shingles else np.empty(0, dtype=np.uint64))
    keys = np.concatenate([dkeys, skeys.ravel(), gkeys])
    kinds = (keys >> np.uint64(_HASH_BITS)).astype(np.uint8)
    unit = np.concatenate([
        np.full(len(dkeys), -1, dtype=np.int64),
        np.repeat(np.array(units, dtype=np.int64), params.sentence_bands),
        np.full(len(gkeys), -1, dtype=np.int64),  # grams count for the whole text
    ])
    return QueryKeys(keys, kinds, unit)
