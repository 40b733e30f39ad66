"""The side-by-side comparison report: one self-contained, offline HTML page.

Rendered only from a comparison's JSON (schema ``lineage.compare/2``) and the
two full texts, so a saved ``--json`` result renders as well as a live one.
Each text is cut into flat runs (see :mod:`lineage.render.compare_marks`) that
carry their passage, aligned pair, differing words, findings, and whether they
are unaligned or set aside as boilerplate.  Every document string is escaped;
the page holds no JSON, and a Content-Security-Policy admits only its own
inline style and script (by hash), so nothing is fetched and nothing injected
runs.  :func:`compare_section` and :func:`report_page` are the pieces a report
over several comparisons reuses.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..verdict import set_aside_note
from .compare_marks import Mark, Run, cut, pair_diff_marks, span_of

if TYPE_CHECKING:
    from ..comparison import CompareResult

#: Passage colours cycle over this many CSS classes (``c0`` ... ``c7``).
PALETTE = 8
#: Section keys become element ids, so they are kept to plain identifiers.
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
SIDES = ("a", "b")


def esc(value: Any) -> str:
    """``value`` as text safe in HTML content and in quoted attribute values."""
    return escape("" if value is None else str(value), quote=True)


def _num(value: Any, digits: int = 2) -> str:
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return "?"


def _pct(value: Any) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return "?"


def _severity_class(value: Any) -> str:
    try:
        s = float(value)
    except (TypeError, ValueError):
        return "sev1"
    return "sev3" if s >= 0.7 else "sev2" if s >= 0.45 else "sev1"


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _obj(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def side_marks(data: dict[str, Any], text_a: str, text_b: str) -> dict[str, list[Mark]]:
    """Every mark on each text: passages, pairs, differing words, findings, unaligned sentences, boilerplate."""
    texts = {"a": text_a, "b": text_b}
    marks: dict[str, list[Mark]] = {"a": [], "b": []}
    for s in SIDES:
        n = len(texts[s])
        for i, p in enumerate(_dicts(data.get("passages"))):
            sp = span_of(p.get(f"{s}_span"), n)
            if sp:
                marks[s].append(Mark(*sp, "passage", i, str(p.get("label", ""))))
        for k, p in enumerate(_dicts(data.get("pairs"))):
            sp = span_of(p.get(f"{s}_span"), n)
            if sp:
                marks[s].append(Mark(*sp, "pair", k, f"{p.get('label', '')} {_num(p.get('score'))}"))
    diff_a, diff_b = pair_diff_marks(text_a, text_b, _dicts(data.get("pairs")))
    marks["a"] += diff_a
    marks["b"] += diff_b
    unaligned = _obj(data, "unaligned")
    for s in SIDES:
        n = len(texts[s])
        for u in _dicts(unaligned.get(s)):
            sp = span_of(u.get("span"), n)
            if sp:
                marks[s].append(Mark(*sp, "unaligned"))
        for b in _dicts(_obj(data, s).get("boilerplate")):
            sp = span_of(b.get("span"), n)
            if sp:
                marks[s].append(Mark(*sp, "boilerplate", -1, str(b.get("kind", ""))))
        for i, f in enumerate(_dicts(data.get("findings"))):
            sp = span_of(f.get(f"{s}_span"), n)
            if sp:
                marks[s].append(Mark(*sp, "finding", i, _severity_class(f.get("severity"))))
    return marks


def _finding_title(f: dict[str, Any], i: int) -> str:
    return f"#{i + 1} {f.get('kind', '')} (severity {_num(f.get('severity'))}): {f.get('explanation', '')}"


def _run_html(text: str, run: Run, side: str, findings: Sequence[dict[str, Any]]) -> str:
    """One run as escaped text, wrapped in a span carrying its marks when it has any.

    A mark's tooltip and keyboard stop go on its first run only, which keeps
    long texts' pages small.
    """
    body = esc(text[run.start:run.end])
    if not run.marks:
        return body
    classes: list[str] = []
    attrs: dict[str, str] = {}
    titles: list[str] = []
    starts_findings: list[int] = []
    severities: list[str] = []
    for m in run.marks:
        first = run.start == m.start
        if m.kind == "passage" and "data-p" not in attrs:
            classes += ["psg", f"c{m.index % PALETTE}"]
            attrs["data-p"] = str(m.index)
        elif m.kind == "pair" and "data-pair" not in attrs:
            classes.append("pr")
            attrs["data-pair"] = str(m.index)
            if first:
                titles.append(f"aligned pair {m.index + 1}: {m.label}; click to show it in {'B' if side == 'a' else 'A'}")
                attrs["tabindex"] = "0"
                attrs["role"] = "button"
        elif m.kind == "diff":
            classes += ["dw", "dw-only" if m.label == "only" else "dw-chg"]
        elif m.kind == "finding":
            attrs["data-f"] = (attrs.get("data-f", "") + f" {m.index}").strip()
            severities.append(m.label)
            if first:
                titles.append(_finding_title(findings[m.index], m.index))
                starts_findings.append(m.index)
        elif m.kind == "unaligned":
            classes.append("un")
            if first:
                titles.append(f"only in {side.upper()}")
        elif m.kind == "boilerplate":
            classes.append("bp")
            if first:
                titles.append(f"set aside as boilerplate: {m.label}")
                attrs["data-bp"] = m.label
    if "data-pair" in attrs and "data-p" not in attrs:
        classes.append("cx")
    if severities:
        classes += ["fd", max(severities)]
    if starts_findings:
        classes.append("fs")
        attrs["data-fn"] = " ".join(str(i + 1) for i in starts_findings)
    if titles:
        attrs["title"] = "\n".join(dict.fromkeys(titles))
    attr_text = "".join(f' {k}="{esc(v)}"' for k, v in attrs.items())
    return f'<span class="{" ".join(dict.fromkeys(classes))}"{attr_text}>{body}</span>'


def _column(data: dict[str, Any], side: str, text: str, marks: Iterable[Mark]) -> str:
    """One text's column: its heading and the text cut into marked runs."""
    info = _obj(data, side)
    findings = _dicts(data.get("findings"))
    runs = "".join(_run_html(text, r, side, findings) for r in cut(len(text), marks))
    name = side.upper()
    details = [esc(info.get("title"))] if info.get("title") and info.get("title") != info.get("id") else []
    for key in ("source", "date"):
        if info.get(key):
            details.append(f'<span class="doc-{key}">{esc(info.get(key))}</span>')
    details.append(f"{_pct(info.get('reused'))} reused")
    meta = " \u00b7 ".join(details)
    return (
        f'<div class="col" data-col="{side}">'
        f'<h2><span class="side">{name}</span> <span class="doc-id">{esc(info.get("id"))}</span></h2>'
        f'<p class="doc-meta">{meta}{"<br>" + url_span(info.get("url")) if info.get("url") else ""}</p>'
        f'<div class="text" data-side="{side}" tabindex="0" aria-label="Text {name}">{runs}</div></div>'
    )


