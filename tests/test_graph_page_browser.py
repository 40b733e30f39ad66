"""The HTML graph page in a real headless Chromium: edges' findings and passages, filters, search, speed, inertness."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import networkx as nx
import pytest

import lineage
from lineage.render.graph_formats import write_graph

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

pytestmark = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason=f"needs Chromium at {CHROMIUM} and its driver at {CHROMEDRIVER} (Debian: apt-get install chromium chromium-driver)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install 'lineage[test]')")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    """The samples' derivation graph."""
    return lineage.build_graph(lineage.load_corpus([SAMPLES]), jobs=1)


@pytest.fixture(scope="module")
def page(graph: nx.DiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples' graph page on disk."""
    path = tmp_path_factory.mktemp("page") / "graph.html"
    write_graph(graph, path)
    return path


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    """Headless Chromium driven by the system chromedriver; nothing is downloaded."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # selenium-manager must not fetch a browser or a driver
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        d = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield d
    finally:
        d.quit()


def open_page(driver: WebDriver, path: Path) -> int:
    """Open the page and wait for its script to be ready; the milliseconds from navigation start to ready."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.as_uri())
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.documentElement.hasAttribute('data-ready')"))
    return int(driver.execute_script("return window.lineageReady"))


def assert_quiet_and_offline(driver: WebDriver) -> None:
    noisy = [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "WARNING")]
    assert noisy == [], noisy
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == [], resources
    requested = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requested if m.get("method") == "Network.requestWillBeSent"]
    assert urls and all(url.startswith("file:") for url in urls), urls


def visible(driver: WebDriver, selector: str) -> list[str]:
    """Text of the elements matching ``selector`` that are displayed."""
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def click(driver: WebDriver, selector: str) -> None:
    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element)
    element.click()


def click_document(driver: WebDriver, ident: str) -> None:
    """Click a document in the list, found by its id whatever characters the id holds."""
    button = driver.execute_script(
        "return [...document.querySelectorAll('#doc-list li')].find(li => li.getAttribute('data-id') === arguments[0])"
        ".querySelector('button')", ident)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def _sentence_of_002(graph: nx.DiGraph) -> str:
    """A whole sentence of sample 002 as the edge's first passage quotes it."""
    (u, v), = graph.edges
    source_text = graph.edges[u, v]["passages"][0]["source_text"]
    original = next(SAMPLES.glob("002_*.txt")).read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", source_text)]
    real = [s for s in sentences if len(s) > 60 and s in original and s[0].isupper() and s.endswith(".")]
    assert real, "the passage should quote sentences of sample 002"
    return max(real, key=len)


def test_an_edge_shows_its_findings_and_marked_passages(driver: WebDriver, page: Path, graph: nx.DiGraph) -> None:
    open_page(driver, page)
    (u, v), = graph.edges
    assert sorted(e.get_attribute("data-node") for e in driver.find_elements(By.CSS_SELECTOR, "[data-node]")) == sorted((u, v))
    assert "3 documents without reuse not drawn" in driver.find_element(By.CSS_SELECTOR, "svg .left-out").text
    header = driver.find_element(By.CSS_SELECTOR, "header").text
    assert "5 documents" in header and "1 edge" in header and "3 without reuse" in header and "derivation" in header
    details = driver.find_element(By.ID, "details")
    assert not details.is_displayed()

    click(driver, f'[data-edge="{u}|{v}"] text')
    WebDriverWait(driver, 5).until(lambda d: details.is_displayed())
    text = details.get_attribute("textContent") or ""
    assert u in text and v in text and "paraphrase" in text
    for reason in graph.edges[u, v]["evidence"]:
        assert reason in text
    findings = graph.edges[u, v]["findings"]
    items = details.find_elements(By.CSS_SELECTOR, "li.finding")
    assert len(items) == len(findings) >= 17 and f"Findings ({len(findings)})" in text
    shown = Counter(i.find_element(By.CSS_SELECTOR, ".fkind").text for i in items)
    assert shown == Counter(f["kind"] for f in findings)
    for f in findings:
        assert f["explanation"] in text
        assert (f["source_excerpt"] or "") in text and (f["target_excerpt"] or "") in text
    severities = [float(i.find_element(By.CSS_SELECTOR, ".fsev").text.split()[-1]) for i in items]
    assert severities == sorted(severities, reverse=True)
    # Inside the passages, the words that differ are marked on both sides.
    passages = details.find_elements(By.CSS_SELECTOR, ".passage .pair > div")
    assert passages[0].find_elements(By.CSS_SELECTOR, "mark.chg") and passages[0].find_elements(By.CSS_SELECTOR, "mark.only")
    assert passages[1].find_elements(By.CSS_SELECTOR, "mark.chg")
    assert _sentence_of_002(graph) in (passages[0].get_attribute("textContent") or "")
    assert (passages[1].get_attribute("textContent") or "").endswith(graph.edges[u, v]["passages"][0]["target_text"][-80:])

    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(lambda d: not details.is_displayed())
    click(driver, f'[data-node="{u}"]')
    WebDriverWait(driver, 5).until(lambda d: details.is_displayed())
    text = details.get_attribute("textContent") or ""
    assert graph.nodes[u]["label"] in text and "Copied into (1)" in text and v in text
    driver.find_element(By.ID, "details-close").click()
    assert not details.is_displayed()
    assert_quiet_and_offline(driver)


