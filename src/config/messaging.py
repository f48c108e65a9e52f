"""Messaging's settings turned into what its core needs: the signed links of the unread-message emails."""

from __future__ import annotations

from pathlib import Path

from adapters.crypto.fernet_cipher import key_file_secret
from config.settings import Settings
from core.messaging.unsubscribe import UnsubscribeLinks

MIN_KEY_BYTES = 32


def unsubscribe_links(settings: Settings) -> UnsubscribeLinks:
    """Links on PUBLIC_BASE_URL signed with MESSAGING_UNSUBSCRIBE_KEY (>= 32 bytes), else with a key generated once
    into IDENTITY_KEY_DIR (so every worker and restart signs alike)."""
    raw = settings.messaging_unsubscribe_key or key_file_secret(
        Path(settings.identity_key_dir) / "message-unsubscribe.key", what="MESSAGING_UNSUBSCRIBE_KEY"
    )
    if len(raw.encode()) < MIN_KEY_BYTES:
        raise ValueError(f"MESSAGING_UNSUBSCRIBE_KEY must be at least {MIN_KEY_BYTES} bytes")
    return UnsubscribeLinks(settings.public_base_url, raw.encode())
