"""Derivation graph against known lineage: copy trees grown from real BBC News articles.

Usage::

    python benchmarks/bbc_lineage.py [--data EVAL_ROOT] [--docs 1000] [--seed 1]
                                     [--jobs 2] [--json FILE] [--corpus-out FILE]

Data: ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval`` beside the
repository (the eval root; articles are read from ``bbc/<topic>/NNN.txt``).
When absent the script prints one "skipped: ... not found" line and exits 0.

Generator (all draws from ``random.Random(seed)``; the defaults below are the
figures printed with the results):

* Articles: the 2,225 BBC articles, title on the first line.  Two articles
  *overlap* when their normalised texts are equal, when they share a run of
  ``SHARED_RUN_WORDS`` words (a word 8-gram: BBC articles reuse their own
  sentences), or when the exact Jaccard similarity of their word 3-shingles
  reaches ``OVERLAP_JACCARD``.  Roots, standalone articles and donors are
  drawn so that no two of them overlap.
* Trees: ``1 - STANDALONE_SHARE`` of the documents are copy trees.  Each tree
  draws a depth limit in 1..``MAX_DEPTH``; each node gets 0-``MAX_BRANCH``
  children (``CHILD_WEIGHTS``; a root at least one), up to ``MAX_TREE`` nodes.
* Edits (:mod:`benchmarks.bbc_edits`), each child made from its parent:
  delete sentences (each with a probability drawn in ``DELETE_RATE``; at
  least ``MIN_KEEP`` of them kept), swap neighbouring sentences or move a
  paragraph, merge two adjacent sentences or split one at ", and" / ", ",
  change the digits of 1-3 numbers, swap 1-2 capitalised names for names
  from other articles, substitute words from a hand-made list
  (``SUBSTITUTIONS``, one way, so a copy never restores a word its parent
  replaced) in 10-30 % of sentences, and add 1-3 sentences of an unrelated
  donor article (each donor used once, never in the corpus).  Each kind of
  edit is applied with probability ``EDIT_PROB[kind]``, and every child gets
  at least one.  A child keeps its parent's title.
* Standalones (``STANDALONE_SHARE``): unrelated articles, half of them the
  article most similar in content words to some root (topical hard
  negatives), half at random.
* Dates: a root is dated in 2004-05, a child 1-30 days after its parent;
  then each document keeps its date with probability ``DATED_SHARE``.

Truth is the set of parent → child edges.  Measures on the derivation view:

* precision: predicted edges (as unordered pairs) that are a true
  parent-child pair, over all predicted edges.  An edge between an ancestor
  and a descendant two or more generations apart counts as wrong, and is
  reported on its own line (``transitive``), as are edges between other
  members of one tree (``same tree``) and between unrelated documents.
* recall: true parent-child pairs found, in either direction.
* direction accuracy: of the correct edges whose direction is determined,
  the share oriented parent → child; undetermined ones are counted apart.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import re
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.bbc_edits import (  # noqa: E402
    DELETE_RATE,
    EDIT_PROB,
    MIN_KEEP,
    NAME,
    NOT_NAMES,
    SENTENCE,
    SUBSTITUTIONS,
    Article,
    Node,
    make_child,
)
from lineage import Document, build_graphs  # noqa: E402
from lineage.fingerprints import shingle_hashes  # noqa: E402
from lineage.text.words import stems  # noqa: E402

STANDALONE_SHARE = 0.35
MAX_DEPTH = 4
MAX_BRANCH = 3
CHILD_WEIGHTS = (0.35, 0.35, 0.2, 0.1)  # P(0, 1, 2, 3 children) below the root
MAX_TREE = 12
DATED_SHARE = 0.5
SHARED_RUN_WORDS = 8
OVERLAP_JACCARD = 0.05
THRESHOLDS = {"precision": 0.95, "recall": 0.90, "direction": 0.95}


def eval_root(arg: Path | None) -> Path:
    """The eval root: ``--data``, ``$LINEAGE_EVAL`` or ``../shared/eval`` beside the repository."""
    env = os.environ.get("LINEAGE_EVAL")
    return arg or (Path(env) if env else REPO.parent / "shared" / "eval")


def read_bbc(root: Path) -> list[Article]:
    """Every article under ``root/<topic>/NNN.txt`` (UTF-8, else latin-1)."""
    out = []
    for path in sorted(root.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        lines = [ln.strip() for ln in text.splitlines()]
        title = lines[0]
        paras = [SENTENCE.split(ln) for ln in lines[1:] if ln]
        out.append(Article(f"{path.parent.name}/{path.stem}", path.parent.name, title, paras))
    return out


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def overlaps(arts: list[Article]) -> list[set[int]]:
    """For each article, the others it overlaps (equal text, a shared run of words, or shingle Jaccard)."""
    n = len(arts)
    near: list[set[int]] = [set() for _ in range(n)]
    by_text: dict[str, list[int]] = {}
    by_run: dict[int, set[int]] = {}
    rows, cols = [], []
    for i, a in enumerate(arts):
        body = " ".join(s for p in a.paras for s in p)
        by_text.setdefault(_norm(body), []).append(i)
        for key in shingle_hashes(body, SHARED_RUN_WORDS).tolist():
            by_run.setdefault(key, set()).add(i)
        h = shingle_hashes(body, 3)
        rows.extend([i] * len(h))
        cols.extend(h.tolist())
    for group in [*by_text.values(), *(g for g in by_run.values() if len(g) > 1)]:
        for i in group:
            near[i].update(j for j in group if j != i)
    _, col_ids = np.unique(np.array(cols, dtype=np.int64), return_inverse=True)
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, col_ids)), shape=(n, col_ids.max() + 1))
    m.data[:] = 1.0
    m.sum_duplicates()
    m.data[:] = 1.0
    sizes = np.asarray(m.sum(axis=1)).ravel()
    inter = (m @ m.T).tocoo()
    for i, j, v in zip(inter.row, inter.col, inter.data):
        if i != j and v / (sizes[i] + sizes[j] - v) >= OVERLAP_JACCARD:
            near[i].add(int(j))
    return near


def _tree_sizes(rng: random.Random, cap: int) -> list[int]:
    """Children per node of one tree of at most ``cap`` nodes, breadth first."""
    depth_limit = rng.randint(1, MAX_DEPTH)
    kids, level, total = [], [0], 1
    while level:
        nxt = []
        for depth in level:
            k = 0 if depth >= depth_limit else rng.choices(range(MAX_BRANCH + 1), CHILD_WEIGHTS)[0]
            k = max(k, 1) if depth == 0 else k
            k = min(k, cap - total)
            total += k
            kids.append(k)
            nxt.extend([depth + 1] * k)
        level = nxt
    return kids


def generate(arts: list[Article], n_docs: int, seed: int) -> list[Node]:
    """The corpus: copy trees and standalone articles, shuffled, with ids ``d0000``...."""
    rng = random.Random(seed)
    near = overlaps(arts)
    order = list(range(len(arts)))
    rng.shuffle(order)
    taken: set[int] = set()
    blocked: set[int] = set()

    def take(i: int) -> Article:
        taken.add(i)
        blocked.update(near[i] | {i})
        return arts[i]

    free = (i for i in order if i not in blocked)

    def next_free() -> int:
        for i in free:
            if i not in blocked:
                return i
        raise SystemExit(f"bbc_lineage: too few distinct BBC articles for {n_docs} documents")
    pool = sorted({m.group() for a in arts for p in a.paras for s in p for m in NAME.finditer(s)
                   if m.group().split()[0] not in NOT_NAMES})
    n_trees_docs = round(n_docs * (1 - STANDALONE_SHARE))
    roots: list[Article] = []
    shapes: list[list[int]] = []
    planned = 0
    while n_trees_docs - planned >= 2:
        shape = _tree_sizes(rng, min(MAX_TREE, n_trees_docs - planned))
        roots.append(take(next_free()))
        shapes.append(shape)
        planned += 1 + sum(shape)
    stems_of = {i: set(stems(" ".join(s for p in arts[i].paras for s in p))) for i in range(len(arts))}
    standalones: list[Article] = []
    n_alone = n_docs - planned
    for k in range(n_alone):
        if k % 2 == 0:
            root = roots[rng.randrange(len(roots))]
            rs = stems_of[arts.index(root)]
            cands = [i for i in range(len(arts)) if i not in blocked and arts[i].topic == root.topic]
            best = max(cands, key=lambda i: len(rs & stems_of[i]) / len(rs | stems_of[i]), default=None)
            if best is not None:
                standalones.append(take(best))
                continue
        standalones.append(take(next_free()))
    donors = [take(i) for i in order if i not in blocked]
    rng.shuffle(donors)
    nodes: list[Node] = []
    for t, (root, shape) in enumerate(zip(roots, shapes)):
        day = _dt.date(2004, 1, 1) + _dt.timedelta(days=rng.randrange(600))
        tree = [Node(f"t{t}", root.title, [list(p) for p in root.paras], None, t, 0, day)]
        queue = [tree[0]]
        for k in shape:
            parent = queue.pop(0)
            for _ in range(k):
                child = make_child(rng, parent, f"t{t}.{len(tree)}", pool, donors)
                assert parent.date is not None
                child.date = parent.date + _dt.timedelta(days=rng.randint(1, 30))
                tree.append(child)
                queue.append(child)
        nodes.extend(tree)
    for k, a in enumerate(standalones):
        nodes.append(Node(f"s{k}", a.title, [list(p) for p in a.paras], None, -1, 0,
                          _dt.date(2004, 1, 1) + _dt.timedelta(days=rng.randrange(600))))
    rng.shuffle(nodes)
    rename = {n.id: f"d{k:04d}" for k, n in enumerate(nodes)}
    for n in nodes:
        n.id, n.parent = rename[n.id], rename[n.parent] if n.parent else None
        if rng.random() >= DATED_SHARE:
            n.date = None
    return nodes


def _pair_class(u: str, v: str, by_id: dict[str, Node]) -> str:
    """``true`` (parent and child), ``transitive`` (further ancestor), ``same tree`` or ``unrelated``."""
    a, b = by_id[u], by_id[v]
    if a.parent == v or b.parent == u:
        return "true"
    for x, y in ((a, b), (b, a)):
        p = y.parent
        while p is not None:
            if p == x.id:
                return "transitive"
            p = by_id[p].parent
    return "same tree" if a.tree == b.tree and a.tree >= 0 else "unrelated"


def evaluate(nodes: list[Node], derivation: Any, reuse: Any) -> dict[str, Any]:
    """Precision, recall and direction accuracy of the derivation view against the copy trees."""
    by_id = {n.id: n for n in nodes}
    truth = {frozenset((n.parent, n.id)) for n in nodes if n.parent}
    classes: Counter[str] = Counter()
    dirs: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    wrong: list[dict[str, Any]] = []
    for u, v, d in derivation.edges(data=True):
        c = _pair_class(u, v, by_id)
        classes[c] += 1
        if c != "true":
            wrong.append({"source": u, "target": v, "class": c, "kind": d["kind"], "share": d["share"]})
            continue
        kinds[d["kind"]] += 1
        if d["direction"] == "undetermined":
            dirs["undetermined"] += 1
        else:
            ok = by_id[v].parent == u
            dirs[f"{'right' if ok else 'wrong'} ({d['direction']})"] += 1
    found = classes["true"]
    in_reuse = sum(1 for t in truth if reuse.has_edge(*t) or reuse.has_edge(*reversed(list(t))))
    determined = sum(n for k, n in dirs.items() if k != "undetermined")
    right = sum(n for k, n in dirs.items() if k.startswith("right"))
    missed = [sorted(t) for t in truth if not derivation.has_edge(*t) and not derivation.has_edge(*reversed(list(t)))]
    return {
        "predicted_edges": derivation.number_of_edges(),
        "true_edges": len(truth),
        "precision": found / max(1, derivation.number_of_edges()),
        "recall": found / max(1, len(truth)),
        "direction_accuracy": right / max(1, determined),
        "classes": dict(classes),
        "direction": dict(dirs),
        "kinds_of_true_edges": dict(kinds),
        "true_edges_in_reuse_view": in_reuse,
        "reuse_edges": reuse.number_of_edges(),
        "wrong_edges": wrong,
        "missed_edges": missed,
    }


def parameters() -> dict[str, Any]:
    """The generator's settings, as printed and stored with the results."""
    return {
        "standalone_share": STANDALONE_SHARE, "max_depth": MAX_DEPTH, "max_branch": MAX_BRANCH,
        "child_weights": CHILD_WEIGHTS, "max_tree": MAX_TREE, "delete_rate": DELETE_RATE,
        "min_keep": MIN_KEEP, "edit_prob": EDIT_PROB, "dated_share": DATED_SHARE,
        "overlap": {"shared_run_words": SHARED_RUN_WORDS, "shingle_jaccard": OVERLAP_JACCARD},
        "substitutions": len(SUBSTITUTIONS),
    }


