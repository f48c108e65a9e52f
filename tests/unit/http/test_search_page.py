"""The `/search` page on the demo data: cards linking to public pages, filters, the next-page link, the JSON-LD
ItemList, and bad input answered by the page itself (422 / 400), never a stack trace."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.search.page import item_list, next_page_href, page_params
from tests.unit.http.booking_world import seeded_container, serving

HTML = "text/html"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    container: Container = seeded_container(tmp_path, publish_min_score=60, search_cursor_key="k" * 32)[0]
    container.search().indexer.rebuild()
    with serving(container) as client:
        yield client


def _json_ld(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_the_page_lists_cards_linking_to_public_pages_with_an_item_list(client: TestClient[Any]) -> None:
    answer = client.get("/search", params={"q": "photographer", "city": "los-angeles"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(HTML)
    assert 'href="/p/demo-photographer-la"' in answer.text and "Ana Diaz" in answer.text
    assert "london" not in answer.text.lower().split("<main>")[1].split("</form>")[1]
    listed = _json_ld(answer.text)
    assert listed["@type"] == "ItemList" and listed["@context"] == "https://schema.org"
    urls = [item["url"] for item in listed["itemListElement"]]
    assert urls and all(url.startswith("http") and "/p/" in url for url in urls)
    assert [item["position"] for item in listed["itemListElement"]] == list(range(1, len(urls) + 1))
    assert '<option value="los-angeles" selected>' in answer.text
    assert "content-security-policy" in answer.headers


def test_filters_narrow_and_the_next_page_link_follows_the_cursor(client: TestClient[Any]) -> None:
    by_role = client.get("/search", params={"role": "stylist"}).text
    assert 'href="/p/demo-stylist-ny"' in by_role and 'href="/p/demo-photographer-la"' not in by_role
    first = client.get("/search", params={"limit": "1", "city": "", "role": ""})
    href = re.search(r'href="(/search\?[^"]+)" rel="next"', first.text)
    assert href is not None and "role=" not in href.group(1)  # empty filters are not carried along
    second = client.get(unescape(href.group(1)))
    assert second.status_code == 200
    card = re.compile(r'href="(/p/[^"]+)" data-testid="card-link"')
    assert card.findall(first.text) and card.findall(second.text) != card.findall(first.text)


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"role": "astronaut"}, 422, "role"), ({"limit": "500"}, 422, "limit"), ({"cursor": "forged.sig"}, 400, "cursor"),
])  # fmt: skip
def test_bad_input_is_the_page_with_the_problem(
    client: TestClient[Any], params: dict[str, str], status: int, words: str
) -> None:  # fmt: skip
    answer = client.get("/search", params=params)
    assert answer.status_code == status and answer.headers["content-type"].startswith(HTML)
    assert 'data-testid="error"' in answer.text and words in answer.text


def test_page_parameters_links_and_item_list_are_pure() -> None:
    assert page_params({"q": " ", "city": "london"}) == {"city": "london", "limit": "12"}
    href = next_page_href({"q": "a b", "role": "model", "limit": "12", "cursor": "old"}, "new")
    assert href == "/search?q=a+b&role=model&limit=12&cursor=new"
    assert item_list([], "https://x.example/")["itemListElement"] == []
