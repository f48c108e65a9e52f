"""The EmailSender and SmsSender contracts: every gateway (outbox, SMTP, SES; console, SNS) must keep them.

A subclass gives the sender, a way to read what its peer received (the outbox directory, the SMTP server,
moto's record of what SES and SNS sent), and a sender its peer refuses or cannot be reached by.
"""

from __future__ import annotations

import email
import email.message
import email.policy
from collections.abc import Callable

import attrs
import pytest

from core.identity.delivery import EmailMessage, EmailSender, SmsSender
from core.identity.errors import DeliveryFailed


@attrs.frozen
class Received:
    """One message as its peer holds it: who it is for, its subject (email only) and its text."""

    to: str
    subject: str
    text: str


Inbox = Callable[[], list[Received]]


class EmailSenderContract:
    """Subclass with ``email_sender``, ``inbox`` (what the peer received so far) and ``refused_email_sender``."""

    @pytest.fixture
    def email_sender(self) -> EmailSender:
        raise NotImplementedError

    @pytest.fixture
    def inbox(self) -> Inbox:
        raise NotImplementedError

    @pytest.fixture
    def refused_email_sender(self) -> EmailSender:
        raise NotImplementedError

    def test_a_sent_email_arrives_with_its_recipient_subject_and_text(
        self, email_sender: EmailSender, inbox: Inbox
    ) -> None:
        email_sender.send(EmailMessage("ann@example.com", "Your RastUp code", "Your code is 123456\nIt works once."))
        assert [(m.to, m.subject) for m in inbox()] == [("ann@example.com", "Your RastUp code")]
        assert inbox()[0].text.strip() == "Your code is 123456\nIt works once."

    def test_each_message_arrives_once_to_its_own_recipient(self, email_sender: EmailSender, inbox: Inbox) -> None:
        email_sender.send(EmailMessage("ann@example.com", "For Ann", "a"))
        email_sender.send(EmailMessage("bob@example.com", "For Bob", "b"))
        assert sorted((m.to, m.subject, m.text.strip()) for m in inbox()) == [
            ("ann@example.com", "For Ann", "a"),
            ("bob@example.com", "For Bob", "b"),
        ]

    def test_text_beyond_ascii_arrives_intact(self, email_sender: EmailSender, inbox: Inbox) -> None:
        email_sender.send(EmailMessage("zoe@example.com", "Réservation confirmée ✓", "Grüße aus 東京 — à bientôt 🦉"))
        (received,) = inbox()
        assert (received.subject, received.text.strip()) == ("Réservation confirmée ✓", "Grüße aus 東京 — à bientôt 🦉")

    def test_a_message_that_cannot_be_handed_over_is_a_delivery_failure(
        self, refused_email_sender: EmailSender
    ) -> None:
        with pytest.raises(DeliveryFailed) as failed:
            refused_email_sender.send(EmailMessage("ann@example.com", "s", "t"))
        assert failed.value.channel == "email" and failed.value.reason  # a port error, never the vendor's


class SmsSenderContract:
    """Subclass with ``sms_sender``, ``texts`` (what the peer received so far; ``subject`` is empty) and
    ``refused_sms_sender``."""

    @pytest.fixture
    def sms_sender(self) -> SmsSender:
        raise NotImplementedError

    @pytest.fixture
    def texts(self) -> Inbox:
        raise NotImplementedError

    @pytest.fixture
    def refused_sms_sender(self) -> SmsSender:
        raise NotImplementedError

    def test_a_sent_text_arrives_at_its_number(self, sms_sender: SmsSender, texts: Inbox) -> None:
        sms_sender.send("+33612345678", "RastUp code: 123456. It expires in 10 minutes.")
        assert [(m.to, m.text) for m in texts()] == [("+33612345678", "RastUp code: 123456. It expires in 10 minutes.")]

    def test_each_text_arrives_once_at_its_own_number(self, sms_sender: SmsSender, texts: Inbox) -> None:
        sms_sender.send("+33612345678", "one")
        sms_sender.send("+14155550123", "two")
        assert sorted((m.to, m.text) for m in texts()) == [("+14155550123", "two"), ("+33612345678", "one")]

    def test_text_beyond_ascii_arrives_intact(self, sms_sender: SmsSender, texts: Inbox) -> None:
        sms_sender.send("+33612345678", "Code RastUp : 123456 — à bientôt ✓")
        assert [m.text for m in texts()] == ["Code RastUp : 123456 — à bientôt ✓"]

    def test_a_text_that_cannot_be_handed_over_is_a_delivery_failure(self, refused_sms_sender: SmsSender) -> None:
        with pytest.raises(DeliveryFailed) as failed:
            refused_sms_sender.send("+33612345678", "hi")
        assert failed.value.channel == "sms" and failed.value.reason


def from_mime(raw: bytes) -> Received:
    """An RFC 5322 message as received: headers decoded (RFC 2047), the body decoded from its transfer encoding."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(("plain",)) if message.is_multipart() else message
    assert isinstance(body, email.message.EmailMessage)
    return Received(str(message["To"]), str(message["Subject"]), body.get_content())
