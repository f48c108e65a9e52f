"""The staff console's first page: the report queue at /staff, server-rendered for a signed-in staff member.

Who may read the queue is decided in the core (``staff_queue`` checks the staff role); this page only turns the
session into an actor and the answer into HTML: 401 without a live session, 403 for a signed-in non-staff user,
422 for an unknown status filter, each a page naming the problem. Never cached, never indexed.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from core.identity.errors import SessionInvalid
from core.moderation.handlers import staff_queue
from core.moderation.model import Report, ReportStatus
from core.moderation.ports import QueueFilter
from core.shared.actor import StaffOnly
from core.shared.errors import InvalidInput
from entrypoints.http.caller import current_user
from entrypoints.http.dependencies import IdentityServicesDep, IdentityUow, ModerationUow
from entrypoints.http.page_cache import PRIVATE_HEADERS
from entrypoints.http.routes.public_pages import HTML, templates
from entrypoints.shapes.moderation import member

STATUSES = [*(status.value for status in ReportStatus), "all"]
HEADERS = {**PRIVATE_HEADERS, "X-Robots-Tag": "noindex"}


def _page(status: str, reports: list[Report] | None, error: str | None, code: int = 200) -> Response[str]:
    body = (
        templates()
        .get_template("staff_reports.html")
        .render(status=status, statuses=STATUSES, reports=reports, error=error)
    )
    return Response(body, status_code=code, media_type=HTML, headers=HEADERS)


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
        actor = current_user(request, identity_uow, identity_services)
        where = QueueFilter(status=None if status == "all" else member(ReportStatus, "status", status), limit=200)
        return _page(status, staff_queue(moderation_uow, actor, where), None)
    except SessionInvalid:
        return _page(status, None, "Sign in with a staff account to see the report queue.", 401)
    except StaffOnly:
        return _page(status, None, "The report queue is for staff only.", 403)
    except InvalidInput as error:
        return _page("open", None, f"status: {error.detail}", 422)
