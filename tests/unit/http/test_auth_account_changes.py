"""Stepped-up account changes through the real app: password, email and payout destination."""

from __future__ import annotations

from datetime import timedelta

import pyotp

from core.shared.audit import first_broken
from tests.unit.http.identity_world import PASSWORD, AuthWorld, auth

__all__ = ["auth"]

NEW_PASSWORD = "quartz-Lantern-meadow-91-ridge"


def _enrolled(auth: AuthWorld) -> tuple[pyotp.TOTP, str]:
    """Signed up, a bearer session elsewhere, then a cookie session with TOTP (stepped up by enrolment)."""
    auth.signed_up()
    other = auth.login(api_client=True).json()["session_token"]
    auth.login()
    return auth.enrol_totp(), other


def _actions(auth: AuthWorld) -> list[str]:
    with auth.container.identity_uow() as uow:
        entries = list(uow.audit.entries())
    assert first_broken(entries) is None
    return [e.record.action for e in entries]


def test_password_change_needs_step_up_and_the_current_password(auth: AuthWorld) -> None:
    totp, other = _enrolled(auth)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    auth.clock.advance(timedelta(minutes=6))
    stale = auth.client.post("/api/auth/password/change", json=body, headers=auth.csrf())
    assert stale.status_code == 401 and stale.json()["type"] == "/problems/step-up-required"
    assert auth.step_up(totp).status_code == 200
    wrong = {"current_password": "not-the-password-at-all", "new_password": NEW_PASSWORD}
    assert auth.client.post("/api/auth/password/change", json=wrong, headers=auth.csrf()).status_code == 401
    weak = {"current_password": PASSWORD, "new_password": "password"}
    refused = auth.client.post("/api/auth/password/change", json=weak, headers=auth.csrf())
    assert refused.status_code == 422 and refused.json()["type"] == "/problems/password-refused"
    assert auth.client.post("/api/auth/password/change", json=body).status_code == 403  # no CSRF token
    assert auth.client.post("/api/auth/password/change", json=body, headers=auth.csrf()).status_code == 204
    assert auth.client.get("/api/auth/sessions").status_code == 200  # this session stays
    bearer = {"Authorization": f"Bearer {other}"}
    assert auth.client.get("/api/auth/sessions", headers=bearer).status_code == 401  # every other one is revoked
    assert "RastUp: password changed" in auth.mails_to("ann@example.com")
    assert "password.change" in _actions(auth)
    auth.client.cookies.clear()
    assert auth.login().status_code == 401 and auth.login(password=NEW_PASSWORD).status_code == 200


def test_email_change_takes_effect_only_with_the_code_sent_to_the_new_address(auth: AuthWorld) -> None:
    totp, _ = _enrolled(auth)
    auth.clock.advance(timedelta(minutes=6))
    new = {"new_email": "ann.new@example.com"}
    stale = auth.client.post("/api/auth/email/change", json=new, headers=auth.csrf())
    assert stale.status_code == 401 and stale.json()["type"] == "/problems/step-up-required"
    auth.step_up(totp)
    assert auth.client.post("/api/auth/email/change", json=new, headers=auth.csrf()).status_code == 202
    code = auth.code_for("ann.new@example.com")
    elsewhere = {"new_email": "mallory@example.com", "code": code}  # the code is bound to the address
    denied = auth.client.post("/api/auth/email/change/confirm", json=elsewhere, headers=auth.csrf())
    assert denied.status_code == 400 and denied.json()["type"] == "/problems/invalid-code"
    with auth.container.identity_uow() as uow:
        assert uow.users.get_by_email("ann@example.com") is not None  # nothing changed yet
    confirm = {"new_email": "Ann.New@example.com", "code": code}
    assert auth.client.post("/api/auth/email/change/confirm", json=confirm, headers=auth.csrf()).status_code == 204
    again = auth.client.post("/api/auth/email/change/confirm", json=confirm, headers=auth.csrf())
    assert again.status_code == 400  # single use
    assert "RastUp: email changed" in auth.mails_to("ann@example.com")  # the previous address is told
    assert "email.change" in _actions(auth)
    auth.client.cookies.clear()
    assert auth.login().status_code == 401
    assert auth.login(email="ann.new@example.com").json()["mfa_required"] is True


def test_email_change_to_a_taken_address_answers_the_same_and_sends_nothing(auth: AuthWorld) -> None:
    auth.signed_up(email="bob@example.com")
    auth.client.cookies.clear()
    _enrolled(auth)
    before = len(auth.mails_to("bob@example.com"))
    taken = auth.client.post("/api/auth/email/change", json={"new_email": "bob@example.com"}, headers=auth.csrf())
    assert taken.status_code == 202 and len(auth.mails_to("bob@example.com")) == before


def test_payout_destination_change_is_stepped_up_audited_and_notified(auth: AuthWorld) -> None:
    totp, _ = _enrolled(auth)
    auth.clock.advance(timedelta(minutes=6))
    body = {"reference": "acct_1PayoutDest42"}
    stale = auth.client.put("/api/account/payout-destination", json=body, headers=auth.csrf())
    assert stale.status_code == 401 and stale.json()["type"] == "/problems/step-up-required"
    auth.step_up(totp)
    blank = auth.client.put("/api/account/payout-destination", json={"reference": "  "}, headers=auth.csrf())
    assert blank.status_code == 422
    assert auth.client.put("/api/account/payout-destination", json=body, headers=auth.csrf()).status_code == 204
    with auth.container.identity_uow() as uow:
        user = uow.users.get_by_email("ann@example.com")
        assert user is not None and user.payout_destination_ref == "acct_1PayoutDest42"
        assert user.payout_destination_changed_at == auth.clock.now()  # the 72 h payout velocity rule reads it
    assert _actions(auth).count("payout-destination.change") == 1
    assert "RastUp: payout destination changed" in auth.mails_to("ann@example.com")


def test_a_user_without_a_second_factor_must_enrol_first(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    answer = auth.client.put("/api/account/payout-destination", json={"reference": "acct_1"}, headers=auth.csrf())
    assert answer.status_code == 401 and answer.json()["type"] == "/problems/step-up-required"
