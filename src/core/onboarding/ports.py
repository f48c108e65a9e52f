"""Ports of the onboarding context: facts from other contexts, progress, verification, notifications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.onboarding.digests import Message, Preferences
from core.onboarding.facts import Facts
from core.onboarding.reminder_preferences import ReminderPreferences
from core.onboarding.verification import VerificationRequest
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step
from core.profiles.ports import ProfilesUnitOfWork


class ProfileFacts(Protocol):
    """What the media, calendar and verification contexts know about a profile."""

    def facts_of(self, profile_id: str) -> Facts:
        """Return the facts known now. A context that cannot answer leaves its fact ``None`` (unknown, which
        scores as not done); never raises for an unknown profile. Read-only."""
        ...

    def facts_of_many(self, profile_ids: Sequence[str]) -> dict[str, Facts]:
        """``facts_of`` for many profiles at once (a full reindex reads a page at a time): every id a key."""
        ...


class OnboardingProgressRepository(Protocol):
    """Where each owner was in each wizard, so they resume there."""

    def last_step(self, profile_id: str, wizard: Wizard) -> Step | None:
        """The step last recorded for this profile and wizard, or ``None``."""
        ...

    def record(self, profile_id: str, wizard: Wizard, step: Step, now: datetime) -> None:
        """Remember ``step`` as the latest (create or replace). Idempotent."""
        ...


class VerificationRepository(Protocol):
    """Verification requests, read and written inside the caller's unit of work."""

    def add(self, request: VerificationRequest) -> None:
        """Store a new request. Raises ``AlreadyExists`` for a taken id."""
        ...

    def get(self, request_id: str) -> VerificationRequest:
        """Return the request. Raises ``NotFound``."""
        ...

    def save(self, request: VerificationRequest) -> None:
        """Replace a stored request. Raises ``NotFound`` if it was never added."""
        ...

    def of_profile(self, profile_id: str) -> list[VerificationRequest]:
        """The profile's requests, oldest first (empty for an unknown profile)."""
        ...

    def pending(self, limit: int) -> list[VerificationRequest]:
        """Up to ``limit`` pending requests, oldest first: the staff review queue."""
        ...


class VerificationProvider(Protocol):
    """Who checks a submitted document: staff (the manual adapter) or, later, an automated vendor."""

    def begin(self, request: VerificationRequest) -> str:
        """Start checking ``request``; return the provider's reference for it (may be empty). Idempotent for
        the same request id. The request stays pending until a decision arrives."""
        ...

    def automatic_decision(self, request: VerificationRequest) -> tuple[bool, str] | None:
        """``(approved, reason)`` when the provider decided on its own, or ``None`` to leave it to staff."""
        ...


class OnboardingUnitOfWork(ProfilesUnitOfWork, Protocol):
    """One transaction over profiles, wizard progress and verification requests, with the facts port."""

    progress: OnboardingProgressRepository
    verifications: VerificationRepository
    facts: ProfileFacts


class NotificationPreferencesRepository(Protocol):
    """Consent, time zone, quiet hours and caps per recipient (a profile owner)."""

    def get(self, recipient_id: str) -> Preferences | None:
        """The recipient's preferences, or ``None`` (no consent is assumed)."""
        ...

    def put(self, preferences: Preferences) -> None:
        """Create or replace. Idempotent."""
        ...

    def recipients(self) -> list[str]:
        """Every recipient with preferences, ordered by id."""
        ...

    def remove(self, recipient_id: str) -> None:
        """Forget the recipient's preferences and address (no consent from then on). Idempotent."""
        ...


class ReminderPreferencesRepository(Protocol):
    """Consent to reminders and quiet hours per user (account): a client without a profile has them too."""

    def get(self, user_id: str) -> ReminderPreferences | None:
        """The user's preferences, or ``None`` (no consent is assumed)."""
        ...

    def put(self, preferences: ReminderPreferences) -> None:
        """Create or replace. Idempotent."""
        ...

    def remove(self, user_id: str) -> None:
        """Forget the user's preferences (no consent from then on). Idempotent."""
        ...


class SentLog(Protocol):
    """What was sent, so a rerun sends nothing twice."""

    def was_sent(self, recipient_id: str, kind: str, period: str) -> bool:
        """Whether ``kind`` for ``period`` (an ISO week) went to the recipient."""
        ...

    def count_since(self, recipient_id: str, since: datetime) -> int:
        """How many notifications the recipient was sent at or after ``since`` (frequency caps)."""
        ...

    def mark(self, recipient_id: str, kind: str, period: str, now: datetime) -> None:
        """Record a send. Raises ``AlreadyExists`` if it was already recorded (the idempotency guard)."""
        ...


class Notifier(Protocol):
    """Delivers a message. Transactional adapters (the outbox) deliver only when the unit commits."""

    def deliver(self, message: Message) -> None:
        """Queue or send ``message``. Raises nothing for a well-formed message."""
        ...


class DigestsUnitOfWork(OnboardingUnitOfWork, Protocol):
    """Onboarding plus notification preferences (per profile, and reminders' per user), the sent log and the
    notifier, in one transaction."""

    preferences: NotificationPreferencesRepository
    reminder_preferences: ReminderPreferencesRepository
    sent: SentLog
    notifier: Notifier


class ListingRestrictions(Protocol):
    """What onboarding asks moderation: whether staff decisions keep a user's profiles out of public view."""

    def listings_hidden(self, user_id: str) -> bool:
        """Whether ``user_id``'s profiles may not be published now (their active strikes hide listings)."""
        ...
