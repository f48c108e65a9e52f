"""The double-entry ledger of one booking: every money event is a balanced posting, idempotent by its key.

Signs: a debit is positive, a credit negative, and every posting sums to zero in its currency, so every
booking's entries do too. What the accounts hold, read from their balances:

- ``funds_held``: authorised on the client's card and not yet captured or released (``client`` is its other side);
- ``captured``: money taken from the client; ``refunds`` and ``chargebacks`` (credits) what went back;
- ``provider_payable``, ``platform_fee``, ``tax`` (credits): who the captured money belongs to;
- ``payouts`` (credit): paid out to the provider;
- ``disputed``/``dispute_claims``: a memo pair, non-zero while a dispute is open (the payout is frozen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

import attrs

from core.payments.ledger_errors import LedgerRuleBroken, PayoutFrozen
from core.shared.errors import InvalidInput
from core.shared.money import Money


class Account(StrEnum):
    CLIENT = "client"
    FUNDS_HELD = "funds_held"
    CAPTURED = "captured"
    PROVIDER_PAYABLE = "provider_payable"
    PLATFORM_FEE = "platform_fee"
    TAX = "tax"
    REFUNDS = "refunds"
    CHARGEBACKS = "chargebacks"
    PAYOUTS = "payouts"
    DISPUTED = "disputed"
    DISPUTE_CLAIMS = "dispute_claims"


class MoneyEvent(StrEnum):
    """What a posting records."""

    HOLD = "hold"
    RELEASE = "release"  # a hold voided, expired or cancelled, or what a partial capture left
    CAPTURE = "capture"
    REFUND = "refund"
    PAYOUT = "payout"
    DISPUTE_OPENED = "dispute-opened"
    DISPUTE_WON = "dispute-won"
    DISPUTE_LOST = "dispute-lost"


OWNERS = (Account.PROVIDER_PAYABLE, Account.PLATFORM_FEE, Account.TAX)


@attrs.frozen
class Entry:
    """One line of a posting, as stored: ``line`` orders the lines of the posting ``posting_key``."""

    booking_id: str
    posting_key: str
    line: int
    kind: MoneyEvent
    account: Account
    amount: Money
    intent_id: str | None
    occurred_at: datetime


@attrs.frozen
class Posting:
    """A balanced set of lines for one money event of one booking, named by a key unique in that booking."""

    booking_id: str
    key: str
    kind: MoneyEvent
    lines: tuple[tuple[Account, Money], ...]
    intent_id: str | None
    occurred_at: datetime

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise InvalidInput("lines", "a posting has lines")
        totals: dict[str, int] = {}
        for _, amount in self.lines:
            totals[amount.currency] = totals.get(amount.currency, 0) + amount.amount
        if any(totals.values()):
            raise InvalidInput("lines", f"posting {self.key!r} does not balance: {totals}")

    def entries(self) -> list[Entry]:
        return [
            Entry(self.booking_id, self.key, n, self.kind, account, amount, self.intent_id, self.occurred_at)
            for n, (account, amount) in enumerate(self.lines)
        ]


@attrs.frozen
class Split:
    """Who a captured amount belongs to, in the booking's proportions: provider (subtotal), fee, tax."""

    provider: Money
    fee: Money
    tax: Money

    def share(self, amount: Money) -> tuple[Money, Money, Money]:
        """``amount`` split in these proportions, exactly to the minor unit (all to the provider if all zero)."""
        ratios = [self.provider.amount, self.fee.amount, self.tax.amount]
        if not any(ratios):
            ratios = [1, 0, 0]
        provider, fee, tax = amount.allocate(ratios)
        return provider, fee, tax


def balances(entries: Iterable[Entry]) -> dict[tuple[Account, str], int]:
    """Each (account, currency)'s balance in minor units."""
    found: dict[tuple[Account, str], int] = {}
    for entry in entries:
        key = (entry.account, entry.amount.currency)
        found[key] = found.get(key, 0) + entry.amount.amount
    return found


