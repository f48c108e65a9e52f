"""Who may review a booking: its client or the owner of its provider profile, once it has completed and while no
dispute of its charge is open. Pure.

Anyone else (a stranger, staff, the operator, an anonymous caller) gets the ``NotFound`` an unknown booking gets:
neither a booking nor its hidden reviews are revealed to those who have no part in it.
"""

from __future__ import annotations

from datetime import datetime

from core.booking.model import Booking
from core.booking.states import BookingState
from core.profiles.model import ProfileDraft
from core.reviews.errors import NotReviewable, ReviewOnHold
from core.reviews.rating import Side
from core.shared.actor import Actor
from core.shared.errors import NotFound


def side_of(booking: Booking, provider: ProfileDraft | None, actor: Actor) -> Side:
    """The side ``actor`` writes from on ``booking``: its client, or the owner of its provider profile
    (``provider``; None once gone). Raises ``NotFound("booking", id)`` for anyone else."""
    if actor.is_user(booking.client_id):
        return Side.CLIENT
    if provider is not None and actor.is_user(provider.owner_user_id):
        return Side.PROVIDER
    raise NotFound("booking", booking.id)


def party_side(booking: Booking, provider: ProfileDraft | None, actor: Actor) -> Side | None:
    """Like ``side_of``, but None for someone with no part in the booking (a reader of public reviews)."""
    try:
        return side_of(booking, provider, actor)
    except NotFound:
        return None


def completed_at(booking: Booking) -> datetime:
    """When ``booking`` completed (its window opens then). Raises ``NotReviewable`` for any other state: a
    cancelled, declined or still running booking has nothing to review."""
    if booking.state is not BookingState.COMPLETED:
        raise NotReviewable(booking.id, booking.state.value)
    return booking.next_action.issued_at  # the card issued by the completion


def open_for_review(booking: Booking, disputed: bool) -> datetime:
    """``completed_at``, for a booking a side may write a review of now. Raises ``NotReviewable`` as it does, and
    ``ReviewOnHold`` while ``disputed`` (a dispute of its charge is open): a review must not become a lever in the
    dispute. The window keeps its close; once the dispute is won or lost, reviewing resumes within it."""
    opened_at = completed_at(booking)
    if disputed:
        raise ReviewOnHold(booking.id, "disputed")
    return opened_at
