"""Inputs people have: HTML pages read as their article, JSON Lines inside directories, unusable files skipped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lineage import Document, compare, load_corpus
from lineage.corpus import Skipped, read_document
from lineage.errors import InputError
from lineage.pages import html_to_text, read_page

DATA = Path(__file__).resolve().parent / "data"
PAGE = DATA / "chinadaily_wuzhen_panelists.html"


def test_page_is_read_as_its_article_with_metadata() -> None:
    d = read_document(PAGE)
    assert d.title == "Wuzhen panelists say Internet requires global cooperation"
    assert d.date == "2015-12-19"
    assert d.url == "https://www.chinadaily.com.cn/business/tech/2015-12/19/content_22753000.htm"
    assert d.source == "Chinadaily.com.cn"
    assert d.extra["extractor"].startswith("trafilatura ")
    # Navigation, sharing links, related stories, reader comments, scripts and the footer are gone.
    for furniture in ("Lifestyle", "Facebook", "Related stories", "Reader from Hangzhou", "incredible number",
                      "dataLayer", "Subscribe", "Copyright", "Leave a Reply"):
        assert furniture not in d.text, furniture
    # The title first, then one paragraph per paragraph of the page, blank lines between.
    paragraphs = d.text.strip().split("\n\n")
    assert paragraphs[0] == d.title and len(paragraphs) == 14
    assert paragraphs[1].startswith("The three-day World Internet Conference concluded on Friday")
    assert paragraphs[-1].startswith("The Wuzhen Initiative, released at the closing ceremony")


def test_page_compares_as_the_text_file_does(samples: dict[str, Path]) -> None:
    blog = Document.from_path(samples["001"])
    as_text = compare(blog, Document.from_path(samples["002"]))
    as_page = compare(blog, read_document(PAGE))
    assert as_page.verdict == as_text.verdict == "paraphrase"
    assert as_page.direction.source == as_text.direction.source == "b"
    assert abs(len(as_page.findings) - len(as_text.findings)) <= 2
    kinds = Counter(f.kind for f in as_page.findings)
    assert kinds["sentence-dropped"] <= Counter(f.kind for f in as_text.findings)["sentence-dropped"] + 1


def test_page_without_an_article_falls_back_to_its_visible_text() -> None:
    page = read_page("<ul><li>One item</li><li>Another <script>alert(1)</script>item</li></ul><nav>Home</nav>")
    assert page.text == "One item\n\nAnother item\n" and page.extractor == "stdlib"
    with pytest.raises(InputError, match="holds no text"):
        read_page("<html><head><script>var x = 1;</script></head><body> </body></html>", "x.html")
    assert html_to_text("<p>a</p><p>b</p>") == "a\n\nb\n"


def test_jsonl_files_inside_directories_are_loaded(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("A plain text story about the harbour.\n", encoding="utf-8")
    sub = tmp_path / "wire"
    sub.mkdir()
    (sub / "stories.jsonl").write_text(
        '{"id": "w1", "text": "A wire story about the harbour.", "date": "19/12/2015", "url": "https://x.test/w1", '
        '"source": "Wire"}\n{"id": "w2", "text": "Another wire story."}\n', encoding="utf-8")
    (sub / "more.ndjson").write_text('{"id": "w3", "text": "A third one."}\n', encoding="utf-8")
    docs = load_corpus([tmp_path])
    assert [d.id for d in docs] == ["one.txt", "w3", "w1", "w2"]
    w1 = docs[2]
    assert (w1.date, w1.url, w1.source) == ("2015-12-19", "https://x.test/w1", "Wire")


def _bad_corpus(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text("A story that reads well enough.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "records.jsonl").write_text('{"id": "r1", "text": "Fine."}\nnot json\n{"id": "r2", "text": " "}\n',
                                            encoding="utf-8")
    return tmp_path


def test_unusable_files_are_skipped_when_not_strict(tmp_path: Path) -> None:
    corpus = _bad_corpus(tmp_path)
    skipped: list[Skipped] = []
    docs = load_corpus([corpus], strict=False, on_skip=skipped.append)
    assert [d.id for d in docs] == ["good.txt", "r1"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons == {
        "empty.txt": "file is empty",
        "image.txt": "looks like a binary file, not text",
        "records.jsonl:2": "not valid JSON (Expecting value)",
        "records.jsonl:3": "document r2 is empty",
    }
    with pytest.raises(InputError, match="empty.txt: file is empty"):
        load_corpus([corpus])  # strict by default: the first unusable file stops the run


def test_duplicate_ids_skipped_when_not_strict(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story from {folder}.\n", encoding="utf-8")
    paths = [tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"]
    skipped: list[Skipped] = []
    docs = load_corpus(paths, strict=False, on_skip=skipped.append)
    assert len(docs) == 1 and docs[0].text == "Story from a.\n"
    assert skipped[0].reason.startswith("duplicate document id story.txt (already read from ")
    with pytest.raises(InputError, match="duplicate document id"):
        load_corpus(paths)


def test_nothing_left_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="no documents found .*1 skipped"):
        load_corpus([tmp_path], strict=False)
