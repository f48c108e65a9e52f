"""The public page in a real browser: headless Chromium (Debian packages) driven by Selenium against the
running service on SQLite. Checks the JSON-LD, the verified badge, that only approved media appear, and that
the page renders under its Content-Security-Policy without a single violation (Chromium logs each one).

Chromium comes from `.ci/browser-deps.sh` (apt packages chromium + chromium-driver); Selenium is pointed at
/usr/bin/chromium and /usr/bin/chromedriver and never downloads a browser.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.harness.policy import PeerUnavailable, report_unavailable

pytestmark = pytest.mark.integration

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
BIN = Path(sys.executable).parent
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1600")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def service(tmp_path: Path) -> Iterator[str]:
    """`rastup db upgrade`, `rastup demo seed` and `rastup serve` on a throwaway SQLite file."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'browser.db'}", "LOG_LEVEL": "warning"}
    for unset in ("PORT", "HOST", "PUBLIC_BASE_URL"):  # `serve --port` alone decides the public URLs' origin
        env.pop(unset, None)
    for command in (("db", "upgrade"), ("demo", "seed")):
        subprocess.run([str(BIN / "rastup"), *command], env=env, check=True, capture_output=True)
    log = (tmp_path / "service.log").open("w")
    server = subprocess.Popen([str(BIN / "rastup"), "serve", "--port", str(port)], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            if server.poll() is not None:
                pytest.fail(f"service exited; see {tmp_path / 'service.log'}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        report_unavailable(PeerUnavailable("selenium", "import selenium (pip install selenium)", str(error)))
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        report_unavailable(PeerUnavailable("chromium", f"{CHROMIUM} and {CHROMEDRIVER} (run .ci/browser-deps.sh)"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, where CSP violations land
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def csp_violations(driver: object) -> list[str]:
    """Console entries since the last call that report a Content-Security-Policy violation."""
    entries = driver.get_log("browser")  # type: ignore[attr-defined]
    return [e["message"] for e in entries if "Content Security Policy" in e["message"]]


def test_the_demo_page_in_chromium(service: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    answer = httpx.get(f"{service}/p/demo-photographer-la")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "script-src" not in policy
    assert answer.headers["x-frame-options"] == "DENY" and answer.headers["x-content-type-options"] == "nosniff"
    browser.get(f"{service}/p/demo-photographer-la")
    assert browser.title.startswith("Ana Diaz")
    badge = browser.find_element(By.CSS_SELECTOR, '[data-testid="verified-badge"]')
    assert badge.is_displayed() and "Verified" in badge.text
    scripts = browser.find_elements(By.CSS_SELECTOR, 'script[type="application/ld+json"]')
    document = json.loads(scripts[0].get_attribute("innerHTML") or "")
    person = document["@graph"][0]
    assert document["@context"] == "https://schema.org" and person["@type"] == "Person"
    assert person["url"] == f"{service}/p/demo-photographer-la"
    canonical = browser.find_element(By.CSS_SELECTOR, 'link[rel="canonical"]').get_attribute("href")
    assert canonical == f"{service}/p/demo-photographer-la"
    assert not browser.find_elements(By.CSS_SELECTOR, 'meta[name="robots"]')
    assert len(browser.find_elements(By.CSS_SELECTOR, ".days .day")) == 14  # the calendar's 14-day preview
    # Safe-Mode: every image on the page is an approved public variant listed in the page's JSON-LD.
    approved = {n["image"] for n in document["@graph"] if n["@type"] == "CreativeWork"}
    shown = {img.get_attribute("src") for img in browser.find_elements(By.TAG_NAME, "img")}
    assert shown <= approved | {person.get("image")}
    assert "/original" not in browser.page_source and "/private" not in browser.page_source
    assert csp_violations(browser) == [], "the page breaks its own Content-Security-Policy"
    # The check can fail: a stylesheet the policy does not name is refused, and the refusal is seen.
    browser.execute_script("document.head.insertAdjacentHTML('beforeend', '<style>main { color: red }</style>')")
    assert csp_violations(browser), "an injected inline style was not reported"
    shots = Path(os.environ.get("RASTUP_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "public-profile-demo-photographer-la.png"))
