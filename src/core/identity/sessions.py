"""Sessions: opaque tokens stored as sha256, idle and absolute timeouts, rotation, revocation and who may end one."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from core.shared.actor import Actor
from core.shared.tokens import sha256_hex

hash_session_token = sha256_hex  # what the sessions table stores instead of the token


@attrs.frozen
class SessionSettings:
    """Idle 30 minutes, absolute 12 hours, 256-bit tokens; an MFA-pending session lives 5 minutes. Activity is
    recorded at most once a minute (``activity_resolution``): a signed-in request writes nothing when the session
    was seen less than that ago, and the idle clock errs by at most that much, always on the short side."""

    idle_timeout: timedelta = timedelta(minutes=30)
    absolute_timeout: timedelta = timedelta(hours=12)
    mfa_pending_timeout: timedelta = timedelta(minutes=5)
    token_bytes: int = 32
    activity_resolution: timedelta = timedelta(minutes=1)


@attrs.define
class Session:
    """A signed-in browser or app. ``mfa_pending`` sessions may only complete the MFA challenge."""

    id: str
    user_id: str
    token_hash: str
    device_id: str | None
    authenticated_at: datetime  # the absolute lifetime runs from here and survives rotation
    last_seen_at: datetime
    mfa_pending: bool = False
    second_factor_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def start(
        cls,
        session_id: str,
        user_id: str,
        token_hash: str,
        device_id: str | None,
        now: datetime,
        *,
        mfa_pending: bool,
    ) -> Session:
        return cls(session_id, user_id, token_hash, device_id, now, now, mfa_pending=mfa_pending)

    def is_live(self, now: datetime, settings: SessionSettings) -> bool:
        if self.revoked_at is not None:
            return False
        if self.mfa_pending:
            return now < self.authenticated_at + settings.mfa_pending_timeout
        return (
            now < self.last_seen_at + settings.idle_timeout and now < self.authenticated_at + settings.absolute_timeout
        )

    def touch(self, now: datetime) -> None:
        self.last_seen_at = now

    def activity_due(self, now: datetime, settings: SessionSettings) -> bool:
        """Whether activity at ``now`` would move the idle clock: the last recorded activity is
        ``activity_resolution`` old or more, or in the future (a clock that went back). A read that finds it not
        due needs no writing unit at all."""
        return not timedelta(0) <= now - self.last_seen_at < settings.activity_resolution

    def record_activity(self, now: datetime, settings: SessionSettings) -> bool:
        """Restart the idle clock if activity is due (``activity_due``); whether it moved (and so must be saved)."""
        if not self.activity_due(now, settings):
            return False
        self.touch(now)
        return True

    def rotate(self, new_token_hash: str, now: datetime) -> None:
        """A new token for a privilege change; the old token stops working."""
        self.token_hash = new_token_hash
        self.last_seen_at = now

    def record_second_factor(self, new_token_hash: str, now: datetime) -> None:
        """The second factor was just proven: full privileges, a fresh step-up window, a new token."""
        self.mfa_pending = False
        self.second_factor_at = now
        self.rotate(new_token_hash, now)

    def revoke(self, now: datetime) -> None:
        """Idempotent: the first revocation time is kept."""
        if self.revoked_at is None:
            self.revoked_at = now


def may_end(session: Session, actor: Actor) -> bool:
    """Only a session's own user ends it by id (or the operator); anyone else is told it does not exist."""
    return actor.is_operator or actor.is_user(session.user_id)
