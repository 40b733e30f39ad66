"""Prepared documents: each document read once into the units every later stage consumes.

A :class:`PreparedDocument` holds what comparisons, the graph, the archive
and the Spark engine need of one document: its compared regions cut into
sentences (the alignment units), the finer sentences the findings read, the
quotations, the content-word stems of every unit, the content words with
their offsets (for seeds), and the MinHash signature of its word shingles.
It is built once by :func:`prepare` and never re-segmented; it serialises to
an explicit, versioned format (:mod:`lineage.prepared_io`).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Hashable, TypeVar, cast

import numpy as np

from .documents import Document
from .fingerprints import SignatureScheme, hash_shingles, shingle_hashes, signature_values
from .layout import TITLE, Layout
from .options import DEFAULT_OPTIONS, Options
from .text.quotes import extract_quotes, inside_quotes, is_closed
from .text.sentences import split_sentences
from .text.spans import Span
from .text.words import WORD_RE, WordTable, fold, folded_words, key, normalise, term, terms

if TYPE_CHECKING:
    from .findings.mentions import Mentions

T = TypeVar("T")

#: Version of the preparation: bump when segments, stems, content words or quotations change.
PREPARATION = "lineage-prepare-3"
#: Sentences with fewer distinct content stems than this are not indexed (too common to tell).
MIN_INDEXED_STEMS = 5


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence: its text and ``[start, end)`` offsets in the document, with its place.

    Attributes
    ----------
    index : int
        Position among the document's segments.
    start, end : int
        Character offsets into ``Document.text``.
    text : str
        ``Document.text[start:end]``.
    paragraph : int
        Index of the paragraph (layout region) the sentence belongs to.
    kind : str
        ``"title"`` or ``"body"`` (or a boilerplate kind when boilerplate is kept).
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    kind: str = "body"


@dataclass(frozen=True)
class ContentWords:
    """Content-word stems of a text (outside quotations) with their character offsets."""

    ids: np.ndarray  # uint64 hash of each stem
    starts: np.ndarray
    ends: np.ndarray


@dataclass(frozen=True)
class PreparationScheme:
    """The settings a prepared document depends on; two documents compare only under one scheme."""

    keep_boilerplate: bool
    signature: SignatureScheme
    version: str = PREPARATION

    @classmethod
    def from_options(cls, options: Options) -> "PreparationScheme":
        """The scheme ``options`` asks for."""
        return cls(options.keep_boilerplate,
                   SignatureScheme(options.shingle_size, options.num_perm, options.seed))


@dataclass(frozen=True, eq=False)
class PreparedDocument:
    """A document cut into sentences, stems, content words and a signature, once.

    Attributes
    ----------
    document : Document
        The document; every offset refers to its text.
    scheme : PreparationScheme
        The settings it was prepared with.
    layout : Layout
        Title, body, boilerplate regions and header metadata of the text.
    segments : tuple of Segment
        The alignment units: sentences of the compared regions, a quotation
        of several sentences kept with its attribution.
    sentences : tuple of (int, int)
        Finer sentences of the compared regions (quotations cut too), which
        the findings read.
    quotes : tuple of (int, int)
        Quotations in the compared regions, marks included.
    stems : tuple of tuple of str
        Content-word stems of each segment, in order.
    words : ContentWords
        Content words outside quotations with their offsets.
    shingles : int
        Distinct word shingles of the compared text.
    signature : numpy.ndarray
        MinHash values (uint32) of those shingles.
    hashes : numpy.ndarray or None
        The shingles' 32-bit hashes, kept in memory when known (not stored).
    """

    document: Document
    scheme: PreparationScheme
    layout: Layout
    segments: tuple[Segment, ...]
    sentences: tuple[Span, ...]
    quotes: tuple[Span, ...]
    stems: tuple[tuple[str, ...], ...]
    words: ContentWords
    shingles: int
    signature: np.ndarray = field(repr=False)
    hashes: np.ndarray | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        """The document's id."""
        return self.document.id

    @property
    def text(self) -> str:
        """The document's full text."""
        return self.document.text

    @property
    def date(self) -> str | None:
        """The caller's date if given, else the date printed in the document's header."""
        return self.document.date or self.layout.date

    def regions(self) -> list[Span]:
        """Extents of the compared regions (title and body, or every region with boilerplate)."""
        return [(r.start, r.end) for r in self.layout.content(self.scheme.keep_boilerplate)]

    @cached_property
    def stem_sets(self) -> tuple[frozenset[str], ...]:
        """Distinct content stems of each segment."""
        return tuple(frozenset(s) for s in self.stems)

    @cached_property
    def canonical(self) -> str:
        """The compared text in composed Unicode form with every run of whitespace one space.

        Two documents are identical when these are equal: page chrome,
        line endings, spacing and Unicode normalisation aside, nothing differs.
        """
        return " ".join(unicodedata.normalize("NFC", self.compared_text()).split())

    @cached_property
    def norms(self) -> tuple[str, ...]:
        """Each segment normalised (folded words joined by spaces), as edit similarities read it."""
        return tuple(normalise(s.text) for s in self.segments)

    @cached_property
    def mentions(self) -> "Mentions":
        """Numbers, names, quotations and attributions of the compared text, for the findings."""
        from .findings.mentions import analyse

        return analyse(self)

    def memo(self, key: Hashable, make: Callable[["PreparedDocument"], T]) -> T:
        """``make(self)``, computed once and kept until :meth:`release`: a view a later stage reads per pair."""
        views: dict[Hashable, Any] = self.__dict__.setdefault("_memo", {})
        if key not in views:
            views[key] = make(self)
        return cast(T, views[key])

    def release(self) -> None:
        """Forget the views computed on first use (stem sets, norms, mentions, canonical text, memos).

        A corpus run compares each document with a few others; releasing the
        views of documents it has moved past keeps memory bounded.
        """
        for name in _CACHED_VIEWS:
            self.__dict__.pop(name, None)

    def shingle_hashes(self) -> np.ndarray:
        """Distinct 32-bit hashes (sorted) of the word shingles of the compared text."""
        if self.hashes is not None:
            return self.hashes
        return shingle_hashes(self.compared_text(), self.scheme.signature.shingle_size)

    def compared_text(self) -> str:
        """The compared sentences joined by line breaks: the text shingles are read from."""
        return "\n".join(s.text for s in self.segments)

    def sentence_hashes(self) -> list[tuple[int, np.ndarray]]:
        """Segments with enough content for a sentence index, with their stem-set hashes.

        Numbers are left out: tables of figures are not wording.
        """
        out = []
        # Read from ``stems``, not ``stem_sets``: indexing a corpus must not cache sets it never reads again.
        for seg, st in zip(self.segments, self.stems):
            h = np.unique(np.fromiter(
                (zlib.crc32(s.encode("utf-8")) for s in set(st) if not s[0].isdigit()), dtype=np.uint32))
            if len(h) >= MIN_INDEXED_STEMS:
                out.append((seg.index, h))
        return out


