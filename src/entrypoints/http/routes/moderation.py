"""Reports and the staff queue: anyone signed in reports a profile, media item, review or message; staff filter
the one queue, assign, decide with a reason, and approve each other's suspensions and removals (dual control).
Staff rights are checked in the core (``require_staff``); every staff act lands in the hash-chained audit log."""

from __future__ import annotations

from typing import Annotated

from litestar import Router, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from core.moderation.commands import ApproveDecision, AssignReport, DecideReport, FileReport
from core.moderation.handlers import report_for_staff, staff_queue
from core.moderation.model import Action, ReasonCode, ReportStatus, TargetKind
from core.moderation.ports import QueueFilter
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CommandsDep, ModerationUow
from entrypoints.shapes.moderation import AssignIn, DecideIn, FiledOut, ReportIn, ReportOut, member

TAGS = ["moderation"]
Filter = Annotated[str | None, QueryParameter(max_length=40)]


@post("/reports", tags=TAGS, sync_to_thread=True, status_code=201)
def file(data: JSONBody[ReportIn], commands: CommandsDep, current_user: CurrentUserDep) -> FiledOut:
    """Report something that breaks the rules; you will be told the outcome by email."""
    command = FileReport(actor=current_user, target_kind=member(TargetKind, "targetKind", data.targetKind),
                         target_id=data.targetId, reason=member(ReasonCode, "reason", data.reason),
                         text=data.text)  # fmt: skip
    report = commands.handle(command)
    return FiledOut(report.id, report.status.value)


@get("/staff/reports", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def queue(
    moderation_uow: ModerationUow, current_user: CurrentUserDep, status: Filter = "open", kind: Filter = None,
    assignee: Filter = None, limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> list[ReportOut]:  # fmt: skip
    """Staff: reports by status (open, awaiting_approval, decided; ``all``), target kind and assignee (``me``),
    oldest first."""
    where = QueueFilter(
        status=None if status in (None, "all") else member(ReportStatus, "status", str(status)),
        target_kind=None if kind is None else member(TargetKind, "kind", kind),
        assignee_id=current_user.user_id if assignee == "me" else assignee, limit=limit,
    )  # fmt: skip
    return [ReportOut.of(r) for r in staff_queue(moderation_uow, current_user, where)]


@get("/staff/reports/{report_id:str}", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def read(report_id: FromPath[str], moderation_uow: ModerationUow, current_user: CurrentUserDep) -> ReportOut:
    """Staff: one report with its decision."""
    return ReportOut.of(report_for_staff(moderation_uow, current_user, report_id))


@post("/staff/reports/{report_id:str}/assign", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only",))  # fmt: skip
def assign(
    report_id: FromPath[str], data: JSONBody[AssignIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ReportOut:
    """Staff: take the report (``{}``) or give it to another staff member (``assigneeId``)."""
    return ReportOut.of(commands.handle(AssignReport(actor=current_user, report_id=report_id,
                                                     assignee_id=data.assigneeId)))  # fmt: skip


@post("/staff/reports/{report_id:str}/decide", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only",))  # fmt: skip
def decide(
    report_id: FromPath[str], data: JSONBody[DecideIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ReportOut:
    """Staff: dismiss, hide, warn (final), or propose remove or suspend (final once another staff member approves)."""
    command = DecideReport(actor=current_user, report_id=report_id, action=member(Action, "action", data.action),
                           reason=data.reason)  # fmt: skip
    return ReportOut.of(commands.handle(command))


@post("/staff/reports/{report_id:str}/approve", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only",))  # fmt: skip
def approve(report_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep) -> ReportOut:
    """Staff: approve another staff member's proposed removal or suspension (409 for your own)."""
    return ReportOut.of(commands.handle(ApproveDecision(actor=current_user, report_id=report_id)))


router = Router("/api", route_handlers=[file, queue, read, assign, decide, approve])
