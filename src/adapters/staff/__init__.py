"""Adapters whose "technology" is people: staff review queues."""
