"""`rastup reviews ...`: the operator publishes closed windows, lists a profile's public reviews, hides one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.reviews import SqlAlchemyReviewsUnitOfWork
from config.container import build_container
from core.reviews.rating import Side
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_NOT_FOUND
from tests.contracts.review_repository import put, review, window
from tests.unit.cli.cli_world import PASSWORD, migrated_database, runner


def test_the_operator_publishes_closed_windows_then_hides_a_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_database_engine(migrated_database(tmp_path, monkeypatch))
    closed = window("bkg_closed", closes=datetime.now(UTC) - timedelta(hours=1))
    closed.reviews[Side.CLIENT] = review(closed, Side.CLIENT, 4)
    still_open = window("bkg_open", closes=datetime.now(UTC) + timedelta(days=3))
    still_open.reviews[Side.CLIENT] = review(still_open, Side.CLIENT, 2)
    put(lambda: SqlAlchemyReviewsUnitOfWork(engine), closed, still_open)
    engine.dispose()
    swept = runner.invoke(app, ["reviews", "publish-due"])
    assert swept.exit_code == 0 and json.loads(swept.stdout) == {"published": ["bkg_closed"], "count": 1}
    listed = [json.loads(line) for line in runner.invoke(app, ["reviews", "list", "prv_1"]).stdout.splitlines()]
    assert [(r["id"], r["overall"]) for r in listed] == [("rvw_bkg_closed_client", 4)]
    hidden = runner.invoke(app, ["reviews", "hide", "rvw_bkg_closed_client"])
    assert hidden.exit_code == 0, hidden.output
    assert runner.invoke(app, ["reviews", "list", "prv_1"]).stdout == ""
    assert runner.invoke(app, ["reviews", "hide", "rvw_bkg_closed_client", "--restore"]).exit_code == 0
    assert runner.invoke(app, ["reviews", "list", "prv_1"]).stdout.count("rvw_bkg_closed_client") == 1
    assert runner.invoke(app, ["reviews", "hide", "rvw_nope"]).exit_code == EXIT_NOT_FOUND


def test_the_operator_queues_the_reminders_due_once_to_both_consenting_sides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = migrated_database(tmp_path, monkeypatch)
    assert runner.invoke(app, ["demo", "seed"]).exit_code == 0
    ids = {}
    for email in ("ana@example.com", "cleo@example.com", "otto@example.com"):
        created = runner.invoke(app, ["users", "create", email, "--password", PASSWORD])
        ids[email.split("@")[0]] = json.loads(created.stdout)["id"]
    assert runner.invoke(app, ["demo", "seed", "--owner", "ana@example.com"]).exit_code == 0
    for who, choice in (("ana", "--consent"), ("cleo", "--consent"), ("otto", "--no-consent")):
        # no quiet hours: the real clock may be at any hour
        assert (
            runner.invoke(app, ["reviews", "reminder-consent", ids[who], choice, "--quiet", "00:00-00:00"]).exit_code
            == 0
        )
    engine = create_database_engine(url)
    now = datetime.now(UTC)
    windows = [attrs.evolve(window(booking, provider="prf_demo_photographer_la", client=ids[client],
                                   closes=now + timedelta(days=11)), next_reminder_at=now - timedelta(hours=1))
               for booking, client in (("bkg_cleo", "cleo"), ("bkg_otto", "otto"))]  # fmt: skip
    put(lambda: SqlAlchemyReviewsUnitOfWork(engine), *windows)
    engine.dispose()
    first = runner.invoke(app, ["reviews", "remind-due"])
    assert first.exit_code == 0, first.output
    # the client cleo (no profile) and the provider's owner consented; the client otto opted out
    assert sorted((q["bookingId"], q["side"]) for q in json.loads(first.stdout)["queued"]) == [
        ("bkg_cleo", "client"), ("bkg_cleo", "provider"), ("bkg_otto", "provider")]  # fmt: skip
    assert json.loads(runner.invoke(app, ["reviews", "remind-due"]).stdout) == {"queued": [], "count": 0}
    outbox = Path(build_container().settings().outbox_dir)  # EMAIL_BACKEND=outbox: one file per email
    reminded = sorted(p.name.split("-", 2)[2] for p in outbox.glob("*.eml") if "review" in p.read_text().lower())
    assert reminded == ["ana@example.com.eml", "ana@example.com.eml", "cleo@example.com.eml"]
