"""SES email and SNS SMS adapters against moto (the aws_api peer)."""

from __future__ import annotations

import pytest

from adapters.aws.messaging import SesEmailSender, SnsSmsSender
from core.identity.delivery import EmailMessage, MailingAccountNotifier
from core.identity.errors import DeliveryFailed
from tests.harness.moto_peer import AwsEndpoint

pytestmark = pytest.mark.integration


def test_ses_sends_from_a_verified_identity(aws_api: AwsEndpoint) -> None:
    client = aws_api.client("ses")
    client.verify_email_identity(EmailAddress="no-reply@rastup.test")
    MailingAccountNotifier(SesEmailSender(client, "no-reply@rastup.test")).send_notice(
        "ann@example.com", "New sign-in", "Firefox on Linux"
    )
    assert client.get_send_quota()["SentLast24Hours"] == 1


def test_ses_refusal_becomes_a_delivery_failure(aws_api: AwsEndpoint) -> None:
    sender = SesEmailSender(aws_api.client("ses"), "unverified@rastup.test")
    with pytest.raises(DeliveryFailed) as caught:
        sender.send(EmailMessage("ann@example.com", "s", "t"))
    assert caught.value.reason == "MessageRejected" and caught.value.permanent


def test_sns_sends_an_sms(aws_api: AwsEndpoint) -> None:
    SnsSmsSender(aws_api.client("sns")).send("+33612345678", "RastUp code: 123456")


def test_sns_refuses_a_malformed_number(aws_api: AwsEndpoint) -> None:
    with pytest.raises(DeliveryFailed) as caught:
        SnsSmsSender(aws_api.client("sns")).send("not-a-number", "hi")
    assert caught.value.channel == "sms" and caught.value.permanent
