"""Sign-in with Google or Apple: find the linked account, link by verified email only, or create one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from core.flags.handlers import Switchboard
from core.flags.model import Flag
from core.identity.commands import LoggedIn
from core.identity.events import NewDeviceSeen, SignInSucceeded, UserSignedUp
from core.identity.handlers.devices import remember_device
from core.identity.model import User, normalise_email
from core.identity.oidc import IdTokenVerifier, InvalidIdToken, SignInWithOidc, UnverifiedEmailLink
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.identity.sessions import Session, hash_session_token

NO_PASSWORD = "!oidc"  # noqa: S105 -- not a hash any hasher accepts: the account has no password until it sets one


def sign_in_with_oidc(
    cmd: SignInWithOidc, uow: IdentityUnitOfWork, svc: IdentityServices, verifier: IdTokenVerifier,
    switchboard: Switchboard,
) -> LoggedIn:  # fmt: skip
    """Open a session for the provider identity. Raises ``RateLimited``, ``InvalidIdToken``,
    ``UnverifiedEmailLink`` (an account has this email and the provider did not verify it), or ``SwitchedOff``
    when it would create an account while the ``signups`` switch is off (linked accounts still sign in)."""
    context = cmd.context
    svc.enforce("login-ip", context.ip, svc.settings.rate_limits.login_per_ip)
    now = svc.clock.now()
    identity = verifier.verify(cmd.provider, cmd.id_token, cmd.nonce, now)
    token = svc.tokens.new_token(svc.settings.sessions.token_bytes)
    with uow:
        user = _account_for(identity.provider, identity.subject, identity.email, identity.email_verified, now, uow, svc,
                            lambda: switchboard.require_on(Flag.SIGNUPS))  # fmt: skip
        device, is_new = remember_device(uow, svc.ids, user.id, context, now)
        session = Session.start(svc.ids.new_id("ses"), user.id, hash_session_token(token), device.id, now,
                                mfa_pending=user.has_second_factor)  # fmt: skip
        uow.sessions.add(session)
        if is_new:
            uow.record(NewDeviceSeen(user.id, device.id, device.ua_family, device.ip_prefix, now))
        uow.record(SignInSucceeded(user.id, session.id, device.id, context.ip, 0, now))
        uow.commit()
    return LoggedIn(token, session.id, user.id, mfa_required=session.mfa_pending, new_device=is_new)


def _account_for(provider: str, subject: str, email: str | None, verified: bool, now: datetime,
                 uow: IdentityUnitOfWork, svc: IdentityServices, may_sign_up: Callable[[], None]) -> User:  # fmt: skip
    linked = uow.oidc_links.find(provider, subject)
    if linked is not None:
        user = uow.users.get(linked)
        if user is None or user.disabled_at is not None:
            raise InvalidIdToken("account unavailable")
        return user
    if not email:
        raise InvalidIdToken("no email claim")
    existing = uow.users.get_by_email(normalise_email(email))
    if existing is not None:
        if not verified:
            raise UnverifiedEmailLink("the provider has not verified this email")
        if existing.disabled_at is not None:
            raise InvalidIdToken("account unavailable")
        uow.oidc_links.link(provider, subject, existing.id, now)
        existing.verify_email(now)
        uow.users.save(existing)
        return existing
    may_sign_up()
    user = User.sign_up(svc.ids.new_id("usr"), email, NO_PASSWORD, now)
    if verified:
        user.verify_email(now)
    uow.users.add(user)
    uow.oidc_links.link(provider, subject, user.id, now)
    uow.record(UserSignedUp(user.id, now))
    return user
