"""Secrets at rest with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`), keys from settings."""

from __future__ import annotations

import logging
import os
import secrets
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
    a laptop, not for a deployment. The file appears whole or not at all (written under a private name, then
    hard-linked into place): several processes starting at once (``rastup serve --workers 2``, parallel tests)
    all read the one key the first of them made, never an empty or half-written file.
    """
    if path.exists():
        return path.read_text().strip()
    if not make:
        raise FileNotFoundError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = Fernet.generate_key().decode("ascii")
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}")
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write(secret + "\n")
    try:
        os.link(draft, path)  # fails when another process put its key there first: that one is the key
    except FileExistsError:
        return path.read_text().strip()
    finally:
        draft.unlink()
    log.warning("generated %s into %s; set it from the environment in production", what, path)
    return secret
