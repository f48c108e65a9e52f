"""Events of the profiles context: what happened, in the past tense."""

from __future__ import annotations

import attrs

from core.shared.events import Event


@attrs.frozen
class ProfileDraftCreated(Event):
    profile_id: str
    slug: str


@attrs.frozen
class ProfileDraftEdited(Event):
    profile_id: str
    version: int


@attrs.frozen
class ServiceOffered(Event):
    service_id: str
    profile_id: str


@attrs.frozen
class ServiceChanged(Event):
    service_id: str
    profile_id: str
