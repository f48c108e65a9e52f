"""Review reminders through the delivery queue: day 2 and day 10 of the window, only to a side that has not reviewed
and consented to reminders (per account: the client, who has no profile, as well as the provider's owner), each at
most once however often the sweep runs."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory.delivery import InMemoryDeliveryQueue
from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.notifications import InMemoryDigestsUnitOfWork
from core.booking.events import BookingCompleted
from core.booking.states import ActorRef, BookingState
from core.delivery.handlers import QueuedEmailSender
from core.delivery.model import Outbound
from core.identity.delivery import EmailMessage
from core.identity.errors import DeliveryFailed
from core.identity.model import User
from core.onboarding.reminder_preferences import ReminderPreferences
from core.reviews.handlers import ReviewRules
from core.reviews.rating import Side
from core.reviews.reminding import open_review_window, review_window_handlers, send_review_reminders
from tests.unit.reviews.review_world import CLIENT, CLIENT_RATING, COMPLETED_AT, PAT, PROVIDER_RATING, booking_in
from tests.unit.reviews.test_review_handlers import World


class Reminders:
    """The booking's two parties with accounts (cli_1 has no profile; usr_pat owns prv_1); the provider's owner
    consents to reminders (or not), the client has set nothing until a test says so."""

    def __init__(self, *, consent: bool) -> None:
        self.world = World()
        with InMemoryIdentityUnitOfWork(self.world.database) as identity:
            for user_id, email in (("cli_1", "cleo@example.com"), ("usr_pat", "pat@example.com")):
                identity.users.add(User.sign_up(user_id, email, "hash", COMPLETED_AT))
            identity.commit()
        self.prefer("usr_pat", consent)
        self.queue = InMemoryDeliveryQueue(self.world.clock.now)

    def prefer(self, user_id: str, consent: bool, quiet_start_minute: int = 1320, quiet_end_minute: int = 480) -> None:
        with InMemoryDigestsUnitOfWork(self.world.database) as uow:
            prefs = ReminderPreferences(user_id, consent, "UTC", quiet_start_minute, quiet_end_minute)
            uow.reminder_preferences.put(prefs)
            uow.commit()

    def identity(self) -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(self.world.database)

    def sweep_at(self, after_completion: timedelta) -> list[tuple[Side, int]]:
        self.world.clock.current = COMPLETED_AT + after_completion
        queued = send_review_reminders(self.world.uow(), lambda: InMemoryDigestsUnitOfWork(self.world.database),
                                       self.identity, QueuedEmailSender(self.queue), self.world.clock,
                                       ReviewRules())  # fmt: skip
        assert {booking_id for booking_id, _ in queued} <= {"bkg_1"}
        return [reminder for _, reminder in queued]

    def queued(self) -> list[Outbound]:
        now = self.world.clock.now()
        claimed = self.queue.claim(now, 20, now + timedelta(minutes=5))
        for taken in claimed:
            self.queue.delivered(taken.id)
        return [taken.message for taken in claimed]


def test_the_side_yet_to_review_is_reminded_on_day_two_and_day_ten_once_each() -> None:
    reminders = Reminders(consent=True)
    reminders.world.submit(CLIENT, CLIENT_RATING)
    assert reminders.sweep_at(timedelta(days=1, hours=23)) == []
    assert reminders.sweep_at(timedelta(days=2)) == [(Side.PROVIDER, 2)]
    [mail] = reminders.queued()
    assert mail.channel == "email" and mail.to == "pat@example.com" and "bkg_1" in mail.subject
    assert "12 day(s) left" in mail.text and mail.html is not None
    assert reminders.sweep_at(timedelta(days=2, hours=1)) == [] and reminders.sweep_at(timedelta(days=9)) == []
    assert reminders.sweep_at(timedelta(days=10, hours=2)) == [(Side.PROVIDER, 10)]
    assert len(reminders.queued()) == 1
    assert reminders.sweep_at(timedelta(days=11)) == [] and reminders.sweep_at(timedelta(days=13)) == []
    assert reminders.queued() == []
    with reminders.world.uow() as uow:
        assert uow.reviews.get("bkg_1").reminders == {(Side.PROVIDER, 2), (Side.PROVIDER, 10)}


def test_nobody_is_reminded_once_both_have_reviewed() -> None:
    reminders = Reminders(consent=True)
    reminders.world.submit(CLIENT, CLIENT_RATING)
    reminders.world.submit(PAT, PROVIDER_RATING)
    assert reminders.sweep_at(timedelta(days=2)) == [] and reminders.sweep_at(timedelta(days=10)) == []
    assert reminders.queued() == []


def test_without_consent_nothing_is_queued_and_the_reminder_counts_as_handled() -> None:
    reminders = Reminders(consent=False)
    reminders.world.submit(CLIENT, CLIENT_RATING)
    assert reminders.sweep_at(timedelta(days=2)) == []
    assert reminders.queued() == []
    with reminders.world.uow() as uow:
        window = uow.reviews.get("bkg_1")
    assert window.reminders == {(Side.PROVIDER, 2)}
    assert window.next_reminder_at == COMPLETED_AT + timedelta(days=10)


def test_a_completed_booking_opens_its_window_so_both_sides_are_reminded_before_anyone_reviews() -> None:
    reminders = Reminders(consent=True)
    reminders.prefer("cli_1", True)
    [opened] = review_window_handlers(reminders.world.uow, reminders.world.clock, ReviewRules())[BookingCompleted]
    with reminders.world.uow() as uow:
        booking = uow.bookings.get("bkg_1")
    event = BookingCompleted(booking_id="bkg_1", from_state=BookingState.CONFIRMED, to_state=BookingState.COMPLETED,
                             actor=ActorRef.system(), occurred_at=COMPLETED_AT, next_action=booking.next_action,
                             provider_id="prv_1", studio_id=None)  # fmt: skip
    opened(event)
    opened(event)  # a redelivered event changes nothing
    assert not open_review_window("bkg_1", reminders.world.uow(), reminders.world.clock, ReviewRules())
    assert reminders.sweep_at(timedelta(days=2)) == [(Side.CLIENT, 2), (Side.PROVIDER, 2)]
    assert sorted(mail.to for mail in reminders.queued()) == ["cleo@example.com", "pat@example.com"]
    reminders.world.submit(CLIENT, CLIENT_RATING)  # the window the event opened takes the first review
    assert reminders.sweep_at(timedelta(days=10)) == [(Side.PROVIDER, 10)]


def test_a_reminder_due_in_the_recipients_quiet_hours_waits_until_they_end() -> None:
    reminders = Reminders(consent=True)
    due = COMPLETED_AT + timedelta(days=2)
    start = due.hour * 60 + due.minute  # quiet for the hour from the moment the day-2 reminder falls due
    reminders.prefer("usr_pat", True, quiet_start_minute=start, quiet_end_minute=(start + 60) % (24 * 60))
    reminders.world.submit(CLIENT, CLIENT_RATING)
    assert reminders.sweep_at(timedelta(days=2)) == [] and reminders.queued() == []
    with reminders.world.uow() as uow:
        held = uow.reviews.get("bkg_1")
    assert held.reminders == frozenset() and held.next_reminder_at == due + timedelta(hours=1)
    assert reminders.sweep_at(timedelta(days=2, minutes=30)) == []  # not offered again before its retry
    assert reminders.sweep_at(timedelta(days=2, hours=1)) == [(Side.PROVIDER, 2)]
    assert [mail.to for mail in reminders.queued()] == ["pat@example.com"]


class RefusingQueue:
    """An ``EmailSender`` whose queue refuses the first message it is given and takes the rest."""

    def __init__(self) -> None:
        self.taken: list[str] = []

    def send(self, message: EmailMessage) -> None:
        if not self.taken:
            self.taken.append("refused")
            raise DeliveryFailed("email", "queue unavailable")
        self.taken.append(message.to)


def test_a_reminder_the_queue_refuses_is_not_retried_and_the_others_still_go() -> None:
    reminders = Reminders(consent=True)
    reminders.prefer("cli_1", True)
    reminders.world.add_booking(booking_in(BookingState.COMPLETED, "bkg_2"))
    for booking_id in ("bkg_1", "bkg_2"):
        reminders.world.submit(PAT, PROVIDER_RATING, booking_id=booking_id)  # the client is yet to review both
    sender = RefusingQueue()
    reminders.world.clock.current = COMPLETED_AT + timedelta(days=2)
    queued = send_review_reminders(reminders.world.uow(), lambda: InMemoryDigestsUnitOfWork(reminders.world.database),
                                   reminders.identity, sender, reminders.world.clock, ReviewRules())  # fmt: skip
    assert queued == [("bkg_2", (Side.CLIENT, 2))] and sender.taken == ["refused", "cleo@example.com"]
    again = send_review_reminders(reminders.world.uow(), lambda: InMemoryDigestsUnitOfWork(reminders.world.database),
                                  reminders.identity, sender, reminders.world.clock, ReviewRules())  # fmt: skip
    assert again == [] and len(sender.taken) == 2


def test_a_client_without_a_profile_and_a_provider_are_both_reminded_at_their_account_address() -> None:
    reminders = Reminders(consent=True)
    reminders.prefer("cli_1", True)  # cli_1 owns no profile: the preference is their account's
    assert open_review_window("bkg_1", reminders.world.uow(), reminders.world.clock, ReviewRules())
    assert reminders.sweep_at(timedelta(days=2)) == [(Side.CLIENT, 2), (Side.PROVIDER, 2)]
    assert sorted(mail.to for mail in reminders.queued()) == ["cleo@example.com", "pat@example.com"]
    assert reminders.sweep_at(timedelta(days=10)) == [(Side.CLIENT, 10), (Side.PROVIDER, 10)]
    assert sorted(mail.to for mail in reminders.queued()) == ["cleo@example.com", "pat@example.com"]


def test_a_client_who_opted_out_gets_no_reminder_while_the_provider_still_does() -> None:
    reminders = Reminders(consent=True)
    reminders.prefer("cli_1", False)
    assert open_review_window("bkg_1", reminders.world.uow(), reminders.world.clock, ReviewRules())
    assert reminders.sweep_at(timedelta(days=2)) == [(Side.PROVIDER, 2)]
    assert reminders.sweep_at(timedelta(days=10)) == [(Side.PROVIDER, 10)]
    assert [mail.to for mail in reminders.queued()] == ["pat@example.com", "pat@example.com"]
    with reminders.world.uow() as uow:  # the client's reminders count as handled: never offered again
        assert {(Side.CLIENT, 2), (Side.CLIENT, 10)} <= uow.reviews.get("bkg_1").reminders


def test_a_deleted_account_is_not_written_to_even_with_consent_on_record() -> None:
    reminders = Reminders(consent=True)
    reminders.prefer("usr_gone", True)
    reminders.world.add_booking(booking_in(BookingState.COMPLETED, "bkg_2", client="usr_gone"))
    reminders.world.submit(PAT, PROVIDER_RATING, booking_id="bkg_2")
    reminders.world.submit(PAT, PROVIDER_RATING)
    reminders.world.clock.current = COMPLETED_AT + timedelta(days=2)
    queued = send_review_reminders(reminders.world.uow(), lambda: InMemoryDigestsUnitOfWork(reminders.world.database),
                                   reminders.identity, QueuedEmailSender(reminders.queue), reminders.world.clock,
                                   ReviewRules())  # fmt: skip
    assert queued == [] and reminders.queued() == []


def test_a_reminder_due_while_the_booking_is_disputed_is_spent_unsent() -> None:
    reminders = Reminders(consent=True)
    reminders.world.submit(CLIENT, CLIENT_RATING)
    reminders.world.dispute("needs_response")
    assert reminders.sweep_at(timedelta(days=2)) == [] and reminders.queued() == []
    reminders.world.dispute("won")
    assert reminders.sweep_at(timedelta(days=3)) == []  # day two's is not sent late
    assert reminders.sweep_at(timedelta(days=10, hours=2)) == [(Side.PROVIDER, 10)]
