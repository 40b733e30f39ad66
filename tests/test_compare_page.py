"""The side-by-side report (HTML and Markdown): exact texts, every finding at its place, hostile strings inert."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineage import CompareResult, Document, compare
from lineage.render.compare_markdown import (
    compare_markdown,
    compare_markdown_from_result,
    md_escape,
)
from lineage.render.compare_marks import Mark, cut, word_diff
from lineage.render.compare_page import (
    compare_page,
    compare_page_from_result,
    compare_section,
    report_page,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_ID = f"{SCRIPT}{IMG}.txt"
#: Tags the page itself writes; document text must never add one.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "main", "section", "div",
             "span", "p", "b", "dl", "dt", "dd", "ul", "ol", "li", "aside", "button", "script", "br"}


class Columns(HTMLParser):
    """Every start tag of a page, and the leaf runs (attributes, text) inside each text column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.runs: dict[str, list[tuple[dict[str, str | None], str]]] = {"a": [], "b": []}
        self._side: str | None = None
        self._depth = 0
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.tags.append((tag, d))
        if tag == "div" and d.get("class") == "text":
            self._side, self._depth = d["data-side"], 0
        elif self._side and tag == "span":
            self._depth += 1
            self._attrs = d

    def handle_endtag(self, tag: str) -> None:
        if self._side and tag == "span":
            self._depth -= 1
            self._attrs = {}
        elif self._side and tag == "div":
            self._side = None

    def handle_data(self, data: str) -> None:
        if self._side:
            self.runs[self._side].append((self._attrs, data))

    def text(self, side: str, attr: str | None = None, value: str | None = None) -> str:
        """The column's text, or that of its runs whose ``attr`` (a space-separated list) holds ``value``."""
        return "".join(t for a, t in self.runs[side]
                       if attr is None or value in (a.get(attr) or "").split())


def parse(page: str) -> Columns:
    p = Columns()
    p.feed(page)
    p.close()
    return p


@pytest.fixture(scope="module")
def result(samples: dict[str, Path]) -> CompareResult:
    return compare(Document.from_path(samples["001"]), Document.from_path(samples["002"]))


@pytest.fixture(scope="module")
def page(result: CompareResult) -> str:
    return compare_page_from_result(result)


def hostile_result(samples: dict[str, Path]) -> CompareResult:
    """Samples 001 and 002 with hostile ids, and a hostile sentence after characters outside the BMP."""
    ta = samples["001"].read_text(encoding="utf-8")
    tb = samples["002"].read_text(encoding="utf-8")
    said = f"\U0001f600 Lu Wei said the 7 servers running {SCRIPT} and {IMG} must be replaced quickly.\n\n"
    stated = f"\U0001f600 The 9 servers running {SCRIPT} and {IMG} should be replaced quickly.\n\n"
    ta = ta.replace("A consensus was made", stated + "A consensus was made")
    tb = tb.replace("Consensus was reached", said + "Consensus was reached")
    return compare(Document.from_text(ta, id=HOSTILE_ID, url="javascript:alert(1)", source=SCRIPT),
                   Document.from_text(tb, id=IMG, source=IMG))


def assert_inert(page: str) -> None:
    tags = parse(page).tags
    assert {t for t, _ in tags} <= PAGE_TAGS
    assert [t for t, _ in tags].count("script") == 1 and [t for t, _ in tags].count("meta") == 3
    assert not [(t, a) for t, a in tags for k in a if k.startswith("on") or k in ("src", "href")]


def test_columns_hold_the_exact_texts(result: CompareResult, page: str) -> None:
    cols = parse(page)
    assert cols.text("a") == result.a.document.text
    assert cols.text("b") == result.b.document.text


def test_every_span_renders_as_its_original_text(result: CompareResult, page: str) -> None:
    data, cols = result.to_dict(), parse(page)
    texts = {"a": result.a.document.text, "b": result.b.document.text}
    for k, p in enumerate(data["pairs"]):
        assert cols.text("a", "data-pair", str(k)) == p["a_text"]
        assert cols.text("b", "data-pair", str(k)) == p["b_text"]
    for i, ps in enumerate(data["passages"]):
        for s in "ab":
            start, end = ps[f"{s}_span"]
            assert cols.text(s, "data-p", str(i)) == texts[s][start:end]
    for s in "ab":
        muted = "".join(texts[s][u["span"][0]:u["span"][1]] for u in data["unaligned"][s])
        assert cols.text(s, "class", "un") == muted
        aside = "".join(texts[s][b["span"][0]:b["span"][1]] for b in data[s]["boilerplate"])
        assert cols.text(s, "class", "bp") == aside
        assert [a["data-bp"] for a, _ in cols.runs[s] if "data-bp" in a] == [b["kind"] for b in data[s]["boilerplate"]]


