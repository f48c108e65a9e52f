"""The reviews context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.reviews.commands import EditReview, HideReview, RespondToReview, SubmitReview
from core.reviews.handlers import edit_review, hide_review, respond_to_review, submit_review
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    SubmitReview: submit_review,
    EditReview: edit_review,
    RespondToReview: respond_to_review,
    HideReview: hide_review,
}
