"""The local store's signed upload URLs: what a PUT may and may not do, and what /media may serve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.filesystem.object_store import LocalObjectStore
from adapters.filesystem.signing_key import upload_signing_key
from core.media.errors import UploadRejected

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> LocalObjectStore:
    return LocalObjectStore(str(tmp_path), b"k" * 32, "http://127.0.0.1:8000/")


def token(store: LocalObjectStore, key: str = "originals/p/m", length: int = 5) -> str:
    target = store.presign_put(key, content_type="image/png", content_length=length,
                               expires_at=NOW + timedelta(minutes=15), now=NOW)  # fmt: skip
    assert target.url.startswith("http://127.0.0.1:8000/uploads/")
    return target.url.rsplit("/", 1)[1]


def test_a_genuine_token_stores_the_exact_body_once(store: LocalObjectStore) -> None:
    grant = store.receive(token(store), b"12345", "image/png; charset=binary", NOW)
    assert (grant.key, store.get("originals/p/m")) == ("originals/p/m", b"12345")
    with pytest.raises(UploadRejected, match="already used"):
        store.receive(token(store), b"54321", "image/png", NOW)
    assert store.get("originals/p/m") == b"12345"


@pytest.mark.parametrize(
    ("body", "content_type", "at", "reason"),
    [
        (b"1234", "image/png", NOW, "exactly 5 bytes"),
        (b"123456", "image/png", NOW, "exactly 5 bytes"),
        (b"12345", "image/jpeg", NOW, "Content-Type"),
        (b"12345", "image/png", NOW + timedelta(minutes=15), "expired"),
    ],
)
def test_wrong_length_type_or_time_is_refused_and_nothing_is_stored(
    store: LocalObjectStore, body: bytes, content_type: str, at: datetime, reason: str
) -> None:
    with pytest.raises(UploadRejected, match=reason):
        store.receive(token(store), body, content_type, at)
    assert not store.exists("originals/p/m")


def test_a_forged_or_foreign_token_is_refused(store: LocalObjectStore, tmp_path: Path) -> None:
    genuine = token(store)
    payload, mac = genuine.split(".")
    with pytest.raises(UploadRejected, match="bad signature"):
        store.receive(payload + "." + mac[::-1], b"12345", "image/png", NOW)
    other = LocalObjectStore(str(tmp_path), b"another-key", "http://x")
    with pytest.raises(UploadRejected, match="bad signature"):
        other.receive(genuine, b"12345", "image/png", NOW)
    with pytest.raises(UploadRejected, match="malformed"):
        store.receive("not-a-token", b"12345", "image/png", NOW)
    with pytest.raises(UploadRejected, match="originals area"):
        store.receive(token(store, "public/p/m/r1/card.webp"), b"12345", "image/png", NOW)


def test_media_serves_the_public_area_only(store: LocalObjectStore) -> None:
    store.put("public/p/m/r1/card.webp", b"ok", "image/webp")
    store.put("originals/p/m", b"secret", "image/jpeg")
    assert store.public_file("p/m/r1/card.webp") is not None
    for path in ("../originals/p/m", "p/../../originals/p/m", "/etc/passwd", "p/m/r1/missing.webp", ""):
        assert store.public_file(path) is None


def test_the_embedded_signing_key_is_made_once_and_shared(tmp_path: Path) -> None:
    first = upload_signing_key(str(tmp_path / "media"), None)
    assert len(first) == 64 and upload_signing_key(str(tmp_path / "media"), None) == first
    assert (tmp_path / "media" / ".upload-signing-key").stat().st_mode & 0o777 == 0o600
    assert upload_signing_key(str(tmp_path / "media"), "from-env") == b"from-env"
