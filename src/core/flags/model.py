"""Kill switches: each names a capability an operator can turn off during an incident, and what "off" means.

A switch is on unless an operator turned it off (`rastup flags set checkout off --reason ...`, or an admin over
HTTP). Every change is recorded with who, when and why, and appended to the hash-chained audit log. Commands
guarded by a switch are refused with ``SwitchedOff`` (503 with Retry-After) while it is off; switches on background
work (outbound mail) hold the work back instead, and it goes out once the switch is on again. Pure: the reads are
cached by ``handlers.Switchboard``.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import attrs

from core.shared.actor import Actor
from core.shared.audit import AuditRecord
from core.shared.commands import Command
from core.shared.errors import DomainError, InvalidInput

RETRY_AFTER_S = 300  # what a refused caller is told: switches stay off for minutes, not seconds
MAX_REASON = 300


class Flag(Enum):
    """The switches, by the name operators type. What "off" does is in ``EFFECTS``."""

    SIGNUPS = "signups"
    INSTANT_BOOK = "instant-book"
    CHECKOUT = "checkout"
    MESSAGING = "messaging"
    MEDIA_UPLOADS = "media-uploads"
    SEARCH_TYPESENSE = "search-typesense"
    OUTBOUND_MAIL = "outbound-mail"


EFFECTS: dict[Flag, str] = {
    Flag.SIGNUPS: "new accounts are refused (503), by email or a first OpenID sign-in; existing users sign in",
    Flag.INSTANT_BOOK: "switching Instant Book on is refused (503); services that have it keep it",
    Flag.CHECKOUT: "new checkouts are refused (503); existing bookings move on as usual",
    Flag.MESSAGING: "sending messages is refused (503); threads stay readable",
    Flag.MEDIA_UPLOADS: "new uploads are refused (503); published media stays",
    Flag.SEARCH_TYPESENSE: "search answers from the SQL index instead of Typesense (degraded, never 5xx)",
    Flag.OUTBOUND_MAIL: "email and SMS wait in the delivery queue and go out once the switch is on again",
}


@attrs.frozen
class FlagState:
    """A switch as an operator left it; a switch never set is on (``DEFAULT``)."""

    flag: Flag
    on: bool
    reason: str = ""
    changed_by: str = ""  # "operator" or the staff user's id
    changed_at: datetime | None = None


@attrs.define
class SwitchedOff(DomainError):
    """The capability is switched off by an operator for now (503 with Retry-After)."""

    code = "switched-off"
    message = "{flag} is switched off for now; try again later"
    flag: str
    retry_after_s: int = RETRY_AFTER_S


@attrs.frozen(kw_only=True)
class SetFlag(Command[FlagState]):
    """Turn ``flag`` on or off, saying why (admins and the operator only)."""

    actor: Actor
    flag: Flag
    on: bool
    reason: str


def changed(cmd: SetFlag, now: datetime) -> FlagState:
    """The state ``cmd`` asks for, stamped with who and when. Raises ``InvalidInput`` for an empty or long reason."""
    reason = cmd.reason.strip()
    if not reason:
        raise InvalidInput("reason", "say why the switch changes (it is kept with the change)")
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason", f"at most {MAX_REASON} characters")
    who = "operator" if cmd.actor.is_operator else (cmd.actor.user_id or "")
    return FlagState(cmd.flag, cmd.on, reason, who, now)


def audit_record(previous: FlagState | None, state: FlagState) -> AuditRecord:
    """The audit log's entry for a change from ``previous`` (``None``: never set, so on) to ``state``: who, which
    switch, old -> new, and the reason the operator gave."""
    actor = "operator" if state.changed_by == "operator" else f"staff:{state.changed_by}"
    was = "on" if previous is None or previous.on else "off"
    details = (("from", was), ("to", "on" if state.on else "off"), ("reason", state.reason))
    assert state.changed_at is not None, "a saved change is stamped"  # changed() always stamps it
    return AuditRecord(actor, "flag.set", f"flag:{state.flag.value}", state.changed_at, details=details)
