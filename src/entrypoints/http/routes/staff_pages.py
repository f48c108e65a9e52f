"""What every staff console page shares: who calls (a staff member whose session proved its second factor within
``STAFF_CONSOLE_WINDOW``: ``core.identity.staff.console_staff`` decides), the CSRF token its forms carry in a
hidden field (no script runs under the pages' CSP to set a header), the bounded form fields, rendering, and each
refusal as a page: sign in (401), step up (401, the code form), staff only (403), not found (404), the rest with
the status and title of its problem type. Never cached, never indexed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import anyio
import attrs
from litestar import Request, Response
from litestar.response import Redirect

from core.identity.errors import SessionInvalid, StepUpRequired
from core.identity.handlers.sessions import signed_in
from core.identity.services import IdentityServices
from core.identity.staff import console_staff
from core.shared.actor import Actor, StaffOnly
from core.shared.errors import DomainError, InvalidInput
from core.shared.text import refusal
from entrypoints.http.dependencies import IdentityUow
from entrypoints.http.identity_session import credential, csrf_token, session_token
from entrypoints.http.page_cache import PRIVATE_HEADERS
from entrypoints.http.problems import PROBLEMS
from entrypoints.http.routes.public_pages import HTML, templates

HEADERS = {**PRIVATE_HEADERS, "X-Robots-Tag": "noindex"}
MAX_FIELD = 2000
T = TypeVar("T")


@attrs.frozen
class Console:
    """The staff member at the console and the CSRF token their forms carry."""

    actor: Actor
    csrf: str = attrs.field(repr=False)


def console_caller(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, svc: IdentityServices, form_csrf: str | None = None
) -> Console:
    """The caller, a stepped-up staff member; a form's ``csrf`` field is checked for a cookie write. Raises
    ``SessionInvalid``, ``CsrfRefused``, ``StaffOnly``, ``StepUpRequired``."""
    token = session_token(request, svc.pepper, form_csrf)
    session, user = signed_in(token, identity_uow, svc)
    return Console(console_staff(session, user, svc.clock.now()), csrf_token(token, svc.pepper))


def page(template: str, code: int = 200, **context: Any) -> Response[str]:
    body = templates().get_template(template).render(**context)
    return Response(body, status_code=code, media_type=HTML, headers=HEADERS)


def back_to(path: str | None) -> str:
    """Where to go after signing in or stepping up: a console path, never another site (``//host``)."""
    if path and path.startswith("/staff") and not path.startswith("//") and "\\" not in path:
        return path
    return "/staff"


def here(request: Request[Any, Any, Any]) -> str:
    query = request.url.query
    return back_to(request.url.path + (f"?{query}" if query else ""))


def refused(request: Request[Any, Any, Any], svc: IdentityServices, error: DomainError, title: str) -> Response[str]:
    """``error`` as a console page: the sign-in form, the step-up form, or a message with the problem's status."""
    if isinstance(error, SessionInvalid):
        return page("staff_sign_in.html", 401, next=here(request), error=None)
    if isinstance(error, StepUpRequired):
        found = credential(request)
        csrf = "" if found is None else csrf_token(found.token, svc.pepper)
        return page("staff_step_up.html", 401, next=here(request), csrf=csrf, error=None)
    if isinstance(error, StaffOnly):
        return page("staff_message.html", 403, title=title, message="The staff console is for staff only.")
    status, message = said(error)
    return page("staff_message.html", status, title=title, message=message)


def said(error: DomainError) -> tuple[int, str]:
    """The status of ``error``'s problem type and its title and detail in words."""
    status, name = PROBLEMS.get(error.code, (400, error.code.replace("-", " ").capitalize()))
    return status, f"{name}: {error.detail or error.describe()}"


async def form_fields(request: Request[Any, Any, Any], *names: str) -> dict[str, str]:
    """The named fields of a url-encoded or multipart form as single-line or multi-line text ("" when absent).
    Raises ``InvalidInput`` for a value that is too long or holds control characters."""
    form = await request.form()
    fields = {name: _text(form, name) for name in names}
    for name, value in fields.items():
        if len(value) > MAX_FIELD:
            raise InvalidInput(name, f"at most {MAX_FIELD} characters")
        if (why := refusal(value, multiline=True)) is not None:
            raise InvalidInput(name, why)
    return fields


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def in_thread(work: Callable[[], T]) -> T:
    """Run a sync read or command (database work) off the event loop."""
    return await anyio.to_thread.run_sync(work)


async def posted(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, svc: IdentityServices, title: str,
    names: tuple[str, ...], act: Callable[[Console, dict[str, str]], object], back: str,
    again: Callable[[Console, str, int], Response[str]],
) -> Response[Any]:  # fmt: skip
    """A console form's post: check the caller (CSRF field, staff role, second factor) and the fields, run ``act``
    in a thread, then redirect to ``back`` (post/redirect/get); a refused ``act`` shows ``again`` the page with
    the reason, under the status of its problem type."""
    try:
        fields = await form_fields(request, "csrf", *names)
        console = await in_thread(lambda: console_caller(request, identity_uow, svc, fields["csrf"]))
    except DomainError as error:
        return refused(request, svc, error, title)
    try:
        await in_thread(lambda: act(console, fields))
    except DomainError as error:
        status, message = said(error)
        try:
            return await in_thread(lambda: again(console, message, status))
        except DomainError as unreadable:
            return refused(request, svc, unreadable, title)
    return Redirect(back, status_code=303)
