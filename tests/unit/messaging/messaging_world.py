"""A messaging world on in-memory adapters: a command bus with the messaging handlers, a movable clock, parties."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from adapters.contacts.detector import LibraryContactDetector
from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.media import InMemoryObjectStore
from adapters.memory.messaging import InMemoryMessagingUnitOfWork
from adapters.memory.moderation import ScriptedModerator
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.memory.unit_of_work import InMemoryDatabase
from adapters.pillow.image_processor import PillowImageProcessor
from core.media.rendering import MediaServices
from core.messaging.attachments import AttachmentRules
from core.messaging.commands import Posted, PostMessage, StartInquiry
from core.messaging.on_commands import COMMANDS
from core.messaging.ports import ContactDetector, MessagingUnitOfWork, Parties, Restrictions
from core.messaging.sending import MessagingRules
from core.messaging.unsubscribe import UnsubscribeLinks
from core.shared.actor import Actor
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import CommandBus
from core.shared.events import Event
from core.shared.rate_limit import RateLimiter

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
# the real detector: in-process and offline, so the unit tests need no twin of it (as with Pillow below)
DETECTOR = LibraryContactDetector()


@attrs.define
class KnownParties:
    """Profiles' owners, the pairs with a booking and the users moderation restricts, as the test sets them."""

    owners: dict[str, str] = attrs.field(factory=dict)
    booked: set[frozenset[str]] = attrs.field(factory=set)
    restricted: set[str] = attrs.field(factory=set)

    def messaging_restricted(self, user_id: str) -> bool:
        return user_id in self.restricted

    def owner_of(self, profile_id: str) -> str | None:
        return self.owners.get(profile_id)

    def have_booked(self, user_a: str, user_b: str) -> bool:
        return frozenset((user_a, user_b)) in self.booked


@attrs.define
class World:
    rules: MessagingRules = attrs.field(factory=MessagingRules)
    clock: FixedClock = attrs.field(factory=lambda: FixedClock(T0))
    parties: KnownParties = attrs.field(factory=KnownParties)
    database: InMemoryDatabase = attrs.field(factory=InMemoryDatabase)
    limiter: InMemoryRateLimiter = attrs.field(factory=InMemoryRateLimiter)
    events: list[Event] = attrs.field(factory=list)
    store: InMemoryObjectStore = attrs.field(factory=InMemoryObjectStore)
    moderator: ScriptedModerator = attrs.field(factory=ScriptedModerator)
    attachment_rules: AttachmentRules = attrs.field(factory=AttachmentRules)
    bus: CommandBus = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        ids = SequentialIds()
        provide: dict[Any, Callable[[], Any]] = {
            MessagingUnitOfWork: self.new_uow, Parties: lambda: self.parties, MessagingRules: lambda: self.rules,
            RateLimiter: lambda: self.limiter, Clock: lambda: self.clock, IdGenerator: lambda: ids,
            Restrictions: lambda: self.parties, AttachmentRules: lambda: self.attachment_rules,
            MediaServices: lambda: MediaServices(self.store, PillowImageProcessor(), self.moderator),
            UnsubscribeLinks: lambda: UnsubscribeLinks("http://rastup.test", b"k" * 32),
            ContactDetector: lambda: DETECTOR,
        }  # fmt: skip
        self.bus = CommandBus(COMMANDS, provide)

    def new_uow(self) -> InMemoryMessagingUnitOfWork:
        return InMemoryMessagingUnitOfWork(
            self.database, now=self.clock.now, after_commit=lambda events, _out: self.events.extend(events)
        )

    def start(self, sender: str, recipient: str, body: str = "Hi! Are you free on Saturday?", cid: str = "") -> Posted:
        command = StartInquiry(actor=Actor(sender), recipient_user_id=recipient, body=body,
                               client_message_id=cid or f"c-{len(self.events)}")  # fmt: skip
        return self.bus.handle(command)

    def post(self, sender: str, thread_id: str, body: str, cid: str = "") -> Posted:
        command = PostMessage(actor=Actor(sender), thread_id=thread_id, body=body,
                              client_message_id=cid or f"p-{len(self.events)}")  # fmt: skip
        return self.bus.handle(command)
