"""Optional SMS through the real app with the console SMS adapter: phone verification, SMS sign-in codes."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.unit.http.identity_world import AuthWorld, auth

__all__ = ["auth"]

PHONE = "+33612345678"


def _texted_code(auth: AuthWorld, phone: str = PHONE) -> str:
    lines = (auth.outbox / "sms.log").read_text(encoding="utf-8").splitlines()
    texts = [text for number, _, text in (line.partition("\t") for line in lines) if number == phone]
    found = re.search(r"code: (\S+)\.", texts[-1])
    assert found is not None
    return found.group(1)


def _with_phone(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    sent = auth.client.post("/api/auth/phone", json={"phone": "+33 6 12 34 56 78"}, headers=auth.csrf())
    assert sent.status_code == 202, sent.text
    body = {"phone": PHONE, "code": _texted_code(auth)}
    assert auth.client.post("/api/auth/phone/verify", json=body, headers=auth.csrf()).status_code == 204


def test_a_verified_phone_becomes_a_second_factor_for_sign_in(auth: AuthWorld) -> None:
    _with_phone(auth)
    assert "RastUp: phone added" in auth.mails_to("ann@example.com")
    auth.client.cookies.clear()
    assert auth.login().json()["mfa_required"] is True
    assert auth.client.get("/api/auth/sessions").status_code == 401  # MFA pending
    assert auth.client.post("/api/auth/mfa/sms/send", headers=auth.csrf()).status_code == 202
    code = _texted_code(auth)
    wrong = auth.client.post("/api/auth/mfa/challenge", json={"sms_code": "000000" if code != "000000" else "1"},
                             headers=auth.csrf())  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["type"] == "/problems/invalid-code"
    assert auth.client.post("/api/auth/mfa/challenge", json={"sms_code": code}, headers=auth.csrf()).status_code == 200
    assert auth.client.get("/api/auth/sessions").status_code == 200
    replay = auth.client.post("/api/auth/mfa/challenge", json={"sms_code": code}, headers=auth.csrf())
    assert replay.status_code == 400  # single use


def test_an_sms_code_steps_up_for_a_sensitive_change(auth: AuthWorld) -> None:
    _with_phone(auth)
    auth.clock.advance(timedelta(minutes=6))
    body = {"reference": "acct_1Sms"}
    assert auth.client.put("/api/account/payout-destination", json=body, headers=auth.csrf()).status_code == 401
    auth.client.post("/api/auth/mfa/sms/send", headers=auth.csrf())
    assert auth.client.post("/api/auth/mfa/challenge", json={"sms_code": _texted_code(auth)},
                            headers=auth.csrf()).status_code == 200  # fmt: skip
    assert auth.client.put("/api/account/payout-destination", json=body, headers=auth.csrf()).status_code == 204


def test_the_code_is_bound_to_the_number_and_numbers_are_validated(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    bad = auth.client.post("/api/auth/phone", json={"phone": "0612345678"}, headers=auth.csrf())
    assert bad.status_code == 422
    auth.client.post("/api/auth/phone", json={"phone": PHONE}, headers=auth.csrf())
    other = {"phone": "+33698765432", "code": _texted_code(auth)}
    assert auth.client.post("/api/auth/phone/verify", json=other, headers=auth.csrf()).status_code == 400
    no_phone = auth.client.post("/api/auth/mfa/sms/send", headers=auth.csrf())
    assert no_phone.status_code == 409 and no_phone.json()["type"] == "/problems/mfa-not-enrolled"


def test_changing_the_phone_of_an_account_with_a_second_factor_needs_step_up(auth: AuthWorld) -> None:
    _with_phone(auth)
    auth.clock.advance(timedelta(minutes=6))
    again = auth.client.post("/api/auth/phone", json={"phone": "+33698765432"}, headers=auth.csrf())
    assert again.status_code == 401 and again.json()["type"] == "/problems/step-up-required"


def test_phone_codes_are_rate_limited(auth: AuthWorld) -> None:
    auth.signed_up()
    auth.login()
    answers = [auth.client.post("/api/auth/phone", json={"phone": PHONE}, headers=auth.csrf()) for _ in range(11)]
    assert [a.status_code for a in answers[:10]] == [202] * 10
    assert answers[10].status_code == 429 and int(answers[10].headers["Retry-After"]) > 0
