"""Signing in to the staff console and stepping up, as plain HTML forms: ``/staff/sign-in`` (email and password,
then the second factor when the account has one) and ``/staff/step-up`` (a TOTP or recovery code proves the second
factor again: the session token rotates and the cookie with it), and ``/staff/sign-out``. The same commands as
``/api/auth``.

The sign-in form has no session yet to bind a CSRF token to: a post whose ``Origin`` is another site is refused
(login CSRF). The step-up form carries the session's CSRF token in its hidden field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request, Response, get, post
from litestar.response import Redirect

from core.identity.commands import LogIn, LogOut, VerifySecondFactor
from core.shared.errors import DomainError
from entrypoints.http.dependencies import CommandsDep, IdentityEdgeDep, IdentityServicesDep, PublicBaseUrl
from entrypoints.http.identity_session import (
    CsrfRefused,
    credential,
    csrf_token,
    network_context,
    session_token,
    with_session,
    without_session,
)
from entrypoints.http.routes.staff_pages import back_to, form_fields, in_thread, page, refused

Req = Request[Any, Any, Any]


@get("/staff/sign-in", sync_to_thread=False, include_in_schema=False)
def sign_in_page(request: Req) -> Response[str]:
    """The sign-in form."""
    return page("staff_sign_in.html", next=back_to(request.query_params.get("next")), error=None)


@post("/staff/sign-in", include_in_schema=False)
async def sign_in(request: Req, commands: CommandsDep, identity_services: IdentityServicesDep,
                  identity_edge: IdentityEdgeDep, public_base_url: PublicBaseUrl) -> Response[str]:  # fmt: skip
    """Sign in; then the second-factor form (an account with one), or the page asked for (which asks to step up)."""
    svc, target = identity_services, "/staff"
    try:
        fields = await form_fields(request, "email", "password", "next")
        target = back_to(fields["next"])
        _same_site(request, public_base_url)
        previous = credential(request)
        command = LogIn(fields["email"], fields["password"], network_context(request), None,
                        previous.token if previous else None)  # fmt: skip
        result = await in_thread(lambda: commands.handle(command))
    except DomainError as error:
        return _sign_in_again(target, error)
    if result.mfa_required:
        answer = page("staff_step_up.html", 200, next=target, csrf=csrf_token(result.session_token, svc.pepper),
                      error=None)  # fmt: skip
    else:
        answer = Redirect(target, status_code=303)
    return with_session(answer, result.session_token, svc.pepper, identity_edge.cookie_secure)


@post("/staff/step-up", include_in_schema=False)
async def step_up(request: Req, commands: CommandsDep, identity_services: IdentityServicesDep,
                  identity_edge: IdentityEdgeDep) -> Response[str]:  # fmt: skip
    """Prove the second factor (a TOTP code, or a recovery code); back to the page asked for."""
    svc, target = identity_services, "/staff"
    try:
        fields = await form_fields(request, "code", "csrf", "next")
        target = back_to(fields["next"])
        token = session_token(request, svc.pepper, fields["csrf"])
        code = fields["code"].strip().replace(" ", "")
        totp = code if code.isdigit() else None
        command = VerifySecondFactor(token, code=totp, recovery_code=None if totp else code)
        new_token = await in_thread(lambda: commands.handle(command))
    except DomainError as error:
        found = credential(request)
        if error.code in ("session-invalid", "csrf-refused") or found is None:
            return refused(request, svc, error, "Step up")
        return page("staff_step_up.html", 401, next=target, csrf=csrf_token(found.token, svc.pepper),
                    error=_said(error))  # fmt: skip
    return with_session(Redirect(target, status_code=303), new_token, svc.pepper, identity_edge.cookie_secure)


@post("/staff/sign-out", include_in_schema=False)
async def sign_out(request: Req, commands: CommandsDep, identity_services: IdentityServicesDep,
                   identity_edge: IdentityEdgeDep) -> Response[str]:  # fmt: skip
    """End the session (its CSRF token in the form) and forget the cookies; back to the sign-in form."""
    try:
        fields = await form_fields(request, "csrf")
        token = session_token(request, identity_services.pepper, fields["csrf"])
        await in_thread(lambda: commands.handle(LogOut(token)))
    except DomainError as error:
        return refused(request, identity_services, error, "Sign out")
    return without_session(Redirect("/staff/sign-in", status_code=303), identity_edge.cookie_secure)


def _same_site(request: Req, public_base_url: str) -> None:
    """Refuse a post sent from another site's page (a browser names it in ``Origin``): this host as addressed, or
    the public origin behind a proxy."""
    origin = request.headers.get("Origin")
    ours = {request.headers.get("Host", ""), urlsplit(public_base_url).netloc}
    if origin is not None and urlsplit(origin).netloc not in ours:
        raise CsrfRefused("the sign-in form posts from this site only")


def _sign_in_again(target: str, error: DomainError) -> Response[str]:
    status = 403 if error.code == "csrf-refused" else 422 if error.code == "invalid-input" else 401
    if error.code in ("rate-limited", "captcha-required", "rate-limiter-unavailable"):
        status = 429 if error.code == "rate-limited" else 503 if error.code.endswith("unavailable") else 401
    return page("staff_sign_in.html", status, next=target, error=_said(error))


def _said(error: DomainError) -> str:
    if error.code == "invalid-credentials":
        return "The email or password is wrong, or the account is locked."
    if error.code == "invalid-code":
        return "That code is wrong or was already used. Try the next one."
    if error.code == "mfa-not-enrolled":
        return "This account has no second factor yet: enrol one (POST /api/auth/mfa/totp/enroll) first."
    if error.code == "captcha-required":
        return "Too many attempts from here: sign in through the app (it asks for a CAPTCHA), or try later."
    return error.detail or error.describe()
