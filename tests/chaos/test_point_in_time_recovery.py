"""Point-in-time recovery through the CLI, on a throwaway server archiving its WAL: `rastup ops backup --base`, then
writes, a moment, a bad deploy's damage, and `rastup ops restore --to` that moment into a fresh data directory on
its own port. Everything committed before the moment is back, nothing after it, the audit chain verifies and every
ledger balances; restored to the archive's end, the damage to a ledger fails the check."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from adapters.sqlalchemy.pg_cluster import LocalCluster
from entrypoints.cli.app import app
from tests.harness.moto_peer import AwsEndpoint
from tests.harness.processes import free_loopback_port
from tests.harness.wal_peer import ArchivingServer

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

PASSWORD = "violet-Harbour-crane-58-quay"
runner = CliRunner()


def _rastup(env: dict[str, str], *args: str) -> str:
    """``rastup ARGS`` in this process (the same commands as the installed script, without its start-up cost)."""
    done = runner.invoke(app, list(args), env=env)
    assert done.exit_code == 0, f"rastup {' '.join(args)}\n{done.output}\n{done.exception!r}"
    return done.stdout


def _execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            results = [connection.execute(sa.text(statement)) for statement in statements]
            return [tuple(row) for result in results if result.returns_rows for row in result]
    finally:
        engine.dispose()


def _emails(url: str) -> set[str]:
    return {str(email) for (email,) in _execute(url, "SELECT email FROM identity_users")}


def _archived_past(server: ArchivingServer, deadline_s: float = 20) -> None:
    """Close the current WAL segment and wait until the archive holds it (what archive_timeout does anyway)."""
    (segment,) = _execute(server.url(), "SELECT pg_walfile_name(pg_switch_wal())")[0]
    deadline = time.monotonic() + deadline_s
    while not (server.archive / str(segment)).exists():
        assert time.monotonic() < deadline, f"{segment} never reached the archive"
        time.sleep(0.1)


def test_a_restore_to_a_moment_holds_what_was_committed_before_it_and_nothing_after(
    archiving_postgres: ArchivingServer,
) -> None:
    server = archiving_postgres
    database = server.url("rastup")
    _execute(server.url(), "CREATE DATABASE rastup")
    env = {"DATABASE_URL": database, "LOG_LEVEL": "warning", "IDENTITY_KEY_DIR": str(server.root / "k"),
           "OUTBOX_DIR": str(server.root / "outbox")}  # fmt: skip
    backups = server.root / "backups"
    for command in (["db", "upgrade"], ["demo", "seed"], ["users", "create", "before-base@example.com",
                    "--password", PASSWORD]):  # fmt: skip
        _rastup(env, *command)
    based = json.loads(_rastup(env, "ops", "backup", "--base", "--dir", str(backups)))
    assert based["manifest"].endswith(".manifest.json")
    _rastup(env, "users", "create", "after-base@example.com", "--password", PASSWORD)  # only in the WAL
    _execute(database, *(_entry(line, account, amount) for line, account, amount in LEDGER))  # balanced
    profiles = _execute(database, "SELECT count(*) FROM profiles")[0][0]
    assert profiles >= 6
    time.sleep(0.3)
    moment = datetime.now(UTC)
    time.sleep(0.3)
    _rastup(env, "users", "create", "after-moment@example.com", "--password", PASSWORD)
    _execute(database, "UPDATE profiles SET display_name = 'defaced'",  # the bad deploy's damage
             "UPDATE ledger_entries SET amount = -9000 WHERE booking_id = 'bkg_pitr' AND line = 1")  # fmt: skip
    _archived_past(server)

    port = free_loopback_port()
    restored_env = {**env, "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{port}/rastup"}
    data_dir = server.root / "restored"
    started = time.monotonic()
    try:
        report = json.loads(_rastup(restored_env, "ops", "restore", "--dir", str(backups), "--to", moment.isoformat(),
                                    "--archive", str(server.archive), "--data-dir", str(data_dir)))  # fmt: skip
        elapsed = time.monotonic() - started
        assert report["port"] == port and report["audit_broken_at"] is None and report["audit_entries"] > 0
        assert report["ledger_bookings"] == 1 and report["ledger_unbalanced"] == []
        restored = restored_env["DATABASE_URL"]
        assert _emails(restored) == {"before-base@example.com", "after-base@example.com"}
        names = _execute(restored, "SELECT display_name FROM profiles")
        assert len(names) == profiles and ("defaced",) not in names  # the damage came after the moment
        assert elapsed < 120, elapsed
        _rastup(restored_env, "users", "create", "on-the-restored@example.com", "--password", PASSWORD)  # writable
    finally:
        LocalCluster(data_dir, port).stop()
    to_the_end = ["ops", "restore", "--dir", str(backups), "--to", "latest", "--archive", str(server.archive),
                  "--data-dir", str(server.root / "latest")]  # fmt: skip
    latest = runner.invoke(app, to_the_end, env=restored_env)
    try:
        assert latest.exit_code == 1, latest.output
        assert json.loads(latest.stdout)["ledger_unbalanced"] == [{"booking_id": "bkg_pitr", "currency": "USD",
                                                                   "sum": 3000}]  # fmt: skip
        assert "restore check FAILED: the ledger of 1 booking(s) does not balance: bkg_pitr" in latest.stderr
        assert "replay the WAL to its end" in latest.stderr and "balance every booking's ledger" in latest.stderr
    finally:
        LocalCluster(server.root / "latest", port).stop()


LEDGER = [(0, "captured", 12_000), (1, "client", -12_000)]


def _entry(line: int, account: str, amount: int) -> str:
    columns = "booking_id, posting_key, line, kind, account, amount, currency, occurred_at"
    values = f"'bkg_pitr', 'capture:pi_1', {line}, 'capture', '{account}', {amount}, 'USD', now()"
    return f"INSERT INTO ledger_entries ({columns}) VALUES ({values})"


def test_a_restore_refuses_a_moment_before_every_base_backup_and_a_used_data_directory(
    archiving_postgres: ArchivingServer,
) -> None:
    server = archiving_postgres
    env = {"DATABASE_URL": server.url(), "LOG_LEVEL": "warning"}
    backups = server.root / "backups"
    _rastup(env, "ops", "backup", "--base", "--dir", str(backups))
    used = server.root / "used"
    used.mkdir()
    (used / "something").touch()
    port = free_loopback_port()
    target = {**env, "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"}
    for moment, data_dir, says in (("2020-01-01T00:00:00+00:00", server.root / "fresh", "no base backup"),
                                   ("latest", used, "not empty"), ("2026-01-01T00:00", used, "offset")):  # fmt: skip
        done = runner.invoke(app, ["ops", "restore", "--dir", str(backups), "--to", moment, "--archive",
                                   str(server.archive), "--data-dir", str(data_dir)], env=target)  # fmt: skip
        assert done.exit_code != 0 and says in done.output, (moment, done.output)


def test_the_wal_archive_mirrored_to_s3_restores_a_server_lost_with_its_machine(
    archiving_postgres: ArchivingServer, aws_api: AwsEndpoint
) -> None:
    server = archiving_postgres
    aws_api.client("s3").create_bucket(Bucket="rastup-wal")
    s3 = {"AWS_ENDPOINT_URL": aws_api.url, "AWS_REGION": aws_api.region, "AWS_ACCESS_KEY_ID": aws_api.access_key_id,
          "AWS_SECRET_ACCESS_KEY": aws_api.secret_access_key}  # fmt: skip
    env = {"DATABASE_URL": server.url("rastup"), "LOG_LEVEL": "warning", **s3}
    backups = server.root / "backups"
    _execute(server.url(), "CREATE DATABASE rastup")
    _rastup(env, "db", "upgrade")
    _rastup(env, "ops", "backup", "--base", "--dir", str(backups))
    _execute(env["DATABASE_URL"], "CREATE TABLE heartbeats (n int)", "INSERT INTO heartbeats VALUES (1), (2), (3)")
    _archived_past(server)
    pushed = json.loads(_rastup(env, "ops", "wal-sync", "--dir", str(server.archive), "--bucket", "rastup-wal"))
    assert pushed["copied"] >= 3
    again = json.loads(_rastup(env, "ops", "wal-sync", "--dir", str(server.archive), "--bucket", "rastup-wal"))
    assert again["copied"] == 0 and again["already"] == pushed["copied"]  # a mirror, not a second copy

    server.cluster.stop("immediate")  # the machine is lost: the server, and the archive beside it
    for segment in server.archive.iterdir():
        segment.unlink()
    fetched = server.root / "fetched"
    pulled = json.loads(_rastup(env, "ops", "wal-sync", "--dir", str(fetched), "--bucket", "rastup-wal", "--pull"))
    assert pulled["copied"] == pushed["copied"]
    port = free_loopback_port()
    restored = {**env, "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{port}/rastup"}
    try:
        _rastup(restored, "ops", "restore", "--dir", str(backups), "--to", "latest", "--archive", str(fetched),
                "--data-dir", str(server.root / "restored"))  # fmt: skip
        assert _execute(restored["DATABASE_URL"], "SELECT n FROM heartbeats ORDER BY n") == [(1,), (2,), (3,)]
    finally:
        LocalCluster(server.root / "restored", port).stop()
