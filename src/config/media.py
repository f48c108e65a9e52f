"""Wiring of the media context: the object store chosen by MEDIA_BACKEND and the moderator by MEDIA_MODERATOR."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.filesystem.object_store import LocalObjectStore
from adapters.filesystem.signing_key import upload_signing_key
from config.settings import Settings

if TYPE_CHECKING:
    from adapters.nudenet.moderator import NudeNetModerator
    from adapters.s3.object_store import S3ObjectStore


def local_store(settings: Settings) -> LocalObjectStore:
    """Files under MEDIA_ROOT; upload URLs signed with MEDIA_SIGNING_KEY or a key generated there once."""
    key = upload_signing_key(settings.media_root, settings.media_signing_key or None)
    return LocalObjectStore(settings.media_root, key, settings.media_public_base_url or settings.public_base_url)


def s3_store(settings: Settings) -> S3ObjectStore:
    """MEDIA_S3_BUCKET on AWS (or AWS_ENDPOINT_URL); public/ served from MEDIA_PUBLIC_BASE_URL or the bucket."""
    from adapters.s3.object_store import S3ObjectStore, S3Timeouts, s3_client

    endpoint = settings.aws_endpoint_url or None
    bucket = settings.media_s3_bucket
    default_public = (
        f"{endpoint.rstrip('/')}/{bucket}" if endpoint else f"https://{bucket}.s3.{settings.aws_region}.amazonaws.com"
    )
    client = s3_client(endpoint, settings.aws_region, timeouts=S3Timeouts(
        settings.media_s3_connect_timeout_s, settings.media_s3_read_timeout_s, settings.media_s3_max_attempts
    ))  # fmt: skip
    return S3ObjectStore(client, bucket, settings.media_public_base_url or default_public)


def nudenet_moderator() -> NudeNetModerator:
    """NudeNet, imported only now: it is the optional AGPL extra ``rastup[moderation]``."""
    try:
        from adapters.nudenet.moderator import NudeNetModerator
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("MEDIA_MODERATOR=nudenet needs: pip install 'rastup[moderation]'") from error
    return NudeNetModerator()
