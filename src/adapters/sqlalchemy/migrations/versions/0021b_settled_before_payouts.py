"""Payouts: every booking whose ledger paid its provider before payouts existed gets a payout marked settled then
(status ``pre-payouts``), so the first payout run never pays it a second time.

Before the payout run existed (0017d), completing a booking posted ``provider_payable -> payouts`` to its ledger
and the provider was paid outside this system; with no payout recorded, the first run would pay every such booking
again. The cut-over is the first payout the run recorded (its earliest ``created_at``) or, on a database where the
run never recorded one, this migration: a booking whose ledger paid the provider before it, with no payout, is
marked settled (the amount the ledger paid out, no destination, never sent). Later bookings are paid as usual.

On the payouts line, after 0021b_payout_release_reason; it reads the ledger (0012) and the bookings (0003).
Downgrading deletes the markers.

Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0021b_settled_before_payouts"
down_revision = "0021b_payout_release_reason"
branch_labels = None
depends_on = ("0012_ledger", "0003")

SETTLED = "pre-payouts"  # PayoutStatus.SETTLED_BEFORE_PAYOUTS

_entries = sa.table("ledger_entries", sa.column("booking_id", sa.String()), sa.column("account", sa.String()),
                    sa.column("amount", sa.BigInteger()), sa.column("currency", sa.String()),
                    sa.column("occurred_at", UtcDateTime()))  # fmt: skip
_bookings = sa.table("bookings", sa.column("id", sa.String()), sa.column("provider_id", sa.String()))
_payouts = sa.table("payouts", sa.column("booking_id", sa.String()), sa.column("provider_id", sa.String()),
                    sa.column("amount", sa.BigInteger()), sa.column("currency", sa.String()),
                    sa.column("status", sa.String()), sa.column("created_at", UtcDateTime()))  # fmt: skip


def upgrade() -> None:
    connection = op.get_bind()
    now = datetime.now(UTC)
    cut_over = connection.execute(sa.select(sa.func.min(_payouts.c.created_at))).scalar() or now
    if cut_over.tzinfo is None:  # SQLite's naive UTC, read without the column's type
        cut_over = cut_over.replace(tzinfo=UTC)
    e, p = _entries.c, _payouts.c
    paid_before = (
        sa.select(e.booking_id, _bookings.c.provider_id, (-sa.func.sum(e.amount)).label("amount"), e.currency)
        .join(_bookings, _bookings.c.id == e.booking_id)
        .where(e.account == "payouts", e.booking_id.not_in(sa.select(p.booking_id)))
        .group_by(e.booking_id, _bookings.c.provider_id, e.currency)
        .having(sa.func.min(e.occurred_at) < cut_over)
    )
    rows = [row._asdict() for row in connection.execute(paid_before)]
    if rows:
        connection.execute(sa.insert(_payouts), [{**row, "status": SETTLED, "created_at": now} for row in rows])


def downgrade() -> None:
    op.get_bind().execute(sa.delete(_payouts).where(_payouts.c.status == SETTLED))
