"""Sentence segmentation keeps offsets and survives glued sentences, quotations and abbreviations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lineage.text.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_no_space_after_full_stop_or_closing_quote() -> None:
    text = 'Lu Wei called for "a world shared and governed by all".He also called for more.'
    assert _texts(text) == ['Lu Wei called for "a world shared and governed by all".', "He also called for more."]


def test_headline_glued_to_first_sentence() -> None:
    text = "Calls for Internet GovernanceDuring the three day conference, delegates met."
    assert _texts(text) == ["Calls for Internet Governance", "During the three day conference, delegates met."]


def test_paragraphs_joined_by_a_semicolon_after_the_full_stop_still_split() -> None:
    text = 'Stores sold out of glasses.; Local planetariums were deluged. "It is safe.";  Viewers queued; some left.'
    assert _texts(text) == [
        "Stores sold out of glasses.;",
        "Local planetariums were deluged.",
        '"It is safe.";',
        # A semicolon inside a sentence joins clauses, not paragraphs.
        "Viewers queued; some left.",
    ]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    text = "Mr. Smith met J. K. Rowling in the U.S. on Nov. 7 at 3.30 p.m. with 3.2 billion fans. Then he left."
    assert _texts(text) == [
        "Mr. Smith met J. K. Rowling in the U.S. on Nov. 7 at 3.30 p.m. with 3.2 billion fans.",
        "Then he left.",
    ]


def test_quotation_spanning_sentences_stays_with_its_attribution() -> None:
    text = '"Those who stayed away erred. They do not know the facts," he said. "I find him open."'
    assert _texts(text) == [
        '"Those who stayed away erred. They do not know the facts," he said.',
        '"I find him open."',
    ]


@given(st.lists(st.sampled_from(["Alpha beta.", "Gamma delta!", "Is it so?", "The U.S. grew 3.2 percent.",
                                  '"Quoted words," she said.', "Mr. Lee left."]), min_size=1, max_size=8),
       st.sampled_from([" ", "  ", "\n", " \t"]))
def test_offsets_always_slice_the_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    spans = split_sentences(text)
    assert spans and all(text[s:e].strip() == text[s:e] and e > s for s, e in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    # Nothing but whitespace falls between sentences.
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == "".join(text.split())


_OPENERS = ("During|The|A|An|In|On|At|As|After|Before|When|While|With|According|For|From|This|That|These|Those|"
            "It|He|She|They|We|I|Its|Their|His|Her|Since|Despite|Although|However|But|And|Amid|Over|Under|More|"
            "Most|Some|Many|Last|Next|Officials|Organized|Organised").split("|")


def _glued_headline_cuts(text: str) -> list[int]:
    """Slow obvious reference: three small letters, then an opening word that ends there."""
    cuts = []
    for i in range(3, len(text)):
        if not all("a" <= c <= "z" for c in text[i - 3:i]):
            continue
        for w in _OPENERS:
            after = text[i + len(w):i + len(w) + 1]
            if text.startswith(w, i) and not (after.isalnum() or after == "_"):
                cuts.append(i)
                break
    return cuts


@given(st.lists(st.sampled_from(["Governance", "During", "the", "It", "Its", "Items", "abcThe", "Amidst", "I",
                                  "ran", "ﬁne", "Éta", " ", ".", "xyzA", "_"]), max_size=12))
def test_glued_headline_cuts_match_the_obvious_reading(parts: list[str]) -> None:
    from lineage.text.sentences import _GLUED_HEADLINE

    text = "".join(parts)
    assert [m.start() for m in _GLUED_HEADLINE.finditer(text)] == _glued_headline_cuts(text)
