"""Candidate pairs: copies and reworded sentences are found, strangers are not."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage import Document
from lineage.candidates import _bands, band_keys, buckets, find_candidates
from lineage.prepare import prepare


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
    found = {(c.a, c.b): c for c in find_candidates([prepare(d) for d in docs])}
    assert (0, 1) in found and found[(0, 1)].document_hit
    assert (0, 2) in found and found[(0, 2)].sentence_hits >= 1
    assert not any(3 in pair for pair in found)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2), min_size=16, max_size=16), min_size=0, max_size=40),
       st.sampled_from([0.3, 0.5, 0.8]))
def test_buckets_are_the_rows_sharing_a_band_as_a_slow_reading_finds_them(rows: list[list[int]],
                                                                          threshold: float) -> None:
    """Every group of two or more rows equal on all values of one band, once per band, and nothing else."""
    sigs = np.array(rows, dtype=np.uint32).reshape(len(rows), 16)
    b, r = _bands(threshold, 16)
    want = []
    for band in range(b):
        groups: dict[tuple[int, ...], list[int]] = {}
        for i, row in enumerate(rows):
            groups.setdefault(tuple(row[band * r:(band + 1) * r]), []).append(i)
        want += [tuple(g) for g in groups.values() if len(g) > 1]
    got = [tuple(sorted(int(x) for x in g)) for m in buckets(sigs, threshold) for g in m]
    assert sorted(got) == sorted(want)
    assert band_keys(sigs, threshold).shape == (len(rows), b)
