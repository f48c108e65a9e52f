"""S3 (moto) and SMTP behind the fault proxy: an upload whose completion meets a refusing or silent S3 fails
cleanly within the S3 timeouts (StorageUnavailable, a 503) and completes when retried; mail sent while the
SMTP server refuses or says nothing stays queued, the request answers at once, and it is delivered later."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from adapters.s3.object_store import S3ObjectStore, S3Timeouts, s3_client
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.media.commands import CompleteUpload, StartUpload
from core.media.errors import StorageUnavailable
from core.media.model import MediaStatus
from core.media.uploads import complete_upload, start_upload
from core.shared.actor import OPERATOR
from entrypoints.http.app import create_app
from tests.chaos.load import PASSWORD
from tests.harness.fault_proxy import FaultProxy
from tests.harness.moto_peer import AwsEndpoint
from tests.integration.test_s3_media import http_put
from tests.unit.identity.smtp_sink import smtp_sink
from tests.unit.media import images
from tests.unit.media.media_world import MediaWorld

pytestmark = [pytest.mark.integration, pytest.mark.chaos]
BUCKET = "rastup-chaos"


@pytest.fixture
def s3_behind_proxy(aws_api: AwsEndpoint) -> Iterator[tuple[S3ObjectStore, FaultProxy]]:
    parts = urlsplit(aws_api.url)
    with FaultProxy(parts.hostname or "127.0.0.1", parts.port or 80) as proxy:
        client = s3_client(f"http://127.0.0.1:{proxy.port}", aws_api.region, access_key_id=aws_api.access_key_id,
                           secret_access_key=aws_api.secret_access_key,
                           timeouts=S3Timeouts(connect_s=0.5, read_s=1.0, max_attempts=2))  # fmt: skip
        client.create_bucket(Bucket=BUCKET)
        yield S3ObjectStore(client, BUCKET, f"https://cdn.example/{BUCKET}"), proxy


def test_an_upload_completed_into_a_failing_s3_fails_cleanly_and_completes_when_retried(
    s3_behind_proxy: tuple[S3ObjectStore, FaultProxy],
) -> None:
    store, proxy = s3_behind_proxy
    world = MediaWorld()
    services = type(world.services)(store, world.processor, world.moderator)
    for fault in ({"reset": True}, {"blackhole": True}, {"close_after_bytes": 200}):
        data = images.jpeg()
        command = StartUpload(actor=OPERATOR, profile_id="prf_ana", content_type="image/jpeg", size=len(data))
        asset, target = start_upload(command, world.uow, services, world.clock, world.ids)
        http_put(target, data)
        with proxy.fault(**fault):
            proxy.reset_connections()
            started = time.monotonic()
            with pytest.raises(StorageUnavailable):
                complete_upload(CompleteUpload(actor=OPERATOR, media_id=asset.id), world.uow, services, world.clock)
            assert time.monotonic() - started < 10, fault  # the S3 timeouts, not botocore's 60 s defaults
        proxy.reset_connections()
        done = complete_upload(CompleteUpload(actor=OPERATOR, media_id=asset.id), world.uow, services, world.clock)
        assert done.status is MediaStatus.APPROVED, fault  # the same upload, retried, went through
        assert all(store.exists("public/" + v.key.removeprefix("variants/")) for v in done.variants)


def test_mail_sent_while_smtp_fails_waits_in_the_queue_and_is_delivered_later(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mail.db'}"
    upgrade(url)
    with smtp_sink() as sink:
        host, port = sink.server_address[:2]
        with FaultProxy(str(host), int(port)) as proxy:
            settings = Settings(database_url=url, identity_key_dir=str(tmp_path / "keys"), email_backend="smtp",
                                smtp_host="127.0.0.1", smtp_port=proxy.port, smtp_security="none",
                                smtp_timeout_s=2.0, delivery_poll_s=0.2)  # fmt: skip
            with TestClient(create_app(build_container(settings)), base_url="https://testserver.local") as client:
                for number, fault in enumerate(({"reset": True}, {"blackhole": True}), start=1):
                    with proxy.fault(**fault):
                        started = time.monotonic()
                        signup = {"email": f"user{number}@example.com", "password": PASSWORD}
                        assert client.post("/api/auth/signup", json=signup).status_code == 202
                        assert time.monotonic() - started < 2  # the answer never waits on the mail server
                        time.sleep(2.5)  # the dispatcher tries (and fails) meanwhile
                        assert len(sink.received) == number - 1
                    proxy.reset_connections()
                    delivered = sink.wait_for(number)  # the retry after the backoff (5 s) delivers it
                    assert delivered[-1]["To"] == f"user{number}@example.com", [
                        (m["To"], m["Subject"]) for m in delivered
                    ]
    # each exactly once: SMTP itself is at-least-once (a reply lost after the server took the message means a
    # second copy), which is why SMTP_TIMEOUT_S must stay well above the server's answer time (10 s default)
    assert len(sink.received) == 2
