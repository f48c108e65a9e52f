"""The contract every ObjectStore keeps (local filesystem, S3, the in-memory twin).

Subclass and provide ``store`` and ``send_upload`` (how a client PUTs a body to an ``UploadTarget``: HTTP for
S3, the upload route's own call for the local store).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from core.media.errors import NotPublicKey
from core.media.ports import ObjectStore, UploadTarget
from core.shared.errors import NotFound

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
SendUpload = Callable[[UploadTarget, bytes], None]


class ObjectStoreContract:
    def test_put_then_get_size_and_exists(self, store: ObjectStore) -> None:
        store.put("variants/p1/m1/r1/card.webp", b"\x00\x01binary\xff", "image/webp")
        assert store.get("variants/p1/m1/r1/card.webp") == b"\x00\x01binary\xff"
        assert store.size("variants/p1/m1/r1/card.webp") == 9
        assert store.exists("variants/p1/m1/r1/card.webp")

    def test_put_replaces_what_was_there(self, store: ObjectStore) -> None:
        store.put("public/p1/m1/r1/thumb.webp", b"old", "image/webp")
        store.put("public/p1/m1/r1/thumb.webp", b"newer", "image/webp")
        assert store.get("public/p1/m1/r1/thumb.webp") == b"newer"

    def test_a_missing_key_is_not_found_and_has_no_size(self, store: ObjectStore) -> None:
        with pytest.raises(NotFound):
            store.get("originals/p1/nothing-here")
        assert store.size("originals/p1/nothing-here") is None
        assert not store.exists("originals/p1/nothing-here")

    def test_delete_is_idempotent(self, store: ObjectStore) -> None:
        store.put("originals/p1/m1", b"x", "image/jpeg")
        store.delete("originals/p1/m1")
        store.delete("originals/p1/m1")
        assert not store.exists("originals/p1/m1")

    def test_keys_lists_what_is_stored_under_a_prefix_sorted(self, store: ObjectStore) -> None:
        assert store.keys("originals/") == []
        for key in ("originals/p2/m9", "originals/p1/m1", "variants/p1/m1/r1/card.webp", "originalsx/p1"):
            store.put(key, b"x", "image/jpeg")
        assert store.keys("originals/") == ["originals/p1/m1", "originals/p2/m9"]
        assert store.keys("originals/p1") == ["originals/p1/m1"]
        assert store.keys("variants/p1/m1/") == ["variants/p1/m1/r1/card.webp"]
        store.delete("originals/p1/m1")
        assert store.keys("originals/") == ["originals/p2/m9"]

    def test_only_public_keys_have_public_urls(self, store: ObjectStore) -> None:
        url = store.public_url("public/p1/m1/r1/card.webp")
        assert url.startswith("http") and url.endswith("p1/m1/r1/card.webp")
        for private in ("originals/p1/m1", "variants/p1/m1/r1/card.webp", "public/../originals/p1/m1"):
            with pytest.raises(NotPublicKey):
                store.public_url(private)

    def test_a_presigned_put_stores_the_body_at_the_key(self, store: ObjectStore, send_upload: SendUpload) -> None:
        body = b"\xff\xd8\xff" + bytes(range(256)) * 4
        target = store.presign_put("originals/p1/m2", content_type="image/jpeg", content_length=len(body),
                                   expires_at=NOW + timedelta(minutes=15), now=NOW)  # fmt: skip
        assert target.expires_at == NOW + timedelta(minutes=15)
        assert target.headers["Content-Type"] == "image/jpeg"
        send_upload(target, body)
        assert store.get("originals/p1/m2") == body
