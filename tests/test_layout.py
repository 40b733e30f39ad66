"""Page layout: chrome, captions and comments are set aside; title and header metadata found."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lineage import Document
from lineage.layout import CAPTION, COMMENTS, HEADLINE_REPEAT, analyse
from lineage.prepare import segment


def _body_text(path: Path) -> str:
    d = Document.from_path(path)
    return "\n".join(s.text for s in segment(d))


def test_comments_poll_and_chrome_are_not_content(samples: dict[str, Path]) -> None:
    body = _body_text(samples["001"])
    for chrome in ("Leave a Reply", "Follow me on twitter", "Have Your Say", "favorite holiday destination",
                   "Your mother is a great woman", "View Results", "Sugar: Thanks"):
        assert chrome not in body
    assert "Jack Ma said during the closing ceremony" in body
    for path in samples.values():
        text = _body_text(path)
        for chrome in ("Hot Topics", "Editor's Picks", "Print E-mail Bookmark and Share", "Related News",
                       "Add your comments", "Most Popular", "Mobile version", "[Photo"):
            assert chrome not in text, (path.name, chrome)


def test_headline_repeated_as_first_line_counts_once(samples: dict[str, Path]) -> None:
    for prefix in ("000", "001", "002"):
        d = Document.from_path(samples[prefix])
        segs = segment(d)
        title = d.layout.title
        assert title and sum(title in s.text for s in segs) == 1, prefix
        assert any(r.kind == HEADLINE_REPEAT for r in d.layout.regions)
    # 001 glues its headline to the first sentence: "...GovernanceDuring the three day".
    first_body = segment(Document.from_path(samples["001"]))[1]
    assert first_body.text.startswith("During the three day World Internet Conference")


def test_dates_and_byline_become_metadata(samples: dict[str, Path]) -> None:
    d2 = Document.from_path(samples["002"])
    assert d2.layout.date == "2015-12-19T09:13"
    assert d2.layout.metadata["byline"] == "Shi Jing and Ma Si"
    assert Document.from_path(samples["003"]).effective_date == "2018-11-11"
    assert Document.from_path(samples["000"]).effective_date == "2015-12-18T14:21"
    assert Document.from_path(samples["001"]).effective_date is None
    # The metadata line itself is not compared.
    assert "Updated: 2015-12-19" not in _body_text(samples["002"])


def test_caller_date_wins_over_printed_date(samples: dict[str, Path]) -> None:
    d = Document.from_text(samples["002"].read_text(encoding="utf-8"), id="x", date="2015-12-01")
    assert d.effective_date == "2015-12-01"


def test_captions_and_numbered_comments_are_classified() -> None:
    text = (
        "Big news today\n\nA man walks past a building in Paris. [Photo/Agency]\n\n"
        "The first body sentence is here. The second one follows.\n\nLeave a Reply\n\n"
        "1. Ann: great post!\n"
    )
    kinds = [r.kind for r in analyse(text).regions]
    assert kinds == ["title", CAPTION, "body", COMMENTS, COMMENTS]


def test_a_fixed_format_line_recurs_whatever_its_figures() -> None:
    from lineage.corpus import recurring_lines
    from lineage.layout import CHROME, line_key

    assert line_key("Qtly div three cts vs three cts prior") == line_key("Qtly div 15 cts vs 12 cts prior")
    assert line_key("Pay April 30 Record April 16") == line_key("Pay June 2 Record May 19")
    assert line_key("Net profit rose sharply") != line_key("Net loss widened sharply")
    stories = [
        Document.from_text(f"Company {name} said its board met on Monday.\nQtly div {a} cts vs {b} cts prior\n"
                           f"The company also named {name} Jr as chief executive.", id=name)
        for name, a, b in (("Acme", "three", "three"), ("Zenith", "15", "12"), ("Orbit", "40", "40"))
    ]
    recurring = recurring_lines(stories)
    assert line_key("Qtly div 7 cts vs 7 cts prior") in recurring
    layout = analyse(stories[1].text, recurring)
    dividend = stories[1].text.index("Qtly")
    assert any(r.kind == CHROME and r.start <= dividend < r.end for r in layout.regions)


_PROSE = ("The minister said the plan would cut emissions by a third over the next decade, "
          "according to figures released on Monday by the national statistics agency.")


def test_a_tail_marker_in_the_middle_of_prose_does_not_end_the_article() -> None:
    from lineage.layout import BODY, CHROME

    text = (
        "Big news today\n\nThe first body sentence is here and it goes on. The second one follows.\n\n"
        f"Related posts\n\n{_PROSE}\n\n{_PROSE.replace('minister', 'official')}\n\n"
        "Comments\n\n1. Ann: great post!\n"
    )
    regions = [(r.kind, text[r.start:r.end]) for r in analyse(text).regions]
    assert (CHROME, "Related posts") in regions
    assert [k for k, line in regions if "cut emissions" in line] == [BODY, BODY]
    assert regions[-2:] == [(COMMENTS, "Comments"), (COMMENTS, "1. Ann: great post!")]


def test_a_tail_marker_before_comments_or_links_still_ends_the_article() -> None:
    comments = (
        "Big news today\n\nThe first body sentence is here. The second one follows.\n\n"
        f"Comments\n\nAnn says:\n\n{_PROSE}\n\nReply\n\n{_PROSE}\n"
    )
    assert [r.kind for r in analyse(comments).regions][2:] == [COMMENTS] * 5
    links = (
        "Big news today\n\nThe first body sentence is here. The second one follows.\n\n"
        "Most popular\n\nOil prices fall\n\nMarkets rally on rate hopes\n\nA short note.\n"
    )
    assert [r.kind for r in analyse(links).regions][2:] == [COMMENTS] * 4


_LINE_WORDS = st.sampled_from(["Qtly", "div", "7", "cts", "vs", "prior", "Straße", "İstanbul", "ﬁnal", "e\u0301té",
                               "ΟΔΥΣΣΕΥΣ", "Net", "mln", "三", "x_y"])


@given(st.lists(_LINE_WORDS, min_size=1, max_size=8), st.sampled_from([" ", " - ", ", "]))
def test_a_line_whose_key_is_recurring_is_chrome_whatever_its_letters(words: list[str], sep: str) -> None:
    # analyse() skips the key of a line whose word count no recurring key has: that must never skip a recurring one.
    from lineage.layout import CHROME, line_key

    line = sep.join(words)
    text = f"The first body sentence is here, and it is long enough.\n{line}\nAnother body sentence follows it."
    layout = analyse(text, frozenset({line_key(line), "some other recurring line"}))
    start = text.index(line)
    assert [r.kind for r in layout.regions if r.start == start] == [CHROME]
