"""moto peer: `moto_server` (all AWS services in one process) on loopback, reset between tests."""

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx

from tests.harness.processes import answers_http, launch_server, running_server


@attrs.frozen
class AwsEndpoint:
    """A moto endpoint plus the dummy credentials and region its clients must be given explicitly."""

    url: str
    region: str = "us-east-1"
    access_key_id: str = "testing"
    secret_access_key: str = "testing"  # moto accepts any credentials

    def client(self, service_name: str) -> Any:
        """A boto3 client bound to this endpoint; credentials are per client, never via os.environ."""
        import boto3  # type: ignore[import-untyped]  # no stubs installed; tests only
        from botocore.config import Config  # type: ignore[import-untyped]  # same

        return boto3.session.Session().client(
            service_name,
            endpoint_url=self.url,
            region_name=self.region,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
            config=Config(s3={"addressing_style": "path"}),
        )


def reset(url: str) -> None:
    """Forget every resource in every service (POST /moto-api/reset)."""
    httpx.post(f"{url}/moto-api/reset", timeout=5).raise_for_status()


@contextlib.contextmanager
def private_server(work_dir: Path) -> Iterator[str]:
    """Start moto_server on a free loopback port; yield its endpoint URL; terminate it afterwards."""
    server = launch_server(
        "moto",
        lambda port: [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        lambda port: answers_http(f"http://127.0.0.1:{port}/moto-api/"),
        work_dir,
    )
    with running_server(server):
        yield f"http://127.0.0.1:{server.port}"
