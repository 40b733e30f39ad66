"""Draw a derivation graph as a self-contained SVG, or as a PNG with matplotlib, in one layout.

Nodes are boxes filled by cluster of near-identical copies; edges are coloured
by kind, dashed without an arrowhead when their direction is undetermined, and
labelled with kind and share; documents without reuse are counted in the
legend, not drawn.  The layout is :func:`lineage.render.graph_layout.layout`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Hashable, NamedTuple
from xml.sax.saxutils import escape

import networkx as nx

from ..errors import OptionsError
from .graph_layout import BOX_H, BOX_W, MARGIN, Layout, layout, routes

#: Edge colour for each kind of reuse.
KIND_COLOURS = {"copy": "#c0392b", "near-duplicate": "#d68910", "paraphrase": "#2471a3", "partial reuse": "#1e8449"}
OTHER_COLOUR = "#7f8c8d"
#: Fills for clusters of near-identical copies; a document in no such cluster is drawn plain.
CLUSTER_FILLS = ("#fadbd8", "#d6eaf8", "#d5f5e3", "#fcf3cf", "#e8daef", "#fae5d3", "#d1f2eb", "#ebdef0", "#fdebd0")
PLAIN_FILL = "#ffffff"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
DASH = ' stroke-dasharray="6 4"'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Style(NamedTuple):
    """How an edge is drawn: colour, line width, dashed (direction undetermined) and label."""

    kind: str
    colour: str
    width: float
    dashed: bool
    label: str


def short(text: object, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis."""
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def clean(text: object) -> str:
    """``text`` as a string without the control characters XML forbids."""
    return _NOT_XML.sub("", str(text))


def xml_text(text: object) -> str:
    """Text escaped for XML content or a quoted attribute, without characters XML forbids."""
    return escape(clean(text), {'"': "&quot;", "'": "&#39;"})


def heading(g: nx.DiGraph) -> str:
    """One line naming the view and counting documents and edges."""
    n, m = g.number_of_nodes(), g.number_of_edges()
    return f"lineage {g.graph.get('view', 'derivation')} graph: {n} document{'s' * (n != 1)}, {m} edge{'s' * (m != 1)}"


def node_fills(g: nx.DiGraph) -> dict[Hashable, str]:
    """Fill of each node: one colour per cluster of near-identical copies, plain for the rest."""
    members: dict[Any, int] = {}
    for _, c in g.nodes(data="cluster"):
        members[c] = members.get(c, 0) + 1
    shared = sorted((c for c, k in members.items() if c is not None and k > 1), key=str)
    fill = {c: CLUSTER_FILLS[i % len(CLUSTER_FILLS)] for i, c in enumerate(shared)}
    return {n: fill.get(c, PLAIN_FILL) for n, c in g.nodes(data="cluster")}


def _node_lines(n: Hashable, d: dict[str, Any]) -> tuple[str, str]:
    """The two lines written in a node's box: shortened id, then date and title."""
    title = d.get("label") if d.get("label") and d.get("label") != n else ""
    date = str(d.get("date") or "")[:10]
    return short(n, 24), short(" · ".join(s for s in (date, str(title or "")) if s), 32)


def _legend_items(g: nx.DiGraph) -> list[tuple[float, str, str, str]]:
    """Legend entries left to right as (x, label, colour, symbol: line, dash or box)."""
    items = [(k, c, "line") for k, c in KIND_COLOURS.items()] + [("direction undetermined", OTHER_COLOUR, "dash")]
    if any(f != PLAIN_FILL for f in node_fills(g).values()):
        items.append(("same fill: near-identical copies", CLUSTER_FILLS[0], "box"))
    alone = sum(1 for n in g if g.degree(n) == 0 or set(nx.all_neighbors(g, n)) == {n})
    if alone:
        items.append((f"{alone:,} document{'s' * (alone != 1)} without reuse not drawn", OTHER_COLOUR, "note"))
    out, x = [], float(MARGIN)
    for label, colour, symbol in items:
        out.append((x - 32 if symbol == "note" else x, label, colour, symbol))
        x += 48 + 6.5 * len(label)
    return out


