"""One-edit copies of a news article: each edit must read as a near-duplicate with the finding that names it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from benchmarks.one_edit import judge
from benchmarks.one_edit_facts import FACT_EXPECTED
from benchmarks.one_edit_sites import EXPECTED, Edit
from lineage import compare
from lineage.comparison import CompareResult

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"


ARTICLES: dict[str, Path] = {
    "wuzhen": TESTS.parent / "samples" / "002_chinadaily-wuzhen-panelists.txt",
    "rail": DATA / "article_rail_corridor.txt",
    "hosepipe": DATA / "article_hosepipe_ban.txt",
}

EDITS: dict[str, list[Edit]] = {
    "wuzhen": [
        Edit("figure", "3.2 billion", "3.5 billion", ("3.2",), ("3.5",)),
        Edit("year", "born after 1980", "born after 1990", ("1980",), ("1990",)),
        Edit("scale", "700 million", "700 billion", ("700 million",), ("700 billion",)),
        Edit("name", "Siaosi Sovaleni, deputy", "Siaosi Taufa, deputy", ("Sovaleni",), ("Taufa",)),
        Edit("modal", "should be made", "must be made", ("should",), ("must",)),
        Edit("negation-in-quote", "did not show up", "did show up", ("not",)),
        Edit("negation", "should not become a battlefield", "should become a battlefield", ("not",)),
        Edit("quote-word", "big data", "large data", ("big",), ("large",)),
        Edit("speaker", 'regulations," Cambardella said', 'regulations," Sovaleni said',
             ("Cambardella",), ("Sovaleni",)),
        Edit("quote-dropped",
             ' "At this conference, I find Lu Wei is quite open and willing to listen to foreigners\' ideas."',
             "", ("quite open and willing to listen",)),
        Edit("swapped-pair", "Brussels and Beijing", "Beijing and Brussels",
             ("Brussels and Beijing",), ("Beijing and Brussels",)),
        Edit("attribution-dropped", "Brussels and Beijing, he added.", "Brussels and Beijing.",
             ("he added",)),
        Edit("plain-word", "hotbed", "haven"),
        Edit("negation-no", "said there are prejudices", "said there are no prejudices",
             ("prejudices",), ("prejudices",)),
        Edit("role-rank", "Siaosi Sovaleni, deputy prime minister", "Siaosi Sovaleni, prime minister",
             ("deputy",), ("minister",)),
        Edit("name-truncated", "Jack Ma, chairman of", "Ma, chairman of", ("Jack",), ("Ma",)),
    ],
    "rail": [
        Edit("figure", "2.1 million containers", "2.4 million containers", ("2.1",), ("2.4",)),
        Edit("year", "due to open in 2031", "due to open in 2033", ("2031",), ("2033",)),
        Edit("scale", "10.5 billion euros", "10.5 million euros", ("10.5 billion",), ("10.5 million",)),
        Edit("name", "Jakub Novotný", "Jakub Dvořák", ("Novotný",), ("Dvořák",)),
        Edit("modal", "should be treated as a priority", "must be treated as a priority",
             ("should",), ("must",)),
        Edit("negation-in-quote", "It is not a gift to one country", "It is a gift to one country",
             ("not",)),
        Edit("negation", "The Commission did not publish an assessment",
             "The Commission did publish an assessment", ("not",)),
        Edit("quote-word", "run out of room on the quays", "run out of space on the quays",
             ("room",), ("space",)),
        Edit("speaker", 'laid," said Ewa Domańska', 'laid," said Margit Hallström',
             ("Domańska",), ("Hallström",)),
        Edit("quote-dropped", ' "Ships are getting bigger every year and the trucks cannot keep up."',
             "", ("Ships are getting bigger",)),
        Edit("swapped-pair", "Warsaw and Prague", "Prague and Warsaw",
             ("Warsaw and Prague",), ("Prague and Warsaw",)),
        Edit("attribution-dropped", "if deadlines are missed, Hallström said.",
             "if deadlines are missed.", ("Hallström",)),
        Edit("plain-word", "broadly welcomed", "largely welcomed"),
        Edit("role-rank", "Austrian transport minister Leonhard", "Austrian deputy transport minister Leonhard",
             ("minister",), ("deputy",)),
        Edit("name-truncated", "Tomasz Wielgosz, chief executive", "Wielgosz, chief executive",
             ("Tomasz",), ("Wielgosz",)),
    ],
    "hosepipe": [
        Edit("figure", "stood at 61 percent", "stood at 66 percent", ("61",), ("66",)),
        Edit("year", "since 1976", "since 1986", ("1976",), ("1986",)),
        Edit("scale", "2.3 billion pounds", "2.3 million pounds", ("2.3 billion",), ("2.3 million",)),
        Edit("name", "Helen Marsh", "Helen Walsh", ("Marsh",), ("Walsh",)),
        Edit("modal", "companies should be held", "companies must be held", ("should",), ("must",)),
        Edit("negation-in-quote", "it is not being slowed", "it is being slowed", ("not",)),
        Edit("negation", "who are not covered by the ban", "who are covered by the ban", ("not",)),
        Edit("quote-word", "years of neglect", "decades of neglect", ("years",), ("decades",)),
        Edit("speaker", 'own expense," said Helen Marsh', 'own expense," said Zoë Kimani',
             ("Marsh",), ("Kimani",)),
        Edit("quote-dropped",
             ' "Another dry month will mean smaller harvests and higher prices in the shops."',
             "", ("smaller harvests",)),
        Edit("swapped-pair", "Oxfordshire and Berkshire", "Berkshire and Oxfordshire",
             ("Oxfordshire and Berkshire",), ("Berkshire and Oxfordshire",)),
        Edit("attribution-dropped", "before the end of the year, Ramanathan said.",
             "before the end of the year.", ("Ramanathan",)),
        Edit("plain-word", "steady watering", "regular watering"),
        Edit("role-rank", "Zoë Kimani, chair of", "Zoë Kimani, acting chair of", ("chair",), ("acting",)),
        Edit("name-truncated", "said Claire Ashworth, the company's", "said Ashworth, the company's",
             ("Claire",), ("Ashworth",)),
    ],
}


def _text(article: str) -> str:
    return ARTICLES[article].read_text(encoding="utf-8")


def _show(r: CompareResult) -> str:
    found = "; ".join(f"{f.kind} [{f.src_excerpt[:50]!r} -> {f.dst_excerpt[:50]!r}]" for f in r.findings)
    return f"verdict {r.verdict!r}, source {r.direction.source}, findings: {found or 'none'}"


BATTERY = [
    pytest.param(article, edit, copy_first, id=f"{article}-{edit.kind}-{'copy' if copy_first else 'orig'}-first")
    for article, edits in EDITS.items()
    for edit in edits
    for copy_first in (True, False)
]


@pytest.mark.parametrize(("article", "edit", "copy_first"), BATTERY)
def test_one_edit_is_a_near_duplicate_named_by_its_finding(article: str, edit: Edit, copy_first: bool) -> None:
    original = _text(article)
    copy = edit.apply(original)
    r = compare(copy, original) if copy_first else compare(original, copy)
    outcome = judge(r, edit, copy_first, article)  # the benchmark's own judgement of one comparison
    problems = [] if r.verdict == "near-duplicate" else ["verdict"]
    if not outcome.named:
        problems.append("false fact finding" if EXPECTED[edit.kind] is None else "no finding naming the edit")
    assert not problems, f"{', '.join(problems)}: {_show(r)}"


def test_every_article_has_every_edit_kind_it_has_a_site_for() -> None:
    later = set(FACT_EXPECTED)  # a "no", a rank word, a truncatable name: not every article has one
    for article, edits in EDITS.items():
        assert sorted({e.kind for e in edits} - later) == sorted(set(EXPECTED) - later), article
    assert {e.kind for edits in EDITS.values() for e in edits} == set(EXPECTED)


@pytest.mark.parametrize("article", sorted(ARTICLES))
def test_text_against_itself_is_identical(article: str) -> None:
    text = _text(article)
    r = compare(text, text)
    assert r.verdict == "identical" and r.findings == (), _show(r)


def _variants(text: str) -> dict[str, str]:
    """Copies that differ only in whitespace or Unicode normalisation (NFD only where it changes the text)."""
    out = {
        "doubled-spaces": text.replace(" ", "  "),
        "crlf": text.replace("\n", "\r\n"),
        "all-three": unicodedata.normalize("NFD", text.replace(" ", "  ").replace("\n", "\r\n")),
    }
    nfd = unicodedata.normalize("NFD", text)
    if nfd != text:
        out["nfd"] = nfd
    return out


NORMALISATION = [
    pytest.param(article, name, copy_first, id=f"{article}-{name}-{'copy' if copy_first else 'orig'}-first")
    for article in ARTICLES
    for name in _variants(_text(article))
    for copy_first in (True, False)
]


@pytest.mark.parametrize(("article", "variant", "copy_first"), NORMALISATION)
def test_whitespace_and_unicode_variants_are_identical(article: str, variant: str, copy_first: bool) -> None:
    original = _text(article)
    copy = _variants(original)[variant]
    assert copy != original
    r = compare(copy, original) if copy_first else compare(original, copy)
    assert r.verdict == "identical" and r.findings == (), _show(r)


def test_nfd_variants_cover_accented_names() -> None:
    assert {"rail", "hosepipe"} <= {a for a in ARTICLES if "nfd" in _variants(_text(a))}


#: Three one-word edits made to the unpunctuated text.
UNPUNCTUATED_EDITS = [("lorries", "trucks"), ("wetlands", "marshlands"), ("Bydgoszcz", "Torun")]


def _unpunctuated(text: str, one_line: bool) -> str:
    """The text without sentence punctuation or quotation marks; line breaks kept or joined into one line."""
    bare = re.sub(r"[.,;:!?\"\u201c\u201d]", "", text)
    return " ".join(bare.split()) if one_line else bare


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "orig-first"])
@pytest.mark.parametrize("one_line", [False, True], ids=["lines", "one-line"])
def test_unpunctuated_text_with_three_changed_words_is_not_identical(one_line: bool, copy_first: bool) -> None:
    original = _unpunctuated(_text("rail"), one_line)
    copy = original
    for old, new in UNPUNCTUATED_EDITS:
        copy = Edit("plain-word", old, new).apply(copy)
    r = compare(copy, original) if copy_first else compare(original, copy)
    assert r.verdict == "near-duplicate", _show(r)
