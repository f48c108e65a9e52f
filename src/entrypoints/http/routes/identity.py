"""/api/auth: sign-up, sign-in, codes, MFA, sessions, devices, export and deletion (issue 5).

Every change is a command handed to the command bus. A route that acts for the signed-in user resolves it
(``current_user``) in its body, after the request has been read and validated, as the session check always ran
here: a malformed request keeps its 400/422 whether or not it carries a live session.
"""

from __future__ import annotations

import base64
from typing import Any

from anyio import to_thread
from litestar import Request, Response, Router, delete, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect

from core.identity.commands import (
    ConfirmTotp,
    DeleteAccount,
    EnrolTotp,
    ExportAccount,
    LogIn,
    LogOut,
    RequestPasswordReset,
    ResetPassword,
    RevokeSession,
    SignUp,
    VerifyEmail,
    VerifySecondFactor,
)
from core.identity.errors import DeletionUnconfirmed
from core.identity.handlers.account import DeletionPreview, deletion_preview
from core.identity.handlers.sessions import authenticate, list_sessions
from core.identity.oidc import InvalidIdToken, SignInWithOidc
from core.shared.errors import InvalidInput, NotFound
from entrypoints.http.caller import current_user
from entrypoints.http.dependencies import CommandsDep, IdentityEdgeDep, IdentityServicesDep, IdentityUow, OutboxRelayDep
from entrypoints.http.identity_session import (
    credential,
    csrf_token,
    network_context,
    session_token,
    with_session,
    without_session,
)
from entrypoints.shapes import identity as io
from entrypoints.shapes.converter import unstructured

Req = Request[Any, Any, Any]
TOTP_CONFIRM_PROBLEMS = ("session-invalid", "mfa-not-enrolled", "mfa-already-enrolled", "invalid-code", "rate-limited")


@post("/signup", status_code=202, sync_to_thread=True, problems=("rate-limited", "password-refused"))
def signup(data: JSONBody[io.SignUpIn], request: Req, commands: CommandsDep) -> dict[str, str]:
    """Create an account and email a code. The same 202 whether or not the address was taken."""
    commands.handle(SignUp(data.email, data.password, network_context(request)))
    return {"status": "verification-code-sent"}


@post("/verify-email", status_code=204, sync_to_thread=True, problems=("invalid-code", "rate-limited"))
def verify(data: JSONBody[io.EmailCodeIn], request: Req, commands: CommandsDep) -> None:
    commands.handle(VerifyEmail(data.email, data.code, network_context(request)))


def _session_response(body: Any, token: str, api_client: bool, svc: Any, edge: Any) -> Response[Any]:
    if api_client:
        return Response(body)
    return with_session(Response(body), token, svc.pepper, edge.cookie_secure)


@post("/login", status_code=200, sync_to_thread=True,
      problems=("invalid-credentials", "captcha-required", "rate-limited"))  # fmt: skip
def login(data: JSONBody[io.LogInIn], request: Req, commands: CommandsDep, identity_services: IdentityServicesDep,
          identity_edge: IdentityEdgeDep) -> Response[io.SessionOut]:  # fmt: skip
    """Sign in; a new token every time (whatever cookie came in is revoked: no session fixation)."""
    previous = credential(request)
    command = LogIn(data.email, data.password, network_context(request), data.captcha_token,
                    previous.token if previous else None)  # fmt: skip
    result = commands.handle(command)
    csrf = csrf_token(result.session_token, identity_services.pepper)
    body = io.SessionOut(result.session_id, result.user_id, result.mfa_required, csrf,
                         result.session_token if data.api_client else None)  # fmt: skip
    return _session_response(body, result.session_token, data.api_client, identity_services, identity_edge)


@post("/logout", status_code=204, sync_to_thread=True, problems=("session-invalid",))
def logout(request: Req, commands: CommandsDep, identity_services: IdentityServicesDep,
           identity_edge: IdentityEdgeDep) -> Response[None]:  # fmt: skip
    commands.handle(LogOut(session_token(request, identity_services.pepper)))
    return without_session(Response(None, status_code=204), identity_edge.cookie_secure)


