"""Reading documents: encodings, and a clear error for every kind of unusable input."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage import Document, InputError


def test_utf8_with_bom_and_cp1252_are_decoded(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffCaf\u00e9 au lait is served.".encode("utf-8"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("\u201cQuoted\u201d caf\u00e9 \u2013 in Windows-1252.".encode("cp1252"))
    d1, d2 = Document.from_path(bom), Document.from_path(legacy)
    assert d1.text == "Caf\u00e9 au lait is served." and d1.encoding == "utf-8"
    assert d2.text == "\u201cQuoted\u201d caf\u00e9 \u2013 in Windows-1252." and d2.encoding == "cp1252"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes("Sixteen-bit text works too.".encode("utf-16"))
    assert Document.from_path(f).text == "Sixteen-bit text works too."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"   \n\t \n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_unusable_content_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        Document.from_path(f)


def test_missing_directory_and_huge_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        Document.from_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        Document.from_path(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="too large"):
        Document.from_path(big, max_bytes=100)


def test_from_text_refuses_empty() -> None:
    with pytest.raises(InputError, match="empty"):
        Document.from_text("  \n ")
