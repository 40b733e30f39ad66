"""MinHash fingerprints: bit-for-bit datasketch signatures, and sensible similarity estimates."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lineage.fingerprints import (
    permutations,
    shingle_hashes,
    signature_values,
    signatures,
    similarity,
)
from lineage.text.words import folded_words

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
    toks = folded_words(text)
    kk = min(k, len(toks))
    expected_count = len({tuple(toks[i:i + kk]) for i in range(len(toks) - kk + 1)})
    got = shingle_hashes(text, k)
    # Distinct shingles hash to distinct values (no collisions expected at this size).
    assert len(got) == expected_count
    assert np.array_equal(got, np.unique(got))


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([16, 64, 128, 256]), st.integers(min_value=0, max_value=2**32 - 1))
def test_permutations_are_datasketchs_own(num_perm: int, seed: int) -> None:
    a, b = permutations(num_perm, seed)
    ref = MinHash(num_perm=num_perm, seed=seed).permutations
    assert np.array_equal(a, ref[0]) and np.array_equal(b, ref[1])


hash_sets = st.lists(st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=200), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(hash_sets, st.sampled_from([16, 64, 128]), st.integers(min_value=0, max_value=1000))
def test_bulk_signatures_equal_one_at_a_time(sets: list[list[int]], num_perm: int, seed: int) -> None:
    arrays = [np.unique(np.array(s, dtype=np.uint32)) for s in sets]
    bulk = signatures(arrays, num_perm, seed)
    for row, arr in zip(bulk, arrays):
        assert np.array_equal(row, signature_values(arr, num_perm, seed))


def _sig(text: str) -> tuple[np.ndarray, int]:
    h = shingle_hashes(text, 3)
    return signature_values(h, 256, 7), len(h)


def test_similarity_and_containment() -> None:
    base = " ".join(f"w{i}" for i in range(400))
    half = " ".join(f"w{i}" for i in range(200))
    same = similarity(*_sig(base), *_sig(base))
    assert same.jaccard == 1.0 and same.containment_a_in_b == 1.0
    part = similarity(*_sig(half), *_sig(base))
    # half is wholly contained in base; base is about half in half.
    assert part.containment_a_in_b > 0.85
    assert 0.35 < part.containment_b_in_a < 0.65
    other = similarity(*_sig(base), *_sig(" ".join(f"x{i}" for i in range(300))))
    assert other.jaccard < 0.05


@given(st.lists(st.sampled_from(["The", "ΟΔΥΣΣΕΥΣ", "İstanbul", "said", "ΘΕΟΣ.", "“So”", "it", "rose", "3.2%.",
                                 "Straße", "ﬁne.", "\n\n", "."]), min_size=1, max_size=40))
@example(["İstanbul", "is", "big.", "ΘΕΟΣ", "came", "home."])
@example(["ΟΔΥΣΣΕΥΣ", "sailed.", "İzmir", "waited."])
def test_prepared_shingles_are_those_of_the_compared_text(words: list[str]) -> None:
    # prepare() reads each sentence's words once and joins them for the shingles; that must equal reading
    # the joined text, even where lower-casing depends on the context (Greek final sigma, dotted capital I).
    from lineage.prepare import prepare

    p = prepare(" ".join(["Start", *words]))
    assert p.hashes is not None
    assert np.array_equal(p.hashes, shingle_hashes(p.compared_text(), p.scheme.signature.shingle_size))