def url_span(url: Any) -> str:
    """A document's address: a link when it is a web address (http or https), else plain text."""
    text = "" if url is None else str(url)
    if re.match(r"https?://", text, re.I):
        return (f'<a class="doc-url" href="{esc(text)}" rel="noopener noreferrer nofollow" '
                f'referrerpolicy="no-referrer">{esc(text)}</a>')
    return f'<span class="doc-url">{esc(text)}</span>'


def _places(f: dict[str, Any], i: int, lengths: dict[str, int]) -> str:
    out = []
    for s in SIDES:
        sp = span_of(f.get(f"{s}_span"), lengths[s])
        if sp:
            out.append(f'<button class="link" data-goto-f="{i}" data-side="{s}">{s.upper()} {sp[0]}\u2013{sp[1]}</button>')
    return " ".join(out) or '<span class="muted">no place in either text</span>'


def _findings(data: dict[str, Any], lengths: dict[str, int]) -> str:
    """The side panel: every finding with its kind, severity, explanation and links to its places."""
    findings = _dicts(data.get("findings"))
    src = _obj(data, "direction").get("source")
    copy = "A" if src == "b" else "B"
    heading = f"Findings ({len(findings)})"
    if findings:
        sub = f"what {copy} changed from {'A' if copy == 'B' else 'B'}"
        if src not in SIDES:
            sub += ", A taken as the source (direction undetermined)"
    else:
        sub = "none" if data.get("reuse_found") else "none: findings are sought only where one text reuses the other"
    items = []
    for i, f in enumerate(findings):
        items.append(
            f'<li class="finding {_severity_class(f.get("severity"))}" data-f="{i}">'
            f'<div class="fhead"><span class="fnum">{i + 1}</span> <span class="fkind">{esc(f.get("kind"))}</span>'
            f' <span class="fsev" title="severity, 0-1">{_num(f.get("severity"))}</span></div>'
            f'<p class="fexp">{esc(f.get("explanation"))}</p>'
            f'<div class="fplaces">{_places(f, i, lengths)}</div></li>'
        )
    return (f'<aside class="findings" aria-label="Findings"><h2>{heading}</h2><p class="muted">{sub}</p>'
            f'<ol>{"".join(items)}</ol></aside>')


