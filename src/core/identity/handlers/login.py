"""Sign-in: rate limits, risk, CAPTCHA, lockout, constant-shape failures and a fresh session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NoReturn

from core.identity.commands import LoggedIn, LogIn
from core.identity.devices import Device, NetworkContext, ip_prefix, user_agent_family
from core.identity.errors import CaptchaRequired, InvalidCredentials
from core.identity.events import AccountLocked, NewDeviceSeen, PasswordRehashed, SignInFailed, SignInSucceeded
from core.identity.handlers.devices import remember_device
from core.identity.model import User, normalise_email
from core.identity.passwords import normalise_password
from core.identity.ports import IdentityUnitOfWork
from core.identity.risk import RiskSignals, risk_score
from core.identity.service_ports import IpActivity
from core.identity.services import IdentityServices
from core.identity.sessions import Session, hash_session_token
from core.identity.signin import SignInState, captcha_required
from core.shared.errors import NotFound, VersionConflict


def login_risk(
    user: User | None, devices: Sequence[Device], context: NetworkContext, activity: IpActivity
) -> RiskSignals:
    """Signals for the risk score. An unknown account looks like a known one seen from a new place."""
    family, prefix = user_agent_family(context.user_agent), ip_prefix(context.ip)
    known = devices if user is not None else ()
    return RiskSignals(
        new_device=not any(d.ua_family == family and d.ip_prefix == prefix for d in known),
        new_country=context.country is not None and all(d.country != context.country for d in known),
        new_asn=context.asn is not None and all(d.asn != context.asn for d in known),
        ip_attempts=activity.attempts,
        accounts_from_ip=activity.distinct_accounts,
    )


def log_in(cmd: LogIn, uow: IdentityUnitOfWork, svc: IdentityServices) -> LoggedIn:
    """Check the password and open a session (MFA-pending when the account has a second factor).

    Raises ``RateLimited``, ``CaptchaRequired`` (password not checked), ``HasherBusy``, or
    ``InvalidCredentials`` -- one answer, one hash computation, for an unknown account, a wrong
    password and a locked account. Attempts while locked are neither counted nor extend the lock.
    """
    now = svc.clock.now()
    key = normalise_email(cmd.email)
    ip = cmd.context.ip
    svc.enforce("login-ip", ip, svc.settings.rate_limits.login_per_ip)
    svc.enforce("login-identity", key, svc.settings.rate_limits.login_per_identity)
    svc.telemetry.record_attempt(ip, key, now)
    activity = svc.telemetry.ip_activity(ip, svc.settings.risk.window_s, now)
    with uow.reading():  # no transaction: the slow hash below must not hold one open
        state = uow.sign_in_states.get(key)
        user = uow.users.get_by_email(key)
        devices = uow.devices.list_for_user(user.id) if user is not None else ()
    risk = risk_score(login_risk(user, devices, cmd.context, activity), svc.settings.risk)
    if captcha_required(state, risk, now, svc.settings.sign_in) and not (
        cmd.captcha_token and svc.captcha.verify(cmd.captcha_token, ip)
    ):
        raise CaptchaRequired()
    locked = state.is_locked(now)
    password = normalise_password(cmd.password)
    usable = user is not None and not locked and user.disabled_at is None
    stored = user.password_hash if user is not None and usable else svc.dummy_password_hash
    matched = svc.hasher.verify(stored, password) and usable
    if user is None or not matched:
        _refuse(key, ip, risk, now, uow, svc)
    new_hash = svc.hasher.hash(password) if svc.hasher.needs_rehash(user.password_hash) else None
    return _open_session(cmd, user, state, devices, new_hash, risk, now, uow, svc)


_SAVE_ATTEMPTS = 5


def _refuse(key: str, ip: str, risk: int, now: datetime, uow: IdentityUnitOfWork, svc: IdentityServices) -> NoReturn:
    """Count the failure. Concurrent failures on one key race on the state's version: the loser
    reads again and retries, so no failure is ever lost (5 parallel guesses lock like 5 serial ones)."""
    settings = svc.settings.sign_in
    for attempt in range(_SAVE_ATTEMPTS):
        with uow:
            before = uow.sign_in_states.get(key)
            after = before.with_failure(now, settings)
            try:
                uow.sign_in_states.save(after)
            except VersionConflict:
                if attempt == _SAVE_ATTEMPTS - 1:
                    raise
                continue
            uow.record(SignInFailed(key, ip, after.is_locked(now), now))
            if after.is_locked(now) and not before.is_locked(now) and after.locked_until is not None:
                uow.record(AccountLocked(key, after.locked_until))
            uow.commit()
            break
    raise InvalidCredentials(captcha_required=captcha_required(after, risk, now, settings))


def _open_session(
    cmd: LogIn,
    user: User,
    read_state: SignInState,
    devices: Sequence[Device],
    new_hash: str | None,
    risk: int,
    now: datetime,
    uow: IdentityUnitOfWork,
    svc: IdentityServices,
) -> LoggedIn:
    """Open the session. The account is not read again: the session insert itself refuses an account deleted
    or disabled since the read (``NotFound``), which answers like a wrong password."""
    token = svc.tokens.new_token(svc.settings.sessions.token_bytes)
    with uow:
        # Clear earlier failures. A state that was clean when read needs no write (nor a re-read): failures
        # counted since by concurrent wrong guesses are kept, which never weakens the lockout.
        if read_state.failures or read_state.locked_until is not None:
            state = uow.sign_in_states.get(read_state.login_key)
            uow.sign_in_states.save(state.cleared())
        if new_hash is not None:  # rare (the parameters rose): read the account again, to save it whole
            current = uow.users.get(user.id)
            if current is None:
                raise InvalidCredentials(captcha_required=False)
            current.rehash_password(new_hash)
            uow.users.save(current)
            uow.record(PasswordRehashed(user.id, now))
        if cmd.previous_session_token:  # session fixation: whatever the browser held dies here
            previous = uow.sessions.get_by_token_hash(hash_session_token(cmd.previous_session_token))
            if previous is not None:
                previous.revoke(now)
                uow.sessions.save(previous)
        device, is_new = remember_device(uow, svc.ids, user.id, cmd.context, now, known=devices)
        session = Session.start(
            svc.ids.new_id("ses"),
            user.id,
            hash_session_token(token),
            device.id,
            now,
            mfa_pending=user.has_second_factor,
        )
        try:
            uow.sessions.add(session)
        except NotFound:  # deleted or disabled between the read and now
            raise InvalidCredentials(captcha_required=False) from None
        if is_new:
            uow.record(NewDeviceSeen(user.id, device.id, device.ua_family, device.ip_prefix, now))
        uow.record(SignInSucceeded(user.id, session.id, device.id, cmd.context.ip, risk, now))
        uow.commit()
    return LoggedIn(token, session.id, user.id, mfa_required=session.mfa_pending, new_device=is_new)