def unbalanced_currencies(entries: Iterable[Entry]) -> dict[str, int]:
    """The currencies whose entries do not sum to zero, with their sums (empty when the ledger balances)."""
    sums: dict[str, int] = {}
    for (_, currency), amount in balances(entries).items():
        sums[currency] = sums.get(currency, 0) + amount
    return {currency: total for currency, total in sums.items() if total}


@attrs.define
class BookingLedger:
    """The entries of one booking (in one currency) and the rules each new posting must keep.

    Every method returns the posting to store, or ``None`` when its key was posted already (a retried or
    duplicated event has no second effect); ``apply`` adds it to ``entries``.
    """

    booking_id: str
    currency: str
    entries: list[Entry] = attrs.Factory(list)

    def balance(self, account: Account) -> Money:
        return Money(sum(e.amount.amount for e in self.entries if e.account is account), self.currency)

    @property
    def keys(self) -> set[str]:
        return {entry.posting_key for entry in self.entries}

    @property
    def held(self) -> Money:
        return self.balance(Account.FUNDS_HELD)

    @property
    def captured(self) -> Money:
        return self.balance(Account.CAPTURED)

    @property
    def refunded(self) -> Money:
        return -self.balance(Account.REFUNDS)

    @property
    def charged_back(self) -> Money:
        return -self.balance(Account.CHARGEBACKS)

    @property
    def paid_out(self) -> Money:
        return -self.balance(Account.PAYOUTS)

    @property
    def payable(self) -> Money:
        """What the provider is owed and has not been paid."""
        return -self.balance(Account.PROVIDER_PAYABLE)

    @property
    def refundable(self) -> Money:
        return self.captured - self.refunded - self.charged_back

    @property
    def disputed(self) -> Money:
        return self.balance(Account.DISPUTED)

    @property
    def payout_frozen(self) -> bool:
        return self.disputed.amount > 0

    def intents(self) -> list[str]:
        return list(dict.fromkeys(e.intent_id for e in self.entries if e.intent_id is not None))

    def apply(self, posting: Posting | None) -> Posting | None:
        if posting is not None and posting.key not in self.keys:
            self.entries.extend(posting.entries())
        return posting

    def hold(self, amount: Money, intent_id: str, key: str, at: datetime) -> Posting | None:
        self._positive(amount)
        lines = [(Account.FUNDS_HELD, amount), (Account.CLIENT, -amount)]
        return self._post(key, MoneyEvent.HOLD, lines, intent_id, at)

    def release(self, intent_id: str | None, key: str, at: datetime, amount: Money | None = None) -> Posting | None:
        """Release ``amount`` of the hold (default: all that is still held); nothing held, nothing posted."""
        amount = self.held if amount is None else amount
        if amount.amount <= 0 or key in self.keys:
            return None
        self._within("release", amount, self.held)
        lines = [(Account.CLIENT, amount), (Account.FUNDS_HELD, -amount)]
        return self._post(key, MoneyEvent.RELEASE, lines, intent_id, at)

    def capture(self, amount: Money, split: Split, intent_id: str, key: str, at: datetime) -> Posting | None:
        """Take ``amount`` of the hold and say whose it is (``split``'s proportions)."""
        self._positive(amount)
        if key in self.keys:
            return None
        self._within("capture", amount, self.held)
        provider, fee, tax = split.share(amount)
        lines = [(Account.CLIENT, amount), (Account.FUNDS_HELD, -amount), (Account.CAPTURED, amount),
                 (Account.PROVIDER_PAYABLE, -provider), (Account.PLATFORM_FEE, -fee), (Account.TAX, -tax)]  # fmt: skip
        return self._post(key, MoneyEvent.CAPTURE, lines, intent_id, at)

    def refund(
        self, amount: Money, intent_id: str | None, key: str, at: datetime, keeps: Sequence[Money] | None = None
    ) -> Posting | None:
        """Pay ``amount`` back to the client. ``keeps`` (provider, fee, tax), from a refund quote, is what each
        keeps afterwards; without it (or if it does not add up) the refund comes out in the capture's proportions.
        Raises ``LedgerRuleBroken`` beyond what is still refundable."""
        self._positive(amount)
        if key in self.keys:
            return None
        self._within("refund", amount, self.refundable)
        parts = self._returned_parts(amount, keeps)
        lines = [(Account.REFUNDS, -amount), *((owner, part) for owner, part in zip(OWNERS, parts, strict=True))]
        return self._post(key, MoneyEvent.REFUND, lines, intent_id, at)

    def payout(self, key: str, at: datetime, amount: Money | None = None) -> Posting | None:
        """Pay the provider ``amount`` (default: all it is owed). Raises ``PayoutFrozen`` while a dispute is open."""
        if key in self.keys:
            return None
        if self.payout_frozen:
            raise PayoutFrozen(self.booking_id)
        amount = self.payable if amount is None else amount
        if amount.amount <= 0:
            return None
        self._within("pay out", amount, self.payable)
        return self._post(key, MoneyEvent.PAYOUT, [(Account.PROVIDER_PAYABLE, amount), (Account.PAYOUTS, -amount)],
                          None, at)  # fmt: skip

    def open_dispute(self, amount: Money, intent_id: str | None, key: str, at: datetime) -> Posting | None:
        self._positive(amount)
        if key in self.keys:
            return None
        self._within("dispute", amount, self.refundable)
        lines = [(Account.DISPUTED, amount), (Account.DISPUTE_CLAIMS, -amount)]
        return self._post(key, MoneyEvent.DISPUTE_OPENED, lines, intent_id, at)

    def close_dispute(self, won: bool, intent_id: str | None, key: str, at: datetime) -> Posting | None:
        """Close the open dispute: won, the memo is reversed; lost, the disputed money goes back as a chargeback."""
        amount = self.disputed
        if amount.amount <= 0 or key in self.keys:
            return None
        lines = [(Account.DISPUTE_CLAIMS, amount), (Account.DISPUTED, -amount)]
        if not won:
            lost = min(amount.amount, self.refundable.amount)
            chargeback = Money(lost, self.currency)
            parts = self._returned_parts(chargeback, None)
            lines += [(Account.CHARGEBACKS, -chargeback), *zip(OWNERS, parts, strict=True)]
        kind = MoneyEvent.DISPUTE_WON if won else MoneyEvent.DISPUTE_LOST
        return self._post(key, kind, [line for line in lines if line[1].amount], intent_id, at)

    def captured_split(self) -> Split:
        """What the captures credited to provider, fee and tax (the proportions of later refunds)."""
        captures = [e for e in self.entries if e.kind is MoneyEvent.CAPTURE]
        total = {owner: -sum(e.amount.amount for e in captures if e.account is owner) for owner in OWNERS}
        return Split(*(Money(total[owner], self.currency) for owner in OWNERS))

    def _returned_parts(self, amount: Money, keeps: Sequence[Money] | None) -> tuple[Money, ...]:
        owed = [-self.balance(owner) for owner in OWNERS]
        if keeps is not None:
            parts = tuple(now - kept for now, kept in zip(owed, keeps, strict=True))
            if all(p.amount >= 0 for p in parts) and sum(p.amount for p in parts) == amount.amount:
                return parts
        return self.captured_split().share(amount)

    def _post(
        self, key: str, kind: MoneyEvent, lines: list[tuple[Account, Money]], intent_id: str | None, at: datetime
    ) -> Posting | None:
        if key in self.keys:
            return None
        return self.apply(Posting(self.booking_id, key, kind, tuple(lines), intent_id, at))

    def _positive(self, amount: Money) -> None:
        if amount.currency != self.currency:
            raise InvalidInput("amount", f"booking {self.booking_id} is kept in {self.currency}")
        if amount.amount <= 0:
            raise InvalidInput("amount", "must be positive")

    def _within(self, operation: str, amount: Money, available: Money) -> None:
        if amount > available:
            raise LedgerRuleBroken(self.booking_id, operation, amount, available)
