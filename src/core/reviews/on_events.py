"""Reviews' handlers of other contexts' events: a moderation decision to hide or remove a review hides it."""

from __future__ import annotations

from collections.abc import Callable

from core.moderation.events import ReportResolved
from core.reviews.commands import HideReview
from core.reviews.handlers import hide_review
from core.reviews.ports import ReviewsUnitOfWork
from core.shared.actor import OPERATOR
from core.shared.errors import NotFound
from core.shared.messagebus import Handlers

HIDING = frozenset({"hide", "remove"})


def reviews_handlers(new_uow: Callable[[], ReviewsUnitOfWork]) -> Handlers:
    """Reviews' handler map for the message bus."""

    def hide_reported(event: ReportResolved) -> None:
        if event.target_kind != "review" or event.action not in HIDING:
            return
        try:  # staff decided in the moderation context: applied with the service's own authority
            hide_review(HideReview(actor=OPERATOR, review_id=event.target_id), new_uow())
        except NotFound:  # a report of a review id that does not exist: nothing to hide
            return

    return {ReportResolved: [hide_reported]}
