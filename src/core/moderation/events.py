"""Moderation events: a decision took effect (the reviews context hides a review; the reporter is told)."""

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
