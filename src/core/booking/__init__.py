"""Booking: the lifecycle state machine, capacity, refunds and checkout pricing (pure)."""