def _summary(data: dict[str, Any]) -> str:
    """Verdict, shares, source and evidence, similarity, signature and passages: the top of a section."""
    a, b = _obj(data, "a"), _obj(data, "b")
    verdict = str(data.get("verdict", "?"))
    slug = re.sub(r"[^a-z]+", "-", verdict.lower())
    rows = [
        (f'<div class="verdict-line"><span class="verdict v-{esc(slug)}">{esc(verdict)}</span>'
         f' <span>reused: <b>{_pct(a.get("reused"))}</b> of A, <b>{_pct(b.get("reused"))}</b> of B</span></div>'),
        '<dl class="facts">',
    ]
    note = set_aside_note(verdict, [str(k) for k in data.get("set_aside_differs") or ()])
    if note:
        rows.append(f"<dt>note</dt><dd>{esc(note)}</dd>")
    d = _obj(data, "direction")
    if data.get("reuse_found"):
        src = d.get("source")
        if src in SIDES:
            who = esc(_obj(data, src).get("id"))
            rows.append(f'<dt>source</dt><dd><b>{src.upper()}</b> ({who}), confidence {_num(d.get("confidence"))}</dd>')
        else:
            rows.append("<dt>source</dt><dd>undetermined (the evidence is too weak to say which text came first)</dd>")
        evidence = "".join(f"<li>{esc(e.get('reason'))}</li>" for e in _dicts(d.get("evidence")))
        if evidence:
            rows.append(f'<dt>evidence</dt><dd><ul class="evidence">{evidence}</ul></dd>')
    else:
        rows.append("<dt>source</dt><dd>none: neither text reuses the other</dd>")
    s = _obj(data, "similarity")
    rows.append(f'<dt>similarity</dt><dd>Jaccard {_num(s.get("jaccard"))} \u00b7 containment A in B '
                f'{_num(s.get("containment_a_in_b"))}, B in A {_num(s.get("containment_b_in_a"))}</dd>')
    g = _obj(data, "signature")
    rows.append(f'<dt>signature</dt><dd>MinHash, {esc(g.get("shingle_size"))}-word shingles, '
                f'{esc(g.get("num_perm"))} permutations, seed {esc(g.get("seed"))}; {esc(g.get("library"))} '
                f'{esc(g.get("library_version"))} scheme {esc(g.get("scheme"))}, {esc(g.get("shingle_hash"))}</dd>')
    passages = _dicts(data.get("passages"))
    if passages:
        links = " ".join(
            f'<button class="link" data-goto-p="{i}"><span class="sw c{i % PALETTE}"></span>'
            f'{i + 1}: A {esc(span_text(p.get("a_span")))} ~ B {esc(span_text(p.get("b_span")))}, '
            f'{esc(p.get("pairs"))} pair(s), {esc(p.get("label"))} {_num(p.get("score"))}</button>'
            for i, p in enumerate(passages))
        rows.append(f"<dt>passages</dt><dd>{links}</dd>")
    rows.append("</dl>")
    return f'<div class="summary">{"".join(rows)}</div>'


