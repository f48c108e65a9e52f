"""Onboarding: per-role wizards with gated steps, completeness scoring, publishing gates, verification, nudges."""
