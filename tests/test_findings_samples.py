"""Findings on the sample articles: a paraphrased blog copy (001) of a China Daily story (002),
and two reports (003, 004) on the same conference whose figures agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.findings import Finding, find_divergences
from lineage.options import Options

Span = tuple[int, int]


def span(text: str, start: str, end: str | None = None) -> Span:
    """Offsets of the stretch that begins with ``start`` and ends with ``end``."""
    i = text.find(start)
    assert i >= 0, start
    if end is None:
        return (i, i + len(start))
    j = text.find(end, i)
    assert j >= 0, end
    return (i, j + len(end))


@pytest.fixture(scope="module")
def texts(samples: dict[str, Path]) -> dict[str, str]:
    return {k: p.read_text(encoding="utf-8") for k, p in samples.items()}


def _pairs_002_001(
    src: str, dst: str, merge_quote: bool
) -> tuple[list[tuple[Span, Span]], list[Span]]:
    """Aligned sentences of the source (002) and the paraphrase (001), located by hand."""
    pairs = [
        (
            span(src, "The three-day World", "Internet governance."),
            span(dst, "During the three day", "Internet governance."),
        ),
        (
            span(src, "Jack Ma, chairman of", "of the Internet."),
            span(dst, "Jack Ma said during", "of the Internet."),
        ),
        (
            span(src, '"It is not about', 'all countries."'),
            span(dst, "Ma said that is not", "all countries."),
        ),
        (
            span(src, "Consensus was reached", "global cooperation."),
            span(dst, "A consensus was made", "global cooperation."),
        ),
        (
            span(src, "Lu Wei, director of", 'governed by all".'),
            span(dst, "According to Lu Wei", "governed by all."),
        ),
        (
            span(src, "He also called for", "can be achieved."),
            span(dst, "Wei also asked", "could be achieved."),
        ),
        (
            span(src, "Luigi Cambardella, president", "Internet governance."),
            span(dst, "Luigi Cambardella the president", "Internet governance."),
        ),
        (
            span(src, "He said ChinaEU is", "and big data."),
            span(dst, "Cambardella also said", "and large data."),
        ),
        (
            span(src, "The center will focus", "Cambardella said."),
            span(dst, "It will also focus", "future regulations."),
        ),
        (
            span(src, "The center will be established", "he added."),
            span(dst, "The center is established", "Beijing and Brussels."),
        ),
        (
            span(src, "Siaosi Sovaleni, deputy", "online activities."),
            span(dst, "Cyberspace should not be", "online activities."),
        ),
        (
            span(src, "International efforts should", "he said."),
            span(dst, "International efforts must", "place for crime."),
        ),
        (
            span(src, "The Wuzhen Initiative, released", "the challenges."),
            span(dst, "The Wuzhen Initiative that", "all challenges."),
        ),
    ]
    dropped = [span(src, "Ma said that of the 3.2", "are in China.")]
    if merge_quote:
        pairs.append(
            (
                span(src, '"Those who did not', "foreigners' ideas.\""),
                span(dst, "Those that didn", "is all about."),
            )
        )
    else:
        pairs.append(
            (
                span(src, '"Those who did not', "Cambardella said."),
                span(dst, "Those that didn", "is all about."),
            )
        )
        dropped.append(span(src, '"At this conference, I find', 'ideas."'))
    return pairs, dropped


def _has(found: tuple[Finding, ...], kind: str, src_part: str = "", dst_part: str = "") -> bool:
    return any(
        f.kind == kind and src_part in f.src_excerpt and dst_part in f.dst_excerpt for f in found
    )


def test_paraphrase_of_wuzhen_story(texts: dict[str, str]) -> None:
    src, dst = texts["002"], texts["001"]
    pairs, dropped = _pairs_002_001(src, dst, merge_quote=False)
    found = find_divergences(src, dst, pairs, dropped, [])

    assert _has(found, "order-swapped", "Brussels and Beijing", "Beijing and Brussels")
    quote_drop = [f for f in found if "At this conference, I find Lu Wei" in f.src_excerpt]
    assert quote_drop and quote_drop[0].kind == "sentence-dropped"
    assert "quotation" in quote_drop[0].explanation
    (figures,) = [
        f for f in found if f.kind == "sentence-dropped" and "3.2 billion" in f.src_excerpt
    ]
    for figure in ("3.2 billion", "1.5 billion", "700 million"):
        assert figure in figures.explanation
    assert figures.severity > 0.5
    truncated = [f for f in found if f.kind == "name-changed" and f.dst_excerpt == "Wei"]
    assert (
        truncated
        and truncated[0].src_excerpt == "Lu Wei"
        and "truncated" in truncated[0].explanation.lower()
    )
    assert _has(found, "role-dropped", "chairman of e-commerce giant Alibaba", "Jack Ma")
    assert _has(found, "modality-shifted", "should be made", "must be made")
    assert _has(found, "modality-shifted", "will be established", "is established")
    assert _has(
        found,
        "quote-to-reported",
        "It is not about who can manage it well",
        "is not about who can manage it well",
    )
    assert _has(
        found, "quote-to-reported", "The world community will face", "world community would face"
    )
    sovaleni = [f for f in found if f.kind == "attribution-dropped" and f.src_excerpt == "he said"]
    assert sovaleni and "International efforts must be made" in sovaleni[0].dst_excerpt
    assert "Sovaleni" in sovaleni[0].explanation

    # Nothing a careful reader would call wrong: no number, negation or quote-alteration noise.
    assert not [
        f
        for f in found
        if f.kind
        in (
            "number-changed",
            "negation-flipped",
            "quote-altered",
            "attribution-changed",
            "quote-reattributed",
        )
    ]
    for f in found:
        assert f.src_excerpt == (src[f.src_span[0] : f.src_span[1]] if f.src_span else "")
        assert f.dst_excerpt == (dst[f.dst_span[0] : f.dst_span[1]] if f.dst_span else "")
    assert len(found) <= 20


def test_merged_passage_reports_the_dropped_quotation(texts: dict[str, str]) -> None:
    src, dst = texts["002"], texts["001"]
    pairs, dropped = _pairs_002_001(src, dst, merge_quote=True)
    found = find_divergences(src, dst, pairs, dropped, [])
    (f,) = [f for f in found if f.kind == "quote-dropped"]
    assert (
        f.src_excerpt
        == "At this conference, I find Lu Wei is quite open and willing to listen to foreigners' ideas."
    )
    assert _has(found, "quote-to-reported", "Those who did not show up", "Those that didn")
    # Lu Wei inside the dropped quotation is not reported a second time.
    assert not [g for g in found if g.kind == "name-dropped" and g.src_excerpt == "Lu Wei"]


def test_same_conference_figures_agree_across_reports(texts: dict[str, str]) -> None:
    src, dst = texts["003"], texts["004"]
    pairs = [
        (
            span(src, "A staff member sings", "Nov. 7, 2018."),
            span(dst, "Wuzhen to host 5th", "on Nov 7"),
        ),
        (
            span(src, "The WIC, now in its fifth year", "information sharing."),
            span(dst, "Organized by the Cyberspace", "for three days."),
        ),
        (
            span(src, "The 1,500-plus Internet", "of cyberspace."),
            span(dst, "This year, themed", "experts and scholars."),
        ),
        (
            span(src, "There were 19 sub-forums", "and more."),
            span(dst, "A total of 19 sub-forums", "morning of Nov 9."),
        ),
    ]
    found = find_divergences(
        src, dst, pairs, [], [], Options(findings=frozenset({"number-changed"}))
    )
    assert found == ()