def _laid_out(g: nx.DiGraph) -> Layout:
    """The graph's layout, widened when needed so that the legend fits."""
    lay = layout(g)
    items = _legend_items(g)
    right = items[-1][0] + 32 + 6.5 * len(items[-1][1]) + MARGIN if items else 0.0
    return lay._replace(width=max(lay.width, right))


def edge_style(d: dict[str, Any]) -> Style:
    """Colour by kind, width by share, dashes for an undetermined direction, label "kind NN%"."""
    kind, share = str(d.get("kind", "")), float(d.get("share", 0) or 0)
    colour = KIND_COLOURS.get(kind, OTHER_COLOUR)
    return Style(kind, colour, 1.2 + 2.3 * share, d.get("direction") == "undetermined", f"{kind} {share:.0%}")


def _marker(kind: str) -> str:
    """Id of the arrowhead marker for an edge kind."""
    return "arrow-" + (kind.replace(" ", "-") if kind in KIND_COLOURS else "other")


def svg_markup(g: nx.DiGraph) -> str:
    """The graph as an ``<svg>`` element with ``data-node`` and ``data-edge`` hooks (no XML declaration)."""
    lay, fills = _laid_out(g), node_fills(g)
    w, h = f"{lay.width:.0f}", f"{lay.height:.0f}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           f'font-family="{FONT}" font-size="12">', "<defs>"]
    for kind, colour in [*KIND_COLOURS.items(), ("other", OTHER_COLOUR)]:
        out.append(f'<marker id="{_marker(kind)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
                   'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    out += ["</defs>", '<rect width="100%" height="100%" fill="#ffffff"/>', '<g class="legend">',
            f'<text x="{MARGIN}" y="{MARGIN + 4}" font-weight="bold" font-size="13">{xml_text(heading(g))}</text>']
    for lx, label, colour, symbol in _legend_items(g):
        if symbol == "note":
            out.append(f'<text class="left-out" x="{lx + 32:.0f}" y="{MARGIN + 30}" font-size="11" fill="{colour}">'
                       f'{xml_text(label)}</text>')
            continue
        if symbol == "box":
            out.append(f'<rect x="{lx:.0f}" y="{MARGIN + 20}" width="26" height="12" rx="3" fill="{colour}" '
                       'stroke="#566573"/>')
        else:
            out.append(f'<line x1="{lx:.0f}" y1="{MARGIN + 26}" x2="{lx + 26:.0f}" y2="{MARGIN + 26}" '
                       f'stroke="{colour}" stroke-width="2.5"{DASH if symbol == "dash" else ""}/>')
        out.append(f'<text x="{lx + 32:.0f}" y="{MARGIN + 30}" font-size="11">{xml_text(label)}</text>')
    out.append("</g>")
    for r in routes(g, lay, {(u, v): edge_style(d).label for u, v, d in g.edges(data=True)}):
        e = edge_style(g.edges[r.u, r.v])
        xy = [f"{x:.1f},{y:.1f}" for x, y in r.points]
        path = f"M{xy[0]} C{' '.join(xy[1:])}"
        style = DASH if e.dashed else f' marker-end="url(#{_marker(e.kind)})"'
        tip = f"{r.u} → {r.v}: {e.label} of the target{', direction undetermined' if e.dashed else ''}"
        out.append(f'<g class="edge" data-edge="{xml_text(f"{r.u}|{r.v}")}"><title>{xml_text(tip)}</title>'
                   f'<path class="hit" d="{path}" fill="none" stroke="transparent" stroke-width="16"/>'
                   f'<path class="line" d="{path}" fill="none" stroke="{e.colour}" '
                   f'stroke-width="{e.width:.1f}"{style}/>'
                   f'<text x="{r.label_at[0]:.1f}" y="{r.label_at[1]:.1f}" text-anchor="{r.anchor}" font-size="11" '
                   f'fill="{e.colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{xml_text(e.label)}</text>'
                   "</g>")
    for n, d in sorted(g.nodes(data=True), key=lambda nd: str(nd[0])):
        if n not in lay.pos:
            continue
        x, y = lay.pos[n]
        first, second = _node_lines(n, d)
        tip = "\n".join(str(t) for t in (n, d.get("label"), d.get("date"), d.get("path")) if t)
        out.append(f'<g class="node" data-node="{xml_text(n)}"><title>{xml_text(tip)}</title>'
                   f'<rect x="{x - BOX_W / 2:.1f}" y="{y - BOX_H / 2:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                   f'fill="{fills[n]}" stroke="#566573" stroke-width="1.2"/><text x="{x:.1f}" y="{y - 3:.1f}" '
                   f'text-anchor="middle" font-weight="bold" fill="#17202a">{xml_text(first)}</text><text x="{x:.1f}" '
                   f'y="{y + 12:.1f}" text-anchor="middle" font-size="10" fill="#566573">{xml_text(second)}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def to_svg(g: nx.DiGraph) -> str:
    """A self-contained SVG drawing of the graph."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg_markup(g) + "\n"


def write_png(g: nx.DiGraph, path: Path) -> None:
    """Draw the graph with matplotlib's Agg canvas into a PNG file, in the SVG's layout."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
        from matplotlib.path import Path as MplPath
    except ImportError:
        raise OptionsError("PNG output needs matplotlib: pip install 'lineage[draw]'") from None
    lay, fills = _laid_out(g), node_fills(g)
    pt = 72 / 100  # one pixel of the layout, in points, at 100 dpi
    fig = Figure(figsize=(lay.width / 100, lay.height / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.axis("off")
    ax.text(MARGIN, MARGIN + 4, heading(g), fontsize=13 * pt, fontweight="bold")
    for x, label, colour, symbol in _legend_items(g):
        if symbol == "note":
            ax.text(x + 32, MARGIN + 30, label, fontsize=11 * pt, color=colour)
            continue
        if symbol == "box":
            ax.add_patch(FancyBboxPatch((x, MARGIN + 20), 26, 12, boxstyle="round,pad=0,rounding_size=3",
                                        fc=colour, ec="#566573", lw=pt))
        else:
            ax.plot([x, x + 26], [MARGIN + 26] * 2, color=colour, lw=2.5 * pt, ls="--" if symbol == "dash" else "-")
        ax.text(x + 32, MARGIN + 30, label, fontsize=11 * pt)
    for r in routes(g, lay, {(u, v): edge_style(d).label for u, v, d in g.edges(data=True)}):
        e = edge_style(g.edges[r.u, r.v])
        curve = MplPath(list(r.points), [MplPath.MOVETO] + [MplPath.CURVE4] * (len(r.points) - 1))
        ax.add_patch(FancyArrowPatch(path=curve, arrowstyle="-" if e.dashed else "-|>", mutation_scale=12,
                                     color=e.colour, lw=e.width * pt, linestyle="--" if e.dashed else "-"))
        ax.text(r.label_at[0], r.label_at[1], e.label, ha={"start": "left", "end": "right"}.get(r.anchor, "center"),
                fontsize=11 * pt, color=e.colour, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"})
    for n, d in g.nodes(data=True):
        if n not in lay.pos:
            continue
        x, y = lay.pos[n]
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
                                    boxstyle="round,pad=0,rounding_size=6", fc=fills[n], ec="#566573", lw=1.2 * pt))
        first, second = _node_lines(n, d)
        ax.text(x, y - 3, first, ha="center", fontsize=12 * pt, fontweight="bold", color="#17202a")
        ax.text(x, y + 12, second, ha="center", fontsize=10 * pt, color="#566573")
    dpi = max(40.0, min(150.0, 3e6 / max(lay.width, lay.height)))  # Agg draws at most 2^16 pixels a side
    fig.savefig(path, format="png", dpi=dpi, facecolor="white")
