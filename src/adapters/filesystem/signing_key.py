"""The local store's upload-signing secret: from the environment, or generated once beside the files."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = ".upload-signing-key"


def upload_signing_key(root: str, configured: str | None) -> bytes:
    """``configured`` (MEDIA_SIGNING_KEY) when set; else a random key created once in ``root`` (mode 0600),
    so every worker of one embedded service signs and checks with the same key."""
    if configured:
        return configured.encode()
    path = Path(root) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32))
    return path.read_bytes().strip()
