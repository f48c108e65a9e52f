"""Outbound messages: a durable queue of emails and texts, delivered with retries (at least once)."""