@post("/password/reset/request", status_code=202, sync_to_thread=True, problems=("rate-limited",))
def reset_request(
    data: JSONBody[io.EmailIn], request: Req, commands: CommandsDep, outbox_relay: OutboxRelayDep
) -> Response[dict[str, str]]:
    """Always 202, after the same work whether or not the address has an account (the request is queued); the
    code goes out once the answer has been sent: a relay round on this thread (else the relay thread's next)."""
    commands.handle(RequestPasswordReset(data.email, network_context(request)))
    after_answer = BackgroundTask(outbox_relay.run_once)
    return Response({"status": "if-the-account-exists-a-code-was-sent"}, status_code=202, background=after_answer)


@post("/password/reset/confirm", status_code=204, sync_to_thread=True,
      problems=("invalid-code", "password-refused", "rate-limited"))  # fmt: skip
def reset_confirm(data: JSONBody[io.ResetConfirmIn], request: Req, commands: CommandsDep) -> None:
    commands.handle(ResetPassword(data.email, data.code, data.new_password, network_context(request)))


@post("/mfa/totp/enroll", status_code=200, sync_to_thread=True, problems=("mfa-already-enrolled", "step-up-required"))
def totp_enroll(request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                identity_services: IdentityServicesDep) -> io.EnrolmentOut:  # fmt: skip
    enrolment = commands.handle(EnrolTotp(current_user(request, identity_uow, identity_services)))
    return io.EnrolmentOut(enrolment.provisioning_uri, base64.b64encode(enrolment.qr_png).decode("ascii"))


@post("/mfa/totp/confirm", status_code=200, sync_to_thread=True, problems=TOTP_CONFIRM_PROBLEMS)
def totp_confirm(data: JSONBody[io.TotpCodeIn], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                 identity_services: IdentityServicesDep, identity_edge: IdentityEdgeDep) -> Response[Any]:  # fmt: skip
    """Confirm TOTP with a first code: recovery codes (shown once) and a rotated session."""
    found = credential(request)
    token = session_token(request, identity_services.pepper)
    actor = current_user(request, identity_uow, identity_services)
    confirmed = commands.handle(ConfirmTotp(actor, token, data.code))
    api = found is not None and not found.from_cookie
    body = io.RecoveryCodesOut(list(confirmed.recovery_codes), csrf_token(confirmed.session_token,
                               identity_services.pepper), confirmed.session_token if api else None)  # fmt: skip
    return _session_response(body, confirmed.session_token, api, identity_services, identity_edge)


@post("/mfa/challenge", status_code=200, sync_to_thread=True,
      problems=("session-invalid", "mfa-not-enrolled", "invalid-code", "rate-limited"))  # fmt: skip
def mfa_challenge(data: JSONBody[io.SecondFactorIn], request: Req, commands: CommandsDep,
                  identity_services: IdentityServicesDep, identity_edge: IdentityEdgeDep) -> Response[Any]:  # fmt: skip
    """Prove the second factor (TOTP, a recovery code or an SMS code): completes sign-in, or steps up. Rotates
    the token."""
    found = credential(request)
    token = session_token(request, identity_services.pepper)
    command = VerifySecondFactor(token, data.code, data.recovery_code, data.sms_code)
    new_token = commands.handle(command)
    api = found is not None and not found.from_cookie
    body = io.SteppedUpOut(csrf_token(new_token, identity_services.pepper), new_token if api else None)
    return _session_response(body, new_token, api, identity_services, identity_edge)


