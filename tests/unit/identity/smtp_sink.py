"""A tiny SMTP server on loopback (stdlib socketserver) that keeps what it receives, for adapter tests."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message


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
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self._say("250 ok")
            elif verb == "DATA":
                self._say("354 go on")
                body = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    body += chunk
                self.server.received.append(message_from_bytes(body))
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not here")


class _Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.received: list[Message] = []
        self.logins: list[str] = []


@contextmanager
def smtp_sink() -> Iterator[_Sink]:
    sink = _Sink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()
        thread.join()
