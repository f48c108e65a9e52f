"""Reviews commands: imperative, each carrying who acts; the side it acts from is decided in the handler."""

from __future__ import annotations

import attrs

from core.reviews.model import Review
from core.reviews.rating import Rating
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen(kw_only=True)
class SubmitReview(Command[Review]):
    """A party to a completed booking reviews the other side (one review per side)."""

    actor: Actor
    booking_id: str
    rating: Rating
    text: str


@attrs.frozen(kw_only=True)
class EditReview(Command[Review]):
    """The author changes its review while the reviews are still hidden."""

    actor: Actor
    booking_id: str
    rating: Rating
    text: str


@attrs.frozen(kw_only=True)
class RespondToReview(Command[Review]):
    """The reviewed party answers the published review of it, once."""

    actor: Actor
    booking_id: str
    text: str


@attrs.frozen(kw_only=True)
class HideReview(Command[Review]):
    """Staff hide (or restore, ``hidden=False``) a review; ``reason`` is recorded by moderation."""

    actor: Actor
    review_id: str
    hidden: bool = True
