"""Words: the one tokeniser, case folding, stopword list and stemmer every stage of lineage uses.

A *word* is a run of letters or digits, joined across an apostrophe, hyphen,
ampersand or inner full stop ("don't", "e-commerce", "AT&T", "U.S", "3.2").
Words are compared *folded*: lower-cased with typographic quotes, apostrophes
and dashes unified, keeping every offset.  A *content word* is a word that is
not a stopword and has two or more characters; its *stem* is the Snowball
English stem (PyStemmer) of its folded form, after irregular past forms are
mapped to their present ("made" -> "make").  Numbers are their own stems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple, TypeVar

import Stemmer

# Combining marks continue a word: a text in decomposed form ("Hallstro\u0308m") keeps its words whole.
_MARK = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTERS = rf"[^\W_](?:[^\W_]|[{_MARK}])*"
#: A word (see the module docstring).
WORD_RE = re.compile(_LETTERS + rf"(?:['\u2019\-&.]{_LETTERS})*")

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

_FOLD_PAIRS = tuple((chr(mark), plain) for mark, plain in _FOLD.items())

# Irregular past forms, so that "made" meets "make" and "became" meets "become".
_IRREGULAR = dict(
    pair.split(":")
    for pair in """made:make became:become took:take taken:take gave:give given:give went:go
    gone:go held:hold found:find brought:bring built:build came:come did:do done:do got:get
    gotten:get had:have has:have knew:know known:know left:leave lost:lose met:meet paid:pay
    ran:run saw:see seen:see sent:send sold:sell spent:spend stood:stand told:tell
    thought:think won:win wrote:write written:write chose:choose chosen:choose shown:show
    grew:grow grown:grow fell:fall fallen:fall began:begin begun:begin rose:rise risen:rise
    led:lead kept:keep meant:mean said:say was:be were:be been:be is:be are:be am:be
    bought:buy caught:catch taught:teach fought:fight drew:draw drawn:draw drove:drive
    driven:drive ate:eat eaten:eat felt:feel flew:fly forgot:forget heard:hear hid:hide
    spoke:speak spoken:speak struck:strike threw:throw thrown:throw understood:understand
    woke:wake wore:wear worn:wear""".split()
)
# Endings after an apostrophe that belong to the word before ("China's", "don't").
_CLITICS = frozenset({"s", "t", "re", "ll", "ve", "m", "d"})

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


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = files("lineage").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


#: English function words: never content words (``lineage/data/stopwords.txt``).
STOPWORDS: frozenset[str] = _stopwords()

_STEMMER = Stemmer.Stemmer("english")
V = TypeVar("V")


class WordTable(dict[str, V]):
    """What ``make`` gives each distinct word, worked out on first use: a corpus repeats its words.

    ``table[word]`` is a plain dictionary lookup once the word is known; the
    table starts afresh past ``limit`` words, which bounds its memory on huge corpora.
    """

    def __init__(self, make: Callable[[str], V], limit: int = 500_000) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, word: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        got = self[word] = self.make(word)
        return got


class Token(NamedTuple):
    """A word with its offsets in the full text."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        """The word folded and lower-cased."""
        return fold(self.text)


def fold(text: str) -> str:
    """Lower-case and unify quote marks, apostrophes and dashes; keeps the length unchanged.

    Offsets into the folded text are offsets into ``text``; words read from it
    are compared in composed form (see :func:`key`).
    """
    if text.isascii():  # no mark to unify, and lower() keeps every ASCII length
        return text.lower()
    if len(text) < 32:
        folded = text.translate(_FOLD)
    else:  # translate() looks every character up; replace() skips from mark to mark
        folded = text
        for mark, plain in _FOLD_PAIRS:
            folded = folded.replace(mark, plain)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # str.lower() lengthened a few characters (e.g. dotted capital I); keep offsets stable.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def expand_contractions(text: str) -> str:
    """Folded text with English contractions written out ("didn't" -> "did not")."""
    return " ".join(w for tok in WORD_RE.findall(text) for w in expand(tok))


@lru_cache(maxsize=65536)
def expand(token: str) -> tuple[str, ...]:
    """The folded words one token stands for, contractions written out ("didn't" -> did, not)."""
    out = key(fold(token))
    if "'" in out or out.endswith("nt") or out == "cannot":
        for pattern, repl in _CONTRACTIONS:
            out = pattern.sub(repl, out)
        return tuple(WORD_RE.findall(out))
    return (out,)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``."""
    stop = len(text) if end is None else end
    # tuple.__new__ directly: a fifth faster than the named tuple's own constructor, on the hot path.
    return [_tuple(Token, (m.start(), m.end(), m.group())) for m in WORD_RE.finditer(text, start, stop)]


_tuple = tuple.__new__


def key(word: str) -> str:
    """A folded word in composed Unicode form (NFC): decomposed and composed spellings meet."""
    return word if word.isascii() else unicodedata.normalize("NFC", word)


def folded_words(text: str) -> list[str]:
    """Folded words of ``text`` in order, every word kept: the unit of shingles."""
    folded = fold(text)
    found = WORD_RE.findall(folded)
    if folded.isascii():
        return found
    return [w if w.isascii() else unicodedata.normalize("NFC", w) for w in found]


def normalise(text: str) -> str:
    """Folded words joined by single spaces: the form edit similarities compare."""
    return " ".join(folded_words(text))


def words(text: str) -> list[str]:
    """Folded words of a string, contractions expanded, punctuation dropped."""
    return [w for tok in WORD_RE.findall(text) for w in expand(tok)]


def stem(word: str) -> str:
    """The stem of one word: Snowball English of its folded form, irregular past forms first."""
    return _STEMS[word]


def _stem_of(word: str) -> str:
    w = key(fold(word))
    return str(_STEMMER.stemWord(_IRREGULAR.get(w, w)))


_STEMS = WordTable(_stem_of)


def content_word(folded: str) -> str | None:
    """The content word a folded token stands for, or None for a stopword or a one-letter word.

    A clitic after an apostrophe goes ("China's" -> "china", "don't" -> "don",
    a stopword); other apostrophes stay in the word ("o'brien").
    """
    if "'" in folded:
        head, _, tail = folded.partition("'")
        if tail == "t":
            return None  # a negated auxiliary: "don't", "can't", "won't"
        folded = head if tail in _CLITICS else folded
    if len(folded) < 2 or folded in STOPWORDS:
        return None
    return folded


def term(folded: str) -> str | None:
    """The stem a folded token contributes as content (a number is its own), or None."""
    return _TERMS[folded] or None


def _term_of(folded: str) -> str:
    c = content_word(folded)
    return "" if c is None else c if c[0].isdigit() else stem(c)


#: Terms of folded tokens ("" for none): every stage reads the same words again and again.
_TERMS = WordTable(_term_of)


def stems(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order, repeats kept."""
    return terms(folded_words(text))


def terms(folded: Iterable[str]) -> list[str]:
    """Stems of the content words among folded words (see :func:`term`), in order, repeats kept."""
    return [t for t in map(_TERMS.__getitem__, folded) if t]


def content_stems(text: str) -> set[str]:
    """Distinct stems of the content words of ``text``."""
    return set(stems(text))


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Share of the smaller set found in the larger: 1.0 when one contains the other."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def is_capitalised(word: str) -> bool:
    """Whether a word starts with an upper-case letter."""
    return bool(word) and word[0].isupper()
