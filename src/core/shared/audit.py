"""The audit log of sensitive actions: append-only, each entry hash-chained to the one before; shared by the
contexts whose actions are audited (identity, staff refunds, moderation, kill switches) and its port."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

import attrs

GENESIS = "0" * 64


@attrs.frozen
class AuditRecord:
    """Who did what to whom, when and from where; ``details`` are short strings (never secrets)."""

    actor: str  # a user id, "operator:<user id>" or "system"
    action: str
    subject: str
    at: datetime
    source: str = ""  # IP address or "cli"
    details: tuple[tuple[str, str], ...] = ()


def audit_actors(user_id: str) -> tuple[str, ...]:
    """The ``actor`` values a user's own entries carry: the id itself, or prefixed by the role it acted in."""
    return (user_id, f"staff:{user_id}", f"operator:{user_id}")


@attrs.frozen
class AuditEntry:
    """A stored record: its position in the chain, the previous entry's hash and its own."""

    seq: int
    record: AuditRecord
    prev_hash: str
    hash: str


def entry_hash(seq: int, record: AuditRecord, prev_hash: str) -> str:
    """sha256 over a canonical JSON of the entry and the previous hash: editing, deleting or
    reordering any entry breaks every hash after it."""
    body = {
        "seq": seq,
        "actor": record.actor,
        "action": record.action,
        "subject": record.subject,
        "at": record.at.isoformat(),
        "source": record.source,
        "details": [list(pair) for pair in record.details],
        "prev": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def chained(previous: AuditEntry | None, record: AuditRecord) -> AuditEntry:
    """The entry that follows ``previous`` (``None``: the first entry)."""
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS if previous is None else previous.hash
    return AuditEntry(seq, record, prev_hash, entry_hash(seq, record, prev_hash))


def first_broken(entries: Iterable[AuditEntry]) -> int | None:
    """The ``seq`` of the first entry that does not chain (edited, inserted, missing or moved), or
    ``None`` when the whole log verifies. ``entries`` must come in ``seq`` order."""
    expected_seq, prev_hash = 1, GENESIS
    for entry in entries:
        if (
            entry.seq != expected_seq
            or entry.prev_hash != prev_hash
            or entry.hash != entry_hash(entry.seq, entry.record, prev_hash)
        ):
            return entry.seq
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    return None


class AuditLog(Protocol):
    """The append-only, hash-chained log of sensitive actions."""

    def append(self, record: AuditRecord) -> AuditEntry:
        """Chain ``record`` after the last entry (``chained``) and store it.
        Appends are serialised across workers, so the chain never forks. Never updates or deletes."""
        ...

    def entries(self) -> Sequence[AuditEntry]:
        """Every entry in ``seq`` order, exactly as stored (tampering shows in ``first_broken``)."""
        ...

    def about(self, party: str, limit: int) -> Sequence[AuditEntry]:
        """Up to ``limit`` entries, newest first, that ``party`` (a user id) made (as actor ``party``,
        ``staff:<party>`` or ``operator:<party>``) or whose subject is ``party``. Read-only."""
        ...
