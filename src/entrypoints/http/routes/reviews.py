"""Review routes: a party to a completed booking reviews the other side, edits until publication, responds once;
anyone reads a profile's published reviews.

Who acts comes from the session and travels in the command; the core decides whether that user is the booking's
client or provider (``core.reviews.access``): anyone else gets the 404 of an unknown booking.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Router, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from core.onboarding.commands import SetReminderPreferences, ViewReminderPreferences
from core.reviews.commands import EditReview, RespondToReview, SubmitReview
from core.reviews.handlers import public_reviews, reviews_of_booking
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CommandsDep, ReviewsUow
from entrypoints.shapes.reviews import (
    PublicReviewOut,
    ReminderPreferencesIn,
    ReminderPreferencesOut,
    ResponseIn,
    ReviewIn,
    ReviewOut,
)

Limit = Annotated[int, QueryParameter(ge=1, le=50)]


@post("/bookings/{booking_id:str}/reviews", tags=["reviews"], sync_to_thread=True, status_code=201)
def submit(
    booking_id: FromPath[str], data: JSONBody[ReviewIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ReviewOut:
    """Review the other side of a completed booking (one review per side; 409 for a second). Hidden from the
    other side until both have reviewed or the window closes; then both publish at once."""
    command = SubmitReview(actor=current_user, booking_id=booking_id, rating=data.rating(), text=data.text)
    return ReviewOut.of(commands.handle(command))


@put("/bookings/{booking_id:str}/reviews/mine", tags=["reviews"], sync_to_thread=True)
def edit(
    booking_id: FromPath[str], data: JSONBody[ReviewIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ReviewOut:
    """Change your review while it is still hidden (409 once published)."""
    command = EditReview(actor=current_user, booking_id=booking_id, rating=data.rating(), text=data.text)
    return ReviewOut.of(commands.handle(command))


@post("/bookings/{booking_id:str}/reviews/response", tags=["reviews"], sync_to_thread=True, status_code=200)
def respond(
    booking_id: FromPath[str], data: JSONBody[ResponseIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ReviewOut:
    """Answer, once and in public, the published review the other side wrote of you."""
    command = RespondToReview(actor=current_user, booking_id=booking_id, text=data.text)
    return ReviewOut.of(commands.handle(command))


@get("/bookings/{booking_id:str}/reviews", tags=["reviews"], sync_to_thread=True)
def of_booking(booking_id: FromPath[str], reviews_uow: ReviewsUow, current_user: CurrentUserDep) -> list[ReviewOut]:
    """The booking's reviews as a party sees them: its own always, the other side's once published."""
    return [ReviewOut.of(r) for r in reviews_of_booking(reviews_uow, booking_id, current_user)]


@get("/profiles/{profile_id:str}/reviews", tags=["reviews"], sync_to_thread=True)
def of_profile(profile_id: FromPath[str], reviews_uow: ReviewsUow, limit: Limit = 20) -> list[PublicReviewOut]:
    """The published reviews of a profile, newest first (none hidden by staff, none still blind)."""
    return [PublicReviewOut.of(r) for r in public_reviews(reviews_uow, profile_id, limit)]


@get("/reviews/reminder-preferences", tags=["reviews"], sync_to_thread=True)
def reminder_preferences(commands: CommandsDep, current_user: CurrentUserDep) -> ReminderPreferencesOut:
    """The caller's review-reminder preferences (off, UTC, quiet 22:00-08:00 until they set any)."""
    return ReminderPreferencesOut.of(commands.handle(ViewReminderPreferences(actor=current_user)))


@put("/reviews/reminder-preferences", tags=["reviews"], sync_to_thread=True)
def set_reminder_preferences(
    data: JSONBody[ReminderPreferencesIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ReminderPreferencesOut:
    """Turn review reminders on or off (clients and providers alike); set the zone and the quiet hours they are
    never sent in."""
    command = SetReminderPreferences(actor=current_user, reminder_consent=data.reminderConsent,
                                     time_zone=data.timeZone, quiet_start_minute=data.quietStartMinute,
                                     quiet_end_minute=data.quietEndMinute)  # fmt: skip
    return ReminderPreferencesOut.of(commands.handle(command))


router = Router(
    "/api",
    route_handlers=[submit, edit, respond, of_booking, of_profile, reminder_preferences, set_reminder_preferences],
)
