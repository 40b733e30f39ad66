"""Seeded mutations of real articles for the fuzz run: edits, odd Unicode, control characters, huge lines."""

from __future__ import annotations

import random
from typing import Callable

QUOTES = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u300c", "\u300d", "``", "''"]
NUMBERS = ["3.2", "1,500", "1500", "50%", "$5bn", "\u00a315.8m", "fifth", "5th", "-7", "1e9", "2015-12-19",
           "0.000001", "12:30", "9/11", "1/2", "\u00bd", "\u0663\u0664", "\uff11\uff12", "99999999999999999999"]
UNICODE = [
    "\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u2067", "\u2069",  # direction marks and isolates
    "\u200d", "\u200c", "\u200b", "\u2060", "\ufeff", "\u00ad",  # joiners, zero-width space, BOM, soft hyphen
    "\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd", "\U0001f1e8\U0001f1f3",
    "\u4e92\u8054\u7f51\u6cbb\u7406", "\u3002", "\uff0c", "\u201c\u4e60\u8fd1\u5e73\u201d", "\u30a4\u30f3\u30bf\u30fc",
    "\u0645\u0624\u062a\u0645\u0631 \u0627\u0644\u0625\u0646\u062a\u0631\u0646\u062a", "\u05e9\u05dc\u05d5\u05dd",
    "e\u0301", "\u0915\u094d\u0937", "\ufb01", "\u2126", "\u0130", "\u00df", "\u1e9e", "\u03a3\u03c3\u03c2",
    "\u2028", "\u2029", "\u0085", "\u00a0", "\u3000", "\u2009", "\ufffd", "\uffff", "\U0010ffff", "\U000e0001",
]
CONTROLS = [chr(c) for c in range(32) if c not in (9, 10, 13)] + ["\x7f", "\x80", "\x9f"]
SURROGATES = ["\ud800", "\udfff", "\udc80", "\ud83d", "\ude00", "\udbff\udbff"]
WORDS = ["Internet", "governance", "said", "Mr", "Dr.", "Ma", "not", "never", "must", "should", "Beijing",
         "U.S.", "e.g.", "i.e.", "St.", "No.", "vs.", "...", "--", "(", ")", "[", "]", ":", ";", "!", "?"]

Mutation = Callable[[random.Random, str], str]
#: Longest mutated text: a long article with a huge line in it, not a book (time grows with length).
MAX_CHARS = 120_000


def _at(rng: random.Random, text: str) -> int:
    return rng.randrange(len(text) + 1)


def _insert(rng: random.Random, text: str, piece: str) -> str:
    i = _at(rng, text)
    return text[:i] + piece + text[i:]


def delete_span(rng: random.Random, text: str) -> str:
    """Delete a run of characters (up to a few hundred)."""
    i = _at(rng, text)
    return text[:i] + text[i + rng.randint(1, 400):]


def delete_words(rng: random.Random, text: str) -> str:
    """Delete a tenth to a half of the words."""
    words = text.split(" ")
    keep = 1 - rng.uniform(0.1, 0.5)
    return " ".join(w for w in words if rng.random() < keep)


def insert_quotes(rng: random.Random, text: str) -> str:
    """Insert quotation marks, often unbalanced."""
    for _ in range(rng.randint(1, 6)):
        text = _insert(rng, text, rng.choice(QUOTES))
    return text


def insert_numbers(rng: random.Random, text: str) -> str:
    """Insert figures, dates and digits in many scripts."""
    for _ in range(rng.randint(1, 6)):
        text = _insert(rng, text, rng.choice([" ", ""]) + rng.choice(NUMBERS) + rng.choice([" ", ""]))
    return text


def insert_unicode(rng: random.Random, text: str) -> str:
    """Insert RTL marks, joiners, emoji, CJK, Arabic, combining marks and odd separators."""
    for _ in range(rng.randint(1, 10)):
        text = _insert(rng, text, rng.choice(UNICODE))
    return text


