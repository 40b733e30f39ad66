"""The comparison report in Markdown, for a ticket or a pull request.

Rendered only from a comparison's JSON (schema ``lineage.compare/2``) and the
two full texts.  Document text is escaped so that it reads as written: no
emphasis, links, headings, tables, HTML or mentions can come out of it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..verdict import set_aside_note
from .compare_marks import span_of

if TYPE_CHECKING:
    from ..comparison import CompareResult

#: Characters that start Markdown syntax anywhere in a line (GitHub flavour: tables, strikethrough, mentions, issues).
INLINE = re.compile(r"([\\`*_\[\]|~@#])")
#: What makes a list, a heading underline or a rule only at the start of a line.
LEAD = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
DASH = "\u2014"
#: A web address that can stand in an autolink: no spaces, angle brackets, pipes or control characters.
URL = re.compile(r"https?://[^\s<>|\\`\x00-\x1f\x7f]+", re.I)
#: Longest excerpt shown in a table cell.
EXCERPT = 200


def md_escape(text: Any) -> str:
    """``text`` on one line with every Markdown and HTML special character escaped.

    Parameters
    ----------
    text : object
        Any value; None becomes an empty string.

    Returns
    -------
    str
        Safe inside a paragraph, a list item or a table cell.

    Examples
    --------
    >>> md_escape("*not bold* <b> | a")
    '\\\\*not bold\\\\* &lt;b&gt; \\\\| a'
    """
    flat = " ".join(("" if text is None else str(text)).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = INLINE.sub(r"\\\1", flat)
    return LEAD.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], flat)


def md_url(url: Any) -> str:
    """A web address as a Markdown autolink (``<https://...>``), anything else escaped as text."""
    text = "" if url is None else str(url)
    if URL.fullmatch(text):
        return f"<{text}>"
    return md_escape(text)


def _quote(text: str, start: int, end: int, skipped: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` as a Markdown block quote, its lines kept and escaped, set-aside stretches named instead."""
    lines: list[str] = []
    pos = start
    for s, e, kind in sorted(skipped):
        s, e = max(s, start), min(e, end)
        if e <= pos or s >= e:
            continue
        lines += [md_escape(line) for line in text[pos:s].splitlines()]
        lines += ["", f"*(set aside: {md_escape(kind)})*", ""]
        pos = e
    lines += [md_escape(line) for line in text[pos:end].splitlines()]
    kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    while kept and not kept[0]:
        kept.pop(0)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(f"> {line}" if line else ">" for line in kept) or ">"


def _short(text: Any, width: int = EXCERPT) -> str:
    flat = " ".join(("" if text is None else str(text)).split())
    return flat if len(flat) <= width else flat[: width - 1] + "\u2026"


def _num(value: Any) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "?"


def _pct(value: Any) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return "?"


def _obj(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _head(data: dict[str, Any]) -> list[str]:
    a, b = _obj(data, "a"), _obj(data, "b")
    out = [f"## lineage: {md_escape(a.get('id'))} vs {md_escape(b.get('id'))}", ""]
    out.append(f"**Verdict: {md_escape(data.get('verdict'))}**, reused: {_pct(a.get('reused'))} of A, "
               f"{_pct(b.get('reused'))} of B")
    note = set_aside_note(str(data.get("verdict")), [str(k) for k in data.get("set_aside_differs") or ()])
    if note:
        out += ["", f"*Note: {md_escape(note)}*"]
    out += ["", "| | document | title | source | date | url | reused |", "|---|---|---|---|---|---|---:|"]
    for name, side in (("A", a), ("B", b)):
        out.append(f"| {name} | {md_escape(side.get('id'))} | {md_escape(side.get('title'))} | "
                   f"{md_escape(side.get('source'))} | {md_escape(side.get('date') or '')} | "
                   f"{md_url(side.get('url'))} | {_pct(side.get('reused'))} |")
    d = _obj(data, "direction")
    out.append("")
    if data.get("reuse_found"):
        src = d.get("source")
        if src in ("a", "b"):
            out.append(f"**Source: {src.upper()}** ({md_escape(_obj(data, src).get('id'))}), "
                       f"confidence {_num(d.get('confidence'))}")
        else:
            out.append("**Source: undetermined** (the evidence is too weak to say which text came first)")
        out += [f"- {md_escape(e.get('reason'))}" for e in _dicts(d.get("evidence"))]
        out.append("")
    s, g = _obj(data, "similarity"), _obj(data, "signature")
    out.append(f"Similarity: Jaccard {_num(s.get('jaccard'))}, containment A in B {_num(s.get('containment_a_in_b'))}, "
               f"B in A {_num(s.get('containment_b_in_a'))} (MinHash: {md_escape(g.get('shingle_size'))}-word "
               f"shingles, {md_escape(g.get('num_perm'))} permutations, seed {md_escape(g.get('seed'))}, "
               f"{md_escape(g.get('library'))} scheme {md_escape(g.get('scheme'))}, {md_escape(g.get('shingle_hash'))})")
    return out


def _findings(data: dict[str, Any]) -> list[str]:
    findings = _dicts(data.get("findings"))
    if not findings:
        return []
    source = _obj(data, "direction").get("source")
    src_name = "B" if source == "b" else "A"
    copy_name = "A" if src_name == "B" else "B"
    note = "" if source in ("a", "b") else " (direction undetermined: A taken as the source)"
    out = ["", f"### Findings ({len(findings)}): what {copy_name} changed from {src_name}{note}", "",
           f"| # | kind | severity | source ({src_name}) | copy ({copy_name}) | explanation |",
           "|---:|---|---:|---|---|---|"]
    for i, f in enumerate(findings, 1):
        out.append(f"| {i} | {md_escape(f.get('kind'))} | {_num(f.get('severity'))} | "
                   f"{md_escape(_short(f.get('src_excerpt'))) or DASH} | "
                   f"{md_escape(_short(f.get('dst_excerpt'))) or DASH} | {md_escape(f.get('explanation'))} |")
    return out


def _set_aside(data: dict[str, Any], side: str, text: str) -> list[tuple[int, int, str]]:
    """The boilerplate spans of one side with their kinds."""
    out = []
    for b in _dicts(_obj(data, side).get("boilerplate")):
        sp = span_of(b.get("span"), len(text))
        if sp:
            out.append((sp[0], sp[1], str(b.get("kind", ""))))
    return out


def _passages(data: dict[str, Any], text_a: str, text_b: str) -> list[str]:
    passages = _dicts(data.get("passages"))
    if not passages:
        return []
    out = ["", f"### Reused passages ({len(passages)})"]
    for i, p in enumerate(passages, 1):
        title = (f"#### Passage {i}: {md_escape(p.get('label'))}, score {_num(p.get('score'))}, "
                 f"{md_escape(p.get('pairs'))} aligned pair(s)")
        out += ["", title]
        for name, text in (("A", text_a), ("B", text_b)):
            sp = span_of(p.get(f"{name.lower()}_span"), len(text))
            if sp:
                out += ["", f"{name} {sp[0]}\u2013{sp[1]}:", "", _quote(text, *sp, _set_aside(data, name.lower(), text))]
    return out


def compare_markdown(data: dict[str, Any], text_a: str, text_b: str) -> str:
    """The comparison report in Markdown: verdict, shares, source and evidence, findings, passages.

    Parameters
    ----------
    data : dict
        The comparison as ``CompareResult.to_dict()`` gives it (schema ``lineage.compare/2``).
    text_a, text_b : str
        The full texts of A and B, which the spans index.

    Returns
    -------
    str
        GitHub-flavoured Markdown: a findings table (kind, severity, source
        excerpt, copy excerpt, explanation) and each reused passage quoted from
        both texts, one after the other.
    """
    return "\n".join(_head(data) + _findings(data) + _passages(data, text_a, text_b)) + "\n"


def compare_markdown_from_result(result: CompareResult) -> str:
    """:func:`compare_markdown` of a live comparison result."""
    return compare_markdown(result.to_dict(), result.a.document.text, result.b.document.text)
