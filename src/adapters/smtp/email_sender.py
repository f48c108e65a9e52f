"""An EmailSender over SMTP (stdlib smtplib): STARTTLS or implicit TLS, optional login."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage as MimeMessage

from core.identity.delivery import EmailMessage
from core.identity.errors import DeliveryFailed


class SmtpEmailSender:
    """One connection per message: simple and robust for the low volume of account emails.

    ``security`` is ``"starttls"`` (port 587), ``"tls"`` (implicit, 465) or ``"none"`` (a local relay).
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        if security not in {"starttls", "tls", "none"}:
            raise ValueError("security is starttls, tls or none")
        self._host, self._port, self._sender = host, port, sender
        self._security, self._username, self._password = security, username, password
        self._timeout_s = timeout_s

    def _connect(self) -> smtplib.SMTP:
        if self._security == "tls":
            return smtplib.SMTP_SSL(
                self._host, self._port, timeout=self._timeout_s, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(self._host, self._port, timeout=self._timeout_s)
        if self._security == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, message: EmailMessage) -> None:
        mime = MimeMessage()
        mime["From"], mime["To"], mime["Subject"] = self._sender, message.to, message.subject
        for name, value in message.headers:  # e.g. List-Unsubscribe (RFC 8058); the email package refuses CR/LF
            mime[name] = value
        mime.set_content(message.text)
        if message.html is not None:
            mime.add_alternative(message.html, subtype="html")
        try:
            with self._connect() as client:
                if self._username:
                    client.login(self._username, self._password or "")
                client.send_message(mime)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed("email", type(error).__name__, permanent=_refused_for_good(error)) from error


def _refused_for_good(error: Exception) -> bool:
    """A 5xx reply (for every recipient) is final; 4xx replies, timeouts and lost connections are worth a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
