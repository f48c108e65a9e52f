"""Nothing secret or someone else's leaks: conflicts name no other booking, access logs hold no path secrets
and no query strings (issue 19)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.booking.errors import SlotUnavailable
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, STAFF, seeded_container, serving, slot
from tests.unit.http.signed_in import refused_as


@pytest.fixture
def market(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container]]:
    container, _clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container


def user_id(container: Container, email: str) -> str:
    uow = container.identity_uow()
    with uow.reading():
        found = uow.users.get_by_email(email)
    assert found is not None
    return str(found.id)


def test_a_slot_conflict_names_no_other_clients_booking(market: tuple[TestClient[Any], Container]) -> None:
    client, container = market
    alices = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    for attempt in (slot(24), slot(24.5), slot(23.5)):  # the same slot, and overlapping either end
        refused = client.post("/api/checkout/start", json=attempt, headers=BOB)
        assert refused_as(refused, 409, "slot-unavailable"), refused.text
        for secret in (alices, user_id(container, "alice@example.com"), "alice@example.com"):
            assert secret not in refused.text
        assert set(refused.json()) <= {"type", "title", "status", "detail", "booking_id", "request_id"}


def test_the_explanation_with_bookings_in_it_is_the_owners_alone(market: tuple[TestClient[Any], Container]) -> None:
    client, _container = market
    alices = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    held = slot(24)
    when = {"start": held["startTs"], "end": held["endTs"]}
    explain = "/api/profiles/prf_load_001/availability/explain"
    for who in (BOB, STAFF, ALICE):  # even the client of the booking in the way: the calendar is the owner's
        answer = client.get(explain, params=when, headers=who)
        assert refused_as(answer, 404, "not-found") and alices not in answer.text
    assert alices in client.get(explain, params=when, headers=PROVIDER).text  # the provider sees why


def test_slot_unavailable_keeps_the_conflicting_id_out_of_what_is_answered() -> None:
    error = SlotUnavailable("bkg_mine", "bkg_someone_elses")
    assert error.conflicting_id == "bkg_someone_elses"  # for code and operators
    assert "bkg_someone_elses" not in f"{error.detail} {error.attributes} {error}"


def access_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == "request"]


def test_the_calendar_export_token_is_not_logged(client: TestClient[Any], capsys: pytest.CaptureFixture[str]) -> None:
    profile_id = client.post("/api/profiles", json={"display_name": "Olive"}).json()["id"]
    url = client.post(f"/api/profiles/{profile_id}/calendar/export").json()["url"]
    path = urlsplit(url).path
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) >= 20
    capsys.readouterr()
    assert client.get(path).status_code == 200
    assert client.get(f"/calendar/{token}").status_code == 404  # without .ics: still a secret-bearing path
    logged = access_lines(capsys)
    assert [line["route"] for line in logged] == ["/calendar/{feed_file}"] * 2
    assert [line["path"] for line in logged] == ["/calendar/[redacted]"] * 2
    assert token not in json.dumps(logged)


def test_the_upload_grant_is_not_logged(client: TestClient[Any], capsys: pytest.CaptureFixture[str]) -> None:
    profile_id = client.post("/api/profiles", json={"display_name": "Olive"}).json()["id"]
    ticket = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": "image/jpeg", "size": 3}).json()
    path = urlsplit(ticket["upload_url"]).path
    capsys.readouterr()
    client.put(path, content=b"abc", headers=ticket["headers"])
    client.put(path.replace("/uploads/", "/uploads/x"), content=b"abc", headers=ticket["headers"])  # a forged one
    logged = access_lines(capsys)
    assert [line["route"] for line in logged] == ["/uploads/{token}"] * 2
    assert path.removeprefix("/uploads/") not in json.dumps(logged)


def test_query_strings_and_token_like_segments_are_not_logged(
    client: TestClient[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    secret = "c2VjcmV0LXRva2VuLXRoYXQtbXVzdC1ub3QtbGVhaw"
    client.get("/api/profiles", params={"after": secret, "token": secret})
    client.get(f"/api/profiles/{secret}")
    client.delete(f"/api/auth/sessions/{secret}")
    logged = access_lines(capsys)
    assert len(logged) == 3 and secret not in json.dumps(logged)
    assert logged[1]["route"] == "/api/profiles/{profile_id}" and logged[1]["path"] == "/api/profiles/[redacted]"
    short = client.get("/api/profiles/prf_01M8Y0Y69KAJD7QF7X2X85SN78")  # an id is not a secret: kept
    assert short.status_code == 404 and access_lines(capsys)[0]["path"].endswith("prf_01M8Y0Y69KAJD7QF7X2X85SN78")


FORGED = {"Host": "evil.example"}


def test_absolute_urls_come_from_public_base_url_never_the_host_header(
    container: Container, client: TestClient[Any]
) -> None:
    base = container.settings().public_base_url
    profile_id = client.post("/api/profiles", json={"display_name": "Olive"}).json()["id"]
    export = client.post(f"/api/profiles/{profile_id}/calendar/export", headers=FORGED)
    rotated = client.post(f"/api/profiles/{profile_id}/calendar/export/rotate", headers=FORGED)
    ticket = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": "image/jpeg", "size": 3},
                         headers=FORGED)  # fmt: skip
    page = client.get(f"/api/profiles/{profile_id}/public", headers=FORGED)  # the owner's preview
    slug = client.get(f"/api/profiles/{profile_id}").json()["slug"]
    html = client.get(f"/p/{slug}", headers=FORGED)
    assert export.json()["url"].startswith(f"{base}/calendar/") and rotated.json()["url"].startswith(
        f"{base}/calendar/"
    )
    assert ticket.json()["upload_url"].startswith(f"{base}/uploads/")
    assert page.json()["canonical_url"] == f"{base}/p/{slug}"
    assert html.status_code == 200 and f'<link rel="canonical" href="{base}/p/{slug}">' in html.text
    for answer in (export, rotated, ticket, page, html):
        assert "evil.example" not in answer.text
