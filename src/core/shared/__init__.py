"""The shared kernel: money, clock and id ports, the unit of work, errors, events, idempotency."""
