"""TOTP settings and recovery codes: 10 single-use codes, shown once, stored as HMACs."""

from __future__ import annotations

import hashlib
import hmac

import attrs

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read back from paper


@attrs.frozen
class TotpSettings:
    """30-second steps, one step either side, 10 recovery codes of 12 characters (~59 bits each)."""

    issuer: str = "RastUp"
    window_steps: int = 1
    recovery_code_count: int = 10
    recovery_code_length: int = 12


def format_recovery_code(raw: str) -> str:
    """``abcdefghjkmn`` -> ``abcd-efgh-jkmn``: groups of four for reading aloud or typing."""
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def canonical_recovery_code(code: str) -> str:
    """Lower case without separators or spaces, so ``ABCD EFGH-JKMN`` matches what was issued."""
    return "".join(ch for ch in code.casefold() if ch.isalnum())


def hash_recovery_code(code: str, *, pepper: bytes, user_id: str) -> str:
    message = f"recovery\x00{user_id}\x00{canonical_recovery_code(code)}".encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()
