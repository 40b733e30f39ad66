"""Candidate pairs: bulk signatures equal datasketch's, copies and reworded sentences are found, strangers are not."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage import Document
from lineage.candidates import find_candidates, signatures
from lineage.fingerprints import signature_values
from lineage.options import DEFAULT_OPTIONS

hash_sets = st.lists(st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=200), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(hash_sets, st.sampled_from([16, 64, 128]), st.integers(min_value=0, max_value=1000))
def test_bulk_signatures_equal_one_at_a_time(sets: list[list[int]], num_perm: int, seed: int) -> None:
    arrays = [np.unique(np.array(s, dtype=np.uint32)) for s in sets]
    bulk = signatures(arrays, num_perm, seed)
    for row, arr in zip(bulk, arrays):
        assert np.array_equal(row, signature_values(arr, num_perm, seed))


def test_copies_and_reworded_sentences_are_candidates_and_strangers_are_not() -> None:
    story = ("The harbour authority approved a new ferry terminal on the eastern quay after a long debate. "
             "Construction will start in spring and the terminal should open to passengers within two years. "
             "Local fishermen asked for their moorings to be moved closer to the fish market.")
    copy = story.replace("long debate", "lengthy debate")
    reworded = ("Fishermen in the town asked that their moorings be moved closer to the fish market. "
                "Tickets for the summer concerts at the castle go on sale on Friday morning.")
    stranger = ("A violinist from Riga won the international competition held in the concert hall this weekend, "
                "ahead of two pianists from Seoul and a cellist from Lyon.")
    docs = [Document.from_text(t, id=str(i)) for i, t in enumerate((story, copy, reworded, stranger))]
    found = {(c.a, c.b): c for c in find_candidates(docs, DEFAULT_OPTIONS)}
    assert (0, 1) in found and found[(0, 1)].document_hit
    assert (0, 2) in found and found[(0, 2)].sentence_hits >= 1
    assert not any(3 in pair for pair in found)
