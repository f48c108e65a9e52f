"""Stripe: the payment gateway and its webhooks, through the official stripe package."""
