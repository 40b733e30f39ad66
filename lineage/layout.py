"""Page layout: find the title, the body, page chrome and reader comments, and header metadata.

Web articles saved as text carry navigation, sharing links, captions, polls and
reader comments.  They are recognised line by line and kept out of comparisons
unless asked for; every region keeps its character offsets into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .text.dates import find_dates

#: Kinds of region a line can belong to.
BODY, TITLE = "body", "title"
CHROME, CAPTION, COMMENTS, METADATA, HEADLINE_REPEAT = (
    "chrome", "caption", "comments", "metadata", "headline-repeat",
)


@dataclass(frozen=True)
class Region:
    """A span of the text and what it is (body, title, chrome, caption, ...)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Layout:
    """Regions of a text, in order, with the title and header metadata found."""

    regions: tuple[Region, ...]
    title: str | None = None
    date: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields, the read-only mapping as a plain dict (for worker processes)."""
        from dataclasses import fields as _fields

        values = {f.name: getattr(self, f.name) for f in _fields(self)}
        values["metadata"] = dict(values["metadata"])
        return (_rebuild, (type(self), values))

    def __post_init__(self) -> None:
        if not isinstance(self.metadata, MappingProxyType):
            object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))

    def content(self, keep_boilerplate: bool = False) -> tuple[Region, ...]:
        """Regions to compare: title and body, or every non-blank region."""
        if keep_boilerplate:
            return self.regions
        return tuple(r for r in self.regions if r.kind in (BODY, TITLE))

    def boilerplate(self) -> tuple[Region, ...]:
        """Regions recognised as page furniture, captions, metadata or comments."""
        return tuple(r for r in self.regions if r.kind not in (BODY, TITLE))


# Lines after which everything is reader comments, polls or link lists.
_TAIL = re.compile(
    r"^(leave a (reply|comment)|have your say!?|add your comments?(\.\.\.)?|post a comment|"
    r"\d+ comments?|comments?|go to forum.*|no comments\.?|related (news|articles|stories|posts)|"
    r"most popular|hot topics|editor'?s'? picks|you may also like|read more|more from .*|"
    r"print e-?mail bookmark and share|share this( article| story)?:?|recommended( for you)?|"
    r"trending( now)?|latest news)$",
    re.I,
)
# Lines that are page furniture wherever they appear.
_CHROME = re.compile(
    r"^(mobile version|follow us on \w+|facebook|twitter|instagram|youtube|linkedin|whatsapp|"
    r"app|rss|newsletter|home|menu|search|login|log in|sign in|sign up|subscribe|advertisement|"
    r"adjust font size:?|font size:?|print|e-?mail|share|tweet|bookmark and share|"
    r"the contributor|connect with .{0,40}|.{0,20}email: click here|click here.*|view results|"
    r"loading \.\.\.(\s*loading \.\.\.)?|follow me on twitter.*|follow .{0,40} on (twitter|facebook).*|"
    r".{0,40} app download|send your stories.*|enter the words you see:?|user name required|"
    r"your comment|racist, abusive and off-topic comments may be removed by the moderator\.?|"
    r"opinion articles reflect the views of their authors.*|source: \S+|"
    r"(chinadaily\.com\.cn|xinhua|reuters|ap|afp)|\d+ comment\(s\).*|.{0,30}\bcomment\(s\).*|"
    r"copyright .*|© .*|all rights reserved\.?)$",
    re.I,
)
_BULLET = re.compile(r"^[\u2022\u00b7\-\*\u25cf\u25aa>]+\s*")
_BREADCRUMB = re.compile(r"^[\w&' ]{2,30}( (/|>|»|\|) [\w&' ]{2,30})+$")
_CAPTION_CREDIT = re.compile(r"\[(photo|image|video|file photo)\b[^\]]*\]\s*$|\((photo|image): [^)]*\)\s*$", re.I)
_BYLINE = re.compile(r"^by\s+([A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&|,))*)", re.I)
_UPDATED = re.compile(r"\b(updated|published|posted)\s*:", re.I)
_AUTHOR_BIO = re.compile(r"^the (author|writer) is\b", re.I)
# Short lines that belong to a comment thread: "Ann says:", "Reply", "December 18, 2015 at 3:12 pm".
_COMMENT_SIGN = re.compile(
    r"\b(says|wrote|replied|commented)\s*:|^reply\b|\breply$|\b\d{1,2}:\d\d\s*(am|pm)\b|^@\w+",
    re.I,
)
#: A tail marker followed within ``PROSE_WINDOW`` lines by ``PROSE_LINES`` lines of at least
#: ``PROSE_WORDS`` words ending a sentence stands in the middle of the article, not at its end.
PROSE_WINDOW, PROSE_LINES, PROSE_WORDS = 5, 2, 20
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?\s*$")
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n\r]+")
# Numbered reader comments: "2. W.P: Your mother is a great woman!"
_COMMENT_ITEM = re.compile(r"^\d{1,3}\.\s+[^:]{1,60}:\s")
_FIGURE = re.compile(
    r"\d\w*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) spans with surrounding whitespace trimmed."""
    spans = []
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


