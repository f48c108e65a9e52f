"""Who acts: every command carries its ``Actor``, and each context's policies decide what that actor may do.

An actor is a signed-in user (its id and staff roles), an anonymous caller (no user id), or the operator: the
``rastup`` CLI run by someone with shell access to the service, who acts on any record. The edges only say who
calls (the HTTP session, the CLI invocation); whether that caller may touch a record is decided inside the
command's own unit of work by the context's pure policy, so a check and the change it guards cannot race.
"""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError

OPERATOR_ROLE = "operator"  # never a stored staff role: only the CLI's actor holds it


@attrs.frozen
class Actor:
    """A user (``user_id`` and the staff roles it holds), the anonymous caller (no ``user_id``) or the operator."""

    user_id: str | None = None
    staff_roles: tuple[str, ...] = ()

    @property
    def is_staff(self) -> bool:
        """Holds a staff role (the operator included)."""
        return bool(self.staff_roles)

    @property
    def is_operator(self) -> bool:
        """The CLI's operator, who acts on any record."""
        return OPERATOR_ROLE in self.staff_roles

    def is_user(self, user_id: str | None) -> bool:
        """This actor is the signed-in user ``user_id`` (never true of anonymous, or of an unowned record)."""
        return self.user_id is not None and self.user_id == user_id


ANONYMOUS = Actor()
OPERATOR = Actor(staff_roles=(OPERATOR_ROLE,))


@attrs.define
class StaffOnly(DomainError):
    """The caller is signed in but holds none of the staff roles this action needs (403)."""

    code = "staff-only"
    message = "this needs a staff role ({roles})"
    roles: tuple[str, ...]


def require_staff(actor: Actor, *roles: str) -> Actor:
    """``actor`` if it holds one of ``roles`` (any staff role when none is named) or is the operator.
    Raises ``StaffOnly`` naming the roles that would do."""
    if actor.is_operator or (set(roles) & set(actor.staff_roles) if roles else actor.is_staff):
        return actor
    raise StaffOnly(roles or ("admin", "support"))
