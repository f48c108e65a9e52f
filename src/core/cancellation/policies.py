"""Cancellation policies as data: refund bands by notice before the start, plus fee and deposit terms."""

from __future__ import annotations

import itertools
from datetime import timedelta
from enum import StrEnum

import attrs

from core.shared.errors import InvalidInput

FULL_BPS = 10_000


class ServiceFeeTreatment(StrEnum):
    """Whether the platform's service fee follows the refund rate or is kept when a client cancels."""

    PRO_RATA = "pro-rata"
    NON_REFUNDABLE = "non-refundable"


@attrs.frozen
class RefundBand:
    """Cancelling at least ``min_notice`` before the start refunds ``refund_bps`` of the refundable part."""

    min_notice: timedelta
    refund_bps: int


def _check_bands(_instance: object, _attribute: object, bands: tuple[RefundBand, ...]) -> None:
    # Longer notice must never refund less: this is what makes refunds monotone in time.
    for band in bands:
        if not 0 <= band.refund_bps <= FULL_BPS or band.min_notice < timedelta(0):
            raise InvalidInput("bands", "refund_bps lies in 0..10000 and notice is not negative")
    for longer, shorter in itertools.pairwise(bands):
        if not (longer.min_notice > shorter.min_notice and longer.refund_bps >= shorter.refund_bps):
            raise InvalidInput("bands", "bands run from the longest notice down, refunds never rising")


@attrs.frozen
class CancellationPolicy:
    """A named policy. Notice shorter than every band refunds nothing (of the refundable part)."""

    name: str
    bands: tuple[RefundBand, ...] = attrs.field(validator=_check_bands)
    deposit_bps: int = attrs.field(default=0)
    service_fee: ServiceFeeTreatment = ServiceFeeTreatment.PRO_RATA

    @deposit_bps.validator
    def _check_deposit(self, _attribute: object, value: int) -> None:
        if not 0 <= value <= FULL_BPS:
            raise InvalidInput("deposit_bps", "lies in 0..10000")

    def refund_bps(self, notice: timedelta) -> int:
        """The refund rate for cancelling ``notice`` before the start (negative notice: after it)."""
        for band in self.bands:
            if notice >= band.min_notice:
                return band.refund_bps
        return 0

    def summary(self) -> str:
        """One plain-English paragraph for checkout pages and receipts."""
        parts = [
            f"{_percent(b.refund_bps)} refund if cancelled {_duration(b.min_notice)} or more before the start"
            for b in self.bands
        ]
        text = f"{self.name.capitalize()}: " + "; ".join(parts) + "; otherwise no refund."
        if self.deposit_bps:
            text += f" A deposit of {_percent(self.deposit_bps)} of the booking price is non-refundable."
        if self.service_fee is ServiceFeeTreatment.NON_REFUNDABLE:
            text += " The service fee is non-refundable."
        return text + " If the provider cancels, you get a full refund."


def _percent(bps: int) -> str:
    whole, rest = divmod(bps, 100)
    return f"{whole}%" if rest == 0 else f"{whole}.{rest:02d}".rstrip("0") + "%"


def _duration(span: timedelta) -> str:
    hours = int(span.total_seconds()) // 3600
    if hours >= 72 and hours % 24 == 0:
        days = hours // 24
        return f"{days} day" + ("s" if days != 1 else "")
    return f"{hours} hour" + ("s" if hours != 1 else "")


FLEXIBLE = CancellationPolicy("flexible", (RefundBand(timedelta(hours=24), FULL_BPS),))
MODERATE = CancellationPolicy(
    "moderate", (RefundBand(timedelta(days=7), FULL_BPS), RefundBand(timedelta(hours=48), 5_000))
)
STRICT = CancellationPolicy("strict", (RefundBand(timedelta(days=14), FULL_BPS), RefundBand(timedelta(days=7), 5_000)))
POLICIES: dict[str, CancellationPolicy] = {policy.name: policy for policy in (FLEXIBLE, MODERATE, STRICT)}
