"""Adapters over the operating system: the real clock and the real id generator."""
