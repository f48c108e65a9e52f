"""The ledger, applied gateway events and disputes in memory, over the unit of work's tables; and whether a booking
has an open dispute (``InMemoryDisputeReader``, for reviews)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.memory.tables import OnTables
from core.payments.ledger import Account, Entry, Posting
from core.payments.webhooks import DisputeRecord


class InMemoryLedgerStore(OnTables):
    """Entries keyed by (booking, posting key, line), in posting order."""

    def _entries(self) -> list[Entry]:
        return list(self._table("ledger_entries").values())

    def post(self, posting: Posting) -> bool:
        rows = self._table("ledger_entries")
        if (posting.booking_id, posting.key, 0) in rows:
            return False
        for entry in posting.entries():
            rows[(entry.booking_id, entry.posting_key, entry.line)] = entry
        return True

    def entries(self, booking_id: str) -> Sequence[Entry]:
        return [e for e in self._entries() if e.booking_id == booking_id]

    def booking_of_intent(self, intent_id: str) -> str | None:
        return next((e.booking_id for e in self._entries() if e.intent_id == intent_id), None)

    def open_intents(self) -> Sequence[tuple[str, str]]:
        held: dict[tuple[str, str], int] = {}
        for e in self._entries():
            if e.account is Account.FUNDS_HELD and e.intent_id is not None:
                key = (e.booking_id, e.intent_id)
                held[key] = held.get(key, 0) + e.amount.amount
        return sorted(key for key, amount in held.items() if amount > 0)

    def intents_since(self, since: datetime) -> Sequence[tuple[str, str]]:
        found = {(e.booking_id, e.intent_id) for e in self._entries() if e.occurred_at >= since and e.intent_id}
        return sorted((booking_id, intent_id) for booking_id, intent_id in found if intent_id is not None)

    def entries_between(self, start: datetime, end: datetime) -> Sequence[Entry]:
        return [e for e in self._entries() if start <= e.occurred_at < end]


class InMemoryGatewayEventLog(OnTables):
    def claim(self, event_id: str, event_type: str, received_at: datetime) -> bool:
        rows = self._table("payment_webhook_events")
        if event_id in rows:
            return False
        rows[event_id] = (event_type, received_at)
        return True


class InMemoryDisputeRecords(OnTables):
    def save(self, dispute: DisputeRecord) -> None:
        self._table("payment_disputes")[dispute.dispute_id] = dispute

    def of_booking(self, booking_id: str) -> Sequence[DisputeRecord]:
        found = [d for d in self._table("payment_disputes").values() if d.booking_id == booking_id]
        return sorted(found, key=lambda d: (d.opened_at, d.dispute_id))


class InMemoryDisputeReader(OnTables):
    def has_open_dispute(self, booking_id: str) -> bool:
        return any(d.booking_id == booking_id and d.is_open for d in self._table("payment_disputes").values())
