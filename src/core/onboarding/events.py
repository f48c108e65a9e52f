"""Events of the onboarding context."""

from __future__ import annotations

import attrs

from core.shared.events import Event


@attrs.frozen
class ProfilePublished(Event):
    profile_id: str
    score: int


@attrs.frozen
class ProfileUnpublished(Event):
    profile_id: str


@attrs.frozen
class InstantBookChanged(Event):
    service_id: str
    enabled: bool


@attrs.frozen
class VerificationSubmitted(Event):
    request_id: str
    profile_id: str


@attrs.frozen
class VerificationDecided(Event):
    request_id: str
    profile_id: str
    approved: bool
