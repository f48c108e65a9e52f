"""Onboarding through HTTP: wizard gating, autosave with resume, publish gate, verification, Instant Book."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from config.container import Container
from core.profiles.services import get_service
from tests.unit.http.booking_world import BOB, LOAD, PROVIDER, seeded_container, serving
from tests.unit.http.conftest import STAFF, STRANGER
from tests.unit.http.signed_in import refused_as, signed_out

PROBLEM = "application/problem+json"
FULL = {
    "headline": "Editorial and portrait photographer",
    "bio": "Ten years of editorial and portrait work in Los Angeles, natural light first, studio when needed.",
    "city": "los-angeles",
    "roles": ["photographer"],
    "tags": ["portraits", "editorial", "natural-light"],
    "geo": {"lat": 34.05, "lon": -118.24},
    "price_min": {"amount": 15000, "currency": "USD"},
    "price_max": {"amount": 60000, "currency": "USD"},
    "languages": ["en"],
    "links": [{"label": "Site", "url": "https://ana.example"}],
    "packages": [{"name": "Headshots", "duration_minutes": 60, "price": {"amount": 18000, "currency": "USD"}}],
}


def new_profile(client: TestClient) -> str:
    return str(client.post("/api/profiles", json={"display_name": "Ana Diaz"}).json()["id"])


def test_gating_says_which_step_blocks_and_why(client: TestClient) -> None:
    pid = new_profile(client)
    state = client.get(f"/api/profiles/{pid}/onboarding").json()
    assert state["wizard"] == "provider" and state["resume_at"] == "basics" and state["score"]["total"] == 0
    steps = {s["step"]: s for s in state["steps"]}
    assert steps["basics"]["status"] == "open" and steps["availability"]["blocked_by"] == ["packages_and_pricing"]
    assert state["verification"]["status"] == "none" and state["nudges"]
    blocked = client.put(f"/api/profiles/{pid}/onboarding/step", json={"wizard": "provider", "step": "portfolio"})
    assert blocked.status_code == 409 and blocked.headers["content-type"].startswith(PROBLEM)
    body = blocked.json()
    assert body["type"] == "/problems/step-blocked" and body["blocked_by"] == ["basics"] and body["reasons"]


def test_autosave_keeps_the_resume_point_and_versions(client: TestClient) -> None:
    pid = new_profile(client)
    body = {"version": 1, "headline": "Portraits in natural light", "bio": "b" * 80, "city": "los-angeles",
            "wizard": "provider", "step": "basics"}  # fmt: skip
    assert client.patch(f"/api/profiles/{pid}", json=body).status_code == 200
    moved = client.put(f"/api/profiles/{pid}/onboarding/step", json={"wizard": "provider", "step": "portfolio"})
    assert moved.status_code == 200 and moved.json()["resume_at"] == "portfolio"
    assert client.get(f"/api/profiles/{pid}/onboarding").json()["resume_at"] == "portfolio"
    stale = client.patch(f"/api/profiles/{pid}", json={**body, "step": "roles_and_tags"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert client.get(f"/api/profiles/{pid}/onboarding").json()["resume_at"] == "portfolio"
    no_wizard = client.patch(f"/api/profiles/{pid}", json={"version": 2, "step": "basics"})
    assert no_wizard.status_code == 422


def test_publish_is_gated_and_lists_the_missing_items(client: TestClient) -> None:
    pid = new_profile(client)
    client.patch(f"/api/profiles/{pid}", json={"version": 1, **FULL})
    refused = client.post(f"/api/profiles/{pid}/publish", json={"version": 2})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["type"] == "/problems/profile-incomplete" and problem["score"] == 62 and problem["required"] == 70
    assert {m["item"] for m in problem["missing"]} == {"portfolio_started", "portfolio_full", "schedule", "identity"}
    assert all(m["hint"] for m in problem["missing"])
    assert client.post(f"/api/profiles/{pid}/unpublish", json={"version": 2}).json()["status"] == "draft"


def test_verification_workflow_with_banners_and_the_staff_queue(client: TestClient) -> None:
    pid = new_profile(client)
    document = {"kind": "identity", "document_key": f"documents/{pid}/passport.jpg"}
    submitted = client.post(f"/api/profiles/{pid}/verifications", json=document).json()
    assert submitted["status"] == "pending"
    status = client.get(f"/api/profiles/{pid}/verification").json()
    assert status["banner"]["status"] == "pending" and status["verified"] is False
    assert [r["id"] for r in client.get("/api/verifications", headers=STAFF).json()["items"]] == [submitted["id"]]
    rejected = client.post(f"/api/verifications/{submitted['id']}/reject", json={"reason": "Blurred."}, headers=STAFF)
    assert rejected.json()["status"] == "rejected"
    banner = client.get(f"/api/profiles/{pid}/verification").json()["banner"]
    assert banner["level"] == "warning" and "Blurred." in banner["message"]
    again = client.post(f"/api/verifications/{submitted['id']}/approve", json={}, headers=STAFF)
    assert again.status_code == 409 and again.json()["type"] == "/problems/verification-not-pending"
    second = client.post(f"/api/profiles/{pid}/verifications", json=document).json()
    client.post(f"/api/verifications/{second['id']}/approve", json={}, headers=STAFF)
    assert client.get(f"/api/profiles/{pid}/verification").json()["verified"] is True
    business = client.post(f"/api/profiles/{pid}/verifications", json={**document, "kind": "business"})
    assert business.status_code == 422
    traversal = client.post(f"/api/profiles/{pid}/verifications", json={**document, "document_key": "../etc"})
    assert traversal.status_code == 422


def test_unknown_services_and_foreign_wizards(client: TestClient) -> None:
    pid = new_profile(client)
    assert client.get("/api/services/spf_nope/instant-book").status_code == 404
    assert client.put("/api/services/spf_nope/instant-book", json={"enabled": True}).status_code == 404
    assert client.get(f"/api/profiles/{pid}/onboarding?wizard=studio").status_code == 422


def test_the_wizard_and_verification_are_the_owners_alone(client: TestClient) -> None:
    pid = new_profile(client)
    assert client.patch(f"/api/profiles/{pid}", json={"version": 1, **FULL}).status_code == 200
    wizard, step = f"/api/profiles/{pid}/onboarding", f"/api/profiles/{pid}/onboarding/step"
    submit, status = f"/api/profiles/{pid}/verifications", f"/api/profiles/{pid}/verification"
    to_verification = {"wizard": "provider", "step": "verification"}
    document = {"kind": "identity", "document_key": f"documents/{pid}/passport.jpg"}
    with signed_out(client):
        for answer in (client.get(wizard), client.put(step, json=to_verification), client.post(submit, json=document),
                       client.get(status)):  # fmt: skip
            assert refused_as(answer, 401, "session-invalid")
    strangers = (client.get(wizard, headers=STRANGER), client.put(step, json=to_verification, headers=STRANGER),
                 client.post(submit, json=document, headers=STRANGER),
                 client.get(status, headers=STRANGER))  # fmt: skip
    for answer in strangers:
        assert refused_as(answer, 404, "not-found")
    assert client.get(wizard).json()["resume_at"] == "portfolio"  # the stranger moved nothing and submitted nothing
    assert client.get(status).json()["latest"] is None
    assert client.get("/api/verifications", headers=STAFF).json()["items"] == []

    assert client.put(step, json=to_verification).json()["resume_at"] == "verification"
    assert client.post(submit, json=document).json()["status"] == "pending"
    assert client.get(status).json()["banner"]["status"] == "pending"


def test_staff_read_a_draft_but_move_publish_or_submit_nothing_of_it(client: TestClient) -> None:
    pid = new_profile(client)
    unknown = client.post("/api/profiles/prf_nope/publish", json={"version": 1}, headers=STAFF).json()
    answers = (
        client.get(f"/api/profiles/{pid}/onboarding", headers=STAFF),
        client.put(f"/api/profiles/{pid}/onboarding/step", json={"wizard": "provider", "step": "basics"},
                   headers=STAFF),
        client.post(f"/api/profiles/{pid}/publish", json={"version": 1}, headers=STAFF),
        client.post(f"/api/profiles/{pid}/unpublish", json={"version": 1}, headers=STAFF),
        client.post(f"/api/profiles/{pid}/verifications", json={"kind": "identity", "document_key": "documents/x.jpg"},
                    headers=STAFF),
        client.get(f"/api/profiles/{pid}/verification", headers=STAFF),
        client.patch(f"/api/profiles/{pid}", json={"version": 1, "wizard": "provider", "step": "basics", "bio": "x"},
                     headers=STAFF),
    )  # fmt: skip
    for answer in answers:  # the same 404 a profile that does not exist gets
        assert refused_as(answer, 404, "not-found") and answer.json()["kind"] == unknown["kind"] == "profile"
    seen = client.get(f"/api/profiles/{pid}", headers=STAFF).json()
    assert (seen["version"], seen["status"], seen["bio"]) == (1, "draft", "")  # staff read it; nothing moved
    assert client.get(f"/api/profiles/{pid}/verification").json()["latest"] is None
    assert client.get(f"/api/profiles/{pid}/onboarding").json()["resume_at"] == "basics"


def instant_book_of(container: Container, service_id: str) -> bool:
    return get_service(service_id, container.profiles_uow()).instant_book


def test_instant_book_is_the_services_owners_alone(tmp_path: Path) -> None:
    container, _clock = seeded_container(tmp_path)  # Pat owns prf_load_001, whose service spf_load_001 is Instant
    path = f"/api/services/{LOAD}/instant-book"
    with serving(container) as client:
        assert refused_as(client.get(path), 401, "session-invalid")
        assert refused_as(client.put(path, json={"enabled": False}), 401, "session-invalid")
        unknown = client.get("/api/services/spf_nope/instant-book", headers=BOB).json()
        for answer in (client.get(path, headers=BOB), client.put(path, json={"enabled": False}, headers=BOB)):
            assert refused_as(answer, 404, "not-found") and "prf_load_001" not in answer.text
            assert answer.json()["kind"] == unknown["kind"]  # someone else's reads like one that does not exist
        assert instant_book_of(container, LOAD) is True
        assert client.get(path, headers=PROVIDER).json()["service_id"] == LOAD
        assert client.put(path, json={"enabled": False}, headers=PROVIDER).status_code == 200
        assert instant_book_of(container, LOAD) is False
