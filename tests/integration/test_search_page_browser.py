"""The `/search` page in headless Chromium on the demo data: search, filter by city and role, follow the next
page, then a card to the public profile page; the page keeps its Content-Security-Policy (no violation)."""

from __future__ import annotations

import json

import pytest

from tests.integration.test_public_page_browser import browser, csp_violations, service

pytestmark = pytest.mark.integration
__all__ = ["browser", "service"]  # the fixtures, shared with the public page's browser test


def test_search_filter_and_follow_a_card_in_chromium(service: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select, WebDriverWait

    assert isinstance(browser, WebDriver)
    browser.get(f"{service}/search")
    box = browser.find_element(By.CSS_SELECTOR, '[data-testid="q"]')
    box.send_keys("photographer")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="search"]').click()
    # a click starts the navigation but need not wait for it: cards read before it ends go stale under our hands
    WebDriverWait(browser, 20).until(lambda driver: "q=photographer" in driver.current_url)
    names = [card.text for card in browser.find_elements(By.CSS_SELECTOR, '[data-testid="card"] h2')]
    assert any("Ana Diaz" in name for name in names) and any("Tom Hughes" in name for name in names)
    Select(browser.find_element(By.CSS_SELECTOR, '[data-testid="city"]')).select_by_value("los-angeles")
    Select(browser.find_element(By.CSS_SELECTOR, '[data-testid="role"]')).select_by_value("photographer")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="search"]').click()
    # likewise: wait for the filtered page's address
    WebDriverWait(browser, 20).until(lambda driver: "city=los-angeles" in driver.current_url)
    assert "city=los-angeles" in browser.current_url and "role=photographer" in browser.current_url
    cards = browser.find_elements(By.CSS_SELECTOR, '[data-testid="card"]')
    assert cards and all("Los Angeles" in card.text for card in cards)
    assert not any("Tom Hughes" in card.text for card in cards)
    listed = json.loads(browser.find_element(By.CSS_SELECTOR, 'script[type="application/ld+json"]')
                        .get_attribute("innerHTML") or "")  # fmt: skip
    assert listed["@type"] == "ItemList" and len(listed["itemListElement"]) == len(cards)
    assert csp_violations(browser) == [], "the search page breaks its own Content-Security-Policy"
    browser.get(f"{service}/search?limit=1")  # one card a page: the next-page link carries the cursor
    first = browser.find_element(By.CSS_SELECTOR, '[data-testid="card-link"]').get_attribute("href")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="next-page"]').click()
    WebDriverWait(browser, 20).until(lambda driver: "cursor=" in driver.current_url)
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="card-link"]').get_attribute("href") != first
    browser.get(f"{service}/search?q=photographer&city=los-angeles&role=photographer")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="card-link"]').click()
    WebDriverWait(browser, 20).until(lambda driver: "/p/" in driver.current_url)
    assert browser.current_url == f"{service}/p/demo-photographer-la"
    assert browser.title.startswith("Ana Diaz")
