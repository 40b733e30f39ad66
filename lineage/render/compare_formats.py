"""Write a comparison report in the format its file extension names: HTML page, Markdown or JSON."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, OptionsError

if TYPE_CHECKING:
    from ..comparison import CompareResult

#: Report formats by file extension.
REPORT_FORMATS = (".html", ".md", ".json")


def check_report_format(path: str | os.PathLike[str]) -> str:
    """The extension of ``path`` when it names a report format; :class:`OptionsError` otherwise."""
    ext = Path(path).suffix.lower()
    if ext not in REPORT_FORMATS:
        shown = ext or "a file without extension"
        raise OptionsError(f"cannot write a report as {shown}: use one of {', '.join(REPORT_FORMATS)}")
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
    """Write ``text`` beside ``path`` and move it into place, so no half-written file is ever left there.

    Raises
    ------
    InputError
        The destination cannot be written (missing directory, permission denied, ...).
    """
    dest = Path(path)
    parent = dest.parent if str(dest.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{dest}: directory {parent} does not exist")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, 0o644)  # mkstemp's private mode is not what a user expects of a report
        os.replace(tmp, dest)
    except OSError as exc:
        raise InputError(f"{dest}: cannot write ({exc.strerror or exc})") from exc
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


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
