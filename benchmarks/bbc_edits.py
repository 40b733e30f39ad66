"""Copy edits for the BBC lineage benchmark: a child document made from its parent by a random mix of edits.

See :mod:`benchmarks.bbc_lineage` for how the edits are drawn and measured.
Every edit works on paragraphs of sentences and returns a short note of
what it did (kept with the generated corpus for reading).
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from dataclasses import dataclass, field

#: Each sentence is deleted with a probability drawn in this range; at least MIN_KEEP of them are kept.
DELETE_RATE = (0.05, 0.25)
MIN_KEEP = 0.65
#: Probability of each kind of edit in a child (every child gets at least one).
EDIT_PROB = {"delete": 0.8, "reorder": 0.5, "merge-split": 0.5, "numbers": 0.5,
             "names": 0.5, "words": 0.7, "add": 0.5}

#: Hand-made word substitutions (near synonyms), one way only: a copy never restores its parent's word.
SUBSTITUTIONS = [
    ("said", "stated"), ("company", "firm"), ("rose", "increased"), ("fell", "dropped"),
    ("big", "large"), ("rise", "increase"), ("government", "administration"), ("told", "informed"),
    ("help", "assist"), ("buy", "purchase"), ("start", "begin"), ("began", "started"),
    ("showed", "revealed"), ("expected", "forecast"), ("deal", "agreement"), ("plans", "proposals"),
    ("cut", "reduce"), ("major", "key"), ("main", "principal"), ("also", "additionally"),
    ("about", "around"), ("after", "following"), ("people", "individuals"), ("shares", "stock"),
    ("profits", "earnings"), ("win", "victory"), ("match", "game"), ("film", "movie"),
    ("award", "prize"), ("chief", "head"), ("claimed", "argued"), ("added", "continued"),
    ("warned", "cautioned"), ("believe", "think"), ("wants", "hopes"), ("very", "extremely"),
    ("quickly", "rapidly"), ("important", "significant"), ("problem", "issue"), ("recent", "latest"),
    ("users", "customers"), ("firms", "companies"), ("country", "nation"), ("minister", "secretary"),
    ("election", "poll"), ("music", "songs"), ("players", "squad"), ("coach", "manager"),
    ("mobile", "cellular"), ("internet", "online"), ("sales", "turnover"), ("year", "12 months"),
    ("last week", "recently"), ("on Monday", "this week"), ("however", "though"), ("because", "as"),
    ("many", "numerous"), ("show", "demonstrate"), ("number", "figure"), ("price", "cost"),
]
SENTENCE = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"']?[A-Z0-9])")
NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
NOT_NAMES = frozenset("The This That They There These Those When While What Which His Her Its Our Mr Mrs Ms "
                       "Dr But And Monday Tuesday Wednesday Thursday Friday Saturday Sunday January "
                       "February March April May June July August September October November December "
                       "English British European American".split())


@dataclass
class Article:
    """One BBC article: id (``topic/NNN``), title and paragraphs of sentences."""

    id: str
    topic: str
    title: str
    paras: list[list[str]]


@dataclass
class Node:
    """A generated document: its text parts, parent, tree and date."""

    id: str
    title: str
    paras: list[list[str]]
    parent: str | None = None
    tree: int = -1
    depth: int = 0
    date: _dt.date | None = None
    edits: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The document text: title line, blank line, paragraphs."""
        return self.title + "\n\n" + "\n\n".join(" ".join(p) for p in self.paras if p) + "\n"


def _sentences(paras: list[list[str]]) -> list[tuple[int, int]]:
    return [(p, k) for p, para in enumerate(paras) for k in range(len(para))]


def _edit_delete(rng: random.Random, paras: list[list[str]]) -> str:
    total = sum(len(p) for p in paras)
    rate = rng.uniform(*DELETE_RATE)
    budget = int(total * (1 - MIN_KEEP))
    gone = [(p, k) for p, k in _sentences(paras) if rng.random() < rate][:budget] or [rng.choice(_sentences(paras))]
    for p, k in sorted(gone, reverse=True):
        del paras[p][k]
    paras[:] = [p for p in paras if p]
    return f"delete {len(gone)}/{total}"


def _edit_reorder(rng: random.Random, paras: list[list[str]]) -> str:
    if rng.random() < 0.4 and len(paras) > 2:
        i = rng.randrange(1, len(paras))
        paras.insert(rng.randrange(len(paras)), paras.pop(i))
        return "move paragraph"
    swaps = 0
    for _ in range(rng.randint(1, 3)):
        cands = [p for p in paras if len(p) > 1]
        if cands:
            para = rng.choice(cands)
            k = rng.randrange(len(para) - 1)
            para[k], para[k + 1] = para[k + 1], para[k]
            swaps += 1
    return f"swap {swaps}"


