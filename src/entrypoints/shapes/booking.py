"""Checkout and booking request and response bodies (camelCase: the plan's load scripts fix the shapes)."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.checkout import CheckoutView, PaymentAction
from core.booking.model import Booking
from core.booking.pricing import CheckoutQuote
from core.booking.refunds import RefundQuote
from core.booking.timeline import ActionCard
from core.shared.money import Money
from entrypoints.shapes.bounds import BasisPoints, Reason
from entrypoints.shapes.profile_details import AddressViewOut


@attrs.frozen
class CheckoutStartIn:
    serviceProfileId: str
    startTs: str
    endTs: str
    extras: list[str] = attrs.field(factory=list)  # package names of the provider's profile
    currency: str | None = None  # optional: refuse the quote unless it is in this currency


@attrs.frozen
class CheckoutConfirmIn:
    txnId: str
    method: str  # a payment method reference, e.g. pm_card_visa in test mode


@attrs.frozen
class CancelIn:
    refundBps: BasisPoints | None = None  # staff only, with a reason: the refund rate they decide
    reason: Reason | None = None


@attrs.frozen
class DeclineIn:
    reason: Reason = ""


@attrs.frozen
class MoneyOut:
    amount: int  # minor units
    currency: str
    formatted: str

    @classmethod
    def of(cls, money: Money) -> MoneyOut:
        return cls(money.amount, money.currency, money.format())


@attrs.frozen
class LineItemOut:
    kind: str
    label: str
    amount: MoneyOut


@attrs.frozen
class ActionCardOut:
    state: str
    actor: str | None
    action: str
    dueBy: datetime | None
    issuedAt: datetime
    text: str

    @classmethod
    def of(cls, card: ActionCard) -> ActionCardOut:
        actor = card.actor.value if card.actor else None
        return cls(card.state.value, actor, card.action, card.due_by, card.issued_at, card.render())


@attrs.frozen
class QuoteOut:
    quoteId: str
    lineItems: list[LineItemOut]
    subtotal: MoneyOut
    serviceFee: MoneyOut
    tax: MoneyOut
    deposit: MoneyOut
    total: MoneyOut
    currency: str
    jurisdiction: str
    taxRateBps: int
    cancellationPolicy: str
    cancellationPolicySummary: str
    expiresAt: datetime

    @classmethod
    def of(cls, quote: CheckoutQuote) -> QuoteOut:
        a = quote.amounts
        lines = [LineItemOut(line.kind, line.label, MoneyOut.of(line.amount)) for line in quote.lines]
        return cls(
            quote.quote_id, lines, MoneyOut.of(a.subtotal), MoneyOut.of(a.service_fee), MoneyOut.of(a.tax),
            MoneyOut.of(a.deposit), MoneyOut.of(a.total), quote.currency, quote.jurisdiction, quote.tax_rate_bps,
            quote.policy.name, quote.policy_summary, quote.expires_at,
        )  # fmt: skip


@attrs.frozen
class CheckoutOut(QuoteOut):
    """``POST /api/checkout/start``: the transaction id, the quote, and the hold it placed."""

    txnId: str = ""
    state: str = ""
    holdExpiresAt: datetime | None = None
    respondBy: datetime | None = None
    nextAction: ActionCardOut | None = None

    @classmethod
    def of_view(cls, view: CheckoutView) -> CheckoutOut:
        assert view.quote is not None  # every checkout stores its quote
        booking = view.booking
        return cls(**attrs.asdict(QuoteOut.of(view.quote), recurse=False), txnId=booking.id,
                   state=booking.state.value, holdExpiresAt=booking.hold_expires_at, respondBy=booking.respond_by,
                   nextAction=ActionCardOut.of(booking.next_action))  # fmt: skip


@attrs.frozen
class RefundOut:
    captured: MoneyOut
    previouslyRefunded: MoneyOut
    refundToClient: MoneyOut
    taxRefunded: MoneyOut
    payoutToProvider: MoneyOut
    platformShare: MoneyOut
    retainedTax: MoneyOut
    refundBps: int
    basis: str
    policy: str
    reason: str | None

    @classmethod
    def of(cls, r: RefundQuote) -> RefundOut:
        m = MoneyOut.of
        return cls(m(r.captured), m(r.previously_refunded), m(r.refund_to_client), m(r.tax_refunded),
                   m(r.payout_to_provider), m(r.platform_share), m(r.retained_tax), r.refund_bps, r.basis,
                   r.policy_name, r.reason)  # fmt: skip


@attrs.frozen
class PaymentActionOut:
    """What the client must do before its payment is held: ``authenticate`` (3-D Secure) with Stripe.js's
    ``handleNextAction`` and ``clientSecret``, then confirm again."""

    type: str
    paymentIntentId: str
    clientSecret: str

    @classmethod
    def of(cls, action: PaymentAction) -> PaymentActionOut:
        return cls(action.kind, action.intent_id, action.client_secret)


@attrs.frozen
class BookingOut:
    """``GET /api/bookings/{id}`` and the result of every booking command."""

    id: str
    state: str
    clientId: str
    providerId: str
    studioId: str | None
    serviceProfileId: str
    startTs: datetime
    endTs: datetime
    instantBook: bool
    createdAt: datetime
    respondBy: datetime | None
    holdExpiresAt: datetime | None
    total: MoneyOut
    captured: MoneyOut
    refunded: MoneyOut
    paymentIntentId: str | None
    cancelledBy: str | None
    declineReason: str | None
    refund: RefundOut | None
    nextAction: ActionCardOut
    timeline: list[ActionCardOut]
    quote: QuoteOut | None
    version: int
    replayed: bool
    venue: AddressViewOut | None  # a booked studio's address: street and postcode once the booking is confirmed
    paymentAction: PaymentActionOut | None = None  # a confirmation waiting for the client (3-D Secure)

    @classmethod
    def of(cls, view: CheckoutView) -> BookingOut:
        b: Booking = view.booking
        by = f"{b.cancelled_by.kind.value}:{b.cancelled_by.id}" if b.cancelled_by else None
        return cls(
            b.id, b.state.value, b.client_id, b.provider_id, b.studio_id, b.service_profile_id, b.start, b.end,
            b.instant_book, b.created_at, b.respond_by, b.hold_expires_at, MoneyOut.of(b.amounts.total),
            MoneyOut.of(b.captured), MoneyOut.of(b.refunded), b.payment_intent_id, by, b.decline_reason,
            RefundOut.of(b.refund) if b.refund else None, ActionCardOut.of(b.next_action),
            [ActionCardOut.of(card) for card in b.timeline], QuoteOut.of(view.quote) if view.quote else None,
            b.version, view.replayed, AddressViewOut.of(view.venue) if view.venue else None,
            PaymentActionOut.of(view.payment_action) if view.payment_action else None,
        )  # fmt: skip
