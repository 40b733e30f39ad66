"""The side-by-side report in a real headless Chromium: texts, highlights and findings, linked scrolling, offline, inert."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage import CompareResult, Document, compare
from lineage.render.compare_page import compare_page_from_result

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover
    pytest.skip("needs selenium (pip install 'lineage[test]')", allow_module_level=True)
from test_compare_page import HOSTILE_ID, hostile_result

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason=f"needs Chromium at {CHROMIUM} and its driver at {CHROMEDRIVER} (Debian: apt-get install chromium chromium-driver)",
)

INSIDE = """
const [el, box] = arguments, r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
return r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.top >= 0 && r.bottom <= window.innerHeight;
"""


@pytest.fixture(scope="module")
def result(samples: dict[str, Path]) -> CompareResult:
    return compare(Document.from_path(samples["001"]), Document.from_path(samples["002"]))


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


def open_page(driver: WebDriver, html: str, path: Path, width: int = 1400, height: int = 900) -> None:
    path.write_text(html, encoding="utf-8")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def assert_quiet_and_offline(driver: WebDriver) -> None:
    severe = [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "WARNING")]
    assert severe == [], severe
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == [], resources
    requested = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requested if m.get("method") == "Network.requestWillBeSent"]
    assert urls and all(url.startswith("file:") for url in urls), urls


def column(driver: WebDriver, side: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, f'.text[data-side="{side}"]')


def inside(driver: WebDriver, el: WebElement, side: str) -> bool:
    return bool(driver.execute_script(INSIDE, el, column(driver, side)))


def test_report_shows_texts_highlights_and_findings_offline(
    driver: WebDriver, result: CompareResult, tmp_path: Path
) -> None:
    open_page(driver, compare_page_from_result(result), tmp_path / "report.html")
    data = result.to_dict()
    for side, doc in (("a", result.a.document), ("b", result.b.document)):
        assert column(driver, side).get_attribute("textContent") == doc.text
    head = driver.find_element(By.CSS_SELECTOR, ".summary").text
    assert "paraphrase" in head and "100% of A" in head and f"confidence {data['direction']['confidence']:.2f}" in head
    assert all(e["reason"] in head for e in data["direction"]["evidence"])
    items = driver.find_elements(By.CSS_SELECTOR, ".findings li.finding")
    assert len(items) == len(data["findings"]) >= 17
    for i, (item, f) in enumerate(zip(items, data["findings"])):
        assert f["explanation"] in item.text and f["kind"] in item.text
        for side in "ab":
            marked = driver.find_elements(By.CSS_SELECTOR, f'.text[data-side="{side}"] [data-f~="{i}"]')
            assert bool(marked) == (f[f"{side}_span"] is not None)
            if marked:
                badge = driver.execute_script("return getComputedStyle(arguments[0], '::before').content", marked[0])
                assert str(i + 1) in badge
    assert driver.find_elements(By.CSS_SELECTOR, '.text[data-side="b"] .un')
    assert driver.find_elements(By.CSS_SELECTOR, '.text[data-side="b"] .bp[data-bp="caption"]')
    assert len(driver.find_elements(By.CSS_SELECTOR, ".text .dw")) > 50
    assert_quiet_and_offline(driver)


def test_clicking_a_passage_scrolls_its_partner_into_view(
    driver: WebDriver, result: CompareResult, tmp_path: Path
) -> None:
    open_page(driver, compare_page_from_result(result), tmp_path / "report.html")
    driver.execute_script("arguments[0].scrollTop = 0", column(driver, "b"))
    k = max(k for k in range(len(result.pairs))  # a late pair with a stretch free of findings
            if driver.find_elements(By.CSS_SELECTOR, f'.text[data-side="a"] [data-pair="{k}"]:not([data-f])'))
    partner = driver.find_element(By.CSS_SELECTOR, f'.text[data-side="b"] [data-pair="{k}"]')
    assert k > len(result.pairs) // 2 and not inside(driver, partner, "b")
    runs = driver.find_elements(By.CSS_SELECTOR, f'.text[data-side="a"] [data-pair="{k}"]:not([data-f])')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", runs[0])
    runs[0].click()
    WebDriverWait(driver, 5).until(lambda d: inside(d, partner, "b"))
    assert "on" in (partner.get_attribute("class") or "").split()

    first = driver.find_element(By.CSS_SELECTOR, '.text[data-side="b"] [data-pair="1"][tabindex="0"]')
    driver.execute_script("arguments[0].scrollTop = 0", column(driver, "a"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    far = driver.find_element(By.CSS_SELECTOR, f'.text[data-side="a"] [data-pair="{k}"]')
    target = driver.find_element(By.CSS_SELECTOR, '.text[data-side="a"] [data-pair="1"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", far)
    assert not inside(driver, target, "a")
    first.send_keys(Keys.ENTER)  # the keyboard reaches the same link
    WebDriverWait(driver, 5).until(lambda d: inside(d, target, "a"))

    item = driver.find_elements(By.CSS_SELECTOR, ".findings li.finding")[5]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
    item.click()
    f = result.to_dict()["findings"][5]
    for side in "ab":
        lit = driver.find_elements(By.CSS_SELECTOR, f'.text[data-side="{side}"] [data-f~="5"].on')
        assert lit and inside(driver, lit[0], side), (side, f)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert not driver.find_elements(By.CSS_SELECTOR, ".on")
    assert_quiet_and_offline(driver)


def test_narrow_window_stacks_the_texts(driver: WebDriver, result: CompareResult, tmp_path: Path) -> None:
    open_page(driver, compare_page_from_result(result), tmp_path / "report.html", width=600, height=900)
    a = column(driver, "a").rect
    b = column(driver, "b").rect
    assert b["y"] >= a["y"] + a["height"] and abs(a["x"] - b["x"]) < 2
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 600


def test_hostile_strings_stay_inert(driver: WebDriver, samples: dict[str, Path], tmp_path: Path) -> None:
    r = hostile_result(samples)
    open_page(driver, compare_page_from_result(r), tmp_path / "hostile.html")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.accept()
    assert driver.execute_script("return document.images.length + document.querySelectorAll('img').length") == 0
    assert driver.execute_script("return document.scripts.length") == 1
    assert HOSTILE_ID in driver.title
    assert column(driver, "a").get_attribute("textContent") == r.a.document.text
    assert column(driver, "b").get_attribute("textContent") == r.b.document.text
    text = driver.find_element(By.CSS_SELECTOR, ".findings").text
    assert "onerror=alert(1)>" in text
    item = next(el for el in driver.find_elements(By.CSS_SELECTOR, ".finding") if "onerror" in el.text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
    item.click()
    assert driver.find_elements(By.CSS_SELECTOR, ".text .on")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.accept()
    assert_quiet_and_offline(driver)


def test_a_web_page_compares_with_its_address_and_source_shown(
    driver: WebDriver, samples: dict[str, Path], tmp_path: Path
) -> None:
    from lineage.corpus import read_document

    page = Path(__file__).resolve().parent / "data" / "chinadaily_wuzhen_panelists.html"
    r = compare(Document.from_path(samples["001"]), read_document(page))
    open_page(driver, compare_page_from_result(r), tmp_path / "page.html")
    meta = driver.find_element(By.CSS_SELECTOR, '.col[data-col="b"] .doc-meta')
    assert "Chinadaily.com.cn" in meta.text and "2015-12-19" in meta.text
    link = meta.find_element(By.CSS_SELECTOR, "a.doc-url")
    assert link.get_attribute("href") == r.b.document.url and link.get_attribute("rel") == "noopener noreferrer nofollow"
    assert column(driver, "b").get_attribute("textContent") == r.b.document.text
    items = driver.find_elements(By.CSS_SELECTOR, ".findings li.finding")
    as_text = compare(Document.from_path(samples["001"]), Document.from_path(samples["002"]))
    assert r.verdict == as_text.verdict and abs(len(r.findings) - len(as_text.findings)) <= 2
    assert len(items) == len(r.findings)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", items[0])
    items[0].click()
    assert driver.find_elements(By.CSS_SELECTOR, ".text .on")
    assert_quiet_and_offline(driver)
