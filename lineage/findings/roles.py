"""Roles that changed rank: "deputy prime minister" -> "prime minister", "chairman" -> "former chairman"."""

from __future__ import annotations

import re

from ..text.names import RANK_WORDS, NameMention
from ..text.spans import Span
from .checker import per_passage
from .context import PairContext
from .finding import Finding, make_finding

_WORD = re.compile(r"[^\W\d_]+")


def _ranks(text: str, span: Span) -> frozenset[str]:
    """The rank words of a role."""
    return frozenset(w for w in (x.lower() for x in _WORD.findall(text, span[0], span[1])) if w in RANK_WORDS)


def _heads(n: NameMention) -> frozenset[str]:
    """The role's head words, hyphenated ones split ("vice-president" -> "president")."""
    return frozenset(p for k in n.role_keys for p in k.split("-")) - RANK_WORDS


def role_findings(ctx: PairContext, src_span: Span, dst_span: Span) -> list[Finding]:
    """``role-changed`` findings for one aligned pair: a person's role with a rank word gained or lost."""
    src_text, dst_text = ctx.src_text, ctx.dst_text
    dst = [m for m in ctx.dst.names_in(dst_span) if m.role_span]
    out: list[Finding] = []
    done: set[tuple[str, ...]] = set()
    for n in ctx.src.names_in(src_span):
        if not (n.person and n.role_span) or n.key in done:
            continue
        # The same person (a longer or shorter form of the name) with a role of the same kind:
        # "prime minister" for "deputy prime minister".
        twin = next((m for m in dst if (set(n.key) <= set(m.key) or set(m.key) <= set(n.key))
                     and _heads(n) & _heads(m)), None)
        if twin is None or twin.role_span is None:
            continue
        lost = _ranks(src_text, n.role_span) - _ranks(dst_text, twin.role_span)
        gained = _ranks(dst_text, twin.role_span) - _ranks(src_text, n.role_span)
        if not (lost or gained):
            continue
        done.add(n.key)
        old = " ".join(src_text[n.role_span[0]:n.role_span[1]].split())
        new = " ".join(dst_text[twin.role_span[0]:twin.role_span[1]].split())
        change = "; ".join(f'{what} "{", ".join(sorted(words))}"'
                           for what, words in (("lost", lost), ("gained", gained)) if words)
        out.append(make_finding(
            "role-changed", 0.6, src_text, dst_text, n.role_span, twin.role_span,
            f'The role of "{n.text}" changed rank: "{old}" became "{new}" ({change}).'))
    return out


#: The checker of this module (see :data:`lineage.findings.context.Checker`).
check = per_passage(role_findings)
