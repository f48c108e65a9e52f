"""Phone verification and SMS sign-in codes through the SNS adapter against moto (the aws_api peer)."""

from __future__ import annotations

import re

import attrs
import pytest
from tests.harness.moto_peer import AwsEndpoint
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import HOME, logged_in, signed_up

from adapters.aws.messaging import SnsSmsSender
from core.identity.commands import RequestPhoneVerification, SendSignInSms, VerifyPhone, VerifySecondFactor
from core.identity.delivery import SmsCodeSender
from core.identity.handlers.mfa import verify_second_factor
from core.identity.handlers.phone import request_phone_verification, send_sign_in_sms, verify_phone
from core.identity.handlers.sessions import list_sessions
from core.shared.actor import Actor

pytestmark = pytest.mark.integration

PHONE = "+33612345678"


@attrs.define
class TeeSmsSender:
    """Hands every text to SNS and keeps a copy, so the test can read the code it carried."""

    sns: SnsSmsSender
    sent: list[tuple[str, str]] = attrs.Factory(list)

    def send(self, phone_e164: str, text: str) -> None:
        self.sns.send(phone_e164, text)
        self.sent.append((phone_e164, text))

    def last_code(self) -> str:
        found = re.search(r"code: (\S+)\.", self.sent[-1][1])
        assert found is not None
        return found.group(1)


def test_a_phone_verified_over_sns_then_signs_in_with_an_sms_code(aws_api: AwsEndpoint) -> None:
    world = World()
    texts = TeeSmsSender(SnsSmsSender(aws_api.client("sns")))
    svc = attrs.evolve(world.svc, sms=SmsCodeSender(texts))
    signed_up(world)
    session = logged_in(world)
    ann = Actor(session.user_id)
    request_phone_verification(RequestPhoneVerification(ann, session.session_token, PHONE, HOME), world.uow, svc)
    verify_phone(VerifyPhone(ann, PHONE, texts.last_code(), HOME), world.uow, svc)
    pending = logged_in(world)
    assert pending.mfa_required
    send_sign_in_sms(SendSignInSms(pending.session_token), world.uow, svc)
    assert [phone for phone, _ in texts.sent] == [PHONE, PHONE]
    new_token = verify_second_factor(VerifySecondFactor(pending.session_token, sms_code=texts.last_code()),
                                     world.uow, svc)  # fmt: skip
    assert any(view.current for view in list_sessions(new_token, world.uow, svc))
