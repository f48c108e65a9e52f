"""Events of the onboarding context."""

from __future__ import annotations

import attrs

from core.shared.events import Event
from core.shared.outbox import outbound


@outbound("onboarding.profile_published")  # the search indexer consumes it
@attrs.frozen
class ProfilePublished(Event):
    profile_id: str
    score: int


@outbound("onboarding.profile_unpublished")  # the search indexer consumes it
@attrs.frozen
class ProfileUnpublished(Event):
    profile_id: str


@outbound("onboarding.instant_book_changed")  # the search indexer consumes it
@attrs.frozen
class InstantBookChanged(Event):
    service_id: str
    enabled: bool


@outbound("onboarding.verification_decided")  # the search indexer consumes it
@attrs.frozen
class VerificationDecided(Event):
    request_id: str
    profile_id: str
    approved: bool
