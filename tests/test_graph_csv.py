"""Spreadsheet exports of a graph, and the word runs the graph page marks."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from lineage.render.graph_csv import (
    EDGE_COLUMNS,
    FINDING_COLUMNS,
    cell,
    write_edges_csv,
    write_findings_csv,
)
from lineage.render.graph_page import CHANGED, ONLY, SAME, diff_parts


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("a", label="=HYPERLINK(\"http://x.test\")", date="2015-12-19", url="https://a.test/1", source="Wire")
    g.add_node("b", label="b", date="", url="", source="")
    g.add_edge("a", "b", kind="near-duplicate", share=0.9, score=0.97, similarity=0.8, direction="dates",
               confidence=1.0, finding_counts={"number-changed": 1, "name-dropped": 1}, findings=[
                   {"kind": "name-dropped", "severity": 0.4, "explanation": "Lu Wei is gone",
                    "source_span": [0, 6], "target_span": None, "source_excerpt": "Lu Wei", "target_excerpt": ""},
                   {"kind": "number-changed", "severity": 0.8, "explanation": "3.2 billion became 3 billion",
                    "source_span": [10, 21], "target_span": [10, 19], "source_excerpt": "-3.2 billion",
                    "target_excerpt": "@3 billion\nusers"}])
    return g


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_edges_csv_has_one_row_per_edge_with_both_ends(tmp_path: Path) -> None:
    write_edges_csv(_graph(), tmp_path / "edges.csv")
    (row,) = _read(tmp_path / "edges.csv")
    assert tuple(row) == EDGE_COLUMNS
    assert (row["source"], row["target"], row["kind"], row["share"], row["direction"]) == ("a", "b", "near-duplicate", "0.9", "dates")
    assert row["source_title"] == "'=HYPERLINK(\"http://x.test\")"  # a formula is written as text
    assert (row["source_url"], row["source_source"], row["source_date"]) == ("https://a.test/1", "Wire", "2015-12-19")
    assert row["target_title"] == "" and row["findings"] == "2" and row["number-changed"] == "1" and row["quote-altered"] == "0"


def test_findings_csv_has_one_row_per_finding_most_severe_first(tmp_path: Path) -> None:
    write_findings_csv(_graph(), tmp_path / "findings.csv")
    rows = _read(tmp_path / "findings.csv")
    assert tuple(rows[0]) == FINDING_COLUMNS
    assert [r["kind"] for r in rows] == ["number-changed", "name-dropped"]
    assert rows[0]["source_excerpt"] == "'-3.2 billion" and rows[0]["target_excerpt"] == "'@3 billion\nusers"
    assert (rows[0]["source_start"], rows[0]["target_end"]) == ("10", "19")
    assert rows[1]["target_start"] == "" and rows[1]["source_url"] == "https://a.test/1"


def test_cells() -> None:
    assert [cell(v) for v in (None, 0.5, 3, "+1", "\tx", "plain")] == ["", 0.5, 3, "'+1", "'\tx", "plain"]


def test_diff_parts_cut_both_texts_into_runs() -> None:
    a, b = diff_parts("Lu Wei said it should be made, \U0001f600 today.", "Wei said it must be made, \U0001f600 today, he said.")
    assert "".join(t for t, _ in a) == "Lu Wei said it should be made, \U0001f600 today."
    assert [p for p in a if p[1] != SAME] == [["Lu", ONLY], ["should", CHANGED]]
    assert [p for p in b if p[1] != SAME] == [["must", CHANGED], ["he said", ONLY]]
    assert diff_parts("", "") == ([["", SAME]], [["", SAME]])
