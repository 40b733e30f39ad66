"""Plain-text summary of a derivation graph: clusters, edges and the strongest derivations."""

from __future__ import annotations

from collections import Counter

import networkx as nx


def graph_summary(g: nx.DiGraph, top: int = 10) -> str:
    """Documents, clusters of near-identical copies (the ``top`` largest listed), edges by kind, the strongest edges."""
    clusters = Counter(c for _, c in g.nodes(data="cluster"))
    multi = [c for c, k in clusters.items() if k > 1]
    kinds = Counter(k for _, _, k in g.edges(data="kind"))
    out = [
        f"{g.number_of_nodes()} documents, {g.number_of_edges()} {g.graph.get('view', 'derivation')} edge(s), "
        f"{len(multi)} cluster(s) of near-identical copies"
    ]
    if kinds:
        out.append("edges: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common()))
    shown = sorted(multi, key=lambda c: (-clusters[c], c))[:top]
    for c in sorted(shown):
        members = sorted(n for n, cc in g.nodes(data="cluster") if cc == c)
        out.append(f"cluster {c}: " + ", ".join(members))
    if len(multi) > len(shown):
        out.append(f"... and {len(multi) - len(shown)} more cluster(s) (the largest are listed; "
                   "the page and the exports hold them all)")
    edges = sorted(g.edges(data=True), key=lambda e: (-e[2]["share"], e[0], e[1]))
    if edges:
        out.append("strongest derivations:")
    for u, v, d in edges[:top]:
        arrow = "--" if d["direction"] == "undetermined" else "->"
        how = "direction undetermined" if d["direction"] == "undetermined" else f"by {d['direction']}"
        out.append(f"  {u} {arrow} {v}  {d['kind']}, {d['share']:.0%} of target derived ({how})")
    if not edges:
        out.append("no derivation found")
    return "\n".join(out)
