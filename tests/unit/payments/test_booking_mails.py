"""Booking mails through the delivery queue: the client's confirmation, cancellation (with the refund amounts) and
staff refunds, and the provider's payout notice, each plain text with an HTML alternative; read back from the queue,
and from the SMTP test peer once a queued message is delivered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from adapters.filesystem.payout_files import ManualPayouts
from adapters.memory.delivery import InMemoryDeliveryQueue
from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.payouts import InMemoryPayouts
from adapters.smtp.email_sender import SmtpEmailSender
from adapters.sqlalchemy.outbox_codec import decode, encode
from core.booking.mails import booking_mail_consumers
from core.booking.payout_run import run_payouts
from core.booking.staff_refund_records import RefundRules
from core.booking.staff_refunds import RefundBooking, refund_booking
from core.delivery.handlers import QueuedEmailSender, deliver_due, email_via
from core.delivery.model import Outbound, RetryPolicy
from core.identity.model import User
from core.payments.payouts import PayoutDestination
from core.shared.actor import OPERATOR
from core.shared.events import Event
from core.shared.outbox import OutboxMessage, topic_of
from core.shared.relay import ALREADY_PROCESSED
from tests.unit.identity.smtp_sink import smtp_sink
from tests.unit.payments.money_world import MoneyWorld
from tests.unit.payments.test_payout_run import Destinations, completed_world


class Mailroom:
    """The world's accounts (client cli_1, provider usr_pat) and the booking mails' outbox consumers, queueing to a
    delivery queue; what the world records reaches them as the relay hands it over (as outbox messages)."""

    def __init__(self, world: MoneyWorld) -> None:
        self.world, self.identity = world, InMemoryIdentityUnitOfWork()
        with self.identity:
            for user_id, email in (("cli_1", "cleo@example.com"), ("usr_pat", "pat@example.com")):
                self.identity.users.add(User.sign_up(user_id, email, "hash", world.clock.now()))
            self.identity.commit()
        self.queue = InMemoryDeliveryQueue(world.clock.now)
        self.seen: list[Event] = []
        consumers = booking_mail_consumers(lambda: world.uow, lambda: self.identity, QueuedEmailSender(self.queue),
                                           lambda: world.uow, world.clock)  # fmt: skip
        self.consumers = {consumer.topic: consumer for consumer in consumers}

    def relay(self, events: list[Event]) -> list[object]:
        """Hand each outbound event of ``events`` to its topic's consumer as the relay would: read back from the
        outbox's JSON (so each round-trips), once per event id. What each consumer did."""
        done = []
        for n, event in enumerate(events):
            if (topic := topic_of(event)) in self.consumers:
                stored = decode(*encode(event))
                assert stored == event
                message = OutboxMessage(f"evt_{len(self.seen)}_{n}", topic, stored, self.world.clock.now(), 1)
                done.append(self.consumers[topic].handle(message))
        return done

    def deliver_recorded(self) -> list[Outbound]:
        """Relay the events recorded since the last call (the in-memory booking store keeps a saved booking's
        pending events, so a later command on it records them again), then take what was queued."""
        fresh = [e for e in self.world.uow.collect_events() if e not in self.seen]
        self.relay(fresh)
        self.seen.extend(fresh)
        now = self.world.clock.now()
        claimed = self.queue.claim(now, 20, now + timedelta(minutes=5))
        for taken in claimed:
            self.queue.delivered(taken.id)
        return [taken.message for taken in claimed]


def test_a_confirmed_booking_mails_its_client_in_text_and_html() -> None:
    mailroom = Mailroom(MoneyWorld())
    booking_id = mailroom.world.confirmed()
    (mail,) = mailroom.deliver_recorded()
    total = mailroom.world.uow.committed(booking_id).captured.format()
    assert (mail.channel, mail.to) == ("email", "cleo@example.com") and booking_id in mail.subject
    assert f"Paid: {total}" in mail.text and mail.html is not None and "<h1>Your booking is confirmed</h1>" in mail.html
    assert total in mail.html


