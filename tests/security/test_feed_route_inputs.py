"""The feed route reads its own body (a URL as JSON, or an ICS file): it holds the same edge policy as the others."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from tests.unit.http.signed_in import refused_as


@pytest.fixture
def feeds(client: TestClient[Any]) -> str:
    created = client.post("/api/profiles", json={"display_name": "Feed Owner", "roles": ["photographer"]})
    assert created.status_code == 201
    return f"/api/profiles/{created.json()['id']}/calendar/feeds"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/plain", '{"url": "https://calendar.example/a.ics"}'), ("application/x-www-form-urlencoded", "url=x")],
)
def test_a_body_that_is_neither_json_nor_a_calendar_is_415(
    client: TestClient[Any], feeds: str, content_type: str, body: str
) -> None:
    answer = client.post(feeds, content=body, headers={"content-type": content_type})
    assert refused_as(answer, 415, "unsupported-media-type")
    assert client.get(feeds).json() == []


def test_deep_json_is_refused_before_decoding_and_nothing_is_stored(client: TestClient[Any], feeds: str) -> None:
    deep = '{"url": ' + "[" * 10_000 + "]" * 10_000 + "}"
    answer = client.post(feeds, content=deep, headers={"content-type": "application/json"})
    assert refused_as(answer, 400, "json-too-deep")
    assert client.get(feeds).json() == []


def test_an_overlong_url_is_422_naming_url_and_not_echoed(client: TestClient[Any], feeds: str) -> None:
    url = "https://calendar.example/" + "a" * 5000
    answer = client.post(feeds, json={"url": url})
    assert refused_as(answer, 422, "validation-failed")
    assert [error["field"] for error in answer.json()["errors"]] == ["url"]
    assert "a" * 500 not in answer.text
    assert client.get(feeds).json() == []
