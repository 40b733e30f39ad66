"""Where one edit of a given kind can be made in a news article, and whether a finding names it.

Used by :mod:`benchmarks.one_edit`.  Quotations are found without lineage's
own extractor: a straight double quote opens when it follows a space or the
start of a line and precedes a non-space, and closes when it follows a
non-space; an opening quote followed by another opening quote before any
closing one is an unclosed (run-on) quotation, and the rest of its line is
left out of every site, inside and outside quotations alike.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from benchmarks.bbc_edits import NOT_NAMES
from benchmarks.one_edit_facts import FACT_EXPECTED, FACT_FINDERS

Span = tuple[int, int]


@dataclass(frozen=True)
class Edit:
    """One exact string replacement, and the words the finding naming it must show.

    Attributes
    ----------
    kind : str
        A key of :data:`EXPECTED`.
    old, new : str
        The replaced text (occurring exactly once in the original) and its replacement.
    gone, came : tuple of str
        Words of the original and of the copy that a finding's two excerpts,
        taken together, must contain.
    """

    kind: str
    old: str
    new: str
    gone: tuple[str, ...] = ()
    came: tuple[str, ...] = ()

    def apply(self, text: str) -> str:
        """The copy; raises ValueError unless ``old`` occurs exactly once in ``text``."""
        if text.count(self.old) != 1:
            raise ValueError(f"{self.kind}: {self.old!r} does not occur exactly once")
        return text.replace(self.old, self.new)


#: Finding kinds naming each kind of edit (None: no finding required, no fact finding allowed).
#: A dropped quotation: the README's table calls a quotation that is "gone" ``quote-dropped``
#: and ranks a ``sentence-dropped`` by "the quotations they carry". A quotation that formed a
#: sentence of its own fits both rows, so either names the edit, as long as its excerpt holds
#: the quoted words. (When the copy is taken as the source, the quotation reads as a
#: ``sentence-added`` of the original; see :func:`benchmarks.one_edit.judge`.)
#: A dropped attribution, when the copy is taken as the source (the direction of a one-word
#: edit is undetermined, and findings are then read from A), reads as the original's
#: ``attribution-added``; see :func:`benchmarks.one_edit.judge`.
EXPECTED: dict[str, frozenset[str] | None] = {
    "figure": frozenset({"number-changed"}),
    "year": frozenset({"number-changed"}),
    "scale": frozenset({"number-changed"}),
    "name": frozenset({"name-changed"}),
    "modal": frozenset({"modality-shifted"}),
    "negation-in-quote": frozenset({"negation-flipped"}),
    "negation": frozenset({"negation-flipped"}),
    "quote-word": frozenset({"quote-altered"}),
    "speaker": frozenset({"quote-reattributed"}),
    "quote-dropped": frozenset({"quote-dropped", "sentence-dropped"}),
    "swapped-pair": frozenset({"order-swapped"}),
    "attribution-dropped": frozenset({"attribution-dropped"}),
    "plain-word": None,
    **FACT_EXPECTED,  # a "no" dropped, a role's rank dropped, a name truncated
}

#: Kinds asserting a changed fact: a plain word swap must raise none of them.
FACT_KINDS = frozenset({
    "quote-altered", "quote-dropped", "quote-to-reported", "quote-reattributed",
    "attribution-dropped", "attribution-changed", "number-changed", "name-changed",
    "name-dropped", "role-dropped", "role-changed", "order-swapped", "modality-shifted", "negation-flipped",
})

TITLES = frozenset(["Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady"])
PRONOUNS = frozenset(["He", "She", "They", "It", "We", "I", "You"])
#: One-word near-synonym swaps, unambiguous in part of speech, for quotation and plain words.
WORD_SWAPS = {
    "big": "large", "company": "firm", "rose": "climbed", "fell": "dropped", "government": "administration",
    "showed": "revealed", "expected": "forecast", "major": "key", "main": "principal", "also": "additionally",
    "people": "individuals", "profits": "earnings", "film": "movie", "believe": "think", "very": "extremely",
    "quickly": "rapidly", "important": "significant", "problem": "issue", "recent": "latest",
    "firms": "companies", "country": "nation", "because": "as", "many": "numerous", "huge": "vast",
    "difficult": "hard", "began": "started", "users": "customers", "after": "following", "about": "around",
}
MODAL_SWAPS = {"should": "must", "must": "should", "may": "will", "might": "will", "could": "will",
               "can": "must", "will": "may", "would": "might"}
AUX = "is|are|was|were|do|does|did|has|have|had|will|would|could|should|can|must|may|might"
CONTRACTIONS = {"won't": "will", "can't": "can", "cannot": "can"}

_SPEAKER = r"((?:(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady) )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
_VERB = r"(?:said|says|added|warned|explained|told [a-z]+(?: [A-Z]{2,4})?)"
AFTER_QUOTE = [re.compile(rf" {_VERB} {_SPEAKER}\b"), re.compile(rf" {_SPEAKER} {_VERB}\b")]
BEFORE_QUOTE = re.compile(rf"{_SPEAKER} {_VERB}:? $")
ATTRIBUTION = re.compile(rf", (he|she|they|the [a-z]+|{_SPEAKER[1:-1]}) (?:said|added|says)\.")
NUMBER = re.compile(r"(?<![\w.,:/])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(bn|m|%)?(?![\w%]|[.,:/]\d)")
YEAR = re.compile(r"(?<![\w.,£$])(1[89]\d\d|20[0-2]\d)(?![\w%]|[.,:/]\d)")
SCALE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)( ?)(million|billion|trillion|bn|m)\b")
MODAL = re.compile(r"\b(should|must|may|might|could|can|will|would) (?!not\b|never\b)[a-z]+")
NEGATION = re.compile(rf"\b(?:{AUX}) (not|never) |\b(?:is|are|was|were|do|does|did|has|have|had|would|could|should)n't\b"
                      r"|\b(?:won't|can't|cannot)\b")
PAIR = re.compile(r"\b([A-Z][a-z]{2,}) and ([A-Z][a-z]{2,})\b(?! [A-Z])")
CAPS = re.compile(r"(?<![\w'-])[A-Z][a-z]*(?:[A-Z][a-z]+)*[a-z](?: [A-Z][a-z]*(?:[A-Z][a-z]+)*[a-z])*(?![\w'-])")
SENTENCE_END = re.compile(r"[.!?]\"?(?= +\"?[A-Z0-9]|\s*$)", re.MULTILINE)


def _zones(text: str, body: int) -> tuple[list[Span], list[Span]]:
    """Confident quotation spans (marks included) and murky spans (unclosed quotations to line end)."""
    quotes: list[Span] = []
    murky: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[body:]):
        lo, hi = line.start() + body, line.end() + body
        opened: int | None = None
        for m in re.finditer('"', text[lo:hi]):
            i = lo + m.start()
            before = text[i - 1] if i > lo else " "
            after = text[i + 1] if i + 1 < hi else " "
            if (before.isspace() or before in "(:") and not after.isspace():
                if opened is not None:
                    murky.append((opened, hi))
                    break
                opened = i
            elif not before.isspace() and opened is not None:
                quotes.append((opened, i + 1))
                opened = None
        else:
            if opened is not None:
                murky.append((opened, hi))
    return quotes, murky


def _sentences(text: str, body: int) -> list[Span]:
    """Sentence spans of the body, line by line (a closing quotation mark ends with its sentence)."""
    out = []
    for line in re.finditer(r"[^\n]+", text[body:]):
        lo, hi = line.start() + body, line.end() + body
        start = lo
        for m in SENTENCE_END.finditer(text, lo, hi):
            out.append((start, m.end()))
            start = m.end() + len(text[m.end():hi]) - len(text[m.end():hi].lstrip(" "))
        if start < hi and text[start:hi].strip():
            out.append((start, hi))
    return out


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _touches(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _widen(text: str, start: int, end: int, repl: str) -> tuple[str, str] | None:
    """``(old, new)``: the span widened word by word until it occurs once, and its replacement."""
    lo, hi = start, end
    for _ in range(10):
        old = text[lo:hi]
        if old and text.count(old) == 1:
            return old, text[lo:start] + repl + text[end:hi]
        left = re.search(r"\S*\s*$", text[max(0, lo - 40):lo])
        right = re.match(r"\s*\S*", text[hi:hi + 40])
        lo -= len(left.group()) if left else 0
        hi += len(right.group()) if right else 0
    return None


class Article:
    """One article's text with its body offset and quotation zones, for finding edit sites."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.body = text.find("\n") + 1 if "\n" in text else 0
        self.quotes, self.murky = _zones(text, self.body)
        self.sentences = _sentences(text, self.body)

    def sentence_at(self, pos: int) -> Span:
        """The sentence holding offset ``pos`` (or the empty span there)."""
        return next(((s, e) for s, e in self.sentences if s <= pos < e), (pos, pos))

    def outside(self, span: Span) -> bool:
        """Whether a span lies in the body, outside every quotation and murky region."""
        return span[0] >= self.body and not _touches(span, self.quotes) and not _touches(span, self.murky)

    def quoted(self, span: Span) -> bool:
        """Whether a span lies inside a confident quotation (not on its marks)."""
        return span[0] >= self.body and _inside((span[0] - 1, span[1] + 1), self.quotes)

    def edit(self, kind: str, span: Span, repl: str, gone: tuple[str, ...], came: tuple[str, ...]) -> Edit | None:
        """An Edit replacing ``span`` by ``repl``, widened until its old text is unique."""
        got = _widen(self.text, span[0], span[1], repl)
        return Edit(kind, got[0], got[1], gone, came) if got else None


