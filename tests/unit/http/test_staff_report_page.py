"""The staff console's report page: a stepped-up staff member reads a report with its evidence (the reported
review, contact details masked; the reporter's words, escaped; earlier reports of the same target) and decides with
the page's form, which carries the session's CSRF token; a hidden review leaves the public page. Removals and
suspensions wait for a second staff member, who approves on the same page. Signing in and stepping up are forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
from litestar.testing import TestClient

from config.container import Container
from core.identity.staff import StaffRole
from entrypoints.http.identity_session import SESSION_COOKIE, csrf_token
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, STAFF, seeded_container, serving
from tests.unit.http.signed_in import PASSWORD, bearer, sign_in
from tests.unit.http.test_reviews_api import PROVIDER_REVIEW, completed
from tests.unit.http.test_staff_refunds_api import stepped_up

ADMIN = bearer("tok-lee-admin")
RUDE = {"overall": 1, "text": "Awful. Text me on 415 555 0199 or mail pat@example.org", "aspects": {}}


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path, session_cookie_secure=False)
    sign_in(container, "lee@example.com", "tok-lee-admin", StaffRole.ADMIN)
    with serving(container) as client:
        yield client, container, clock


def as_cookie(client: TestClient[Any], container: Container, token: str) -> str:
    """``client`` as the browser of the stepped-up session ``token``; the CSRF token its forms carry."""
    stepped_up(container, token)
    client.cookies.set(SESSION_COOKIE, token)
    return csrf_token(token, container.identity_services().pepper)


def reported_review(client: TestClient[Any], clock: Any) -> tuple[str, str]:
    txn = completed(client, clock, STAFF, ADMIN)
    review_id = client.post(f"/api/bookings/{txn}/reviews", json=RUDE, headers=ALICE).json()["id"]
    client.post(f"/api/bookings/{txn}/reviews", json=PROVIDER_REVIEW, headers=PROVIDER)
    body = {"targetKind": "review", "targetId": review_id, "reason": "harassment", "text": "<script>x</script> lies"}
    filed = client.post("/api/reports", json=body, headers=BOB)
    assert filed.status_code == 201, filed.text
    return review_id, str(filed.json()["id"])


def test_staff_read_the_evidence_and_hide_the_review_with_the_form(world: Any) -> None:
    client, container, clock = world
    review_id, report_id = reported_review(client, clock)
    earlier = client.post("/api/reports", json={"targetKind": "review", "targetId": review_id, "reason": "spam"},
                          headers=PROVIDER).json()["id"]  # fmt: skip
    client.post(f"/api/staff/reports/{earlier}/decide", json={"action": "dismiss", "reason": "nothing"}, headers=ADMIN)
    csrf = as_cookie(client, container, "tok-sam-support")
    page = client.get(f"/staff/reports/{report_id}")
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"
    assert "&lt;script&gt;x&lt;/script&gt; lies" in page.text and "<script>x" not in page.text
    assert "Awful. Text me on +4***0199 or mail p***@example.org" in page.text
    assert "415 555" not in page.text and "pat@example.org" not in page.text
    assert "rating: 1 of 5" in page.text and "shown: public" in page.text
    assert f'href="/staff/reports/{earlier}"' in page.text and "dismiss (nothing)" in page.text
    assert f'name="csrf" value="{csrf}"' in page.text
    assert len(client.get("/api/profiles/prf_load_001/public").json()["reviews"]["latest"]) == 1
    forged = client.post(f"/staff/reports/{report_id}/decide", data={"action": "hide", "reason": "abusive"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    unknown = client.post(f"/staff/reports/{report_id}/decide", data={"action": "ban", "reason": "x", "csrf": csrf})
    assert unknown.status_code == 422 and "action" in unknown.text
    hide = {"action": "hide", "reason": "abusive", "csrf": csrf}
    decided = client.post(f"/staff/reports/{report_id}/decide", data=hide, follow_redirects=False)
    assert decided.status_code == 303 and decided.headers["location"] == f"/staff/reports/{report_id}"
    after = client.get(f"/staff/reports/{report_id}").text
    assert 'data-testid="decided"' in after and "hide by" in after and "shown: hidden by staff" in after
    assert 'data-testid="decide-form"' not in after
    assert client.get("/api/profiles/prf_load_001/public").json()["reviews"]["latest"] == []
    again = client.post(f"/staff/reports/{report_id}/decide", data={"action": "warn", "reason": "x", "csrf": csrf})
    assert again.status_code == 409 and "already decided" in again.text


def test_a_suspension_is_proposed_on_the_page_and_approved_by_another(world: Any) -> None:
    client, container, _clock = world
    body = {"targetKind": "profile", "targetId": "prf_load_001", "reason": "scam", "text": "Call 415 555 0199"}
    report_id = client.post("/api/reports", json=body, headers=ALICE).json()["id"]
    csrf = as_cookie(client, container, "tok-sam-support")
    page = client.get(f"/staff/reports/{report_id}").text
    assert "suspend (a second staff member approves)" in page and 'href="/p/' in page
    client.post(f"/staff/reports/{report_id}/assign", data={"csrf": csrf})
    proposed = client.post(f"/staff/reports/{report_id}/decide", data={"action": "suspend", "reason": "fraud",
                                                                      "csrf": csrf})  # fmt: skip
    assert proposed.status_code == 200 and "awaiting approval" in proposed.text
    assert "another staff member must approve" in proposed.text and 'data-testid="approve"' not in proposed.text
    own = client.post(f"/staff/reports/{report_id}/approve", data={"csrf": csrf})
    assert own.status_code == 409 and "cannot approve their own" in own.text
    admin_csrf = as_cookie(client, container, "tok-lee-admin")
    assert 'data-testid="approve"' in client.get(f"/staff/reports/{report_id}").text
    approved = client.post(f"/staff/reports/{report_id}/approve", data={"csrf": admin_csrf})
    assert approved.status_code == 200 and "approved by" in approved.text


def test_customers_and_lapsed_second_factors_see_nothing(world: Any) -> None:
    client, container, clock = world
    body = {"targetKind": "profile", "targetId": "prf_load_001", "reason": "scam", "text": "Secret complaint"}
    report_id = client.post("/api/reports", json=body, headers=ALICE).json()["id"]
    assert client.get(f"/staff/reports/{report_id}").status_code == 401
    stepped_up(container, "tok-bob-client")
    customer = client.get(f"/staff/reports/{report_id}", headers=BOB)
    assert customer.status_code == 403 and "Secret complaint" not in customer.text
    csrf = as_cookie(client, container, "tok-sam-support")
    assert client.get("/staff/reports/rpt_nope").status_code == 404
    clock.advance(timedelta(minutes=16))
    client.get("/api/auth/sessions")  # the session itself stays alive
    lapsed = client.post(f"/staff/reports/{report_id}/decide", data={"action": "dismiss", "reason": "x", "csrf": csrf})
    assert lapsed.status_code == 401 and 'data-testid="step-up-form"' in lapsed.text
    assert "Secret complaint" not in lapsed.text
    assert client.get(f"/api/staff/reports/{report_id}", headers=STAFF).json()["status"] == "open"


def test_sign_in_and_step_up_with_the_forms(world: Any) -> None:
    client, _container, clock = world
    enrol = client.post("/api/auth/mfa/totp/enroll", headers=STAFF)
    secret = re.search(r"secret=([A-Z2-7]+)", enrol.json()["provisioning_uri"])
    assert secret is not None
    totp = pyotp.TOTP(secret.group(1))
    assert client.post("/api/auth/mfa/totp/confirm", json={"code": totp.at(clock.now())}, headers=STAFF).is_success
    form = {"email": "sam@example.com", "password": PASSWORD, "next": "/staff?status=all"}
    elsewhere = client.post("/staff/sign-in", data=form, headers={"Origin": "https://evil.example"})
    assert elsewhere.status_code == 403 and SESSION_COOKIE not in client.cookies
    wrong = client.post("/staff/sign-in", data={**form, "password": "not-it"})
    assert wrong.status_code == 401 and "wrong" in wrong.text
    challenge = client.post("/staff/sign-in", data=form)
    assert challenge.status_code == 200 and 'data-testid="step-up-form"' in challenge.text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', challenge.text)
    assert csrf is not None and 'name="next" value="/staff?status=all"' in challenge.text
    clock.advance(timedelta(seconds=30))
    bad = client.post("/staff/step-up", data={"code": "000000", "csrf": csrf.group(1), "next": "/staff?status=all"})
    assert bad.status_code == 401 and "wrong" in bad.text
    step = {"code": totp.at(clock.now()), "csrf": csrf.group(1), "next": "//evil.example/x"}
    stepped = client.post("/staff/step-up", data=step, follow_redirects=False)
    assert stepped.status_code == 303 and stepped.headers["location"] == "/staff"
    queue = client.get("/staff")
    assert queue.status_code == 200 and 'data-testid="sign-out"' in queue.text
    assert client.get("/staff/sign-in?next=/staff/media").text.count('value="/staff/media"') == 1
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', queue.text)
    assert token is not None and client.post("/staff/sign-out", data={}).status_code == 403
    out = client.post("/staff/sign-out", data={"csrf": token.group(1)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/staff/sign-in"
    assert client.get("/staff").status_code == 401


def user_id_of(container: Container, email: str) -> str:
    with container.identity_uow() as uow:
        user = uow.users.get_by_email(email)
    assert user is not None
    return user.id


def test_a_users_history_shows_bookings_reports_strikes_and_audit_entries(world: Any) -> None:
    client, container, clock = world
    _review_id, report_id = reported_review(client, clock)
    client.post(f"/api/staff/reports/{report_id}/decide", json={"action": "hide", "reason": "abusive"}, headers=STAFF)
    alice, bob = user_id_of(container, "alice@example.com"), user_id_of(container, "bob@example.com")
    stepped_up(container, "tok-bob-client")
    assert client.get(f"/staff/users/{alice}", headers=BOB).status_code == 403
    as_cookie(client, container, "tok-sam-support")
    page = client.get(f"/staff/users/{alice}")
    assert page.status_code == 200 and "a***@example.com" in page.text and "alice@example.com" not in page.text
    bookings = page.text.split('data-testid="bookings"')[1].split("</section>")[0]
    assert "completed" in bookings and "as client of prf_load_001" in bookings
    received = page.text.split('data-testid="reports-received"')[1].split("</section>")[0]
    assert f'href="/staff/reports/{report_id}"' in received and "hide (abusive)" in received
    assert "hide on" in page.text.split('data-testid="strikes"')[1]
    sam = user_id_of(container, "sam@example.com")
    assert f"{sam} user.history.read {alice}" in page.text  # looking is itself audited
    filed = client.get(f"/staff/users/{bob}").text.split('data-testid="reports-filed"')[1].split("</section>")[0]
    assert f'href="/staff/reports/{report_id}"' in filed
    provider = client.get(f"/staff/users/{user_id_of(container, 'pat@example.com')}").text
    assert "as provider for" in provider
    assert client.get("/staff/users/usr_nobody").status_code == 404


def test_a_reported_message_is_shown_with_its_contact_details_masked(world: Any) -> None:
    client, container, _clock = world
    body = {"recipientUserId": user_id_of(container, "bob@example.com"), "clientMessageId": "m1",
            "body": "Skip the fees: email me at alice.d@gmail.com"}  # fmt: skip
    sent = client.post("/api/messages/threads", json=body, headers=ALICE)
    assert sent.status_code == 201, sent.text
    message_id = sent.json()["message"]["id"]
    filed = client.post("/api/reports", json={"targetKind": "message", "targetId": message_id, "reason": "scam"},
                        headers=BOB)  # fmt: skip
    as_cookie(client, container, "tok-sam-support")
    page = client.get(f"/staff/reports/{filed.json()['id']}").text
    assert "Skip the fees: email me at a***@gmail.com" in page and "alice.d" not in page
    assert f'href="/staff/users/{user_id_of(container, "alice@example.com")}"' in page
    missing = client.post("/api/reports", json={"targetKind": "media", "targetId": "med_gone", "reason": "spam"},
                          headers=BOB)  # fmt: skip
    assert "Not found: deleted since the report" in client.get(f"/staff/reports/{missing.json()['id']}").text
    history = client.get(f"/staff/users/{user_id_of(container, 'alice@example.com')}").text
    received = history.split('data-testid="reports-received"')[1].split("</section>")[0]
    assert f'href="/staff/reports/{filed.json()["id"]}"' in received and "scam: open" in received  # she sent it
    assert missing.json()["id"] not in received
