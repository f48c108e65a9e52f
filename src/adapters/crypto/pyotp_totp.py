"""RFC 6238 TOTP through pyotp: 30-second steps, 6 digits, SHA-1 (what authenticator apps support)."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

PERIOD_S = 30
DIGITS = 6


class PyotpTotpVerifier:
    def new_secret(self) -> str:
        return pyotp.random_base32(length=32)  # 160 bits

    def provisioning_uri(self, secret: str, account_name: str, issuer: str) -> str:
        return pyotp.TOTP(secret, digits=DIGITS, interval=PERIOD_S).provisioning_uri(
            name=account_name, issuer_name=issuer
        )

    def matching_step(self, secret: str, code: str, now: datetime, window_steps: int) -> int | None:
        candidate = code.strip().replace(" ", "")
        if len(candidate) != DIGITS or not candidate.isdigit():
            return None
        totp = pyotp.TOTP(secret, digits=DIGITS, interval=PERIOD_S)
        step = int(now.timestamp()) // PERIOD_S
        matched = None
        for offset in range(-window_steps, window_steps + 1):  # no early exit: constant work
            if hmac.compare_digest(totp.generate_otp(step + offset), candidate) and matched is None:
                matched = step + offset
        return matched
