"""The serve page in a real browser: Debian's chromium, headless, driven through chromedriver
by Selenium. It types copy and facts, waits for the highlight, reads the message and the fact,
clicks Fix and checks the text and that the finding went away; opens a listing file; switches
the language of messages. Screenshots are kept in tests/artifacts/serve-*.png (git-ignored), the
artefacts of the run; docs/serve.png is serve-example.png copied.

Without chromedriver (Debian package chromium-driver) or selenium the tests are skipped on a
developer's machine and fail in CI (CI=true), where .ci/run installs them."""
from __future__ import annotations

import datetime
import os
import pathlib
import shutil
import threading

import pytest

from honestlint import serve
from honestlint.run.options import Options

ROOT = pathlib.Path(__file__).parent.parent
ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
AS_OF = datetime.date(2026, 11, 23)
WAIT_SECONDS = 60  # an upper bound on a slow, shared CI machine, not a measured duration


def _missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what}; .ci/run installs it", pytrace=False)
    pytest.skip(what)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - the test extra has it
    webdriver = None


def _browser_paths() -> tuple[str, str]:
    if webdriver is None:
        _missing("selenium is not installed (pip install -e '.[test]')")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not driver or not browser:
        _missing("chromium or chromedriver is not installed (apt-get install chromium chromium-driver)")
    return browser, driver


@pytest.fixture(scope="module")
def server():
    running = serve.make_server(Options(isolated=True, as_of=AS_OF, default_lang="auto"))
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    serve.warm_up(running).join()
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture(scope="module")
def browser():
    binary, driver_path = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=en-US", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def page(server, browser):
    browser.get(server.url)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_element(By.ID, "info").text.startswith("honestlint"))
    return browser


def screenshot(driver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / f"serve-{name}.png"))


def wait_for(driver, condition, what: str):
    # The page re-renders its findings list on every answer, so an element found a moment ago
    # can be gone when the condition reads it: that is "not yet", not a failure.
    return WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition, f"waiting for {what}")


def marks(driver, field: str, rule: str):
    return driver.find_elements(By.CSS_SELECTOR, f'.backdrop:has(+ #{field}) mark[data-rules~="{rule}"]')


def finding(driver, rule: str):
    found = driver.find_elements(By.CSS_SELECTOR, f'#findings li[data-rule="{rule}"]')
    return found[0] if found else None


def fact_input(driver, path: str):
    return driver.find_element(By.CSS_SELECTOR, f'#facts [data-path="{path}"]')


def test_type_see_the_highlight_apply_the_fix(page):
    fact_input(page, "warranty.months").send_keys("12")
    page.find_element(By.ID, "title").send_keys("家用电暖器 三年质保")
    highlight = wait_for(page, lambda d: marks(d, "title", "warranty-duration-zh"), "the highlight of the claim")
    assert highlight[0].get_attribute("textContent") == "三年质保"
    assert "error" in highlight[0].get_attribute("class").split()
    item = finding(page, "warranty-duration-zh")
    # auto: a Chinese title gets Chinese messages; the fact is named with the value it has.
    assert item.find_element(By.CLASS_NAME, "message").text == "「三年质保」承诺质保三年，长于 warranty.months（12 个月）"
    assert item.find_element(By.CLASS_NAME, "fact").text == "fact: warranty.months = 12"
    button = item.find_element(By.CSS_SELECTOR, "button.fix")
    assert button.text == "Fix: 将「三年」改为「一年」"
    screenshot(page, "typed")

    button.click()
    wait_for(page, lambda d: d.find_element(By.ID, "title").get_attribute("value") == "家用电暖器 一年质保", "the fixed title")
    wait_for(page, lambda d: finding(d, "warranty-duration-zh") is None and not marks(d, "title", "warranty-duration-zh"),
             "the finding to go")
    wait_for(page, lambda d: d.find_element(By.ID, "status").text.startswith("No findings"), "no findings")
    screenshot(page, "fixed")


