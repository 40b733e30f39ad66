"""A derivation graph as spreadsheets: one CSV row per edge, and one per finding.

Both files are UTF-8 with a byte-order mark (so that Excel reads them as
UTF-8; Python reads them with ``encoding="utf-8-sig"``), comma-separated with
a header row.  A text cell that a spreadsheet would take for a formula (one
beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe, so opening an export never runs anything
a document said.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any, Iterator

import networkx as nx

from ..files import write_atomic
from ..vocabulary import FindingKind

#: What each end of an edge brings to its row, after its id.
END_FIELDS = ("title", "date", "url", "source")
#: Columns of the edges file.
EDGE_COLUMNS = (
    "source", "target", "kind", "share", "score", "similarity", "direction", "confidence",
    *(f"{end}_{f}" for end in ("source", "target") for f in END_FIELDS),
    "findings", *(str(k) for k in FindingKind),
)
#: Columns of the findings file.
FINDING_COLUMNS = (
    "source", "target", "edge_kind", "kind", "severity", "source_start", "source_end", "target_start",
    "target_end", "source_excerpt", "target_excerpt", "explanation", "source_url", "target_url",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a CSV cell: numbers as they are, None empty, text that looks like a formula defused."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _end(g: nx.DiGraph, node: Any) -> dict[str, Any]:
    """A node's title, date, url and source (the title only when it differs from the id)."""
    d = g.nodes[node]
    label = d.get("label")
    return {"title": label if label and label != node else "", "date": d.get("date"), "url": d.get("url"),
            "source": d.get("source")}


def _edges(g: nx.DiGraph) -> list[tuple[Any, Any, dict[str, Any]]]:
    return sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))


def edge_rows(g: nx.DiGraph) -> Iterator[dict[str, Any]]:
    """One row per edge, in ``EDGE_COLUMNS``, sorted by source and target."""
    for u, v, d in _edges(g):
        row: dict[str, Any] = {"source": u, "target": v}
        row.update({k: d.get(k) for k in ("kind", "share", "score", "similarity", "direction", "confidence")})
        for end, node in (("source", u), ("target", v)):
            row.update({f"{end}_{k}": value for k, value in _end(g, node).items()})
        counts = d.get("finding_counts") or {}
        row["findings"] = sum(counts.values())
        row.update({str(k): counts.get(str(k), 0) for k in FindingKind})
        yield row


def _span(value: Any) -> tuple[Any, Any]:
    return (value[0], value[1]) if isinstance(value, (list, tuple)) and len(value) == 2 else (None, None)


def finding_rows(g: nx.DiGraph) -> Iterator[dict[str, Any]]:
    """One row per finding of every edge, in ``FINDING_COLUMNS``, edges sorted, findings most severe first."""
    for u, v, d in _edges(g):
        urls = (g.nodes[u].get("url"), g.nodes[v].get("url"))
        findings = [f for f in d.get("findings") or () if isinstance(f, dict)]
        for f in sorted(findings, key=lambda f: -float(f.get("severity") or 0)):
            (s0, s1), (t0, t1) = _span(f.get("source_span")), _span(f.get("target_span"))
            yield {
                "source": u, "target": v, "edge_kind": d.get("kind"), "kind": f.get("kind"),
                "severity": f.get("severity"), "source_start": s0, "source_end": s1, "target_start": t0,
                "target_end": t1, "source_excerpt": f.get("source_excerpt"), "target_excerpt": f.get("target_excerpt"),
                "explanation": f.get("explanation"), "source_url": urls[0], "target_url": urls[1],
            }


def write_rows(path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> None:
    """Write a header and ``rows`` to ``path`` as CSV (UTF-8 with BOM), every cell through :func:`cell`."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=columns)
        out.writeheader()
        for row in rows:
            out.writerow({k: cell(row.get(k)) for k in columns})


def write_edges_csv(g: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write one row per edge: its ends, kind, share, scores, direction, both ends' metadata, finding counts.

    Parameters
    ----------
    g : networkx.DiGraph
        A graph from :func:`lineage.build_graph`.
    path : path-like
        Destination, written atomically (see :func:`lineage.files.write_atomic`).

    Raises
    ------
    OutputError
        The destination cannot be written.
    """
    write_atomic(path, lambda tmp: write_rows(tmp, EDGE_COLUMNS, edge_rows(g)))


def write_findings_csv(g: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write one row per finding: the edge's ends and kind, the finding's kind, severity, spans, excerpts, explanation.

    Parameters
    ----------
    g : networkx.DiGraph
        A graph from :func:`lineage.build_graph`.
    path : path-like
        Destination, written atomically (see :func:`lineage.files.write_atomic`).

    Raises
    ------
    OutputError
        The destination cannot be written.
    """
    write_atomic(path, lambda tmp: write_rows(tmp, FINDING_COLUMNS, finding_rows(g)))
