"""A user's history in the staff console, ``/staff/users/{id}``: the account (its address masked), bookings, the
reports it filed and those about it, its strikes and restriction, and the audit entries it made or that name it.
The same caller rules as every console page (``staff_pages``); the read is audited in the core."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from core.accounts.history import user_history
from core.shared.errors import DomainError
from entrypoints.http.dependencies import (
    ClockDep,
    IdentityServicesDep,
    IdentityUow,
    ModerationUow,
    PartiesUow,
    StrikePolicyDep,
)
from entrypoints.http.routes.staff_pages import console_caller, page, refused


@get("/staff/users/{user_id:str}", sync_to_thread=True, include_in_schema=False)
def user_page(
    user_id: FromPath[str], request: Request[Any, Any, Any], identity_uow: IdentityUow,
    identity_services: IdentityServicesDep, moderation_uow: ModerationUow, parties_uow: PartiesUow,
    strike_policy: StrikePolicyDep, clock: ClockDep,
) -> Response[str]:  # fmt: skip
    """One user's bookings, reports, strikes and audit entries."""
    try:
        console = console_caller(request, identity_uow, identity_services)
        history = user_history(console.actor, user_id, moderation_uow, parties_uow, strike_policy, clock.now())
    except DomainError as error:
        return refused(request, identity_services, error, "User")
    return page("staff_user.html", history=history, csrf=console.csrf)
