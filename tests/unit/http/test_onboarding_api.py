"""Onboarding through HTTP: wizard gating, autosave with resume, publish gate, verification, Instant Book."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.unit.http.conftest import STAFF

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