def test_a_cancellation_mails_the_refund_amounts() -> None:
    mailroom = Mailroom(MoneyWorld())
    booking_id = mailroom.world.confirmed()
    mailroom.deliver_recorded()
    mailroom.world.cancel(booking_id)
    (mail,) = mailroom.deliver_recorded()
    quote = mailroom.world.uow.committed(booking_id).refund
    assert quote is not None and mail.to == "cleo@example.com" and "cancelled" in mail.subject
    assert f"Refunded to you now: {quote.refund_to_client.format()}" in mail.text
    assert f"Paid in all: {quote.captured.format()}" in mail.text
    assert mail.html is not None and quote.refund_to_client.format() in mail.html


def test_a_staff_refund_mails_the_client_the_amount_and_reason_escaped_in_html() -> None:
    mailroom = Mailroom(MoneyWorld())
    booking_id = mailroom.world.confirmed()
    mailroom.deliver_recorded()
    command = RefundBooking(actor=OPERATOR, booking_id=booking_id, amount=1_250, reason="lights <failed> & late")
    refund_booking(command, mailroom.world.uow, mailroom.world.gateway, mailroom.world.clock, RefundRules())
    (mail,) = mailroom.deliver_recorded()
    assert mail.to == "cleo@example.com" and "We refunded USD 12.50 of your payment" in mail.text
    assert "Why: lights <failed> & late" in mail.text
    assert mail.html is not None and "lights &lt;failed&gt; &amp; late" in mail.html and "<failed>" not in mail.html


def test_a_payout_mails_its_provider_once() -> None:
    world, booking_id = completed_world()
    mailroom = Mailroom(world)
    mailroom.deliver_recorded()  # the confirmation
    destinations = Destinations(usr_pat=PayoutDestination("acct_1Pat", world.clock.now() - timedelta(days=9)))
    sender = InMemoryPayouts(ManualPayouts())
    run_payouts(world.uow, sender, destinations, world.clock)
    (mail,) = mailroom.deliver_recorded()
    amount = world.ledger(booking_id).paid_out.format()
    assert mail.to == "pat@example.com" and f"We paid you {amount} for booking {booking_id}" in mail.text
    assert "connected account" in mail.text and mail.html is not None and amount in mail.html
    run_payouts(world.uow, sender, destinations, world.clock)
    assert mailroom.deliver_recorded() == []


def test_the_smtp_peer_receives_the_text_with_its_html_alternative() -> None:
    mailroom = Mailroom(MoneyWorld())
    mailroom.world.confirmed()
    mailroom.relay(mailroom.world.uow.collect_events())
    with smtp_sink() as sink:
        host, port = sink.server_address[:2]
        smtp = SmtpEmailSender(str(host), int(port), "RastUp <no-reply@rastup.test>", security="none")
        done = deliver_due(mailroom.queue, {"email": email_via(smtp)}, mailroom.world.clock.now(), RetryPolicy())
        assert len(done.delivered) == 1
        (received,) = sink.wait_for(1)
    parts: list[Any] = [p for p in received.walk() if not p.is_multipart()]
    assert received.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert "is confirmed" in parts[0].get_payload(decode=True).decode()
    assert "<h1>Your booking is confirmed</h1>" in parts[1].get_payload(decode=True).decode()


def test_a_redelivered_event_is_mailed_once() -> None:
    mailroom = Mailroom(MoneyWorld())
    mailroom.world.confirmed()
    (confirmed,) = [e for e in mailroom.world.uow.collect_events() if topic_of(e) == "booking.confirmed"]
    message = OutboxMessage("evt_1", "booking.confirmed", confirmed, mailroom.world.clock.now(), 1)
    consumer = mailroom.consumers["booking.confirmed"]
    assert consumer.handle(message) == "queued"
    assert consumer.handle(attrs.evolve(message, attempt=2)) == ALREADY_PROCESSED
    now = mailroom.world.clock.now()
    assert len(mailroom.queue.claim(now, 20, now + timedelta(minutes=5))) == 1