def _is_chrome(bare: str) -> bool:
    """Whether a line, its bullet taken off (``bare``), is page furniture wherever it appears."""
    if not bare:
        return True
    if _CHROME.match(bare):
        return True
    if _BREADCRUMB.match(bare) and len(_WORD.findall(bare)) <= 6:
        return True
    return False


def _is_metadata(line: str, words: int) -> bool:
    if _UPDATED.search(line):
        return True
    if _BYLINE.match(line) and words <= 20 and not _SENTENCE_END.search(line):
        return True
    # A short line made of little but a date ("November 11, 2018", "2015-12-18 14:21").
    if words <= 12 and not _SENTENCE_END.search(line):
        dates = find_dates(line)
        if dates and sum(len(d.text) for d in dates) >= 0.3 * len(line):
            return True
    return False


def _is_comment_item(line: str) -> bool:
    return bool(_COMMENT_ITEM.match(line))


def _prose_follows(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether article prose, not comments or link lists, follows the tail marker at line ``i``.

    Prose is ``PROSE_LINES`` lines of ``PROSE_WORDS`` words or more ending a
    sentence among the next ``PROSE_WINDOW`` lines, with no comment signs
    (numbered comments, "... says:", "Reply", times of day) among them.
    """
    prose = 0
    for start, end in spans[i + 1:i + 1 + PROSE_WINDOW]:
        line = text[start:end]
        if _TAIL.match(_BULLET.sub("", line).strip()) or _is_comment_item(line):
            break
        if len(_WORD.findall(line)) >= PROSE_WORDS and _SENTENCE_END.search(line):
            prose += 1
        elif _COMMENT_SIGN.search(line):
            return False
    return prose >= PROSE_LINES


def analyse(text: str, recurring: frozenset[str] = frozenset()) -> Layout:
    """Classify every non-blank line of ``text`` and collect title, date and byline.

    Parameters
    ----------
    text : str
        The document text.
    recurring : frozenset of str
        Normalised lines found recurring across a corpus (see ``line_key``);
        they are page chrome wherever they appear.

    Returns
    -------
    Layout
        Regions covering each non-blank line, in text order.
    """
    spans = _lines(text)
    # A line's key can be recurring only if it has as many words as a recurring key (exact for ASCII lines).
    key_sizes = {k.count(" ") + 1 for k in recurring}
    body_seen = False
    in_tail = False
    title: str | None = None
    title_norm = ""
    meta: dict[str, str] = {}
    date: str | None = None
    regions: list[Region] = []

    for i, (start, end) in enumerate(spans):
        # Runs of spaces and tabs do not change what a line is.
        raw = text[start:end]
        line = " ".join(raw.split())
        words = len(_WORD.findall(line))
        bare = _BULLET.sub("", line).strip()
        norm = ""  # the line's words, lower case, once the title is known
        kind = BODY
        if in_tail:
            kind = COMMENTS
        elif _TAIL.match(bare) and (body_seen or words <= 4):
            if body_seen and _prose_follows(text, spans, i):
                kind = CHROME  # a marker in the middle of the article: the line alone is furniture
            else:
                kind = COMMENTS
                # A tail marker ends the article once the body has begun.
                in_tail = body_seen
        elif _is_chrome(bare) or (
            recurring and (words in key_sizes or not line.isascii()) and line_key(line) in recurring
        ):
            kind = CHROME
            # Site headers often print the publication date among sharing links.
            if not body_seen and date is None and (found := find_dates(line)):
                date = found[0].iso
                meta.setdefault("date_text", found[0].text)
        elif _is_comment_item(line) and body_seen:
            kind = COMMENTS
        elif _CAPTION_CREDIT.search(line):
            kind = CAPTION
        elif _AUTHOR_BIO.match(line) and body_seen:
            kind = CHROME
        elif _is_metadata(line, words):
            kind = METADATA
            if _BYLINE.match(line):
                by = _BYLINE.match(line)
                assert by is not None
                meta.setdefault("byline", re.split(r"\s+in\s+|\s*\(", by.group(1))[0].strip(" ,"))
            if not body_seen and date is None:
                found = find_dates(line)
                if found:
                    date = found[0].iso
                    meta.setdefault("date_text", found[0].text)
        elif title is None and not body_seen and not _SENTENCE_END.search(line) and 3 <= words <= 25:
            kind = TITLE
            title = line
            title_norm = _norm(line)
        elif title is not None and (norm := _norm(line)) == title_norm:
            kind = HEADLINE_REPEAT
        if kind == BODY:
            body_seen = True
            # A headline run into the first sentence ("...GovernanceDuring the three day").
            if title_norm and norm.startswith(title_norm) and len(line) > len(title or ""):
                cut = _prefix_end(raw, title or "")
                if cut:
                    regions.append(Region(HEADLINE_REPEAT, start, start + cut))
                    start += cut
                    while start < end and text[start].isspace():
                        start += 1
        regions.append(Region(kind, start, end))
    regions = _join_wrapped(text, regions)
    if title:
        meta.setdefault("title", title)
    if date:
        meta.setdefault("date", date)
    return Layout(tuple(regions), title=title, date=date, metadata=MappingProxyType(meta))


_SOFT_END = re.compile(r"[\w,;\-\u2013]$")
_SOFT_START = re.compile(r"^[a-z(\[\u2018\u201c\"']*[a-z0-9]")


def _join_wrapped(text: str, regions: list[Region]) -> list[Region]:
    """Join body lines broken mid-sentence (hard-wrapped plain text) into one region.

    A line break is soft when the line does not end a sentence and the next
    line, with no blank line between, goes on in lower case.
    """
    out: list[Region] = []
    for r in regions:
        if out and r.kind == BODY and out[-1].kind == BODY:
            prev = out[-1]
            gap = text[prev.end:r.start]
            if gap.count("\n") == 1 and _SOFT_END.search(text[prev.start:prev.end]) and _SOFT_START.match(text[r.start:r.end]):
                out[-1] = Region(BODY, prev.start, r.end)
                continue
        out.append(r)
    return out


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.casefold()))


def line_key(line: str) -> str:
    """Normalised form of a line used to recognise it across documents.

    Figures, number words and months are masked: a wire's fixed formats
    ("Qtly div three cts vs three cts prior") recur with other figures in
    every story that uses them, and are furniture, not copying.
    """
    return " ".join("#" if _FIGURE.fullmatch(w) else w for w in _WORD.findall(line.casefold()))


def _prefix_end(line: str, title: str) -> int:
    """Length of the prefix of ``line`` that repeats ``title`` (0 when it does not)."""
    want = _WORD.findall(title.casefold())
    pos = 0
    for w in want:
        m = re.compile(r"\W*" + re.escape(w), re.I).match(line, pos)
        if not m:
            return 0
        pos = m.end()
    return pos


def _rebuild(cls: type[Any], values: dict[str, Any]) -> Any:
    """An object of ``cls`` from its field values (the inverse of ``__reduce__``)."""
    return cls(**values)
