"""Plain-text report of a comparison, for terminals and pipes, wrapped to a given width."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TYPE_CHECKING

from ..verdict import set_aside_note

if TYPE_CHECKING:
    from ..comparison import CompareResult, Side
    from ..findings import Finding

#: Width used when none is given (a terminal's default).
WIDTH = 80


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


class _Out:
    """Lines of the report, each wrapped to the width, continuation lines indented three more columns."""

    def __init__(self, width: int) -> None:
        self.width = max(20, width)
        self.lines: list[str] = []

    def __call__(self, text: str = "", indent: str = "", more: str = "   ") -> None:
        if not text:
            self.lines.append("")
            return
        self.lines.append(textwrap.fill(" ".join(text.split()), self.width, initial_indent=indent,
                                        subsequent_indent=indent + more, break_on_hyphens=False,
                                        break_long_words=False))


def _header(out: _Out, name: str, side: "Side") -> None:
    """A document's line: name, id and date, then its title, source and address when known."""
    d = side.document
    out(f"{name}: {d.id}" + (f"  ({side.date})" if side.date else ""))
    title = d.title or side.prepared.layout.title
    about = [f"\u201c{title}\u201d" if title else "", d.source or "", d.url or ""]
    if any(about):
        out(" \u00b7 ".join(x for x in about if x), "   ", "")


def why(r: "CompareResult") -> str:
    """One line saying why two texts were judged related or unrelated rather than one reusing the other."""
    ev, s = r.evidence, r.similarity
    shared = max(s.containment_a_in_b, s.containment_b_in_a)
    shingles = f"word shingles shared: {s.jaccard:.0%} ({shared:.0%} of the more contained text)"
    n = len(r.pairs)
    if ev.template:
        return (f"{n} sentence(s) share one fixed form but hardly any of their figures: the same format "
                f"filled with other facts, not a copy; {shingles}")
    if not n:
        return f"no sentence of one text aligns with the other; {shingles}"
    if ev.quoted_pairs >= n:
        return (f"the only aligned sentence{'s are quotations' if n > 1 else ' is a quotation'} both texts carry: "
                f"the same story told, not copied; {shingles}")
    best = max(p.score for p in r.pairs)
    quoted = f", {ev.quoted_pairs} of them a shared quotation" if ev.quoted_pairs else ""
    return (f"{n} sentence pair(s) align{quoted} (best score {best:.2f}), covering {r.a.reused:.0%} of A and "
            f"{r.b.reused:.0%} of B: too little, or too scattered, to be reuse; {shingles}")


def _boilerplate(out: _Out, r: "CompareResult", show: bool) -> None:
    """A line saying what was set aside as page furniture in each text; with ``show``, every such stretch."""
    parts = []
    for name, side in (("A", r.a), ("B", r.b)):
        regions = side.prepared.layout.boilerplate()
        chars = sum(x.end - x.start for x in regions)
        kinds = Counter(x.kind for x in regions)
        detail = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        parts.append(f"{name} {len(regions)} line(s), {chars:,} characters" + (f" ({detail})" if detail else ""))
    verb = "kept in the comparison (--keep-boilerplate)" if r.options.keep_boilerplate else "set aside"
    hint = "" if show or not any(s.prepared.layout.boilerplate() for s in (r.a, r.b)) else "; --show-boilerplate lists it"
    out(f"boilerplate {verb}: " + "; ".join(parts) + hint)
    if not show:
        return
    for name, side in (("A", r.a), ("B", r.b)):
        text = side.document.text
        for x in side.prepared.layout.boilerplate():
            out(f"{name} {x.start}-{x.end} {x.kind}: {_short(text[x.start:x.end], 120)}", "  ")


