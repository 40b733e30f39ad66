"""One self-contained, offline HTML page to explore a derivation graph, large corpora included.

The drawing is the SVG of :mod:`lineage.render.graph_draw` (same layout, so
documents without reuse are not drawn); the graph's data rides along as JSON
in a ``<script type="application/json">`` block.  The page's script
(``lineage/data/graph_page.js``) lists every document (searchable by id or
title), filters edges by kind and minimum share, and shows an edge's
evidence, findings and aligned passages -- the words that differ marked -- or
a document's edges, in a side panel.  Document text only ever reaches the
page as escaped SVG text or through ``textContent``, and a
Content-Security-Policy admits only the page's own style and script.
"""

from __future__ import annotations

import json
import math
from typing import Any

import networkx as nx

from .compare_marks import word_diff
from .compare_page import asset, csp_hash
from .graph_draw import KIND_COLOURS, clean, heading, svg_markup, xml_text

#: How a run of words compares with the other side: the same, changed, or only on this side.
SAME, CHANGED, ONLY = 0, 1, 2
#: Passages whose two lengths multiply past this (two texts of 15,000 characters) are shown without marks:
#: the word diff's time grows with the product, and a page must not take minutes to write.
MAX_DIFF = 15_000 * 15_000


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, so JSON.parse accepts it."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def diff_parts(a: str, b: str) -> tuple[list[list[Any]], list[list[Any]]]:
    """Each text cut into ``[text, how]`` runs, ``how`` one of SAME, CHANGED, ONLY by :func:`word_diff`.

    Cutting is done here, on Python's code points, so the page never indexes
    strings (JavaScript counts UTF-16 units).
    """
    spans_a, spans_b = word_diff(a, b)
    return _cut(a, spans_a), _cut(b, spans_b)


def _cut(text: str, spans: list[tuple[int, int, str]]) -> list[list[Any]]:
    parts: list[list[Any]] = []
    pos = 0
    for start, end, op in spans:
        if start > pos:
            parts.append([text[pos:start], SAME])
        parts.append([text[start:end], ONLY if op == "only" else CHANGED])
        pos = end
    if pos < len(text) or not parts:
        parts.append([text[pos:], SAME])
    return parts


def _passage(p: dict[str, Any]) -> dict[str, Any]:
    a, b = str(p.get("source_text") or ""), str(p.get("target_text") or "")
    marked = len(a) * len(b) <= MAX_DIFF
    src, dst = diff_parts(a, b) if marked else ([[a, SAME]], [[b, SAME]])
    return {"label": p.get("label"), "score": p.get("score"), "source_span": p.get("source_span"),
            "target_span": p.get("target_span"), "source_parts": src, "target_parts": dst, "marked": marked}


def _comparable(a: str, b: str) -> bool:
    """Whether two excerpts say the same thing at about the same length, so that marking their differing words helps.

    A speaker's "he said" against the whole unattributed sentence, or a name
    against the sentence that lost it, would come out all marked.
    """
    na, nb = len(a.split()), len(b.split())
    return min(na, nb) > 0 and min(na, nb) >= 0.5 * max(na, nb)


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    a, b = str(f.get("source_excerpt") or ""), str(f.get("target_excerpt") or "")
    src, dst = diff_parts(a, b) if _comparable(a, b) else ([[a, SAME]], [[b, SAME]])
    return {"kind": f.get("kind"), "severity": f.get("severity"), "explanation": f.get("explanation"),
            "source_span": f.get("source_span"), "target_span": f.get("target_span"),
            "source_parts": src, "target_parts": dst}


def page_data(g: nx.DiGraph) -> dict[str, Any]:
    """What the page's script needs: graph attributes, nodes and edges (ids as the drawing writes them).

    Passages and findings carry their texts cut into runs of same and
    differing words (``source_parts``, ``target_parts``) instead of whole texts.
    """
    degree = {n: sum(1 for m in nx.all_neighbors(g, n) if m != n) for n in g}
    nodes = [{**d, "id": clean(n), "edges": degree[n]} for n, d in sorted(g.nodes(data=True), key=lambda nd: str(nd[0]))]
    edges = []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        e = {k: val for k, val in d.items() if k not in ("passages", "findings")}
        e.update(source=clean(u), target=clean(v), passages=[_passage(p) for p in d.get("passages") or ()],
                 findings=[_finding(f) for f in d.get("findings") or () if isinstance(f, dict)])
        edges.append(e)
    return dict(_finite({"graph": dict(g.graph), "nodes": nodes, "edges": edges, "kinds": dict(KIND_COLOURS)}))


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def to_html(g: nx.DiGraph) -> str:
    """The graph as one interactive HTML page that works offline.

    Parameters
    ----------
    g : networkx.DiGraph
        A graph from :func:`lineage.build_graph`.

    Returns
    -------
    str
        A complete HTML document: the drawing, a searchable list of documents,
        filters by edge kind and minimum share, and a panel with each edge's
        findings and passages.  When its script has set the page up, the root
        element gets a ``data-ready`` attribute and ``window.lineageReady``
        holds the milliseconds since navigation started.
    """
    n, m = g.number_of_nodes(), g.number_of_edges()
    alone = sum(1 for x in g if not any(y != x for y in nx.all_neighbors(g, x)))
    counts = (f'<span id="count-documents">{n:,} document{"s" * (n != 1)}</span>'
              f'<span id="count-edges">{m:,} edge{"s" * (m != 1)}</span>'
              f'<span id="count-alone">{alone:,} without reuse</span>'
              f'<span id="count-view">view: {xml_text(g.graph.get("view", "derivation"))}</span>')
    css, js = asset("graph_page.css"), asset("graph_page.js")
    csp = (f"default-src 'none'; style-src '{csp_hash(css)}'; script-src '{csp_hash(js)}'; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    return PAGE.format(title=xml_text(heading(g)), csp=csp, css=css, js=js, counts=counts, svg=svg_markup(g),
                       data=script_json(page_data(g)))


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>lineage</h1>
<div class="counts">{counts}</div>
<div class="tools"><button id="zoom-out" title="Zoom out">&#8722;</button><span id="zoom-level">100%</span>
<button id="zoom-in" title="Zoom in">+</button><button id="zoom-fit" title="Fit to window">fit</button>
<button id="zoom-reset" title="Actual size">1:1</button></div>
</header>
<main>
<nav id="side" aria-label="Filters and documents">
<input id="search" type="search" placeholder="Search documents by id or title" aria-label="Search documents by id or title"
 autocomplete="off" spellcheck="false">
<fieldset id="kinds"><legend>Edges by kind</legend></fieldset>
<label class="share">minimum share <input id="min-share" type="range" min="0" max="100" step="1" value="0">
<output id="min-share-value">0%</output></label>
<label class="alone"><input id="hide-alone" type="checkbox" checked> hide documents without reuse</label>
<p id="showing" class="muted" aria-live="polite"></p>
<ul id="doc-list"></ul>
</nav>
<div id="graph">
{svg}
</div>
<aside id="details" hidden>
<div class="bar"><h2 id="details-title"></h2>
<button id="details-close" title="Close (Escape)" aria-label="Close">&#215;</button></div>
<div id="details-body"></div>
</aside>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""
