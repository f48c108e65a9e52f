"""`rastup media ...` on SQLite and the local store: the staff queue, decisions and reprocessing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config.container import build_container
from core.media.commands import CompleteUpload, StartUpload
from core.media.uploads import start_upload
from core.profiles.commands import CreateProfileDraft
from core.profiles.handlers import create_profile_draft
from core.shared.actor import OPERATOR
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_INVALID, EXIT_NOT_FOUND
from tests.unit.media import images

runner = CliRunner()


@pytest.fixture
def pending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A media item waiting for review (the default moderator is manual)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'media.db'}")
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    container = build_container()
    profile = create_profile_draft(
        CreateProfileDraft(OPERATOR, "Ana"), container.profiles_uow(), container.clock(), container.ids()
    )
    data = images.jpeg()
    commands = container.commands()
    asset, _ = commands.handle(
        StartUpload(actor=OPERATOR, profile_id=profile.id, content_type="image/jpeg", size=len(data))
    )
    container.media_store().put(asset.original_key, data, "image/jpeg")
    commands.handle(CompleteUpload(actor=OPERATOR, media_id=asset.id))
    container.shutdown_resources()
    return asset.id


def run(*args: str) -> list[dict]:
    result = runner.invoke(app, ["media", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_the_queue_approve_reject_and_reprocess(pending: str) -> None:
    (queued,) = run("review-queue")
    assert (queued["id"], queued["status"], queued["verdict"]["moderator"]) == (pending, "pending_review", "manual")
    (approved,) = run("approve", pending, "--staff", "kim")
    assert approved["status"] == "approved" and all(v["url"] for v in approved["variants"])
    assert run("review-queue") == []
    refused = runner.invoke(app, ["media", "reject", pending, "--staff", "kim", "--reason", " "])
    assert refused.exit_code == EXIT_INVALID and "reason" in refused.output
    (rejected,) = run("reject", pending, "--staff", "kim", "--reason", "not your work")
    assert rejected["review"]["reason"] == "not your work" and all(v["url"] is None for v in rejected["variants"])
    (again,) = run("reprocess", pending)
    assert (again["revision"], again["status"]) == (2, "rejected")
    assert run("reprocess", "--stuck") == []
    assert runner.invoke(app, ["media", "approve", "med_nope", "--staff", "kim"]).exit_code == EXIT_NOT_FOUND
    assert runner.invoke(app, ["media", "reprocess", pending, "--stuck"]).exit_code == 2


def test_purge_abandoned_forgets_an_upload_nobody_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime, timedelta

    from adapters.memory.clock import FixedClock

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'media.db'}")
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    container = build_container()
    profile = create_profile_draft(CreateProfileDraft(OPERATOR, "Ana"), container.profiles_uow(), container.clock(),
                                   container.ids())  # fmt: skip
    data, store = images.jpeg(), container.media_store()
    two_days_ago = FixedClock(datetime.now(UTC) - timedelta(days=2))
    for _ in range(2):  # one started two days ago, one just now
        command = StartUpload(actor=OPERATOR, profile_id=profile.id, content_type="image/jpeg", size=len(data))
        asset, _ = start_upload(command, container.media_uow(), container.media_services(), two_days_ago,
                                container.ids())  # fmt: skip
        store.put(asset.original_key, data, "image/jpeg")  # the PUT arrived; the completion call never did
        two_days_ago = container.clock()
    originals = tmp_path / "media" / "originals"
    assert len([p for p in originals.rglob("*") if p.is_file()]) == 2
    container.shutdown_resources()
    purged = runner.invoke(app, ["media", "purge-abandoned"])
    assert purged.exit_code == 0, purged.output
    assert json.loads(purged.stdout)["count"] == 1
    assert len([p for p in originals.rglob("*") if p.is_file()]) == 1  # the recent one stays
    assert json.loads(runner.invoke(app, ["media", "purge-abandoned"]).stdout)["count"] == 0
    assert runner.invoke(app, ["media", "purge-abandoned", "--older-than-hours", "-1"]).exit_code != 0


def test_check_media_lists_a_missing_object_and_an_orphan(pending: str) -> None:
    (sound,) = [json.loads(line) for line in runner.invoke(app, ["ops", "check-media"]).stdout.splitlines()]
    assert (sound["rows"], sound["sound"], sound["missing"], sound["orphans"]) == (1, True, [], [])
    container = build_container()
    store = container.media_store()
    original = next(key for key in store.keys("originals/") if pending in key)
    store.delete(original)
    store.put("public/prf_gone/med_gone/r1/thumb.webp", b"x", "image/webp")
    container.shutdown_resources()
    result = runner.invoke(app, ["ops", "check-media"])
    assert result.exit_code == 1 and "media check FAILED" in result.output
    report = json.loads(result.stdout.splitlines()[0])
    assert report["missing"] == [{"media_id": pending, "key": original}]
    assert report["orphans"] == ["public/prf_gone/med_gone/r1/thumb.webp"] and report["sound"] is False
