"""Events of the profiles context: what happened, in the past tense."""

from __future__ import annotations

import attrs

from core.shared.events import Event
from core.shared.outbox import outbound


@outbound("profiles.draft_edited")  # the search indexer consumes it
@attrs.frozen
class ProfileDraftEdited(Event):
    profile_id: str
    version: int


@outbound("profiles.service_offered")  # the search indexer consumes it
@attrs.frozen
class ServiceOffered(Event):
    service_id: str
    profile_id: str


@outbound("profiles.service_changed")  # the search indexer consumes it
@attrs.frozen
class ServiceChanged(Event):
    service_id: str
    profile_id: str