def test_every_finding_is_listed_and_marked_at_its_places(result: CompareResult, page: str) -> None:
    data, cols = result.to_dict(), parse(page)
    texts = {"a": result.a.document.text, "b": result.b.document.text}
    n = len(data["findings"])
    assert n >= 17
    items = [a for t, a in cols.tags if t == "li" and "finding" in (a.get("class") or "")]
    assert [a["data-f"] for a in items] == [str(i) for i in range(n)]
    for i, f in enumerate(data["findings"]):
        assert f'<span class="fkind">{f["kind"]}</span>' in page
        assert unescape(page).count(f["explanation"]) >= 1
        placed = 0
        for s in "ab":
            span = f[f"{s}_span"]
            marked = cols.text(s, "data-f", str(i))
            assert marked == (texts[s][span[0]:span[1]] if span else "")
            if span:
                placed += 1
                starts = [a for a, _ in cols.runs[s] if str(i + 1) in (a.get("data-fn") or "").split()]
                assert len(starts) == 1 and "fs" in (starts[0].get("class") or "").split()
        assert placed == (f["a_span"] is not None) + (f["b_span"] is not None) >= 1


def test_differing_words_are_marked_inside_pairs(result: CompareResult, page: str) -> None:
    cols = parse(page)
    changed = cols.text("a", "class", "dw")
    assert "must" in changed and "Beijing and Brussels" not in changed
    assert all(a.get("data-pair") for s in "ab" for a, _ in cols.runs[s] if "dw" in (a.get("class") or "").split())
    pair = next(p for p in result.to_dict()["pairs"] if "must be made" in p["a_text"])
    only_a, only_b = word_diff(pair["a_text"], pair["b_text"])
    assert any(pair["a_text"][s:e] == "must" for s, e, _ in only_a)
    assert any(pair["b_text"][s:e] == "should" for s, e, _ in only_b)


def test_summary_on_top(result: CompareResult, page: str) -> None:
    head = page[page.index('<div class="summary">'):page.index('<div class="grid">')]
    assert "paraphrase" in head and "100%</b> of A" in head and "91%</b> of B" in head
    assert "002_chinadaily-wuzhen-panelists.txt" in head and f"confidence {result.direction.confidence:.2f}" in head
    for e in result.direction.evidence:
        assert e.reason.replace("'", "&#x27;") in head
    assert "affine32" in head and "128 permutations" in head and f"Jaccard {result.similarity.jaccard:.2f}" in head