def _edge(kind: str, share: float, text: str) -> dict[str, Any]:
    """Edge attributes as build_graph writes them, with one passage and one finding."""
    changed = text.replace("council", "committee")
    return {
        "kind": kind, "share": share, "score": 0.9, "similarity": 0.5, "direction": "dates", "confidence": 1.0,
        "evidence": ["dated earlier"], "aligned_pairs": 1, "finding_counts": {"name-changed": 1},
        "passages": [{"source_span": [0, len(text)], "target_span": [0, len(changed)], "source_text": text,
                      "target_text": changed, "label": "near-verbatim", "score": 0.9}],
        "findings": [{"kind": "name-changed", "severity": 0.8, "explanation": "council became committee",
                      "source_span": [4, 11], "target_span": [4, 13], "source_excerpt": "council",
                      "target_excerpt": "committee"}],
    }


def _made_graph(nodes: dict[str, dict[str, str]], edges: list[tuple[str, str, str, float]], text: str) -> nx.DiGraph:
    g = nx.DiGraph(view="derivation", schema="lineage.graph/2")
    for n, attrs in nodes.items():
        g.add_node(n, label=attrs.get("label", n), date=attrs.get("date", ""), url=attrs.get("url", ""),
                   source=attrs.get("source", ""), path="", chars=len(text), paragraphs=1, cluster=0)
    for u, v, kind, share in edges:
        g.add_edge(u, v, **_edge(kind, share, text))
    return g


def test_filters_by_kind_share_and_reuse_and_search(driver: WebDriver, tmp_path: Path) -> None:
    text = "The council approved the harbour plan on Tuesday after a long debate."
    titles = {"a": "Harbour plan approved", "b": "Harbour plan passes", "c": "Rail line reopens", "d": "Rail reopening",
              "e": "Budget agreed", "f": "Budget deal", "g": "Weather warning", "h": "Harbour storm damage"}
    g = _made_graph({n: {"label": t} for n, t in titles.items()},
                    [("a", "b", "copy", 1.0), ("c", "d", "partial reuse", 0.2), ("e", "f", "paraphrase", 0.6)], text)
    path = tmp_path / "filters.html"
    write_graph(g, path)
    open_page(driver, path)
    drawn = lambda: sorted(e.get_attribute("data-edge") for e in driver.find_elements(By.CSS_SELECTOR, "[data-edge]")  # noqa: E731
                           if e.is_displayed())
    listed = lambda: [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "#doc-list li")  # noqa: E731
                      if li.is_displayed()]
    assert drawn() == ["a|b", "c|d", "e|f"] and sorted(listed()) == list("abcdef")
    showing = driver.find_element(By.ID, "showing")
    assert showing.text == "showing 3 of 3 edges, 6 of 8 documents"

    click(driver, '[data-kind="partial reuse"]')
    assert drawn() == ["a|b", "e|f"] and sorted(listed()) == list("abef")
    assert not driver.find_element(By.CSS_SELECTOR, '[data-node="c"]').is_displayed()
    driver.execute_script("const r = document.getElementById('min-share'); r.value = 70; r.dispatchEvent(new Event('input'))")
    assert drawn() == ["a|b"] and sorted(listed()) == ["a", "b"]
    assert driver.find_element(By.ID, "min-share-value").text == "70%"
    click(driver, '[data-kind="partial reuse"]')
    driver.execute_script("const r = document.getElementById('min-share'); r.value = 0; r.dispatchEvent(new Event('input'))")
    assert drawn() == ["a|b", "c|d", "e|f"]

    click(driver, "#hide-alone")
    assert sorted(listed()) == list("abcdefgh") and showing.text == "showing 3 of 3 edges, 8 of 8 documents"
    search = driver.find_element(By.ID, "search")
    search.send_keys("HARBOUR")
    WebDriverWait(driver, 5).until(lambda d: sorted(listed()) == ["a", "b", "h"])
    hits = [e.get_attribute("data-node") for e in driver.find_elements(By.CSS_SELECTOR, "[data-node].hit")]
    assert sorted(hits) == ["a", "b"]  # h is not drawn: it has no reuse
    assert "3 documents match “harbour”" in showing.text
    search.clear()
    search.send_keys("storm", Keys.ENTER)
    details = driver.find_element(By.ID, "details")
    WebDriverWait(driver, 5).until(lambda d: details.is_displayed())
    assert "Harbour storm damage" in details.text and "No reuse found" in details.text
    search.clear()
    search.send_keys("c", Keys.BACKSPACE)
    WebDriverWait(driver, 5).until(lambda d: len(listed()) == 8)
    click_document(driver, "d")
    assert "Derived from (1)" in details.text and "partial reuse 20%" in details.text
    click(driver, '#details [data-goto-edge="c|d"]')
    assert "council became committee" in details.text
    marks = {(m.tag_name, m.get_attribute("class"), m.text) for m in details.find_elements(By.CSS_SELECTOR, "mark")}
    assert ("mark", "chg", "council") in marks and ("mark", "chg", "committee") in marks
    assert_quiet_and_offline(driver)


