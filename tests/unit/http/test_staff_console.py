"""The staff console's report queue page at /staff: a staff member signed in (cookie or bearer) with a second
factor proven in the last 15 minutes sees the reports, oldest first and filtered by status; without the second
factor the page is the step-up form; nobody else sees any of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from entrypoints.http.identity_session import SESSION_COOKIE
from tests.unit.http.booking_world import ALICE, BOB, STAFF, seeded_container, serving
from tests.unit.http.test_staff_refunds_api import stepped_up


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    container, _clock = seeded_container(tmp_path)
    stepped_up(container, "tok-sam-support")
    with serving(container) as served:
        yield served


def report(client: TestClient[Any], text: str, who: dict[str, str] = ALICE) -> str:
    body = {"targetKind": "profile", "targetId": "prf_load_001", "reason": "spam", "text": text}
    filed = client.post("/api/reports", json=body, headers=who)
    assert filed.status_code == 201, filed.text
    return str(filed.json()["id"])


def test_staff_see_the_open_reports_oldest_first_and_filter_by_status(client: TestClient[Any]) -> None:
    first, second = report(client, "Copies <b>my</b> portfolio"), report(client, "Fake listing", BOB)
    client.post(f"/api/staff/reports/{second}/decide", json={"action": "dismiss", "reason": "fine"}, headers=STAFF)
    page = client.get("/staff", headers=STAFF)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "private, no-store" and page.headers["x-robots-tag"] == "noindex"
    assert f'id="{first}"' in page.text and f'id="{second}"' not in page.text
    assert "Copies &lt;b&gt;my&lt;/b&gt; portfolio" in page.text  # what a reporter wrote is escaped
    everything = client.get("/staff?status=all", headers=STAFF).text
    assert everything.index(f'id="{first}"') < everything.index(f'id="{second}"')
    assert "decided: dismiss (fine)" in everything


def test_a_staff_session_cookie_opens_the_page(client: TestClient[Any]) -> None:
    filed = report(client, "Spam")
    client.cookies.set(SESSION_COOKIE, "tok-sam-support")
    assert f'id="{filed}"' in client.get("/staff").text


def test_nobody_else_sees_the_queue(client: TestClient[Any]) -> None:
    report(client, "Secret complaint")
    anonymous, customer = client.get("/staff"), client.get("/staff", headers=BOB)
    assert anonymous.status_code == 401 and "Sign in" in anonymous.text
    assert customer.status_code == 403 and "staff only" in customer.text
    assert all("Secret complaint" not in answer.text for answer in (anonymous, customer))
    bad = client.get("/staff?status=nonsense", headers=STAFF)
    assert "Secret complaint" not in bad.text
    assert bad.status_code == 422 and "open, awaiting_approval, decided" in bad.text


def test_without_a_recent_second_factor_the_page_is_the_step_up_form(tmp_path: Path) -> None:
    container, clock = seeded_container(tmp_path)
    stepped_up(container, "tok-sam-support")
    with serving(container) as client:
        report(client, "Secret complaint")
        clock.advance(timedelta(minutes=16))
        answer = client.get("/staff?status=open", headers=STAFF)
        assert answer.status_code == 401 and 'data-testid="step-up-form"' in answer.text
        assert 'name="next" value="/staff?status=open"' in answer.text and "Secret complaint" not in answer.text
