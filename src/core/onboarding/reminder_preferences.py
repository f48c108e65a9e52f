"""A user's reminder preferences: consent to reminders about their own bookings (the review reminders) and the
quiet hours they are never sent in. Kept per user (account), not per profile, so a client without a profile has
them too; a reminder goes to the account's address. Pure."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.shared.quiet_hours import check_quiet_hours, quiet_at


@attrs.frozen
class ReminderPreferences:
    """A user's consent to reminders (off until they give it) and their quiet hours, in their zone (22:00-08:00
    is 1320..480; equal start and end mean none)."""

    user_id: str
    reminder_consent: bool = False
    time_zone: str = "UTC"
    quiet_start_minute: int = 22 * 60
    quiet_end_minute: int = 8 * 60

    def __attrs_post_init__(self) -> None:
        check_quiet_hours(self.time_zone, self.quiet_start_minute, self.quiet_end_minute)

    def quiet_at(self, now: datetime) -> bool:
        """Whether ``now`` falls in the user's quiet hours."""
        return quiet_at(self.time_zone, self.quiet_start_minute, self.quiet_end_minute, now)