def compare_report(r: "CompareResult", verbose: bool = False, width: int = WIDTH, show_boilerplate: bool = False) -> str:
    """Human-readable report: verdict, figures, source and evidence, pairs, unaligned, findings.

    Parameters
    ----------
    r : CompareResult
        The comparison.
    verbose : bool
        Longer excerpts; for texts judged related or unrelated, their aligned
        and unaligned sentences too (otherwise one line says why).
    width : int
        Columns to wrap to.
    show_boilerplate : bool
        List every stretch set aside as page furniture, not only their count.
    """
    a, b = r.a.document, r.b.document
    ta, tb = a.text, b.text
    out = _Out(width)
    _header(out, "A", r.a)
    _header(out, "B", r.b)
    out()
    out(f"verdict: {r.verdict}  (reused: {r.a.reused:.0%} of A, {r.b.reused:.0%} of B)")
    note = set_aside_note(r.verdict, r.set_aside_differs)
    if note:
        out(f"note: {note}", "", "      ")
    if not r.reuse_found:
        out(f"why: {why(r)}", "", "     ")
    s, sig = r.similarity, r.signature
    out(f"similarity: jaccard {s.jaccard:.2f}, containment A in B {s.containment_a_in_b:.2f}, "
        f"B in A {s.containment_b_in_a:.2f}")
    out(f"(MinHash: {sig.shingle_size}-word shingles, {sig.num_perm} permutations, seed {sig.seed}, "
        f"datasketch scheme {sig.scheme}, {sig.shingle_hash})", "  ")
    d = r.direction
    if r.reuse_found:
        if d.source is None:
            out("source: undetermined (the evidence is too weak to say which text came first)")
        else:
            src = a if d.source == "a" else b
            out(f"source: {d.source.upper()} ({src.id}), confidence {d.confidence:.2f}")
        for e in d.evidence:
            out(f"- {e.reason}", "  ")
    _boilerplate(out, r, show_boilerplate)
    if r.reuse_found or verbose:
        _sentences(out, r, ta, tb, verbose)
    if r.passages:
        out()
        out(f"reused passages: {len(r.passages)}")
        for ps in r.passages:
            out(f"A {ps.a_start}-{ps.a_end} ~ B {ps.b_start}-{ps.b_end}: {ps.pairs} pair(s), {ps.label}, "
                f"score {ps.score:.2f}", "  ")
    if r.findings:
        _findings(out, r)
    return "\n".join(out.lines)


def _sentences(out: _Out, r: "CompareResult", ta: str, tb: str, verbose: bool) -> None:
    """The aligned pairs with both sentences, then each text's unaligned sentences."""
    out()
    out(f"aligned sentences: {len(r.pairs)}")
    for p in r.pairs:
        ia = ",".join(str(i) for i in p.a)
        ib = ",".join(str(i) for i in p.b)
        out(f"A[{ia}] ~ B[{ib}]  {p.score:.2f} {p.label}", "  ")
        out("A: " + _short(ta[p.a_start:p.a_end], 400 if verbose else 160), "    ")
        out("B: " + _short(tb[p.b_start:p.b_end], 400 if verbose else 160), "    ")
    for name, side in (("A", r.a), ("B", r.b)):
        out()
        out(f"only in {name}: {len(side.unaligned)} sentence(s)")
        for seg in side.unaligned:
            out(f"{name}[{seg.index}] " + _short(seg.text), "  ")


def _findings(out: _Out, r: "CompareResult") -> None:
    """The findings grouped by kind, most severe kind first, each with its places in both texts."""
    out()
    src_name = "B" if r.direction.source == "b" else "A"
    dst_name = "A" if src_name == "B" else "B"
    out(f"findings: {len(r.findings)}  (what {dst_name} changed from {src_name})")
    groups: dict[str, list[Finding]] = {}
    for f in r.findings:
        groups.setdefault(f.kind, []).append(f)
    for kind, items in sorted(groups.items(), key=lambda kv: -max(f.severity for f in kv[1])):
        out(f"{kind} ({len(items)})", "  ")
        for f in items:
            out(f"[{f.severity:.2f}] {f.explanation}", "    ")
            if f.src_span:
                out(f"{src_name} {f.src_span[0]}-{f.src_span[1]}: {_short(f.src_excerpt)}", "      ")
            if f.dst_span:
                out(f"{dst_name} {f.dst_span[0]}-{f.dst_span[1]}: {_short(f.dst_excerpt)}", "      ")
