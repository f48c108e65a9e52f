"""What is stored instead of a bearer secret (a session token, an export feed's URL token): its SHA-256.

SHA-256 is enough for these: each token carries 256 random bits, so there is nothing to brute-force, and a leaked
table leaks no usable token. Passwords, which people choose, are argon2id instead (``core.identity.passwords``).
"""

from __future__ import annotations

import hashlib


def sha256_hex(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
