"""Cancellation: the refund terms a profile offers and a booking applies, read by both and owning neither."""
