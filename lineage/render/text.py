"""Plain-text report of a comparison, for terminals and pipes."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..comparison import CompareResult
    from ..findings import Finding

_WIDTH = 100


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), _WIDTH, initial_indent=indent, subsequent_indent=indent + "   ")


def compare_report(r: "CompareResult", verbose: bool = False) -> str:
    """Human-readable report: verdict, figures, source and evidence, pairs, unaligned, findings."""
    a, b = r.a.document, r.b.document
    ta, tb = a.text, b.text
    out = [f"A: {a.id}" + (f"  ({r.a.date})" if r.a.date else "")]
    out.append(f"B: {b.id}" + (f"  ({r.b.date})" if r.b.date else ""))
    out.append("")
    out.append(f"verdict: {r.verdict}  (reused: {r.a.reused:.0%} of A, {r.b.reused:.0%} of B)")
    s, sig = r.similarity, r.signature
    out.append(
        f"similarity: jaccard {s.jaccard:.2f}, containment A in B {s.containment_a_in_b:.2f}, "
        f"B in A {s.containment_b_in_a:.2f}"
    )
    out.append(
        f"  (MinHash: {sig.shingle_size}-word shingles, {sig.num_perm} permutations, seed {sig.seed}, "
        f"datasketch scheme {sig.scheme}, {sig.shingle_hash})"
    )
    d = r.direction
    if r.reuse_found:
        if d.source is None:
            out.append("source: undetermined (the evidence is too weak to say which text came first)")
        else:
            src = a if d.source == "a" else b
            out.append(f"source: {d.source.upper()} ({src.id}), confidence {d.confidence:.2f}")
        for e in d.evidence:
            out.append(_wrap(f"- {e.reason}", "  "))
    out.append("")
    out.append(f"aligned sentences: {len(r.pairs)}")
    for p in r.pairs:
        ia = ",".join(str(i) for i in p.a)
        ib = ",".join(str(i) for i in p.b)
        out.append(f"  A[{ia}] ~ B[{ib}]  {p.score:.2f} {p.label}")
        out.append(_wrap("A: " + _short(ta[p.a_start:p.a_end], 400 if verbose else 160), "    "))
        out.append(_wrap("B: " + _short(tb[p.b_start:p.b_end], 400 if verbose else 160), "    "))
    for name, side in (("A", r.a), ("B", r.b)):
        out.append("")
        out.append(f"only in {name}: {len(side.unaligned)} sentence(s)")
        for seg in side.unaligned:
            out.append(_wrap(f"{name}[{seg.index}] " + _short(seg.text), "  "))
    if r.passages:
        out.append("")
        out.append(f"reused passages: {len(r.passages)}")
        for ps in r.passages:
            out.append(
                f"  A {ps.a_start}-{ps.a_end} ~ B {ps.b_start}-{ps.b_end}: "
                f"{ps.pairs} pair(s), {ps.label}, score {ps.score:.2f}"
            )
    if r.findings:
        out.append("")
        src_name = "B" if d.source == "b" else "A"
        dst_name = "A" if src_name == "B" else "B"
        out.append(f"findings: {len(r.findings)}  (what {dst_name} changed from {src_name})")
        groups: dict[str, list[Finding]] = {}
        for f in r.findings:
            groups.setdefault(f.kind, []).append(f)
        for kind, items in sorted(groups.items(), key=lambda kv: -max(f.severity for f in kv[1])):
            out.append(f"  {kind} ({len(items)})")
            for f in items:
                out.append(_wrap(f"[{f.severity:.2f}] {f.explanation}", "    "))
                if f.src_span:
                    out.append(_wrap(f"{src_name} {f.src_span[0]}-{f.src_span[1]}: {_short(f.src_excerpt)}", "      "))
                if f.dst_span:
                    out.append(_wrap(f"{dst_name} {f.dst_span[0]}-{f.dst_span[1]}: {_short(f.dst_excerpt)}", "      "))
    return "\n".join(out)

