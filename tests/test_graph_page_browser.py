"""The HTML graph page in a real headless Chromium: it draws, opens an edge's passages, and stays offline."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterator

import networkx as nx
import pytest

import lineage
from lineage.render.graph_formats import write_graph

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason=f"needs Chromium at {CHROMIUM} and its driver at {CHROMEDRIVER} (Debian: apt-get install chromium chromium-driver)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install 'lineage[test]')")
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


def _sentence_of_002(graph: nx.DiGraph) -> str:
    """A whole sentence of sample 002 as the edge's first passage quotes it."""
    (u, v), = graph.edges
    source_text = graph.edges[u, v]["passages"][0]["source_text"]
    original = next(SAMPLES.glob("002_*.txt")).read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", source_text)]
    real = [s for s in sentences if len(s) > 60 and s in original and s[0].isupper() and s.endswith(".")]
    assert real, "the passage should quote sentences of sample 002"
    return max(real, key=len)


def test_page_draws_opens_an_edge_and_stays_offline(driver: WebDriver, page: Path, graph: nx.DiGraph) -> None:
    driver.get(page.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-node]")) == 5
    edges = driver.find_elements(By.CSS_SELECTOR, "[data-edge]")
    (u, v), = graph.edges
    assert [e.get_attribute("data-edge") for e in edges] == [f"{u}|{v}"]
    details = driver.find_element(By.ID, "details")
    assert not details.is_displayed()
    counts = driver.find_element(By.CSS_SELECTOR, "header").text
    assert "5 documents" in counts and "1 edge" in counts and "derivation" in counts

    edges[0].click()
    WebDriverWait(driver, 5).until(lambda d: details.is_displayed())
    text = details.get_attribute("textContent") or ""
    assert u in text and v in text and "paraphrase" in text
    for reason in graph.edges[u, v]["evidence"]:
        assert reason in text
    sentence = _sentence_of_002(graph)
    sources = [p.get_attribute("textContent") or "" for p in details.find_elements(By.CSS_SELECTOR, ".pair > div:first-child")]
    assert any(sentence in s for s in sources), sentence
    assert graph.edges[u, v]["passages"][0]["target_text"][:80] in text

    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(lambda d: not details.is_displayed())

    driver.find_element(By.CSS_SELECTOR, f'[data-node="{u}"]').click()
    WebDriverWait(driver, 5).until(lambda d: details.is_displayed())
    text = details.get_attribute("textContent") or ""
    assert graph.nodes[u]["label"] in text and "Copied into (1)" in text and v in text
    driver.find_element(By.ID, "details-close").click()
    assert not details.is_displayed()

    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == [], severe
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(("file:", "data:")) for name in resources), resources
    requested = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requested if m.get("method") == "Network.requestWillBeSent"]
    assert urls and all(url.startswith(("file:", "data:")) for url in urls), urls
