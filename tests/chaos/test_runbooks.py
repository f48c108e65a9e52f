"""Every `sh` block of docs/runbooks runs, in page order, against the test peers: the commands the runbooks name
exist, take the options written there, and do what the page says (the lost database comes back whole, from a
dump or from the WAL archive; a bad deploy's damage is undone; the disk is pruned to what a restore needs)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from adapters.sqlalchemy import backups
from adapters.sqlalchemy.pg_cluster import LocalCluster
from entrypoints.cli.app import app
from tests.harness.processes import free_loopback_port
from tests.harness.wal_peer import ArchivingServer
from tests.integration.served import RASTUP

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

RUNBOOKS = Path(__file__).parents[2] / "docs" / "runbooks"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)
PASSWORD = "violet-Harbour-crane-58-quay"
EXERCISED = {"database-lost.md", "search-down.md", "mail-down.md", "payment-provider-down.md", "disk-full.md",
             "bad-deploy.md"}  # fmt: skip


def _blocks(page: str, section: str = "") -> list[str]:
    """The page's `sh` blocks; with ``section``, only those under the `## ` heading starting with it."""
    text = (RUNBOOKS / page).read_text()
    if section:
        parts = re.split(r"^## ", text, flags=re.MULTILINE)
        text = next(part for part in parts if part.startswith(section))
    return BLOCK.findall(text)


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}", "BACKUP_DIR": str(tmp_path / "backups"),
            "IDENTITY_KEY_DIR": str(tmp_path / "keys"), "OUTBOX_DIR": str(tmp_path / "outbox"),
            "PATH": f"{Path(RASTUP).parent}:{os.environ['PATH']}", "LOG_LEVEL": "warning"}  # fmt: skip


def _run(block: str, env: dict[str, str]) -> str:
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _rastup(env: dict[str, str], *args: str) -> None:
    """A setup command, in this process (no start-up cost); the runbooks' own blocks run as the operator would."""
    done = CliRunner().invoke(app, list(args), env=env)
    assert done.exit_code == 0, done.output


