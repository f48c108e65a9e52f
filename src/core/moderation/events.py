"""Moderation events: a decision took effect (the reviews context hides a review; the reporter is told); an
account's strikes brought it a stricter restriction."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.shared.events import Event


@attrs.frozen(kw_only=True)
class ReportResolved(Event):
    """Staff decided ``report_id`` (approved, for a dual-control action): ``action`` on the target."""

    report_id: str
    reporter_id: str
    target_kind: str
    target_id: str
    action: str
    at: datetime


@attrs.frozen(kw_only=True)
class AccountRestricted(Event):
    """A strike raised ``user_id``'s restriction from ``previous`` to ``restriction`` (``Restriction`` labels:
    none, messaging, listings_hidden, suspended)."""

    user_id: str
    restriction: str
    previous: str
    at: datetime


@attrs.frozen(kw_only=True)
class TakedownChanged(Event):
    """A takedown notice hides its target (filed, removed) or shows it again (rejected, restored)."""

    takedown_id: str
    target_kind: str
    target_id: str
    hidden: bool


@attrs.frozen(kw_only=True)
class TakedownStepped(Event):
    """A takedown moved to ``step`` (received, acknowledged, proposed, removed, rejected, countered, restored):
    the claimant and the target's owner are told what it means for them (nothing while a removal is proposed)."""

    takedown_id: str
    step: str
    target_kind: str
    target_id: str
    claimant_email: str
