"""Upload handlers: start (a pre-signed PUT), complete (inspect, render, moderate), reprocess.

Processing runs outside any transaction: the item is claimed (``processing``) and committed first, the slow
work happens, then the result is saved with a version check. A file that is corrupt, too large or of the
wrong type is removed with everything rendered from it, and so is its media item.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from core.media.access import owned_media, require_portfolio_owner
from core.media.commands import CompleteUpload, ReprocessMedia, StartUpload
from core.media.errors import CorruptImage, MediaTooLarge, TooManyPixels, UnsupportedMediaType, UploadMissing
from core.media.events import MediaProcessed, UploadDiscarded
from core.media.keys import MAX_UPLOAD_BYTES, VARIANT_SPECS, original_key
from core.media.model import Classification, MediaAsset, MediaStatus
from core.media.ports import MediaUnitOfWork, ObjectStore, UploadTarget
from core.media.rendering import MediaServices, delete_quietly, moderate, store_variants
from core.media.retouch import rerender
from core.shared.actor import Actor
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound

UPLOAD_URL_TTL = timedelta(minutes=15)
ABANDONED_AFTER = timedelta(hours=24)  # past its upload URL's expiry, an item never completed is abandoned
THE_FILES_FAULT = (UnsupportedMediaType, MediaTooLarge, TooManyPixels, CorruptImage)


def start_upload(
    command: StartUpload, uow: MediaUnitOfWork, services: MediaServices, clock: Clock, ids: IdGenerator
) -> tuple[MediaAsset, UploadTarget]:
    """Reserve a media item at the end of the profile's portfolio and return where to PUT the file. Raises
    ``NotFound`` (no such profile, or one the actor may not change) before it says anything about the file:
    ``UnsupportedMediaType``, ``MediaTooLarge``, ``InvalidInput("size")``."""
    now = clock.now()
    with uow:
        require_portfolio_owner(command.profile_id, command.actor, uow)
        _check_announced(command, services)
        media_id = ids.new_id("med")
        asset = MediaAsset.new(
            media_id=media_id, profile_id=command.profile_id, original_key=original_key(command.profile_id, media_id),
            declared_type=command.content_type, declared_size=command.size,
            position=len(uow.media.of_profile(command.profile_id)), now=now, upload_expires_at=now + UPLOAD_URL_TTL,
        )  # fmt: skip
        uow.media.add(asset)
        uow.commit()
    target = services.store.presign_put(asset.original_key, content_type=command.content_type,
                                        content_length=command.size, expires_at=asset.upload_expires_at,
                                        now=now)  # fmt: skip
    return asset, target


def _check_announced(command: StartUpload, services: MediaServices) -> None:
    """The type and size the client announces, refused if no file of them is ever accepted."""
    accepted = services.processor.accepted_types
    if command.content_type not in accepted:
        raise UnsupportedMediaType(command.content_type, accepted)
    if command.size <= 0:
        raise InvalidInput("size", "must be the positive byte count of the file")
    if command.size > MAX_UPLOAD_BYTES:
        raise MediaTooLarge(command.size, MAX_UPLOAD_BYTES)


def _claim(
    media_id: str, actor: Actor, uow: MediaUnitOfWork, store: ObjectStore, clock: Clock
) -> tuple[MediaAsset, bool]:
    """The item, and whether this call claimed it for processing (only one caller ever does)."""
    with uow:
        asset = owned_media(media_id, actor, uow)
        if asset.status is not MediaStatus.UPLOADING:
            return asset, False
        if not store.exists(asset.original_key):
            raise UploadMissing(media_id)
        expected = asset.version
        asset.begin_processing(clock.now())
        uow.media.save(asset, expected)
        uow.commit()
        return asset, True


def _discard(asset: MediaAsset, error: Exception, uow: MediaUnitOfWork, store: ObjectStore) -> None:
    delete_quietly(store, [asset.original_key])
    with uow:
        uow.media.remove(asset.id)
        uow.record(UploadDiscarded(asset.id, asset.profile_id, getattr(error, "code", "error")))
        uow.commit()


def _process(asset: MediaAsset, uow: MediaUnitOfWork, services: MediaServices, clock: Clock) -> MediaAsset:
    """Inspect, render, moderate and store the claimed upload; all-or-nothing (see the module docstring)."""
    store, written = services.store, list[str]()
    try:
        size = store.size(asset.original_key)
        if size is None:
            raise UploadMissing(asset.id)
        if size > MAX_UPLOAD_BYTES:
            raise MediaTooLarge(size, MAX_UPLOAD_BYTES)
        data = store.get(asset.original_key)
        facts = services.processor.inspect(data)
        rendered = services.processor.render(data, VARIANT_SPECS, None)
        verdict = moderate(services.moderator, rendered)
        public = verdict.classification is Classification.SAFE
        variants = store_variants(store, asset, asset.revision + 1, rendered, public=public, written=written)
        with uow:
            stored = uow.media.get(asset.id)
            expected = stored.version
            stored.processed(facts, hashlib.sha256(data).hexdigest(), variants, verdict, clock.now())
            uow.media.save(stored, expected)
            uow.record(MediaProcessed(stored.id, stored.profile_id, stored.status.value))
            uow.commit()
            return stored
    except THE_FILES_FAULT as error:
        delete_quietly(store, written)
        _discard(asset, error, uow, store)
        raise
    except BaseException:
        delete_quietly(store, written)
        _release(asset.id, uow, clock)
        raise


def _release(media_id: str, uow: MediaUnitOfWork, clock: Clock) -> None:
    with uow:
        stored = uow.media.get(media_id)
        if stored.status is MediaStatus.PROCESSING:
            expected = stored.version
            stored.processing_failed(clock.now())
            uow.media.save(stored, expected)
            uow.commit()


def complete_upload(command: CompleteUpload, uow: MediaUnitOfWork, services: MediaServices, clock: Clock) -> MediaAsset:
    """Process the uploaded file. Idempotent: completing an item already past ``uploading`` returns it as it is
    (``processing`` while another call works on it). Raises ``NotFound`` naming the item (missing, or on a
    profile the actor may not change)."""
    asset, claimed = _claim(command.media_id, command.actor, uow, services.store, clock)
    if not claimed:
        return asset
    return _process(asset, uow, services, clock)


def reprocess_media(command: ReprocessMedia, uow: MediaUnitOfWork, services: MediaServices, clock: Clock) -> MediaAsset:
    """Rescue an item stuck in processing (full pipeline) or render a decided item's variants again. Raises
    ``NotFound`` naming the item, as ``complete_upload`` does."""
    with uow:
        asset = owned_media(command.media_id, command.actor, uow)
    if asset.status is MediaStatus.UPLOADING:
        return complete_upload(CompleteUpload(actor=command.actor, media_id=asset.id), uow, services, clock)
    if asset.status is MediaStatus.PROCESSING:
        return _process(asset, uow, services, clock)
    return rerender(asset.id, asset.crop, uow, services, clock)


def purge_abandoned_uploads(
    uow: MediaUnitOfWork, store: ObjectStore, clock: Clock, older_than: timedelta = ABANDONED_AFTER, limit: int = 500
) -> list[str]:
    """Forget items still ``uploading`` ``older_than`` after their upload URL expired (the client went away),
    with any file that reached storage; return their ids. The item goes first, checked in its transaction, so
    a late completion that claimed it meanwhile keeps its file; a file that cannot be deleted now stays as a
    private object no page refers to."""
    now = clock.now()
    with uow.reading():
        waiting = [
            a for a in uow.media.in_status(MediaStatus.UPLOADING, limit) if a.upload_expires_at + older_than <= now
        ]
    purged = []
    for asset in waiting:
        with uow:
            try:
                current = uow.media.get(asset.id)
            except NotFound:
                continue
            if current.status is not MediaStatus.UPLOADING or current.version != asset.version:
                continue
            uow.media.remove(asset.id)
            uow.record(UploadDiscarded(asset.id, asset.profile_id, "abandoned"))
            uow.commit()
        delete_quietly(store, [asset.original_key])
        purged.append(asset.id)
    return purged
