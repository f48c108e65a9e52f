"""Using and managing sessions: authenticate a token, log out, list and revoke my sessions."""

from __future__ import annotations

from core.identity.commands import SessionView
from core.identity.errors import SessionInvalid
from core.identity.events import SessionsRevoked
from core.identity.model import User
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.identity.sessions import Session, hash_session_token
from core.shared.errors import NotFound


def authenticate(
    token: str, uow: IdentityUnitOfWork, svc: IdentityServices, *, allow_mfa_pending: bool = False
) -> Session:
    """Return the live session for ``token`` and record activity (the idle clock restarts).

    Raises ``SessionInvalid`` for an unknown, rotated, revoked, idle or too old token, and for an
    MFA-pending session unless ``allow_mfa_pending`` (only the MFA challenge allows it).
    """
    now = svc.clock.now()
    with uow:
        session = uow.sessions.get_by_token_hash(hash_session_token(token))
        if session is None or not session.is_live(now, svc.settings.sessions):
            raise SessionInvalid()
        if session.mfa_pending and not allow_mfa_pending:
            raise SessionInvalid()
        session.touch(now)
        uow.sessions.save(session)
        uow.commit()
    return session


def session_account(session: Session, uow: IdentityUnitOfWork) -> User:
    """The account behind ``session``, read in the caller's unit of work. Raises ``SessionInvalid`` when it
    is gone (deleted since the session was checked)."""
    user = uow.users.get(session.user_id)
    if user is None:
        raise SessionInvalid()
    return user


def log_out(token: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Revoke the session behind ``token``. Idempotent: an unknown or dead token is fine."""
    now = svc.clock.now()
    with uow:
        session = uow.sessions.get_by_token_hash(hash_session_token(token))
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


def revoke_session(token: str, session_id: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Revoke one of my sessions. ``NotFound`` for an id that is not mine (no IDOR), idempotent otherwise."""
    current = authenticate(token, uow, svc)
    now = svc.clock.now()
    with uow:
        target = uow.sessions.get(session_id)
        if target is None or target.user_id != current.user_id:
            raise NotFound("session", session_id)
        if target.revoked_at is None:
            target.revoke(now)
            uow.sessions.save(target)
            uow.record(SessionsRevoked(current.user_id, (target.id,), "revoked-by-user", now))
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
