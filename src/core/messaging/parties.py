"""Who is who, read from the booking context's public ports: a profile's owner, whether two users have a booking
together (no message request between them then), the two users a booking joins; and a message's sender for
moderation."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.booking.account import PartiesUnitOfWork, bookings_of
from core.identity.ports import IdentityUnitOfWork
from core.messaging.ports import ContactDetector, MessagingUnitOfWork
from core.messaging.redaction import contact_masked
from core.moderation.evidence import Evidence
from core.moderation.model import TargetKind
from core.shared.errors import NotFound


@attrs.frozen
class BookedParties:
    """``Parties`` over the booking unit of work (bookings and the profiles they name, read together)."""

    new_uow: Callable[[], PartiesUnitOfWork]

    def owner_of(self, profile_id: str) -> str | None:
        uow = self.new_uow()
        with uow.reading():
            try:
                return uow.services.owner_of(profile_id)
            except NotFound:
                return None

    def have_booked(self, user_a: str, user_b: str) -> bool:
        _, found = bookings_of(user_a, self.new_uow())
        uow = self.new_uow()
        with uow.reading():
            owned_b = {profile.id for profile in uow.services.owned_by(user_b)}
        return any(b.client_id == user_b or b.provider_id in owned_b or b.studio_id in owned_b for b in found)

    def of_booking(self, booking_id: str) -> tuple[str, str | None]:
        """The booking's client and the owner of its provider profile (``None`` once that profile has none)."""
        uow = self.new_uow()
        with uow.reading():
            booking = uow.bookings.get(booking_id)
            try:
                owner = uow.services.get(booking.provider_id).owner_user_id
            except NotFound:
                owner = None
        return booking.client_id, owner


@attrs.frozen
class MessageSenders:
    """Moderation's ``Offenders`` for messages: who sent one (``None`` for any other kind or an unknown id); and its
    ``ReportEvidence``: the message with its contact details redacted (``+1***1234``, ``a***@gmail.com``)."""

    new_uow: Callable[[], MessagingUnitOfWork]
    detector: ContactDetector

    def account_of(self, target_kind: TargetKind, target_id: str) -> str | None:
        if target_kind is not TargetKind.MESSAGE:
            return None
        uow = self.new_uow()
        with uow.reading():
            try:
                return uow.messages.get(target_id).sender_id
            except NotFound:
                return None

    def evidence_of(self, target_kind: TargetKind, target_id: str) -> Evidence:
        if target_kind is not TargetKind.MESSAGE:
            return Evidence.missing()
        uow = self.new_uow()
        with uow.reading():
            try:
                message = uow.messages.get(target_id)
            except NotFound:
                return Evidence.missing()
        facts = (("thread", message.thread_id), ("sent", f"{message.sent_at:%Y-%m-%d %H:%M} UTC"),
                 ("screening", message.action.value), ("found", ", ".join(message.kinds) or "nothing"))  # fmt: skip
        return Evidence(True, message.sender_id, "Message", facts, self.contact_masked(message.body))

    def contact_masked(self, text: str) -> str:
        """``text`` with the contact details screening finds in it redacted (what staff read of reported words)."""
        return contact_masked(text, self.detector)


@attrs.frozen
class AccountDirectory:
    """``Directory`` over identity (the address) and the profiles a user owns (the name)."""

    new_identity_uow: Callable[[], IdentityUnitOfWork]
    new_parties_uow: Callable[[], PartiesUnitOfWork]

    def address_of(self, user_id: str) -> str | None:
        uow = self.new_identity_uow()
        with uow.reading():
            user = uow.users.get(user_id)
        return None if user is None else user.email

    def name_of(self, user_id: str) -> str:
        uow = self.new_parties_uow()
        with uow.reading():
            owned = uow.services.owned_by(user_id)
        return owned[0].fields.display_name if owned else "A RastUp member"
