"""`rastup messages notify-unread`: one sweep of the unread-message emails, idempotent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.messaging import SqlAlchemyMessagingUnitOfWork
from core.messaging.circumvention import Action
from core.messaging.model import Message, Thread
from core.messaging.unread_notices import NoticePreferences
from entrypoints.cli.app import app
from tests.contracts.messaging_store import stored
from tests.unit.cli.cli_world import PASSWORD, migrated_database, runner


def test_an_unread_thread_is_mailed_once_with_its_contact_details_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_database_engine(migrated_database(tmp_path, monkeypatch))
    created = runner.invoke(app, ["users", "create", "bea@example.com", "--password", PASSWORD])
    assert created.exit_code == 0, created.output
    bea = json.loads(created.stdout)["id"]
    sent = datetime.now(UTC) - timedelta(hours=1)
    thread = Thread.inquiry("thr_1", "usr_ana", bea, sent, known=True)
    body = "Shoot on Saturday? Reach me at ana.lopez@gmail.com"
    stored(lambda: SqlAlchemyMessagingUnitOfWork(engine), thread,
           Message(id="msg_1", thread_id="thr_1", sender_id="usr_ana", body=body, shown_body=body,
                   client_message_id="c1", sent_at=sent, action=Action.DELIVER))  # fmt: skip
    with SqlAlchemyMessagingUnitOfWork(engine) as uow:  # no quiet hours: the test runs at any hour
        uow.notice_preferences.put(NoticePreferences(bea, quiet_start_minute=0, quiet_end_minute=0))
        uow.commit()
    engine.dispose()
    first = runner.invoke(app, ["messages", "notify-unread"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"emailed": 1, "threads": 1, "waiting": 0}
    again = runner.invoke(app, ["messages", "notify-unread"])
    assert json.loads(again.stdout) == {"emailed": 0, "threads": 0, "waiting": 0}
    mails = [p.read_text() for p in (tmp_path / "outbox").rglob("*") if p.is_file()]
    unread = [m for m in mails if "unread messages" in m]
    assert len(unread) == 1 and "[contact hidden]" in unread[0] and "ana.lopez" not in unread[0]
