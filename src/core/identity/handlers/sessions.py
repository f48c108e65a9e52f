"""Using and managing sessions: authenticate a token, the actor's own session and account, log out, list and
revoke my sessions."""

from __future__ import annotations

from datetime import datetime

from core.identity.commands import LogOut, RevokeSession, SessionView
from core.identity.errors import SessionInvalid
from core.identity.events import SessionsRevoked
from core.identity.model import User
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.identity.sessions import Session, hash_session_token, may_end
from core.shared.actor import Actor
from core.shared.errors import NotFound


def _usable(session: Session | None, now: datetime, svc: IdentityServices, allow_mfa_pending: bool) -> Session:
    if session is None or not session.is_live(now, svc.settings.sessions):
        raise SessionInvalid()
    if session.mfa_pending and not allow_mfa_pending:
        raise SessionInvalid()
    return session


def authenticate(
    token: str, uow: IdentityUnitOfWork, svc: IdentityServices, *, allow_mfa_pending: bool = False
) -> Session:
    """Return the live session for ``token`` and record activity (the idle clock restarts, to the minute).

    Raises ``SessionInvalid`` for an unknown, rotated, revoked, idle or too old token, and for an
    MFA-pending session unless ``allow_mfa_pending`` (only the MFA challenge allows it).
    """
    now = svc.clock.now()
    with uow:
        session = _usable(uow.sessions.get_by_token_hash(hash_session_token(token)), now, svc, allow_mfa_pending)
        if session.record_activity(now, svc.settings.sessions):  # at most once a minute: most requests write nothing
            uow.sessions.save(session)
            uow.commit()
    return session


def signed_in_user(token: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> User:
    """The account behind the live, fully signed-in session ``token``: the caller of a request. One read of the
    session with its account; activity is recorded (``authenticate``, in a writing unit of its own) only when due,
    so most requests open no transaction at all. Raises ``SessionInvalid`` as ``authenticate`` does, and for an
    account deleted under its session."""
    return signed_in(token, uow, svc)[1]


def signed_in(token: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> tuple[Session, User]:
    """``signed_in_user`` with the session itself (when its second factor was proven matters to the caller)."""
    now = svc.clock.now()
    with uow.reading():
        found = uow.sessions.get_with_account(hash_session_token(token))
    if found is None:
        raise SessionInvalid()
    session, user = found
    _usable(session, now, svc, allow_mfa_pending=False)
    if session.activity_due(now, svc.settings.sessions):
        authenticate(token, uow, svc)  # reads the session again: one revoked meanwhile is refused
    return session, user


def acting_session(actor: Actor, token: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> Session:
    """The live, fully signed-in session behind ``token``, which must be ``actor``'s own: the session a command is
    made from when its second factor's age or its rotation matters. Only read (the edge that turned the session into
    ``actor`` recorded the activity). Raises ``SessionInvalid`` (also for a session of someone else's)."""
    with uow.reading():
        found = uow.sessions.get_by_token_hash(hash_session_token(token))
    session = _usable(found, svc.clock.now(), svc, allow_mfa_pending=False)
    if not actor.is_user(session.user_id):
        raise SessionInvalid()
    return session


def session_account(session: Session, uow: IdentityUnitOfWork) -> User:
    """The account behind ``session``, read in the caller's unit of work. Raises ``SessionInvalid`` when it
    is gone (deleted since the session was checked)."""
    user = uow.users.get(session.user_id)
    if user is None:
        raise SessionInvalid()
    return user


def acting_user_id(actor: Actor) -> str:
    """The id of the signed-in user ``actor`` is. Raises ``SessionInvalid`` for an actor that is no user (anonymous,
    the operator): a command on one's own account needs a session."""
    if actor.user_id is None:
        raise SessionInvalid()
    return actor.user_id


def acting_account(actor: Actor, uow: IdentityUnitOfWork) -> User:
    """The account of the signed-in ``actor``, read in the caller's unit of work. Raises ``SessionInvalid`` for an
    actor that is no user, or whose account was deleted since its session was checked."""
    user = uow.users.get(acting_user_id(actor))
    if user is None:
        raise SessionInvalid()
    return user


def log_out(cmd: LogOut, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Revoke the session behind ``cmd.session_token``. Idempotent: an unknown or dead token is fine."""
    now = svc.clock.now()
    with uow:
        session = uow.sessions.get_by_token_hash(hash_session_token(cmd.session_token))
        if session is None or session.revoked_at is not None:
            return
        session.revoke(now)
        uow.sessions.save(session)
        uow.record(SessionsRevoked(session.user_id, (session.id,), "logout", now))
        uow.commit()


def list_sessions(token: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> tuple[SessionView, ...]:
    """My live sessions, the current one marked. Raises ``SessionInvalid``."""
    current = authenticate(token, uow, svc)
    now = svc.clock.now()
    with uow.reading():
        mine = uow.sessions.list_for_user(current.user_id)
    return tuple(
        SessionView(s.id, s.device_id, s.authenticated_at, s.last_seen_at, current=s.id == current.id)
        for s in mine
        if s.is_live(now, svc.settings.sessions)
    )


def revoke_session(cmd: RevokeSession, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Revoke one of the actor's sessions. ``NotFound`` for an id that is not the actor's (no IDOR: the same answer
    as an unknown id), idempotent otherwise."""
    now = svc.clock.now()
    with uow:
        target = uow.sessions.get(cmd.session_id)
        if target is None or not may_end(target, cmd.actor):
            raise NotFound("session", cmd.session_id)
        if target.revoked_at is None:
            target.revoke(now)
            uow.sessions.save(target)
            uow.record(SessionsRevoked(target.user_id, (target.id,), "revoked-by-user", now))
            uow.commit()


def revoke_other_sessions(token: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> int:
    """Revoke every session of mine but this one; return how many were revoked."""
    current = authenticate(token, uow, svc)
    now = svc.clock.now()
    with uow:
        others = [s for s in uow.sessions.list_for_user(current.user_id) if s.id != current.id and s.revoked_at is None]
        for session in others:
            session.revoke(now)
            uow.sessions.save(session)
        uow.record(SessionsRevoked(current.user_id, tuple(s.id for s in others), "revoke-others", now))
        uow.commit()
    return len(others)
