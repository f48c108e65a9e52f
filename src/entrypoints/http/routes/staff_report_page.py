"""A report in the staff console: ``/staff/reports/{id}`` shows the report, the reported target as it stands now
(contact details masked), the other reports of the same target with their decisions, and the forms that post to
the moderation commands the API uses: take it, decide (dismiss, hide, remove, warn, suspend, with a reason), and
approve another staff member's proposed removal or suspension (dual control). Every post carries the session's
CSRF token and needs a recent second factor; it answers with a redirect back to the report (post/redirect/get)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.moderation.commands import ApproveDecision, AssignReport, DecideReport
from core.moderation.model import DUAL_CONTROL, Action
from core.moderation.staff_views import report_case
from core.shared.errors import DomainError
from entrypoints.http.dependencies import (
    CommandsDep,
    IdentityServicesDep,
    IdentityUow,
    ModerationUow,
    ReportEvidenceDep,
)
from entrypoints.http.routes.staff_pages import Console, console_caller, page, posted, refused
from entrypoints.shapes.moderation import member

Req = Request[Any, Any, Any]
ACTIONS = [(action.value, action in DUAL_CONTROL) for action in Action]


def _report_page(console: Console, uow: ModerationUow, evidence: ReportEvidenceDep, report_id: str,
                 error: str | None = None, code: int = 200) -> Response[str]:  # fmt: skip
    case = report_case(uow, console.actor, report_id, evidence)
    return page("staff_report.html", code, case=case, report=case.report, evidence=case.evidence, actions=ACTIONS,
                csrf=console.csrf, me=console.actor.user_id, error=error)  # fmt: skip


@get("/staff/reports/{report_id:str}", sync_to_thread=True, include_in_schema=False)
def report_page(
    report_id: FromPath[str], request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep,
    moderation_uow: ModerationUow, report_evidence: ReportEvidenceDep,
) -> Response[str]:  # fmt: skip
    """One report with its evidence, earlier decisions and the decision forms."""
    try:
        console = console_caller(request, identity_uow, identity_services)
        return _report_page(console, moderation_uow, report_evidence, report_id)
    except DomainError as error:
        return refused(request, identity_services, error, "Report")


async def _act(request: Req, report_id: str, build: Any, names: tuple[str, ...], commands: CommandsDep,
               identity_uow: IdentityUow, svc: IdentityServicesDep, uow: ModerationUow,
               evidence: ReportEvidenceDep) -> Response[Any]:  # fmt: skip
    """Run the command ``build(console, fields)`` makes, then back to the report (or the report with the reason)."""

    def act(console: Console, fields: dict[str, str]) -> object:
        return commands.handle(build(console, fields))

    def again(console: Console, message: str, status: int) -> Response[str]:
        return _report_page(console, uow, evidence, report_id, message, status)

    return await posted(request, identity_uow, svc, "Report", names, act, f"/staff/reports/{report_id}", again)


@post("/staff/reports/{report_id:str}/decide", include_in_schema=False)
async def decide_page(
    report_id: FromPath[str], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
    identity_services: IdentityServicesDep, moderation_uow: ModerationUow, report_evidence: ReportEvidenceDep,
) -> Response[Any]:  # fmt: skip
    """Decide (or, for a removal or suspension, propose) with a reason."""

    def build(console: Console, fields: dict[str, str]) -> DecideReport:
        action = member(Action, "action", fields["action"])
        return DecideReport(actor=console.actor, report_id=report_id, action=action, reason=fields["reason"])

    return await _act(request, report_id, build, ("action", "reason"), commands, identity_uow, identity_services,
                      moderation_uow, report_evidence)  # fmt: skip


@post("/staff/reports/{report_id:str}/approve", include_in_schema=False)
async def approve_page(
    report_id: FromPath[str], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
    identity_services: IdentityServicesDep, moderation_uow: ModerationUow, report_evidence: ReportEvidenceDep,
) -> Response[Any]:  # fmt: skip
    """Approve another staff member's proposed decision."""

    def build(console: Console, _fields: dict[str, str]) -> ApproveDecision:
        return ApproveDecision(actor=console.actor, report_id=report_id)

    return await _act(request, report_id, build, (), commands, identity_uow, identity_services, moderation_uow,
                      report_evidence)  # fmt: skip


@post("/staff/reports/{report_id:str}/assign", include_in_schema=False)
async def assign_page(
    report_id: FromPath[str], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
    identity_services: IdentityServicesDep, moderation_uow: ModerationUow, report_evidence: ReportEvidenceDep,
) -> Response[Any]:  # fmt: skip
    """Take the report."""

    def build(console: Console, _fields: dict[str, str]) -> AssignReport:
        return AssignReport(actor=console.actor, report_id=report_id)

    return await _act(request, report_id, build, (), commands, identity_uow, identity_services, moderation_uow,
                      report_evidence)  # fmt: skip


route_handlers = [report_page, decide_page, approve_page, assign_page]
