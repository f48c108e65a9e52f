"""Unit tests of the booking context: state machine, capacity, refunds, pricing, handlers."""
