"""The unread-message sweep over a messaging store: the in-memory twin (tests/unit) and the SQL store (SQLite and
PostgreSQL, tests/integration) must pass these. One email per recipient through the delivery queue, previews
masked, nothing held, nothing in quiet hours or without consent, nothing twice for one unread burst."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from adapters.contacts.detector import LibraryContactDetector
from adapters.memory.clock import FixedClock
from adapters.memory.delivery import InMemoryDeliveryQueue
from core.delivery.handlers import QueuedEmailSender
from core.delivery.model import Outbound
from core.messaging.circumvention import Action, Verdict
from core.messaging.model import Message, Thread
from core.messaging.unread_mail import NoticeRun, notify_unread
from core.messaging.unread_notices import NoticePreferences
from tests.contracts.messaging_store import NewUnit, stored

NOON = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


@attrs.define
class Names:
    """``Directory`` as the test sets it: usr_d has no account (no address)."""

    def address_of(self, user_id: str) -> str | None:
        return None if user_id == "usr_d" else f"{user_id}@example.com"

    def name_of(self, user_id: str) -> str:
        return {"usr_a": "Ana", "usr_c": "Cleo"}.get(user_id, "A RastUp member")


def said(thread: Thread, n: int, sender: str, body: str, *, held: bool = False, at: datetime = NOON) -> Message:
    return Message(id=f"msg_{thread.id}_{n}", thread_id=thread.id, sender_id=sender, body=body, shown_body=body,
                   client_message_id=f"c{n}", sent_at=at, action=Action.HOLD if held else Action.DELIVER)  # fmt: skip


class UnreadNoticeSweepContract:
    @pytest.fixture
    def new_uow(self) -> NewUnit:
        raise NotImplementedError

    @pytest.fixture
    def clock(self) -> FixedClock:
        return FixedClock(NOON)

    @pytest.fixture
    def queue(self, clock: FixedClock) -> InMemoryDeliveryQueue:
        return InMemoryDeliveryQueue(clock.now)

    def sweep(
        self, new_uow: NewUnit, clock: FixedClock, queue: InMemoryDeliveryQueue
    ) -> tuple[NoticeRun, list[Outbound]]:
        run = notify_unread(new_uow, Names(), QueuedEmailSender(queue), clock, LibraryContactDetector())
        claimed = queue.claim(clock.now(), 50, clock.now() + timedelta(minutes=1))
        for one in claimed:
            queue.delivered(one.id)
        return run, [c.message for c in claimed]

    def test_one_email_per_recipient_once_per_burst_with_masked_previews(
        self, new_uow: NewUnit, clock: FixedClock, queue: InMemoryDeliveryQueue
    ) -> None:
        one = Thread.inquiry("thr_1", "usr_a", "usr_b", NOON, known=True)
        stored(new_uow, one, said(one, 1, "usr_a", "Saturday? call me on 555 123 4567"),
               said(one, 2, "usr_a", "or ana at gmail dot com, it is urgent", held=True))  # fmt: skip
        two = Thread.inquiry("thr_2", "usr_c", "usr_b", NOON, known=True)
        stored(new_uow, two, said(two, 1, "usr_c", "Hello from Cleo"))
        clock.advance(timedelta(minutes=5))
        assert self.sweep(new_uow, clock, queue) == (NoticeRun(), [])  # the conversation is still live
        clock.advance(timedelta(minutes=15))
        run, [mail] = self.sweep(new_uow, clock, queue)
        assert run == NoticeRun(emailed=1, threads=2) and mail.to == "usr_b@example.com"
        text = mail.text + (mail.html or "")
        assert "Ana: Saturday? call me on [contact hidden]" in mail.text and "Cleo: Hello from Cleo" in mail.text
        assert "4567" not in text and "gmail" not in text and "urgent" not in text
        clock.advance(timedelta(hours=2))
        assert self.sweep(new_uow, clock, queue) == (NoticeRun(), [])  # the same unread burst
        with new_uow() as uow:
            thread = uow.threads.get("thr_1")
            thread.read("usr_b", clock.now())
            thread.post(said(thread, 3, "usr_a", "New question", at=clock.now()), Verdict(Action.DELIVER))
            uow.threads.save(thread)
            uow.commit()
        clock.advance(timedelta(minutes=20))
        run, [mail] = self.sweep(new_uow, clock, queue)
        assert run == NoticeRun(emailed=1, threads=1) and "Ana: New question" in mail.text

    def test_quiet_hours_defer_no_consent_and_no_account_send_nothing(
        self, new_uow: NewUnit, clock: FixedClock, queue: InMemoryDeliveryQueue
    ) -> None:
        clock.advance(timedelta(hours=10))  # 22:00 UTC
        late = Thread.inquiry("thr_1", "usr_a", "usr_b", clock.now(), known=True)
        stored(new_uow, late, said(late, 1, "usr_a", "Late question", at=clock.now()))
        refused = Thread.inquiry("thr_2", "usr_a", "usr_c", clock.now(), known=True)
        stored(new_uow, refused, said(refused, 1, "usr_a", "Hello Cleo", at=clock.now()))
        nobody = Thread.inquiry("thr_3", "usr_a", "usr_d", clock.now(), known=True)
        stored(new_uow, nobody, said(nobody, 1, "usr_a", "Hello?", at=clock.now()))
        with new_uow() as uow:
            uow.notice_preferences.put(NoticePreferences("usr_c", email_consent=False))
            uow.commit()
        clock.advance(timedelta(minutes=30))
        assert self.sweep(new_uow, clock, queue) == (NoticeRun(waiting=3), [])
        clock.advance(timedelta(hours=10))  # 08:30 UTC: usr_b's quiet hours are over
        run, [mail] = self.sweep(new_uow, clock, queue)
        assert run == NoticeRun(emailed=1, threads=1, waiting=2) and mail.to == "usr_b@example.com"

    def test_muted_and_blocked_threads_get_no_email(
        self, new_uow: NewUnit, clock: FixedClock, queue: InMemoryDeliveryQueue
    ) -> None:
        muted = Thread.inquiry("thr_1", "usr_a", "usr_b", NOON, known=True)
        muted.file("usr_b", muted=True)
        stored(new_uow, muted, said(muted, 1, "usr_a", "Hi"))
        blocked = Thread.inquiry("thr_2", "usr_c", "usr_b", NOON, known=True)
        stored(new_uow, blocked, said(blocked, 1, "usr_c", "Hi"))
        with new_uow() as uow:
            thread = uow.threads.get("thr_2")
            thread.block("usr_b")
            uow.threads.save(thread)
            uow.commit()
        clock.advance(timedelta(hours=1))
        assert self.sweep(new_uow, clock, queue) == (NoticeRun(), [])

    def test_threads_are_read_page_by_page(
        self, new_uow: NewUnit, clock: FixedClock, queue: InMemoryDeliveryQueue
    ) -> None:
        for n, minutes in enumerate((0, 1, 1, 2)):
            thread = Thread.inquiry(f"thr_{n}", f"usr_s{n}", "usr_b", NOON, known=True)
            stored(new_uow, thread, said(thread, 1, f"usr_s{n}", f"Hello {n}", at=NOON + timedelta(minutes=minutes)))
        clock.advance(timedelta(hours=1))
        run = notify_unread(new_uow, Names(), QueuedEmailSender(queue), clock, LibraryContactDetector(), page_size=2)
        assert run == NoticeRun(emailed=1, threads=4)
