"""Review-reminder preferences over HTTP, kept per account (a client without a profile sets them too): the
defaults, a change for the caller only, bad input as a 4xx problem with nothing stored, none for the anonymous."""

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

CLEO, BO = bearer("tok-cleo"), bearer("tok-bo")
PATH = "/api/reviews/reminder-preferences"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'reminders.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url))
    sign_in(container, "cleo@example.com", "tok-cleo")  # a client: no profile
    sign_in(container, "bo@example.com", "tok-bo")
    with TestClient(create_app(container)) as test_client:
        yield test_client


def test_reminders_are_off_until_the_caller_turns_them_on_for_themselves_only(client: TestClient[Any]) -> None:
    defaults = client.get(PATH, headers=CLEO)
    assert defaults.status_code == 200
    assert defaults.json() == {"reminderConsent": False, "timeZone": "UTC", "quietStartMinute": 1320,
                               "quietEndMinute": 480}  # fmt: skip
    wanted = {"reminderConsent": True, "timeZone": "Europe/Berlin", "quietStartMinute": 1380, "quietEndMinute": 420}
    changed = client.put(PATH, headers=CLEO, json=wanted)
    assert changed.status_code == 200 and changed.json() == wanted
    assert client.get(PATH, headers=CLEO).json() == wanted
    assert client.get(PATH, headers=BO).json()["reminderConsent"] is False


@pytest.mark.parametrize(
    "body",
    [{"reminderConsent": True, "timeZone": "Mars/Base"}, {"reminderConsent": True, "quietEndMinute": 1440}, {}],
)
def test_bad_preferences_are_a_problem_and_store_nothing(client: TestClient[Any], body: dict[str, Any]) -> None:
    refused = client.put(PATH, headers=CLEO, json=body)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    assert client.get(PATH, headers=CLEO).json()["reminderConsent"] is False


def test_an_anonymous_caller_has_no_preferences(client: TestClient[Any]) -> None:
    assert client.get(PATH).status_code == 401
    assert client.put(PATH, json={"reminderConsent": True}).status_code == 401
