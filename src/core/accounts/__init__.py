"""Accounts: what a user's account means to the other contexts (export, open commitments, clean-up)."""
