"""Candidate pairs: copies and reworded sentences are found, strangers are not."""

from __future__ import annotations

from lineage import Document
from lineage.candidates import find_candidates
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
