"""Email and SMS delivery ports, and the account notifier that speaks through them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs


@attrs.frozen
class EmailMessage:
    to: str
    subject: str
    text: str = attrs.field(repr=False)  # may carry a one-time code: never logged
    html: str | None = attrs.field(default=None, repr=False)  # an HTML alternative of ``text``, if any
    headers: tuple[tuple[str, str], ...] = ()  # extra header fields (``List-Unsubscribe``), in order


class EmailSender(Protocol):
    """Hands an email (plain text, with an HTML alternative if it has one) to a mail system (SMTP, SES, an outbox
    directory)."""

    def send(self, message: EmailMessage) -> None:
        """Deliver or durably queue ``message``. Raises ``DeliveryFailed`` if it could not be handed over."""
        ...


class SmsSender(Protocol):
    """Hands a short text message to an SMS gateway (SNS, the console)."""

    def send(self, phone_e164: str, text: str) -> None:
        """Deliver ``text`` to ``phone_e164`` (``+33612345678``). Raises ``DeliveryFailed`` on refusal."""
        ...


_SUBJECTS = {
    "verify-email": "Your RastUp verification code",
    "reset-password": "Your RastUp password reset code",
    "change-email": "Confirm your new RastUp email address",
}


class MailingAccountNotifier:
    """``AccountNotifier`` over an ``EmailSender``: codes by email; notices for security events."""

    def __init__(self, email: EmailSender, product: str = "RastUp") -> None:
        self._email = email
        self._product = product

    def send_code(self, email: str, purpose: str, code: str, expires_at: datetime) -> None:
        subject = _SUBJECTS.get(purpose, f"Your {self._product} code")
        text = (
            f"Your code is {code}\n\nIt works once, until {expires_at:%Y-%m-%d %H:%M} UTC.\n"
            "If you did not ask for it, ignore this email; nobody can use it without your inbox."
        )
        self._email.send(EmailMessage(email, subject, text))

    def send_notice(self, email: str, subject: str, text: str) -> None:
        """A security notice (new device, password reset, sign-up attempt on a taken address)."""
        self._email.send(EmailMessage(email, f"{self._product}: {subject}", text))


class SmsCodeSender:
    """Codes by SMS, for phone verification and sign-in codes."""

    def __init__(self, sms: SmsSender, product: str = "RastUp") -> None:
        self._sms = sms
        self._product = product

    def send_code(self, phone_e164: str, code: str) -> None:
        self._sms.send(phone_e164, f"{self._product} code: {code}. It expires in 10 minutes.")
