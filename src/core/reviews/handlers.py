"""Reviews command handlers and queries: one unit of work per command; who may act is decided inside it
(``core.reviews.access``), so the check and the write cannot race."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs

from core.booking.model import Booking
from core.profiles.model import ProfileDraft
from core.reviews.access import open_for_review, side_of
from core.reviews.commands import EditReview, HideReview, RespondToReview, SubmitReview
from core.reviews.model import REVIEW_WINDOW, BookingReviews, Review
from core.reviews.ports import ReviewsUnitOfWork
from core.reviews.rating import Side
from core.reviews.reminders import REMINDER_DAYS
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import NotFound, VersionConflict


@attrs.frozen
class ReviewRules:
    """How long a completed booking stays open for review, and the days of that window a side is reminded on."""

    window: timedelta = REVIEW_WINDOW
    reminder_days: tuple[int, ...] = REMINDER_DAYS


def submit_review(
    command: SubmitReview, uow: ReviewsUnitOfWork, clock: Clock, ids: IdGenerator, rules: ReviewRules
) -> Review:
    """Record the actor's review of the other side. Raises ``NotFound`` (no such booking, or not the actor's),
    ``NotReviewable``, ``ReviewOnHold`` (an open dispute), ``AlreadyReviewed``, ``ReviewWindowClosed``,
    ``InvalidInput``."""
    now = clock.now()
    with uow:
        booking, side = _party(uow, command.booking_id, command.actor)
        opened_at = open_for_review(booking, uow.disputes.has_open_dispute(booking.id))
        try:
            window, is_new = uow.reviews.get(booking.id), False
        except NotFound:
            window = BookingReviews.open(booking.id, booking.client_id, booking.provider_id, opened_at, rules.window)
            window.schedule_reminders(rules.window, now, rules.reminder_days)
            is_new = True
        review = window.submit(side, ids.new_id("rvw"), str(command.actor.user_id), command.rating, command.text, now)
        if is_new:
            uow.reviews.add(window)
        else:
            uow.reviews.save(window)
        _commit(uow, window)
    return review


def edit_review(command: EditReview, uow: ReviewsUnitOfWork, clock: Clock) -> Review:
    """Change the actor's review while still hidden. Raises ``NotFound``, ``ReviewOnHold`` (an open dispute),
    ``ReviewsPublished``, ``ReviewWindowClosed``, ``InvalidInput``."""
    return _on_window(uow, command.booking_id, command.actor,
                      lambda window, side: window.edit(side, command.rating, command.text, clock.now()),
                      held_while_disputed=True)  # fmt: skip


def respond_to_review(command: RespondToReview, uow: ReviewsUnitOfWork, clock: Clock) -> Review:
    """The reviewed party's one public answer. Raises ``NotFound``, ``ResponseNotAllowed``, ``InvalidInput``."""
    return _on_window(uow, command.booking_id, command.actor,
                      lambda window, side: window.respond(side, command.text, clock.now()))  # fmt: skip


def hide_review(command: HideReview, uow: ReviewsUnitOfWork) -> Review:
    """Staff hide or restore a review. Raises ``StaffOnly``, ``NotFound``."""
    require_staff(command.actor)
    with uow:
        window = uow.reviews.holding(command.review_id)
        review = window.set_hidden(command.review_id, command.hidden)
        if review is None:  # the store said this window holds it
            raise NotFound("review", command.review_id)
        uow.reviews.save(window)
        _commit(uow, window)
    return review


def publish_due_reviews(uow: ReviewsUnitOfWork, clock: Clock, limit: int = 100) -> list[str]:
    """The sweep: publish every window that closed with a review in it, each in its own unit of work; return the
    booking ids published. A window changed concurrently is skipped (the next sweep sees it again)."""
    now = clock.now()
    with uow.reading():
        due = list(uow.reviews.due(now, limit))
    published = []
    for booking_id in due:
        with uow:
            window = uow.reviews.get(booking_id)
            if not window.publish_if_due(now):
                continue
            try:
                uow.reviews.save(window)
            except VersionConflict:
                continue
            _commit(uow, window)
            published.append(booking_id)
    return published


def reviews_of_booking(uow: ReviewsUnitOfWork, booking_id: str, actor: Actor) -> list[Review]:
    """What ``actor`` may read of a booking's reviews: a party its own and the published ones, anyone else
    ``NotFound`` (a booking's reviews are listed only to its parties; the public read a profile's)."""
    with uow.reading():
        booking, side = _party(uow, booking_id, actor)
        try:
            window = uow.reviews.get(booking.id)
        except NotFound:
            return []
    return window.visible_to_side(side)


def public_reviews(uow: ReviewsUnitOfWork, profile_id: str, limit: int = 20) -> list[Review]:
    """The public reviews of a provider or studio profile, newest first. What providers wrote of a client is never
    listed here (a client's reviews are not public)."""
    with uow.reading():
        found = uow.reviews.public_of(profile_id, limit)
    return [review for review in found if review.side is Side.CLIENT]


def _party(uow: ReviewsUnitOfWork, booking_id: str, actor: Actor) -> tuple[Booking, Side]:
    booking = uow.bookings.get(booking_id)
    return booking, side_of(booking, _provider(uow, booking), actor)


def _provider(uow: ReviewsUnitOfWork, booking: Booking) -> ProfileDraft | None:
    try:
        return uow.profiles.get(booking.provider_id)
    except NotFound:
        return None


def _on_window(
    uow: ReviewsUnitOfWork,
    booking_id: str,
    actor: Actor,
    change: Callable[[BookingReviews, Side], Review],
    *,
    held_while_disputed: bool = False,
) -> Review:
    with uow:
        booking, side = _party(uow, booking_id, actor)
        if held_while_disputed:
            open_for_review(booking, uow.disputes.has_open_dispute(booking.id))
        try:
            window = uow.reviews.get(booking.id)
        except NotFound:
            raise NotFound("review", f"{booking.id}/{side.value}") from None
        review = change(window, side)
        uow.reviews.save(window)
        _commit(uow, window)
    return review


def _commit(uow: ReviewsUnitOfWork, window: BookingReviews) -> None:
    for event in window.pull_events():
        uow.record(event)
    uow.commit()