def span_text(value: Any) -> str:
    """A span as ``start–end`` for reading, or an empty string."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{value[0]}\u2013{value[1]}"
    return ""


LEGEND = (
    '<div class="legend"><span class="psg c0">aligned passage</span> <span class="psg c0"><span class="dw dw-chg">'
    'words that differ</span></span> <span class="psg c0"><span class="dw dw-only">words only on this side</span></span> '
    '<span class="fd sev3">finding, high</span> <span class="fd sev2">medium</span> '
    '<span class="fd sev1">low</span> <span class="un">only in one text</span> <span class="bp">set aside</span>'
    '<span class="hint">Click a sentence to show its counterpart, a finding to see its places; Escape clears.</span></div>'
)


def compare_section(data: dict[str, Any], text_a: str, text_b: str, key: str = "cmp") -> str:
    """One comparison side by side: summary on top, the two texts in columns, findings beside them.

    Parameters
    ----------
    data : dict
        The comparison as ``CompareResult.to_dict()`` gives it (schema ``lineage.compare/2``).
    text_a, text_b : str
        The full texts of A and B, which the spans index.
    key : str
        The section's id, unique on its page (letters, digits, ``_`` and ``-``).

    Returns
    -------
    str
        An HTML ``<section>`` for :func:`report_page`.
    """
    if not KEY.match(key):
        raise ValueError(f"section key must be a plain identifier, got {key!r}")
    marks = side_marks(data, text_a, text_b)
    lengths = {"a": len(text_a), "b": len(text_b)}
    return (
        f'<section class="cmp" id="{key}">{_summary(data)}{LEGEND}<div class="grid">'
        f'{_column(data, "a", text_a, marks["a"])}{_column(data, "b", text_b, marks["b"])}'
        f"{_findings(data, lengths)}</div></section>"
    )


@cache
def asset(name: str) -> str:
    """A file of ``lineage/data`` (a page's style or script) as text."""
    return files("lineage").joinpath(f"data/{name}").read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source (``sha256-...``) that admits exactly this inline style or script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def report_page(title: str, sections: Sequence[str], heading: str = "") -> str:
    """A whole page around report sections, with the report's style and script inline.

    Parameters
    ----------
    title : str
        Plain text for the page title (escaped here).
    sections : sequence of str
        HTML from :func:`compare_section` (or other markup already escaped).
    heading : str, optional
        HTML shown in the page header under the title (already escaped).

    Returns
    -------
    str
        A complete HTML document that works offline.
    """
    css, js = asset("compare_page.css"), asset("compare_page.js")
    csp = (f"default-src 'none'; style-src '{csp_hash(css)}'; script-src '{csp_hash(js)}'; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n"
        f'<body class="{"one" if len(sections) == 1 else "many"}">\n'
        f'<header class="page-head"><h1>{esc(title)}</h1>{heading}</header>\n<main>\n'
        + "\n".join(sections)
        + f"\n</main>\n<script>{js}</script>\n</body>\n</html>\n"
    )


def compare_page(data: dict[str, Any], text_a: str, text_b: str) -> str:
    """The comparison report of two texts as one self-contained HTML page.

    Parameters
    ----------
    data : dict
        The comparison as ``CompareResult.to_dict()`` gives it (schema ``lineage.compare/2``).
    text_a, text_b : str
        The full texts of A and B, which the spans index.

    Returns
    -------
    str
        A complete HTML document: verdict, direction and evidence on top, the
        texts side by side with aligned passages in matching colours, the words
        that differ inside each aligned pair, and the findings at their places.

    Examples
    --------
    >>> from lineage import compare
    >>> r = compare("The cat sat on the mat today.", "The cat sat on the mat today.")
    >>> compare_page(r.to_dict(), r.a.document.text, r.b.document.text).startswith("<!DOCTYPE html>")
    True
    """
    a, b = _obj(data, "a"), _obj(data, "b")
    title = f"lineage: {a.get('id', 'A')} vs {b.get('id', 'B')}"
    return report_page(title, [compare_section(data, text_a, text_b)])


def compare_page_from_result(result: CompareResult) -> str:
    """:func:`compare_page` of a live comparison result."""
    return compare_page(result.to_dict(), result.a.document.text, result.b.document.text)
