"""MinHash fingerprints: bit-for-bit datasketch signatures, and sensible similarity estimates."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.fingerprints import (
    SignatureScheme,
    fingerprint,
    shingle_hashes,
    signature_values,
    similarity,
    tokens,
)

words = st.lists(st.sampled_from("the cat sat on a mat while dog ran far away in rain sun".split()), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=0, max_size=300),
       st.sampled_from([16, 64, 128]), st.integers(min_value=0, max_value=1000))
def test_signature_equals_datasketch_update_loop(hashes: list[int], num_perm: int, seed: int) -> None:
    reference = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    for h in hashes:
        reference.update(h)
    ours = signature_values(np.array(hashes, dtype=np.uint32), num_perm, seed)
    assert np.array_equal(ours, reference.hashvalues)


@given(words, st.integers(min_value=1, max_value=5))
def test_shingles_match_a_plain_python_reference(ws: list[str], k: int) -> None:
    text = " ".join(ws)
    toks = tokens(text)
    kk = min(k, len(toks))
    expected_count = len({tuple(toks[i:i + kk]) for i in range(len(toks) - kk + 1)})
    got = shingle_hashes(text, k)
    # Distinct shingles hash to distinct values (no collisions expected at this size).
    assert len(got) == expected_count
    assert np.array_equal(got, np.unique(got))


def test_similarity_and_containment() -> None:
    scheme = SignatureScheme(3, 256, 7)
    base = " ".join(f"w{i}" for i in range(400))
    half = " ".join(f"w{i}" for i in range(200))
    same = similarity(fingerprint(base, scheme), fingerprint(base, scheme))
    assert same.jaccard == 1.0 and same.containment_a_in_b == 1.0
    part = similarity(fingerprint(half, scheme), fingerprint(base, scheme))
    # half is wholly contained in base; base is about half in half.
    assert part.containment_a_in_b > 0.85
    assert 0.35 < part.containment_b_in_a < 0.65
    other = similarity(fingerprint(base, scheme), fingerprint(" ".join(f"x{i}" for i in range(300)), scheme))
    assert other.jaccard < 0.05