def _execute(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            result = connection.execute(sa.text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def test_every_failure_named_in_the_index_has_its_page_and_a_test_that_runs_it() -> None:
    index = (RUNBOOKS / "README.md").read_text()
    pages = set(re.findall(r"\]\(([\w-]+\.md)\)", index))
    assert pages == EXERCISED
    for page in pages:
        assert _blocks(page), page


def test_the_database_lost_runbook_brings_the_database_back_whole_from_a_dump(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for command in (["db", "upgrade"], ["demo", "seed"], ["ops", "backup", "--dir", env["BACKUP_DIR"]]):
        subprocess.run([RASTUP, *command], env=env, check=True, capture_output=True)
    before = backups.row_counts(env["DATABASE_URL"])
    (tmp_path / "live.db").unlink()  # the disaster
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"live.db{suffix}").unlink(missing_ok=True)
    for block in _blocks("database-lost.md", "Recover from a dump"):
        _run(block, env)
    after = backups.row_counts(env["DATABASE_URL"])
    assert after["profiles"] == before["profiles"] >= 6

    def kept(counts: dict[str, int]) -> dict[str, int]:  # the reindex rewrites the search tables on purpose
        return {table: rows for table, rows in counts.items() if not table.startswith("search")}

    assert kept(after) == kept(before)


@pytest.fixture
def live(archiving_postgres: ArchivingServer) -> Iterator[tuple[ArchivingServer, dict[str, str], LocalCluster]]:
    """The archiving server with the demo in database `rastup` and a base backup; the runbooks' environment; and
    the cluster a restore will start (stopped afterwards)."""
    server = archiving_postgres
    _execute(server.url(), "CREATE DATABASE rastup")
    restored = LocalCluster(server.root / "restored", free_loopback_port())
    env = {**_env(server.root), "DATABASE_URL": server.url("rastup"), "BACKUP_DIR": str(server.root / "backups"),
           "WAL_ARCHIVE": str(server.archive), "RESTORE_DATA_DIR": str(restored.data_dir)}  # fmt: skip
    for command in (["db", "upgrade"], ["demo", "seed"], ["ops", "backup", "--base", "--dir", env["BACKUP_DIR"]]):
        _rastup(env, *command)
    try:
        yield server, env, restored
    finally:
        restored.stop()


def _archived(server: ArchivingServer, deadline_s: float = 20) -> None:
    ((segment,),) = _execute(server.url(), "SELECT pg_walfile_name(pg_switch_wal())")
    deadline = time.monotonic() + deadline_s
    while not (server.archive / str(segment)).exists():
        assert time.monotonic() < deadline, f"{segment} never reached the archive"
        time.sleep(0.1)


def test_the_database_lost_runbook_recovers_a_lost_server_from_its_wal_archive(
    live: tuple[ArchivingServer, dict[str, str], LocalCluster],
) -> None:
    server, env, restored = live
    _rastup(env, "users", "create", "after-the-base-backup@example.com", "--password", PASSWORD)
    profiles = _execute(env["DATABASE_URL"], "SELECT count(*) FROM profiles")[0][0]
    _archived(server)
    server.cluster.stop("immediate")  # the disaster: the server and its disk
    for path in sorted(server.cluster.data_dir.rglob("*"), reverse=True):
        path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    env = {**env, "DATABASE_URL": restored.url("rastup")}
    for block in _blocks("database-lost.md", "Recover from the WAL archive"):
        _run(block, env)
    assert _execute(env["DATABASE_URL"], "SELECT count(*) FROM profiles")[0][0] == profiles
    assert _execute(env["DATABASE_URL"], "SELECT email FROM identity_users") == [("after-the-base-backup@example.com",)]


def test_the_bad_deploy_runbook_switches_off_and_recovers_the_data_from_before_the_deploy(
    live: tuple[ArchivingServer, dict[str, str], LocalCluster],
) -> None:
    server, env, restored = live
    _rastup(env, "users", "create", "before-the-deploy@example.com", "--password", PASSWORD)
    time.sleep(0.3)
    env = {**env, "DEPLOYED_AT": datetime.now(UTC).isoformat()}
    time.sleep(0.3)
    _execute(env["DATABASE_URL"], "UPDATE profiles SET display_name = 'broken by the deploy'")
    _archived(server)
    after_restore = {**env, "DATABASE_URL": restored.url("rastup")}
    restoring = False
    for block in _blocks("bad-deploy.md"):
        restoring = restoring or "ops restore" in block  # the page: from the restore on, DATABASE_URL names it
        _run(block, after_restore if restoring else env)
    assert restoring
    names = {name for (name,) in _execute(after_restore["DATABASE_URL"], "SELECT display_name FROM profiles")}
    assert names and "broken by the deploy" not in names
    assert _execute(after_restore["DATABASE_URL"], "SELECT email FROM identity_users") == [
        ("before-the-deploy@example.com",)
    ]
    flags = _execute(env["DATABASE_URL"], "SELECT count(*) FROM flag_changes")[0][0]
    assert flags == 2  # off, then on again, on the live database


def test_the_disk_full_runbook_prunes_to_the_newest_base_backup_and_the_wal_it_needs(
    live: tuple[ArchivingServer, dict[str, str], LocalCluster],
) -> None:
    server, env, _restored = live
    _rastup(env, "users", "create", "between-backups@example.com", "--password", PASSWORD)
    _archived(server)
    _rastup(env, "ops", "backup", "--base", "--dir", env["BACKUP_DIR"])
    _archived(server)
    before = sorted(path.name for path in server.archive.iterdir())
    for block in _blocks("disk-full.md"):
        _run(block, env)
    after = sorted(path.name for path in server.archive.iterdir())
    newest_backup = [name for name in after if name.endswith(".backup")][-1]
    assert len(list(Path(env["BACKUP_DIR"]).glob("base-*.manifest.json"))) == 1
    assert len([p for p in Path(env["BACKUP_DIR"]).glob("base-*") if p.is_dir()]) == 1
    older = [name for name in before if len(name) == 24 and name < newest_backup[:24]]
    assert older and not set(older) & set(after)  # the segments only the older base backup needed are gone
    assert newest_backup[:24] in after  # and those the newest one needs are kept (the archive keeps growing)


def test_the_payment_provider_runbook_runs_against_localstripe(localstripe: str, tmp_path: Path) -> None:
    env = {**_env(tmp_path), "PAYMENTS_BACKEND": "stripe", "STRIPE_API_KEY": "sk_test_runbook",
           "STRIPE_API_BASE": localstripe, "INCIDENT_START": "2026-12-04T17:00:00"}  # fmt: skip
    _rastup(env, "db", "upgrade")
    outputs = [_run(block, env) for block in _blocks("payment-provider-down.md")]
    assert '"mismatches": []' in outputs[-1]


@pytest.mark.parametrize("page", ["search-down.md", "mail-down.md"])
def test_the_switch_and_queue_runbooks_run_as_written(page: str, tmp_path: Path) -> None:
    env = _env(tmp_path)
    for command in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run([RASTUP, *command], env=env, check=True, capture_output=True)
    for block in _blocks(page):
        _run(block, env)
