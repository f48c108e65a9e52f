"""Turnstile and hCaptcha siteverify keep the CaptchaVerifier contract against a loopback siteverify endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.contracts.captcha_verifier import CaptchaVerifierContract
from tests.harness.processes import free_loopback_port
from tests.unit.identity.siteverify_server import GOOD_TOKEN, SECRET, siteverify_server

from adapters.captcha.siteverify import SiteverifyCaptchaVerifier

pytestmark = pytest.mark.integration


class TestTurnstileSiteverify(CaptchaVerifierContract):
    make = staticmethod(SiteverifyCaptchaVerifier.turnstile)

    @pytest.fixture
    def verifier(self) -> Iterator[SiteverifyCaptchaVerifier]:
        with siteverify_server() as server:
            yield self.make(SECRET, url=server.url)

    @pytest.fixture
    def good_token(self) -> str:
        return GOOD_TOKEN

    @pytest.fixture
    def unreachable_verifier(self) -> SiteverifyCaptchaVerifier:
        return self.make(SECRET, url=f"http://127.0.0.1:{free_loopback_port()}/siteverify")

    def test_the_wrong_secret_is_refused_by_the_provider(self) -> None:
        with siteverify_server() as server:
            assert not self.make("not-the-secret", url=server.url).verify(GOOD_TOKEN, "203.0.113.7")
            assert server.seen[-1]["secret"] == "not-the-secret"

    def test_a_provider_error_refuses(self) -> None:
        with siteverify_server() as server:
            assert not self.make(SECRET, url=server.url).verify("explode", "203.0.113.7")  # HTTP 500


class TestHCaptchaSiteverify(TestTurnstileSiteverify):
    make = staticmethod(SiteverifyCaptchaVerifier.hcaptcha)
