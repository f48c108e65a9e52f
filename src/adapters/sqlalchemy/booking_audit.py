"""An after-the-fact audit of the no-double-booking rule: pairs of blocking bookings that overlap per owner."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from adapters.sqlalchemy.tables.booking import booking_occupancy


def overlapping_pairs(connection: Connection) -> int:
    """How many pairs of held/confirmed bookings share an owner and overlap (buffers included). Must be 0."""
    a, b = booking_occupancy.alias("a"), booking_occupancy.alias("b")
    blocking = ("held", "confirmed")
    query = select(func.count()).select_from(
        a.join(
            b,
            and_(
                a.c.owner_id == b.c.owner_id,
                a.c.booking_id < b.c.booking_id,
                a.c.blocked_from < b.c.blocked_until,
                b.c.blocked_from < a.c.blocked_until,
            ),
        )
    )
    query = query.where(a.c.state.in_(blocking), b.c.state.in_(blocking))
    return int(connection.execute(query).scalar_one())
