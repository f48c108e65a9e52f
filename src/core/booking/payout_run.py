"""The payout run: each booking whose ledger paid its provider gets one payout, sent once (a transfer or the
manual file), held for staff review when ``destination_review`` says so, skipped while a dispute freezes it."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.booking.handlers import booked_profile
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.money_postings import ledger_of
from core.identity.ports import IdentityUnitOfWork
from core.payments.errors import PaymentError
from core.payments.payout_ports import PayoutDestinations, Payouts
from core.payments.payouts import Payout, PayoutDestination, PayoutSent, PayoutStatus
from core.shared.clock import Clock
from core.shared.errors import NotFound


@attrs.frozen
class PayoutRunReport:
    """Booking ids by what the run did with their payouts."""

    sent: tuple[str, ...]
    held: tuple[str, ...]
    frozen: tuple[str, ...]
    failed: tuple[str, ...]


class AccountPayoutDestinations:
    """``PayoutDestinations`` read from the identity context's accounts."""

    def __init__(self, new_uow: Callable[[], IdentityUnitOfWork]) -> None:
        self._new_uow = new_uow

    def of(self, user_id: str) -> PayoutDestination | None:
        uow = self._new_uow()
        with uow.reading():
            user = uow.users.get(user_id)
        if user is None or user.payout_destination_ref is None:
            return None
        return PayoutDestination(user.payout_destination_ref, user.payout_destination_changed_at)


def run_payouts(
    uow: MoneyUnitOfWork, payouts: Payouts, destinations: PayoutDestinations, clock: Clock
) -> PayoutRunReport:
    """One pass over the unsettled payouts, each in its own units of work (a failing one stops no other).

    A payout is recorded (pending or held) and committed before it is sent, so a run that dies after the send
    sends it again with the same key, which the ``Payouts`` port answers with the first receipt."""
    with uow.reading():
        due = list(uow.payouts.unsettled())
    found: dict[str, list[str]] = {"sent": [], "held": [], "frozen": [], "failed": []}
    for booking_id in due:
        try:
            payout = _recorded(uow, booking_id, destinations, clock)
        except NotFound:
            found["failed"].append(booking_id)
            continue
        if payout is None:
            found["frozen"].append(booking_id)
        elif not payout.sendable:
            found["held"].append(booking_id)
        else:
            found[_send(uow, payout, payouts, clock)].append(booking_id)
    return PayoutRunReport(*(tuple(found[name]) for name in ("sent", "held", "frozen", "failed")))


def _recorded(uow: MoneyUnitOfWork, booking_id: str, destinations: PayoutDestinations, clock: Clock) -> Payout | None:
    """The booking's payout, recorded now if it was not; ``None`` while a dispute freezes it."""
    with uow:
        booking = uow.bookings.get(booking_id)
        ledger = ledger_of(uow, booking)
        if ledger.payout_frozen:
            return None
        stored = uow.payouts.of_booking(booking_id)
        if stored is not None:
            return stored
        profile = booked_profile(uow, booking)()
        owner = None if profile is None else profile.owner_user_id  # a profile gone: held, there is no destination
        destination = None if owner is None else destinations.of(owner)
        payout = Payout.record(booking_id, owner or booking.provider_id, ledger.paid_out, destination, clock.now())
        if not uow.payouts.add(payout):  # a concurrent run recorded it first: send what it recorded
            return uow.payouts.of_booking(booking_id)
        uow.commit()
        return payout


def _send(uow: MoneyUnitOfWork, payout: Payout, payouts: Payouts, clock: Clock) -> str:
    try:
        receipt = payouts.pay(payout.instruction())
    except PaymentError:
        return "failed"
    with uow:
        stored = uow.payouts.of_booking(payout.booking_id)
        if stored is not None and stored.status is not PayoutStatus.SENT:
            sent = stored.sent(receipt, clock.now())
            uow.payouts.save(sent)
            uow.record(PayoutSent(booking_id=sent.booking_id, provider_id=sent.provider_id, amount=sent.amount,
                                  method=receipt.method, reference=receipt.reference, sent_at=clock.now()))  # fmt: skip
            uow.commit()
    return "sent"
