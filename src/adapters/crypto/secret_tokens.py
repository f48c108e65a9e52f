"""Tokens and codes from the operating system's CSPRNG (`secrets`)."""

from __future__ import annotations

import secrets


class SecretsTokenGenerator:
    def new_token(self, nbytes: int) -> str:
        if nbytes < 16:
            raise ValueError("tokens need at least 128 bits")
        return secrets.token_urlsafe(nbytes)

    def new_code(self, alphabet: str, length: int) -> str:
        if len(set(alphabet)) != len(alphabet) or len(alphabet) < 2 or length < 1:
            raise ValueError("need >= 2 distinct symbols and a positive length")
        return "".join(secrets.choice(alphabet) for _ in range(length))
