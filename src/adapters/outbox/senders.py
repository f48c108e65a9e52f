"""Email and SMS that land in a directory instead of a gateway: read them to finish a sign-up locally."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from pathlib import Path

from adapters.outbox.mime import mime_message
from core.identity.delivery import EmailMessage
from core.identity.errors import DeliveryFailed

log = logging.getLogger("rastup.outbox")


class FileOutboxEmailSender:
    """Writes each message to ``{directory}/{n}-{recipient}.eml`` (RFC 5322, openable by any mail client)."""

    def __init__(self, directory: Path, sender: str = "RastUp <no-reply@rastup.local>") -> None:
        self._directory = directory
        self._sender = sender
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> None:
        mime = mime_message(message, self._sender)
        with self._lock:
            name = f"{time.time_ns()}-{next(self._counter):06d}-{message.to.replace('/', '_')}.eml"
        try:
            self._directory.mkdir(parents=True, exist_ok=True)
            (self._directory / name).write_bytes(bytes(mime))
        except OSError as error:
            raise DeliveryFailed("email", type(error).__name__) from error
        log.info("email written to outbox: %s (%s)", name, message.subject)  # never the body: codes


class ConsoleSmsSender:
    """Appends ``phone<TAB>text`` lines to ``{directory}/sms.log`` and logs that one was sent."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._lock = threading.Lock()

    def send(self, phone_e164: str, text: str) -> None:
        try:
            self._directory.mkdir(parents=True, exist_ok=True)
            with self._lock, (self._directory / "sms.log").open("a", encoding="utf-8") as out:
                out.write(f"{phone_e164}\t{text}\n")
        except OSError as error:
            raise DeliveryFailed("sms", type(error).__name__) from error
        log.info("sms written to outbox for %s", phone_e164[:4] + "...")
