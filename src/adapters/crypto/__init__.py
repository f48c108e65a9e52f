"""Crypto adapters: argon2id password hashing, pyotp TOTP, segno QR codes, `secrets` randomness."""
