"""Identity ports: repositories inside the unit of work, and the services that live outside it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.identity.codes import CodePurpose, OneTimeCode
from core.identity.devices import Device
from core.identity.model import User
from core.identity.oidc import OidcLinkRepository
from core.identity.sessions import Session
from core.identity.signin import SignInState
from core.shared.audit import AuditLog
from core.shared.unit_of_work import UnitOfWork


class UserRepository(Protocol):
    """Accounts, keyed by id and by normalised email (unique)."""

    def get(self, user_id: str) -> User | None:
        """Return the user or ``None``. Never raises for a missing id."""
        ...

    def get_by_email(self, email: str) -> User | None:
        """Return the user whose normalised email equals ``email``, or ``None``."""
        ...

    def add(self, user: User) -> None:
        """Insert a new user. Raises ``AlreadyExists("user", email)`` if the email is taken."""
        ...

    def save(self, user: User) -> None:
        """Persist changes to an existing user (last write wins inside the unit of work)."""
        ...

    def staff(self) -> Sequence[User]:
        """Every user holding at least one staff role, by id."""
        ...

    def delete(self, user_id: str) -> None:
        """Erase the user with its sessions, codes, devices, TOTP replays and recovery codes.
        Idempotent: deleting a missing user is fine."""
        ...


class SessionRepository(Protocol):
    """Sessions, found by id or by the sha256 of their token (the token itself is never stored)."""

    def add(self, session: Session) -> None:
        """Insert a new session, only for an account that exists and is not disabled (checked in the same
        statement, so a sign-in racing a deletion or a staff lock opens nothing). Raises ``NotFound("user")``
        for such an account, ``AlreadyExists`` on a duplicate id or token hash; after either the unit of work
        must be rolled back (an SQL adapter may leave its transaction unusable)."""
        ...

    def get(self, session_id: str) -> Session | None:
        """Return the session (revoked ones too) or ``None``."""
        ...

    def get_by_token_hash(self, token_hash: str) -> Session | None:
        """Return the session whose *current* token hash matches, or ``None`` (rotated tokens miss)."""
        ...

    def get_with_account(self, token_hash: str) -> tuple[Session, User] | None:
        """The session whose current token hash matches, with its account, read together (on SQL in one
        statement: every signed-in request asks). ``None`` when there is no such session. Judges nothing: the
        caller checks the session is live and the account usable."""
        ...

    def list_for_user(self, user_id: str) -> Sequence[Session]:
        """Every session of the user, revoked ones included, oldest first."""
        ...

    def save(self, session: Session) -> None:
        """Persist changes (rotation, touch, revocation). Idempotent."""
        ...


class CodeRepository(Protocol):
    """One active one-time code per (user, purpose)."""

    def put(self, code: OneTimeCode) -> None:
        """Store ``code``, replacing (invalidating) any earlier code for the same user and purpose."""
        ...

    def get(self, user_id: str, purpose: CodePurpose) -> OneTimeCode | None:
        """Return the current code (even if expired or used: the caller checks) or ``None``."""
        ...

    def delete(self, user_id: str, purpose: CodePurpose) -> None:
        """Forget the code. Idempotent: deleting nothing is fine."""
        ...


class DeviceRepository(Protocol):
    """Devices a user signed in from, keyed by (user, user-agent family, IP prefix)."""

    def find(self, user_id: str, ua_family: str, ip_prefix: str) -> Device | None:
        """Return the matching device or ``None``."""
        ...

    def list_for_user(self, user_id: str) -> Sequence[Device]:
        """Every device of the user, oldest first."""
        ...

    def add(self, device: Device) -> None:
        """Insert a new device. Raises ``AlreadyExists`` if its key is taken."""
        ...

    def save(self, device: Device) -> None:
        """Persist changes (last seen). Idempotent."""
        ...


class SignInStateRepository(Protocol):
    """Failed-attempt state per login key (the normalised email, known account or not)."""

    def get(self, login_key: str) -> SignInState:
        """Return the stored state, or a fresh empty one. Never raises for an unknown key."""
        ...

    def save(self, state: SignInState) -> None:
        """Store ``state`` under its login key if the stored version still equals ``state.version``
        (0: nothing stored yet), as version + 1. Raises ``VersionConflict`` when another unit saved
        first: the caller reads again and retries, so concurrent failures are never lost."""
        ...

    def delete(self, login_key: str) -> None:
        """Forget the state (account deletion). Idempotent."""
        ...


class TotpReplayStore(Protocol):
    """Remembers which TOTP time steps each user has already spent."""

    def claim(self, user_id: str, time_step: int, now: datetime) -> bool:
        """Mark (user, step) used. True the first time, False ever after (a replay).

        Must be atomic across workers (a unique key). Entries older than a few minutes may be purged.
        """
        ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    """The identity tables, changed together or not at all."""

    users: UserRepository
    sessions: SessionRepository
    codes: CodeRepository
    devices: DeviceRepository
    sign_in_states: SignInStateRepository
    totp_replays: TotpReplayStore
    audit: AuditLog
    oidc_links: OidcLinkRepository


class ExportSource(Protocol):
    """Another context's share of a data export (profiles, bookings, messages), keyed by user id.

    The extension point for contexts that will link their records to users: register one per context.
    """

    name: str

    def export(self, user_id: str) -> dict[str, object]:
        """Everything this context holds about ``user_id`` (``{}`` when nothing): dicts and lists of strings,
        numbers and domain values (attrs classes, enums, ``Money``), which the edge renders as JSON."""
        ...


class OpenCommitments(Protocol):
    """What stops an account from being deleted now (open bookings, pending payouts)."""

    def open_items(self, user_id: str) -> Sequence[str]:
        """Human-readable names of open items (``"booking bkg_123 on 2026-12-01"``); empty if none."""
        ...