_CACHED_VIEWS = ("stem_sets", "canonical", "norms", "mentions", "_memo")


def segment(document: Document, keep_boilerplate: bool = False) -> tuple[Segment, ...]:
    """Sentences of a document's title and body (or of every line when boilerplate is kept).

    Parameters
    ----------
    document : Document
        The document; its layout tells title, body and boilerplate apart.
    keep_boilerplate : bool
        Segment every non-blank line, page chrome and comments included.

    Returns
    -------
    tuple of Segment
        Sentences in text order, each with offsets into ``document.text``.
    """
    out: list[Segment] = []
    for para, region in enumerate(document.layout.content(keep_boilerplate)):
        if region.kind == TITLE:
            spans = [(region.start, region.end)]
        else:
            spans = split_sentences(document.text, region.start, region.end)
        for s, e in spans:
            out.append(Segment(len(out), s, e, document.text[s:e], para, region.kind))
    return tuple(out)


def _content_words(text: str, regions: list[Span], quotes: list[Span]) -> ContentWords:
    """Content words of ``regions`` outside ``quotes`` (both sorted), stems hashed.

    Outlets quoting the same speaker share the quoted words; seeds count only
    what the writers wrote themselves.  Read in bulk (every word looked up,
    then quotations masked with numpy): this runs for every word of every document.
    """
    found = [m for r0, r1 in regions for m in WORD_RE.finditer(text, r0, r1)]
    ids = np.fromiter(map(_CONTENT_IDS.__getitem__, map(re.Match.group, found)), dtype=np.int64, count=len(found))
    # Offsets are read for content words only: stopwords are about half of all words.
    kept = [found[i] for i in np.flatnonzero(ids >= 0).tolist()]
    ids = ids[ids >= 0]
    starts = np.fromiter(map(re.Match.start, kept), dtype=np.int64, count=len(kept))
    ends = np.fromiter(map(re.Match.end, kept), dtype=np.int64, count=len(kept))
    if quotes:
        keep = ~inside_quotes(starts, quotes)
        ids, starts, ends = ids[keep], starts[keep], ends[keep]
    return ContentWords(ids.astype(np.uint64), starts, ends)


