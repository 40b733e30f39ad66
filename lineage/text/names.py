"""Names of people, organisations and places in running text, with the roles attached to them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .spans import Span
from .words import STOPWORDS, Token, fold, is_capitalised, tokens

# Capitalised words that open sentences or phrases without naming anything.
CAP_STOP = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your
    in on at for by with from but and or if when while as after before because although however
    meanwhile according during since despite amid over under some many most more last next other
    such both each every all any no not yes so then there here today yesterday tomorrow what who
    why how where which also even only just still yet now thus indeed instead unlike like
    following among within without through throughout into upon toward towards via per
    asked speaking once whether though let please former""".split()
)
# Common nouns that house styles capitalise.
_NOT_NAMES = frozenset({"internet", "web", "i"})
CONNECTORS = frozenset(
    {
        "of",
        "for",
        "de",
        "del",
        "della",
        "van",
        "von",
        "der",
        "la",
        "le",
        "du",
        "da",
        "bin",
        "al",
        "&",
    }
)
_MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
_DAYS_STEM = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
_TITLES = frozenset(
    """president vice prime minister premier chairman chairwoman chair secretary senator sen rep
    representative gov governor mayor dr mr mrs ms miss prof professor king queen prince
    princess pope judge chancellor ambassador ceo cfo coo cto chief director deputy commissioner
    sir dame lord lady sheikh rev reverend bishop archbishop captain capt lt col colonel sgt
    sergeant inspector detective speaker admiral adm marshal emperor foreign defense defence
    finance interior trade commerce attorney coach brig gen brigadier cmdr commander""".split()
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam"})
# Abbreviations after which a full stop does not end a name ("Mr. Hussein", "Gen. Smith").
_DOTTED = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_ABBREVIATED = frozenset(
    "mr mrs ms dr prof gen brig sen rep gov lt col sgt capt adm cmdr maj st rev hon pres mt ft".split()
)
ROLE_WORDS = frozenset(
    """chairman chairwoman chairperson chair president vice-president vice-chairman minister
    secretary director spokesman spokeswoman spokesperson chief executive ceo cfo cto coo founder
    co-founder cofounder head leader manager officer governor mayor senator ambassador
    commissioner professor analyst economist editor editor-in-chief correspondent reporter
    columnist lawyer attorney adviser advisor consultant researcher scientist expert scholar
    premier king queen prince chancellor envoy captain coach judge owner partner member
    administrator representative delegate official dean principal author strategist fellow
    lecturer treasurer diplomat general-secretary secretary-general boss""".split()
)
#: Words that set a role's rank or standing ("deputy prime minister", "former chairman"):
#: gaining or losing one changes what the person is (:mod:`lineage.findings.roles`).
RANK_WORDS = frozenset(
    {"deputy", "vice", "acting", "former", "assistant", "associate", "interim", "ex", "outgoing", "junior"}
)
# Role modifiers say nothing on their own: "deputy" without "minister" is not the role.
_ROLE_MODIFIERS = RANK_WORDS | {"chief", "executive", "senior", "general", "co", "managing"}
_ORG_WORDS = frozenset(
    """group holding holdings ltd limited inc corp corporation co company plc llc bank university
    college school institute association foundation administration agency authority bureau
    council committee commission department ministry office organization organisation party
    government province state city county district conference summit forum initiative center
    centre hospital court congress parliament assembly union league club fund exchange times
    post news daily journal press network service services systems technologies technology
    airlines airways motors energy international federation society church museum airport
    station street road avenue square park river lake island islands sea ocean bay valley region
    zone expo report day week award prize cup games world internet index market board reserve
    army navy police force forces guard republic kingdom""".split()
)


@dataclass(frozen=True)
class NameMention:
    """A capitalised name in a text, with the role the text attaches to it.

    Attributes
    ----------
    span : tuple of int
        Offsets of the name (without a possessive ``'s``).
    text : str
        The name as written.
    key : tuple of str
        Folded tokens, dots removed, for comparison.
    person : bool
        Looks like a person's name (two or three plain words, no organisation word).
    role_span : tuple of int or None
        Offsets of an attached role ("chairman of Alibaba", "President").
    role_keys : frozenset of str
        The role's head words ("chairman"), looked for in the copy.
    single : str
        For a one-word name, the word (lower-cased): no text compared may
        write it in lower case (see :meth:`NameVocab.admits`); otherwise "".
    opens : bool
        The one word opens a sentence: some text compared must also capitalise
        it away from a sentence start.
    """

    span: Span
    text: str
    key: tuple[str, ...]
    person: bool
    role_span: Span | None = None
    role_keys: frozenset[str] = frozenset()
    single: str = ""
    opens: bool = False


@dataclass(frozen=True)
class NameVocab:
    """Evidence from a text deciding whether a sentence-initial word is a name."""

    lowercase: frozenset[str]
    capitalised_inside: frozenset[str]

    def admits(self, mention: "NameMention") -> bool:
        """Whether this evidence lets a mention stand as a name (a name of two words or more always does)."""
        w = mention.single
        return not w or (w not in self.lowercase and (not mention.opens or w in self.capitalised_inside))

    def __or__(self, other: "NameVocab") -> "NameVocab":
        return NameVocab(self.lowercase | other.lowercase, self.capitalised_inside | other.capitalised_inside)

    @classmethod
    def build(cls, text: str, sents: Sequence[Span], words: Sequence[Sequence[Token]] | None = None) -> NameVocab:
        """Collect lower-case words and words capitalised away from a sentence start.

        ``words`` are the sentences' tokens when already read.
        """
        lower: set[str] = set()
        inside: set[str] = set()
        for toks in words if words is not None else (tokens(text, s, e) for s, e in sents):
            for k, tok in enumerate(toks):
                if tok.text[0].islower():
                    lower.add(tok.text.lower())
                elif k and is_capitalised(tok.text):
                    inside.add(_strip_possessive(tok.text).lower())
        return cls(frozenset(lower), frozenset(inside))


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word


@lru_cache(maxsize=16)
def plain(text: str) -> str:
    """Folded text without accents ("Jiménez" -> "jimenez"), for comparing names."""
    folded = fold(text)
    if folded.isascii():  # no accent to take off, and NFKD leaves ASCII as it is
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def name_key(text: str) -> tuple[str, ...]:
    """Comparable form of a name: plain words without dots or possessives."""
    return tuple(
        _strip_possessive(w).replace(".", "")
        for w in re.findall(r"[^\W_]+(?:['\-&.][^\W_]+)*", plain(text))
    )


def _is_person(key: Sequence[str], raw: Sequence[str]) -> bool:
    return (
        2 <= len(key) <= 3
        and not any(k in _ORG_WORDS or k in CONNECTORS for k in key)
        and all(r[:1].isupper() and r[1:].islower() and r.isalpha() for r in raw)
    )


def extract_names(text: str, sents: Sequence[Span], vocab: NameVocab | None = None,
                  words: Sequence[Sequence[Token]] | None = None) -> list[NameMention]:
    """Names in the sentences ``sents`` of ``text`` with attached roles.

    A one-word name is returned unless the text writes it in lower case
    elsewhere; whether it stands (and, opening a sentence, whether the text
    capitalises it elsewhere) is for :meth:`NameVocab.admits` to say, with the
    evidence of every text compared.

    Parameters
    ----------
    text : str
        Full text; spans refer to it.
    sents : sequence of (int, int)
        Its sentences (:func:`lineage.text.sentences.sentences`), in order.
    vocab : NameVocab, optional
        The evidence for sentence-initial words; by default built from ``sents``.
    words : sequence of token lists, optional
        Each sentence's tokens (:func:`lineage.text.words.tokens`), when already read.

    Returns
    -------
    list of NameMention
        In text order.
    """
    words = words if words is not None else [tokens(text, s, e) for s, e in sents]
    vocab = vocab if vocab is not None else NameVocab.build(text, sents, words)
    out: list[NameMention] = []
    for (s, e), toks in zip(sents, words):
        if not toks:
            continue
        caps = sum(1 for t in toks if is_capitalised(t.text))
        ended = text[e - 1] in ".!?\"\u201d'\u2019"
        if len(toks) >= 4 and caps >= (0.9 if ended else 0.7) * len(toks):
            continue  # a headline in title case: every word is capitalised
        for run in _runs(text, toks):
            out.extend(_mentions(text, run, run[0].start == toks[0].start, vocab))
    return out


def _is_name_word(word: str) -> bool:
    """Capitalised, and not an adjective compound such as "XML-based" or "US-led"."""
    if not is_capitalised(word):
        return False
    last = word.rsplit("-", 1)[-1]
    return not ("-" in word and last[:1].islower())


def _runs(text: str, toks: Sequence[Token]) -> list[list[Token]]:
    """Maximal sequences of capitalised words joined by spaces and name connectors."""
    runs: list[list[Token]] = []
    i = 0
    while i < len(toks):
        if not _is_name_word(toks[i].text):
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < len(toks) and _strip_possessive(run[-1].text) == run[-1].text:
            gap = text[run[-1].end : toks[j].start]
            dotted = (
                gap == ". "
                and (
                    run[-1].text.lower() in _ABBREVIATED
                    or len(run[-1].text) == 1
                    or _DOTTED.fullmatch(run[-1].text) is not None
                )
                and toks[j].text.lower() not in CAP_STOP
            )
            if gap not in (" ", "  ") and not dotted:
                break
            if _is_name_word(toks[j].text):
                run.append(toks[j])
                j += 1
            elif (
                toks[j].text in CONNECTORS
                and j + 1 < len(toks)
                and _is_name_word(toks[j + 1].text)
                and text[toks[j].end : toks[j + 1].start] == " "
            ):
                run.extend(toks[j : j + 2])
                j += 2
            else:
                break
        runs.append(run)
        i = j
    return runs


def _mentions(text: str, run: list[Token], initial: bool, vocab: NameVocab) -> list[NameMention]:
    # Drop leading function words ("The", "According"); an initial run stays initial.
    while run and run[0].text.lower() in CAP_STOP:
        run = run[1:]
        initial = False
    pieces: list[list[Token]] = [[]]
    for tok in run:
        if _strip_possessive(tok.text).lower().rstrip("s") in _MONTHS_DAYS | _DAYS_STEM:
            pieces.append([])
        else:
            pieces[-1].append(tok)
    out: list[NameMention] = []
    for piece in (p for p in pieces if p):
        while piece and piece[-1].text in CONNECTORS:
            piece = piece[:-1]
        if not piece:
            continue
        mention = _mention(text, piece, initial and piece[0].start == run[0].start, vocab)
        if mention is not None:
            out.append(mention)
    return out


def _mention(text: str, piece: list[Token], initial: bool, vocab: NameVocab) -> NameMention | None:
    single = ""
    raw = [_strip_possessive(t.text) for t in piece]
    low = [r.lower() for r in raw]
    title_end = 0
    for i, w in enumerate(low[:-1]):
        w = w.rstrip(".")
        # "General" is a title after another one ("Attorney General"), not in "General Electric".
        if w in _TITLES or (
            w in ("general", "generals") and i > 0 and low[i - 1].rstrip(".") in _TITLES
        ):
            title_end = i + 1
    if title_end and low[-1] in _ORG_WORDS:
        title_end = 0  # "President Hotel" is a place, not a president
    role_span: Span | None = None
    role_keys: frozenset[str] = frozenset()
    if title_end:
        keys = (
            frozenset(
                w.rstrip(".")
                for w in low[:title_end]
                if w.rstrip(".") in _TITLES or w in ROLE_WORDS
            )
            - _ROLE_MODIFIERS
            - _HONORIFICS
        )
        if keys:
            role_span = (piece[0].start, piece[title_end - 1].end)
            role_keys = keys
        piece, raw, low = piece[title_end:], raw[title_end:], low[title_end:]
        initial = False
    if len(piece) == 1:
        word = low[0]
        if word in _NOT_NAMES or word in CAP_STOP or len(word) < 2:
            return None
        if word in vocab.lowercase:
            return None  # a common word capitalised by style or position
        # Whether it names anything depends on the evidence of the texts compared: NameVocab.admits.
        single = word
    elif initial and all(w in vocab.lowercase for w in low):
        return None
    start = piece[0].start
    end = piece[-1].start + len(raw[-1])
    if _DOTTED.fullmatch(raw[-1]) and text[end : end + 1] == ".":
        end += 1  # "U.S." keeps its last full stop
    key = name_key(text[start:end])
    person = _is_person(key, raw)
    if person and role_span is None:
        role_span, role_keys = _attached_role(text, start, end)
    return NameMention((start, end), text[start:end], key, person, role_span, role_keys, single,
                       bool(single) and initial)


_APPOSITIVE = re.compile(r"\s*,\s*(?P<role>[^,;()\"\u201c\u201d.]{2,90}?)\s*(?=[,;.]|$)")


def _attached_role(text: str, start: int, end: int) -> tuple[Span | None, frozenset[str]]:
    """The role given in apposition ("Jack Ma, chairman of X,") or just before ("Alibaba chairman Jack Ma")."""
    m = _APPOSITIVE.match(text, end)
    if m:
        keys = _role_keys(m.group("role"))
        if keys:
            return (m.start("role"), m.end("role")), keys
    before = tokens(text, max(0, start - 60), start)
    chosen: list[Token] = []
    i = len(before) - 1
    while i >= 0 and len(chosen) < 4:
        tok = before[i]
        if text[tok.end : chosen[0].start if chosen else start].strip():
            break
        low = tok.text.lower()
        if (
            low in ROLE_WORDS
            or low in _ROLE_MODIFIERS
            or (chosen and is_capitalised(tok.text) and low not in CAP_STOP)
        ):
            chosen.insert(0, tok)
        elif (
            chosen
            and low not in STOPWORDS
            and i > 0
            and not text[before[i - 1].end : tok.start].strip()
            and (
                before[i - 1].text.lower() in _ROLE_MODIFIERS or is_capitalised(before[i - 1].text)
            )
        ):
            chosen.insert(0, tok)  # an adjective inside the role: "Chief financial officer"
        else:
            break
        i -= 1
    if chosen and chosen[-1].text.lower() in ROLE_WORDS:
        return (chosen[0].start, chosen[-1].end), _role_keys(" ".join(t.text for t in chosen))
    return None, frozenset()


def _role_keys(role: str) -> frozenset[str]:
    words = [w.lower() for w in re.findall(r"[^\W_]+(?:-[^\W_]+)*", role)]
    keys = {w for w in words if w in ROLE_WORDS and w not in _ROLE_MODIFIERS}
    # "chief executive" is a role though neither word is one alone.
    keys.update("executive" for a, b in zip(words, words[1:]) if (a, b) == ("chief", "executive"))
    return frozenset(keys)
