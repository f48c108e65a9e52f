"""Reports and the staff queue over HTTP: a signed-in user reports a review, staff see it in the one queue, hide it
with a reason, the public no longer sees the review, the reporter is told by email, and the audit log chains;
suspensions need a second staff member."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.identity.staff import StaffRole
from core.shared.audit import first_broken
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, STAFF, seeded_container, serving, slot
from tests.unit.http.signed_in import bearer, sign_in
from tests.unit.http.test_reviews_api import CLIENT_REVIEW, PROVIDER_REVIEW, completed

ADMIN = bearer("tok-lee-admin")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any, Path]]:
    outbox = tmp_path / "outbox"
    container, clock = seeded_container(tmp_path, outbox_dir=str(outbox))
    sign_in(container, "lee@example.com", "tok-lee-admin", StaffRole.ADMIN)
    with serving(container) as client:
        yield client, container, clock, outbox


def test_a_reported_review_is_hidden_by_staff_and_the_reporter_is_told(world: Any) -> None:
    client, container, clock, outbox = world
    txn = completed(client, clock, STAFF, ADMIN)
    review_id = client.post(f"/api/bookings/{txn}/reviews", json=CLIENT_REVIEW, headers=ALICE).json()["id"]
    client.post(f"/api/bookings/{txn}/reviews", json=PROVIDER_REVIEW, headers=PROVIDER)
    assert len(client.get("/api/profiles/prf_load_001/reviews").json()) == 1
    body = {"targetKind": "review", "targetId": review_id, "reason": "harassment", "text": "Not true at all"}
    assert client.post("/api/reports", json=body).status_code == 401
    bad = client.post("/api/reports", json={**body, "reason": "dislike"}, headers=BOB)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    filed = client.post("/api/reports", json=body, headers=BOB)
    assert filed.status_code == 201 and filed.json()["status"] == "open"
    report_id = filed.json()["id"]
    assert client.get("/api/staff/reports", headers=BOB).status_code == 403
    queue = client.get("/api/staff/reports?kind=review", headers=STAFF).json()
    assert [r["id"] for r in queue] == [report_id] and queue[0]["text"] == "Not true at all"
    assert client.post(f"/api/staff/reports/{report_id}/assign", json={}, headers=STAFF).status_code == 200
    assert [r["id"] for r in client.get("/api/staff/reports?assignee=me", headers=STAFF).json()] == [report_id]
    decided = client.post(f"/api/staff/reports/{report_id}/decide", json={"action": "hide", "reason": "abusive"},
                          headers=STAFF)  # fmt: skip
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    assert client.get("/api/profiles/prf_load_001/reviews").json() == []
    assert client.get("/api/profiles/prf_load_001/public").json()["reviews"]["latest"] == []
    again = client.post(f"/api/staff/reports/{report_id}/decide", json={"action": "dismiss", "reason": "x"},
                        headers=ADMIN)  # fmt: skip
    assert again.status_code == 409 and again.json()["type"] == "/problems/report-decided"
    mail = "\n".join(p.read_text() for p in outbox.rglob("*") if p.is_file())
    assert "bob@example.com" in mail and "The outcome of your report" in mail and "hid it" in mail
    with container.identity_uow() as uow:
        entries = list(uow.audit.entries())
    steps = [e.record.action for e in entries if e.record.subject == report_id]
    assert steps == ["report.assign", "report.decide", "account.strike"]  # the review's author gets a strike
    assert first_broken(entries) is None


def test_a_suspension_takes_a_second_staff_member(world: Any) -> None:
    client, _container, _clock, _outbox = world
    assert client.get("/api/profiles/prf_load_001/public").status_code == 200
    txn = client.post("/api/checkout/start", json=slot(2), headers=ALICE).json()["txnId"]
    paid = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert paid.json()["state"] == "confirmed"
    assert "prf_load_001" in _listed(client)
    body = {"targetKind": "profile", "targetId": "prf_load_001", "reason": "scam"}
    report_id = client.post("/api/reports", json=body, headers=ALICE).json()["id"]
    proposed = client.post(f"/api/staff/reports/{report_id}/decide", json={"action": "suspend", "reason": "fraud"},
                           headers=STAFF)  # fmt: skip
    assert proposed.json()["status"] == "awaiting_approval"
    own = client.post(f"/api/staff/reports/{report_id}/approve", headers=STAFF)
    assert own.status_code == 409 and own.json()["type"] == "/problems/dual-control"
    approved = client.post(f"/api/staff/reports/{report_id}/approve", headers=ADMIN)
    assert approved.status_code == 200 and approved.json()["decision"]["approvedBy"] is not None
    assert client.get(f"/api/staff/reports/{report_id}", headers=ADMIN).json()["status"] == "decided"
    # the approved suspension struck the owner (suspended): every listing of theirs is down
    for profile_id in ("prf_load_001", "prf_demo_photographer_la"):
        assert client.get(f"/api/profiles/{profile_id}/public").status_code == 404
    assert not {"prf_load_001", "prf_demo_photographer_la"} & _listed(client)
    version = client.get("/api/profiles/prf_load_001", headers=PROVIDER).json()["version"]
    again = client.post("/api/profiles/prf_load_001/publish", json={"version": version}, headers=PROVIDER)
    assert again.status_code == 403 and again.json()["type"] == "/problems/listings-restricted", again.text
    booking = client.get(f"/api/bookings/{txn}", headers=ALICE).json()
    assert booking["state"] == "cancelled", booking
    assert booking["refunded"] == booking["captured"] and booking["refund"]["refundBps"] == 10000  # in full


def _listed(client: TestClient[Any]) -> set[str]:
    found = client.get("/api/search/people", params={"limit": "100"}).json()["results"]
    return {str(r.get("profileId") or r.get("id")) for r in found}
