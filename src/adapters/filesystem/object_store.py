"""The embedded object store: files under a root directory (default ./var/media).

Uploads go to ``PUT /uploads/{token}`` (served by the HTTP app) with an HMAC-signed, expiring token that fixes
the key, the content type and the exact length; a key can be uploaded once. ``GET /media/{path}`` serves only
``public/{path}``, so originals and private variants are unreachable by construction.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from adapters.filesystem.upload_tokens import UploadGrant, sign, verify
from core.media.errors import NotPublicKey, StorageUnavailable, UploadRejected
from core.media.keys import ORIGINALS_PREFIX, PUBLIC_PREFIX, is_public
from core.media.ports import UploadTarget
from core.shared.errors import NotFound

_PARTIAL = ".partial-"  # a write in progress (renamed over its key when whole)
_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._/-]*$")


class LocalObjectStore:
    def __init__(self, root: str, signing_key: bytes, base_url: str) -> None:
        self._root = Path(root).resolve()
        self._secret = signing_key
        self._base_url = base_url.rstrip("/")

    def _path(self, key: str) -> Path:
        if not _KEY.match(key) or any(part in {"", ".", ".."} for part in key.split("/")):
            raise NotFound("object", key)
        return self._root / key

    def presign_put(
        self, key: str, *, content_type: str, content_length: int, expires_at: datetime, now: datetime
    ) -> UploadTarget:
        token = sign(UploadGrant(key, content_type, content_length, expires_at), self._secret)
        headers = {"Content-Type": content_type, "Content-Length": str(content_length)}
        return UploadTarget(f"{self._base_url}/uploads/{token}", headers, expires_at)

    def receive(self, token: str, body: bytes, content_type: str, now: datetime) -> UploadGrant:
        """Store the body of a PUT to an upload URL. Raises ``UploadRejected`` unless the token is genuine and
        current, the type and length are the signed ones, and nothing was uploaded at the key before."""
        grant = verify(token, self._secret, now)
        if not grant.key.startswith(ORIGINALS_PREFIX):
            raise UploadRejected("uploads go to the originals area only")
        if content_type.split(";")[0].strip().lower() != grant.content_type:
            raise UploadRejected(f"Content-Type must be {grant.content_type}")
        if len(body) != grant.length:
            raise UploadRejected(f"the body must be exactly {grant.length} bytes, not {len(body)}")
        if self.exists(grant.key):
            raise UploadRejected("this upload URL was already used")
        self.put(grant.key, body, grant.content_type)
        return grant

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=_PARTIAL)
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, path)  # atomic: readers see the old file or the new one
        except OSError as error:
            raise StorageUnavailable("put", str(error)) from None

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound("object", key) from None
        except OSError as error:
            raise StorageUnavailable("get", str(error)) from None

    def size(self, key: str) -> int | None:
        try:
            return self._path(key).stat().st_size
        except (FileNotFoundError, NotFound):
            return None
        except OSError as error:
            raise StorageUnavailable("stat", str(error)) from None

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except NotFound:
            return
        except OSError as error:
            raise StorageUnavailable("delete", str(error)) from None

    def keys(self, prefix: str) -> list[str]:
        folder = self._root / prefix.rpartition("/")[0]  # the deepest whole folder the prefix names
        try:
            found = [path.relative_to(self._root).as_posix() for path in folder.rglob("*")
                     if path.is_file() and not path.name.startswith(_PARTIAL)]  # fmt: skip
        except OSError as error:
            raise StorageUnavailable("list", str(error)) from None
        return sorted(key for key in found if key.startswith(prefix))

    def public_url(self, key: str) -> str:
        if not is_public(key):
            raise NotPublicKey(key)
        return f"{self._base_url}/media/{key.removeprefix(PUBLIC_PREFIX)}"

    def public_file(self, path: str) -> Path | None:
        """The file behind ``/media/{path}``: only ever under ``public/``; ``None`` when absent or invalid."""
        try:
            found = self._path(PUBLIC_PREFIX + path)
        except NotFound:
            return None
        return found if found.is_file() else None
