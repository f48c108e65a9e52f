"""Profiles: provider and studio profile drafts, their service offerings, and the rules for editing them."""
