"""number-changed: amounts, percentages, dates and ordinals, with equal values written differently."""

from __future__ import annotations

import pytest

from lineage.findings import Finding, find_divergences
from lineage.options import Options
from lineage.text.numbers import extract_numbers, same_number


def compare_one(src: str, dst: str) -> tuple[Finding, ...]:
    """Number findings for two texts aligned as one passage."""
    opts = Options(findings=frozenset({"number-changed"}))
    return find_divergences(src, dst, [((0, len(src)), (0, len(dst)))], [], [], opts)


def check_excerpts(src: str, dst: str, findings: tuple[Finding, ...]) -> None:
    for f in findings:
        if f.src_span is not None:
            assert f.src_excerpt == src[f.src_span[0] : f.src_span[1]]
        if f.dst_span is not None:
            assert f.dst_excerpt == dst[f.dst_span[0] : f.dst_span[1]]


def test_changed_amount_is_reported_with_both_excerpts() -> None:
    src = "Of the 3.2 billion Internet users worldwide, most are young."
    dst = "Of the 3 billion Internet users worldwide, most are young."
    (f,) = compare_one(src, dst)
    assert f.kind == "number-changed"
    assert (f.src_excerpt, f.dst_excerpt) == ("3.2 billion", "3 billion")
    assert f.severity >= 0.7
    assert '"3.2 billion"' in f.explanation and '"3 billion"' in f.explanation
    check_excerpts(src, dst, (f,))


def test_changed_percentage_and_date() -> None:
    src = "Sales rose 5 percent on March 3, the company said."
    dst = "Sales rose 7 percent on March 4, the company said."
    found = compare_one(src, dst)
    pairs = {(f.src_excerpt, f.dst_excerpt) for f in found}
    assert pairs == {("5 percent", "7 percent"), ("March 3", "March 4")}
    check_excerpts(src, dst, found)


def test_dropped_figure_has_no_copy_span() -> None:
    src = "The plant employs 1,200 people and exports 40 percent of its output."
    dst = "The plant employs 1,200 people and exports much of its output."
    (f,) = compare_one(src, dst)
    assert f.src_excerpt == "40 percent"
    assert f.dst_span is None and f.dst_excerpt == ""
    assert "dropped" in f.explanation


def test_added_figure_has_no_source_span() -> None:
    src = "The company bought the chain from its founders."
    dst = "The company bought the chain from its founders for $693 million."
    (f,) = compare_one(src, dst)
    assert f.src_span is None and f.dst_excerpt == "$693 million"
    assert "adds" in f.explanation


def test_year_changed() -> None:
    found = compare_one("He sold the chain in 1998.", "He sold the chain in 1995.")
    assert [(f.src_excerpt, f.dst_excerpt) for f in found] == [("1998", "1995")]


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("the fifth World Internet Conference", "the 5th World Internet Conference"),
        ("a total of 1,500 guests", "a total of 1500 guests"),
        ("The three-day conference ended.", "The three day conference ended."),
        ("It opens on Dec 18 in Wuzhen.", "It opens on December 18 in Wuzhen."),
        ("It opens on Nov. 7 in Wuzhen.", "It opens on Nov 7 in Wuzhen."),
        ("The 1,500-plus experts came.", "More than 1,500 experts came."),
        ("It cost $2.5 billion.", "It cost 2.5 billion dollars."),
        ("Profit rose 11 percent.", "Profit rose 11%."),
        ("It cost $1.5bn.", "It cost $1.5 billion."),
        ("It held 19 sub-forums.", "A total of 19 sub-forums were held."),
        ("It opens on Nov. 7, 2018.", "It opens on Nov 7."),
        ("The vote was on 12/18/2015.", "The vote was on Dec. 18, 2015."),
    ],
)
def test_equal_values_written_differently_do_not_fire(src: str, dst: str) -> None:
    assert compare_one(src, dst) == ()


def test_codes_and_pronoun_one_are_not_figures() -> None:
    src = "5G networks and COVID-19 tests helped one another."
    dst = "Networks and tests helped each other."
    assert compare_one(src, dst) == ()


