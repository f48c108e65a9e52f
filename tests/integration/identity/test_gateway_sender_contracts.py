"""SMTP (a loopback server), SES and SNS (moto) keep the EmailSender and SmsSender contracts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.contracts.message_senders import EmailSenderContract, Inbox, Received, SmsSenderContract, from_mime
from tests.harness.moto_peer import AwsEndpoint
from tests.harness.processes import free_loopback_port
from tests.unit.identity.smtp_sink import smtp_sink

from adapters.aws.messaging import SesEmailSender, SnsSmsSender
from adapters.smtp.email_sender import SmtpEmailSender

pytestmark = pytest.mark.integration

SENDER = "no-reply@rastup.test"


def _moto_models(aws_api: AwsEndpoint, service: str, model: str) -> list[dict[str, Any]]:
    """What moto recorded (its /moto-api/data.json): the messages SES and SNS accepted, as the peer holds them."""
    data = httpx.get(f"{aws_api.url}/moto-api/data.json", timeout=5).raise_for_status().json()
    found: list[dict[str, Any]] = data.get(service, {}).get(model, [])
    return found


class TestSmtpEmailSender(EmailSenderContract):
    @pytest.fixture
    def sink(self) -> Iterator[Any]:
        with smtp_sink() as server:
            yield server

    @pytest.fixture
    def email_sender(self, sink: Any) -> SmtpEmailSender:
        host, port = sink.server_address[:2]
        return SmtpEmailSender(str(host), int(port), f"RastUp <{SENDER}>", security="none")

    @pytest.fixture
    def inbox(self, sink: Any) -> Inbox:
        return lambda: [from_mime(message.as_bytes()) for message in sink.received]

    @pytest.fixture
    def refused_email_sender(self) -> SmtpEmailSender:
        return SmtpEmailSender("127.0.0.1", free_loopback_port(), SENDER, security="none", timeout_s=2)


class TestSesEmailSender(EmailSenderContract):
    @pytest.fixture
    def email_sender(self, aws_api: AwsEndpoint) -> SesEmailSender:
        client = aws_api.client("ses")
        client.verify_email_identity(EmailAddress=SENDER)
        return SesEmailSender(client, SENDER)

    @pytest.fixture
    def inbox(self, aws_api: AwsEndpoint) -> Inbox:
        def read() -> list[Received]:
            return [
                Received(to, m["subject"], m["body"])
                for m in _moto_models(aws_api, "ses", "Message")
                for to in m["destinations"]["ToAddresses"]
            ]

        return read

    @pytest.fixture
    def refused_email_sender(self, aws_api: AwsEndpoint) -> SesEmailSender:
        return SesEmailSender(aws_api.client("ses"), "unverified@rastup.test")  # SES refuses an unverified sender


class TestSnsSmsSender(SmsSenderContract):
    @pytest.fixture
    def sms_sender(self, aws_api: AwsEndpoint) -> SnsSmsSender:
        return SnsSmsSender(aws_api.client("sns"))

    @pytest.fixture
    def texts(self, aws_api: AwsEndpoint) -> Inbox:
        return lambda: [Received(m["phone_number"], "", m["message"]) for m in _moto_models(aws_api, "sns", "SMS")]

    @pytest.fixture
    def refused_sms_sender(self, aws_api: AwsEndpoint) -> _ToAMalformedNumber:
        return _ToAMalformedNumber(SnsSmsSender(aws_api.client("sns")))


class _ToAMalformedNumber:
    """Sends to a number SNS refuses (not E.164) whatever number it is given: a refusal moto reproduces."""

    def __init__(self, inner: SnsSmsSender) -> None:
        self._inner = inner

    def send(self, phone_e164: str, text: str) -> None:
        self._inner.send("not-a-number", text)