@get("/sessions", sync_to_thread=True, problems=("session-invalid",))
def sessions(
    request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> list[io.SessionItemOut]:
    views = list_sessions(session_token(request, identity_services.pepper), identity_uow, identity_services)
    return [io.SessionItemOut(v.session_id, v.device_id, v.authenticated_at, v.last_seen_at, v.current) for v in views]


@delete("/sessions/{session_id:str}", status_code=204, sync_to_thread=True,
        problems=("session-invalid", "csrf-refused"))  # fmt: skip
def end_session(session_id: FromPath[str], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """Revoke one of my sessions; another user's session id is 404, like an unknown one."""
    commands.handle(RevokeSession(current_user(request, identity_uow, identity_services), session_id))


@get("/devices", sync_to_thread=True, problems=("session-invalid",))
def devices(request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep) -> list[io.DeviceOut]:
    current = authenticate(session_token(request, identity_services.pepper), identity_uow, identity_services)
    with identity_uow:
        found = identity_uow.devices.list_for_user(current.user_id)
    return [io.DeviceOut(d.id, d.ua_family, d.ip_prefix, d.first_seen_at, d.last_seen_at, d.country) for d in found]


@get("/devices/{device_id:str}", sync_to_thread=True, problems=("session-invalid",))
def device(device_id: FromPath[str], request: Req, identity_uow: IdentityUow,
           identity_services: IdentityServicesDep) -> io.DeviceOut:  # fmt: skip
    """One of my devices; another user's device id is 404."""
    for d in devices.fn(request, identity_uow, identity_services):  # same listing, scoped to the caller
        if d.id == device_id:
            return d
    raise NotFound("device", device_id)


@get("/account/export", sync_to_thread=True, problems=("session-invalid", "step-up-required"))
def account_export(request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                   identity_services: IdentityServicesDep) -> dict[str, Any]:  # fmt: skip
    """Everything we hold about me (needs a second factor in the last 5 minutes: else 401 step-up-required).
    Audited: a change, so a command, though the answer is read."""
    token = session_token(request, identity_services.pepper)
    return unstructured(commands.handle(ExportAccount(current_user(request, identity_uow, identity_services), token)))


EXPORT_PATH = "/api/auth/account/export"


def _deletion_view(preview: DeletionPreview) -> dict[str, Any]:
    export = {"href": EXPORT_PATH, "method": "GET", "step_up_required": preview.step_up_required}
    return {"export": export, **preview.members()}


@get("/account/deletion", sync_to_thread=True, problems=("session-invalid",))
def account_deletion(request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep,
                     identity_edge: IdentityEdgeDep) -> dict[str, Any]:  # fmt: skip
    """Before deleting: the data export to offer first, what is still open, whether to step up. Changes nothing."""
    token = session_token(request, identity_services.pepper)
    return _deletion_view(deletion_preview(token, identity_uow, identity_services, identity_edge.commitments))


@delete("/account", status_code=204, sync_to_thread=True,
        problems=("open-commitments", "deletion-unconfirmed", "step-up-required", "csrf-refused"))  # fmt: skip
def account_delete(request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                   identity_services: IdentityServicesDep, identity_edge: IdentityEdgeDep,
                   confirm: FromQuery[bool] = False) -> Response[None]:  # fmt: skip
    """Delete my account for good: ``?confirm=true`` (without it: 409 ``deletion-unconfirmed`` carrying the export
    link and what ``GET /account/deletion`` says), a second factor within 5 minutes, and nothing left open."""
    token = session_token(request, identity_services.pepper)
    if not confirm:  # nothing changes: the client offers the export and asks the user before the final call
        preview = deletion_preview(token, identity_uow, identity_services, identity_edge.commitments)
        raise DeletionUnconfirmed(preview.members(), EXPORT_PATH)
    commands.handle(DeleteAccount(current_user(request, identity_uow, identity_services), token))
    return without_session(Response(None, status_code=204), identity_edge.cookie_secure)


OIDC_NONCE_COOKIE = "rastup_oidc_nonce"
_PROVIDERS = ("google", "apple")


def _provider(name: str) -> str:
    if name not in _PROVIDERS:
        raise NotFound("oidc provider", name)
    return name


@post("/oidc/{provider:str}/start", status_code=200, sync_to_thread=True)
def oidc_start(provider: FromPath[str], identity_services: IdentityServicesDep, identity_edge: IdentityEdgeDep,
               response_mode: FromQuery[str | None] = None) -> Response[io.OidcStartOut]:  # fmt: skip
    """A fresh nonce, also kept in a short-lived HttpOnly cookie for the callback to compare.

    ``?response_mode=form_post``: the provider will POST the ID token to ``/oidc/{provider}/form-callback`` from
    its own site (Apple's web flow), a cross-site request that does not carry ``SameSite=Lax`` cookies, so the
    nonce cookie is ``SameSite=None; Secure`` for that flow. The nonce still binds the token to this browser.
    """
    _provider(provider)
    if response_mode not in (None, "form_post"):
        raise InvalidInput("response_mode", "only form_post is supported (or none, for the JSON callback)")
    form_post = response_mode == "form_post"
    nonce = identity_services.tokens.new_token(16)
    response = Response(io.OidcStartOut(nonce))
    secure, samesite = (True, "none") if form_post else (identity_edge.cookie_secure, "lax")
    response.set_cookie(Cookie(key=OIDC_NONCE_COOKIE, value=nonce, httponly=True, secure=secure,
                               samesite=samesite, path="/api/auth/oidc", max_age=600))  # type: ignore[arg-type]  # fmt: skip
    return response


@post("/oidc/{provider:str}/callback", status_code=200, sync_to_thread=True,
      problems=("invalid-id-token", "oidc-email-unverified", "switched-off"))  # fmt: skip
def oidc_callback(provider: FromPath[str], data: JSONBody[io.OidcCallbackIn], request: Req, commands: CommandsDep,
                  identity_services: IdentityServicesDep,
                  identity_edge: IdentityEdgeDep) -> Response[io.SessionOut]:  # fmt: skip
    """Verify the provider's ID token (nonce from the start cookie) and sign in: a new session token."""
    nonce = request.cookies.get(OIDC_NONCE_COOKIE, "")
    if not nonce:
        raise InvalidIdToken("no sign-in in progress (nonce cookie missing)")
    result = commands.handle(SignInWithOidc(_provider(provider), data.id_token, nonce, network_context(request)))
    body = io.SessionOut(result.session_id, result.user_id, result.mfa_required,
                         csrf_token(result.session_token, identity_services.pepper))  # fmt: skip
    response = _session_response(body, result.session_token, False, identity_services, identity_edge)
    response.delete_cookie(OIDC_NONCE_COOKIE, path="/api/auth/oidc")
    return response


@post("/oidc/{provider:str}/form-callback", status_code=303,
      problems=("invalid-id-token", "oidc-email-unverified", "switched-off"))  # fmt: skip
async def oidc_form_callback(
    provider: FromPath[str], request: Req, commands: CommandsDep, identity_services: IdentityServicesDep,
    identity_edge: IdentityEdgeDep,
) -> Response[Any]:  # fmt: skip
    """The provider's ``response_mode=form_post`` answer (``application/x-www-form-urlencoded`` with ``id_token``):
    verified like the JSON callback, then a 303 to ``/`` with the session cookie set. Failures are problems."""
    form = await request.form()  # the one async step; verification and the session run in a worker thread
    id_token = form.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise InvalidIdToken("the form carries no id_token")
    nonce = request.cookies.get(OIDC_NONCE_COOKIE, "")
    if not nonce:
        raise InvalidIdToken("no sign-in in progress (nonce cookie missing)")
    command = SignInWithOidc(_provider(provider), id_token, nonce, network_context(request))
    result = await to_thread.run_sync(commands.handle, command)
    response = with_session(Redirect("/", status_code=303), result.session_token, identity_services.pepper,
                            identity_edge.cookie_secure)  # fmt: skip
    response.delete_cookie(OIDC_NONCE_COOKIE, path="/api/auth/oidc")
    return response


router = Router(
    "/api/auth",
    tags=["identity"],
    route_handlers=[signup, verify, login, logout, reset_request, reset_confirm, totp_enroll, totp_confirm,
                    mfa_challenge, sessions, end_session, devices, device, account_export, account_deletion,
                    account_delete, oidc_start, oidc_callback, oidc_form_callback],
)  # fmt: skip
