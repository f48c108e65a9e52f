"""`rastup ops backup|restore` on SQLite and PostgreSQL: a restore holds what the manifest counted, a backup
taken under writes is one snapshot, a restore refuses an existing database or a file that changed, and fails its
check when a booking's ledger does not balance; both say how far they got on stderr."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from adapters.sqlalchemy import backups
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables.ledger import ledger_entries
from core.shared.errors import AlreadyExists, InvalidInput
from tests.integration.served import RASTUP

pytestmark = pytest.mark.integration
NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def _rastup(database_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "IDENTITY_KEY_DIR": str(tmp_path / "keys")}
    return subprocess.run([RASTUP, *args], env=env, capture_output=True, text=True, check=False)


def test_the_embedded_database_round_trips_through_the_cli_with_its_checks(tmp_path: Path) -> None:
    source, target = f"sqlite:///{tmp_path / 'live.db'}", f"sqlite:///{tmp_path / 'restored.db'}"
    assert _rastup(source, tmp_path, "db", "upgrade").returncode == 0
    assert _rastup(source, tmp_path, "demo", "seed").returncode == 0
    taken = _rastup(source, tmp_path, "ops", "backup", "--dir", str(tmp_path / "backups"))
    assert taken.returncode == 0, taken.stderr
    restored = _rastup(target, tmp_path, "ops", "restore", "--dir", str(tmp_path / "backups"))
    assert restored.returncode == 0, restored.stderr
    report = json.loads(restored.stdout)
    assert report["mismatches"] == {} and report["audit_broken_at"] is None and report["ledger_unbalanced"] == []
    # not a terminal: plain lines on stderr, a phase each and a step per table counted
    assert "backup [" in taken.stderr and "count rows 1/" in taken.stderr and "profiles" in taken.stderr
    for phase in ("digest (SHA-256)", "restore (SQLite online backup)", "count rows", "verify the audit chain",
                  "balance every booking's ledger"):  # fmt: skip
        assert f"] {phase}" in restored.stderr, restored.stderr
    assert report["rows"] == json.loads(taken.stdout)["rows"] > 0
    assert backups.row_counts(target)["profiles"] == backups.row_counts(source)["profiles"] >= 6
    again = _rastup(target, tmp_path, "ops", "restore", "--dir", str(tmp_path / "backups"))
    assert again.returncode == 4 and "already exists" in again.stderr  # never over a database by accident


def test_a_restore_whose_ledger_was_tampered_fails_its_check_naming_the_booking(tmp_path: Path) -> None:
    source, target = f"sqlite:///{tmp_path / 'live.db'}", f"sqlite:///{tmp_path / 'restored.db'}"
    upgrade(source)
    engine = sa.create_engine(source, poolclass=NullPool)
    line = {"posting_key": "capture:pi_1", "kind": "capture", "currency": "USD", "intent_id": "pi_1",
            "occurred_at": NOW}  # fmt: skip
    with engine.begin() as connection:  # two bookings' double entries, balanced
        connection.execute(sa.insert(ledger_entries), [
            {**line, "booking_id": booking, "line": n, "account": account, "amount": amount}
            for booking in ("bkg_fine", "bkg_tampered")
            for n, (account, amount) in enumerate([("captured", 12_000), ("client", -12_000)])
        ])  # fmt: skip
    engine.dispose()
    manifest = backups.backup(source, tmp_path / "backups", NOW)
    dump = manifest.parent / backups.Manifest.read(manifest).file
    with sqlite3.connect(dump) as copy:  # one entry changed in the dump, its digest recomputed as a forger would
        copy.execute("UPDATE ledger_entries SET amount = -11000 WHERE booking_id = 'bkg_tampered' AND line = 1")
    copy.close()
    forged = json.loads(manifest.read_text()) | {"sha256": hashlib.sha256(dump.read_bytes()).hexdigest()}
    manifest.write_text(json.dumps(forged))

    restored = _rastup(target, tmp_path, "ops", "restore", str(manifest))
    assert restored.returncode == 1, restored.stderr
    report = json.loads(restored.stdout)
    assert report["mismatches"] == {} and report["audit_broken_at"] is None  # the row counts cannot tell
    assert report["ledger_bookings"] == 2
    assert report["ledger_unbalanced"] == [{"booking_id": "bkg_tampered", "currency": "USD", "sum": 1_000}]
    assert "restore check FAILED: the ledger of 1 booking(s) does not balance: bkg_tampered (USD +1000)" in (
        restored.stderr
    )


def test_a_backup_whose_file_changed_is_refused(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(source)
    manifest = backups.backup(source, tmp_path / "backups", NOW)
    dump = manifest.parent / backups.Manifest.read(manifest).file
    dump.write_bytes(dump.read_bytes() + b"x")
    with pytest.raises(InvalidInput):
        backups.restore(manifest, f"sqlite:///{tmp_path / 'restored.db'}")


class Recorded:
    """A ``BackupProgress`` that keeps what it was told: each phase's total and steps."""

    def __init__(self) -> None:
        self.totals: dict[str, int] = {}
        self.steps: dict[str, list[str]] = {}
        self._phase = ""

    def phase(self, name: str, total: int = 0) -> None:
        self._phase, self.totals[name], self.steps[name] = name, total, []

    def step(self, item: str) -> None:
        self.steps[self._phase].append(item)


def test_a_postgres_backup_under_writes_is_one_snapshot_and_restores_exactly(pg_url: str, tmp_path: Path) -> None:
    upgrade(pg_url)
    engine = sa.create_engine(pg_url, poolclass=NullPool)
    stop = threading.Event()
    written = threading.Event()

    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE drill_writes (id serial PRIMARY KEY)"))

    def write() -> None:  # rows land while pg_dump runs: the manifest must count the dump's snapshot
        while not stop.is_set():
            with engine.begin() as connection:
                connection.execute(sa.text("INSERT INTO drill_writes DEFAULT VALUES"))
            written.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:  # on a loaded machine the thread may not have run yet: the dump must start after a committed row
        assert written.wait(30), "the writer committed no row"
        manifest = backups.backup(pg_url, tmp_path / "backups", NOW, dumped := Recorded())
    finally:
        stop.set()
        writer.join(10)
        engine.dispose()
    target = make_url(pg_url).set(database=f"{make_url(pg_url).database}_restored").render_as_string(False)
    try:
        restored = backups.restore(manifest, target, progress=(arrived := Recorded()))
        assert restored.mismatches == {}
        tables = set(restored.row_counts)  # pg_dump and pg_restore (--verbose) name each table they move
        assert set(dumped.steps["dump (pg_dump -Fc)"]) == set(arrived.steps["restore (pg_restore)"]) == tables
        assert dumped.totals["dump (pg_dump -Fc)"] == arrived.totals["restore (pg_restore)"] == len(tables)
        assert restored.row_counts["drill_writes"] == backups.Manifest.read(manifest).row_counts["drill_writes"] >= 1
        with pytest.raises(AlreadyExists):
            backups.restore(manifest, target)
        assert backups.restore(manifest, target, replace=True).mismatches == {}
    finally:
        admin = sa.create_engine(make_url(pg_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{make_url(target).database}" WITH (FORCE)'))
        admin.dispose()
        cleanup = sa.create_engine(pg_url, poolclass=NullPool)
        with cleanup.begin() as connection:  # the session's database is shared: leave it as found
            connection.execute(sa.text("DROP TABLE drill_writes"))
        cleanup.dispose()
