"""A media world on the in-memory adapters, the real Pillow processor and a scripted moderator."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.media import InMemoryMediaUnitOfWork, InMemoryObjectStore
from adapters.memory.moderation import ScriptedModerator
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from adapters.pillow.image_processor import PillowImageProcessor
from core.media.commands import CompleteUpload, EditMedia, ReprocessMedia, StartUpload
from core.media.curation import edit_media
from core.media.model import MediaAsset
from core.media.rendering import MediaServices
from core.media.uploads import complete_upload, reprocess_media, start_upload
from core.shared.actor import OPERATOR, Actor
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
        self.add_profile("prf_ana")

    def add_profile(self, profile_id: str, owner_user_id: str | None = None) -> None:
        """A profile owned by ``owner_user_id`` (unowned, as seeded profiles are, by default: the operator's)."""
        draft = profile(profile_id)
        draft.owner_user_id = owner_user_id
        with InMemoryProfilesUnitOfWork(self.database) as uow:
            uow.profiles.add(draft)
            uow.commit()

    @property
    def uow(self) -> InMemoryMediaUnitOfWork:
        return InMemoryMediaUnitOfWork(self.database)

    @property
    def services(self) -> MediaServices:
        return MediaServices(self.store, self.processor, self.moderator)

    def start(
        self, data: bytes, content_type: str = "image/jpeg", profile_id: str = "prf_ana", actor: Actor = OPERATOR
    ) -> MediaAsset:
        command = StartUpload(actor=actor, profile_id=profile_id, content_type=content_type, size=len(data))
        asset, _ = start_upload(command, self.uow, self.services, self.clock, self.ids)
        return asset

    def upload(self, data: bytes, content_type: str = "image/jpeg", profile_id: str = "prf_ana") -> MediaAsset:
        """Start, PUT the bytes, complete: what a client does."""
        asset = self.start(data, content_type, profile_id)
        self.store.receive(asset.original_key, data, content_type)
        return self.complete(asset.id)

    def complete(
        self, media_id: str, uow: InMemoryMediaUnitOfWork | None = None, actor: Actor = OPERATOR
    ) -> MediaAsset:
        command = CompleteUpload(actor=actor, media_id=media_id)
        return complete_upload(command, uow or self.uow, self.services, self.clock)

    def reprocess(self, media_id: str, actor: Actor = OPERATOR) -> MediaAsset:
        return reprocess_media(ReprocessMedia(actor=actor, media_id=media_id), self.uow, self.services, self.clock)

    def edit(self, media_id: str, actor: Actor = OPERATOR, **changes: Any) -> MediaAsset:
        return edit_media(EditMedia(actor=actor, media_id=media_id, **changes), self.uow, self.services, self.clock)

    def stored_keys(self) -> set[str]:
        return set(self.store.objects)
