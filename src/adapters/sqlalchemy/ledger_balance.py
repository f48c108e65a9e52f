"""The ledger's balance over every booking, checked after a restore: each booking's entries sum to zero in each
currency (double entry), so a changed, lost or duplicated entry shows as a booking that does not balance."""

from __future__ import annotations

import attrs
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from adapters.sqlalchemy.tables.ledger import ledger_entries

_E = ledger_entries.c


@attrs.frozen
class Imbalance:
    """A booking whose entries in ``currency`` sum to ``total`` minor units instead of zero."""

    booking_id: str
    currency: str
    total: int


@attrs.frozen
class LedgerBalance:
    """How many bookings have entries, and those that do not balance (booking, then currency order)."""

    bookings: int
    unbalanced: tuple[Imbalance, ...]


def ledger_balance(url: str, limit: int = 1000) -> LedgerBalance:
    """The balance of every booking's ledger in the database at ``url``, listing at most ``limit`` imbalances;
    a database without the ledger's table (older than its migration) has no bookings to check. Read-only."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(ledger_entries.name):
                return LedgerBalance(0, ())
            bookings = connection.execute(sa.select(sa.func.count(sa.distinct(_E.booking_id)))).scalar_one()
            total = sa.func.sum(_E.amount)
            query = (
                sa.select(_E.booking_id, _E.currency, total)
                .group_by(_E.booking_id, _E.currency)
                .having(total != 0)
                .order_by(_E.booking_id, _E.currency)
                .limit(limit)
            )
            found = tuple(Imbalance(str(b), str(c), int(t)) for b, c, t in connection.execute(query))
    finally:
        engine.dispose()
    return LedgerBalance(int(bookings), found)
