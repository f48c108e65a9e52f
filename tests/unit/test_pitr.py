"""Point-in-time recovery's choices made before any server runs: which base backup serves a moment, what a
restore refuses, and the settings that make a server archive its WAL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.sqlalchemy import pitr
from core.shared.errors import InvalidInput

DAY = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def _base(directory: Path, started: datetime, minutes: int = 2) -> Path:
    stem = f"base-{started.strftime('%Y%m%dT%H%M%S.%fZ')}"
    (directory / stem).mkdir(parents=True)
    (directory / stem / "base.tar.gz").write_bytes(b"not really a tar")
    finished = (started + timedelta(minutes=minutes)).isoformat()
    manifest = directory / f"{stem}{pitr.MANIFEST_SUFFIX}"
    pitr.BaseBackup(started.isoformat(), finished, stem, {"base.tar.gz": "0" * 64}).write(manifest)
    return manifest


def test_a_moment_is_served_by_the_newest_base_backup_that_ended_before_it(tmp_path: Path) -> None:
    first, second = _base(tmp_path, DAY), _base(tmp_path, DAY + timedelta(days=1))
    assert pitr.base_backup_for(tmp_path, DAY + timedelta(hours=5)) == first
    assert pitr.base_backup_for(tmp_path, DAY + timedelta(days=1, minutes=1)) == first  # the second had not ended
    assert pitr.base_backup_for(tmp_path, DAY + timedelta(days=2)) == second
    assert pitr.base_backup_for(tmp_path, None) == second  # the latest moment


def test_a_moment_before_every_base_backup_is_refused(tmp_path: Path) -> None:
    _base(tmp_path, DAY)
    with pytest.raises(InvalidInput, match="no base backup that ended before"):
        pitr.base_backup_for(tmp_path, DAY - timedelta(hours=1))


def test_a_base_backup_whose_file_differs_from_its_manifest_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    manifest = _base(tmp_path / "backups", DAY)
    (tmp_path / "wal").mkdir()
    with pytest.raises(InvalidInput, match="differs from its manifest"):
        pitr.restore_to(manifest, tmp_path / "wal", tmp_path / "data", 5499, None)
    assert not (tmp_path / "data").exists()


def test_archiving_settings_copy_each_segment_once_and_bound_the_wait(tmp_path: Path) -> None:
    settings = pitr.archiving_settings(tmp_path, 10)
    assert settings["archive_mode"] == "on" and settings["archive_timeout"] == "10"
    archive = tmp_path.resolve()
    assert settings["archive_command"] == (  # copied under a hidden name, then renamed: never a short segment
        f'test ! -f "{archive}/%f" && cp "%p" "{archive}/.%f.copying" && mv "{archive}/.%f.copying" "{archive}/%f"'
    )
