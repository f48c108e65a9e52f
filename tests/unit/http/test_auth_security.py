"""Security suite in the style of Keycloak's BruteForceTest, through the HTTP app on SQLite.

Enumeration, lockout and unlock (by moving the clock), TOTP replay, recovery-code reuse, session
fixation, IDOR on sessions and devices, CSRF, and rate limits with Retry-After.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any

from entrypoints.http.identity_session import SESSION_COOKIE
from tests.unit.http.identity_world import PASSWORD, AuthWorld, auth

__all__ = ["auth"]
SOLVED = {"captcha_token": "test-captcha-pass"}  # the test CAPTCHA: keeps the password check in play


def _problem(answer: Any) -> tuple[int, dict[str, Any]]:
    body = dict(answer.json())
    body.pop("request_id", None)
    return answer.status_code, body


def _lock(auth: AuthWorld, email: str) -> None:
    for _ in range(5):
        assert auth.login(email, "wrong-Password-000", **SOLVED).status_code == 401


def test_unknown_wrong_and_locked_answer_alike(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.signed_up("bob@example.com")
    unknown = _problem(auth.login("nobody@example.com", "wrong-Password-000", **SOLVED))
    wrong = _problem(auth.login("ann@example.com", "wrong-Password-000", **SOLVED))
    assert unknown == wrong and wrong[0] == 401 and wrong[1]["type"] == "/problems/invalid-credentials"
    _lock(auth, "bob@example.com")
    _lock(auth, "ghost@example.com")
    locked_right_password = _problem(auth.login("bob@example.com", PASSWORD, **SOLVED))
    locked_unknown = _problem(auth.login("ghost@example.com", PASSWORD, **SOLVED))
    assert locked_right_password == locked_unknown and locked_right_password[0] == 401


def test_unknown_and_wrong_password_take_comparable_time(auth: AuthWorld) -> None:
    auth.signed_up()

    def timed(email: str) -> float:
        started = time.perf_counter()
        assert auth.login(email, "wrong-Password-000", **SOLVED).status_code == 401
        return time.perf_counter() - started

    known, unknown = [], []
    for n in range(4):  # under the 5-failure lock; unknown emails vary so none locks either
        auth.clock.advance(timedelta(minutes=16))  # keep the account clear of its lock window
        known.append(timed("ann@example.com"))
        unknown.append(timed(f"nobody{n}@example.com"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, f"unknown/known login time ratio {ratio:.2f}"  # both pay one argon2 verify


def test_five_failures_lock_for_fifteen_minutes_and_attempts_while_locked_do_not_extend(auth: AuthWorld) -> None:
    auth.signed_up()
    _lock(auth, "ann@example.com")
    assert auth.login(**SOLVED).status_code == 401  # right password, locked
    auth.clock.advance(timedelta(minutes=10))
    assert auth.login(**SOLVED).status_code == 401  # still locked; this attempt does not extend it
    auth.clock.advance(timedelta(minutes=5, seconds=1))
    assert auth.login(**SOLVED).status_code == 200


def test_captcha_is_required_from_the_third_failure(auth: AuthWorld) -> None:
    auth.signed_up()
    for _ in range(3):
        auth.login(password="wrong-Password-000")
    answer = auth.login()
    assert answer.status_code == 401 and answer.json()["type"] == "/problems/captcha-required"
    assert auth.login(captcha_token="forged").json()["type"] == "/problems/captcha-required"
    assert auth.login(**SOLVED).status_code == 200


def _mfa_user(auth: AuthWorld) -> Any:
    auth.signed_up()
    auth.login()
    totp = auth.enrol_totp()
    auth.client.post("/api/auth/logout", headers=auth.csrf())
    auth.clock.advance(timedelta(seconds=30))
    return totp


def test_a_totp_code_is_accepted_once(auth: AuthWorld) -> None:
    totp = _mfa_user(auth)
    code = totp.at(auth.clock.now())
    auth.login()
    assert auth.client.post("/api/auth/mfa/challenge", json={"code": code}, headers=auth.csrf()).status_code == 200
    auth.client.post("/api/auth/logout", headers=auth.csrf())
    auth.login()
    replay = auth.client.post("/api/auth/mfa/challenge", json={"code": code}, headers=auth.csrf())
    assert replay.status_code == 400 and replay.json()["type"] == "/problems/invalid-code"


def test_a_recovery_code_works_once(auth: AuthWorld) -> None:
    _mfa_user(auth)
    recovery = auth.recovery_codes[0]
    auth.login()
    first = auth.client.post("/api/auth/mfa/challenge", json={"recovery_code": recovery}, headers=auth.csrf())
    assert first.status_code == 200
    auth.client.post("/api/auth/logout", headers=auth.csrf())
    auth.login()
    again = auth.client.post("/api/auth/mfa/challenge", json={"recovery_code": recovery}, headers=auth.csrf())
    assert again.status_code == 400


def test_login_rotates_the_token_and_kills_a_planted_one(auth: AuthWorld) -> None:
    auth.signed_up()
    planted = auth.login(api_client=True).json()["session_token"]  # a valid session the attacker holds
    auth.client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
    auth.login()
    fresh = auth.client.cookies.get(SESSION_COOKIE)
    assert fresh and fresh != planted
    assert auth.client.get("/api/auth/sessions", headers={"Authorization": f"Bearer {planted}"}).status_code == 401


def test_another_users_session_and_device_ids_are_not_found(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.signed_up("bob@example.com")
    ann = {"Authorization": f"Bearer {auth.login(api_client=True).json()['session_token']}"}
    bob = {"Authorization": f"Bearer {auth.login('bob@example.com', api_client=True).json()['session_token']}"}
    (ann_session,) = auth.client.get("/api/auth/sessions", headers=ann).json()
    (ann_device,) = auth.client.get("/api/auth/devices", headers=ann).json()
    assert auth.client.delete(f"/api/auth/sessions/{ann_session['id']}", headers=bob).status_code == 404
    assert auth.client.get(f"/api/auth/devices/{ann_device['id']}", headers=bob).status_code == 404
    assert auth.client.delete("/api/auth/sessions/ses_unknown", headers=bob).status_code == 404
    assert auth.client.get("/api/auth/sessions", headers=ann).status_code == 200  # untouched
    assert auth.client.get(f"/api/auth/devices/{ann_device['id']}", headers=ann).status_code == 200


def test_cookie_writes_without_the_csrf_token_are_refused(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    (mine,) = auth.client.get("/api/auth/sessions").json()
    for headers in ({}, {"X-CSRF-Token": "0" * 64}):
        refused = auth.client.post("/api/auth/logout", headers=headers)
        assert refused.status_code == 403 and refused.json()["type"] == "/problems/csrf-refused"
        assert auth.client.delete(f"/api/auth/sessions/{mine['id']}", headers=headers).status_code == 403
    assert auth.client.get("/api/auth/sessions").status_code == 200  # nothing was revoked
    assert auth.client.post("/api/auth/logout", headers=auth.csrf()).status_code == 204


def test_signups_from_one_ip_are_rate_limited_with_retry_after(auth: AuthWorld) -> None:
    statuses = [
        auth.client.post("/api/auth/signup", json={"email": f"u{n}@example.com", "password": "short"}).status_code
        for n in range(10)
    ]
    assert set(statuses) == {422}
    limited = auth.client.post("/api/auth/signup", json={"email": "u11@example.com", "password": "short"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    auth.clock.advance(timedelta(hours=1))
    assert auth.client.post("/api/auth/signup", json={"email": "u12@example.com", "password": "x"}).status_code == 422


def test_code_verification_is_rate_limited_per_identity(auth: AuthWorld) -> None:
    auth.signed_up()
    body = {"email": "ann@example.com", "code": "000000"}
    statuses = [auth.client.post("/api/auth/verify-email", json=body).status_code for _ in range(11)]
    assert statuses[:9].count(400) == 9 and statuses[-1] == 429  # 10 per identity in 10 minutes
