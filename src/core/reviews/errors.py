"""Reviews errors: a second review, an edit after publication, a closed window, a review on hold, a second response."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


class ReviewsError(DomainError):
    """Root of the reviews context's errors."""

    code = "reviews-error"


@attrs.define
class AlreadyReviewed(ReviewsError):
    """This side of the booking has already submitted its review (one per side per booking)."""

    code = "already-reviewed"
    message = "the {side} of booking {booking_id!r} has already reviewed it"
    booking_id: str
    side: str


@attrs.define
class ReviewsPublished(ReviewsError):
    """The booking's reviews are public: they can no longer be edited."""

    code = "reviews-published"
    message = "the reviews of booking {booking_id!r} are published and can no longer be edited"
    booking_id: str


@attrs.define
class ReviewWindowClosed(ReviewsError):
    """The window to review this booking closed at ``closed_at``."""

    code = "review-window-closed"
    message = "the window to review booking {booking_id!r} is closed"
    booking_id: str


@attrs.define
class NotReviewable(ReviewsError):
    """The booking is a party's but not completed (requested, cancelled, disputed...): nothing to review yet."""

    code = "not-reviewable"
    message = "booking {booking_id!r} is {state}: only a completed booking can be reviewed"
    booking_id: str
    state: str


@attrs.define
class ReviewOnHold(ReviewsError):
    """The booking completed but cannot be reviewed for now (``reason``: ``disputed`` while a dispute of its charge
    is open); it can be again once resolved, within the same window."""

    code = "review-on-hold"
    message = "booking {booking_id!r} cannot be reviewed while {reason}"
    booking_id: str
    reason: str


@attrs.define
class ResponseNotAllowed(ReviewsError):
    """Only the reviewed party responds, once, to a published review."""

    code = "response-not-allowed"
    message = "review {review_id!r}: {reason}"
    review_id: str
    reason: str