def test_figure_stated_elsewhere_in_copy_is_not_dropped() -> None:
    src = "First sentence. The firm has 300 staff."
    dst = "The firm has 300 staff. First sentence."
    # Only the first sentences are aligned; the figure sits in another passage of the copy.
    opts = Options(findings=frozenset({"number-changed"}))
    found = find_divergences(
        src, dst, [((src.find("The firm"), len(src)), (dst.find("First"), len(dst)))], [], [], opts
    )
    assert found == ()



def test_changed_day_is_found_though_the_year_recurs() -> None:
    """The year said again elsewhere does not account for a full date whose day changed."""
    src = "The ceremony takes place on 27 February 2005. Watch the 2005 awards on the BBC."
    dst = "The ceremony takes place on 23 February 2005. Watch the 2005 awards on the BBC."
    (f,) = compare_one(src, dst)
    assert (f.src_excerpt, f.dst_excerpt) == ("27 February 2005", "23 February 2005")
    check_excerpts(src, dst, (f,))


@pytest.mark.parametrize(
    ("src", "dst", "old", "new"),
    [
        (  # the old value is still said once in the copy, but the source said it twice
            "The plan covers 3,000 firms. The state will renationalise 3,000 firms.",
            "The plan covers 3,000 firms. The state will renationalise 3,001 firms.",
            "3,000",
            "3,001",
        ),
        (  # each value also stands elsewhere on the other side
            "Sales jumped 6% in May. Costs rose 1% as profits jumped 6%.",
            "Sales jumped 6% in May. Costs rose 1% as profits jumped 1%.",
            "6%",
            "1%",
        ),
    ],
)
def test_a_repeated_value_changed_once_is_found(src: str, dst: str, old: str, new: str) -> None:
    (f,) = compare_one(src, dst)
    assert (f.src_excerpt, f.dst_excerpt) == (old, new)
    assert f.src_span is not None and f.src_span[0] > src.index(".")  # the second mention
    check_excerpts(src, dst, (f,))

def test_extract_numbers_normalises_values() -> None:
    text = "On Dec 18, 2015 at 3 p.m., 3.2 billion users, a 19-cent rise, the 1980s, fifth, twenty-five"
    got = {n.text: n for n in extract_numbers(text)}
    assert got["Dec 18, 2015"].date == (12, frozenset({18}), 2015)
    assert got["3 p.m."].value == 15 * 60
    assert got["3.2 billion"].value == pytest.approx(3.2e9)
    assert got["fifth"].value == 5 and got["fifth"].kind == "ordinal"
    assert got["twenty-five"].value == 25
    assert got["1980s"].kind == "year"
    for n in got.values():
        assert text[n.span[0] : n.span[1]] == n.text


def test_same_number_compares_dates_with_and_without_year() -> None:
    a, b, c = (extract_numbers(t)[0] for t in ("Nov. 7, 2018", "Nov 7", "Nov 8"))
    assert same_number(a, b)
    assert not same_number(a, c)


@pytest.mark.parametrize(("src", "dst", "old", "new"), [
    ("People will have to prove their software is genuine from mid-2005.",
     "People will have to prove their software is genuine from mid-2007.", "2005", "2007"),
    ("Prices are back at pre-2008 levels, the agency said.",
     "Prices are back at pre-2009 levels, the agency said.", "2008", "2009"),
])
def test_a_year_glued_to_mid_pre_or_post_is_a_date(src: str, dst: str, old: str, new: str) -> None:
    (f,) = compare_one(src, dst)
    assert (f.kind, f.src_excerpt, f.dst_excerpt) == ("number-changed", old, new)


def test_digits_glued_to_other_words_stay_codes() -> None:
    assert [n.text for n in extract_numbers("COVID-19 cases and the Under-21 side, not a mid-25 kg load")] == []


def test_a_decimal_comma_reads_as_one_number() -> None:
    src = "Insgesamt sollen 3,2 Milliarden Euro bereitgestellt werden, sagte der Minister in Berlin."
    (f,) = compare_one(src, src.replace("3,2", "3,5"))
    assert (f.kind, f.src_excerpt, f.dst_excerpt) == ("number-changed", "3,2", "3,5")
    assert [n.value for n in extract_numbers("1,500 people, 12,345.6 tons, steps 1,2,3")] == [
        1500.0, 12345.6, 1.0, 2.0, 3.0]
