"""A user's history for staff: the account, its bookings (as client or through the profiles it owns), the reports
it filed and those about it (every report naming it as the account responsible for its target, open or decided;
for older reports, those about its profiles or that struck it), its strikes and the restriction they add up to,
and the audit entries it made or that name it. Reading it is itself audited (staff looking at a person)."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.account import PartiesUnitOfWork, bookings_of
from core.booking.model import Booking
from core.identity.model import User
from core.moderation.model import Report, TargetKind
from core.moderation.ports import ModerationUnitOfWork, QueueFilter
from core.moderation.strikes import Strike, StrikePolicy, restriction
from core.shared.actor import Actor, require_staff
from core.shared.audit import AuditEntry, AuditRecord
from core.shared.errors import NotFound

HISTORY_LIMIT = 100


@attrs.frozen
class UserHistory:
    user: User
    owned_profiles: tuple[str, ...]
    bookings: tuple[Booking, ...]  # newest first
    filed: tuple[Report, ...]  # oldest first
    received: tuple[Report, ...]  # oldest first
    strikes: tuple[Strike, ...]  # oldest first
    restriction: str
    audit: tuple[AuditEntry, ...]  # newest first

    @property
    def masked_email(self) -> str:
        """The address as staff see it here: its first letter and its domain."""
        local, _, domain = self.user.email.partition("@")
        return f"{local[:1]}***@{domain}"


def user_history(actor: Actor, user_id: str, uow: ModerationUnitOfWork, parties_uow: PartiesUnitOfWork,
                 policy: StrikePolicy, now: datetime) -> UserHistory:  # fmt: skip
    """``user_id``'s history, at most ``HISTORY_LIMIT`` of each kind. Raises ``StaffOnly``, ``NotFound``."""
    staff = require_staff(actor).user_id or "operator"
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("account", user_id)
        uow.audit.append(AuditRecord(staff, "user.history.read", user_id, now))
        uow.commit()
    owned, bookings = bookings_of(user_id, parties_uow)
    with uow.reading():
        filed = uow.reports.queue(QueueFilter(status=None, reporter_id=user_id, limit=HISTORY_LIMIT))
        strikes = tuple(uow.strikes.of_user(user_id))
        answering = QueueFilter(status=None, responsible_id=user_id, limit=HISTORY_LIMIT)
        received = {r.id: r for r in uow.reports.queue(answering)}
        # reports filed before they named their responsible account: those about an owned profile or that struck
        received.update((r.id, r) for r in _struck(uow, strikes))
        for profile_id in owned:
            about = QueueFilter(status=None, target_kind=TargetKind.PROFILE, target_id=profile_id, limit=HISTORY_LIMIT)
            received.update((r.id, r) for r in uow.reports.queue(about))
        audit = tuple(uow.audit.about(user_id, HISTORY_LIMIT))
    newest = sorted(bookings, key=lambda b: (b.start, b.id), reverse=True)[:HISTORY_LIMIT]
    oldest = sorted(received.values(), key=lambda r: (r.created_at, r.id))[:HISTORY_LIMIT]
    return UserHistory(user, tuple(owned), tuple(newest), tuple(filed), tuple(oldest), strikes,
                       restriction(policy, strikes, now).label, audit)  # fmt: skip


def _struck(uow: ModerationUnitOfWork, strikes: tuple[Strike, ...]) -> list[Report]:
    found = []
    for strike in strikes:
        try:
            found.append(uow.reports.get(strike.report_id))
        except NotFound:
            continue  # a takedown's strike names no report
    return found
