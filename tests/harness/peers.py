"""pytest fixtures for the real peers; a conftest imports the ones it needs (see tests/integration)."""

import contextlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TypeVar

import pytest

from tests.harness import (
    localstripe_peer,
    moto_peer,
    postgres_peer,
    redis_peer,
    replica_peer,
    typesense_peer,
    wal_peer,
)
from tests.harness.moto_peer import AwsEndpoint
from tests.harness.policy import PeerUnavailable, report_unavailable
from tests.harness.replica_peer import PostgresPair
from tests.harness.typesense_peer import TypesenseCluster, TypesenseServer
from tests.harness.wal_peer import ArchivingServer

T = TypeVar("T")


def _serve(peer: AbstractContextManager[T]) -> Iterator[T]:
    """Enter `peer` (reporting PeerUnavailable per policy), yield it, and always exit it."""
    with contextlib.ExitStack() as stack:
        try:
            value = stack.enter_context(peer)
        except PeerUnavailable as error:
            unavailable = error
        else:
            yield value
            return
    report_unavailable(unavailable)  # outside the except block: no "during handling" noise


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL (postgresql+psycopg) of a fresh database, dropped WITH (FORCE) at session end."""
    yield from _serve(postgres_peer.scratch_database())


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of the dedicated Redis db index (13 unless overridden), flushed at session start and end."""
    yield from _serve(redis_peer.dedicated_db())


@pytest.fixture
def clean_redis_url(redis_url: str) -> str:
    """The dedicated Redis db, flushed before this test."""
    redis_peer.flush(redis_url)
    return redis_url


@pytest.fixture(scope="session")
def typesense(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TypesenseServer]:
    """A private Typesense server (url, api_key) with an empty data dir, terminated at session end."""
    yield from _serve(typesense_peer.private_server(tmp_path_factory.mktemp("typesense")))


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a private localstripe (started from scratch), terminated at session end."""
    yield from _serve(localstripe_peer.private_server(tmp_path_factory.mktemp("localstripe")))


@pytest.fixture
def stripe_api(localstripe: str) -> Iterator[str]:
    """The localstripe base URL with an empty store for this test (flushed before and after)."""
    localstripe_peer.flush(localstripe)
    yield localstripe
    localstripe_peer.flush(localstripe)


@pytest.fixture(scope="session")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Endpoint URL of a private moto_server (every AWS service), terminated at session end."""
    yield from _serve(moto_peer.private_server(tmp_path_factory.mktemp("moto")))


@pytest.fixture
def aws_api(moto: str) -> AwsEndpoint:
    """The moto endpoint, reset before this test, with per-client dummy credentials (no env vars)."""
    moto_peer.reset(moto)
    return AwsEndpoint(url=moto)


@pytest.fixture
def archiving_postgres() -> Iterator[ArchivingServer]:
    """A throwaway PostgreSQL server of this test's own (initdb on a free loopback port) archiving its WAL every
    second into a directory; stopped and removed afterwards. The shared server is never reconfigured."""
    yield from _serve(wal_peer.archiving_server(archive_timeout_s=1))


@pytest.fixture(scope="module")
def postgres_pair() -> Iterator[PostgresPair]:
    """A throwaway PostgreSQL primary and its streaming replica on loopback ports, stopped after the module."""
    yield from _serve(replica_peer.primary_and_replica())


@pytest.fixture(scope="module")
def typesense_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TypesenseCluster]:
    """Three private Typesense nodes forming one cluster (``--nodes``) on loopback, terminated after the module."""
    yield from _serve(typesense_peer.private_cluster(tmp_path_factory.mktemp("typesense-cluster")))
