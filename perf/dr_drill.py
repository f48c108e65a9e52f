"""`make dr-drill`: lose the PostgreSQL database under light load, restore the latest backup, measure RPO and RTO.

A heartbeat (a profile draft through the API, with an idempotency key) is acknowledged every second while a
light read load runs and `rastup ops backup` runs every --backup-every seconds (as cron would). Then the
disaster: the database is dropped and the service stopped. Recovery: `rastup ops restore` of the newest
backup (its row-count and audit checks must pass), the service started, `/readyz` green.

RPO = the last heartbeat acknowledged before the disaster - the restored backup's snapshot (every heartbeat
acknowledged before the snapshot must be back).
RTO = from the disaster to `/readyz` answering 200. Targets: RPO <= 60 s, RTO <= 600 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import attrs
import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).parent))
from service import BIN, free_port, recreate_database

PASSWORD = "violet-Harbour-crane-58-quay"
RPO_TARGET_S, RTO_TARGET_S = 60.0, 600.0


@attrs.frozen
class DrillReport:
    rpo_s: float
    rto_s: float
    restore_s: float
    heartbeats_acknowledged: int
    heartbeats_lost: int
    lost_before_last_backup: int  # must be 0: anything acknowledged before the restored snapshot is there
    backups: int

    @property
    def within_targets(self) -> bool:
        return self.rpo_s <= RPO_TARGET_S and self.rto_s <= RTO_TARGET_S and self.lost_before_last_backup == 0

    def line(self) -> str:
        return (
            f"dr-drill: RPO {self.rpo_s:.1f} s ({self.heartbeats_lost} of {self.heartbeats_acknowledged} heartbeats "
            f"lost), RTO {self.rto_s:.1f} s (restore {self.restore_s:.1f} s), {self.backups} backups | targets "
            f"RPO <= {RPO_TARGET_S:.0f} s, RTO <= {RTO_TARGET_S:.0f} s: " + ("PASS" if self.within_targets else "FAIL")
        )


def _rastup(env: dict[str, str], *args: str) -> str:
    return subprocess.run([str(BIN / "rastup"), *args], env=env, check=True, capture_output=True, text=True).stdout


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as log_file:
        return subprocess.Popen([str(BIN / "rastup"), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def _wait_ready(base: str, deadline_s: float = 120) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{base} did not become ready")


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


@attrs.define
class _Heartbeats:
    """One acknowledged write a second (number -> when it was acknowledged), plus a light read load."""

    base: str
    token: str
    read_rps: int
    acknowledged: dict[int, float] = attrs.field(factory=dict)
    stop: threading.Event = attrs.field(factory=threading.Event)

    def beat(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=5) as client:
            number = 0
            while not self.stop.wait(1.0 if number else 0):
                number += 1
                with contextlib.suppress(httpx.HTTPError):
                    answer = client.post("/api/profiles", json={"display_name": f"heartbeat-{number}"},
                                         headers={"Idempotency-Key": f"heartbeat-{number}"})  # fmt: skip
                    if answer.status_code == 201:
                        self.acknowledged[number] = time.time()

    def read(self) -> None:
        with httpx.Client(base_url=self.base, timeout=5) as client:
            while not self.stop.wait(1 / max(1, self.read_rps)):
                with contextlib.suppress(httpx.HTTPError):
                    client.get("/api/profiles/prf_demo_photographer_la")


def _backups(env: dict[str, str], directory: Path, every_s: float, stop: threading.Event, taken: list[float]) -> None:
    while not stop.wait(every_s):
        try:
            _rastup(env, "ops", "backup", "--dir", str(directory))
        except subprocess.CalledProcessError as error:
            print(f"backup failed: {error.stderr}", file=sys.stderr)
        else:
            taken.append(time.time())


def _restored_heartbeats(database_url: str) -> set[int]:
    engine = sa.create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        names = connection.execute(sa.text("SELECT display_name FROM profiles WHERE display_name LIKE 'heartbeat-%'"))
        found = {int(name.removeprefix("heartbeat-")) for (name,) in names}
    engine.dispose()
    return found


def drill(admin_url: str, database_url: str, *, run_s: float, backup_every_s: float, read_rps: int) -> DrillReport:
    workdir = Path(tempfile.mkdtemp(prefix="rastup-dr-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning", "IDENTITY_KEY_DIR": str(workdir),
           "OUTBOX_DIR": str(workdir / "outbox"), "MEDIA_ROOT": str(workdir / "media")}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    recreate_database(admin_url, database_url)
    _rastup(env, "db", "upgrade")
    _rastup(env, "demo", "seed")
    _rastup(env, "users", "create", "drill@example.com", "--password", PASSWORD)
    _rastup(env, "ops", "backup", "--dir", str(workdir / "backups"))  # the last backup before the drill starts
    server = _serve(env, port, workdir / "service.log")
    _wait_ready(base)
    login = {"email": "drill@example.com", "password": PASSWORD, "api_client": True}
    token = httpx.post(f"{base}/api/auth/login", json=login, timeout=10).json()["session_token"]
    load = _Heartbeats(base, token, read_rps)
    backups_taken: list[float] = [time.time()]
    threads = [threading.Thread(target=load.beat), threading.Thread(target=load.read),
               threading.Thread(target=_backups, args=(env, workdir / "backups", backup_every_s, load.stop,
                                                       backups_taken))]  # fmt: skip
    for thread in threads:
        thread.start()
    time.sleep(run_s)

    disaster = time.time()  # the database is lost, and the service with its machine
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{make_url(database_url).database}" WITH (FORCE)'))
    admin.dispose()
    _stop(server)
    load.stop.set()
    for thread in threads:
        thread.join(60)
    acknowledged = {number: at for number, at in load.acknowledged.items() if at <= disaster}

    restore_started = time.monotonic()
    report = json.loads(_rastup(env, "ops", "restore", "--dir", str(workdir / "backups")))
    restore_s = time.monotonic() - restore_started
    if report["mismatches"] or report["audit_broken_at"]:
        raise RuntimeError(f"the restore's checks failed: {report}")
    server = _serve(env, port, workdir / "service.log")
    try:
        _wait_ready(base)
        rto_s = time.time() - disaster
    finally:
        _stop(server)

    restored = _restored_heartbeats(database_url)
    newest = max(restored, default=0)
    lost = set(acknowledged) - restored
    snapshot = datetime.fromisoformat(json.loads(Path(report["manifest"]).read_text())["taken_at"]).timestamp()
    rpo_s = max(0.0, max(acknowledged.values(), default=snapshot) - snapshot)  # what was written after the snapshot
    return DrillReport(rpo_s=rpo_s, rto_s=rto_s, restore_s=restore_s, heartbeats_acknowledged=len(acknowledged),
                       heartbeats_lost=len(lost), lost_before_last_backup=len({n for n in lost if n <= newest}),
                       backups=len(backups_taken))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The drill's database (recreated, then destroyed)")
    parser.add_argument("--run", type=float, default=150.0, help="seconds of load before the disaster")
    parser.add_argument("--backup-every", type=float, default=30.0, help="seconds between backups (cron)")
    parser.add_argument("--read-rps", type=int, default=20, help="the light read load, requests per second")
    args = parser.parse_args()
    report = drill(args.admin_url, args.database_url, run_s=args.run, backup_every_s=args.backup_every,
                   read_rps=args.read_rps)  # fmt: skip
    print(report.line())
    print(json.dumps(attrs.asdict(report)))
    return 0 if report.within_targets else 1


if __name__ == "__main__":
    sys.exit(main())
