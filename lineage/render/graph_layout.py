"""Lay out a derivation graph for drawing: deterministic positions and edge paths, in pixels.

Each connected component is laid out in layers, sources left and copies right
(a cycle is cut by name; a long chain snakes down in bands; an edge spanning
layers holds a place in each).  Components are packed in shelves; documents
without reuse are left out (the drawing says how many).  Edges are cubic Bézier paths that leave and
enter boxes sideways, bent around boxes in their way.  Origin top left.
"""

from __future__ import annotations

import math
from typing import Hashable, NamedTuple

import networkx as nx
import numpy as np

#: Distance between layers and between rows; the size of a document's box.
COL, ROW, BOX_W, BOX_H = 340, 62, 200, 42
#: Margin around the drawing and height of the legend above the graph.
MARGIN, LEGEND_H = 20, 58
#: A layer of more boxes than this splits into sub-columns; layers at most FOLD_ROWS tall wrap past FOLD_W pixels.
MAX_ROWS, FOLD_ROWS, FOLD_W = 40, 4, 1700

Pos = dict[Hashable, tuple[float, float]]
Point = tuple[float, float]


class Layout(NamedTuple):
    """Node centres, the drawing's size, how many documents without reuse are left out, long edges' bends."""

    pos: Pos
    width: float
    height: float
    left_out: int
    bends: dict[tuple[Hashable, Hashable], list[Point]]


class Route(NamedTuple):
    """An edge's path (a start point, then three points per cubic segment) and its label's place and anchor."""

    u: Hashable
    v: Hashable
    points: tuple[Point, ...]
    label_at: Point
    anchor: str


class _Bend(NamedTuple):
    """The place an edge u -> w holds in a layer it passes through (``i`` counts from u)."""

    u: Hashable
    w: Hashable
    i: int


def _layered(sub: nx.DiGraph) -> Pos:
    """Layers by longest path from a source, ordered by a few barycentre sweeps; long edges hold places."""
    cond = nx.condensation(sub)  # a cycle is cut by ranking its members by name
    order = nx.lexicographical_topological_sort(cond, key=lambda c: min(map(str, cond.nodes[c]["members"])))
    rank = {n: (i, str(n)) for i, c in enumerate(order) for n in cond.nodes[c]["members"]}
    edges = [(u, w) for u, w in sub.edges if u != w]
    dag = nx.DiGraph([(u, w) if rank[u] < rank[w] else (w, u) for u, w in edges])
    layer: dict[Hashable, int] = {}
    for n in nx.lexicographical_topological_sort(dag, key=str):
        layer[n] = max((layer[p] + 1 for p in dag.predecessors(n)), default=0)
    for n in list(dag):  # a source sits just before its earliest copy
        if dag.in_degree(n) == 0:
            layer[n] = min(layer[s] for s in dag.successors(n)) - 1
    for u, w in edges:
        p, q = (u, w) if rank[u] < rank[w] else (w, u)
        if layer[q] - layer[p] > 1:
            bends = [_Bend(u, w, abs(k - layer[u])) for k in range(layer[p] + 1, layer[q])]
            layer.update({b: layer[u] + (b.i if p == u else -b.i) for b in bends})
            dag.remove_edge(p, q)
            nx.add_path(dag, [p, *(bends if p == u else bends[::-1]), q])
    low = min(layer.values())
    cols: list[list[Hashable]] = [[] for _ in range(max(layer.values()) - low + 1)]
    for n in sorted(dag, key=str):
        cols[layer[n] - low].append(n)
    y = {n: i - (len(col) - 1) / 2 for col in cols for i, n in enumerate(col)}
    for sweep in range(6):
        down = sweep % 2 == 0
        for col in cols[1:] if down else cols[-2::-1]:
            near = {n: list(dag.predecessors(n) if down else dag.successors(n)) for n in col}
            bary = {n: sum(y[m] for m in near[n]) / len(near[n]) if near[n] else y[n] for n in col}
            col.sort(key=lambda n: (bary[n], y[n]))
            y.update({n: i - (len(col) - 1) / 2 for i, n in enumerate(col)})
    return _fold(cols)


