"""The staff console's report queue at /staff, server-rendered for a signed-in, stepped-up staff member.

Who may read the queue is decided in the core (``console_staff``: a staff role and a second factor within 15
minutes; ``staff_queue`` checks the role again); this page only turns the session into an actor and the answer into
HTML: the sign-in form (401) without a live session, the step-up form (401) without a recent second factor, 403 for
a signed-in non-staff user, 422 for an unknown status filter, each a page. Never cached, never indexed.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from core.moderation.handlers import staff_queue
from core.moderation.model import ReportStatus
from core.moderation.ports import QueueFilter
from core.shared.errors import DomainError, InvalidInput
from entrypoints.http.dependencies import IdentityServicesDep, IdentityUow, ModerationUow
from entrypoints.http.routes.staff_pages import console_caller, page, refused
from entrypoints.shapes.moderation import member

STATUSES = [*(status.value for status in ReportStatus), "all"]


@get("/staff", sync_to_thread=True, include_in_schema=False)
def report_queue_page(
    request: Request[Any, Any, Any],
    identity_uow: IdentityUow,
    identity_services: IdentityServicesDep,
    moderation_uow: ModerationUow,
) -> Response[str]:
    """The report queue by status (``open`` unless ``?status=`` says otherwise; ``all``), oldest first."""
    status = request.query_params.get("status") or "open"
    try:
        console = console_caller(request, identity_uow, identity_services)
        where = QueueFilter(status=None if status == "all" else member(ReportStatus, "status", status), limit=200)
        reports = staff_queue(moderation_uow, console.actor, where)
    except InvalidInput as error:
        return page("staff_message.html", 422, title="Report queue", message=f"status: {error.detail}")
    except DomainError as error:
        return refused(request, identity_services, error, "Report queue")
    return page("staff_reports.html", status=status, statuses=STATUSES, reports=reports, csrf=console.csrf)
