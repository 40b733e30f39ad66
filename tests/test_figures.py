"""Distinctive figures: the digits a copy carries over and two reports of one event seldom share."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.figures import distinctive_figures, shared_figures
from lineage.prepare import prepare


def test_years_seasons_round_numbers_and_short_numbers_are_not_distinctive() -> None:
    p = prepare("In 2019 about 1,000 people and 48 dogs came; 100 left in the 1986/87 season and in 1985-1986. "
                "Call 651-582-8791 or pay $42.50 for pages 82-100 of 4,250.")
    assert distinctive_figures(p) == {"651-582-8791", "42.50", "82-100", "4,250"}


def test_shared_figures_count_each_value_once_and_both_ways() -> None:
    a = prepare("The fund paid 4,250 dollars. Later it paid 4,250 dollars again, and 315 more, then 7,125.")
    b = prepare("Records show 4,250 dollars paid and a fee of 316, in 2021.")
    c = prepare("Records show 4,250 dollars paid and a fee of 315, in 2021.")
    assert shared_figures(a, b) == shared_figures(b, a) == 1
    assert shared_figures(a, c) == shared_figures(c, a) == 2


digits = st.integers(min_value=0, max_value=99999).map(str)
figure_text = st.lists(st.one_of(digits, st.sampled_from(["the", "fee", "was", "and", "2020", "1,000"])),
                       min_size=1, max_size=30).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=100, deadline=None)
@given(figure_text, figure_text)
def test_shared_figures_match_a_plain_reading(a: str, b: str) -> None:
    def plain(t: str) -> set[str]:
        out = set()
        for tok in re.findall(r"[\w,.]+", t):
            tok = tok.rstrip(".")
            round_ = re.fullmatch(r"[1-9][0,]*0", tok) is not None
            year = re.fullmatch(r"(1[6-9]|20)\d\d", tok) is not None
            if tok.replace(",", "").isdigit() and sum(c.isdigit() for c in tok) >= 3 and not round_ and not year:
                out.add(tok)
        return out

    assert shared_figures(prepare(a), prepare(b)) == len(plain(a) & plain(b))
