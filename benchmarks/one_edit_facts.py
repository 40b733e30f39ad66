"""Edit sites for three more kinds of one-edit copy: a "no" dropped, a role's rank dropped, a name truncated.

Used by :mod:`benchmarks.one_edit_sites`, whose :data:`EXPECTED` and
:data:`FINDERS` they join (kept apart for that module's size).  Each finder
reads the article as plain text, without lineage's own extractors.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from benchmarks.bbc_edits import NOT_NAMES

if TYPE_CHECKING:
    from benchmarks.one_edit_sites import Article, Edit

#: Finding kinds naming each kind of edit here.
FACT_EXPECTED: dict[str, frozenset[str] | None] = {
    "negation-no": frozenset({"negation-flipped"}),
    "role-rank": frozenset({"role-changed"}),
    "name-truncated": frozenset({"name-changed"}),
}

#: Words after "no" that make an idiom rather than a negated noun ("no longer", "no one", "no more").
NO_IDIOMS = frozenset("longer one more less matter way sooner fewer further such other better worse".split())
NO_NOUN = re.compile(r"\b([Nn]o) ([a-z]{3,})\b")
#: A rank word before a role, and the role's head word.
RANK = re.compile(r"\b(deputy|vice|former|acting|assistant|interim|Deputy|Vice|Former|Acting|Assistant|Interim) "
                  r"((?:[A-Za-z-]+ ){0,2}?(?:minister|president|chairman|director|secretary|leader|chief|governor|"
                  r"manager|editor|commissioner|ambassador|head|spokesman|spokeswoman|chancellor|captain|coach|"
                  r"boss|executive|officer|Minister|President|Chairman|Director|Secretary|Leader|Chancellor))\b")
PERSON_AFTER = re.compile(r" [A-Z][a-z]+ [A-Z][a-z'-]+\b")
PERSON_BEFORE = re.compile(r"[A-Z][a-z]+ [A-Z][a-z'-]+, (?:the |its |their )?$")
FULL_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]+) ([A-Z][a-z'-]+)(?![\w-])")


def _negation_no(a: "Article", rng: random.Random, pool: list[str]) -> list["Edit | None"]:
    """ "No consensus was reached" -> "Consensus was reached"; "had no plans" -> "had plans"."""
    out = []
    for m in NO_NOUN.finditer(a.text):
        head = m.group(2)
        if head in NO_IDIOMS or not a.outside(m.span()):
            continue
        new = head.capitalize() if m.group(1) == "No" else head
        out.append(a.edit("negation-no", m.span(), new, (head,), (head,)))
    return out


def _role_rank(a: "Article", rng: random.Random, pool: list[str]) -> list["Edit | None"]:
    """ "former England captain Martin Johnson" -> "England captain Martin Johnson"."""
    out = []
    for m in RANK.finditer(a.text):
        named = PERSON_AFTER.match(a.text, m.end()) or PERSON_BEFORE.search(a.text[max(0, m.start() - 60):m.start()])
        if not named or not a.outside(m.span()):
            continue
        head = m.group(2).split()[-1]
        out.append(a.edit("role-rank", (m.start(), m.start(2)), "", (m.group(1),), (head,)))
    return out


def _name_truncated(a: "Article", rng: random.Random, pool: list[str]) -> list["Edit | None"]:
    """A person's two-word name given once in full, and elsewhere by the last word ("Mr Blair", "Blair said"), cut to it."""
    out = []
    for m in FULL_NAME.finditer(a.text):
        first, last = m.group(1), m.group(2)
        before = a.text[max(0, m.start() - 2):m.start()]
        after = a.text[m.end():m.end() + 2]
        if ({first, last} & NOT_NAMES or re.search(r"[A-Z]\w*\s$", a.text[max(0, m.start() - 20):m.start()])
                or re.match(r"\s[A-Z]", after) or not a.outside(m.span()) or before.endswith("'")):
            continue  # a common word, part of a longer name, or quoted
        if a.text.count(m.group()) != 1:
            continue
        alone = len(re.findall(rf"(?<![\w-]){re.escape(last)}(?![\w-])", a.text))
        person = re.search(rf"\b(?:Mr|Mrs|Ms|Dr) {re.escape(last)}\b|\b{re.escape(last)} (?:said|says|added|told)\b",
                           a.text)
        if alone < 2 or not person:
            continue  # the article never calls a person by the last name alone
        out.append(a.edit("name-truncated", m.span(), last, (first,), (last,)))
    return out


FACT_FINDERS = {"negation-no": _negation_no, "role-rank": _role_rank, "name-truncated": _name_truncated}
