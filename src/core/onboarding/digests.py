"""Weekly digests: who may be sent what, when (consent, quiet hours in their zone, frequency caps). Pure."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import Enum

import attrs

from core.onboarding.completeness import Score
from core.onboarding.nudges import Nudge
from core.shared.errors import InvalidInput
from core.shared.quiet_hours import check_quiet_hours, quiet_at

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
DIGEST = "weekly_digest"


def week_start(label: str) -> date:
    """The Monday of ISO week ``label`` (``2026-W48``). Raises ``InvalidInput`` for a malformed or absent week."""
    found = WEEK.match(label)
    if found is None:
        raise InvalidInput("week", "must be an ISO week such as 2026-W48")
    try:
        return date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        raise InvalidInput("week", f"{label} does not exist") from None


@attrs.frozen
class Preferences:
    """A recipient's consent and limits. Quiet hours may span midnight (22:00-08:00 is 1320..480)."""

    recipient_id: str
    address: str
    digest_consent: bool = False
    nudge_consent: bool = False
    time_zone: str = "UTC"
    quiet_start_minute: int = 22 * 60
    quiet_end_minute: int = 8 * 60
    max_per_week: int = 3

    def __attrs_post_init__(self) -> None:
        check_quiet_hours(self.time_zone, self.quiet_start_minute, self.quiet_end_minute)
        if not 0 <= self.max_per_week <= 50:
            raise InvalidInput("max_per_week", "must be 0..50")
        if "@" not in self.address:
            raise InvalidInput("address", "must be an email address")


class Outcome(Enum):
    SEND = "send"
    NO_CONSENT = "no-consent"
    ALREADY_SENT = "already-sent"
    FREQUENCY_CAP = "frequency-cap"
    QUIET_HOURS = "quiet-hours"  # not now: a later run (outside the quiet hours) sends it


def in_quiet_hours(prefs: Preferences, now: datetime) -> bool:
    return quiet_at(prefs.time_zone, prefs.quiet_start_minute, prefs.quiet_end_minute, now)


def delivery(prefs: Preferences, now: datetime, *, already_sent: bool, sent_last_7_days: int) -> Outcome:
    """Whether to send a digest now, in the order a person would ask: consent, duplicate, cap, quiet hours."""
    if not prefs.digest_consent:
        return Outcome.NO_CONSENT
    if already_sent:
        return Outcome.ALREADY_SENT
    if sent_last_7_days >= prefs.max_per_week:
        return Outcome.FREQUENCY_CAP
    if in_quiet_hours(prefs, now):
        return Outcome.QUIET_HOURS
    return Outcome.SEND


CAP_WINDOW = timedelta(days=7)


@attrs.frozen
class DigestRun:
    """What one weekly send did: how many recipients ended with each outcome."""

    week: str
    outcomes: dict[str, int]  # outcome -> recipients

    @property
    def sent(self) -> int:
        return self.outcomes.get(Outcome.SEND.value, 0)


@attrs.frozen
class Message:
    recipient_id: str
    address: str
    subject: str
    body: str


def weekly_digest(prefs: Preferences, week: str, name: str, score: Score, hints: list[Nudge]) -> Message:
    """The digest text: where the profile stands and the next few things to do."""
    lines = [f"Hi {name},", "", f"Your profile completeness is {score.total}/100."]
    if hints:
        lines += ["", "Next steps:", *(f"- {n.message}" for n in hints)]
    else:
        lines += ["", "Your profile is complete. Nice work."]
    return Message(prefs.recipient_id, prefs.address, f"Your RastUp week {week}", "\n".join(lines))
