"""Staff roles and what each may do with operator commands (RBAC), checked before any change."""

from __future__ import annotations

from enum import Enum

from core.identity.errors import NotPermitted
from core.identity.model import User


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


def may(actor: User, action: OperatorAction) -> bool:
    """True if one of ``actor``'s staff roles grants ``action``."""
    return any(action in PERMISSIONS[StaffRole(role)] for role in actor.staff_roles)


def authorize(actor: User | None, action: OperatorAction) -> User:
    """Return ``actor`` if allowed; raise ``NotPermitted`` for an unknown actor or a missing role."""
    if actor is None or not may(actor, action):
        raise NotPermitted(action.value)
    return actor