def test_page_is_self_contained_and_its_policy_admits_only_its_own_code(page: str) -> None:
    assert not re.search(r"https?:|//[a-z]|@import|url\(", page)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "default-src 'none'" in policy[1]
    for tag, kind in (("style", "style-src"), ("script", "script-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)
        assert body
        digest = base64.b64encode(hashlib.sha256(body[1].encode()).digest()).decode()
        assert f"{kind} 'sha256-{digest}'" in policy[1]
    assert_inert(page)


def test_renders_from_saved_json(result: CompareResult, page: str) -> None:
    saved = json.loads(json.dumps(result.to_dict()))
    assert compare_page(saved, result.a.document.text, result.b.document.text) == page


def test_hostile_ids_and_texts_stay_text(samples: dict[str, Path]) -> None:
    r = hostile_result(samples)
    assert r.reuse_found and r.findings
    page = compare_page_from_result(r)
    assert_inert(page)
    cols = parse(page)
    assert cols.text("a") == r.a.document.text and cols.text("b") == r.b.document.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.txt" in page
    assert any("<img src=x onerror=alert(1)>" in f.src_excerpt + f.explanation for f in r.findings)


def test_hostile_saved_json_stays_text(result: CompareResult) -> None:
    data: dict[str, Any] = copy.deepcopy(result.to_dict())
    evil = SCRIPT + IMG
    data["verdict"] = evil
    data["a"]["id"] = data["b"]["title"] = data["b"]["date"] = evil
    data["a"]["boilerplate"][0]["kind"] = evil
    data["direction"]["evidence"][0]["reason"] = evil
    data["passages"][0]["label"] = data["pairs"][0]["label"] = evil
    data["signature"]["scheme"] = evil
    for f in data["findings"]:
        f["kind"] = f["explanation"] = evil
    data["findings"][0]["severity"] = evil
    data["pairs"][1]["a_span"] = [evil, 3]
    page = compare_page(data, result.a.document.text, result.b.document.text)
    assert_inert(page)
    assert evil not in page and page.count(unescape("&lt;script&gt;")) == 1


def test_sections_share_one_page(result: CompareResult) -> None:
    data, ta, tb = result.to_dict(), result.a.document.text, result.b.document.text
    page = report_page("two", [compare_section(data, ta, tb, "s1"), compare_section(data, ta, tb, "s2")], "<p>ranked</p>")
    assert page.count('<section class="cmp"') == 2 and 'id="s1"' in page and 'id="s2"' in page
    assert "<p>ranked</p>" in page
    with pytest.raises(ValueError):
        compare_section(data, ta, tb, '"><x')


def test_unrelated_pair_renders(samples: dict[str, Path]) -> None:
    r = compare(Document.from_path(samples["000"]), Document.from_path(samples["004"]))
    page = compare_page_from_result(r)
    cols = parse(page)
    assert cols.text("a") == r.a.document.text and "Findings (0)" in page


@given(st.integers(0, 40), st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=12))
def test_cut_covers_the_text_with_the_marks_covering_each_run(length: int, spans: list[tuple[int, int]]) -> None:
    marks = [Mark(s, e, "m", i) for i, (s, e) in enumerate(spans)]
    runs = cut(length, marks)
    assert [r.start for r in runs[1:]] == [r.end for r in runs[:-1]]
    assert (runs[0].start, runs[-1].end) == (0, length) if runs else length == 0
    for r in runs:
        assert r.start < r.end
        assert set(r.marks) == {m for m in marks if m.start <= r.start and r.end <= m.end and 0 <= m.start < m.end <= length}


def test_word_diff_spans() -> None:
    assert word_diff("should be made", "must be made") == ([(0, 6, "changed")], [(0, 4, "changed")])
    a, b = word_diff("The center will be established", "The center is established")
    assert a == [(11, 18, "changed")] and b == [(11, 13, "changed")]
    assert word_diff("Brussels and Beijing", "brussels and beijing.") == ([], [])
    assert word_diff("a b", "a x b") == ([], [(2, 3, "only")])


def test_markdown_escapes_and_keeps_the_report(result: CompareResult) -> None:
    md = compare_markdown_from_result(result)
    assert md.startswith("## lineage: 001\\_blog")
    assert "**Verdict: paraphrase**, reused: 100% of A, 91% of B" in md
    assert "**Source: B**" in md and f"confidence {result.direction.confidence:.2f}" in md
    n = len(result.findings)
    assert n >= 17 and f"### Findings ({n}): what A changed from B" in md
    rows = [line for line in md.splitlines() if re.match(r"\| \d+ \| ", line)]
    assert len(rows) == n
    assert all(len(re.split(r"(?<!\\)\|", row)) == 8 for row in rows)
    assert "*(set aside: caption)*" in md and "> Wuzhen panelists say Internet requires global cooperation" in md
    assert md_escape("*a* _b_ [c](d) `e` <f> & | @g #1 ~h~") == \
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` &lt;f&gt; &amp; \\| \\@g \\#1 \\~h\\~"
    assert md_escape("1. list") == "1\\. list" and md_escape("- item") == "\\- item" and md_escape("===") == "\\==="


def test_markdown_of_hostile_input(samples: dict[str, Path]) -> None:
    r = hostile_result(samples)
    md = compare_markdown(r.to_dict(), r.a.document.text, r.b.document.text)
    assert not [line for line in md.splitlines() if re.search(r"[<>]", re.sub(r"^>( |$)", "", line))]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    rows = [line for line in md.splitlines() if re.match(r"\| \d+ \| ", line)]
    assert rows and all(len(re.split(r"(?<!\\)\|", row)) == 8 for row in rows)


def test_web_addresses_are_links_and_nothing_else_is(samples: dict[str, Path]) -> None:
    url = "https://news.example/2015/12/19/wuzhen?a=1&b=2"
    r = compare(Document.from_path(samples["001"]),
                Document.from_text(samples["002"].read_text(encoding="utf-8"), id="002", url=url, source="China Daily"))
    page = compare_page_from_result(r)
    links = [a for t, a in parse(page).tags if t == "a"]
    assert links == [{"class": "doc-url", "href": url, "rel": "noopener noreferrer nofollow",
                      "referrerpolicy": "no-referrer"}]
    assert "China Daily" in page
    hostile = compare_page_from_result(hostile_result(samples))
    assert "javascript:alert(1)" in hostile and not [t for t, _ in parse(hostile).tags if t == "a"]
