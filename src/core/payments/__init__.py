"""Payments: the gateway port through which the core authorizes, captures, refunds and voids."""
