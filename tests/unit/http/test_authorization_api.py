"""Who may write: owners edit their own profiles, staff decide reviews, everyone else is refused."""

from __future__ import annotations

from litestar.testing import TestClient

from entrypoints.http.identity_session import CSRF_HEADER
from tests.unit.http.conftest import STAFF
from tests.unit.http.identity_world import AuthWorld, auth
from tests.unit.http.signed_in import refused_as

__all__ = ["auth"]


def _own_profile(client: TestClient) -> str:
    made = client.post("/api/profiles", json={"display_name": "Ana Diaz"})
    assert made.status_code == 201
    return str(made.json()["id"])


def test_a_signed_out_write_is_a_401_problem(client: TestClient) -> None:
    profile_id = _own_profile(client)
    client.headers.pop("Authorization")
    answer = client.patch(f"/api/profiles/{profile_id}", json={"version": 1, "bio": "Hijacked"})
    assert answer.status_code == 401 and answer.json()["type"] == "/problems/session-invalid"
    assert client.get(f"/api/profiles/{profile_id}").status_code == 404  # a draft is not anyone's to read
    assert client.get(f"/api/profiles/{profile_id}", headers=STAFF).json()["bio"] == ""  # nothing was written


def test_someone_elses_profile_is_a_404_not_a_403(client: TestClient) -> None:
    profile_id = _own_profile(client)
    answer = client.patch(f"/api/profiles/{profile_id}", json={"version": 1, "bio": "Mine now"}, headers=STAFF)
    assert answer.status_code == 404 and answer.json()["type"] == "/problems/not-found"
    assert client.patch(f"/api/profiles/{profile_id}", json={"version": 1, "bio": "Mine"}).status_code == 200


def test_a_forged_bearer_token_is_a_401(client: TestClient) -> None:
    profile_id = _own_profile(client)
    forged = {"Authorization": "Bearer tok-guessed"}
    assert client.patch(f"/api/profiles/{profile_id}", json={"version": 1}, headers=forged).status_code == 401


def test_reviews_are_staff_only_and_the_body_names_no_reviewer(client: TestClient) -> None:
    refused = client.post("/api/verifications/ver_1/approve", json={})
    assert refused.status_code == 403 and refused.json()["type"] == "/problems/staff-only"
    assert client.get("/api/verifications").status_code == 403
    assert client.post("/api/media/med_1/review", json={"decision": "approve"}).status_code == 403
    assert client.get("/api/media/review-queue").status_code == 403
    named = client.post("/api/verifications/ver_1/approve", json={"staff": "kim"}, headers=STAFF)
    assert named.status_code == 422  # the reviewer comes from the session, never from the body
    assert client.post("/api/verifications/ver_1/approve", json={}, headers=STAFF).status_code == 404


def test_calendar_writes_are_owner_only(client: TestClient) -> None:
    profile_id = _own_profile(client)
    export = f"/api/profiles/{profile_id}/calendar/export"
    assert client.post(export, headers=STAFF).status_code == 404
    assert client.delete(export, headers=STAFF).status_code == 404
    assert client.post(export).status_code == 201


def test_a_cookie_session_writes_only_with_the_csrf_token(auth: AuthWorld) -> None:
    auth.signed_up()
    assert auth.login().status_code == 200  # a browser: the session and CSRF cookies, no bearer token
    made = auth.client.post("/api/profiles", json={"display_name": "Ana Diaz"}, headers=auth.csrf())
    assert made.status_code == 201
    profile = f"/api/profiles/{made.json()['id']}"
    basics = {"version": 1, "headline": "Portraits in natural light", "bio": "b" * 80, "city": "los-angeles"}
    assert refused_as(auth.client.patch(profile, json=basics), 403, "csrf-refused")
    assert auth.client.patch(profile, json=basics, headers=auth.csrf()).status_code == 200
    to_portfolio = {"wizard": "provider", "step": "portfolio"}
    assert refused_as(auth.client.put(f"{profile}/onboarding/step", json=to_portfolio), 403, "csrf-refused")
    forged = auth.client.put(f"{profile}/onboarding/step", json=to_portfolio, headers={CSRF_HEADER: "0" * 64})
    assert refused_as(forged, 403, "csrf-refused")
    assert auth.client.get(f"{profile}/onboarding").json()["resume_at"] != "portfolio"  # reads need no token
    moved = auth.client.put(f"{profile}/onboarding/step", json=to_portfolio, headers=auth.csrf())
    assert moved.status_code == 200 and moved.json()["resume_at"] == "portfolio"
