"""The CaptchaVerifier contract: the test verifier, the fake, and Turnstile and hCaptcha siteverify."""

from __future__ import annotations

import pytest

from core.identity.service_ports import CaptchaVerifier

IP = "203.0.113.7"


class CaptchaVerifierContract:
    """Subclass with a ``verifier`` fixture whose provider accepts exactly ``good_token`` (a fixture too), and
    an ``unreachable_verifier`` fixture whose provider cannot be asked (or skipping, when there is none)."""

    @pytest.fixture
    def verifier(self) -> CaptchaVerifier:
        raise NotImplementedError

    @pytest.fixture
    def good_token(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def unreachable_verifier(self) -> CaptchaVerifier:
        raise NotImplementedError

    def test_the_token_the_provider_accepts_is_accepted(self, verifier: CaptchaVerifier, good_token: str) -> None:
        assert verifier.verify(good_token, IP) is True

    def test_a_refused_token_is_refused(self, verifier: CaptchaVerifier, good_token: str) -> None:
        for token in ("forged", good_token + "x", good_token.upper() if good_token.upper() != good_token else "X"):
            assert verifier.verify(token, IP) is False

    def test_an_empty_or_huge_token_is_refused(self, verifier: CaptchaVerifier) -> None:
        assert verifier.verify("", IP) is False
        assert verifier.verify("x" * 10_000, IP) is False

    def test_an_accepted_token_does_not_open_the_door_for_others(
        self, verifier: CaptchaVerifier, good_token: str
    ) -> None:
        assert verifier.verify(good_token, IP)
        assert not verifier.verify("forged", IP)

    def test_a_provider_that_cannot_be_asked_refuses(
        self, unreachable_verifier: CaptchaVerifier, good_token: str
    ) -> None:
        assert unreachable_verifier.verify(good_token, IP) is False  # fail closed, and never raises