def test_highlights_land_on_the_claim_in_bullets_after_wide_characters(page):
    page.find_element(By.ID, "title").send_keys("Travel mug 🍵 set")
    page.find_element(By.ID, "bullets").send_keys("Gift box\n🎁🎁 全网最低价，今天下单")
    highlight = wait_for(page, lambda d: d.find_elements(By.CSS_SELECTOR, ".backdrop:has(+ #bullets) mark"),
                         "a highlight in the bullets")
    assert [m.get_attribute("textContent") for m in highlight] == ["全网最低价"]
    assert finding(page, "absolute-claim-zh-most").find_element(By.CLASS_NAME, "field").text == "bullets[1]"
    # Unsafe fixes (removing a claim) get no button: the sentence may need rewording.
    assert not finding(page, "absolute-claim-zh-most").find_elements(By.CSS_SELECTOR, "button.fix")


def test_the_language_selector_changes_the_messages(page):
    fact_input(page, "warranty.months").send_keys("12")
    page.find_element(By.ID, "title").send_keys("家用电暖器 三年质保")
    wait_for(page, lambda d: finding(d, "warranty-duration-zh"), "the finding")
    Select(page.find_element(By.ID, "lang")).select_by_value("en")
    wait_for(page, lambda d: finding(d, "warranty-duration-zh").find_element(By.CLASS_NAME, "message").text
             == "'三年质保' promises a warranty of 三年, longer than warranty.months (12 months)", "the English message")
    assert finding(page, "warranty-duration-zh").find_element(By.CSS_SELECTOR, "button.fix").text == "Fix: Replace '三年' with '一年'"


def test_open_a_listing_file_and_fix_it(page):
    page.find_element(By.ID, "file").send_keys(str(ROOT / "examples" / "listing.json"))
    wait_for(page, lambda d: marks(d, "title", "spec-colour") and marks(d, "description", "returns-days"),
             "the example's highlights")
    assert page.find_element(By.ID, "title").get_attribute("value") == "2024新款 深紫色 纯棉T恤 买一送一 包邮"
    assert page.find_element(By.ID, "bullets").get_attribute("value") == "100% cotton\nMachine washable"
    # Facts the form has a field for are in the form, under the listing's own spec names...
    assert fact_input(page, "specs.colour").get_attribute("value") == "浅紫色"
    assert fact_input(page, "shipping.fee").get_attribute("value") == "10"
    # ...the rest stays in the JSON box, and findings in those fields are listed too.
    raw = page.find_element(By.ID, "raw").get_attribute("value")
    assert '"promotions"' in raw and '"颜色"' not in raw and '"title"' not in raw
    assert finding(page, "rebate-not-cash") is not None
    assert finding(page, "spec-colour").find_element(By.CLASS_NAME, "fact").text == "fact: specs.颜色 = 浅紫色"
    page.execute_script("window.scrollTo(0, 0)")
    screenshot(page, "example")

    finding(page, "spec-colour").find_element(By.CSS_SELECTOR, "button.fix").click()
    wait_for(page, lambda d: d.find_element(By.ID, "title").get_attribute("value") == "2024新款 浅紫色 纯棉T恤 买一送一 包邮",
             "the fixed title")
    wait_for(page, lambda d: finding(d, "spec-colour") is None and marks(d, "title", "spec-material"),
             "the colour finding to go, the others to stay")


def test_a_listing_the_server_cannot_read_is_explained(page):
    page.find_element(By.ID, "title").send_keys("Mug")
    page.find_element(By.ID, "raw").clear()
    page.find_element(By.ID, "raw").send_keys('{"specs": ["red"]}')
    error = wait_for(page, lambda d: d.find_element(By.ID, "error").text, "the error")
    assert error == "not a valid listing: specs must be an object, not list"
    page.find_element(By.ID, "raw").send_keys("}")
    wait_for(page, lambda d: d.find_element(By.ID, "raw-error").text.startswith("More facts: not valid JSON"),
             "the JSON box's error")
