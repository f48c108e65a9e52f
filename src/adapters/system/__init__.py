"""Adapters over the operating system: the real clock and ids, the delivery thread, fallbacks for a down store."""
