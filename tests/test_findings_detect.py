"""find_divergences as a whole: options, thresholds, ordering, spans, dropped/added sentences, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lineage.errors import LineageError
from lineage.findings import Finding, find_divergences
from lineage.options import FINDING_KINDS, Options

SRC = (
    "Ma said that of the 3.2 billion Internet users, 1.5 billion were born after 1980. "
    "The center will be established next year, with offices in Brussels and Beijing, he added. "
    "Officials met on Friday."
)
DST = "The center is established next year with offices in Beijing and Brussels. Officials met on Friday."


def _span(text: str, start: str, end: str) -> tuple[int, int]:
    i = text.index(start)
    return (i, text.index(end, i) + len(end))


PAIRS = [
    (_span(SRC, "The center", "he added."), _span(DST, "The center", "Brussels.")),
    (_span(SRC, "Officials", "Friday."), _span(DST, "Officials", "Friday.")),
]
DROPPED = [_span(SRC, "Ma said", "1980.")]


def run(
    options: Options | None = None, added: list[tuple[int, int]] | None = None
) -> tuple[Finding, ...]:
    return find_divergences(SRC, DST, PAIRS, DROPPED, added or [], options)


def test_default_run_reports_each_difference_once_and_sorted() -> None:
    found = run()
    kinds = [f.kind for f in found]
    assert sorted(kinds) == sorted(
        ["sentence-dropped", "modality-shifted", "order-swapped", "attribution-dropped"]
    )
    keys = [(-f.severity, f.src_span[0] if f.src_span else 10**9) for f in found]
    assert keys == sorted(keys)


def test_every_excerpt_is_its_text_slice() -> None:
    added = [_span(DST, "Officials", "Friday.")]
    for f in run(added=added):
        assert f.kind in FINDING_KINDS
        assert 0.0 <= f.severity <= 1.0
        assert f.src_excerpt == (SRC[f.src_span[0] : f.src_span[1]] if f.src_span else "")
        assert f.dst_excerpt == (DST[f.dst_span[0] : f.dst_span[1]] if f.dst_span else "")
        assert f.explanation and "\n" not in f.explanation


def test_dropped_sentence_lists_its_figures() -> None:
    (f,) = [f for f in run() if f.kind == "sentence-dropped"]
    assert f.dst_span is None
    assert f.src_excerpt.startswith("Ma said that of the 3.2 billion")
    assert "figures 3.2 billion, 1.5 billion" in f.explanation
    assert "1980" in f.explanation


def test_sentence_with_facts_ranks_above_one_without() -> None:
    src = 'Profits rose 40 percent to $3 million. "We are thrilled with this," Smith said. The weather was fine.'
    spans = [
        _span(src, "Profits", "million."),
        _span(src, '"We', "said."),
        _span(src, "The weather", "fine."),
    ]
    found = find_divergences(src, "Nothing.", [], spans, [])
    by_start = {f.src_span[0]: f.severity for f in found if f.src_span}
    plain = by_start[spans[2][0]]
    assert by_start[spans[0][0]] > plain
    assert by_start[spans[1][0]] > plain
    (quoted,) = [f for f in found if f.src_span == spans[1]]
    assert 'quotation "We are thrilled with this"' in quoted.explanation


def test_added_sentence_has_only_a_copy_span() -> None:
    added = [_span(DST, "Officials", "Friday.")]
    (f,) = [f for f in run(added=added) if f.kind == "sentence-added"]
    assert f.src_span is None and f.dst_excerpt == "Officials met on Friday."
    assert f.explanation.startswith("Added sentence")


def test_disabling_a_kind_suppresses_it() -> None:
    kinds = frozenset(FINDING_KINDS) - {"order-swapped"}
    found = run(Options(findings=kinds))
    assert "order-swapped" not in {f.kind for f in found}
    assert "modality-shifted" in {f.kind for f in found}


def test_raising_a_threshold_suppresses_it() -> None:
    found = run(Options(finding_thresholds={"modality-shifted": 0.99}))
    assert "modality-shifted" not in {f.kind for f in found}
    assert "order-swapped" in {f.kind for f in found}


def test_no_kinds_no_findings() -> None:
    assert run(Options(findings=frozenset())) == ()


def test_to_dict_is_json_ready() -> None:
    for f in run():
        d = f.to_dict()
        assert json.loads(json.dumps(d)) == d
        assert set(d) == {
            "kind",
            "severity",
            "src_span",
            "dst_span",
            "src_excerpt",
            "dst_excerpt",
            "explanation",
        }
        assert d["src_span"] is None or isinstance(d["src_span"], list)


def test_finding_rejects_unknown_kind_and_bad_severity() -> None:
    with pytest.raises(LineageError):
        Finding("made-up", 0.5, None, None, "", "", "x")
    with pytest.raises(LineageError):
        Finding("number-changed", 1.5, None, None, "", "", "x")


@pytest.mark.parametrize(
    "pairs",
    [
        [((0, 10_000), (0, 5))],
        [((5, 2), (0, 5))],
        [(("a", "b"), (0, 5))],
    ],
)
def test_bad_spans_raise(pairs: list[Any]) -> None:
    with pytest.raises(LineageError):
        find_divergences(SRC, DST, pairs, [], [])


def test_identical_texts_have_no_findings() -> None:
    found = find_divergences(SRC, SRC, [((0, len(SRC)), (0, len(SRC)))], [], [])
    assert found == ()


def test_offsets_refer_to_full_texts_not_slices() -> None:
    prefix = "Unrelated opening paragraph about weather.\n"
    src = prefix + "Sales rose 5 percent in May."
    dst = "Another intro.\nSales rose 7 percent in May."
    pair = ((len(prefix), len(src)), (dst.index("Sales"), len(dst)))
    (f,) = find_divergences(
        src, dst, [pair], [], [], Options(findings=frozenset({"number-changed"}))
    )
    assert f.src_span is not None and f.dst_span is not None
    assert src[f.src_span[0] : f.src_span[1]] == "5 percent"
    assert dst[f.dst_span[0] : f.dst_span[1]] == "7 percent"


def test_findings_inside_a_dropped_quotation_are_not_repeated() -> None:
    src = 'He spoke. "I met Lu Wei and 300 delegates at this conference," he said.'
    dst = "He spoke."
    found = find_divergences(src, dst, [((0, len(src)), (0, len(dst)))], [], [])
    assert [f.kind for f in found] == ["quote-dropped"]
