"""Direction: which text is the source, and never a confident answer from nothing."""

from __future__ import annotations

from lineage import Document, compare

QUOTING = (
    'Mayor Anna Berg said on Monday: "The new bridge will open in March and will cost 40 million euros." '
    'Transport minister Karl Olsen added: "We will not raise tolls on the old crossing before 2027." '
    'The council voted 31 to 12 in favour of the plan after a long debate in the town hall. '
    'Berg said: "Cyclists and pedestrians will get their own lane on the north side."'
)
REPORTING = (
    'The mayor said on Monday that the new bridge would open in March and would cost 40 million euros. '
    'The minister added that tolls on the old crossing would not be raised before 2027. '
    'The council voted 31 to 12 in favour of the plan after a long debate in the town hall. '
    'She said cyclists and pedestrians would get their own lane on the north side.'
)


def test_quotes_and_names_lost_point_to_the_quoting_text_as_source() -> None:
    r = compare(REPORTING, QUOTING)
    assert r.verdict in ("paraphrase", "near-duplicate")
    assert r.direction.source == "b"
    assert any("quotes speakers" in e.reason for e in r.direction.evidence)


def test_direction_is_symmetric_under_swapping() -> None:
    assert compare(QUOTING, REPORTING).direction.source == "a"


def test_identical_undated_texts_have_no_direction() -> None:
    r = compare(QUOTING, QUOTING)
    assert r.verdict == "identical"
    assert r.direction.source is None


def test_dates_decide_when_both_are_known() -> None:
    a = Document.from_text(REPORTING, id="a", date="2024-05-02")
    b = Document.from_text(QUOTING, id="b", date="2024-05-03")
    r = compare(a, b)
    # The dates outweigh the textual evidence pointing the other way.
    assert r.direction.source == "a" and r.direction.basis == "dates"
