"""Suite-wide hooks. Under pytest-xdist (``make test`` runs ``-n``), the controller brings the machine's
PostgreSQL and Redis up once, before any worker starts, and stops at its own exit only what it started: a worker
that started a server itself would stop it at its exit, under the feet of the workers still running.

Each worker then takes its own peers: a scratch database and a Redis db index of its own (tests.harness), its own
Typesense, localstripe and moto on free loopback ports.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from hypothesis import HealthCheck, settings

from tests.harness import postgres_peer, redis_peer
from tests.harness.policy import PeerUnavailable

# Under CI (and in parallel workers) the machine is shared by several test processes: a property's examples may take
# longer to draw or to run than on a quiet machine. Hypothesis' timing checks (too_slow, the 200 ms deadline) would then
# fail a correct property; every other health check and every example still runs.
settings.register_profile("shared-machine", suppress_health_check=[HealthCheck.too_slow], deadline=None)
if os.environ.get("CI") == "true" or os.environ.get("PYTEST_XDIST_WORKER"):
    settings.load_profile("shared-machine")


def pytest_configure(config: pytest.Config) -> None:
    is_worker = hasattr(config, "workerinput")
    distributed = getattr(config.option, "numprocesses", None) not in (None, 0)
    if is_worker or not distributed:
        return
    # Unreachable and not startable here: each test that needs the peer reports it through the harness policy.
    with contextlib.suppress(PeerUnavailable):
        postgres_peer.ensure_reachable(postgres_peer.admin_url())
    with contextlib.suppress(PeerUnavailable):
        redis_peer.ensure_reachable(redis_peer.redis_url())