def insert_controls(rng: random.Random, text: str) -> str:
    """Insert C0 and C1 control characters."""
    for _ in range(rng.randint(1, 8)):
        text = _insert(rng, text, rng.choice(CONTROLS))
    return text


def insert_surrogates(rng: random.Random, text: str) -> str:
    """Insert lone surrogates (not encodable in UTF-8)."""
    for _ in range(rng.randint(1, 3)):
        text = _insert(rng, text, rng.choice(SURROGATES))
    return text


def insert_words(rng: random.Random, text: str) -> str:
    """Insert abbreviations, negations, modal verbs, brackets and punctuation."""
    for _ in range(rng.randint(1, 8)):
        text = _insert(rng, text, " " + rng.choice(WORDS) + " ")
    return text


def huge_line(rng: random.Random, text: str) -> str:
    """Join every line into one, or insert a very long run of one word or one character."""
    kind = rng.randrange(3)
    if kind == 0:
        return " ".join(text.split())
    if kind == 1:
        return _insert(rng, text, " ".join([rng.choice(WORDS[:12])] * rng.randint(500, 5000)))
    return _insert(rng, text, rng.choice("x.-\u4e00\U0001f600") * rng.randint(1000, 30000))


def shuffle_sentences(rng: random.Random, text: str) -> str:
    """Shuffle the sentences (split at full stops)."""
    parts = text.split(". ")
    rng.shuffle(parts)
    return ". ".join(parts)


def duplicate_paragraph(rng: random.Random, text: str) -> str:
    """Repeat one paragraph several times."""
    paras = text.split("\n")
    i = rng.randrange(len(paras))
    paras[i:i + 1] = [paras[i]] * rng.randint(2, 30 if len(paras[i]) < 2000 else 2)
    return "\n".join(paras)


def change_case(rng: random.Random, text: str) -> str:
    """Upper-case, lower-case or title-case the whole text."""
    return rng.choice([str.upper, str.lower, str.title, str.swapcase])(text)


def mangle_space(rng: random.Random, text: str) -> str:
    """Replace spaces and line breaks by runs of odd whitespace, or remove them."""
    pick = rng.choice(["", "  ", "\t", "\r\n", "\r", "\n\n\n", "\u00a0", "\u3000", "\u2028", "\x0c", "\x0b"])
    return text.replace(rng.choice([" ", "\n"]), pick, rng.randint(1, 200))


def truncate(rng: random.Random, text: str) -> str:
    """Keep a short head: a few characters to a few words, sometimes nothing but space."""
    return rng.choice([text[: rng.randint(0, 60)], "   \n ", rng.choice(QUOTES + NUMBERS)])


MUTATIONS: tuple[Mutation, ...] = (
    delete_span, delete_words, insert_quotes, insert_numbers, insert_unicode, insert_controls,
    insert_surrogates, insert_words, huge_line, shuffle_sentences, duplicate_paragraph, change_case,
    mangle_space, truncate,
)
#: Relative weights: rare for mutations that destroy the text or make it very long.
WEIGHTS = (6, 3, 6, 6, 8, 5, 4, 5, 1, 3, 2, 2, 3, 1)


def excerpt(rng: random.Random, text: str, max_paragraphs: int = 6) -> str:
    """A run of at most ``max_paragraphs`` consecutive paragraphs (the whole text at times)."""
    paras = [p for p in text.split("\n") if p.strip()]
    if not paras or rng.random() < 0.05:
        return text
    n = rng.randint(1, min(max_paragraphs, len(paras)))
    i = rng.randrange(len(paras) - n + 1)
    return "\n\n".join(paras[i:i + n])


def mutate(rng: random.Random, text: str) -> tuple[str, list[str]]:
    """Apply one to five mutations chosen by weight; returns the text and their names."""
    names = []
    for mutation in rng.choices(MUTATIONS, WEIGHTS, k=rng.randint(1, 5)):
        text = mutation(rng, text)[:MAX_CHARS]
        names.append(mutation.__name__)
    return text, names
