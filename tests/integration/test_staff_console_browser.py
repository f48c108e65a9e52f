"""The staff console in headless Chromium: a staff member with TOTP opens a report about a review, is asked to sign
in, proves the second factor with the form, reads the evidence, hides the review with the decision form, and the
public profile page no longer shows it; then sees an image waiting for review, blurred until selected. The pages run
no script and break none of their Content-Security-Policy.

The service is the real app on SQLite served by uvicorn in this process, with a clock the test moves (a booking
must be over before it is reviewed); Chromium and chromedriver as in the public page's browser test."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
import uvicorn

from entrypoints.http.app import create_app
from tests.integration.test_public_page_browser import browser, csp_violations
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, STAFF, seeded_container
from tests.unit.http.signed_in import PASSWORD
from tests.unit.http.test_media_api import upload
from tests.unit.http.test_reviews_api import PROVIDER_REVIEW, completed
from tests.unit.media import images

pytestmark = pytest.mark.integration
__all__ = ["browser"]  # the fixture, shared with the public page's browser test

REVIEW = {"overall": 1, "text": "Rude and late, call 415 555 0199 instead", "aspects": {}}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """The app over a seeded SQLite file on a free loopback port, and the clock it reads."""
    container, clock = seeded_container(tmp_path, session_cookie_secure=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(container), port=port, log_level="warning", lifespan="on"))
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}", clock
    finally:
        server.should_exit = True
        runner.join(timeout=10)


def reported_review(api: httpx.Client, clock: Any) -> str:
    """A published review of prf_load_001 that Bob reports; the report's id."""
    txn = completed(api, clock, STAFF)  # type: ignore[arg-type]  # httpx.Client answers as TestClient does
    review_id = api.post(f"/api/bookings/{txn}/reviews", json=REVIEW, headers=ALICE).json()["id"]
    assert api.post(f"/api/bookings/{txn}/reviews", json=PROVIDER_REVIEW, headers=PROVIDER).status_code == 201
    body = {"targetKind": "review", "targetId": review_id, "reason": "harassment", "text": "This is <b>not</b> true"}
    filed = api.post("/api/reports", json=body, headers=BOB)
    assert filed.status_code == 201, filed.text
    return str(filed.json()["id"])


def enrolled_totp(api: httpx.Client, clock: Any) -> pyotp.TOTP:
    """Sam (support) enrols an authenticator through the API."""
    uri = api.post("/api/auth/mfa/totp/enroll", headers=STAFF).json()["provisioning_uri"]
    found = re.search(r"secret=([A-Z2-7]+)", uri)
    assert found is not None
    totp = pyotp.TOTP(found.group(1))
    assert api.post("/api/auth/mfa/totp/confirm", json={"code": totp.at(clock.now())}, headers=STAFF).is_success
    return totp


def test_staff_sign_in_step_up_and_hide_a_reported_review(
    served: tuple[str, Any], browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select, WebDriverWait

    assert isinstance(browser, WebDriver)
    base, clock = served
    with httpx.Client(base_url=base, timeout=30) as api:
        report_id = reported_review(api, clock)
        totp = enrolled_totp(api, clock)
        profile = api.get("/api/profiles/prf_load_001/public").json()
        page_path = f"/p/{api.get('/api/profiles/prf_load_001').json()['slug']}"
        assert REVIEW["text"] in api.get(page_path).text
    assert [r["text"] for r in profile["reviews"]["latest"]] == [REVIEW["text"]]

    def wait_for(testid: str) -> Any:
        return WebDriverWait(browser, 20).until(
            lambda driver: driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
        )[0]

    browser.get(f"{base}/staff/reports/{report_id}")
    wait_for("sign-in-form")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="email"]').send_keys("sam@example.com")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="password"]').send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, '[data-testid="sign-in"]').click()
    wait_for("step-up-form")
    clock.advance(timedelta(seconds=30))  # a fresh time step: the enrolment's code is spent
    browser.find_element(By.CSS_SELECTOR, '[data-testid="code"]').send_keys(totp.at(clock.now()))
    browser.find_element(By.CSS_SELECTOR, '[data-testid="step-up"]').click()
    evidence = wait_for("evidence")
    assert browser.current_url == f"{base}/staff/reports/{report_id}"
    assert "Rude and late, call +4***0199 instead" in evidence.text and "415 555" not in browser.page_source
    said = browser.find_element(By.CSS_SELECTOR, '[data-testid="reporter-text"]').text
    assert said == "This is <b>not</b> true"  # shown as written, never as markup
    Select(browser.find_element(By.CSS_SELECTOR, '[data-testid="action"]')).select_by_value("hide")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="reason"]').send_keys("Harassing the provider")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="decide"]').click()
    decided = wait_for("decided")
    assert decided.text.startswith("hide by") and "Harassing the provider" in decided.text
    assert "shown: hidden by staff" in browser.find_element(By.CSS_SELECTOR, '[data-testid="evidence"]').text
    assert csp_violations(browser) == [], "a staff page breaks its own Content-Security-Policy"
    shots = Path(os.environ.get("RASTUP_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "staff-report-decided.png"))
    browser.get(f"{base}{page_path}")
    WebDriverWait(browser, 20).until(lambda driver: driver.find_elements(By.TAG_NAME, "h1"))
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="review"]')
    assert "Rude and late" not in browser.page_source
    see_an_image_waiting_for_review(browser, base, shots)


def see_an_image_waiting_for_review(browser: Any, base: str, shots: Path) -> None:
    """The provider uploads an image (the manual moderator leaves it to staff); on the media review page it loads
    from its private preview route, blurred until the staff member selects it."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with httpx.Client(base_url=base, timeout=30, headers=PROVIDER) as api:
        media_id = upload(api, "prf_load_001", images.jpeg(1200, 800))["media_id"]  # type: ignore[arg-type]
        assert api.post(f"/api/media/{media_id}/complete").json()["status"] == "pending_review"
    browser.get(f"{base}/staff/media")
    figure = WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'[id="{media_id}"] figure'))[
        0
    ]
    image = figure.find_element(By.TAG_NAME, "img")
    loaded = "return arguments[0].complete && arguments[0].naturalWidth"
    assert WebDriverWait(browser, 20).until(lambda d: d.execute_script(loaded, image)) == 800  # the card rendition
    assert image.get_attribute("alt").startswith(f"Image {media_id} of profile prf_load_001")
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    shown = "return getComputedStyle(arguments[0]).filter"
    assert browser.execute_script(shown, image).startswith("blur(")
    assert browser.save_screenshot(str(shots / "staff-media-blurred.png"))
    figure.click()  # focusable: a click (or Tab) selects it and lifts the blur
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(shown, image) == "none")
    assert csp_violations(browser) == [], "the media review page breaks its own Content-Security-Policy"
    assert browser.save_screenshot(str(shots / "staff-media-review.png"))
