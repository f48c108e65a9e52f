"""Identity: sign-up, sign-in, one-time codes, MFA, step-up, sessions and devices (pure core)."""
