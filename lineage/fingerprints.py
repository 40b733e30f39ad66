"""MinHash fingerprints of word shingles, computed with numpy and stored as datasketch MinHash.

Tokenising is the only per-word Python work: each distinct word is hashed once
(CRC-32), shingle hashes are rolled from word hashes with vectorised 64-bit
arithmetic, and the permutations are applied as one matrix operation.  The
permutations, scheme and result are datasketch's own (scheme ``affine32``,
the 2.x default), so a signature equals ``MinHash(hashfunc=int)`` fed the same
shingle hashes, and can go into a ``MinHashLSH`` index.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import numpy as np
from datasketch import MinHash

#: Name of the shingle hashing scheme; bump when shingle hashes change.
SHINGLE_HASH = "lineage-shingle-v1"
#: datasketch permutation scheme used for every signature.
SCHEME = "affine32"

_WORD = re.compile(r"\w+")
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_CHUNK = 4096  # shingles per permutation block: bounds memory to ~2 MB per 128 perms


@dataclass(frozen=True)
class SignatureScheme:
    """Everything needed to reproduce a signature."""

    shingle_size: int
    num_perm: int
    seed: int
    scheme: str = SCHEME
    shingle_hash: str = SHINGLE_HASH

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description, including the datasketch version."""
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


def tokens(text: str) -> list[str]:
    """Casefolded word tokens: the unit of shingles."""
    return _WORD.findall(text.casefold())


def _word_hashes(words: list[str]) -> np.ndarray:
    table: dict[str, int] = {}
    out = np.empty(len(words), dtype=np.uint64)
    for i, w in enumerate(words):
        h = table.get(w)
        if h is None:
            h = table[w] = zlib.crc32(w.encode("utf-8"))
        out[i] = h
    return out


def _fmix64(h: np.ndarray) -> np.ndarray:
    s, m1, m2 = _FMIX
    h = h ^ (h >> s)
    h = h * m1
    h = h ^ (h >> s)
    h = h * m2
    return h ^ (h >> s)


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``k``-shingles of ``text`` (sorted, uint32).

    A text shorter than ``k`` words gives one shingle of all its words, so
    short texts still have a signature.
    """
    words = tokens(text)
    if not words:
        return np.empty(0, dtype=np.uint32)
    wh = _word_hashes(words)
    k = min(k, len(wh))
    n = len(wh) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _MULT + wh[j : j + n]
        mixed = _fmix64(acc)
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


@lru_cache(maxsize=16)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature_values(hashes: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash values (uint32, length ``num_perm``) of a set of 32-bit hashes.

    Bit-for-bit the values datasketch's ``MinHash(num_perm, seed, hashfunc=int)``
    reaches after ``update_batch(hashes)`` in its default ``affine32`` scheme.
    """
    a, b = _permutations(num_perm, seed)
    out = np.full(num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    if len(hashes) == 0:
        return out
    with np.errstate(over="ignore"):
        hv = _fmix32(np.asarray(hashes, dtype=np.uint32))
        for i in range(0, len(hv), _CHUNK):
            block = a[:, None] * hv[None, i : i + _CHUNK] + b[:, None]
            np.minimum(out, block.min(axis=1), out=out)
    return out


def minhash(hashes: np.ndarray, num_perm: int = 128, seed: int = 1) -> MinHash:
    """A datasketch MinHash holding the signature of ``hashes``."""
    values = signature_values(hashes, num_perm, seed)
    return MinHash(num_perm=num_perm, seed=seed, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True)
class Fingerprint:
    """Shingle set size and MinHash signature of one text."""

    shingles: int
    minhash: MinHash


def fingerprint(text: str, scheme: SignatureScheme) -> Fingerprint:
    """Fingerprint ``text`` with the given scheme."""
    hashes = shingle_hashes(text, scheme.shingle_size)
    return Fingerprint(len(hashes), minhash(hashes, scheme.num_perm, scheme.seed))


@dataclass(frozen=True)
class Similarity:
    """Estimated Jaccard similarity and containment of each text in the other (0-1)."""

    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float


def similarity(a: Fingerprint, b: Fingerprint) -> Similarity:
    """Jaccard estimate from the signatures; containment from it and the exact set sizes.

    With J = |A∩B| / |A∪B|, the intersection is J(|A|+|B|)/(1+J), so
    containment of A in B is that intersection over |A|.
    """
    if a.shingles == 0 or b.shingles == 0:
        return Similarity(0.0, 0.0, 0.0)
    j = float(a.minhash.jaccard(b.minhash))
    inter = j * (a.shingles + b.shingles) / (1.0 + j)
    return Similarity(
        round(j, 4),
        round(min(1.0, inter / a.shingles), 4),
        round(min(1.0, inter / b.shingles), 4),
    )
