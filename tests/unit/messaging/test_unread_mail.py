"""The unread-message sweep on in-memory adapters: one email per recipient through the delivery queue, masked
previews, nothing during quiet hours or without consent, nothing twice for one burst."""

from __future__ import annotations

from datetime import timedelta

import attrs

from adapters.memory.delivery import InMemoryDeliveryQueue
from core.delivery.handlers import QueuedEmailSender
from core.delivery.model import Outbound
from core.messaging.commands import MarkRead
from core.messaging.unread_mail import NoticeRun, notify_unread
from core.messaging.unread_notices import NoticePreferences
from core.shared.actor import Actor
from tests.unit.messaging.messaging_world import DETECTOR, World


@attrs.define
class Names:
    """``Directory`` as the test sets it: addresses and names by user id."""

    addresses: dict[str, str] = attrs.field(factory=lambda: {"usr_a": "a@example.com", "usr_b": "b@example.com"})

    def address_of(self, user_id: str) -> str | None:
        return self.addresses.get(user_id)

    def name_of(self, user_id: str) -> str:
        return {"usr_a": "Ana", "usr_c": "Cleo"}.get(user_id, "A RastUp member")


@attrs.define
class Sweep:
    world: World = attrs.field(factory=World)
    names: Names = attrs.field(factory=Names)
    queue: InMemoryDeliveryQueue = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.queue = InMemoryDeliveryQueue(self.world.clock.now)

    def run(self) -> NoticeRun:
        return notify_unread(self.world.new_uow, self.names, QueuedEmailSender(self.queue), self.world.clock, DETECTOR)

    def mails(self) -> list[Outbound]:
        now = self.world.clock.now()
        claimed = self.queue.claim(now, 50, now + timedelta(minutes=1))
        for c in claimed:
            self.queue.delivered(c.id)
        return [c.message for c in claimed]


def test_one_email_per_recipient_after_the_quiet_period_then_none_until_read() -> None:
    sweep = Sweep()
    one = sweep.world.start("usr_a", "usr_b", "Free on Saturday? call me on 555 123 4567").thread
    sweep.world.start("usr_c", "usr_b", "Hello from Cleo")
    sweep.world.clock.advance(timedelta(minutes=5))
    assert sweep.run() == NoticeRun() and sweep.mails() == []  # still a live conversation
    sweep.world.clock.advance(timedelta(minutes=15))
    assert sweep.run() == NoticeRun(emailed=1, threads=2)
    [mail] = sweep.mails()
    assert mail.to == "b@example.com" and "Ana: " in mail.text and "Cleo: Hello from Cleo" in mail.text
    assert "4567" not in mail.text and "4567" not in (mail.html or "") and "[contact hidden]" in mail.text
    sweep.world.post("usr_a", one.id, "Still there?")
    sweep.world.clock.advance(timedelta(hours=1))
    assert sweep.run() == NoticeRun() and sweep.mails() == []  # the same unread burst
    sweep.world.bus.handle(MarkRead(actor=Actor("usr_b"), thread_id=one.id))
    sweep.world.post("usr_a", one.id, "New question")
    sweep.world.clock.advance(timedelta(minutes=20))
    assert sweep.run() == NoticeRun(emailed=1, threads=1)
    assert "Ana: New question" in sweep.mails()[0].text


def test_quiet_hours_defer_the_email_and_no_consent_sends_none() -> None:
    sweep = Sweep()
    sweep.world.clock.advance(timedelta(hours=13))  # 22:00 UTC
    sweep.world.start("usr_a", "usr_b")
    sweep.world.clock.advance(timedelta(minutes=30))
    assert sweep.run() == NoticeRun(waiting=1) and sweep.mails() == []
    sweep.world.clock.advance(timedelta(hours=10))  # 08:30 UTC: the quiet hours ended
    assert sweep.run().emailed == 1 and len(sweep.mails()) == 1
    with sweep.world.new_uow() as uow:
        uow.notice_preferences.put(NoticePreferences("usr_a", email_consent=False))
        uow.commit()
    sweep.world.start("usr_b", "usr_a", "A question for Ana")
    sweep.world.clock.advance(timedelta(hours=1))
    assert sweep.run() == NoticeRun(waiting=1) and sweep.mails() == []


def test_held_messages_muted_threads_and_unknown_accounts_get_no_email() -> None:
    sweep = Sweep()
    held = sweep.world.start("usr_a", "usr_b", "Nice to meet you")
    for n in range(3):  # repeated contact sharing: the last ones are held for review
        sweep.world.post("usr_a", held.thread.id, f"text me at ana{n} at gmail dot com, venmo me")
    sweep.world.clock.advance(timedelta(minutes=20))
    sweep.run()
    with sweep.world.new_uow().reading() as uow:
        held_ids = [m.id for m in uow.messages.page(held.thread.id, None, 10) if m.held]
    [mail] = sweep.mails()
    text = mail.text + (mail.html or "")
    assert held_ids and "gmail" not in text and "ana" not in text and "[contact hidden]" in text
    sweep.world.start("usr_c", "usr_d")  # usr_d has no account address
    sweep.world.clock.advance(timedelta(minutes=20))
    assert sweep.run() == NoticeRun(waiting=1) and sweep.mails() == []
