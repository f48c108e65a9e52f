"""Moderation commands, each carrying who acts; staff rights are checked inside the handler's unit of work."""

from __future__ import annotations

import attrs

from core.moderation.model import Action, ReasonCode, Report, TargetKind
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen(kw_only=True)
class FileReport(Command[Report]):
    actor: Actor
    target_kind: TargetKind
    target_id: str
    reason: ReasonCode
    text: str = ""


@attrs.frozen(kw_only=True)
class AssignReport(Command[Report]):
    """Staff take a report (``assignee_id`` None: the actor itself) or hand it to another staff member."""

    actor: Actor
    report_id: str
    assignee_id: str | None = None


@attrs.frozen(kw_only=True)
class DecideReport(Command[Report]):
    actor: Actor
    report_id: str
    action: Action
    reason: str


@attrs.frozen(kw_only=True)
class ApproveDecision(Command[Report]):
    """A second staff member approves a proposed dual-control decision."""

    actor: Actor
    report_id: str
