"""A media world on the in-memory adapters, the real Pillow processor and a scripted moderator."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.media import InMemoryMediaUnitOfWork, InMemoryObjectStore
from adapters.memory.moderation import ScriptedModerator
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from adapters.pillow.image_processor import PillowImageProcessor
from core.media.commands import CompleteUpload, StartUpload
from core.media.model import MediaAsset
from core.media.rendering import MediaServices
from core.media.uploads import complete_upload, start_upload
from tests.unit.media.test_media_contracts import profile

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@attrs.define
class MediaWorld:
    database: InMemoryDatabase = attrs.field(factory=InMemoryDatabase)
    store: InMemoryObjectStore = attrs.field(factory=InMemoryObjectStore)
    moderator: ScriptedModerator = attrs.field(factory=ScriptedModerator)
    processor: PillowImageProcessor = attrs.field(factory=PillowImageProcessor)
    clock: FixedClock = attrs.field(factory=lambda: FixedClock(NOW))
    ids: SequentialIds = attrs.field(factory=SequentialIds)

    def __attrs_post_init__(self) -> None:
        with InMemoryProfilesUnitOfWork(self.database) as uow:
            uow.profiles.add(profile("prf_ana"))
            uow.commit()

    @property
    def uow(self) -> InMemoryMediaUnitOfWork:
        return InMemoryMediaUnitOfWork(self.database)

    @property
    def services(self) -> MediaServices:
        return MediaServices(self.store, self.processor, self.moderator)

    def start(self, data: bytes, content_type: str = "image/jpeg", profile_id: str = "prf_ana") -> MediaAsset:
        asset, _ = start_upload(StartUpload(profile_id, content_type, len(data)), self.uow, self.store,
                                self.processor, self.clock, self.ids)  # fmt: skip
        return asset

    def upload(self, data: bytes, content_type: str = "image/jpeg") -> MediaAsset:
        """Start, PUT the bytes, complete: what a client does."""
        asset = self.start(data, content_type)
        self.store.receive(asset.original_key, data, content_type)
        return complete_upload(CompleteUpload(asset.id), self.uow, self.services, self.clock)

    def stored_keys(self) -> set[str]:
        return set(self.store.objects)
