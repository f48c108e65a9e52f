"""A failing in-process handler is logged and never fails the answer: the command has committed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from config.container import Container
from config.singleton import Singleton
from core.identity.delivery import MailingAccountNotifier
from tests.unit.http.identity_world import PASSWORD, AuthWorld, running_auth


class NoticesDown(MailingAccountNotifier):
    """Codes still go out; every security notice fails (the mail system refuses it)."""

    def send_notice(self, email: str, subject: str, text: str) -> None:
        raise ConnectionError("mail system down")


@pytest.fixture
def auth(tmp_path: Path) -> Iterator[AuthWorld]:
    def notices_down(container: Container) -> None:
        container.account_notifier.override(Singleton(NoticesDown, email=container.email_sender))

    yield from running_auth(tmp_path, notices_down)


def test_a_notice_that_fails_is_logged_and_the_sign_up_still_answers(auth: AuthWorld) -> None:
    auth.signed_up("ann@example.com")
    with structlog.testing.capture_logs() as logs:
        again = auth.client.post("/api/auth/signup", json={"email": "ann@example.com", "password": PASSWORD})
    assert again.status_code == 202  # the same answer as for a free address
    (failed,) = [entry for entry in logs if entry["event"] == "event_handler_failed"]
    assert failed["event_type"] == "SignupAttemptedForExistingEmail"
    assert (failed["handler"], failed["error"]) == ("SecurityNotices.notify_owner", "ConnectionError")
    assert "RastUp: sign-up attempt" not in auth.mails_to("ann@example.com")
