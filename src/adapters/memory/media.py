"""In-memory twins of the media ports: the repository, the unit of work and an object store."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime

from adapters.memory.profiles import InMemoryProfileDraftRepository
from adapters.memory.tables import KeyedRepository
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.media.errors import NotPublicKey
from core.media.keys import is_public
from core.media.model import MediaAsset, MediaStatus
from core.media.ports import UploadTarget
from core.shared.errors import NotFound
from core.shared.unit_of_work import AfterCommit


class InMemoryMediaRepository(KeyedRepository[MediaAsset]):
    table_name = "media"
    kind = "media"

    def save(self, asset: MediaAsset, expected_version: int) -> None:
        self._replace(asset.id, asset, expected_version)

    def remove(self, media_id: str) -> None:
        self._rows.pop(media_id, None)

    def of_profile(self, profile_id: str) -> list[MediaAsset]:
        found = [a for a in self._rows.values() if a.profile_id == profile_id]
        return [copy.deepcopy(a) for a in sorted(found, key=lambda a: (a.position, a.id))]

    def of_profiles(self, profile_ids: Sequence[str]) -> dict[str, list[MediaAsset]]:
        return {profile_id: self.of_profile(profile_id) for profile_id in profile_ids}

    def in_status(self, status: MediaStatus, limit: int) -> list[MediaAsset]:
        found = sorted((a for a in self._rows.values() if a.status is status), key=lambda a: (a.updated_at, a.id))
        return [copy.deepcopy(a) for a in found[:limit]]


class InMemoryMediaUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.media = InMemoryMediaRepository(self.database.table)
        self.profiles = InMemoryProfileDraftRepository(self.database.table)  # the media context's ProfileLookup


class InMemoryObjectStore:
    """Objects in a dict; upload URLs are ``memory://`` placeholders that ``receive`` stands in for."""

    def __init__(self, base_url: str = "http://media.test") -> None:
        self.objects: dict[str, tuple[bytes, str]] = {}
        self._base_url = base_url.rstrip("/")

    def presign_put(
        self, key: str, *, content_type: str, content_length: int, expires_at: datetime, now: datetime
    ) -> UploadTarget:
        return UploadTarget(f"memory://{key}", {"Content-Type": content_type}, expires_at)

    def receive(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """What the client's PUT to the upload URL would do."""
        self.objects[key] = (bytes(data), content_type)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.objects[key] = (bytes(data), content_type)

    def get(self, key: str) -> bytes:
        try:
            return self.objects[key][0]
        except KeyError:
            raise NotFound("object", key) from None

    def size(self, key: str) -> int | None:
        found = self.objects.get(key)
        return None if found is None else len(found[0])

    def exists(self, key: str) -> bool:
        return key in self.objects

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def keys(self, prefix: str) -> list[str]:
        return sorted(key for key in self.objects if key.startswith(prefix))

    def public_url(self, key: str) -> str:
        if not is_public(key):
            raise NotPublicKey(key)
        return f"{self._base_url}/media/{key.removeprefix('public/')}"
