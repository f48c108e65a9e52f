"""Media items in SQL, with explicit row<->domain mapping and an atomic version check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, delete, select

from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one, one_of, update_versioned
from adapters.sqlalchemy.profiles import SqlAlchemyProfileDraftRepository
from adapters.sqlalchemy.tables.media import media_assets
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.media.model import Classification, CropBox, ImageFacts, MediaAsset, MediaStatus, Review, Variant, Verdict
from core.shared.errors import AlreadyExists, NotFound


def _asset_row(asset: MediaAsset) -> dict[str, Any]:
    facts, crop, verdict, review = asset.facts, asset.crop, asset.verdict, asset.review
    return {
        "id": asset.id, "profile_id": asset.profile_id, "original_key": asset.original_key,
        "declared_type": asset.declared_type, "declared_size": asset.declared_size, "status": asset.status.value,
        "position": asset.position, "is_cover": asset.is_cover, "version": asset.version, "revision": asset.revision,
        "content_type": facts.content_type if facts else None, "width": facts.width if facts else None,
        "height": facts.height if facts else None, "original_digest": asset.original_digest,
        "variants": [{"name": v.name, "key": v.key, "width": v.width, "height": v.height,
                      "content_type": v.content_type, "size": v.size} for v in asset.variants],
        "crop": None if crop is None else [crop.left, crop.top, crop.width, crop.height],
        "verdict": None if verdict is None else {"classification": verdict.classification.value,
                                                 "moderator": verdict.moderator,
                                                 "scores": [[k, v] for k, v in verdict.scores]},
        "review_approved": review.approved if review else None, "reviewed_by": review.staff if review else None,
        "review_reason": review.reason if review else None, "reviewed_at": review.at if review else None,
        "created_at": asset.created_at, "updated_at": asset.updated_at, "upload_expires_at": asset.upload_expires_at,
    }  # fmt: skip


def _asset_from(row: Row[Any]) -> MediaAsset:
    verdict = row.verdict
    return MediaAsset(
        id=row.id, profile_id=row.profile_id, original_key=row.original_key, declared_type=row.declared_type,
        declared_size=row.declared_size, status=MediaStatus(row.status), created_at=row.created_at,
        updated_at=row.updated_at, upload_expires_at=row.upload_expires_at, position=row.position,
        version=row.version, is_cover=row.is_cover,
        facts=None if row.content_type is None else ImageFacts(row.content_type, row.width, row.height),
        original_digest=row.original_digest,
        variants=tuple(Variant(**v) for v in row.variants), revision=row.revision,
        crop=None if row.crop is None else CropBox(*row.crop),
        verdict=None if verdict is None else Verdict(Classification(verdict["classification"]), verdict["moderator"],
                                                     tuple((str(k), float(v)) for k, v in verdict["scores"])),
        review=None if row.review_approved is None else Review(row.review_approved, row.reviewed_by,
                                                               row.review_reason, row.reviewed_at),
    )  # fmt: skip


class SqlAlchemyMediaRepository(OnConnection):
    def add(self, asset: MediaAsset) -> None:
        insert_new(self._connection, media_assets, _asset_row(asset), "media", asset.id, lambda: self._refusal(asset))

    def _refusal(self, asset: MediaAsset) -> AlreadyExists | NotFound:
        taken = self._connection.execute(select(media_assets.c.id).where(media_assets.c.id == asset.id)).first()
        return AlreadyExists("media", asset.id) if taken else NotFound("profile", asset.profile_id)

    def get(self, media_id: str) -> MediaAsset:
        return _asset_from(one(self._connection, media_assets, "media", media_id))

    def save(self, asset: MediaAsset, expected_version: int) -> None:
        values = _asset_row(asset)
        del values["id"], values["created_at"]
        update_versioned(self._connection, media_assets, "media", asset.id, expected_version, values)

    def remove(self, media_id: str) -> None:
        self._connection.execute(delete(media_assets).where(media_assets.c.id == media_id))

    def of_profile(self, profile_id: str) -> list[MediaAsset]:
        query = (
            select(media_assets)
            .where(media_assets.c.profile_id == profile_id)
            .order_by(media_assets.c.position, media_assets.c.id)
        )
        return [_asset_from(row) for row in self._connection.execute(query)]

    def of_profiles(self, profile_ids: Sequence[str]) -> dict[str, list[MediaAsset]]:
        found: dict[str, list[MediaAsset]] = {profile_id: [] for profile_id in profile_ids}
        query = (
            select(media_assets)
            .where(one_of(self._connection, media_assets.c.profile_id, list(found)))
            .order_by(media_assets.c.position, media_assets.c.id)
        )
        for row in self._connection.execute(query):
            found[row.profile_id].append(_asset_from(row))
        return found

    def in_status(self, status: MediaStatus, limit: int) -> list[MediaAsset]:
        query = (
            select(media_assets)
            .where(media_assets.c.status == status.value)
            .order_by(media_assets.c.updated_at, media_assets.c.id)
            .limit(limit)
        )
        return [_asset_from(row) for row in self._connection.execute(query)]


class SqlAlchemyMediaUnitOfWork(SqlAlchemyUnitOfWork):
    """The media context's unit of work: media items, plus the profiles repository (the media context's
    ``ProfileLookup``) on the same transaction."""

    media: SqlAlchemyMediaRepository
    profiles: SqlAlchemyProfileDraftRepository

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.media = SqlAlchemyMediaRepository(connection)
        self.profiles = SqlAlchemyProfileDraftRepository(connection)
