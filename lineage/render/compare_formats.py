"""Write a comparison report in the format its file extension names: HTML page, Markdown or JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OptionsError
from ..files import check_writable, write_atomic

if TYPE_CHECKING:
    from ..comparison import CompareResult

#: Report formats by file extension.
REPORT_FORMATS = (".html", ".md", ".json")


def check_report_format(path: str | os.PathLike[str]) -> str:
    """The extension of ``path`` when it names a report format and can be written there.

    Raises
    ------
    OptionsError
        The extension names no report format.
    OutputError
        The place cannot be written.
    """
    ext = Path(path).suffix.lower()
    if ext not in REPORT_FORMATS:
        shown = ext or "a file without extension"
        raise OptionsError(f"cannot write a report as {shown}: use one of {', '.join(REPORT_FORMATS)}")
    check_writable(Path(path))
    return ext


def render_report(data: dict[str, Any], text_a: str, text_b: str, ext: str) -> str:
    """The report of one comparison as text in the format ``ext`` (``.html``, ``.md`` or ``.json``)."""
    if ext == ".html":
        from .compare_page import compare_page

        return compare_page(data, text_a, text_b)
    if ext == ".md":
        from .compare_markdown import compare_markdown

        return compare_markdown(data, text_a, text_b)
    if ext == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    raise OptionsError(f"unknown report format {ext!r}")


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) beside ``path`` and move it into place, so no half-written file is left.

    Raises
    ------
    OutputError
        The destination cannot be written (missing directory, permission denied, ...).
    """
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="")

    write_atomic(path, write)


def write_compare_report(result: CompareResult, path: str | os.PathLike[str]) -> None:
    """Write the report of ``result`` to ``path`` in the format its extension names.

    Parameters
    ----------
    result : CompareResult
        A comparison from :func:`lineage.compare`.
    path : path-like
        Destination; ``.html`` a self-contained page, ``.md`` Markdown, ``.json`` the JSON document.

    Raises
    ------
    OptionsError
        The extension names no report format.
    InputError
        The destination cannot be written.
    """
    ext = check_report_format(path)
    text = render_report(result.to_dict(), result.a.document.text, result.b.document.text, ext)
    write_text_atomic(path, text)
