"""Unread-message email preferences over HTTP: the defaults, a change, bad input as a 4xx problem with nothing
stored, and no preferences for an anonymous caller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, sign_in

ANA = bearer("tok-ana")
PATH = "/api/messages/notice-preferences"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url))
    sign_in(container, "ana@example.com", "tok-ana")
    with TestClient(create_app(container)) as test_client:
        yield test_client


def test_preferences_default_to_on_and_change_for_the_caller_only(client: TestClient[Any]) -> None:
    defaults = client.get(PATH, headers=ANA)
    assert defaults.status_code == 200
    assert defaults.json() == {"emailConsent": True, "timeZone": "UTC", "quietStartMinute": 1320,
                               "quietEndMinute": 480}  # fmt: skip
    wanted = {"emailConsent": False, "timeZone": "Europe/Berlin", "quietStartMinute": 1380, "quietEndMinute": 420}
    changed = client.put(PATH, headers=ANA, json=wanted)
    assert changed.status_code == 200 and changed.json() == wanted
    assert client.get(PATH, headers=ANA).json() == wanted


@pytest.mark.parametrize(
    "body", [{"emailConsent": True, "timeZone": "Mars/Base"}, {"emailConsent": True, "quietEndMinute": 1440}, {}]
)
def test_bad_preferences_are_a_problem_and_store_nothing(client: TestClient[Any], body: dict[str, Any]) -> None:
    refused = client.put(PATH, headers=ANA, json=body)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    assert client.get(PATH, headers=ANA).json()["emailConsent"] is True


def test_an_anonymous_caller_has_no_preferences(client: TestClient[Any]) -> None:
    assert client.get(PATH).status_code == 401
    assert client.put(PATH, json={"emailConsent": False}).status_code == 401
