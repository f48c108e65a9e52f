"""The operator commands of ``rastup users ...``, the staff roles, and what each role may do (RBAC).

Who acts is a staff account, named by its email (the CLI's ``--as``) and resolved inside the command's unit of
work, so the roles checked are the ones stored when the change is made. The CLI's own ``OPERATOR`` actor holds no
staff role here: shell access alone does not run these commands, except to bootstrap the very first admin (no
``staff_email`` while no admin exists).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import attrs

from core.identity.errors import NotPermitted, StepUpRequired
from core.identity.model import User
from core.identity.sessions import Session
from core.identity.step_up import STAFF_CONSOLE_WINDOW, SensitiveAction, requires_step_up
from core.shared.actor import Actor, require_staff
from core.shared.commands import Command


class StaffRole(Enum):
    ADMIN = "admin"
    SUPPORT = "support"


class OperatorAction(Enum):
    """The ``rastup users ...`` commands that read or change someone else's account."""

    CREATE = "create"
    SHOW = "show"
    LOCK = "lock"
    UNLOCK = "unlock"
    GRANT_ROLE = "grant-role"
    REVOKE_SESSIONS = "revoke-sessions"
    EXPORT = "export"
    DELETE = "delete"


_SUPPORT = frozenset({OperatorAction.SHOW, OperatorAction.LOCK, OperatorAction.UNLOCK, OperatorAction.REVOKE_SESSIONS})
PERMISSIONS: dict[StaffRole, frozenset[OperatorAction]] = {
    StaffRole.ADMIN: frozenset(OperatorAction),
    StaffRole.SUPPORT: _SUPPORT,  # support helps people back in; exports, deletions and grants are admin's
}
_BY_ROLE_NAME = {role.value: actions for role, actions in PERMISSIONS.items()}


def staff_actor(user: User) -> Actor:
    """``user`` as who acts: its id and the staff roles stored on its account."""
    return Actor(user.id, tuple(user.staff_roles))


def console_staff(session: Session, user: User, now: datetime) -> Actor:
    """Who uses the staff console: ``user`` (the account of ``session``) holding a staff role, its session's
    second factor proven within ``STAFF_CONSOLE_WINDOW`` before ``now``. Raises ``StaffOnly`` first (a customer
    learns nothing of the step-up), then ``StepUpRequired``."""
    actor = require_staff(staff_actor(user))
    if requires_step_up(session, SensitiveAction.STAFF_CONSOLE, now, STAFF_CONSOLE_WINDOW):
        raise StepUpRequired(SensitiveAction.STAFF_CONSOLE.value)
    return actor


def may(actor: Actor, action: OperatorAction) -> bool:
    """True if one of ``actor``'s staff roles grants ``action`` (a role that is no ``StaffRole``, such as the
    operator's, grants nothing)."""
    return any(action in _BY_ROLE_NAME.get(role, frozenset()) for role in actor.staff_roles)


def authorize(account: User | None, action: OperatorAction) -> User:
    """``account`` if it may ``action``; raise ``NotPermitted`` for an unknown account or a missing role."""
    if account is None or not may(staff_actor(account), action):
        raise NotPermitted(action.value)
    return account


@attrs.frozen
class CreateUser(Command[User]):
    """Create a verified account. ``staff_email`` may be ``None`` only while no admin exists (bootstrap)."""

    staff_email: str | None
    email: str
    password: str = attrs.field(repr=False)


@attrs.frozen
class SetUserLocked(Command[None]):
    """Lock (sign-in refused, sessions revoked) or unlock (failed attempts cleared) the account of ``email``."""

    staff_email: str
    email: str
    locked: bool


@attrs.frozen
class GrantRole(Command[None]):
    """Give ``role`` to the account of ``email``. ``staff_email`` may be ``None`` only while no admin exists."""

    staff_email: str | None
    email: str
    role: StaffRole


@attrs.frozen
class RevokeUserSessions(Command[int]):
    """Sign the account of ``email`` out everywhere; answers how many sessions ended."""

    staff_email: str
    email: str


@attrs.frozen
class ExportUser(Command[dict[str, Any]]):
    """The whole data export of the account of ``email`` (a data subject request handled by staff)."""

    staff_email: str
    email: str


@attrs.frozen
class DeleteUser(Command[None]):
    """Erase the account of ``email`` as staff."""

    staff_email: str
    email: str
