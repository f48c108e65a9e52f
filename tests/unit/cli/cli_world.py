"""The CLI over a throwaway SQLite database: what every CLI test file needs before its own setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from entrypoints.cli.app import app

runner = CliRunner()
PASSWORD = "violet-Harbour-crane-58-quay"


def migrated_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the CLI's environment at a fresh SQLite file under ``tmp_path`` (keys, mail outbox and media beside
    it) and migrate it; returns the database URL."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("IDENTITY_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return url
