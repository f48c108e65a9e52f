"""Review request and response bodies, shared by the HTTP routes and the CLI (camelCase, as the booking bodies)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import attrs

from core.onboarding.reminder_preferences import ReminderPreferences
from core.reviews.model import Review
from core.reviews.rating import MAX_TEXT, Rating
from entrypoints.shapes.bounds import Range, Text

Stars = Annotated[int, Range(1, 5)]
ReviewText = Annotated[str, Text(MAX_TEXT, multiline=True)]


@attrs.frozen
class AspectsIn:
    """A client's stars per aspect (each optional)."""

    communication: Stars | None = None
    punctuality: Stars | None = None
    quality: Stars | None = None


@attrs.frozen
class ReviewIn:
    """A review: overall stars and text; a client may add ``aspects``, a provider must say ``wouldWorkAgain``."""

    overall: Stars
    text: ReviewText
    aspects: AspectsIn | None = None
    wouldWorkAgain: bool | None = None

    def rating(self) -> Rating:
        given = {} if self.aspects is None else attrs.asdict(self.aspects)
        aspects = tuple((name, stars) for name, stars in given.items() if stars is not None)
        return Rating(self.overall, aspects, self.wouldWorkAgain)


@attrs.frozen
class ResponseIn:
    text: ReviewText


@attrs.frozen
class ResponseOut:
    text: str
    at: datetime


@attrs.frozen
class ReviewOut:
    """A review as its reader may see it: ``publishedAt`` is null while it waits for the other side."""

    id: str
    bookingId: str
    side: str  # client: the client's review of the provider; provider: the provider's review of the client
    subjectId: str
    overall: int
    aspects: dict[str, int]
    wouldWorkAgain: bool | None
    text: str
    submittedAt: datetime
    updatedAt: datetime
    publishedAt: datetime | None
    response: ResponseOut | None

    @classmethod
    def of(cls, review: Review) -> ReviewOut:
        response = None if review.response is None else ResponseOut(review.response.text, review.response.at)
        return cls(review.id, review.booking_id, review.side.value, review.subject_id, review.rating.overall,
                   dict(review.rating.aspects), review.rating.would_work_again, review.text, review.submitted_at,
                   review.updated_at, review.published_at, response)  # fmt: skip


@attrs.frozen
class PublicReviewOut:
    """A published review as anyone may read it: no booking, no author."""

    id: str
    overall: int
    aspects: dict[str, int]
    text: str
    publishedAt: datetime | None
    response: ResponseOut | None

    @classmethod
    def of(cls, review: Review) -> PublicReviewOut:
        full = ReviewOut.of(review)
        return cls(full.id, full.overall, full.aspects, full.text, full.publishedAt, full.response)


@attrs.frozen
class ReminderPreferencesIn:
    reminderConsent: bool  # review reminders on day 2 and day 10 (off until you turn them on)
    timeZone: str = "UTC"  # an IANA zone: the quiet hours are in it
    quietStartMinute: int = 22 * 60  # minutes of the day; the quiet hours may span midnight, equal means none
    quietEndMinute: int = 8 * 60


@attrs.frozen
class ReminderPreferencesOut:
    reminderConsent: bool
    timeZone: str
    quietStartMinute: int
    quietEndMinute: int

    @classmethod
    def of(cls, preferences: ReminderPreferences) -> ReminderPreferencesOut:
        return cls(preferences.reminder_consent, preferences.time_zone, preferences.quiet_start_minute,
                   preferences.quiet_end_minute)  # fmt: skip
