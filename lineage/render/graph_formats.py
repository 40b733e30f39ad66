"""Write a derivation graph in the format its file extension names.

JSON is networkx's node-link form with every attribute intact; GraphML and
GEXF take scalar attributes only, so lists and dicts are flattened (counts, and
a JSON string for the passages); DOT and Mermaid are written as plain text;
CSV is one row per edge (:mod:`lineage.render.graph_csv`, which also writes
one row per finding).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from ..errors import OptionsError
from ..files import write_atomic

#: Output formats by file extension.
FORMATS = (".json", ".graphml", ".gexf", ".dot", ".gv", ".mmd", ".svg", ".png", ".html", ".csv")


def to_node_link(g: nx.DiGraph) -> dict[str, Any]:
    """The graph as a node-link dictionary (edges under ``edges``, as networkx 3.6 reads by default) that ``json.dumps`` accepts."""
    data: dict[str, Any] = nx.node_link_data(g, edges="edges")
    return data


def _scalar_graph(g: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``g`` whose attributes are all strings, numbers or booleans."""
    h = nx.DiGraph()
    for key, value in g.graph.items():
        h.graph[key] = value if isinstance(value, (str, int, float, bool)) else json.dumps(value, sort_keys=True)
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: v for k, v in d.items() if isinstance(v, (str, int, float, bool))})
    for u, v, d in g.edges(data=True):
        attrs: dict[str, Any] = {}
        for key, value in d.items():
            if isinstance(value, (str, int, float, bool)):
                attrs[key] = value
            elif key == "finding_counts":
                attrs["findings"] = sum(value.values())
                attrs["finding_kinds"] = "; ".join(f"{k}: {n}" for k, n in sorted(value.items()))
            elif key == "evidence":
                attrs["evidence"] = "; ".join(value)
            elif key == "passages":
                attrs["passage_count"] = len(value)
                attrs["passages"] = json.dumps(value, ensure_ascii=False)
            # aligned_target_spans is internal to the reduction; passages carry the extents.
        h.add_edge(u, v, **attrs)
    return h


def _dot_quote(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.DiGraph) -> str:
    """Graphviz DOT source: nodes labelled by title, edges by kind and share."""
    lines = ["digraph lineage {", "  rankdir=LR;", '  node [shape=box, style="rounded"];']
    for n, d in sorted(g.nodes(data=True)):
        label = f"{n}\n{d.get('label', '')}" if d.get("label") and d.get("label") != n else str(n)
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(label[:80])}, cluster={d.get('cluster', 0)}];")
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        style = ", style=dashed, dir=none" if d.get("direction") == "undetermined" else ""
        label = f"{d.get('kind', '')} {d.get('share', 0):.0%}"
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: object) -> str:
    # Mermaid reads entity codes inside quoted labels; these characters would end or break one.
    out = str(text)
    for ch, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;")):
        out = out.replace(ch, code)
    return out.replace("\n", " ")


def to_mermaid(g: nx.DiGraph) -> str:
    """Mermaid flowchart source (renders in GitHub and GitLab markdown)."""
    ids = {n: f"n{i}" for i, n in enumerate(sorted(g.nodes))}
    lines = ["flowchart LR"]
    for n in sorted(g.nodes):
        lines.append(f'  {ids[n]}["{_mermaid_text(n)}"]')
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        arrow = "---" if d.get("direction") == "undetermined" else "-->"
        label = _mermaid_text(f"{d.get('kind', '')} {d.get('share', 0):.0%}")
        lines.append(f'  {ids[u]} {arrow}|"{label}"| {ids[v]}')
    return "\n".join(lines) + "\n"


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _writer(ext: str) -> Callable[[nx.DiGraph, Path], None]:
    if ext == ".json":
        return lambda g, p: _write_text(p, json.dumps(to_node_link(g), ensure_ascii=False, indent=1))
    if ext == ".graphml":
        return lambda g, p: nx.write_graphml(_scalar_graph(g), p, encoding="utf-8")
    if ext == ".gexf":
        return lambda g, p: nx.write_gexf(_scalar_graph(g), p, encoding="utf-8")
    if ext in (".dot", ".gv"):
        return lambda g, p: _write_text(p, to_dot(g))
    if ext == ".mmd":
        return lambda g, p: _write_text(p, to_mermaid(g))
    if ext == ".svg":
        from .graph_draw import to_svg

        return lambda g, p: _write_text(p, to_svg(g))
    if ext == ".png":
        from .graph_draw import write_png

        return write_png
    if ext == ".html":
        from .graph_page import to_html

        return lambda g, p: _write_text(p, to_html(g))
    if ext == ".csv":
        from .graph_csv import EDGE_COLUMNS, edge_rows, write_rows

        return lambda g, p: write_rows(p, EDGE_COLUMNS, edge_rows(g))
    raise OptionsError(_unknown(ext))


def check_format(path: str | os.PathLike[str]) -> None:
    """Raise :class:`OptionsError` unless ``path``'s extension names a known format."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise OptionsError(_unknown(ext))


def _unknown(ext: str) -> str:
    return f"cannot write graph as {ext or 'a file without extension'}: use one of {', '.join(FORMATS)}"


def write_graph(g: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``g`` to ``path`` in the format its extension names.

    The file is written beside its destination and moved into place, so a
    failure never leaves a half-written file where an earlier one stood.

    Parameters
    ----------
    g : networkx.DiGraph
        A graph from :func:`lineage.build_graph`.
    path : path-like
        Destination; the extension picks the format (see ``FORMATS``).

    Raises
    ------
    OptionsError
        The extension names no known format.
    OutputError
        The destination cannot be written.
    """
    write = _writer(Path(path).suffix.lower())
    write_atomic(path, lambda tmp: write(g, tmp))
