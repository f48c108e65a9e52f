"""A loopback siteverify endpoint (stdlib http.server) shaped like Turnstile's and hCaptcha's, for adapter tests.

It accepts ``good`` with the secret ``s3cret``, answers HTTP 500 for ``explode``, and keeps every form it got.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "s3cret"
GOOD_TOKEN = "good"


class _Siteverify(BaseHTTPRequestHandler):
    server: SiteverifyServer

    def do_POST(self) -> None:
        form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
        self.server.seen.append(form)
        if form["response"] == "explode":
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({"success": form["response"] == GOOD_TOKEN and form["secret"] == SECRET}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


class SiteverifyServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Siteverify)
        self.seen: list[dict[str, str]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}/siteverify"


@contextmanager
def siteverify_server() -> Iterator[SiteverifyServer]:
    server = SiteverifyServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
