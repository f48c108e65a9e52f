"""Stepped-up account changes: password and email under /api/auth, the payout destination under /api/account."""

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
    VerifyPhone,
)
from core.identity.handlers.account_changes import change_password, confirm_email_change, request_email_change
from core.identity.handlers.payout import change_payout_destination
from core.identity.handlers.phone import request_phone_verification, send_sign_in_sms, verify_phone
from entrypoints.http.dependencies import IdentityServicesDep, IdentityUow
from entrypoints.http.identity_session import network_context, session_token
from entrypoints.shapes import identity as io

Req = Request[Any, Any, Any]


@post("/password/change", status_code=204, sync_to_thread=True)
def password_change(data: JSONBody[io.PasswordChangeIn], request: Req, identity_uow: IdentityUow,
                    identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """New password (step-up, the current one, policy-checked); every other session is revoked, the owner told."""
    token = session_token(request, identity_services.pepper)
    command = ChangePassword(token, data.current_password, data.new_password, network_context(request))
    change_password(command, identity_uow, identity_services)


@post("/email/change", status_code=202, sync_to_thread=True)
def email_change(data: JSONBody[io.EmailChangeIn], request: Req, identity_uow: IdentityUow,
                 identity_services: IdentityServicesDep) -> dict[str, str]:  # fmt: skip
    """Step-up, then a code goes to the new address (none if it is taken; the answer is the same)."""
    token = session_token(request, identity_services.pepper)
    request_email_change(RequestEmailChange(token, data.new_email, network_context(request)), identity_uow,
                         identity_services)  # fmt: skip
    return {"status": "if-the-address-is-free-a-code-was-sent"}


@post("/email/change/confirm", status_code=204, sync_to_thread=True)
def email_change_confirm(data: JSONBody[io.EmailChangeConfirmIn], request: Req, identity_uow: IdentityUow,
                         identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """The code from the new address makes it the login email; the previous address is told."""
    token = session_token(request, identity_services.pepper)
    command = ConfirmEmailChange(token, data.new_email, data.code, network_context(request))
    confirm_email_change(command, identity_uow, identity_services)


@post("/phone", status_code=202, sync_to_thread=True)
def phone(data: JSONBody[io.PhoneIn], request: Req, identity_uow: IdentityUow,
          identity_services: IdentityServicesDep) -> dict[str, str]:  # fmt: skip
    """Text a code to the number (step-up first if the account already has a second factor)."""
    command = RequestPhoneVerification(session_token(request, identity_services.pepper), data.phone,
                                       network_context(request))  # fmt: skip
    request_phone_verification(command, identity_uow, identity_services)
    return {"status": "verification-code-sent"}


@post("/phone/verify", status_code=204, sync_to_thread=True)
def phone_verify(data: JSONBody[io.PhoneCodeIn], request: Req, identity_uow: IdentityUow,
                 identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """The texted code verifies the number: SMS sign-in codes then serve as a second factor."""
    command = VerifyPhone(session_token(request, identity_services.pepper), data.phone, data.code,
                          network_context(request))  # fmt: skip
    verify_phone(command, identity_uow, identity_services)


@post("/mfa/sms/send", status_code=202, sync_to_thread=True)
def mfa_sms_send(request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep) -> dict[str, str]:
    """Text a sign-in code to the verified phone; prove it at /mfa/challenge with ``sms_code``."""
    send_sign_in_sms(session_token(request, identity_services.pepper), identity_uow, identity_services)
    return {"status": "sign-in-code-sent"}


@put("/payout-destination", status_code=204, sync_to_thread=True)
def payout_destination(data: JSONBody[io.PayoutDestinationIn], request: Req, identity_uow: IdentityUow,
                       identity_services: IdentityServicesDep) -> None:  # fmt: skip
    """Where payouts go (step-up required; audited; the owner is told)."""
    token = session_token(request, identity_services.pepper)
    change_payout_destination(ChangePayoutDestination(token, data.reference, network_context(request)),
                              identity_uow, identity_services)  # fmt: skip


auth_router = Router("/api/auth", tags=["identity"], route_handlers=[password_change, email_change,
                                                                      email_change_confirm, phone, phone_verify,
                                                                      mfa_sms_send])  # fmt: skip
account_router = Router("/api/account", tags=["identity"], route_handlers=[payout_destination])
