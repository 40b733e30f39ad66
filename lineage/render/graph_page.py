"""One self-contained, offline HTML page to explore a derivation graph.

The drawing is the SVG of :mod:`lineage.render.graph_draw` (same layout); the
graph's data rides along as JSON in a ``<script type="application/json">``
block, and a little vanilla JavaScript shows an edge's evidence and aligned
passages, or a document's edges, in a side panel.  Document text only ever
reaches the page as escaped SVG text or through ``textContent``.
"""

from __future__ import annotations

import json
import math
from string import Template
from typing import Any

import networkx as nx

from .graph_draw import clean, heading, svg_markup, xml_text


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, so JSON.parse accepts it."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def page_data(g: nx.DiGraph) -> dict[str, Any]:
    """What the page's script needs: graph attributes, nodes and edges (ids as the drawing writes them)."""
    nodes = [{**d, "id": clean(n)} for n, d in sorted(g.nodes(data=True), key=lambda nd: str(nd[0]))]
    edges = [{**d, "source": clean(u), "target": clean(v)}
             for u, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))]
    return dict(_finite({"graph": dict(g.graph), "nodes": nodes, "edges": edges}))


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def to_html(g: nx.DiGraph) -> str:
    """The graph as one interactive HTML page that works offline."""
    n, m = g.number_of_nodes(), g.number_of_edges()
    counts = (f'<span id="count-documents">{n} document{"s" * (n != 1)}</span>'
              f'<span id="count-edges">{m} edge{"s" * (m != 1)}</span>'
              f'<span id="count-view">view: {xml_text(g.graph.get("view", "derivation"))}</span>')
    return PAGE.substitute(title=xml_text(heading(g)), counts=counts, svg=svg_markup(g), data=script_json(page_data(g)))


PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; color: #17202a; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; padding: 8px 14px;
  border-bottom: 1px solid #d5d8dc; background: #f8f9f9; }
