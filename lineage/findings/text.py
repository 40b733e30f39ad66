"""Text helpers shared by the extractors: offset-keeping tokens, sentences, folding and crude stems."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]

#: A word: letters/digits joined by apostrophes, hyphens, ampersands or inner dots
#: ("e-commerce", "don't", "U.S", "3.2", "AT&T").
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\-&.][^\W_]+)*")

# Straight and typographic marks fold to one form so they compare equal.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr inc ltd co corp vs etc e.g i.e jan feb mar apr jun jul aug
    sep sept oct nov dec no nos gov gen sen rep col lt sgt capt adm fig vol pp cf al approx
    dept est mt ft u.s u.k u.n a.m p.m ph.d rev hon pres brig cmdr maj cpl pvt supt insp""".split()
)
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*")

STOPWORDS = frozenset(
    """a an the and or but if then of to in on at by for with from as into onto about over under
    than that this these those it its is are was were be been being am do does did has have had
    having not no nor so such too very can could will would shall should may might must i you he
    she we they me him her us them my your his our their who whom whose which what when where why
    how all any both each few more most other some own same also just only there here out up down
    off again further once s t don now said says say while during after before because until
    against between through above below per via""".split()
)

# Irregular past forms, so that "made" meets "make" and "became" meets "become".
_IRREGULAR = {
    "made": "make",
    "became": "become",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "held": "hold",
    "found": "find",
    "brought": "bring",
    "built": "build",
    "came": "come",
    "did": "do",
    "done": "do",
    "got": "get",
    "gotten": "get",
    "had": "have",
    "has": "have",
    "knew": "know",
    "known": "know",
    "left": "leave",
    "lost": "lose",
    "met": "meet",
    "paid": "pay",
    "ran": "run",
    "saw": "see",
    "seen": "see",
    "sent": "send",
    "sold": "sell",
    "spent": "spend",
    "stood": "stand",
    "told": "tell",
    "thought": "think",
    "won": "win",
    "wrote": "write",
    "written": "write",
    "chose": "choose",
    "chosen": "choose",
    "shown": "show",
    "grew": "grow",
    "grown": "grow",
    "fell": "fall",
    "fallen": "fall",
    "began": "begin",
    "begun": "begin",
    "rose": "rise",
    "risen": "rise",
    "led": "lead",
    "kept": "keep",
    "meant": "mean",
    "said": "say",
    "was": "be",
    "were": "be",
    "been": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "bought": "buy",
    "caught": "catch",
    "taught": "teach",
    "fought": "fight",
    "drew": "draw",
    "drawn": "draw",
    "drove": "drive",
    "driven": "drive",
    "ate": "eat",
    "eaten": "eat",
    "felt": "feel",
    "flew": "fly",
    "forgot": "forget",
    "heard": "hear",
    "hid": "hide",
    "hit": "hit",
    "hurt": "hurt",
    "let": "let",
    "put": "put",
    "read": "read",
    "set": "set",
    "shut": "shut",
    "spoke": "speak",
    "spoken": "speak",
    "struck": "strike",
    "threw": "throw",
    "thrown": "throw",
    "understood": "understand",
    "woke": "wake",
    "wore": "wear",
    "worn": "wear",
}

_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    # Negations typed without the apostrophe ("dont", "isnt") are common in web copy.
    (
        re.compile(
            r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)nt\b"
        ),
        r"\1 not",
    ),
    (re.compile(r"\b(ca|wo)nt\b"), lambda m: ("can" if m.group(1) == "ca" else "will") + " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(it|that|there|what|he|she|who)'s\b"), r"\1 is"),
)


@dataclass(frozen=True)
class Token:
    """A word with its offsets in the full text."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        """The word folded and lower-cased."""
        return fold(self.text)


def fold(text: str) -> str:
    """Lower-case and unify quote marks, apostrophes and dashes; keeps the length unchanged."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # str.lower() lengthened a few characters (e.g. dotted capital I); keep offsets stable.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def expand_contractions(text: str) -> str:
    """Folded text with English contractions written out ("didn't" -> "did not")."""
    out = fold(text)
    for pattern, repl in _CONTRACTIONS:
        out = pattern.sub(repl, out)
    return out


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``."""
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text, start, stop)]


def words(text: str) -> list[str]:
    """Folded words of a string, contractions expanded, punctuation dropped."""
    return WORD_RE.findall(expand_contractions(text))


def stem(word: str) -> str:
    """Crude suffix-stripping stem, enough to meet "showed"/"show" and "regulations"/"regulation"."""
    w = fold(word)
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    else:
        for suffix in ("ing", "ied", "ies", "ed", "es", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                if suffix == "s" and w.endswith(("ss", "us", "is")):
                    break
                w = w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
                break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def content_stems(text: str) -> set[str]:
    """Stems of the words of ``text`` that carry content (no stopwords, no one-letter words)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Share of the smaller set found in the larger: 1.0 when one contains the other."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines of ``text`` as spans; a newline always ends a paragraph."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return spans


_NEXT_CHAR = re.compile(r"\s*(\S)")
_LAST_WORD = re.compile(r"([^\W_]+(?:\.[^\W_]+)*)\W*$")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), trimmed of whitespace.

    Splits after terminal punctuation followed by space and a capital or a quote,
    or directly by a capital when a closing quote intervenes (``all".He``); never
    after a known abbreviation or an initial.
    """
    stop = len(text) if end is None else end
    out: list[Span] = []
    for p_start, p_end in paragraphs(text[start:stop]):
        p_start += start
        p_end += start
        cur = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            after = m.end()
            following = _NEXT_CHAR.match(text, after, p_end)
            if not following:
                continue
            glued = following.start(1) == after
            nxt = following.group(1)
            if not (nxt.isupper() or nxt in "\"\u201c'\u2018(" or nxt.isdigit()):
                continue
            if glued:
                prev = text[max(p_start, m.start() - 1)]
                if not (
                    nxt.isupper()
                    and (prev in '"\u201d' or '"' in m.group() or "\u201d" in m.group())
                ):
                    continue
            # The last word before the mark; no abbreviation is longer than the window.
            word = _LAST_WORD.search(text, max(cur, m.start() - 63), m.start() + 1)
            if word and m.group().startswith("."):
                w = word.group(1).lower()
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
            out.append(_trim(text, cur, after))
            cur = after
        out.append(_trim(text, cur, p_end))
    return [s for s in out if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end)


def within(span: Span, outer: Span) -> bool:
    """Whether ``span`` lies inside ``outer``."""
    return outer[0] <= span[0] and span[1] <= outer[1]


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def select(spans: Sequence[Span], outer: Span) -> list[Span]:
    """Those of ``spans`` that lie inside ``outer``."""
    return [s for s in spans if within(s, outer)]


def sentence_of(sents: Sequence[Span], pos: int) -> Span | None:
    """The sentence span holding offset ``pos``."""
    for s in sents:
        if s[0] <= pos < s[1]:
            return s
    return None


def is_capitalised(word: str) -> bool:
    """Whether a word starts with an upper-case letter."""
    return bool(word) and word[0].isupper()
