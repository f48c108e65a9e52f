"""Who may see a thread: its two parties; staff, who leave an audit entry; anyone else is told it does not exist.
And who is estranged from whom (blocked either way), for the contexts that hide them from each other.

Pure, like ``core.booking.access``: handlers read the thread in the command's own unit of work and ask here.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from core.messaging.model import Thread
from core.messaging.ports import MessagingUnitOfWork
from core.shared.actor import Actor
from core.shared.errors import NotFound

STAFF_ROLES = ("admin", "support")


class Access(StrEnum):
    PARTY = "party"
    STAFF = "staff"  # reads, with an audit entry; never writes


def access_to(thread: Thread, actor: Actor) -> Access:
    """How ``actor`` may see ``thread``. Raises ``NotFound("thread", id)`` for anyone else."""
    if actor.user_id is not None and actor.user_id in thread.parties:
        return Access.PARTY
    if actor.is_operator or set(actor.staff_roles) & set(STAFF_ROLES):
        return Access.STAFF
    raise NotFound("thread", thread.id)


def party(thread: Thread, actor: Actor) -> str:
    """``actor``'s user id if it is a party to ``thread`` (to write, file or answer); ``NotFound`` otherwise."""
    if actor.user_id is not None and actor.user_id in thread.parties:
        return actor.user_id
    raise NotFound("thread", thread.id)


def signed_in(actor: Actor) -> str:
    """The signed-in user's id; ``NotFound`` for anonymous callers and the operator (who has no inbox)."""
    if actor.user_id is None:
        raise NotFound("inbox", "anonymous")
    return actor.user_id


def estranged_from(new_uow: Callable[[], MessagingUnitOfWork], user_id: str) -> frozenset[str]:
    """The users ``user_id`` blocked or who blocked them, now (what search hides both ways). One read."""
    uow = new_uow()
    with uow.reading():
        return uow.threads.blocked_parties(user_id)
