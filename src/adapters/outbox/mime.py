"""The MIME form of an ``EmailMessage`` as the file outbox writes it (the SMTP sender builds the same form)."""

from __future__ import annotations

from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage as MimeMessage

from core.identity.delivery import EmailMessage


class _BuiltOnceRegistry(HeaderRegistry):
    """The stdlib's header registry, whose classes are built once per header name: the stdlib's builds a new class
    (``type(...)``) on every header set or parsed, a fifth of a message's rendering. Same classes, same output."""

    def __init__(self) -> None:
        super().__init__()
        self._built: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = super().__getitem__(name)
        return built


POLICY = policy.default.clone(header_factory=_BuiltOnceRegistry())


def mime_message(message: EmailMessage, sender: str) -> MimeMessage:
    """``message`` from ``sender``: its text as the body, its HTML (if any) as the alternative, its extra headers
    (e.g. List-Unsubscribe, RFC 8058) kept; the email package refuses CR/LF in any header."""
    mime = MimeMessage(policy=POLICY)
    mime["From"], mime["To"], mime["Subject"] = sender, message.to, message.subject
    for name, value in message.headers:
        mime[name] = value
    mime.set_content(message.text)
    if message.html is not None:
        mime.add_alternative(message.html, subtype="html")
    return mime
