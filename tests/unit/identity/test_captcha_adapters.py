"""Turnstile and hCaptcha siteverify adapters against a loopback http.server."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from adapters.captcha.siteverify import SiteverifyCaptchaVerifier, TestCaptchaVerifier


class _Siteverify(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_POST(self) -> None:
        form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
        self.seen.append(form)
        if form["response"] == "explode":
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({"success": form["response"] == "good" and form["secret"] == "s3cret"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def siteverify_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Siteverify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/siteverify"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("make", [SiteverifyCaptchaVerifier.turnstile, SiteverifyCaptchaVerifier.hcaptcha])
def test_siteverify_accepts_only_what_the_provider_accepts(make: object, siteverify_url: str) -> None:
    verifier = make("s3cret", url=siteverify_url)  # type: ignore[operator]  # a classmethod
    assert verifier.verify("good", "203.0.113.7")
    assert _Siteverify.seen[-1] == {"secret": "s3cret", "response": "good", "remoteip": "203.0.113.7"}
    assert not verifier.verify("bad", "203.0.113.7")
    assert not verifier.verify("explode", "203.0.113.7")  # HTTP 500: fail closed
    assert not verifier.verify("", "203.0.113.7")


def test_an_unreachable_provider_fails_closed() -> None:
    assert not SiteverifyCaptchaVerifier("http://127.0.0.1:9/siteverify", "s", timeout_s=1).verify("good", "ip")


def test_the_test_verifier_accepts_its_one_token() -> None:
    verifier = TestCaptchaVerifier()
    assert verifier.verify("test-captcha-pass", "ip") and not verifier.verify("anything", "ip")
