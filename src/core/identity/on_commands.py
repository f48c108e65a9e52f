"""The identity context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.identity.commands import (
    ChangePassword,
    ChangePayoutDestination,
    ConfirmEmailChange,
    ConfirmTotp,
    DeleteAccount,
    EnrolTotp,
    ExportAccount,
    LogIn,
    LogOut,
    RequestEmailChange,
    RequestPasswordReset,
    RequestPhoneVerification,
    ResetPassword,
    RevokeSession,
    SendSignInSms,
    SignUp,
    VerifyEmail,
    VerifyPhone,
    VerifySecondFactor,
)
from core.identity.handlers import operators
from core.identity.handlers.account import delete_account, export_account
from core.identity.handlers.account_changes import change_password, confirm_email_change, request_email_change
from core.identity.handlers.login import log_in
from core.identity.handlers.mfa import confirm_totp, enrol_totp, verify_second_factor
from core.identity.handlers.oidc import sign_in_with_oidc
from core.identity.handlers.password_reset import request_password_reset, reset_password
from core.identity.handlers.payout import change_payout_destination
from core.identity.handlers.phone import request_phone_verification, send_sign_in_sms, verify_phone
from core.identity.handlers.sessions import log_out, revoke_session
from core.identity.handlers.signup import sign_up, verify_email
from core.identity.oidc import SignInWithOidc
from core.identity.staff import CreateUser, DeleteUser, ExportUser, GrantRole, RevokeUserSessions, SetUserLocked
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    # anyone: the caller is nobody yet, or holds only a session token
    SignUp: sign_up,
    VerifyEmail: verify_email,
    LogIn: log_in,
    SignInWithOidc: sign_in_with_oidc,
    RequestPasswordReset: request_password_reset,
    ResetPassword: reset_password,
    VerifySecondFactor: verify_second_factor,
    SendSignInSms: send_sign_in_sms,
    LogOut: log_out,
    # the signed-in actor, on its own account
    EnrolTotp: enrol_totp,
    ConfirmTotp: confirm_totp,
    RevokeSession: revoke_session,
    ChangePassword: change_password,
    RequestEmailChange: request_email_change,
    ConfirmEmailChange: confirm_email_change,
    RequestPhoneVerification: request_phone_verification,
    VerifyPhone: verify_phone,
    ChangePayoutDestination: change_payout_destination,
    ExportAccount: export_account,
    DeleteAccount: delete_account,
    # staff, on someone else's account (``rastup users ...``)
    CreateUser: operators.create_user,
    SetUserLocked: operators.set_locked,
    GrantRole: operators.grant_role,
    RevokeUserSessions: operators.revoke_sessions,
    ExportUser: operators.export_user,
    DeleteUser: operators.delete_user,
}
