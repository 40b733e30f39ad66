"""MinHash fingerprints of word shingles, computed with numpy, bit-for-bit those of datasketch.

Tokenising is the only per-word Python work: words are hashed (CRC-32) through
``map`` into one array, shingle hashes are rolled from word hashes with
vectorised 64-bit arithmetic, and the permutations are applied with numpy.
The permutations and the scheme are datasketch's own (``affine32``, its 2.x
default, drawn from ``numpy.random.RandomState(seed)`` as datasketch draws
them), so a signature equals ``datasketch.MinHash(hashfunc=int)`` fed the
same shingle hashes (a tested property) and can go into a ``MinHashLSH``
index; datasketch itself is only imported where that is wanted.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .text.words import folded_words

if TYPE_CHECKING:
    from datasketch import MinHash

#: Name of the shingle hashing scheme; bump when shingle hashes change.
SHINGLE_HASH = "lineage-shingle-v2"
#: datasketch permutation scheme used for every signature.
SCHEME = "affine32"

_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_CHUNK = 4096  # shingles per permutation block in one signature: bounds memory to ~2 MB


@dataclass(frozen=True)
class SignatureScheme:
    """Everything needed to reproduce a signature."""

    shingle_size: int
    num_perm: int
    seed: int
    scheme: str = SCHEME
    shingle_hash: str = SHINGLE_HASH

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description, including the datasketch version whose scheme it follows."""
        from importlib.metadata import version  # only when written out: slow to import

        return {
            "library": "datasketch",
            "library_version": version("datasketch"),
            "scheme": self.scheme,
            "num_perm": self.num_perm,
            "seed": self.seed,
            "shingle": "words",
            "shingle_size": self.shingle_size,
            "shingle_hash": self.shingle_hash,
        }


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, applied to ``h`` in place (and returned)."""
    s, m1, m2 = _FMIX
    h ^= h >> s
    h *= m1
    h ^= h >> s
    h *= m2
    h ^= h >> s
    return h


def hash_shingles(words: Sequence[str], k: int) -> np.ndarray:
    """Distinct 32-bit hashes (sorted, uint32) of the ``k``-shingles of a word sequence.

    Fewer than ``k`` words give one shingle of all of them, so short texts
    still have a signature.
    """
    if not words:
        return np.empty(0, dtype=np.uint32)
    # map() keeps the per-word work (UTF-8, CRC-32) in C, straight into the array.
    wh = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    k = min(k, len(wh))
    n = len(wh) - k + 1
    acc = wh[:n].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):
            acc *= _MULT
            acc += wh[j : j + n]
        _fmix64(acc)
    out = (acc >> np.uint64(32)).astype(np.uint32)
    # Sorted and deduplicated as np.unique would, without its overhead on small arrays.
    out.sort()
    keep = np.empty(n, dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``k``-shingles of ``text`` (sorted, uint32)."""
    return hash_shingles(folded_words(text), k)


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``affine32`` permutation parameters datasketch draws for ``(num_perm, seed)``.

    ``a`` is odd (a bijection modulo 2**32) and ``b`` uniform, both drawn from
    ``numpy.random.RandomState(seed)`` in datasketch's order.
    """
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    out: np.ndarray = h ^ (h >> np.uint32(16))
    return out


def signature_values(hashes: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash values (uint32, length ``num_perm``) of a set of 32-bit hashes.

    Bit-for-bit the values datasketch's ``MinHash(num_perm, seed, hashfunc=int)``
    reaches after ``update_batch(hashes)`` in its default ``affine32`` scheme.
    """
    a, b = permutations(num_perm, seed)
    out = np.full(num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    if len(hashes) == 0:
        return out
    with np.errstate(over="ignore"):
        hv = _fmix32(np.asarray(hashes, dtype=np.uint32))
        for i in range(0, len(hv), _CHUNK):
            block = a[:, None] * hv[None, i : i + _CHUNK] + b[:, None]
            np.minimum(out, block.min(axis=1), out=out)
    return out


def signatures(sets: Sequence[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """MinHash values of many hash sets at once: row ``i`` equals ``signature_values(sets[i], ...)``.

    One permutation at a time over every hash of every set, reduced per set
    with ``numpy.minimum.reduceat`` into a preallocated buffer: memory stays
    linear in the number of hashes, whatever ``num_perm``.
    """
    out = np.full((len(sets), num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    rows = np.flatnonzero(sizes)
    if len(rows) == 0:
        return out
    a, b = permutations(num_perm, seed)
    hv = _fmix32(np.concatenate([np.asarray(sets[int(i)], dtype=np.uint32) for i in rows]))
    starts = np.concatenate([[0], np.cumsum(sizes[rows])[:-1]])
    buf = np.empty_like(hv)
    with np.errstate(over="ignore"):
        for p in range(num_perm):
            np.multiply(hv, a[p], out=buf)
            np.add(buf, b[p], out=buf)
            out[rows, p] = np.minimum.reduceat(buf, starts)
    return out


def to_datasketch(values: np.ndarray, seed: int = 1) -> "MinHash":
    """A ``datasketch.MinHash`` holding these signature values (for its LSH indexes)."""
    from datasketch import MinHash

    return MinHash(num_perm=len(values), seed=seed, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True)
class Similarity:
    """Estimated Jaccard similarity and containment of each text in the other (0-1)."""

    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.count_nonzero(a == b)) / len(a) if len(a) else 0.0


def similarity(sig_a: np.ndarray, size_a: int, sig_b: np.ndarray, size_b: int) -> Similarity:
    """Jaccard estimate from the signatures; containment from it and the exact set sizes.

    With J = |A∩B| / |A∪B|, the intersection is J(|A|+|B|)/(1+J), so
    containment of A in B is that intersection over |A|.
    """
    if size_a == 0 or size_b == 0:
        return Similarity(0.0, 0.0, 0.0)
    j = jaccard(sig_a, sig_b)
    inter = j * (size_a + size_b) / (1.0 + j)
    return Similarity(
        round(j, 4),
        round(min(1.0, inter / size_a), 4),
        round(min(1.0, inter / size_b), 4),
    )
