"""A tiny SMTP server on loopback (stdlib socketserver) that keeps what it receives, for adapter tests.

``hold`` (an Event) makes it slow on purpose: a message is accepted only once the test sets it. With
``refuse_recipients`` every RCPT gets a permanent 550.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message

_HOLD_LIMIT_S = 30.0  # a guard against a hung test, never a timing assertion


class _Session(socketserver.StreamRequestHandler):
    server: _Sink

    def _say(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._say("220 sink ready")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250-sink")
                self._say("250 AUTH PLAIN")
            elif verb == "AUTH":
                self.server.logins.append(line.decode().strip())
                self._say("235 ok")
            elif verb == "RCPT" and self.server.refuse_recipients:
                self._say("550 no such mailbox")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self._say("250 ok")
            elif verb == "DATA":
                self._say("354 go on")
                body = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    body += chunk
                self.server.hold.wait(_HOLD_LIMIT_S)
                self.server.accept(message_from_bytes(body))
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not here")


class _Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hold: threading.Event, refuse_recipients: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.hold, self.refuse_recipients = hold, refuse_recipients
        self.received: list[Message] = []
        self.logins: list[str] = []
        self._arrived = threading.Condition()

    def accept(self, message: Message) -> None:
        with self._arrived:
            self.received.append(message)
            self._arrived.notify_all()

    def wait_for(self, count: int) -> list[Message]:
        """The messages once ``count`` have been accepted (a guard limit only stops a broken test hanging)."""
        with self._arrived:
            assert self._arrived.wait_for(lambda: len(self.received) >= count, _HOLD_LIMIT_S), self.received
            return list(self.received)


@contextmanager
def smtp_sink(hold: threading.Event | None = None, *, refuse_recipients: bool = False) -> Iterator[_Sink]:
    if hold is None:
        hold = threading.Event()
        hold.set()
    sink = _Sink(hold, refuse_recipients)
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()
        thread.join()
