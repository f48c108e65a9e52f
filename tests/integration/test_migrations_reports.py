"""Migration 0022b_report_responsible on SQLite and PostgreSQL: reports filed before it name the account answering
for their target once it has run (a profile's owner, a message's sender), ``NULL`` where the target is gone, and the
user history's query finds them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import insert, text

from adapters.crypto.fernet_cipher import FernetSecretCipher
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import alembic_config, upgrade
from adapters.sqlalchemy.moderation_reports import SqlAlchemyModerationUnitOfWork
from adapters.sqlalchemy.tables.messaging import messaging_messages
from adapters.sqlalchemy.tables.moderation import moderation_reports
from adapters.sqlalchemy.tables.profiles import profiles
from core.moderation.ports import QueueFilter
from tests.harness import postgres_peer
from tests.harness.peers import _serve

pytestmark = pytest.mark.integration

BEFORE = "0021d_report_lookups"
T0 = datetime(2030, 3, 1, 9, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('reports') / 'responsible.db'}"
    else:
        yield from _serve(postgres_peer.scratch_database())


def _report(report_id: str, kind: str, target_id: str, minutes: int) -> dict[str, Any]:
    at = T0 + timedelta(minutes=minutes)
    return {"id": report_id, "reporter_id": "usr_alice", "target_kind": kind, "target_id": target_id,
            "reason": "scam", "body": "", "status": "open", "assignee_id": None, "decision": None,
            "created_at": at, "updated_at": at, "version": 1}  # fmt: skip


def test_reports_filed_before_the_column_name_their_targets_owner(url: str) -> None:
    upgrade(url)
    command.downgrade(alembic_config(url), BEFORE)  # this branch only: the others stay at their heads
    engine = create_database_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(profiles).values(
                id="prf_bob", kind="model", slug="bob", display_name="Bob", headline="", bio="", city="Lisbon",
                status="published", version=1, created_at=T0, updated_at=T0, owner_user_id="usr_bob",
            ))  # fmt: skip
            connection.execute(insert(messaging_messages).values(
                id="msg_1", thread_id="thr_1", sender_id="usr_bob", body="pay me outside", shown_body="pay me outside",
                client_message_id="c1", sent_at=T0, action="sent", kinds=[],
            ))  # fmt: skip
            rows = [
                _report("rpt_msg", "message", "msg_1", 1),
                _report("rpt_prf", "profile", "prf_bob", 2),
                _report("rpt_gone", "message", "msg_gone", 3),
                _report("rpt_rvw", "review", "rvw_gone", 4),
            ]
            for row in rows:
                connection.execute(insert(moderation_reports).values(row))
        upgrade(url)
        with engine.connect() as connection:
            found = dict(connection.execute(text("SELECT id, responsible_id FROM moderation_reports")).all())
        assert found == {"rpt_msg": "usr_bob", "rpt_prf": "usr_bob", "rpt_gone": None, "rpt_rvw": None}
        uow = SqlAlchemyModerationUnitOfWork(engine, FernetSecretCipher([Fernet.generate_key().decode()]))
        with uow.reading():
            bobs = uow.reports.queue(QueueFilter(status=None, responsible_id="usr_bob"))
        assert [r.id for r in bobs] == ["rpt_msg", "rpt_prf"]
    finally:
        engine.dispose()
