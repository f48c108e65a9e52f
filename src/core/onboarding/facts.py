"""What other contexts know about a profile (portfolio, schedule, identity), as the score consumes it."""

from __future__ import annotations

import attrs


@attrs.frozen
class Facts:
    """Facts owned by other contexts. ``None`` means "not known yet" and always counts as not done.

    Knowing more never makes a fact worse: ``None`` < ``False`` < ``True`` and counts only grow.
    """

    approved_images: int | None = None  # media: approved (SFW, public) portfolio images
    schedule_defined: bool | None = None  # calendar: a schedule with at least one weekly rule
    identity_verified: bool | None = None  # verification: an approved identity or business check

    @property
    def images(self) -> int:
        return self.approved_images or 0
