"""Verdict: a shared form filled with other facts is no copy; a copy that changes a figure still is."""

from __future__ import annotations

from pathlib import Path

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


def test_identical_texts_differing_in_a_caption_say_so_and_keeping_boilerplate_compares_it(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from lineage import Options
    from lineage.cli import main
    from lineage.render.compare_markdown import compare_markdown_from_result
    from lineage.render.compare_page import compare_page_from_result

    path = next((Path(__file__).resolve().parent.parent / "samples").glob("002_*"))
    src = path.read_text(encoding="utf-8")
    assert src.count("Second World Internet Conference") == 1  # only in the photo caption
    copy = src.replace("Second World Internet Conference", "Third World Internet Conference")
    r = compare(src, copy)
    assert r.verdict == "identical" and r.set_aside_differs == ("caption",)
    assert r.to_dict()["set_aside_differs"] == ["caption"]
    assert compare(src, src).set_aside_differs == ()
    kept = compare(src, copy, Options(keep_boilerplate=True))
    assert kept.verdict == "near-duplicate" and kept.set_aside_differs == ()
    assert ("number-changed", "Second", "Third") in [(f.kind, f.src_excerpt, f.dst_excerpt) for f in kept.findings]
    assert "differ in what was set aside as page furniture (caption)" in compare_page_from_result(r)
    assert "(caption)" in compare_markdown_from_result(r)
    copy_path = tmp_path / "copy.txt"
    copy_path.write_text(copy, encoding="utf-8")
    res = CliRunner().invoke(main, ["compare", str(copy_path), str(path)])
    assert res.exit_code == 0 and "note: the texts also differ in what was set aside" in res.output
    res = CliRunner().invoke(main, ["compare", "--json", str(copy_path), str(path)])
    assert json.loads(res.output)["set_aside_differs"] == ["caption"]
