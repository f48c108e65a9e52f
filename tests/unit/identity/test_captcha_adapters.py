"""Turnstile and hCaptcha siteverify adapters against a loopback http.server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.unit.identity.siteverify_server import SiteverifyServer, siteverify_server

from adapters.captcha.siteverify import SiteverifyCaptchaVerifier, TestCaptchaVerifier


@pytest.fixture
def siteverify() -> Iterator[SiteverifyServer]:
    with siteverify_server() as server:
        yield server


@pytest.mark.parametrize("make", [SiteverifyCaptchaVerifier.turnstile, SiteverifyCaptchaVerifier.hcaptcha])
def test_siteverify_accepts_only_what_the_provider_accepts(make: object, siteverify: SiteverifyServer) -> None:
    verifier = make("s3cret", url=siteverify.url)  # type: ignore[operator]  # a classmethod
    assert verifier.verify("good", "203.0.113.7")
    assert siteverify.seen[-1] == {"secret": "s3cret", "response": "good", "remoteip": "203.0.113.7"}
    assert not verifier.verify("bad", "203.0.113.7")
    assert not verifier.verify("explode", "203.0.113.7")  # HTTP 500: fail closed
    assert not verifier.verify("", "203.0.113.7")


def test_an_unreachable_provider_fails_closed() -> None:
    assert not SiteverifyCaptchaVerifier("http://127.0.0.1:9/siteverify", "s", timeout_s=1).verify("good", "ip")


def test_the_test_verifier_accepts_its_one_token() -> None:
    verifier = TestCaptchaVerifier()
    assert verifier.verify("test-captcha-pass", "ip") and not verifier.verify("anything", "ip")
