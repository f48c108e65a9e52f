"""`make dr-drill`: lose a PostgreSQL server under light load, recover it to its last archived moment, measure RPO
and RTO.

The drill starts a throwaway PostgreSQL server of its own (initdb on a free loopback port; the shared server is
never reconfigured) that archives its WAL into a directory (`archive_timeout` --archive-timeout seconds), takes
`rastup ops backup --base`, and serves the service on it. A heartbeat (a profile draft through the API, with an
idempotency key) is acknowledged every second while a light read load runs. Then the disaster: the server is
killed (`pg_ctl stop -m immediate`), its data directory deleted, the service stopped. Recovery: `rastup ops restore
--to latest` (the base backup, then every archived WAL segment replayed, into a fresh data directory on a new port;
its audit check must pass), the service started on it, `/readyz` green. Then the derived stores are checked
against the restored database: `rastup search reindex` rebuilds the search index from it (on Typesense into a new
collection behind an alias swap; the SQL backend by default here) and the indexed documents must equal the
published profiles; `rastup ops check-media` must find no media row without its object (orphans are listed).

RPO = the last heartbeat acknowledged before the disaster - the newest heartbeat restored (0 when none is lost);
every heartbeat acknowledged before that one must be back.
RTO = from the disaster to `/readyz` answering 200. Targets: RPO <= 60 s, RTO <= 600 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import httpx
import sqlalchemy as sa
from PIL import Image
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).parent))
from service import BIN, free_port, serve_logged, stop, wait_ready

from adapters.sqlalchemy import pg_cluster, pitr

PASSWORD = "violet-Harbour-crane-58-quay"
RPO_TARGET_S, RTO_TARGET_S = 60.0, 600.0


@attrs.frozen
class DrillReport:
    rpo_s: float
    rto_s: float
    restore_s: float
    heartbeats_acknowledged: int
    heartbeats_lost: int
    lost_before_newest_restored: int  # must be 0: a restore replays the archive in order, it leaves no hole
    archive_timeout_s: int
    segments_archived: int
    published_profiles: int  # in the restored database
    indexed_documents: int  # after the reindex: must equal published_profiles
    media_rows: int
    media_missing: int  # rows naming an object the store lacks: must be 0
    media_orphans: int  # objects no row names: listed by `rastup ops check-media`, not fatal

    @property
    def derived_stores_agree(self) -> bool:
        return self.indexed_documents == self.published_profiles and self.media_missing == 0

    @property
    def within_targets(self) -> bool:
        return (self.rpo_s <= RPO_TARGET_S and self.rto_s <= RTO_TARGET_S and self.lost_before_newest_restored == 0
                and self.derived_stores_agree)  # fmt: skip

    def line(self) -> str:
        return (
            f"dr-drill (point-in-time recovery): RPO {self.rpo_s:.1f} s ({self.heartbeats_lost} of "
            f"{self.heartbeats_acknowledged} heartbeats lost; archive_timeout {self.archive_timeout_s} s, "
            f"{self.segments_archived} WAL segments archived), RTO {self.rto_s:.1f} s (restore {self.restore_s:.1f} s)"
            f"; reindex {self.indexed_documents} documents for {self.published_profiles} published profiles, media "
            f"{self.media_rows} rows, {self.media_missing} missing objects, {self.media_orphans} orphans"
            f" | targets RPO <= {RPO_TARGET_S:.0f} s, RTO <= {RTO_TARGET_S:.0f} s: "
            + ("PASS" if self.within_targets else "FAIL")
        )


def _rastup(env: dict[str, str], *args: str) -> str:
    return subprocess.run([str(BIN / "rastup"), *args], env=env, check=True, capture_output=True, text=True).stdout


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


def _upload_one_image(base: str, token: str) -> None:
    """A portfolio image through the API (start, PUT, complete), so the media check has a row and its objects."""
    image = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 90, 160)).save(image, "JPEG")
    data = image.getvalue()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        profile = client.post("/api/profiles", json={"display_name": "drill portfolio"}).raise_for_status().json()
        wanted = {"content_type": "image/jpeg", "size": len(data)}
        started = client.post(f"/api/profiles/{profile['id']}/media", json=wanted).raise_for_status().json()
        upload_path = urlsplit(started["upload_url"]).path  # MEDIA_BASE_URL may name another port: this service
        httpx.put(f"{base}{upload_path}", content=data, headers=started["headers"], timeout=30).raise_for_status()
        client.post(f"/api/media/{started['media_id']}/complete").raise_for_status()


def _restored_heartbeats(database_url: str) -> set[int]:
    engine = sa.create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        names = connection.execute(sa.text("SELECT display_name FROM profiles WHERE display_name LIKE 'heartbeat-%'"))
        found = {int(name.removeprefix("heartbeat-")) for (name,) in names}
    engine.dispose()
    return found


def _published_profiles(database_url: str) -> int:
    engine = sa.create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM profiles WHERE status = 'published'")).scalar_one()
    engine.dispose()
    return int(count)


@attrs.frozen
class _DerivedStores:
    published_profiles: int
    indexed_documents: int
    media: dict[str, Any]


def _check_derived_stores(env: dict[str, str]) -> _DerivedStores:
    """The search index rebuilt from the restored database, and the media store checked against it."""
    _rastup(env, "search", "reindex")
    documents = json.loads(_rastup(env, "search", "status"))["documents"]
    media = subprocess.run([str(BIN / "rastup"), "ops", "check-media"], env=env, capture_output=True, text=True)
    if media.returncode not in (0, 1):
        raise RuntimeError(f"rastup ops check-media failed: {media.stderr}")
    return _DerivedStores(_published_profiles(env["DATABASE_URL"]), int(documents), json.loads(media.stdout))


def drill(*, run_s: float, archive_timeout_s: int, read_rps: int) -> DrillReport:
    workdir = Path(tempfile.mkdtemp(prefix="rastup-dr-"))  # the server's user must enter it: not under a 0700 tree
    archive = workdir / "wal"
    archive.mkdir()
    pg_cluster.hand_to_server_user(workdir)
    primary = pg_cluster.initdb(workdir / "primary", free_port(), pitr.archiving_settings(archive, archive_timeout_s))
    restored: pg_cluster.LocalCluster | None = None
    try:
        primary.start(deadline_s=60)
        admin = sa.create_engine(primary.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with admin.connect() as connection:
            connection.execute(sa.text("CREATE DATABASE rastup_dr"))
        admin.dispose()
        restored = pg_cluster.LocalCluster(workdir / "restored", free_port())
        return _drill(workdir, primary, restored, run_s=run_s, archive_timeout_s=archive_timeout_s, read_rps=read_rps)
    finally:
        for cluster in (primary, restored):
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.stop("immediate")
        shutil.rmtree(workdir, ignore_errors=True)


def _drill(
    workdir: Path, primary: pg_cluster.LocalCluster, restored: pg_cluster.LocalCluster, *, run_s: float,
    archive_timeout_s: int, read_rps: int,
) -> DrillReport:  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": primary.url("rastup_dr"), "LOG_LEVEL": "warning",
           "IDENTITY_KEY_DIR": str(workdir / "keys"), "OUTBOX_DIR": str(workdir / "outbox"),
           "MEDIA_ROOT": str(workdir / "media")}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    _rastup(env, "db", "upgrade")
    _rastup(env, "demo", "seed")
    _rastup(env, "users", "create", "drill@example.com", "--password", PASSWORD)
    _rastup(env, "ops", "backup", "--base", "--dir", str(workdir / "backups"))  # the nightly base backup
    server = serve_logged(env, port, workdir / "service.log")
    wait_ready(base)
    login = {"email": "drill@example.com", "password": PASSWORD, "api_client": True}
    token = httpx.post(f"{base}/api/auth/login", json=login, timeout=10).json()["session_token"]
    _upload_one_image(base, token)
    load = _Heartbeats(base, token, read_rps)
    threads = [threading.Thread(target=load.beat), threading.Thread(target=load.read)]
    for thread in threads:
        thread.start()
    time.sleep(run_s)

    disaster = time.time()  # the server dies with its disk; what it had not archived yet is gone
    primary.stop("immediate")
    shutil.rmtree(primary.data_dir)
    stop(server)
    load.stop.set()
    for thread in threads:
        thread.join(60)
    acknowledged = {number: at for number, at in load.acknowledged.items() if at <= disaster}

    restore_started = time.monotonic()
    env = {**env, "DATABASE_URL": restored.url("rastup_dr")}
    report = json.loads(_rastup(env, "ops", "restore", "--dir", str(workdir / "backups"), "--to", "latest",
                                "--archive", str(workdir / "wal"), "--data-dir", str(restored.data_dir)))  # fmt: skip
    restore_s = time.monotonic() - restore_started
    if report["audit_broken_at"]:
        raise RuntimeError(f"the restore's checks failed: {report}")
    server = serve_logged(env, port, workdir / "service.log")
    try:
        wait_ready(base)
        rto_s = time.time() - disaster
    finally:
        stop(server)
    derived = _check_derived_stores(env)

    back = _restored_heartbeats(restored.url("rastup_dr")) & set(acknowledged)
    newest = max(back, default=0)
    lost = set(acknowledged) - back
    segments = [name for name in os.listdir(workdir / "wal") if len(name) == 24]  # whole or forced segments
    return DrillReport(rpo_s=_rpo(acknowledged, newest, lost), rto_s=rto_s, restore_s=restore_s,
                       heartbeats_acknowledged=len(acknowledged), heartbeats_lost=len(lost),
                       lost_before_newest_restored=len({n for n in lost if n < newest}),
                       archive_timeout_s=archive_timeout_s, segments_archived=len(segments),
                       published_profiles=derived.published_profiles, indexed_documents=derived.indexed_documents,
                       media_rows=derived.media["rows"], media_missing=len(derived.media["missing"]),
                       media_orphans=len(derived.media["orphans"]))  # fmt: skip


def _rpo(acknowledged: dict[int, float], newest_restored: int, lost: set[int]) -> float:
    """Seconds of acknowledged writes lost: the last acknowledgement less the newest restored one's."""
    if not lost:
        return 0.0
    since = acknowledged[newest_restored] if newest_restored else min(acknowledged.values())
    return max(acknowledged.values()) - since


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=float, default=150.0, help="seconds of load before the disaster")
    parser.add_argument("--archive-timeout", type=int, default=10, help="the server's archive_timeout, seconds")
    parser.add_argument("--read-rps", type=int, default=20, help="the light read load, requests per second")
    args = parser.parse_args()
    report = drill(run_s=args.run, archive_timeout_s=args.archive_timeout, read_rps=args.read_rps)
    print(report.line())
    print(json.dumps(attrs.asdict(report)))
    return 0 if report.within_targets else 1


if __name__ == "__main__":
    sys.exit(main())
