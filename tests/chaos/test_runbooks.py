"""Every `sh` block of docs/runbooks runs, in page order, against a test database: the commands the runbooks
name exist, take the options written there, and do what the page says (the lost database comes back whole)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from adapters.sqlalchemy import backups
from tests.integration.served import RASTUP

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

RUNBOOKS = Path(__file__).parents[2] / "docs" / "runbooks"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(page: str) -> list[str]:
    return BLOCK.findall((RUNBOOKS / page).read_text())


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}", "BACKUP_DIR": str(tmp_path / "backups"),
            "IDENTITY_KEY_DIR": str(tmp_path / "keys"), "OUTBOX_DIR": str(tmp_path / "outbox"),
            "PATH": f"{Path(RASTUP).parent}:{os.environ['PATH']}", "LOG_LEVEL": "warning"}  # fmt: skip


def _run(block: str, env: dict[str, str]) -> None:
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"


def test_every_failure_named_in_the_index_has_its_page() -> None:
    index = (RUNBOOKS / "README.md").read_text()
    for page in re.findall(r"\]\(([\w-]+\.md)\)", index):
        assert _blocks(page), page


def test_the_database_lost_runbook_brings_the_database_back_whole(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for command in (["db", "upgrade"], ["demo", "seed"], ["ops", "backup", "--dir", env["BACKUP_DIR"]]):
        subprocess.run([RASTUP, *command], env=env, check=True, capture_output=True)
    before = backups.row_counts(env["DATABASE_URL"])
    (tmp_path / "live.db").unlink()  # the disaster
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"live.db{suffix}").unlink(missing_ok=True)
    for block in _blocks("database-lost.md"):
        _run(block, env)
    after = backups.row_counts(env["DATABASE_URL"])
    assert after["profiles"] == before["profiles"] >= 6

    def kept(counts: dict[str, int]) -> dict[str, int]:  # the reindex rewrites the search tables on purpose
        return {table: rows for table, rows in counts.items() if not table.startswith("search")}

    assert kept(after) == kept(before)


@pytest.mark.parametrize("page", ["search-down.md", "mail-down.md"])
def test_the_switch_and_queue_runbooks_run_as_written(page: str, tmp_path: Path) -> None:
    env = _env(tmp_path)
    for command in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run([RASTUP, *command], env=env, check=True, capture_output=True)
    for block in _blocks(page):
        _run(block, env)
