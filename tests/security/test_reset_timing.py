"""Password-reset requests cost the same for an existing and an unknown account (issue 19, item 6): the request
only queues, so the database sees the same statements either way, and the code exists only after the answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import event

from config.container import Container
from core.identity.codes import CodePurpose
from core.identity.commands import RequestPasswordReset
from core.identity.devices import NetworkContext
from core.identity.handlers.password_reset import request_password_reset

HOME = NetworkContext("203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", None, None)


@contextmanager
def statements(container: Container) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block, parameters aside."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = container.engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def reset_request(container: Container, email: str) -> list[str]:
    with statements(container) as seen:
        request_password_reset(
            RequestPasswordReset(email, HOME), container.identity_uow(), container.identity_services()
        )
    return seen


def test_the_request_runs_the_same_statements_for_an_existing_and_an_unknown_account(container: Container) -> None:
    existing = reset_request(container, "owner@example.com")
    unknown = reset_request(container, "nobody@example.com")
    assert existing == unknown and any("INSERT INTO outbox" in statement for statement in existing)
    assert not any("users" in statement for statement in existing)  # no lookup before the answer
    with container.identity_uow() as uow:  # nor a code: it is issued once the answer has gone
        owner = uow.users.get_by_email("owner@example.com")
        assert owner is not None and uow.codes.get(owner.id, CodePurpose.RESET_PASSWORD) is None


def test_over_http_the_code_follows_the_answer_for_an_existing_account_only(
    client: TestClient[Any], container: Container
) -> None:
    for email in ("owner@example.com", "nobody@example.com"):
        answer = client.post("/api/auth/password/reset/request", json={"email": email})
        assert answer.status_code == 202
        assert answer.json() == {"status": "if-the-account-exists-a-code-was-sent"}
    with container.identity_uow() as uow:
        owner = uow.users.get_by_email("owner@example.com")
        assert owner is not None and uow.codes.get(owner.id, CodePurpose.RESET_PASSWORD) is not None
    assert container.outbox().stats(container.clock().now()).pending == 0  # both delivered after their answers