def _figure(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    out = []
    for m in NUMBER.finditer(a.text):
        digits = m.group(1)
        if not a.outside(m.span()) or YEAR.fullmatch(digits) or digits == "0":
            continue
        i = max(k for k, c in enumerate(digits) if c.isdigit())
        new_digit = str((int(digits[i]) + rng.randint(1, 8)) % 10)
        if len(digits) == 1 and new_digit == "0":
            new_digit = "9"
        new = digits[:i] + new_digit + digits[i + 1:]
        suffix = m.group(2) or ""
        out.append(a.edit("figure", m.span(1), new, (digits + suffix,), (new + suffix,)))
    return out


def _year(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    out = []
    for m in YEAR.finditer(a.text):
        if a.outside(m.span()) and a.text[m.end():m.end() + 1] != "s":
            new = str(int(m.group()) + rng.randint(1, 3))
            out.append(a.edit("year", m.span(), new, (m.group(),), (new,)))
    return out


_SCALE_SWAP = {"million": "billion", "billion": "million", "trillion": "billion", "m": "bn", "bn": "m"}


def _scale(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    out = []
    for m in SCALE.finditer(a.text):
        if a.outside(m.span()):
            new = m.group(1) + m.group(2) + _SCALE_SWAP[m.group(3)]
            out.append(a.edit("scale", m.span(), new, (m.group(),), (new,)))
    return out


def _fresh(a: Article, rng: random.Random, pool: list[str]) -> str | None:
    """A surname from the pool that the article never mentions."""
    for _ in range(20):
        name = rng.choice(pool)
        if name not in a.text:
            return name
    return None


def _name(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    """A name outside quotations, people first.

    Tiers, the first non-empty one used: a surname the article also gives
    with a title ("Mr Blair"); the surname of a two-word name the article
    also uses alone; any other two-word name; a single capitalised word.
    """
    titled = {m.group(1) for m in re.finditer(r"\b(?:Mr|Mrs|Ms|Dr) ([A-Z][\w'-]+)", a.text)}
    tiers: list[list[Edit | None]] = [[], [], [], []]
    for m in CAPS.finditer(a.text):
        words = m.group().split()
        before = a.text[max(0, m.start() - 2):m.start()]
        s0, s1 = a.sentence_at(m.start())
        if (len(words) > 2 or not re.fullmatch(r"[a-z,] ", before) or '"' in a.text[s0:s1]
                or any(w in NOT_NAMES - TITLES or w in PRONOUNS for w in words)
                or (len(words) == 1 and words[0] in TITLES) or not a.outside(m.span())):
            continue
        new = _fresh(a, rng, pool)
        if not new:
            continue
        last = words[-1]
        alone = len(re.findall(rf"(?<![\w-]){re.escape(last)}(?![\w-])", a.text)) > 1
        tier = 0 if last in titled else 1 if len(words) == 2 and alone else 2 if len(words) == 2 else 3
        tiers[tier].append(a.edit("name", (m.end() - len(last), m.end()), new, (last,), (new,)))
    return next((t for t in tiers if any(t)), [])


def _modal(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    return [a.edit("modal", m.span(1), MODAL_SWAPS[m.group(1)], (m.group(1),), (MODAL_SWAPS[m.group(1)],))
            for m in MODAL.finditer(a.text) if a.outside(m.span())]


def _negation(a: Article, rng: random.Random, pool: list[str], inside: bool = False) -> list[Edit | None]:
    out = []
    kind = "negation-in-quote" if inside else "negation"
    for m in NEGATION.finditer(a.text):
        if not (a.quoted(m.span()) if inside else a.outside(m.span())):
            continue
        if m.group(1):
            out.append(a.edit(kind, (m.start(1), m.end()), "", (m.group(1),), ()))  # "did not go" -> "did go"
        else:
            word = m.group()
            base = CONTRACTIONS.get(word.lower(), word[:-3])
            out.append(a.edit(kind, m.span(), base, (word,), ()))
    return out


def _word(a: Article, rng: random.Random, pool: list[str], inside: bool = False) -> list[Edit | None]:
    out = []
    for m in re.finditer(r"\b[a-z]+\b", a.text):
        new = WORD_SWAPS.get(m.group())
        if new and (a.quoted(m.span()) if inside else a.outside(m.span())):
            kind = "quote-word" if inside else "plain-word"
            out.append(a.edit(kind, m.span(), new, (m.group(),), (new,)))
    return out


def _speaker(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    out = []
    for q0, q1 in a.quotes:
        hits = [m for p in AFTER_QUOTE if (m := p.match(a.text, q1))]
        line_start = a.text.rfind("\n", 0, q0) + 1
        before = BEFORE_QUOTE.search(a.text, line_start, q0)
        if before:
            hits.append(before)
        for m in hits:
            words = m.group(1).split()
            if words[-1] in TITLES or any(w in PRONOUNS or w in NOT_NAMES - TITLES for w in words):
                continue
            new = _fresh(a, rng, pool)
            if new:
                out.append(a.edit("speaker", (m.end(1) - len(words[-1]), m.end(1)), new, (words[-1],), (new,)))
    return out




def _quote_dropped(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    whole, other = [], []
    for s0, s1 in a.sentences:
        inner = [(q0, q1) for q0, q1 in a.quotes if s0 <= q0 and q1 <= s1]
        if not inner or _touches((s0, s1), a.murky):
            continue
        q0, q1 = max(inner, key=lambda q: q[1] - q[0])
        if len(a.text[q0:q1].split()) < 6:
            continue  # a scare quote or a phrase, not a quotation
        words = re.match(r"\S+(?:\s+\S+){0,3}", a.text[q0 + 1:q1 - 1])
        if not words:
            continue
        gone = (words.group().rstrip(".,!?\""),)
        lo, hi = s0, s1
        if a.text[lo - 1:lo] == " ":
            lo -= 1
        elif a.text[hi:hi + 1] == " ":
            hi += 1
        else:
            hi += len(a.text[hi:]) - len(a.text[hi:].lstrip("\n"))
        old = a.text[lo:hi]
        if a.text.count(old) == 1:
            (whole if (q0, q1) == (s0, s1) else other).append(Edit("quote-dropped", old, "", gone, ()))
    return list(whole or other)


def _swapped_pair(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    out = []
    for m in PAIR.finditer(a.text):
        x, y = m.group(1), m.group(2)
        prev = re.search(r"(\S+) $", a.text[max(0, m.start() - 30):m.start()])
        if prev and prev.group(1)[0].isupper() and prev.group(1)[-1] not in '.!?"':
            continue  # part of a longer name: "Trade and Industry Secretary"
        if {x, y} & (NOT_NAMES | PRONOUNS) or x == y or not a.outside(m.span()):
            continue
        out.append(a.edit("swapped-pair", m.span(), f"{y} and {x}", (m.group(),), (f"{y} and {x}",)))
    return out


def _attribution_dropped(a: Article, rng: random.Random, pool: list[str]) -> list[Edit | None]:
    out = []
    for m in ATTRIBUTION.finditer(a.text):
        s0, s1 = a.sentence_at(m.start())
        if '"' in a.text[s0:s1] or not a.outside(m.span()):
            continue
        speaker = m.group(1).split()
        if speaker[-1] in TITLES:
            continue
        out.append(a.edit("attribution-dropped", (m.start(), m.end() - 1), "", (speaker[-1],), ()))
    return out


FINDERS: dict[str, Callable[[Article, random.Random, list[str]], list[Edit | None]]] = {
    "figure": _figure, "year": _year, "scale": _scale, "name": _name, "modal": _modal,
    "negation-in-quote": partial(_negation, inside=True), "negation": _negation,
    "quote-word": partial(_word, inside=True),
    "speaker": _speaker, "quote-dropped": _quote_dropped, "swapped-pair": _swapped_pair,
    "attribution-dropped": _attribution_dropped, "plain-word": _word,
    **FACT_FINDERS,
}


def pick_edits(text: str, rng: random.Random, pool: list[str]) -> dict[str, Edit]:
    """One edit of each kind that has a site in ``text``, each site drawn at random.

    Parameters
    ----------
    text : str
        The article, title on its first line.
    rng : random.Random
        Source of every draw.
    pool : list of str
        Capitalised names to put in place of a name or a speaker.

    Returns
    -------
    dict of str to Edit
        By kind; kinds with no usable site are absent.
    """
    a = Article(text)
    out = {}
    # The later kinds draw from their own generator, so that the earlier kinds' draws stay as they were.
    own = random.Random(zlib.crc32(text.encode("utf-8")))
    for kind, finder in FINDERS.items():
        draw = own if kind in FACT_FINDERS else rng
        sites = [e for e in finder(a, draw, pool) if e is not None]
        if sites:
            out[kind] = draw.choice(sites)
    return out
