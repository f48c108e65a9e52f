"""The file outbox and the console SMS log keep the EmailSender and SmsSender contracts (gateways: integration)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.contracts.message_senders import EmailSenderContract, Inbox, Received, SmsSenderContract, from_mime

from adapters.outbox.senders import ConsoleSmsSender, FileOutboxEmailSender


def _blocked(tmp_path: Path) -> Path:
    """A directory path that cannot be created: a file sits where its parent should be."""
    (tmp_path / "a-file").write_text("not a directory")
    return tmp_path / "a-file" / "outbox"


class TestFileOutboxEmailSender(EmailSenderContract):
    @pytest.fixture
    def email_sender(self, tmp_path: Path) -> FileOutboxEmailSender:
        return FileOutboxEmailSender(tmp_path / "outbox")

    @pytest.fixture
    def inbox(self, tmp_path: Path) -> Inbox:
        return lambda: [from_mime(path.read_bytes()) for path in sorted((tmp_path / "outbox").glob("*.eml"))]

    @pytest.fixture
    def refused_email_sender(self, tmp_path: Path) -> FileOutboxEmailSender:
        return FileOutboxEmailSender(_blocked(tmp_path))


class TestConsoleSmsSender(SmsSenderContract):
    @pytest.fixture
    def sms_sender(self, tmp_path: Path) -> ConsoleSmsSender:
        return ConsoleSmsSender(tmp_path)

    @pytest.fixture
    def texts(self, tmp_path: Path) -> Inbox:
        def read() -> list[Received]:
            log = tmp_path / "sms.log"
            lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
            return [Received(phone, "", text) for phone, text in (line.split("\t", 1) for line in lines)]

        return read

    @pytest.fixture
    def refused_sms_sender(self, tmp_path: Path) -> ConsoleSmsSender:
        return ConsoleSmsSender(_blocked(tmp_path))