def test_hostile_strings_stay_inert(driver: WebDriver, tmp_path: Path) -> None:
    text = f"The council said {SCRIPT} and {IMG} were found on the harbour server."
    g = _made_graph({f"a{SCRIPT}": {"label": f"T {IMG}", "url": "javascript:alert(1)", "source": SCRIPT},
                     f"b{IMG}": {"label": SCRIPT, "url": f"https://x.test/{IMG}", "source": IMG}},
                    [(f"a{SCRIPT}", f"b{IMG}", "copy", 1.0)], text)
    path = tmp_path / "hostile.html"
    write_graph(g, path)
    open_page(driver, path)
    click(driver, "[data-edge] text")
    details = driver.find_element(By.ID, "details")
    WebDriverWait(driver, 5).until(lambda d: details.is_displayed())
    assert SCRIPT in details.text and IMG in details.text
    click_document(driver, f"b{IMG}")
    click_document(driver, f"a{SCRIPT}")
    assert "javascript:alert(1)" in details.text
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#details a")]
    assert links == []  # not a web address: plain text
    click_document(driver, f"b{IMG}")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#details a")]
    assert len(links) == 1 and links[0].startswith("https://x.test/")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.accept()
    assert driver.execute_script("return document.images.length + document.querySelectorAll('img').length") == 0
    assert driver.execute_script("return document.scripts.length") == 2  # the data block and the page's script
    assert_quiet_and_offline(driver)


def test_a_large_corpus_page_opens_in_under_3_seconds(driver: WebDriver, tmp_path: Path) -> None:
    words = "council harbour plan approved debate costs dates ministers budget river storm rail".split()
    text = "The council " + " ".join(f"{words[i * 7 % len(words)]}{i * 7919 % 997}" for i in range(400)) + "."
    nodes = {f"doc/{i:04d}.txt": {"label": f"Story number {i}"} for i in range(2225)}
    names = list(nodes)
    edges = [(names[2 * i], names[2 * i + 1], ("copy", "near-duplicate", "paraphrase", "partial reuse")[i % 4], 0.3 + i % 7 / 10)
             for i in range(420)]
    edges += [(names[900 + i], names[901 + i], "partial reuse", 0.1) for i in range(0, 60, 3)]
    g = _made_graph(nodes, edges, text)
    for _, _, d in g.edges(data=True):
        d["findings"] = d["findings"] * 25
    path = tmp_path / "large.html"
    write_graph(g, path)
    ready = open_page(driver, path)
    assert ready < 3000, f"the page took {ready} ms to be ready"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#doc-list li")) == 2225
    assert_quiet_and_offline(driver)
