"""The S3 object store against moto: the ObjectStore contract (pre-signed PUT over plain HTTP with httpx) and the
media pipeline end to end on S3."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from adapters.s3.object_store import S3ObjectStore, s3_client
from core.media.ports import UploadTarget
from core.shared.actor import OPERATOR
from tests.contracts.object_store import NOW, ObjectStoreContract, SendUpload
from tests.harness.moto_peer import AwsEndpoint

pytestmark = pytest.mark.integration
BUCKET = "rastup-media-test"


@pytest.fixture
def s3_store(aws_api: AwsEndpoint) -> S3ObjectStore:
    client = s3_client(aws_api.url, aws_api.region, access_key_id=aws_api.access_key_id,
                       secret_access_key=aws_api.secret_access_key)  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    return S3ObjectStore(client, BUCKET, f"https://cdn.example/{BUCKET}")


def http_put(target: UploadTarget, body: bytes) -> None:
    response = httpx.put(target.url, content=body, headers=target.headers, timeout=10)
    assert response.status_code == 200, response.text


class TestS3ObjectStore(ObjectStoreContract):
    @pytest.fixture
    def store(self, s3_store: S3ObjectStore) -> S3ObjectStore:
        return s3_store

    @pytest.fixture
    def send_upload(self) -> SendUpload:
        return http_put


def test_the_presigned_url_signs_type_length_and_single_use(s3_store: S3ObjectStore) -> None:
    from datetime import timedelta

    target = s3_store.presign_put("originals/p/m", content_type="image/png", content_length=5,
                                  expires_at=NOW + timedelta(minutes=15), now=NOW)  # fmt: skip
    query = parse_qs(urlsplit(target.url).query)
    # real S3 refuses a PUT whose signed headers differ (moto does not check signatures, so we check the URL)
    assert query["X-Amz-SignedHeaders"] == ["content-length;content-type;host;if-none-match"]
    assert query["X-Amz-Expires"] == ["900"]
    assert target.headers == {"Content-Type": "image/png", "Content-Length": "5", "If-None-Match": "*"}


def test_the_pipeline_on_s3_publishes_a_good_file_and_leaves_nothing_of_a_bad_one(
    s3_store: S3ObjectStore, aws_api: AwsEndpoint
) -> None:
    from core.media.commands import CompleteUpload, StartUpload
    from core.media.errors import CorruptImage
    from core.media.model import MediaStatus
    from core.media.uploads import complete_upload, start_upload
    from tests.unit.media import images
    from tests.unit.media.media_world import MediaWorld

    world = MediaWorld()
    services = type(world.services)(s3_store, world.processor, world.moderator)

    def upload(data: bytes) -> str:
        command = StartUpload(actor=OPERATOR, profile_id="prf_ana", content_type="image/jpeg", size=len(data))
        asset, target = start_upload(command, world.uow, services, world.clock, world.ids)
        http_put(target, data)
        return asset.id

    good_id = upload(images.jpeg(gps=True))
    good = complete_upload(CompleteUpload(actor=OPERATOR, media_id=good_id), world.uow, services, world.clock)
    assert good.status is MediaStatus.APPROVED
    public = [s3_store.get("public/" + v.key.removeprefix("variants/")) for v in good.variants]
    assert all(images.exif_of(data) == {} for data in public)
    bucket = aws_api.client("s3")
    keys_after_good = _keys(bucket)
    bad_id = upload(images.truncated_jpeg())
    with pytest.raises(CorruptImage):
        complete_upload(CompleteUpload(actor=OPERATOR, media_id=bad_id), world.uow, services, world.clock)
    assert _keys(bucket) == keys_after_good and not any(bad_id in key for key in keys_after_good)


def _keys(client: Any) -> set[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listing.get("Contents", [])}
