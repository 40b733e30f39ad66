"""Reports of an archive check: plain text for terminals, one HTML page, the JSON document.

The page reuses the comparison report's pieces: the ranked sources first,
then one side-by-side section per source (the archived document as A, the
draft as B), so every passage and finding can be read in place.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections import Counter
from typing import TYPE_CHECKING

from ..errors import OptionsError
from .compare_formats import write_text_atomic
from .compare_page import compare_section, esc, report_page

if TYPE_CHECKING:
    from ..archive import CheckReport

#: Report formats of a check by file extension.
CHECK_FORMATS = (".html", ".json")
_WIDTH = 100


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), _WIDTH, initial_indent=indent, subsequent_indent=indent + "   ")


def _direction(direction: str | None, basis: str | None, confidence: float) -> str:
    if direction == "archived":
        return f"the draft derives from it (by {basis or 'evidence'}, confidence {confidence:.2f})"
    return "undetermined"


def check_text(report: "CheckReport", verbose: bool = False) -> str:
    """Human-readable report: the draft, then each source with its shares, direction, passages and findings."""
    d = report.draft
    out = [f"draft: {d.id}" + (f"  ({d.effective_date})" if d.effective_date else "  (no date)")]
    filters = []
    if report.before:
        filters.append(f"sources dated up to {report.before}")
    if report.excluded_sources:
        filters.append(f"excluding {', '.join(report.excluded_sources)}")
    out.append(f"archive: {report.archived:,} documents; {report.candidates:,} candidate(s), "
               f"{report.aligned} compared" + (f"; {'; '.join(filters)}" if filters else ""))
    if not report.sources:
        out.append("no reuse source found")
        return "\n".join(out)
    out.append(f"reused: {report.reused_share:.0%} of the draft, from {len(report.sources)} source(s)")
    for rank, s in enumerate(report.sources, 1):
        doc = s.document
        head = f"{rank}. {doc.id}" + (f"  ({doc.effective_date})" if doc.effective_date else "")
        if doc.source:
            head += f"  [{doc.source}]"
        out += ["", head]
        if doc.title:
            out.append(f"   title: {doc.title}")
        out.append(f"   {s.verdict}: {s.draft_share:.0%} of the draft, {s.source_share:.0%} of the source")
        out.append(f"   direction: {_direction(s.direction, s.basis, s.confidence)}")
        if verbose:
            out += [_wrap(f"- {e}", "     ") for e in s.evidence]
        for p in s.passages[: None if verbose else 3]:
            out.append(f"   passage: draft {p.draft_start}-{p.draft_end} ~ source {p.source_start}-{p.source_end}: "
                       f"{p.label}, {p.pairs} pair(s), score {p.score:.2f}")
        if len(s.passages) > 3 and not verbose:
            out.append(f"   ... {len(s.passages) - 3} more passage(s) (-v shows all)")
        if s.findings:
            kinds = Counter(f.kind for f in s.findings)
            out.append(f"   findings: {len(s.findings)} (what the draft changed): "
                       + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
            for f in sorted(s.findings, key=lambda f: -f.severity)[: None if verbose else 3]:
                out.append(_wrap(f"[{f.severity:.2f}] {f.explanation}", "     "))
    return "\n".join(out)


def _summary_section(report: "CheckReport") -> str:
    rows = []
    for rank, s in enumerate(report.sources, 1):
        doc = s.document
        rows.append(
            f'<dt><a href="#s{rank}">{rank}. {esc(doc.id)}</a></dt><dd>{esc(s.verdict)}: '
            f"<b>{s.draft_share:.0%}</b> of the draft, {s.source_share:.0%} of the source; "
            f"{esc(_direction(s.direction, s.basis, s.confidence))}"
            f"{'; ' + esc(doc.effective_date) if doc.effective_date else ''}{'; ' + esc(doc.source) if doc.source else ''}"
            f"{'; ' + esc(doc.title) if doc.title else ''}; {len(s.findings)} finding(s)</dd>")
    body = "".join(rows) or "<dt>sources</dt><dd>none: the draft reuses no archived document</dd>"
    return (f'<section class="cmp" id="sources"><div class="summary"><div class="verdict-line">'
            f"<span>reused: <b>{report.reused_share:.0%}</b> of the draft, from {len(report.sources)} "
            f'source(s) among {report.archived:,} archived documents</span></div>'
            f'<dl class="facts">{body}</dl><p class="muted">In each comparison below, A is the archived '
            f"document and B the draft.</p></div></section>")


def check_page(report: "CheckReport") -> str:
    """The check as one self-contained HTML page: ranked sources, then each side by side with the draft."""
    sections = [_summary_section(report)]
    for rank, s in enumerate(report.sources, 1):
        r = s.comparison
        sections.append(compare_section(r.to_dict(), r.a.document.text, r.b.document.text, f"s{rank}"))
    return report_page(f"lineage check: {report.draft.id}", sections)


def write_check_report(report: "CheckReport", path: str | os.PathLike[str]) -> None:
    """Write the report to ``path``: ``.html`` a self-contained page, ``.json`` the JSON document."""
    ext = check_format(path)
    text = check_page(report) if ext == ".html" else json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(path, text)


def check_format(path: str | os.PathLike[str]) -> str:
    """The extension of ``path`` when it names a check report format; :class:`OptionsError` otherwise."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in CHECK_FORMATS:
        raise OptionsError(f"cannot write a check report as {ext or 'a file without extension'}: "
                           f"use one of {', '.join(CHECK_FORMATS)}")
    return ext