def _fold(cols: list[list[Hashable]]) -> Pos:
    """Place ordered layers left to right; a tall layer splits into staggered sub-columns, a long thin run snakes."""
    bands: list[list[tuple[list[tuple[Hashable, float, float]], float]]] = [[]]
    x, thin = 0.0, max(map(len, cols)) <= FOLD_ROWS
    for col in cols:
        nsub = math.ceil(len(col) / MAX_ROWS)
        rows = math.ceil(len(col) / nsub)
        cells = [(n, float(i % nsub * (BOX_W + 40)), (i // nsub - (rows - 1) / 2 + i % nsub / nsub) * ROW)
                 for i, n in enumerate(col)]
        width = BOX_W + (nsub - 1) * (BOX_W + 40)
        if bands[-1] and x + width > FOLD_W and thin:
            bands.append([])
            x = 0.0
        bands[-1].append((cells, x))
        x += width + COL - BOX_W
    pos: Pos = {}
    y0, right = 0.0, max(bx + dx for cells, bx in bands[0] for _, dx, _ in cells)
    for k, band in enumerate(bands):  # every other band runs right to left, so the edge between bands is short
        ys = [dy for cells, _ in band for _, _, dy in cells]
        for cells, bx in band:
            pos.update({n: (right - bx - dx if k % 2 else bx + dx, y0 + dy - min(ys)) for n, dx, dy in cells})
        y0 += max(ys) - min(ys) + 2 * ROW
    return pos


def layout(g: nx.DiGraph) -> Layout:
    """Deterministic positions for every node of ``g`` with an edge, below the legend; components packed in shelves."""
    comps = sorted((c for c in nx.weakly_connected_components(g) if len(c) > 1),
                   key=lambda c: (-len(c), min(map(str, c))))
    parts = []
    for comp in comps:
        local = _layered(g.subgraph(comp))
        x0, y0 = min(p[0] for p in local.values()), min(p[1] for p in local.values())
        local = {n: (x - x0, y - y0) for n, (x, y) in local.items()}
        parts.append((local, max(p[0] for p in local.values()) + BOX_W, max(p[1] for p in local.values()) + BOX_H))
    area = sum(w * h for _, w, h in parts)
    shelf = max([w for _, w, _ in parts] + [2.0 * math.sqrt(area), 2 * COL + BOX_W])  # about 3:2, as a screen
    pos: Pos = {}
    x = y = row_h = 0.0
    top = MARGIN + LEGEND_H
    for local, w, h in parts:
        if x and x + w > shelf:
            x, y, row_h = 0.0, y + row_h + ROW, 0.0
        pos.update({n: (MARGIN + x + px + BOX_W / 2, top + y + py + BOX_H / 2) for n, (px, py) in local.items()})
        x, row_h = x + w + COL - BOX_W + 40, max(row_h, h)
    bottom = top + y + row_h if parts else top
    left_out = sum(1 for n in g if n not in pos)
    bends: dict[tuple[Hashable, Hashable], list[Point]] = {}
    for b in sorted((n for n in pos if isinstance(n, _Bend)), key=lambda b: b.i):
        bends.setdefault((b.u, b.w), []).append(pos.pop(b))
    width = max([p[0] + BOX_W / 2 + MARGIN for p in pos.values()] + [640.0])
    return Layout(pos, width, bottom + MARGIN, left_out, bends)


def _clip(c: np.ndarray, toward: np.ndarray, pad: float) -> np.ndarray:
    """Where the ray from box centre ``c`` toward a point leaves the box, plus ``pad``."""
    d = toward - c
    t = min((BOX_W / 2 + pad) / abs(d[0]) if d[0] else math.inf, (BOX_H / 2 + pad) / abs(d[1]) if d[1] else math.inf)
    return c + d * t if t < math.inf else c


def _sample(curve: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points at parameters ``t`` of each cubic Bézier segment of ``curve`` (1 + 3k rows)."""
    t = t[:, None]
    segments = (curve[i:i + 4] for i in range(0, len(curve) - 1, 3))
    return np.concatenate([(1 - t) ** 3 * c[0] + 3 * (1 - t) ** 2 * t * c[1] + 3 * (1 - t) * t * t * c[2] + t ** 3 * c[3]
                           for c in segments])


def _crossings(curve: np.ndarray, centres: np.ndarray, lay: Layout) -> int:
    """How many boxes (``centres``) the curve passes through, plus a penalty for leaving the drawing."""
    pts = _sample(curve, np.linspace(0.03, 0.97, 24))
    out = (pts[:, 1] < MARGIN + LEGEND_H - 8) | (pts[:, 1] > lay.height) | (pts[:, 0] < 0) | (pts[:, 0] > lay.width)
    near = np.abs(pts[:, None, :] - centres[None, :, :]) < (BOX_W / 2 + 3, BOX_H / 2 + 3)
    return int(2 * out.sum() + near.all(axis=2).any(axis=0).sum())


def _port(g: nx.DiGraph, lay: Layout, n: Hashable, other: Hashable, incoming: bool) -> float:
    """Vertical offset on the side of box ``n`` where its edge to ``other`` attaches, so edges fan out."""
    peers = sorted(g.predecessors(n) if incoming else g.successors(n), key=lambda m: (lay.pos[m][1], str(m)))
    return (peers.index(other) - (len(peers) - 1) / 2) * min(8.0, (BOX_H - 10) / len(peers))


def _through(points: list[np.ndarray], ports: tuple[float, float], pad: float) -> np.ndarray:
    """A path from box to box through ``points``, leaving the boxes sideways and crossing each point level."""
    a, b = points[0], points[-1]
    s, t = np.sign(points[1][0] - a[0]) or 1, np.sign(b[0] - points[-2][0]) or 1
    pts = [a + (s * BOX_W / 2, ports[0]), *points[1:-1], b - (t * (BOX_W / 2 + pad), -ports[1])]
    out = [pts[0]]
    for p, q in zip(pts, pts[1:]):
        h = (q[0] - p[0]) / 2
        out += [p + (h, 0), q - (h, 0), q]
    return np.array(out)


def _bent(a: np.ndarray, b: np.ndarray, pad: float) -> list[np.ndarray]:
    """A straight path from box ``a`` to box ``b``, then paths bent more and more to either side."""
    out = []
    normal = np.array([a[1] - b[1], b[0] - a[0]])  # perpendicular, as long as the edge
    for bend in (0.0, 0.18, -0.18, 0.35, -0.35, 0.55, -0.55):
        c = (a + b) / 2 + bend * normal
        p0, p3 = _clip(a, c, 1), _clip(b, c, pad)
        out.append(np.array([p0, p0 + (c - p0) * 2 / 3, p3 + (c - p3) * 2 / 3, p3]))
    return out


#: Width of one character of an edge label and the label's height, in pixels (11 px sans-serif).
LABEL_CHAR, LABEL_H = 6.4, 13.0


def _label_box(at: Point, anchor: str, text: str) -> tuple[float, float, float, float]:
    """The box a label of ``text`` covers when written at ``at`` with ``anchor``."""
    w = LABEL_CHAR * len(text)
    x0 = at[0] - {"start": 0.0, "end": w}.get(anchor, w / 2)
    return (x0, at[1] - LABEL_H + 3, x0 + w, at[1] + 3)


def _free_place(at: Point, anchor: str, text: str, taken: list[tuple[float, float, float, float]]) -> Point:
    """``at``, or the nearest place above or below it where the label overlaps nothing in ``taken``."""
    for dy in (0.0, -LABEL_H, LABEL_H, -2 * LABEL_H, 2 * LABEL_H):
        x0, y0, x1, y1 = box = _label_box((at[0], at[1] + dy), anchor, text)
        if not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in taken):
            taken.append(box)
            return (at[0], at[1] + dy)
    taken.append(_label_box(at, anchor, text))
    return at


def routes(g: nx.DiGraph, lay: Layout, labels: dict[tuple[Hashable, Hashable], str] | None = None) -> list[Route]:
    """The path of every edge, around other boxes where it can be, and where its label goes.

    With ``labels`` (each edge's label text), a label that would overlap a
    box or a label placed before it moves up or down a line or two.
    """
    out = []
    taken = [(x - BOX_W / 2, y - BOX_H / 2, x + BOX_W / 2, y + BOX_H / 2) for x, y in lay.pos.values()]
    names = list(lay.pos)
    centres = np.array([lay.pos[n] for n in names], dtype=float).reshape(-1, 2)
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v:  # a document reusing itself has no edge to draw
            continue
        dashed = d.get("direction") == "undetermined"
        a, b = np.array(lay.pos[u], dtype=float), np.array(lay.pos[v], dtype=float)
        via = [np.array(p) for p in lay.bends.get((u, v), [])]
        tries = [] if via else _bent(a, b, 1 if dashed else 2)
        if via or abs(b[0] - a[0]) >= BOX_W + 40:  # in different layers: leave and enter the boxes sideways
            ports = (_port(g, lay, u, v, False), _port(g, lay, v, u, True))
            tries.insert(0, _through([a, *via, b], ports, 1 if dashed else 2))
        others = centres[[n not in (u, v) for n in names]]
        curve = min(tries, key=lambda r: _crossings(r, others, lay))  # the first of the fewest crossings
        (x0, y0), (x3, y3) = curve[0], curve[-1]
        mx, my = (float(z) for z in _sample(curve[:4], np.array([0.5]))[0])
        level, right = curve[1][1] == y0 and curve[-2][1] == y3 and abs(y3 - y0) > 4, x3 > x0
        if via:  # above the middle place the edge holds
            at, anchor = (float(via[len(via) // 2][0]), float(via[len(via) // 2][1]) - 5), "middle"
        elif level and g.in_degree(v) == 1:  # a slanting S: label where it enters the target
            at, anchor = (x3 - 8 if right else x3 + 8, y3 - 6), "end" if right else "start"
        elif level and g.out_degree(u) == 1:  # or where it leaves the source
            at, anchor = (x0 + 8 if right else x0 - 8, y0 - 6), "start" if right else "end"
        elif abs(x3 - x0) < abs(y3 - y0):  # steep: beside the middle
            at, anchor = (mx + 7, my + 4), "start"
        else:
            at, anchor = (mx, my - 5), "middle"
        points = tuple((float(x), float(y)) for x, y in curve)
        place = (float(at[0]), float(at[1]))
        if labels and (u, v) in labels:
            place = _free_place(place, anchor, labels[u, v], taken)
        out.append(Route(u, v, points, place, anchor))
    return out