def format_report(r: dict[str, Any]) -> str:
    """The result table."""
    m = r["measures"]
    p = r["parameters"]
    c = m["classes"]
    d = m["direction"]
    ok = {k: m[key] >= THRESHOLDS[k] for k, key in
          (("precision", "precision"), ("recall", "recall"), ("direction", "direction_accuracy"))}
    und = d.get("undetermined", 0)
    by_basis = ", ".join(f"{k} {n}" for k, n in sorted(d.items()) if k != "undetermined")
    trees = r["corpus"]
    lines = [
        f"BBC lineage: {trees['docs']} docs ({trees['in_trees']} in {trees['trees']} copy trees, "
        f"{trees['standalone']} standalone; {trees['dated']} dated), seed {r['seed']}, jobs {r['jobs']}",
        f"generator: depth <= {p['max_depth']}, branching <= {p['max_branch']} (P(0..3 children) "
        f"{'/'.join(str(x) for x in p['child_weights'])}), tree <= {p['max_tree']} docs; "
        f"delete {p['delete_rate'][0]:.0%}-{p['delete_rate'][1]:.0%} of sentences (keep >= {p['min_keep']:.0%})",
        "  edit probabilities: " + ", ".join(f"{k} {v}" for k, v in p["edit_prob"].items())
        + f"; dated {p['dated_share']:.0%}; {p['substitutions']} substitution pairs",
        f"  depth of children: {trees['depths']}; tree sizes: {trees['sizes']}",
        "",
        f"{'measure':<22}{'value':>8}{'floor':>8}",
        f"{'edge precision':<22}{m['precision']:>8.3f}{THRESHOLDS['precision']:>8.2f}  {'ok' if ok['precision'] else 'BELOW'}",
        f"{'edge recall':<22}{m['recall']:>8.3f}{THRESHOLDS['recall']:>8.2f}  {'ok' if ok['recall'] else 'BELOW'}",
        f"{'direction accuracy':<22}{m['direction_accuracy']:>8.3f}{THRESHOLDS['direction']:>8.2f}  "
        f"{'ok' if ok['direction'] else 'BELOW'}",
        "",
        f"predicted edges {m['predicted_edges']}: parent-child {c.get('true', 0)}, transitive "
        f"{c.get('transitive', 0)}, same tree {c.get('same tree', 0)}, unrelated {c.get('unrelated', 0)}",
        f"true edges {m['true_edges']}: found {c.get('true', 0)} (in the reuse view "
        f"{m['true_edges_in_reuse_view']} of {m['reuse_edges']} reuse edges), missed {len(m['missed_edges'])}",
        f"direction of found edges: {by_basis}; undetermined {und}",
        "kinds of found edges: " + ", ".join(f"{k} {n}" for k, n in sorted(m["kinds_of_true_edges"].items())),
        f"time: generate {r['generate_s']:.1f} s, build_graphs {r['graph_s']:.1f} s "
        f"({r['candidate_pairs']} candidate pairs)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, build the graphs and print (and optionally save) the measures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=None, help="eval root (default: $LINEAGE_EVAL or ../shared/eval)")
    ap.add_argument("--docs", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for build_graphs (default 2)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON to this file")
    ap.add_argument("--corpus-out", type=Path, default=None, help="write the generated corpus as JSON Lines")
    args = ap.parse_args(argv)
    root = eval_root(args.data) / "bbc"
    if not root.is_dir():
        print(f"skipped: BBC articles ({root}) not found")
        return 0
    t0 = time.perf_counter()
    nodes = generate(read_bbc(root), args.docs, args.seed)
    t1 = time.perf_counter()
    docs = [Document.from_text(n.text(), id=n.id, date=n.date.isoformat() if n.date else None) for n in nodes]
    graphs = build_graphs(docs, jobs=args.jobs)
    t2 = time.perf_counter()
    sizes = Counter(n.tree for n in nodes if n.tree >= 0)
    report = {
        "benchmark": "bbc_lineage", "seed": args.seed, "jobs": args.jobs,
        "lineage_version": version("lineage"), "generate_s": t1 - t0, "graph_s": t2 - t1,
        "candidate_pairs": graphs.reuse.graph["options"]["candidate_pairs"],
        "corpus": {
            "docs": len(nodes), "trees": len(sizes), "in_trees": sum(sizes.values()),
            "standalone": sum(1 for n in nodes if n.tree < 0), "dated": sum(1 for n in nodes if n.date),
            "depths": dict(sorted(Counter(n.depth for n in nodes if n.parent).items())),
            "sizes": dict(sorted(Counter(sizes.values()).items())),
        },
        "parameters": parameters(),
        "measures": evaluate(nodes, graphs.derivation, graphs.reuse),
    }
    print(format_report(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.corpus_out:
        args.corpus_out.parent.mkdir(parents=True, exist_ok=True)
        with args.corpus_out.open("w", encoding="utf-8") as fh:
            for n, d in zip(nodes, docs):
                fh.write(json.dumps({"id": n.id, "text": d.text, "date": d.date, "parent": n.parent,
                                     "tree": n.tree, "depth": n.depth, "edits": n.edits}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
