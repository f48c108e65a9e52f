"""The review-reminder sweep: each open window due a reminder, in its own unit of work, reminds the sides that have
not reviewed and consented to nudges, through the delivery queue (the ``EmailSender``).

A reminder is recorded on the window before it is queued, and queued only after that record commits: at most once
per side per day, even when two sweeps race (the loser's save fails its version check and it sends nothing); one
the queue refuses is lost rather than sent twice.
Consent is the recipient's reminder preferences, kept per user (account): the client, or the owner of the provider
profile, each reminded at their account's address. A recipient without preferences (or without an account) has not
consented, and a side skipped for want of consent counts as handled; one in its quiet hours is tried again an hour
later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import escape

from core.booking.events import BookingCompleted
from core.identity.delivery import EmailMessage, EmailSender
from core.identity.errors import DeliveryFailed
from core.identity.ports import IdentityUnitOfWork
from core.onboarding.digests import Outcome
from core.onboarding.ports import DigestsUnitOfWork
from core.onboarding.reminder_preferences import ReminderPreferences
from core.reviews.access import completed_at
from core.reviews.errors import NotReviewable
from core.reviews.handlers import ReviewRules
from core.reviews.model import BookingReviews
from core.reviews.ports import ReviewsUnitOfWork
from core.reviews.rating import Side
from core.reviews.reminders import QUIET_RETRY, Reminder, reminder_delivery, reminders_due
from core.shared.clock import Clock
from core.shared.errors import AlreadyExists, NotFound, VersionConflict
from core.shared.messagebus import Handlers


def open_review_window(booking_id: str, uow: ReviewsUnitOfWork, clock: Clock, rules: ReviewRules) -> bool:
    """Open a completed booking's review window with its first reminder scheduled, so that the sweep reminds both
    sides before either has reviewed; True when this opened it. Idempotent: a window already open (a first review
    opened it, or the event came twice) is left as it is, and so is a booking that is not completed."""
    with uow:
        try:
            uow.reviews.get(booking_id)
            return False
        except NotFound:
            pass
        booking = uow.bookings.get(booking_id)
        try:
            opened_at = completed_at(booking)
        except NotReviewable:
            return False
        window = BookingReviews.open(booking.id, booking.client_id, booking.provider_id, opened_at, rules.window)
        window.schedule_reminders(rules.window, clock.now(), rules.reminder_days)
        try:
            uow.reviews.add(window)
        except AlreadyExists:  # opened concurrently by the booking's first review
            return False
        uow.commit()
    return True


def review_window_handlers(new_uow: Callable[[], ReviewsUnitOfWork], clock: Clock, rules: ReviewRules) -> Handlers:
    """The message-bus handler that opens a review window when a booking completes."""

    def opened(event: BookingCompleted) -> None:
        open_review_window(event.booking_id, new_uow(), clock, rules)

    return {BookingCompleted: [opened]}


def send_review_reminders(
    uow: ReviewsUnitOfWork,
    new_digests_uow: Callable[[], DigestsUnitOfWork],
    new_identity_uow: Callable[[], IdentityUnitOfWork],
    email: EmailSender,
    clock: Clock,
    rules: ReviewRules,
    limit: int = 100,
) -> list[tuple[str, Reminder]]:
    """The sweep: remind every side due a reminder now; return the (booking id, (side, day)) reminders queued.
    A reminder falling due while the booking's charge is disputed is spent unsent (the review is on hold).
    Idempotent."""
    now = clock.now()
    with uow.reading():
        due = list(uow.reviews.reminders_due(now, limit))
    queued: list[tuple[str, Reminder]] = []
    for booking_id in due:
        outgoing: list[tuple[Reminder, str]] = []
        with uow:
            window = uow.reviews.get(booking_id)
            disputed = uow.disputes.has_open_dispute(booking_id)  # no nudge to write what would be refused
            due_now = reminders_due(window.closes_at - rules.window, window.closes_at, now,
                                    window.reviews.keys(), window.reminders, rules.reminder_days)  # fmt: skip
            handled, held_back = [], False
            for side, day in due_now:
                user = _recipient(uow, window, side)
                prefs = None if user is None else _preferences(new_digests_uow, user)
                outcome = reminder_delivery(prefs, now)
                if outcome is Outcome.QUIET_HOURS:
                    held_back = True
                    continue
                handled.append((side, day))
                address = None if user is None else _address(new_identity_uow, user)
                if address is not None and outcome is Outcome.SEND and not disputed:
                    outgoing.append(((side, day), address))
            retry_at = now + QUIET_RETRY if held_back else None
            window.reminded(handled, rules.window, now, rules.reminder_days, retry_at)
            try:
                uow.reviews.save(window)
            except VersionConflict:
                continue
            uow.commit()
        for (side, day), address in outgoing:
            try:
                email.send(_reminder(window, side, address, window.closes_at - now))
            except DeliveryFailed:  # the queue refused it: this reminder is lost (at most once), the others go on
                continue
            queued.append((booking_id, (side, day)))
    return queued


def _recipient(uow: ReviewsUnitOfWork, window: BookingReviews, side: Side) -> str | None:
    """The user who writes ``side``'s review: the client, or the owner of the provider profile (None once gone)."""
    if side is Side.CLIENT:
        return window.client_id
    try:
        return uow.profiles.get(window.provider_id).owner_user_id
    except NotFound:
        return None


def _preferences(new_digests_uow: Callable[[], DigestsUnitOfWork], user_id: str) -> ReminderPreferences | None:
    digests = new_digests_uow()
    with digests.reading():
        return digests.reminder_preferences.get(user_id)


def _address(new_identity_uow: Callable[[], IdentityUnitOfWork], user_id: str) -> str | None:
    """The account's email address; None for an unknown or deleted account."""
    identity = new_identity_uow()
    with identity.reading():
        user = identity.users.get(user_id)
    return None if user is None else user.email


def _reminder(window: BookingReviews, side: Side, address: str, left: timedelta) -> EmailMessage:
    whom = "your provider" if side is Side.CLIENT else "your client"
    days_left = max(1, left.days)
    subject = f"RastUp: how did booking {window.booking_id} go?"
    text = (f"You have {days_left} day(s) left to review {whom} for booking {window.booking_id}.\n"
            "Reviews stay hidden until both sides have written theirs or the window closes.")  # fmt: skip
    html = f'<!doctype html><html><body style="font-family:sans-serif"><p>{escape(text)}</p></body></html>'
    return EmailMessage(address, subject, text, html)
