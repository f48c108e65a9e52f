"""The embedded test verifier and the handlers' fake keep the CaptchaVerifier contract (siteverify: integration)."""

from __future__ import annotations

import pytest
from tests.contracts.captcha_verifier import CaptchaVerifierContract
from tests.unit.identity.fakes import FakeCaptcha

from adapters.captcha.siteverify import TestCaptchaVerifier

NO_PROVIDER = "answers in process: there is no provider to be unreachable"


class TestTheTestCaptchaVerifier(CaptchaVerifierContract):
    @pytest.fixture
    def verifier(self) -> TestCaptchaVerifier:
        return TestCaptchaVerifier()

    @pytest.fixture
    def good_token(self) -> str:
        return "test-captcha-pass"

    @pytest.fixture
    def unreachable_verifier(self) -> TestCaptchaVerifier:
        pytest.skip(NO_PROVIDER)


class TestFakeCaptcha(CaptchaVerifierContract):
    @pytest.fixture
    def verifier(self) -> FakeCaptcha:
        return FakeCaptcha()

    @pytest.fixture
    def good_token(self) -> str:
        return "solved"

    @pytest.fixture
    def unreachable_verifier(self) -> FakeCaptcha:
        pytest.skip(NO_PROVIDER)
