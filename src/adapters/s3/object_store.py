"""S3 behind the ObjectStore port: pre-signed PUT URLs (plain HTTP, no SDK on the client) and private objects.

The bucket itself stays private; expose only the ``public/`` prefix (a bucket policy or a CDN origin path),
and set MEDIA_PUBLIC_BASE_URL to where that prefix is served. botocore errors never cross the port.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import attrs
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]  # no stubs installed

from core.media.errors import NotPublicKey, StorageUnavailable
from core.media.keys import is_public
from core.media.ports import UploadTarget
from core.shared.errors import NotFound

_MISSING = {"404", "NoSuchKey", "NotFound"}


@attrs.frozen
class S3Timeouts:
    """Every wait on S3 bounded: connecting, each answer, and tries per call (botocore's standard retries)."""

    connect_s: float = 5.0
    read_s: float = 10.0
    max_attempts: int = 3


def s3_client(
    endpoint_url: str | None, region: str, *, access_key_id: str | None = None, secret_access_key: str | None = None,
    timeouts: S3Timeouts | None = None,
) -> Any:  # fmt: skip
    """A SigV4 boto3 S3 client; credentials come from the standard AWS chain (environment, profile, role) unless
    given explicitly (tests)."""
    import boto3  # type: ignore[import-untyped]  # lazily: only MEDIA_BACKEND=s3 needs it
    from botocore.config import Config  # type: ignore[import-untyped]

    timeouts = timeouts or S3Timeouts()
    config = Config(s3={"addressing_style": "path"} if endpoint_url else {}, signature_version="s3v4",
                    retries={"max_attempts": timeouts.max_attempts, "mode": "standard"},
                    connect_timeout=timeouts.connect_s, read_timeout=timeouts.read_s)  # fmt: skip
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url or None, region_name=region, config=config,
        aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key,
    )  # fmt: skip


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class S3ObjectStore:
    def __init__(self, client: Any, bucket: str, public_base_url: str) -> None:
        self._client = client
        self._bucket = bucket
        self._public_base_url = public_base_url.rstrip("/")

    def presign_put(
        self, key: str, *, content_type: str, content_length: int, expires_at: datetime, now: datetime
    ) -> UploadTarget:
        seconds = max(1, math.floor((expires_at - now).total_seconds()))
        # Content-Type, Content-Length and If-None-Match are signed: S3 refuses another type, another length,
        # or a second upload over the same key (conditional write), so a moderated original cannot be swapped.
        params = {"Bucket": self._bucket, "Key": key, "ContentType": content_type, "ContentLength": content_length,
                  "IfNoneMatch": "*"}  # fmt: skip
        url = self._client.generate_presigned_url("put_object", Params=params, ExpiresIn=seconds, HttpMethod="PUT")
        headers = {"Content-Type": content_type, "Content-Length": str(content_length), "If-None-Match": "*"}
        return UploadTarget(url, headers, expires_at)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        try:
            self._client.put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)
        except (ClientError, BotoCoreError) as error:
            raise StorageUnavailable("put", str(error)) from None

    def get(self, key: str) -> bytes:
        try:
            body: bytes = self._client.get_object(Bucket=self._bucket, Key=key)["Body"].read()
        except ClientError as error:
            if _code(error) in _MISSING:
                raise NotFound("object", key) from None
            raise StorageUnavailable("get", str(error)) from None
        except BotoCoreError as error:
            raise StorageUnavailable("get", str(error)) from None
        return body

    def size(self, key: str) -> int | None:
        try:
            head = self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _code(error) in _MISSING:
                return None
            raise StorageUnavailable("head", str(error)) from None
        except BotoCoreError as error:
            raise StorageUnavailable("head", str(error)) from None
        return int(head["ContentLength"])

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def delete(self, key: str) -> None:
        try:
            self._client.delete_object(Bucket=self._bucket, Key=key)
        except (ClientError, BotoCoreError) as error:
            raise StorageUnavailable("delete", str(error)) from None

    def keys(self, prefix: str) -> list[str]:
        try:
            pages = self._client.get_paginator("list_objects_v2").paginate(Bucket=self._bucket, Prefix=prefix)
            return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))
        except (ClientError, BotoCoreError) as error:
            raise StorageUnavailable("list", str(error)) from None

    def public_url(self, key: str) -> str:
        if not is_public(key):
            raise NotPublicKey(key)
        return f"{self._public_base_url}/{key}"