def _lower_first(s: str) -> str:
    first = s.split(" ", 1)[0]
    return s[0].lower() + s[1:] if first in ("The", "A", "It", "This", "That", "There", "They", "He", "She", "But") else s


def _edit_merge_split(rng: random.Random, paras: list[list[str]]) -> str:
    done = []
    cands = [p for p in paras if len(p) > 1]
    if cands and rng.random() < 0.6:
        para = rng.choice(cands)
        k = rng.randrange(len(para) - 1)
        left = para[k].rstrip()
        if left.endswith("."):
            para[k:k + 2] = [left[:-1] + ", and " + _lower_first(para[k + 1])]
            done.append("merge")
    splittable = [(p, k) for p, k in _sentences(paras) if re.search(r"\w{3}, (and )?[a-z]", paras[p][k][20:-20])]
    if splittable and (not done or rng.random() < 0.5):
        p, k = rng.choice(splittable)
        s = paras[p][k]
        m = list(re.finditer(r"(?<=\w{3}), (?:and )?(?=[a-z])", s))
        m = [x for x in m if 20 <= x.start() <= len(s) - 20]
        if m:
            cut = rng.choice(m)
            rest = s[cut.end():]
            paras[p][k:k + 1] = [s[:cut.start()] + ".", rest[0].upper() + rest[1:]]
            done.append("split")
    return "+".join(done) or "merge-split none"


def _edit_numbers(rng: random.Random, paras: list[list[str]]) -> str:
    spots = [(p, k, m) for p, k in _sentences(paras) for m in NUMBER.finditer(paras[p][k])]
    changed = 0
    for p, k, m in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        s = paras[p][k]
        num = s[m.start():m.end()]
        if s[m.start():m.end()] != num or len(s) < m.end():
            continue
        digits = [i for i, c in enumerate(num) if c.isdigit()]
        i = rng.choice(digits)
        new = str((int(num[i]) + rng.randint(1, 8)) % 10)
        if i == 0 and new == "0" and len(digits) > 1:
            new = "1"
        paras[p][k] = s[:m.start()] + num[:i] + new + num[i + 1:] + s[m.end():]
        changed += 1
    return f"numbers {changed}"


def _edit_names(rng: random.Random, paras: list[list[str]], pool: list[str]) -> str:
    spots = [(p, k, m.group()) for p, k in _sentences(paras) for m in NAME.finditer(paras[p][k])
             if m.group().split()[0] not in NOT_NAMES]
    changed = 0
    for p, k, name in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        other = rng.choice(pool)
        if other != name and name in paras[p][k]:
            paras[p][k] = paras[p][k].replace(name, other, 1)
            changed += 1
    return f"names {changed}"


def _edit_words(rng: random.Random, paras: list[list[str]]) -> str:
    pairs = SUBSTITUTIONS
    share = rng.uniform(0.1, 0.3)
    changed = 0
    for p, k in _sentences(paras):
        if rng.random() >= share:
            continue
        for a, b in rng.sample(pairs, len(pairs)):
            s = paras[p][k]
            new = re.sub(rf"\b{re.escape(a)}\b", b, s, count=1)
            if new != s:
                paras[p][k] = new
                changed += 1
                break
    return f"words {changed}"


def _edit_add(rng: random.Random, paras: list[list[str]], donor: Article) -> str:
    sents = [s for p in donor.paras for s in p if len(s.split()) >= 6]
    n = min(len(sents), rng.randint(1, 3))
    start = rng.randrange(max(1, len(sents) - n + 1))
    for s in sents[start:start + n]:
        if rng.random() < 0.5 or not paras:
            paras.insert(rng.randrange(len(paras) + 1), [s])
        else:
            para = rng.choice(paras)
            para.insert(rng.randrange(len(para) + 1), s)
    return f"add {n} from {donor.id}"


def make_child(rng: random.Random, parent: Node, ident: str, pool: list[str], donors: list[Article]) -> Node:
    """A copy of ``parent`` with a random mix of edits (see the module docstring)."""
    paras = [list(p) for p in parent.paras]
    kinds = [k for k, prob in EDIT_PROB.items() if rng.random() < prob] or [rng.choice(list(EDIT_PROB))]
    rng.shuffle(kinds)
    edits = []
    for kind in kinds:
        if kind == "delete":
            edits.append(_edit_delete(rng, paras))
        elif kind == "reorder":
            edits.append(_edit_reorder(rng, paras))
        elif kind == "merge-split":
            edits.append(_edit_merge_split(rng, paras))
        elif kind == "numbers":
            edits.append(_edit_numbers(rng, paras))
        elif kind == "names":
            edits.append(_edit_names(rng, paras, pool))
        elif kind == "words":
            edits.append(_edit_words(rng, paras))
        elif kind == "add" and donors:
            edits.append(_edit_add(rng, paras, donors.pop()))
    return Node(ident, parent.title, paras, parent.id, parent.tree, parent.depth + 1, edits=edits)
