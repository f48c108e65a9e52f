"""A ``stripe.StripeClient`` of our own: its key, base URL and retries, leaving the module's globals alone."""

from __future__ import annotations

import stripe

# Network failures and 5xx are retried by the SDK with the call's own idempotency key (ours, never one it
# makes up), so Stripe answers a retry of an accepted call with the first answer.
NETWORK_RETRIES = 2
TIMEOUT_S = 10.0  # the SDK's own default is 80 s per try: a silent Stripe would hold a checkout for minutes


def stripe_client(
    api_key: str, api_base: str | None = None, retries: int = NETWORK_RETRIES, timeout_s: float = TIMEOUT_S
) -> stripe.StripeClient:
    """A client for ``api_key``; ``api_base`` points it at another server (localstripe in tests). Each try waits
    at most ``timeout_s`` to connect and ``timeout_s`` for the answer."""
    addresses: stripe.BaseAddresses = {"api": api_base} if api_base else {}
    http = stripe.RequestsClient(timeout=(timeout_s, timeout_s))
    return stripe.StripeClient(api_key, base_addresses=addresses, max_network_retries=retries, http_client=http)