header h1 { margin: 0; font-size: 16px; }
.counts span { margin-right: 14px; color: #34495e; }
.hint { color: #7f8c8d; font-size: 13px; }
.tools { margin-left: auto; display: flex; gap: 4px; align-items: center; }
button { font: inherit; cursor: pointer; border: 1px solid #aab7b8; background: #fff; border-radius: 4px;
  padding: 1px 9px; }
button:hover { background: #eaf2f8; }
#zoom-level { min-width: 3.5em; text-align: center; color: #566573; font-size: 13px; }
main { flex: 1; display: flex; min-height: 0; }
#graph { flex: 1; overflow: auto; min-width: 0; }
#graph svg { display: block; }
#details { width: min(780px, 52vw); overflow: auto; padding: 10px 16px 24px; border-left: 1px solid #d5d8dc;
  background: #fdfefe; }
#details[hidden] { display: none; }
#details .bar { display: flex; justify-content: space-between; align-items: center; position: sticky; top: -10px;
  background: #fdfefe; padding: 6px 0; border-bottom: 1px solid #eaeded; }
#details h2 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
#details h3 { font-size: 14px; margin: 16px 0 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0; }
dt { color: #566573; }
dd { margin: 0; overflow-wrap: anywhere; }
ul { margin: 4px 0; padding-left: 20px; }
button.link { border: 0; padding: 0; background: none; color: #1a5276; text-decoration: underline; text-align: left;
  overflow-wrap: anywhere; }
table { border-collapse: collapse; }
td { padding: 1px 14px 1px 0; }
.passage { margin: 12px 0; border-top: 1px solid #eaeded; padding-top: 6px; }
.passage .meta { color: #566573; font-size: 13px; margin-bottom: 4px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.pair div { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f6f7; border-radius: 4px; padding: 6px 8px;
  font-size: 13px; }
.pair h4 { margin: 0 0 4px; font-size: 12px; color: #566573; font-weight: normal; white-space: normal; }
[data-edge], [data-node] { cursor: pointer; }
[data-edge]:hover .line { stroke-opacity: 0.65; }
[data-node]:hover rect { stroke-width: 2.4; }
[data-node].sel rect { stroke: #17202a; stroke-width: 3; }
[data-edge].sel .line { stroke-width: 5; }
svg.focus [data-edge]:not(.on), svg.focus [data-node]:not(.on) { opacity: 0.22; }
</style>
</head>
<body>
<header>
<h1>lineage</h1>
<div class="counts">$counts</div>
<div class="hint">Click an edge or a document for details; Escape closes them.</div>
<div class="tools"><button id="zoom-out" title="Zoom out">&#8722;</button><span id="zoom-level">100%</span>
<button id="zoom-in" title="Zoom in">+</button><button id="zoom-fit" title="Fit to window">fit</button>
<button id="zoom-reset" title="Actual size">1:1</button></div>
</header>
<main>
<div id="graph">
$svg
</div>
<aside id="details" hidden>
<div class="bar"><h2 id="details-title"></h2>
<button id="details-close" title="Close (Escape)" aria-label="Close">&#215;</button></div>
<div id="details-body"></div>
</aside>
</main>
<script type="application/json" id="graph-data">$data</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = {}, edges = {}, ins = {}, outs = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; ins[n.id] = []; outs[n.id] = []; });
  data.edges.forEach(function (e) {
    edges[e.source + "|" + e.target] = e;
    outs[e.source].push(e);
    ins[e.target].push(e);
  });
  var svg = document.querySelector("#graph svg");
  var panel = document.getElementById("details"), body = document.getElementById("details-body");
  var title = document.getElementById("details-title");

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function pct(v) { return typeof v === "number" ? Math.round(100 * v) + "%" : "?"; }
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", key));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function link(text, attr, key) {
    var b = el("button", text, "link");
    b.setAttribute(attr, key);
    return b;
  }
  function drawn(attr, key) {
    var all = svg.querySelectorAll("[" + attr + "]");
    for (var i = 0; i < all.length; i++) { if (all[i].getAttribute(attr) === key) { return all[i]; } }
    return null;
  }
  function highlight(main, related) {
    svg.querySelectorAll(".sel, .on").forEach(function (x) { x.classList.remove("sel", "on"); });
    svg.classList.toggle("focus", !!main);
    if (!main) { return; }
    main.classList.add("sel", "on");
    related.forEach(function (r) { var x = drawn(r[0], r[1]); if (x) { x.classList.add("on"); } });
  }
  function open(heading) {
    body.textContent = "";
    title.textContent = "";
    heading.forEach(function (h) { title.appendChild(typeof h === "string" ? document.createTextNode(h) : h); });
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function close() { panel.hidden = true; highlight(null, []); }

  function showEdge(key) {
    var e = edges[key];
    if (!e) { return; }
    open([link(e.source, "data-goto-node", e.source), " \\u2192 ", link(e.target, "data-goto-node", e.target)]);
    highlight(drawn("data-edge", key), [["data-node", e.source], ["data-node", e.target]]);
    var dl = el("dl");
    row(dl, "kind", e.kind);
    row(dl, "share", pct(e.share) + " of the target derives from the source");
    row(dl, "score", e.score);
    row(dl, "direction", e.direction === "undetermined" ? "undetermined (the arrow's way is arbitrary)"
      : "by " + e.direction + (e.confidence !== undefined ? ", confidence " + e.confidence : ""));
    if (e.contamination) {
      row(dl, "contamination", "the target also holds material from the source that the intermediate copy lacks");
    }
    body.appendChild(dl);
    body.appendChild(el("h3", "Evidence"));
    var ul = el("ul");
    (e.evidence || []).forEach(function (s) { ul.appendChild(el("li", s)); });
    if (!ul.children.length) { ul.appendChild(el("li", "none recorded")); }
    body.appendChild(ul);
    var findings = e.finding_counts || {};
    var kinds = Object.keys(findings).sort(function (a, b) { return findings[b] - findings[a] || (a < b ? -1 : 1); });
    body.appendChild(el("h3", "Findings"));
    if (kinds.length) {
      var table = el("table");
      kinds.forEach(function (k) {
        var tr = el("tr");
        tr.appendChild(el("td", k));
        tr.appendChild(el("td", findings[k]));
        table.appendChild(tr);
      });
      body.appendChild(table);
    } else { body.appendChild(el("p", "none")); }
    var passages = e.passages || [];
    body.appendChild(el("h3", "Aligned passages (" + passages.length + ")"));
    passages.forEach(function (p, i) {
      var box = el("section", null, "passage");
      box.appendChild(el("div", "#" + (i + 1) + " " + p.label + " \\u00b7 score " + p.score, "meta"));
      var pair = el("div", null, "pair");
      var sides = [["source", e.source, p.source_text, p.source_span], ["target", e.target, p.target_text, p.target_span]];
      sides.forEach(function (s) {
        var col = el("div");
        col.appendChild(el("h4", s[0] + ": " + s[1] + (s[3] ? " [" + s[3][0] + "\\u2013" + s[3][1] + "]" : "")));
        col.appendChild(document.createTextNode(s[2] || ""));
        pair.appendChild(col);
      });
      box.appendChild(pair);
      body.appendChild(box);
    });
  }

  function edgeList(list, other) {
    var ul = el("ul");
    list.forEach(function (e) {
      var li = el("li");
      li.appendChild(link(e[other], "data-goto-edge", e.source + "|" + e.target));
      var how = " \\u2014 " + e.kind + " " + pct(e.share) + (e.direction === "undetermined" ? ", direction undetermined" : "");
      li.appendChild(document.createTextNode(how));
      ul.appendChild(li);
    });
    if (!list.length) { ul.appendChild(el("li", "none")); }
    return ul;
  }

  function showNode(id) {
    var n = nodes[id];
    if (!n) { return; }
    open([id]);
    var related = [];
    ins[id].concat(outs[id]).forEach(function (e) {
      related.push(["data-edge", e.source + "|" + e.target], ["data-node", e.source === id ? e.target : e.source]);
    });
    highlight(drawn("data-node", id), related);
    var dl = el("dl");
    row(dl, "title", n.label !== n.id ? n.label : "");
    row(dl, "date", n.date);
    row(dl, "path", n.path);
    row(dl, "characters", n.chars);
    row(dl, "paragraphs", n.paragraphs);
    var twins = data.nodes.filter(function (m) { return m.id !== id && n.cluster !== undefined && m.cluster === n.cluster; });
    if (twins.length) { row(dl, "near-identical to", twins.map(function (m) { return m.id; }).join(", ")); }
    body.appendChild(dl);
    body.appendChild(el("h3", "Derived from (" + ins[id].length + ")"));
    body.appendChild(edgeList(ins[id], "source"));
    body.appendChild(el("h3", "Copied into (" + outs[id].length + ")"));
    body.appendChild(edgeList(outs[id], "target"));
  }

  svg.addEventListener("click", function (ev) {
    var hit = ev.target.closest("[data-edge], [data-node]");
    if (!hit) { close(); return; }
    if (hit.hasAttribute("data-edge")) { showEdge(hit.getAttribute("data-edge")); }
    else { showNode(hit.getAttribute("data-node")); }
  });
  panel.addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-goto-edge], [data-goto-node]");
    if (!b) { return; }
    var edge = b.hasAttribute("data-goto-edge"), key = b.getAttribute(edge ? "data-goto-edge" : "data-goto-node");
    if (edge) { showEdge(key); } else { showNode(key); }
    var x = drawn(edge ? "data-edge" : "data-node", key);
    if (x && x.scrollIntoView) { x.scrollIntoView({block: "nearest", inline: "nearest"}); }
  });
  document.getElementById("details-close").addEventListener("click", close);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { close(); } });

  var width = +svg.getAttribute("width"), height = +svg.getAttribute("height"), scale = 1;
  function zoom(s) {
    scale = Math.max(0.05, Math.min(4, s));
    svg.setAttribute("width", String(Math.round(width * scale)));
    svg.setAttribute("height", String(Math.round(height * scale)));
    document.getElementById("zoom-level").textContent = Math.round(100 * scale) + "%";
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(scale * 1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(scale / 1.25); });
  document.getElementById("zoom-reset").addEventListener("click", function () { zoom(1); });
  document.getElementById("zoom-fit").addEventListener("click", function () {
    var box = document.getElementById("graph").getBoundingClientRect();
    zoom(Math.min(box.width / width, box.height / height));
  });
}());
</script>
</body>
</html>
""")
