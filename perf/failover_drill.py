"""`make failover-drill`: lose the PostgreSQL primary under writes, promote its streaming replica, point the service at
it; measure RTO and the acknowledged writes lost (RPO), the way `make dr-drill` measures a restore.

A throwaway primary and replica are started on loopback ports (tests/harness/replica_peer.py: initdb, then
`pg_basebackup -R`); the shared server on 5432 is not touched. The service runs on the primary with
DATABASE_REPLICA_URL on the replica; a heartbeat writer creates a profile draft every --every seconds, each with its
own Idempotency-Key, retrying a key until it is acknowledged (201). Then the disaster: the primary is stopped as a
crash would stop it (`pg_ctl stop -m immediate`). Recovery: `pg_ctl promote` of the replica, the service restarted
on the same port with DATABASE_URL on the promoted server, `/readyz` green.

RTO = the disaster to `/readyz` 200. Lost = heartbeats acknowledged before the disaster that the promoted server
does not hold; RPO = the newest acknowledged heartbeat minus the newest one it holds (0 when none is lost).
Targets: RPO <= 60 s, RTO <= 600 s (issue 16).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import attrs
import httpx
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from service import free_port, serve_logged, stop, wait_ready
from tests.harness.replica_peer import PostgresPair, primary_and_replica
from tests.unit.http.signed_in import sign_in

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings

RPO_TARGET_S, RTO_TARGET_S = 60.0, 600.0


@attrs.frozen
class FailoverReport:
    rpo_s: float
    rto_s: float
    promote_s: float  # pg_ctl promote, until the replica takes writes
    acknowledged: int  # heartbeats acknowledged before the disaster
    lost: int  # of those, missing on the promoted server
    doubled: int  # heartbeats stored more than once (must be 0)
    after_failover: int  # heartbeats acknowledged by the service on the promoted server

    @property
    def within_targets(self) -> bool:
        return self.rpo_s <= RPO_TARGET_S and self.rto_s <= RTO_TARGET_S and self.doubled == 0

    def line(self) -> str:
        return (
            f"failover-drill: RPO {self.rpo_s:.1f} s ({self.lost} of {self.acknowledged} heartbeats lost), RTO "
            f"{self.rto_s:.1f} s (promotion {self.promote_s:.2f} s), {self.after_failover} heartbeats after, "
            f"{self.doubled} doubled | targets RPO <= {RPO_TARGET_S:.0f} s, RTO <= {RTO_TARGET_S:.0f} s: "
            + ("PASS" if self.within_targets else "FAIL")
        )


@attrs.define
class _Heartbeats:
    """A draft every ``every_s``, each key retried until acknowledged (key -> when it was acknowledged)."""

    base: str
    token: str
    every_s: float
    acknowledged: dict[str, float] = attrs.field(factory=dict)
    stop: threading.Event = attrs.field(factory=threading.Event)

    def beat(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=5) as client:
            number = 0
            while not self.stop.is_set():
                number += 1
                key = f"heartbeat-{number:06d}"
                while not self.stop.is_set():
                    with contextlib.suppress(httpx.HTTPError):
                        answer = client.post("/api/profiles", json={"display_name": key},
                                             headers={"Idempotency-Key": key})  # fmt: skip
                        if answer.status_code == 201:
                            self.acknowledged[key] = time.time()
                            break
                    time.sleep(0.05)
                self.stop.wait(self.every_s)


def _stored(url: str) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT display_name, count(*) FROM profiles WHERE display_name LIKE 'heartbeat-%' GROUP BY 1"
            )).all()  # fmt: skip
    finally:
        engine.dispose()
    return {name: int(count) for name, count in rows}


def _env(workdir: Path, database_url: str, replica_url: str = "") -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DATABASE_REPLICA_URL": replica_url, "LOG_LEVEL": "warning",
           "IDENTITY_KEY_DIR": str(workdir / "keys"), "OUTBOX_DIR": str(workdir / "outbox"),
           "MEDIA_ROOT": str(workdir / "media"), "SESSION_COOKIE_SECURE": "false",
           "DATABASE_CONNECT_TIMEOUT_S": "2", "DATABASE_POOL_TIMEOUT_S": "2"}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def drill_on(pair: PostgresPair, *, run_s: float, every_s: float, workdir: Path) -> FailoverReport:
    """The drill on a started pair (which it leaves with the primary stopped and the replica promoted)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _env(workdir, pair.primary_url, pair.replica_url)
    upgrade(pair.primary_url)  # in this process: a CLI start costs seconds on a busy machine
    container = build_container(Settings.from_env(env))
    sign_in(container, "failover@example.com", "tok-failover-drill")
    container.shutdown_resources()
    server = serve_logged(env, port, workdir / "service.log")
    try:
        wait_ready(base)
        load = _Heartbeats(base, "tok-failover-drill", every_s)
        writer = threading.Thread(target=load.beat)
        writer.start()
        time.sleep(run_s)

        disaster = time.time()  # the primary's machine is gone
        pair.stop_primary("immediate")
        promoting = time.monotonic()
        pair.promote_replica()
        promote_s = time.monotonic() - promoting
        stop(server)  # re-pointed: the same address, DATABASE_URL on the promoted server
        server = serve_logged(_env(workdir, pair.replica_url), port, workdir / "service.log")
        wait_ready(base)
        rto_s = time.time() - disaster
        before = {key: at for key, at in load.acknowledged.items() if at <= disaster}
        deadline = time.monotonic() + 30
        while len(load.acknowledged) - len(before) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # writes go on, on the promoted server
        load.stop.set()
        writer.join(30)
    finally:
        stop(server)
    stored = _stored(pair.replica_url)
    lost = {key for key in before if key not in stored}
    kept = [at for key, at in before.items() if key in stored]
    rpo_s = max(before.values()) - max(kept, default=min(before.values(), default=0.0)) if lost else 0.0
    return FailoverReport(rpo_s=rpo_s, rto_s=rto_s, promote_s=promote_s, acknowledged=len(before), lost=len(lost),
                          doubled=sum(1 for count in stored.values() if count > 1),
                          after_failover=len(load.acknowledged) - len(before))  # fmt: skip


def drill(*, run_s: float, every_s: float) -> FailoverReport:
    """A fresh primary and replica, the drill on them, both stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="rastup-failover-") as workdir, primary_and_replica() as pair:
        return drill_on(pair, run_s=run_s, every_s=every_s, workdir=Path(workdir))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=float, default=60.0, help="seconds of writes before the disaster")
    parser.add_argument("--every", type=float, default=0.1, help="seconds between heartbeats")
    args = parser.parse_args()
    report = drill(run_s=args.run, every_s=args.every)
    print(report.line())
    print(json.dumps(attrs.asdict(report)))
    return 0 if report.within_targets else 1


if __name__ == "__main__":
    sys.exit(main())
