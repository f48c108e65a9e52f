"""Unit tests of the reviews context: ratings, double-blind windows, reputation, access and the store."""
