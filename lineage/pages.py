"""Web pages read as text: the article without navigation, scripts and comments, with its title and date.

The main text comes from trafilatura, which keeps the article's paragraphs
and leaves out menus, sharing links, related-story lists and reader comments;
its title, date (from the page's markup only, never guessed from links or
comments), canonical address and site name become the document's metadata.
A page in which trafilatura finds no article (a fragment, a bare list) is
read with a plain extractor of all visible text instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from .errors import InputError

#: File suffixes read as HTML pages.
HTML_SUFFIXES = (".html", ".htm")
_BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr section article header footer blockquote pre title".split())
_SKIP = frozenset(("script", "style", "noscript", "template", "nav", "form", "button", "select", "svg", "iframe"))


@dataclass(frozen=True)
class Page:
    """What was read from an HTML page: its text, paragraphs apart, and the metadata found."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    extractor: str = "stdlib"


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one line per block element, navigation and scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, paragraphs separated by blank lines (no article detection)."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _paragraphs("".join(parser.parts).split("\n"))


def _paragraphs(lines: list[str]) -> str:
    """Non-blank lines, spaces collapsed, one paragraph each, separated by blank lines."""
    kept = [" ".join(line.split()) for line in lines]
    return "\n\n".join(line for line in kept if line) + "\n"


def read_page(html: str, label: str = "page") -> Page:
    """The article of an HTML page as text, with the title, date, address and site its markup gives.

    Parameters
    ----------
    html : str
        The page's markup.
    label : str
        Name used in error messages.

    Returns
    -------
    Page
        The title on the first line, then each paragraph of the article
        separated by a blank line; the date is ISO (``YYYY-MM-DD``).

    Raises
    ------
    InputError
        The page holds no text, or the HTML extractor is not installed.
    """
    try:
        import trafilatura
    except ImportError as exc:  # a broken installation: trafilatura is a dependency
        raise InputError(f"{label}: reading HTML needs trafilatura (pip install trafilatura lxml_html_clean): {exc}") from None
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        include_links=False, deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta: dict[str, Any] = {}
    if found is not None:
        meta = found if isinstance(found, dict) else found.as_dict()
    text = str(meta.get("text") or "")
    if not text.strip():
        plain = html_to_text(html)
        if not plain.strip():
            raise InputError(f"{label}: HTML page holds no text")
        return Page(plain)
    from importlib.metadata import version  # slow to import: only for an HTML page

    title = " ".join(str(meta.get("title") or "").split()) or None
    lines = text.split("\n")
    if title and " ".join(lines[0].split()) != title:
        lines.insert(0, title)
    return Page(_paragraphs(lines), title, meta.get("date") or None, meta.get("url") or None,
                meta.get("sitename") or None, f"trafilatura {version('trafilatura')}")
