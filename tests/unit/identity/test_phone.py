"""Phone numbers (E.164) and the SMS second factor on the in-memory store."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import HOME, acting, logged_in, signed_up

from core.identity.commands import RequestPhoneVerification, SendSignInSms, VerifyPhone, VerifySecondFactor
from core.identity.errors import DeliveryFailed, InvalidCode
from core.identity.handlers.mfa import verify_second_factor
from core.identity.handlers.phone import request_phone_verification, send_sign_in_sms, verify_phone
from core.identity.phone import validated_phone
from core.shared.errors import InvalidInput


@attrs.define
class RecordingSms:
    sent: list[tuple[str, str]] = attrs.Factory(list)

    def send_code(self, phone_e164: str, code: str) -> None:
        self.sent.append((phone_e164, code))


@settings(max_examples=60)
@given(st.from_regex(r"\+[1-9][0-9]{7,14}", fullmatch=True))
def test_e164_numbers_are_accepted_as_they_are(number: str) -> None:
    assert validated_phone(number) == number


@pytest.mark.parametrize("raw", ["0612345678", "+0612345678", "+331", "+33 6 12 34 56 78 90 12 34", "+33abc45678", ""])
def test_other_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        validated_phone(raw)


def test_an_sms_code_is_a_second_factor_used_once() -> None:
    world, sms = World(), RecordingSms()
    svc = attrs.evolve(world.svc, sms=sms)
    signed_up(world)
    session = logged_in(world)
    ann = acting(session)
    request_phone_verification(RequestPhoneVerification(ann, session.session_token, "+44 7700 900123", HOME),
                               world.uow, svc)  # fmt: skip
    assert sms.sent[-1][0] == "+447700900123"
    with pytest.raises(InvalidCode):  # a code for one number does not verify another
        verify_phone(VerifyPhone(ann, "+447700900999", sms.sent[-1][1], HOME), world.uow, svc)
    verify_phone(VerifyPhone(ann, "+447700900123", sms.sent[-1][1], HOME), world.uow, svc)
    pending = logged_in(world)
    assert pending.mfa_required
    send_sign_in_sms(SendSignInSms(pending.session_token), world.uow, svc)
    code = sms.sent[-1][1]
    verify_second_factor(VerifySecondFactor(pending.session_token, sms_code=code), world.uow, svc)
    again = logged_in(world)
    with pytest.raises(InvalidCode):  # spent
        verify_second_factor(VerifySecondFactor(again.session_token, sms_code=code), world.uow, svc)


def test_without_an_sms_gateway_delivery_fails_cleanly() -> None:
    world = World()
    signed_up(world)
    session = logged_in(world)
    command = RequestPhoneVerification(acting(session), session.session_token, "+447700900123", HOME)
    with pytest.raises(DeliveryFailed):
        request_phone_verification(command, world.uow, world.svc)
