"""The /api/auth flows end to end through the real app: sign-up to deletion, on SQLite."""

from __future__ import annotations

from datetime import timedelta

from entrypoints.http.identity_session import CSRF_COOKIE, SESSION_COOKIE
from tests.unit.http.identity_world import PASSWORD, AuthWorld, auth

__all__ = ["auth"]


def test_sign_up_verify_log_in_and_log_out(auth: AuthWorld) -> None:
    auth.signed_up()
    answer = auth.login()
    assert answer.status_code == 200 and answer.json()["mfa_required"] is False
    cookie = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookie if c.startswith(f"{SESSION_COOKIE}="))
    assert "HttpOnly" in session_cookie and "Secure" in session_cookie and "samesite=lax" in session_cookie.lower()
    assert answer.json()["csrf_token"] == auth.client.cookies.get(CSRF_COOKIE)
    assert auth.client.get("/api/auth/sessions").status_code == 200
    assert auth.client.post("/api/auth/logout", headers=auth.csrf()).status_code == 204
    assert auth.client.get("/api/auth/sessions").status_code == 401


def test_api_clients_use_a_bearer_token_without_csrf(auth: AuthWorld) -> None:
    auth.signed_up()
    answer = auth.login(api_client=True)
    token = answer.json()["session_token"]
    assert token and SESSION_COOKIE not in answer.headers.get("set-cookie", "")
    auth.client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    (mine,) = auth.client.get("/api/auth/sessions", headers=bearer).json()
    assert mine["current"] is True
    assert auth.client.post("/api/auth/logout", headers=bearer).status_code == 204


def test_every_password_refusal_reason_comes_back_at_once(auth: AuthWorld) -> None:
    answer = auth.client.post("/api/auth/signup", json={"email": "annabel@example.com", "password": "annabel1"})
    assert answer.status_code == 422 and answer.json()["type"] == "/problems/password-refused"
    reasons = {r["reason"] for r in answer.json()["refusals"]}
    assert {"too-short", "contains-email", "too-weak"} <= reasons
    breached = auth.client.post("/api/auth/signup", json={"email": "b@example.com", "password": "password"})
    assert "breached" in {r["reason"] for r in breached.json()["refusals"]}


def test_password_reset_revokes_sessions_and_notifies(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    assert auth.client.post("/api/auth/password/reset/request", json={"email": "ann@example.com"}).status_code == 202
    code = auth.code_for("ann@example.com")
    new = "quartz-Lantern-meadow-91-ridge"
    body = {"email": "ann@example.com", "code": code, "new_password": new}
    assert auth.client.post("/api/auth/password/reset/confirm", json=body).status_code == 204
    assert auth.client.get("/api/auth/sessions").status_code == 401
    assert auth.login(password=PASSWORD).status_code == 401 and auth.login(password=new).status_code == 200
    assert "RastUp: password reset" in auth.mails_to("ann@example.com")
    again = auth.client.post("/api/auth/password/reset/confirm", json=body)
    assert again.status_code == 400 and again.json()["type"] == "/problems/invalid-code"


def test_totp_login_needs_the_challenge_and_export_needs_step_up(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    totp = auth.enrol_totp()
    assert len(auth.recovery_codes) == 10
    auth.clock.advance(timedelta(minutes=6))  # the enrolment's step-up window has passed
    refused = auth.client.get("/api/auth/account/export")
    assert refused.status_code == 401 and refused.json()["type"] == "/problems/step-up-required"
    assert auth.step_up(totp).status_code == 200
    bundle = auth.client.get("/api/auth/account/export").json()
    assert bundle["format"] == "rastup-account-export/1"
    assert bundle["identity"]["account"]["email"] == "ann@example.com"
    assert bundle["identity"]["account"]["totp_enabled_at"] is not None and "password_hash" not in str(bundle)
    auth.client.cookies.clear()
    pending = auth.login()
    assert pending.json()["mfa_required"] is True
    assert auth.client.get("/api/auth/sessions").status_code == 401  # MFA-pending: only the challenge
    assert auth.step_up(totp).status_code == 200
    assert auth.client.get("/api/auth/sessions").status_code == 200


def test_devices_are_listed_and_a_new_one_is_notified(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    auth.client.headers["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile"
    auth.login()
    families = {d["ua_family"] for d in auth.client.get("/api/auth/devices").json()}
    assert families == {"Firefox on Linux", "Chrome on Android"}
    assert "RastUp: new sign-in" in auth.mails_to("ann@example.com")


def test_account_deletion_needs_step_up_then_erases_everything(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    totp = auth.enrol_totp()
    auth.clock.advance(timedelta(minutes=6))
    preview = auth.client.get("/api/auth/account/deletion").json()
    assert preview == {"export": {"href": "/api/auth/account/export", "method": "GET", "step_up_required": True},
                       "open_items": [], "step_up_required": True, "can_delete": False}  # fmt: skip
    assert auth.client.delete("/api/auth/account?confirm=true", headers=auth.csrf()).status_code == 401
    auth.step_up(totp)
    assert auth.client.get("/api/auth/account/deletion").json()["can_delete"] is True
    unconfirmed = auth.client.delete("/api/auth/account", headers=auth.csrf())  # the export is offered first
    assert unconfirmed.status_code == 409 and unconfirmed.json()["type"] == "/problems/deletion-unconfirmed"
    assert unconfirmed.json()["export"] == "/api/auth/account/export" and unconfirmed.json()["can_delete"] is True
    assert auth.client.get("/api/auth/account/export").status_code == 200  # still there: nothing was deleted
    assert auth.client.delete("/api/auth/account?confirm=true", headers=auth.csrf()).status_code == 204
    assert auth.login().status_code == 401
    with auth.container.identity_uow() as uow:
        assert uow.users.get_by_email("ann@example.com") is None
        assert [e.record.action for e in uow.audit.entries()][-1] == "account.delete"
