"""The crypto adapters: argon2id, the bounded hasher, secrets tokens, pyotp, segno."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pyotp
import pytest

from adapters.crypto.argon2_hasher import Argon2idPasswordHasher
from adapters.crypto.bounded_hasher import BoundedPasswordHasher
from adapters.crypto.pyotp_totp import PyotpTotpVerifier
from adapters.crypto.secret_tokens import SecretsTokenGenerator
from adapters.crypto.segno_qr import SegnoQrCodeRenderer
from core.identity.errors import HasherBusy, StepUpRequired
from core.identity.sessions import Session
from core.identity.step_up import SensitiveAction, ensure_stepped_up

HASHER = Argon2idPasswordHasher()


def test_argon2id_with_owasp_parameters() -> None:
    encoded = HASHER.hash("violet-Harbour-crane-58")
    assert encoded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert HASHER.verify(encoded, "violet-Harbour-crane-58")
    assert not HASHER.verify(encoded, "violet-harbour-crane-58")
    assert not HASHER.verify("not-a-hash", "x")
    assert not HASHER.needs_rehash(encoded)


def test_raised_parameters_ask_for_a_rehash() -> None:
    encoded = HASHER.hash("pw")
    assert Argon2idPasswordHasher(memory_kib=47_104, time_cost=1 + 1).needs_rehash(encoded)
    assert Argon2idPasswordHasher(time_cost=3).needs_rehash(encoded)


def test_parameters_below_owasp_are_refused() -> None:
    with pytest.raises(ValueError):
        Argon2idPasswordHasher(memory_kib=8192)


class SlowHasher:
    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.lock = threading.Lock()
        self.release = threading.Event()

    def hash(self, password: str) -> str:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        self.release.wait(5)
        with self.lock:
            self.running -= 1
        return "h"

    def verify(self, encoded: str, password: str) -> bool:
        return self.hash(password) == encoded

    def needs_rehash(self, encoded: str) -> bool:
        return False


def test_bounded_hasher_caps_concurrency_and_sheds_load() -> None:
    inner = SlowHasher()
    bounded = BoundedPasswordHasher(inner, max_concurrent=2, wait_s=0.05)
    outcomes: list[str] = []

    def login() -> None:
        try:
            outcomes.append(bounded.hash("pw"))
        except HasherBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=login) for _ in range(6)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 2
    while outcomes.count("busy") < 4 and time.monotonic() < deadline:
        threading.Event().wait(0.01)  # waits on threads, not on the clock under test
    inner.release.set()
    for t in threads:
        t.join()
    assert inner.peak == 2
    assert sorted(outcomes) == ["busy"] * 4 + ["h"] * 2


def test_bounded_hasher_defaults_to_the_core_count() -> None:
    import os

    assert BoundedPasswordHasher(HASHER).max_concurrent == (os.cpu_count() or 1)


def test_tokens_are_256_bit_and_codes_use_the_alphabet() -> None:
    tokens = SecretsTokenGenerator()
    assert len(tokens.new_token(32)) == 43
    assert len({tokens.new_token(32) for _ in range(100)}) == 100
    code = tokens.new_code("0123456789", 6)
    assert len(code) == 6 and code.isdigit()
    with pytest.raises(ValueError):
        tokens.new_token(8)


def test_pyotp_verifier_reports_the_matching_step() -> None:
    totp = PyotpTotpVerifier()
    secret = totp.new_secret()
    assert len(secret) == 32
    now = datetime(2025, 3, 1, 12, 0, 10, tzinfo=UTC)
    step = int(now.timestamp()) // 30
    assert totp.matching_step(secret, pyotp.TOTP(secret).at(now), now, 1) == step
    assert totp.matching_step(secret, pyotp.TOTP(secret).at(now.timestamp() - 30), now, 1) == step - 1
    assert totp.matching_step(secret, pyotp.TOTP(secret).at(now.timestamp() + 60), now, 1) is None
    assert totp.matching_step(secret, "12ab56", now, 1) is None
    uri = totp.provisioning_uri(secret, "ann@example.com", "RastUp")
    assert uri.startswith("otpauth://totp/RastUp:ann%40example.com?secret=" + secret)


def test_qr_png() -> None:
    png = SegnoQrCodeRenderer().png("otpauth://totp/RastUp:a?secret=ABC")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 100


def test_ensure_stepped_up_raises_the_step_up_problem() -> None:
    now = datetime(2025, 3, 1, tzinfo=UTC)
    session = Session.start("ses_1", "usr_1", "h", None, now, mfa_pending=False)
    with pytest.raises(StepUpRequired) as needed:
        ensure_stepped_up(session, SensitiveAction.PAYOUT_DESTINATION_CHANGE, now)
    assert needed.value.action == "payout-destination-change"
    session.second_factor_at = now
    ensure_stepped_up(session, SensitiveAction.PAYOUT_DESTINATION_CHANGE, now)
