"""Stepped-up account changes: password and email under /api/auth, the payout destination under /api/account.

Each is a command for the signed-in user (``current_user``, resolved in the body after the request was validated,
as the session check always ran here), handed to the command bus with the session token where the age of the
session's second factor matters.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, post, put
from litestar.params import JSONBody

from core.identity.commands import (
    ChangePassword,
    ChangePayoutDestination,
    ConfirmEmailChange,
    RequestEmailChange,
    RequestPhoneVerification,
    SendSignInSms,
    VerifyPhone,
)
from entrypoints.http.caller import current_user
from entrypoints.http.dependencies import CommandsDep, IdentityServicesDep, IdentityUow
from entrypoints.http.identity_session import network_context, session_token
from entrypoints.shapes import identity as io

Req = Request[Any, Any, Any]


@post("/password/change", status_code=204, sync_to_thread=True,
      problems=("password-refused", "invalid-credentials", "step-up-required"))  # fmt: skip
def password_change(data: JSONBody[io.PasswordChangeIn], request: Req, commands: CommandsDep,
                    identity_uow: IdentityUow, identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """New password (step-up, the current one, policy-checked); every other session is revoked, the owner told."""
    token = session_token(request, identity_services.pepper)
    actor = current_user(request, identity_uow, identity_services)
    commands.handle(ChangePassword(actor, token, data.current_password, data.new_password, network_context(request)))


@post("/email/change", status_code=202, sync_to_thread=True, problems=("step-up-required", "rate-limited"))
def email_change(data: JSONBody[io.EmailChangeIn], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                 identity_services: IdentityServicesDep) -> dict[str, str]:  # fmt: skip
    """Step-up, then a code goes to the new address (none if it is taken; the answer is the same)."""
    token = session_token(request, identity_services.pepper)
    actor = current_user(request, identity_uow, identity_services)
    commands.handle(RequestEmailChange(actor, token, data.new_email, network_context(request)))
    return {"status": "if-the-address-is-free-a-code-was-sent"}


@post(
    "/email/change/confirm",
    status_code=204,
    sync_to_thread=True,
    problems=(
        "session-invalid",
        "invalid-code",
    ),
)
def email_change_confirm(data: JSONBody[io.EmailChangeConfirmIn], request: Req, commands: CommandsDep,
                         identity_uow: IdentityUow, identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """The code from the new address makes it the login email; the previous address is told."""
    actor = current_user(request, identity_uow, identity_services)
    commands.handle(ConfirmEmailChange(actor, data.new_email, data.code, network_context(request)))


@post("/phone", status_code=202, sync_to_thread=True, problems=("rate-limited", "step-up-required"))
def phone(data: JSONBody[io.PhoneIn], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
          identity_services: IdentityServicesDep) -> dict[str, str]:  # fmt: skip
    """Text a code to the number (step-up first if the account already has a second factor)."""
    token = session_token(request, identity_services.pepper)
    actor = current_user(request, identity_uow, identity_services)
    commands.handle(RequestPhoneVerification(actor, token, data.phone, network_context(request)))
    return {"status": "verification-code-sent"}


@post(
    "/phone/verify",
    status_code=204,
    sync_to_thread=True,
    problems=(
        "session-invalid",
        "invalid-code",
    ),
)
def phone_verify(data: JSONBody[io.PhoneCodeIn], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
                 identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """The texted code verifies the number: SMS sign-in codes then serve as a second factor."""
    actor = current_user(request, identity_uow, identity_services)
    commands.handle(VerifyPhone(actor, data.phone, data.code, network_context(request)))


@post(
    "/mfa/sms/send",
    status_code=202,
    sync_to_thread=True,
    problems=("session-invalid", "mfa-not-enrolled", "rate-limited"),
)
def mfa_sms_send(request: Req, commands: CommandsDep, identity_services: IdentityServicesDep) -> dict[str, str]:
    """Text a sign-in code to the verified phone; prove it at /mfa/challenge with ``sms_code``. Works before the
    second factor is proven (an MFA-pending session), so the session token is all the command carries."""
    commands.handle(SendSignInSms(session_token(request, identity_services.pepper)))
    return {"status": "sign-in-code-sent"}


@put("/payout-destination", status_code=204, sync_to_thread=True, problems=("step-up-required",))
def payout_destination(data: JSONBody[io.PayoutDestinationIn], request: Req, commands: CommandsDep,
                       identity_uow: IdentityUow, identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """Where payouts go (step-up required; audited; the owner is told)."""
    token = session_token(request, identity_services.pepper)
    actor = current_user(request, identity_uow, identity_services)
    commands.handle(ChangePayoutDestination(actor, token, data.reference, network_context(request)))


auth_router = Router("/api/auth", tags=["identity"], route_handlers=[password_change, email_change,
                                                                      email_change_confirm, phone, phone_verify,
                                                                      mfa_sms_send])  # fmt: skip
account_router = Router("/api/account", tags=["identity"], route_handlers=[payout_destination])