def _content_id(word: str) -> int:
    t = term(key(fold(word)))
    return -1 if t is None else zlib.crc32(t.encode("utf-8"))


#: Content-word hashes of words as written (-1: not a content word).
_CONTENT_IDS = WordTable(_content_id, 200_000)


def prepare(document: Document | str, options: Options | None = None, name: str = "text") -> PreparedDocument:
    """Read a document once into its sentences, stems, content words and signature.

    Parameters
    ----------
    document : Document or str
        The document (a string becomes a document named ``name``).
    options : Options, optional
        Settings (boilerplate, shingle size, permutations, seed).
    name : str
        Id of a document made from a string.

    Returns
    -------
    PreparedDocument
        With no segments when nothing is left once page chrome is set aside.
    """
    opts = options or DEFAULT_OPTIONS
    doc = document if isinstance(document, Document) else Document.from_text(document, id=name)
    segs = segment(doc, opts.keep_boilerplate)
    text = doc.text
    regions = [(r.start, r.end) for r in doc.layout.content(opts.keep_boilerplate)]
    quotes: list[Span] = []
    sentences: list[Span] = []
    by_region: dict[int, list[Span]] = {}
    for s in segs:
        by_region.setdefault(s.paragraph, []).append((s.start, s.end))
    for k, (region, (r0, r1)) in enumerate(zip(doc.layout.content(opts.keep_boilerplate), regions)):
        found = extract_quotes(text, r0, r1)
        quotes.extend(found)
        if region.kind == TITLE:
            sentences.append((r0, r1))
        elif any(is_closed(text, q) for q in found):
            sentences.extend(split_sentences(text, r0, r1, keep_quotations=False))
        else:  # with no closed quotation to keep whole, the segments are these sentences already
            sentences.extend(by_region.get(k, ()))
    # Each sentence's words are read once, for its stems and for the shingles of the compared text.
    seg_words = [folded_words(s.text) for s in segs]
    stems = tuple(tuple(terms(w)) for w in seg_words)
    scheme = PreparationScheme.from_options(opts)
    sig = scheme.signature
    joined = "\n".join(s.text for s in segs)
    # The words of the joined text are the sentences' words, unless folding it lower-cases
    # character by character (a capital letter whose small form is longer), as it then does throughout.
    words = [w for ws in seg_words for w in ws] if len(joined.lower()) == len(joined) else folded_words(joined)
    hashes = hash_shingles(words, sig.shingle_size)
    return PreparedDocument(
        doc, scheme, doc.layout, segs, tuple(sentences), tuple(quotes), stems,
        _content_words(text, regions, quotes), len(hashes),
        signature_values(hashes, sig.num_perm, sig.seed), hashes,
    )

