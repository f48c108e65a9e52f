"""Email and SMS adapters: the file outbox, SMTP against a loopback sink, and the notifier on top."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path

import pytest
from tests.unit.identity.smtp_sink import smtp_sink

from adapters.outbox.senders import ConsoleSmsSender, FileOutboxEmailSender
from adapters.smtp.email_sender import SmtpEmailSender
from core.identity.delivery import EmailMessage, MailingAccountNotifier, SmsCodeSender
from core.identity.errors import DeliveryFailed

EXPIRES = datetime(2026, 1, 1, 12, 10, tzinfo=UTC)


def test_the_file_outbox_writes_one_readable_email_per_message(tmp_path: Path) -> None:
    sender = FileOutboxEmailSender(tmp_path / "outbox")
    MailingAccountNotifier(sender).send_code("ann@example.com", "verify-email", "123456", EXPIRES)
    sender.send(EmailMessage("bob@example.com", "Hello", "body"))
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    first = message_from_bytes(files[0].read_bytes())
    assert first["To"] == "ann@example.com" and first["Subject"] == "Your RastUp verification code"
    assert "123456" in first.get_payload() and "2026-01-01 12:10" in first.get_payload()


def test_the_console_sms_outbox_appends_lines(tmp_path: Path) -> None:
    SmsCodeSender(ConsoleSmsSender(tmp_path)).send_code("+33612345678", "654321")
    assert (tmp_path / "sms.log").read_text() == "+33612345678\tRastUp code: 654321. It expires in 10 minutes.\n"


def test_an_unwritable_outbox_is_a_delivery_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(DeliveryFailed) as caught:
        FileOutboxEmailSender(blocker / "outbox").send(EmailMessage("a@example.com", "s", "t"))
    assert caught.value.channel == "email"


def test_smtp_delivers_to_a_local_server_with_login() -> None:
    with smtp_sink() as sink:
        host, port = sink.server_address[:2]
        sender = SmtpEmailSender(str(host), int(port), "RastUp <no-reply@rastup.test>", security="none",
                                 username="mailer", password="s3cret")  # fmt: skip
        MailingAccountNotifier(sender).send_code("ann@example.com", "reset-password", "987654", EXPIRES)
    (received,) = sink.received
    assert received["To"] == "ann@example.com" and received["From"] == "RastUp <no-reply@rastup.test>"
    assert received["Subject"] == "Your RastUp password reset code" and "987654" in received.get_payload()
    assert sink.logins and sink.logins[0].startswith("AUTH PLAIN")


def test_an_unreachable_smtp_server_is_a_delivery_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: the connection is refused
        with pytest.raises(DeliveryFailed) as caught:
            SmtpEmailSender("127.0.0.1", port, "x@rastup.test", security="none", timeout_s=2).send(
                EmailMessage("a@example.com", "s", "t")
            )
    assert not caught.value.permanent  # the server may come back: worth a retry


def test_a_refused_recipient_is_a_permanent_delivery_failure() -> None:
    with smtp_sink(refuse_recipients=True) as sink:
        host, port = sink.server_address[:2]
        with pytest.raises(DeliveryFailed) as caught:
            SmtpEmailSender(str(host), int(port), "x@rastup.test", security="none").send(
                EmailMessage("nobody@example.com", "s", "t")
            )
    assert caught.value.reason == "SMTPRecipientsRefused" and caught.value.permanent
    assert sink.received == []
