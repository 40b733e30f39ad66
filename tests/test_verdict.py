"""Verdict: a shared form filled with other facts is no copy; a copy that changes a figure still is."""

from __future__ import annotations

from lineage import compare

ACME = (
    "Acme Corp said its board declared a quarterly dividend of 12 cts per share, payable April 30 to holders "
    "of record April 16. The company said first quarter net income rose to 4.2 mln dlrs from 3.1 mln dlrs a year "
    "earlier. Revenues for the quarter were 51.7 mln dlrs compared with 44.9 mln dlrs in 1986."
)
ZENITH = (
    "Zenith Holdings said its board declared a quarterly dividend of 45 cts per share, payable June 2 to holders "
    "of record May 19. The company said first quarter net income rose to 17.8 mln dlrs from 15.5 mln dlrs a year "
    "earlier. Revenues for the quarter were 230.6 mln dlrs compared with 208.3 mln dlrs in 1985."
)
ACME_EDITED = ACME.replace("4.2 mln", "4.7 mln")


def test_the_same_form_with_other_figures_is_related_not_copied() -> None:
    r = compare(ACME, ZENITH)
    assert r.pairs, "the sentences do align: the form is the same"
    assert r.verdict == "related"


def test_a_copy_that_changes_one_figure_is_still_reuse_and_the_change_is_found() -> None:
    r = compare(ACME, ACME_EDITED)
    assert r.verdict in ("near-duplicate", "identical", "paraphrase", "partial reuse")
    assert any(f.kind == "number-changed" and "4.7" in (f.src_excerpt + f.dst_excerpt) for f in r.findings)


BOND_A = (
    "Scotia Mortgage Corp is issuing a 100 mln Canadian dlr eurobond due April 9, 1992 paying 8-3/4 pct and "
    "priced at 100-3/4 pct, lead manager Wood Gundy Inc said."
)
BOND_B = (
    "Oesterreichische Kontrollbank AG is issuing a 75 mln Canadian dlr eurobond due March 20, 1997 paying 9-1/8 pct "
    "and priced at 101-7/8 pct, lead manager Morgan Guaranty Ltd said."
)


def test_a_one_sentence_notice_filled_with_other_figures_is_related() -> None:
    r = compare(BOND_A, BOND_B)
    assert r.pairs and r.verdict == "related"
    edited = compare(BOND_A, BOND_A.replace("8-3/4", "8-7/8"))
    assert edited.verdict == "near-duplicate"
