"""The manual moderator: no model, every image waits in the staff queue (the embedded default)."""

from __future__ import annotations

from core.media.model import Classification, Verdict


class ManualReviewModerator:
    """Classifies everything as needing review: nothing is public until a person approves it."""

    name = "manual"

    def classify(self, image: bytes) -> Verdict:
        return Verdict(Classification.NEEDS_REVIEW, self.name)
