"""Secrets at rest with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`), keys from settings."""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

log = logging.getLogger("rastup.identity")


class FernetSecretCipher:
    """Encrypts with the first key and decrypts with any (rotation: put the new key first)."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken:
            raise ValueError("secret cannot be decrypted with the configured keys") from None


def key_file_secret(path: Path, *, what: str, make: bool = True) -> str:
    """Read a secret generated on first start (the embedded default). Production sets the variable.

    Creates ``path`` with mode 0600 when missing and logs a warning: a key on local disk is fine for
    a laptop, not for a deployment.
    """
    if path.exists():
        return path.read_text().strip()
    if not make:
        raise FileNotFoundError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = Fernet.generate_key().decode("ascii")
    path.touch(mode=0o600)
    path.write_text(secret + "\n")
    log.warning("generated %s into %s; set it from the environment in production", what, path)
    return secret
