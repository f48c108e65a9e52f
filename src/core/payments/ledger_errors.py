"""Ledger errors: a money event the booking's ledger refuses (it would break a balance rule)."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError
from core.shared.money import Money


class LedgerError(DomainError):
    """Root of the errors the ledger raises."""

    code = "ledger-error"


@attrs.define
class LedgerRuleBroken(LedgerError):
    """``operation`` of ``requested`` on booking ``booking_id`` exceeds what its ledger allows (``available``)."""

    code = "ledger-rule-broken"
    booking_id: str
    operation: str
    requested: Money
    available: Money

    def describe(self) -> str:
        return (
            f"cannot {self.operation} {self.requested.format()} on booking {self.booking_id!r}: "
            f"only {self.available.format()} available"
        )


@attrs.define
class PayoutFrozen(LedgerError):
    """A dispute is open on the booking: its provider's payout waits until the dispute is closed."""

    code = "payout-frozen"
    message = "the payout of booking {booking_id!r} is frozen while a dispute is open"
    booking_id: str
