"""Test-mode method names for a Stripe double (localstripe) that knows only ``pm_card_visa`` and raw numbers.

Stripe itself turns names like ``pm_card_chargeDeclined`` into payment methods; localstripe knows three. With
``TestCards`` the gateway creates the method from the named test card number, once per name, and keeps the
caller's name. Only for a test peer: Stripe refuses raw card numbers from a server.
"""

from __future__ import annotations

import threading

import stripe

# Card numbers from Stripe's testing guide that localstripe honours: declined when charged, or 3-D Secure.
CARD_NUMBERS = {
    "pm_card_declined": "4000000000000341",
    "pm_card_insufficient_funds": "4000000000000341",  # localstripe declines every card as card_declined
    "pm_card_expired": "4000000000000341",
    "pm_card_authenticationRequired": "4000002500003155",
    "pm_card_mastercard": "5555555555554444",
    "pm_card_amex": "4242424242424242",
}


class TestCards:
    """Resolves a test method name to a payment method id, creating it on first use; other names pass through."""

    __test__ = False  # not a pytest class, whatever its name

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._lock = threading.Lock()

    def resolve(self, client: stripe.StripeClient, method_ref: str) -> str:
        number = CARD_NUMBERS.get(method_ref)
        if number is None:
            return method_ref
        with self._lock:
            if method_ref not in self._ids:
                card = {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}
                self._ids[method_ref] = client.v1.payment_methods.create({"type": "card", "card": card}).id
            return self._ids[method_ref]
